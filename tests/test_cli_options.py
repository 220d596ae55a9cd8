"""Global options anywhere, run configs as arguments, and errors that name the option."""
from __future__ import annotations

import json

import pytest

from conftest import MINIMAL_CONFIG, run_cli, run_process

ONE = MINIMAL_CONFIG + "audiences: [developers]\n"


def _two_configs(tmp_config):
    return tmp_config(ONE, "a.yaml"), tmp_config(ONE.replace("dir: out", "dir: out2"), "b.yaml")


def test_configs_as_arguments_and_repeated_c_are_merged(tmp_path, tmp_config):
    a, b = _two_configs(tmp_config)
    c = tmp_config(ONE.replace("dir: out", "dir: out3"), "c.yaml")
    result = run_cli("build", str(a), str(b), "-c", str(c), "--json", "--jobs", "1", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    manifests = json.loads(result.stdout)
    assert [m["config"] for m in manifests] == [str(c), str(a), str(b)]
    for out in ("out", "out2", "out3"):
        assert len(list((tmp_path / out).glob("*.docx"))) == 1


@pytest.mark.parametrize("args", [["-q", "build"], ["build", "-q"], ["build", "--quiet"]])
def test_quiet_before_or_after_the_subcommand(tmp_path, tmp_config, args):
    a = tmp_config(ONE, "a.yaml")
    result = run_cli(*args, str(a), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "wrote" not in result.stderr
    loud = run_cli("build", str(a), cwd=tmp_path)
    assert "wrote" in loud.stderr


def test_log_format_and_verbose_after_the_subcommand(tmp_path, tmp_config):
    a = tmp_config(ONE, "a.yaml")
    result = run_cli("build", str(a), "--log-format", "json", "--as-of", "2030-01-01", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(line["level"] == "warning" and "review-by" in line["message"] for line in lines)
    result = run_cli("check", str(a), "-v", "--log-format", "text", cwd=tmp_path)
    assert result.exit_code == 0 and "OK" in result.stdout


def test_debug_after_the_subcommand_shows_the_traceback(tmp_path):
    (tmp_path / "bad.yaml").write_text("organization: [\n")
    quiet = run_process("build", "bad.yaml", cwd=tmp_path)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    debug = run_process("build", "bad.yaml", "--debug", cwd=tmp_path)
    assert "Traceback" in debug.stderr and "bad.yaml" in debug.stderr


def test_an_unknown_audience_on_the_command_line_names_the_option(tmp_path, tmp_config):
    a = tmp_config(ONE, "a.yaml")
    result = run_cli("build", str(a), "--audience", "ceo", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: option --audience: unknown audience 'ceo'"), result.stderr
    assert str(a) not in result.stderr
    result = run_cli("build", str(a), "--audience", "board", "--audience", "board", cwd=tmp_path)
    assert result.exit_code == 2 and "option --audience" in result.stderr and "twice" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_audience_in_the_file_still_names_the_file(tmp_path, tmp_config):
    a = tmp_config(MINIMAL_CONFIG + "audiences: [ceo]\n", "a.yaml")
    result = run_cli("build", str(a), cwd=tmp_path)
    assert result.exit_code == 2 and f"{a}:13:" in result.stderr and "option" not in result.stderr


def test_commands_reading_one_config_refuse_two(tmp_path, tmp_config):
    a, b = _two_configs(tmp_config)
    result = run_cli("list", str(a), str(b), cwd=tmp_path)
    assert result.exit_code == 2 and "one run config" in result.stderr


def _command_paths(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


def test_every_command_takes_the_global_options_after_its_name():
    from briefing.cli import cli

    paths = list(_command_paths(cli))
    assert ("build",) in paths and ("sources", "add") in paths
    for path in paths:
        for option in ("-q", "-v", "--debug", "--log-format=json"):
            result = run_cli(*path, option, "--help")
            assert result.exit_code == 0 and "Usage:" in result.output, (path, option, result.output[-300:])
