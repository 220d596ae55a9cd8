"""The scheduler texts `briefing schedule` prints are valid for cron, systemd and Kubernetes."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from cronsim import CronSim

from conftest import MINIMAL_CONFIG, run_cli


@pytest.fixture()
def config(tmp_config):
    return tmp_config(MINIMAL_CONFIG)


def test_crontab_line_is_valid_cron_and_runs_an_if_changed_build(config):
    result = run_cli("schedule", "--cron", "0 7 * * MON", "-c", str(config))
    assert result.exit_code == 0, result.stderr
    line = result.output.strip()
    fields = line.split(None, 5)
    CronSim(" ".join(fields[:5]), __import__("datetime").datetime(2025, 2, 20))  # raises on bad syntax
    command = fields[5]
    assert f"cd {config.parent}" in command and "build --if-changed" in command and str(config) in command
    assert " -q " in command


@pytest.mark.parametrize("expr", ["0 7 * *", "61 7 * * *", "0 7 * * FUNDAY", "*/0 * * * *", "0 25 * * *"])
def test_bad_cron_expressions_are_refused(config, expr):
    result = run_cli("schedule", "--cron", expr, "-c", str(config))
    assert result.exit_code == 2 and "cron" in result.stderr


def test_systemd_units_verify(config, tmp_path):
    result = run_cli("schedule", "--systemd", "-c", str(config))
    assert result.exit_code == 0
    text = result.output
    service, timer = text.split("# /etc/systemd/system/briefing.timer")
    assert "Type=oneshot" in service and "build --if-changed" in service and "OnCalendar=" in timer
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "briefing.service").write_text(service.split("\n", 1)[1])
    (tmp_path / "briefing.timer").write_text(timer)
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "briefing.service"),
                           str(tmp_path / "briefing.timer")], capture_output=True, text=True)
    problems = [line for line in proc.stderr.splitlines()
                if "briefing" in line and "Failed to" not in line and "executable" not in line.lower()]
    assert not problems, proc.stderr


def test_k8s_cronjob_parses_with_the_expected_fields(config):
    result = run_cli("schedule", "--k8s", "-c", str(config), "--schedule", "30 6 * * 1-5")
    assert result.exit_code == 0
    job = yaml.safe_load(result.output)
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "CronJob"
    assert job["spec"]["schedule"] == "30 6 * * 1-5"
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    container = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert "build --if-changed" in " ".join(container["args"])
    assert job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_schedule_needs_exactly_one_kind():
    assert run_cli("schedule").exit_code == 2


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
    assert run_cli("init", str(folder)).exit_code == 2  # never overwrites
