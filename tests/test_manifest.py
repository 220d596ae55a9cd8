"""The manifest tells the truth about the output folder: also on a full disk, also after other runs."""
from __future__ import annotations

import errno
import hashlib
import json
import os

import briefing.atomic
import briefing.run.outputs
from conftest import MINIMAL_CONFIG, run_cli


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _files(folder):
    return {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".briefing")}


def test_a_disk_that_fills_up_mid_run_still_gets_a_manifest_of_what_was_written(tmp_path, tmp_config, monkeypatch):
    """A simulated small disk: a file's fsync fails when all files in the folder would exceed its size."""
    config = tmp_config(MINIMAL_CONFIG)
    out = tmp_path / "out"
    reserve = briefing.run.outputs.manifest_reserve_size(out, "manifest.json", 3)
    capacity = reserve + 100_000  # the reserve and one brief (about 80 kB each)
    real_fsync = os.fsync

    def small_disk(fd):
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.startswith(str(out)):
            used = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and str(p) != target)
            if used + os.fstat(fd).st_size > capacity:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(briefing.atomic.os, "fsync", small_disk)
    result = run_cli("build", "-c", str(config), cwd=tmp_path)
    monkeypatch.undo()
    assert result.exit_code == 1, result.stderr
    assert "No space left on device" in result.stderr
    manifest = _manifest(out)
    assert manifest["status"] == "failed"
    written = [o for o in manifest["outputs"] if o["status"] == "written"]
    failed = [o for o in manifest["outputs"] if o["status"] == "failed"]
    assert len(written) == 1 and len(failed) == 2, json.dumps(manifest, indent=1)[:3000]
    data = (out / written[0]["path"]).read_bytes()
    assert written[0]["sha256"] == hashlib.sha256(data).hexdigest() and written[0]["size"] == len(data)
    assert all("No space left on device" in o["error"] for o in failed)
    assert _files(out) == {"manifest.json", written[0]["path"]}
    record = written[0]["record"].split("/")[-1]  # the record and the Markdown as published
    assert sorted(p.name for p in (out / "editions").iterdir()) == sorted([record, record[:-5] + ".md"])
    assert not list(out.glob(".briefing-tmp-*")), "the reserve and the temporaries are gone"


def test_no_room_even_for_the_manifest_writes_nothing(tmp_path, tmp_config, monkeypatch):
    config = tmp_config(MINIMAL_CONFIG)

    def full(fd, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(briefing.run.outputs.os, "posix_fallocate", full)
    result = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 1
    assert "for the manifest" in result.stderr and "nothing was written" in result.stderr
    assert not list((tmp_path / "out").iterdir()) or _files(tmp_path / "out") == set()


def test_pdf_and_markdown_of_an_earlier_run_are_removed_and_old_versions_listed(tmp_path, tmp_config):
    one = MINIMAL_CONFIG + "audiences: [board]\n"
    config = tmp_config(one)
    assert run_cli("build", "-c", str(config), "--emit-markdown", cwd=tmp_path).exit_code == 0
    out = tmp_path / "out"
    assert _files(out) == {"manifest.json", "2025-03-01_board_ko.docx", "2025-03-01_board_ko.md"}
    assert _manifest(out)["outputs"][0]["markdown"] == "2025-03-01_board_ko.md"
    (out / "2025-03-01_board_ko.pdf").write_bytes(b"%PDF-1.4 exported by hand, not by briefing")
    # The same brief without --emit-markdown: the Markdown the last run wrote would no longer match
    # the brief, so it goes, and the run says so; the PDF no run of briefing wrote stays.
    result = run_cli("build", "-c", str(config), "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "removed 2025-03-01_board_ko.md from an earlier run" in result.stderr
    assert "--emit-markdown" in result.stderr and "pdf" not in result.stderr.split("removed", 1)[1].split("\n")[0]
    assert _files(out) == {"manifest.json", "2025-03-01_board_ko.docx", "2025-03-01_board_ko.pdf"}
    manifest = _manifest(out)
    assert manifest["outputs"][0]["pdf"] is None and manifest["outputs"][0]["markdown"] is None
    assert manifest["stale"] == ["2025-03-01_board_ko.pdf"]
    (out / "2025-03-01_board_ko.pdf").unlink()
    # A new edition: the older dated brief stays (output.keep) and is listed, not passed off as current.
    config.write_text(one.replace("2025-03-01", "2025-03-08"), encoding="utf-8")
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    manifest = _manifest(out)
    assert manifest["stale"] == ["2025-03-01_board_ko.docx"]
    recorded = {manifest["outputs"][0]["path"], "manifest.json", *manifest["stale"]}
    assert _files(out) == recorded


def test_keep_removes_a_pruned_briefs_pdf_and_markdown_too(tmp_path, tmp_config):
    one = MINIMAL_CONFIG.replace("  dir: out", "  dir: out\n  keep: 1") + "audiences: [board]\n"
    config = tmp_config(one)
    assert run_cli("build", "-c", str(config), "--emit-markdown", cwd=tmp_path).exit_code == 0
    config.write_text(one.replace("2025-03-01", "2025-03-08"), encoding="utf-8")
    assert run_cli("build", "-c", str(config), "--emit-markdown", cwd=tmp_path).exit_code == 0
    out = tmp_path / "out"
    assert _files(out) == {"manifest.json", "2025-03-08_board_ko.docx", "2025-03-08_board_ko.md"}
    assert _manifest(out)["stale"] == []


def test_two_configs_writing_one_folder_keep_each_others_entries(tmp_path):
    """Two cron jobs, two organisations' configs, one output folder: neither run's manifest entries
    are lost, neither's briefs are called stale, and --if-changed finds its own run."""
    (tmp_path / "a.yaml").write_text(MINIMAL_CONFIG.replace("dir: out", "dir: shared") + "audiences: [board]\n",
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL_CONFIG.replace("dir: out", "dir: shared") + "audiences: [security]\n",
                                     encoding="utf-8")
    assert run_cli("build", "-c", str(tmp_path / "a.yaml"), cwd=tmp_path).exit_code == 0
    assert run_cli("build", "-c", str(tmp_path / "b.yaml"), cwd=tmp_path).exit_code == 0
    out = tmp_path / "shared"
    manifest = _manifest(out)
    assert manifest["config_key"] == str((tmp_path / "b.yaml").resolve())
    assert [o["path"] for o in manifest["outputs"]] == ["2025-03-01_security_ko.docx"]
    (other,) = manifest["other_runs"]
    assert other["config_key"] == str((tmp_path / "a.yaml").resolve())
    assert [o["path"] for o in other["outputs"]] == ["2025-03-01_board_ko.docx"]
    assert manifest["stale"] == [] and "other_runs" not in other
    again = run_cli("build", "-c", str(tmp_path / "a.yaml"), "--if-changed", "--json", cwd=tmp_path)
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["outputs"][0]["status"] == "unchanged"
    rebuilt = run_cli("build", "-c", str(tmp_path / "a.yaml"), cwd=tmp_path)
    assert rebuilt.exit_code == 0
    manifest = _manifest(out)
    assert manifest["config_key"].endswith("a.yaml") and manifest["other_runs"][0]["config_key"].endswith("b.yaml")
    assert manifest["stale"] == [] and len(manifest["other_runs"]) == 1
