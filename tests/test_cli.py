"""The command line as a user meets it."""
from __future__ import annotations

import json

from conftest import MINIMAL_CONFIG, run_cli, run_process


def test_help_documents_exit_codes():
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.output and "bad input" in result.output
    assert "Exit codes" in run_cli("build", "--help").output


def test_list_shows_audiences_topics_and_recommendation_ids():
    result = run_cli("list")
    assert result.exit_code == 0
    for word in ("board", "security", "developers", "korean_models", "data_leak", "blocking", "open_source", "R-"):
        assert word in result.output


def test_check_validates_without_writing(tmp_path, tmp_config):
    path = tmp_config(MINIMAL_CONFIG)
    result = run_cli("check", "-c", str(path), cwd=tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    assert "OK" in result.output
    assert list(tmp_path.iterdir()) == [path]


def test_build_json_prints_the_manifest(tmp_path, tmp_config):
    path = tmp_config(MINIMAL_CONFIG + "audiences: [developers]\n")
    result = run_cli("build", "-c", str(path), "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads(result.stdout)
    (entry,) = manifest["outputs"]
    assert entry["audience"] == "developers" and entry["lang"] == "ko" and len(entry["sha256"]) == 64
    assert entry["recommendations"] and entry["status"] == "written"
    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == manifest


def test_python_dash_m_works_and_bad_input_exits_2_without_traceback(tmp_path):
    (tmp_path / "bad.yaml").write_text("organization: [\n")
    proc = run_process("build", "-c", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "bad.yaml:" in proc.stderr
    proc = run_process("--version", cwd=tmp_path)
    assert proc.returncode == 0 and "briefing" in proc.stdout


def test_commands_that_write_no_document_stay_light(tmp_path):
    import subprocess
    import sys

    from conftest import process_env

    for args in (["--help"], ["check"], ["list"], ["schedule", "--cron", "0 7 * * 1"]):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=process_env())
        assert proc.returncode == 0, proc.stderr[-500:]
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
        heavy = {m for m in imported if m.split(".")[0] in ("docx", "matplotlib", "markdown_it", "PIL", "numpy")}
        assert not heavy, f"{args}: {sorted(heavy)[:5]}"
