"""The scheduler texts `briefing schedule` prints are valid for cron, systemd and Kubernetes."""
from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from cronsim import CronSim

from briefing import __version__
from briefing.setup.schedule import on_calendar, parse_every
from conftest import MINIMAL_CONFIG, REPO, assert_handled, docx_text, run_cli


@pytest.fixture()
def config(tmp_path):
    """A run config in a folder whose name needs quoting everywhere: a space, % and a quote."""
    folder = tmp_path / "odd 100% it's"
    folder.mkdir()
    path = folder / "my briefing.yaml"
    path.write_text(MINIMAL_CONFIG, encoding="utf-8")
    return path


def test_crontab_line_is_valid_cron_and_escapes_the_path(config):
    result = run_cli("schedule", "--cron", "--every", "0 7 * * MON", "-c", str(config))
    assert result.exit_code == 0, result.stderr
    line = result.output.strip()
    fields = line.split(None, 5)
    CronSim(" ".join(fields[:5]), dt.datetime(2025, 2, 20))  # raises on bad syntax
    command = fields[5]
    assert "%" not in command.replace("\\%", ""), "cron would cut the command at an unescaped %"
    # What the shell gets after cron turns \% back into %: cd FOLDER && briefing ... -c CONFIG
    words = shlex.split(command.replace("\\%", "%"))
    assert words[:3] == ["cd", str(config.parent), "&&"]
    assert words[-2:] == ["-c", str(config)] and "--if-changed" in words and "-q" in words
    # The old spelling still works and says the same.
    assert run_cli("schedule", "--cron", "0 7 * * MON", "-c", str(config)).output == result.output


@pytest.mark.parametrize("expr", ["0 7 * *", "61 7 * * *", "0 7 * * FUNDAY", "*/0 * * * *", "0 25 * * *",
                                  "0 0 L * *", "0 0 * * MON#2", "@reboot"])
@pytest.mark.parametrize("kind", ["--cron", "--systemd", "--k8s"])
def test_bad_schedules_are_refused_naming_the_option(config, expr, kind):
    result = run_cli("schedule", kind, "--every", expr, "-c", str(config))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: option --every:")
    assert_handled(result)


@pytest.mark.parametrize("kind", ["--cron", "--systemd", "--k8s"])
def test_a_missing_config_is_refused(tmp_path, kind):
    result = run_cli("schedule", kind, "-c", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "nope.yaml" in result.stderr and "does not exist" in result.stderr


def _systemd_times(calendar: str, count: int) -> list[dt.datetime]:
    proc = subprocess.run(["systemd-analyze", "calendar", f"--iterations={count}", "--base-time=2025-01-01 00:00:00 UTC",
                           calendar], capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    times = []
    for line in proc.stdout.splitlines():
        if "Next elapse:" in line or "Iter." in line:
            stamp = line.split(":", 1)[1].strip()
            times.append(dt.datetime.strptime(" ".join(stamp.split()[1:3]), "%Y-%m-%d %H:%M:%S"))
    return times


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("expr", ["0 7 * * MON", "*/15 8-18 * * 1-5", "30 6 1,15 * *", "0 0 * 2-3 SUN",
                                  "@daily", "@hourly", "5 4 * * 7", "0 12 29 2 *"])
def test_on_calendar_fires_exactly_when_cron_would(expr):
    calendar = on_calendar(parse_every(expr))
    expected = []
    cron = CronSim(parse_every(expr).text.replace("@daily", "0 0 * * *").replace("@hourly", "0 * * * *"),
                   dt.datetime(2025, 1, 1))
    for _ in range(12):
        expected.append(next(cron))
    assert _systemd_times(calendar, 12) == expected, calendar


def test_cron_or_between_both_day_fields_is_refused_for_systemd(config):
    result = run_cli("schedule", "--systemd", "--every", "0 7 1 * MON", "-c", str(config))
    assert result.exit_code == 2 and "day of the month and the day of the week" in result.stderr


def test_systemd_units_verify_and_quote_the_path(config, tmp_path):
    result = run_cli("schedule", "--systemd", "--every", "30 6 * * 1-5", "-c", str(config))
    assert result.exit_code == 0, result.stderr
    service, timer = result.output.split("# /etc/systemd/system/briefing.timer")
    assert "Type=oneshot" in service and "build --if-changed" in service
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 06:30:00" in timer
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert f'"{str(config).replace("%", "%%")}"' in exec_start
    assert f"WorkingDirectory={str(config.parent).replace('%', '%%')}" in service
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "briefing.service").write_text(service.split("\n", 1)[1])
    (tmp_path / "briefing.timer").write_text(timer)
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "briefing.service"),
                           str(tmp_path / "briefing.timer")], capture_output=True, text=True)
    problems = [line for line in proc.stderr.splitlines()
                if "briefing" in line and "Failed to" not in line and "executable" not in line.lower()]
    assert not problems, proc.stderr


