"""Unattended builds: atomic files, one run at a time, skip unchanged, manifest, retention."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, assert_valid_docx, part_xml, process_env, run_cli, run_process

ONE = MINIMAL_CONFIG + "audiences: [board]\n"


def _outputs(folder):
    return sorted(p for p in folder.glob("*.docx"))


def test_if_changed_skips_unchanged_and_rebuilds_what_changed(tmp_path, tmp_config):
    config = tmp_config(MINIMAL_CONFIG + "knowledge: [extra]\n")
    extra = tmp_path / "extra"
    extra.mkdir()
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    files = _outputs(tmp_path / "out")
    assert len(files) == 3
    before = {p.name: p.stat().st_mtime_ns for p in files}
    time.sleep(0.05)
    result = run_cli("build", "-c", str(config), "--if-changed", "--json", cwd=tmp_path)
    assert result.exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in files} == before
    assert {o["status"] for o in json.loads(result.stdout)["outputs"]} == {"unchanged"}
    # A new recommendation for the security team alone rebuilds the security brief only.
    (extra / "recommendations.yaml").write_text("""recommendations:
  - id: R-ORG-77
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 새 통제, en: New control}
    action: {ko: 새 통제를 적용한다, en: Apply the new control}
    rests_on: [F-BLOCK-01]
    review_by: 2027-01-01
""", encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--if-changed", "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    entries = {o["audience"]: o for o in json.loads(result.stdout)["outputs"]}
    assert "R-ORG-77" in entries["security"]["recommendations"]
    assert entries["security"]["status"] == "written"
    assert entries["board"]["status"] == entries["developers"]["status"] == "unchanged"
    after = {p.name: p.stat().st_mtime_ns for p in files}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"2025-03-01_security_ko.docx"}


def test_if_changed_still_writes_markdown_asked_for_only_now(tmp_path, tmp_config):
    config = tmp_config(ONE)
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    assert not list((tmp_path / "out").glob("*.md"))
    # The inputs are unchanged, but --emit-markdown asks for files the last run did not write.
    result = run_cli("build", "-c", str(config), "--if-changed", "--emit-markdown", "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["outputs"][0]["status"] == "written"
    (markdown,) = (tmp_path / "out").glob("*.md")
    assert "# " in markdown.read_text(encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--if-changed", "--emit-markdown", "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["outputs"][0]["status"] == "unchanged"


def test_a_second_build_refuses_while_the_first_holds_the_lock(tmp_path, tmp_config):
    from briefing.run.outputs import build_lock

    config = tmp_config(ONE)
    out = tmp_path / "out"
    out.mkdir()
    with build_lock(out, 0):
        proc = run_process("build", "-c", str(config), cwd=tmp_path)
    assert proc.returncode == 1
    assert f"another build is running (pid {os.getpid()})" in proc.stderr
    assert not _outputs(out)


def test_concurrent_builds_wait_and_both_leave_valid_files(tmp_path, tmp_config):
    config = tmp_config(ONE)
    procs = [subprocess.Popen([sys.executable, "-m", "briefing", "-q", "build", "-c", str(config), "--wait", "120"],
                              cwd=tmp_path, stderr=subprocess.PIPE, text=True, env=process_env()) for _ in range(2)]
    codes = [p.wait(timeout=300) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs]
    (path,) = _outputs(tmp_path / "out")
    assert_valid_docx(path)


def _kill_while_writing(proc: subprocess.Popen, out: Path, nth_write: int, delay: float) -> None:
    """SIGKILL proc `delay` seconds after its nth temporary file appears in out (or when it ends)."""
    seen: set[str] = set()
    while proc.poll() is None and len(seen) < nth_write:
        try:
            seen.update(name for name in os.listdir(out) if name.startswith(".briefing-tmp-"))
        except FileNotFoundError:
            pass
        time.sleep(0.0005)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_sigkill_at_any_moment_never_leaves_a_broken_brief(tmp_path, tmp_config):
    """Kills land while files are being written (the moments that matter), at varied offsets, not at
    random wall-clock times, most of which fell before or after the writes."""
    config = tmp_config(MINIMAL_CONFIG.replace("languages: [ko]", "languages: [ko, en]"))
    assert run_process("build", "-c", str(config), cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    rng = random.Random(20250220)
    caught_mid_write, seen_before = 0, set()
    for i in range(14):
        proc = subprocess.Popen([sys.executable, "-m", "briefing", "-q", "build", "-c", str(config), "--jobs", "1"],
                                cwd=tmp_path, stderr=subprocess.DEVNULL, env=process_env())
        # The 1st..7th write (6 briefs, then the manifest), killed at once or a few ms into it.
        _kill_while_writing(proc, out, nth_write=i % 7 + 1, delay=rng.choice([0, 0, rng.uniform(0, 0.02)]))
        for path in _outputs(out):
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None, path
                assert b"</w:document>" in z.read("word/document.xml")
        json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # never half a manifest
        left = {p.name for p in out.glob(".briefing-tmp-*")}
        caught_mid_write += bool(left - seen_before)
        seen_before = left
    # At least one kill caught a file half written (measured: 3 to 5 of 14 on a 2-core machine).
    assert caught_mid_write >= 1, "no kill landed while a file was being written"
    # The next run cleans up what the killed ones left behind.
    assert run_process("build", "-c", str(config), cwd=tmp_path).returncode == 0
    assert not list(out.glob(".briefing-tmp-*"))
    assert len(_outputs(out)) == 6


def test_manifest_records_every_output(tmp_path, tmp_config):
    config = tmp_config(MINIMAL_CONFIG)
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert {o["audience"] for o in manifest["outputs"]} == {"board", "security", "developers"}
    for o in manifest["outputs"]:
        data = (tmp_path / "out" / o["path"]).read_bytes()
        import hashlib

        assert o["sha256"] == hashlib.sha256(data).hexdigest() and o["size"] == len(data)
        assert o["input_hash"] and o["built_at"] and o["recommendations"]


def test_review_dates_are_judged_against_the_edition_date(tmp_path, tmp_config):
    config = tmp_config(ONE)
    result = run_cli("build", "-c", str(config), "--as-of", "2030-01-01", cwd=tmp_path)
    assert result.exit_code == 0
    assert "past their review-by date" in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"] and manifest["outputs"][0]["warnings"]
    assert "before the edition date 2030-01-01" in manifest["outputs"][0]["warnings"][0]
    result = run_cli("build", "-c", str(config), "--as-of", "2030-01-01", "--strict", cwd=tmp_path)
    assert result.exit_code == 1
    # The config's own edition (2025-03-01) is judged on its date, whatever the day of the run.
    result = run_cli("build", "-c", str(config), "--today", "2030-01-01", "--strict", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr


def test_keep_prunes_old_versions_and_latest_is_a_copy(tmp_path, tmp_config):
    for day in ("2025-03-01", "2025-03-02", "2025-03-03"):
        config = tmp_config(ONE.replace("date: 2025-03-01", f"date: {day}")
                            .replace("  dir: out", "  dir: out\n  keep: 2\n  latest: true"))
        assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    names = [p.name for p in _outputs(tmp_path / "out")]
    assert names == ["2025-03-02_board_ko.docx", "2025-03-03_board_ko.docx", "latest_board_ko.docx"]
    latest = tmp_path / "out" / "latest_board_ko.docx"
    assert not latest.is_symlink()
    assert latest.read_bytes() == (tmp_path / "out" / "2025-03-03_board_ko.docx").read_bytes()


def test_unwritable_output_folder_fails_cleanly_and_keeps_old_briefs(tmp_path, tmp_config):
    """Root ignores permissions, so as root the second build runs as user nobody (setpriv)."""
    import shutil
    import tempfile

    as_nobody: list[str] = []
    work = tmp_path
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop privileges to test permissions")
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*as_nobody, sys.executable, "-c", "import briefing.cli, docx, matplotlib"], capture_output=True,
                               env=process_env())
        if probe.returncode != 0:
            pytest.skip("user nobody cannot run this Python (its home is private); the full-disk test "
                        "below covers the same write failure")
        work = Path(tempfile.mkdtemp(prefix="briefing-ro-"))  # pytest's tmp folders are root-only
        os.chmod(work, 0o755)
    config = work / "briefing.yaml"
    config.write_text(ONE, encoding="utf-8")
    assert run_process("build", "-c", str(config), cwd=work).returncode == 0
    (old,) = _outputs(work / "out")
    data = old.read_bytes()
    os.chmod(work / "out", 0o555)
    env = {**process_env(), "MPLCONFIGDIR": str(work / "out"), "HOME": str(work)}
    try:
        proc = subprocess.run([*as_nobody, sys.executable, "-m", "briefing", "build", "-c", str(config)],
                              cwd=work, capture_output=True, text=True, env=env, timeout=300)
    finally:
        os.chmod(work / "out", 0o755)
    assert proc.returncode == 1, proc.stderr
    assert "not writable" in proc.stderr and "Traceback" not in proc.stderr
    assert old.read_bytes() == data


def test_full_disk_fails_cleanly_keeps_old_briefs_and_leaves_no_temporary(tmp_path, tmp_config, monkeypatch):
    import errno

    import briefing.atomic

    config = tmp_config(ONE)
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    (old,) = _outputs(tmp_path / "out")
    data = old.read_bytes()

    def full_disk(fd, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(briefing.atomic.os, "fsync", full_disk)
    result = run_cli("build", "-c", str(config), "--today", "2025-01-01", cwd=tmp_path)
    monkeypatch.undo()
    assert result.exit_code == 1
    # A disk that is full from the start: refused before any brief, naming the folder.
    assert "No space left on device" in result.stderr and str(old.parent) in result.stderr
    assert old.read_bytes() == data
    assert not list((tmp_path / "out").glob(".briefing-tmp-*"))


def test_output_folder_that_is_a_file(tmp_path, tmp_config):
    config = tmp_config(ONE)
    (tmp_path / "out").write_text("not a folder")
    result = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 1
    assert "is a file" in result.stderr and (tmp_path / "out").read_text() == "not a folder"


def test_many_organisations_in_one_run_and_one_failing(tmp_path, tmp_config):
    good = tmp_config(ONE, "a.yaml")
    bad = tmp_config("organization: {name: X}\nlanguages: [xx]\n", "b.yaml")
    other = tmp_config(ONE.replace("dir: out", "dir: out2"), "c.yaml")
    result = run_cli("build", "-c", str(good), "-c", str(bad), "-c", str(other), cwd=tmp_path)
    assert result.exit_code == 1
    assert "b.yaml" in result.stderr
    assert _outputs(tmp_path / "out") and _outputs(tmp_path / "out2")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_organisations_sharing_an_output_folder_never_overwrite_each_other(tmp_path, tmp_config, jobs):
    first = tmp_config(ONE, "a.yaml")
    second = tmp_config(ONE.replace("테스트상사", "다른상사"), "b.yaml")
    result = run_cli("build", "-c", str(first), "-c", str(second), "--jobs", jobs, cwd=tmp_path)
    assert result.exit_code == 1
    assert "b.yaml: its output folder" in result.stderr and "a.yaml" in result.stderr
    (brief,) = _outputs(tmp_path / "out")
    assert "테스트상사" in part_xml(brief, "word/document.xml")
    # -o would send every organisation to one folder: refused before anything is written.
    result = run_cli("build", "-c", str(first), "-c", str(second), "-o", str(tmp_path / "all"), cwd=tmp_path)
    assert result.exit_code == 2 and "--output-dir" in result.stderr
    assert not (tmp_path / "all").exists()


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, tmp_config, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    config = tmp_config(ONE)
    result = run_cli("build", "-c", str(config), "--pdf", cwd=tmp_path)
    assert result.exit_code == 2
    assert "soffice" in result.stderr and not (tmp_path / "out").exists()


def test_unchanged_charts_come_from_the_cache_without_matplotlib(tmp_path, tmp_config):
    config = tmp_config(ONE)
    assert run_process("build", "-c", str(config), cwd=tmp_path).returncode == 0
    first = _outputs(tmp_path / "out")[0].read_bytes()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "build", "-c", str(config)],
                          cwd=tmp_path, capture_output=True, text=True, env=process_env())
    assert proc.returncode == 0
    assert "| matplotlib" not in proc.stderr
    assert _outputs(tmp_path / "out")[0].read_bytes() == first


def test_if_changed_with_nothing_changed_stops_before_loading_anything(tmp_path, tmp_config):
    config = tmp_config(ONE)
    assert run_process("build", "-c", str(config), cwd=tmp_path).returncode == 0
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "build", "-c", str(config),
                           "--if-changed"], cwd=tmp_path, capture_output=True, text=True, env=process_env())
    assert proc.returncode == 0
    # Not even the YAML parser (the config's settings are cached by its hash) or the pool.
    for heavy in ("| docx", "| jinja2", "| matplotlib", "| markdown_it", "| yaml", "| multiprocessing"):
        assert heavy not in proc.stderr, heavy
    # Any input change (here the run config) goes back to the per-brief check.
    config.write_text(ONE.replace("보안팀장", "정보보호팀장"), encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--if-changed", "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["outputs"][0]["status"] == "written"


def test_fingerprint_reads_config_settings_through_a_content_keyed_cache(tmp_path, monkeypatch):
    import datetime as dt

    from briefing.run.fingerprint import run_fingerprint

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = tmp_path / "c.yaml"
    config.write_text(MINIMAL_CONFIG, encoding="utf-8")
    day = dt.date(2025, 3, 1)
    digest, out = run_fingerprint(config, {}, day)
    assert out == tmp_path / "out"
    entries = list((tmp_path / "cache" / "briefing" / "configs").glob("*.json"))
    assert len(entries) == 1
    assert run_fingerprint(config, {}, day) == (digest, out)
    # Another output folder in the file: other bytes, so other settings and another digest.
    config.write_text(MINIMAL_CONFIG.replace("dir: out", "dir: elsewhere"), encoding="utf-8")
    digest2, out2 = run_fingerprint(config, {}, day)
    assert out2 == tmp_path / "elsewhere" and digest2 != digest
    # Damaged entries are read past: the file is parsed again.
    for entry in (tmp_path / "cache" / "briefing" / "configs").glob("*.json"):
        entry.write_text("[1, 2]", encoding="utf-8")
    assert run_fingerprint(config, {}, day) == (digest2, out2)
    # Any change to the knowledge base changes the digest.
    extra = tmp_path / "k"
    extra.mkdir()
    config.write_text(MINIMAL_CONFIG.replace("dir: out", "dir: elsewhere") + "knowledge: [k]\n", encoding="utf-8")
    with_k = run_fingerprint(config, {}, day)[0]
    (extra / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    assert run_fingerprint(config, {}, day)[0] != with_k