def test_k8s_cronjob_matches_the_schema_of_the_fields_it_uses(config):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "tests" / "data" / "k8s_cronjob.schema.json").read_text(encoding="utf-8"))
    result = run_cli("schedule", "--k8s", "-c", str(config), "--every", "30 6 * * 1-5")
    assert result.exit_code == 0, result.stderr
    job = yaml.safe_load(result.output)
    jsonschema.validate(job, schema, cls=jsonschema.Draft202012Validator)
    assert job["spec"]["schedule"] == "30 6 * * 1-5" and job["spec"]["concurrencyPolicy"] == "Forbid"
    container = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == f"briefing:{__version__}", "the image the Containerfile builds"
    assert container["command"] == ["sh", "-c"]
    words = shlex.split(container["args"][0])
    assert words[words.index("-c") + 1] == f"/config/{config.name}" and "--if-changed" in words
    # The schema is not a rubber stamp: a misspelt or mistyped field fails it.
    bad = yaml.safe_load(result.output)
    bad["spec"]["concurencyPolicy"] = "Forbid"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
    bad = yaml.safe_load(result.output)
    bad["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Always"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_schedule_needs_exactly_one_kind():
    assert run_cli("schedule").exit_code == 2
    assert run_cli("schedule", "--systemd", "--k8s").exit_code == 2


_PULL_FAILED = ("pull", "manifest unknown", "dial tcp", "no such host", "connection refused",
                "i/o timeout", "name resolution", "unable to resolve", "initializing source")


def test_the_containerfile_builds_the_image_the_cronjob_names(tmp_path):
    """Builds the image (base: BRIEFING_BASE_IMAGE, else the Containerfile's default) and runs it.
    `.ci/run` builds it from a base made offline with buildah; here a machine that cannot fetch the
    base skips with the reason, since that is the network's doing, not the Containerfile's."""
    if shutil.which("podman") is None:
        pytest.skip("podman is not installed: the image was not built here (`.ci/run` builds it with buildah "
                    "and runs briefing inside it)")
    build = ["podman", "build"]
    tag = f"briefing:{__version__}"
    base = os.environ.get("BRIEFING_BASE_IMAGE")
    proc = subprocess.run([*build, "-t", tag, *(["--build-arg", f"BASE={base}"] if base else []),
                           "-f", str(REPO / "Containerfile"), str(REPO)],
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0 and not base and any(word in proc.stderr.lower() for word in _PULL_FAILED):
        pytest.skip("the base image could not be pulled (set BRIEFING_BASE_IMAGE to a local Debian image): "
                    + proc.stderr.strip().splitlines()[-1][:300])
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = subprocess.run(["podman", "run", "--rm", tag, "sh", "-c", "id -u && briefing --version && command -v soffice"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    uid, version, soffice = run.stdout.split("\n")[:3]
    assert uid != "0" and __version__ in version and soffice


def test_containerfile_installs_what_the_cronjob_needs():
    text = (REPO / "Containerfile").read_text(encoding="utf-8")
    for needed in ("debian:bookworm-slim", "libreoffice-writer-nogui", "fonts-nanum", "pip install", "USER 10001"):
        assert needed in text, needed
    assert Path(REPO / ".containerignore").read_text().count(".venv") == 1


def test_init_scaffolds_a_folder_that_builds(tmp_path):
    result = run_cli("init", str(tmp_path / "acme"))
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "acme"
    for rel in ("briefing.yaml", "knowledge/findings.yaml", "knowledge/recommendations.yaml",
                "knowledge/sources.yaml", "templates/README.md", "templates/board.md.j2.example", "README.md"):
        assert (folder / rel).is_file(), rel
    assert "#" in (folder / "briefing.yaml").read_text(encoding="utf-8")  # commented
    check = run_cli("check", cwd=folder)
    assert check.exit_code == 0, check.stderr
    build = run_cli("build", "--audience", "security", "--lang", "ko", cwd=folder)
    assert build.exit_code == 0, build.stderr
    # The sample finding is a draft: never printed as if it were true, and no warning on a first build.
    assert "warning" not in build.stderr, build.stderr
    brief = next((folder / "briefs").glob("2*_security_ko.docx"))
    assert "프록시 로그" not in docx_text(brief) and "R-ORG-01" not in docx_text(brief)
    assert run_cli("init", str(folder)).exit_code == 2  # never overwrites
