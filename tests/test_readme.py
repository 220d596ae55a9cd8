"""The README's commands, run verbatim in a shell: the README and the tool cannot drift apart."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, assert_valid_docx, docx_text, process_env


def readme_block(heading: str) -> list[str]:
    """The command lines of the first ```sh block under a README heading, comments stripped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading + "\n"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def _shell_env(tmp_path: Path) -> dict[str, str]:
    """`briefing` on PATH, running the package under test."""
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "briefing"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m briefing "$@"\n')
    shim.chmod(0o755)
    env = process_env()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_readme_commands(heading: str, tmp_path: Path) -> tuple[Path, str, subprocess.CompletedProcess]:
    """Run a README section's commands verbatim in a fresh folder, each one succeeding without a
    traceback; `pip install` lines are skipped (the test environment has the extras). Returns the
    folder, the last command and its result."""
    env = _shell_env(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    for line in readme_block(heading):
        command = line.split("  #")[0].strip()
        if command.startswith("pip "):
            continue
        proc = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr
    return work, command, proc


def test_the_readme_command_chain_from_init_works_verbatim(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = _shell_env(tmp_path)
    lines = readme_block("## Using it")
    assert lines[0].startswith("briefing init acme/")
    assert any("orgs/*" in line for line in lines), "the README shows the glob form"
    for line in lines:
        proc = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"{line}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr
    briefs = work / "acme" / "briefs"
    dated = sorted(p.name for p in briefs.glob("2*.docx"))
    assert len(dated) == 6, dated
    assert {p.name for p in briefs.glob("*.md")} == {p.replace(".docx", ".md") for p in dated if "_en" in p}
    board = next(briefs.glob("2*_board_ko.docx"))
    assert_valid_docx(board)
    assert "우리회사" in docx_text(board)
    for org in ("hanbit", "daehan"):
        assert len(list((work / "orgs" / org / "briefs").glob("2*.docx"))) == 6, org


def test_the_readme_reviewer_commands_work_verbatim(tmp_path):
    """Redline, errata and pandoc's default reference, as the "For reviewers" section shows them."""
    import json
    import shutil

    import pytest

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is needed (apt-get install pandoc; .ci/run installs it)")
    work = tmp_path / "work"
    work.mkdir()
    env = _shell_env(tmp_path)
    lines = readme_block("## For reviewers")
    assert any("--redline" in line for line in lines) and any("errata" in line for line in lines)
    outputs = {}
    for line in lines:
        proc = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{line}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr
        outputs[line] = proc.stdout
    briefs = work / "acme" / "briefs"
    redlines = sorted(p.name for p in briefs.glob("*_redline.docx"))
    assert len(redlines) == 6 and all(n.startswith("2025-02-20_") for n in redlines), redlines
    for name in redlines:
        assert_valid_docx(briefs / name)
    assert json.loads(next(v for k, v in outputs.items() if "--json" in k and "errata" in k)) == []
    manifest = json.loads((work / "pandoc-look" / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "ok" and manifest["reference_warnings"]
    for output in manifest["outputs"]:
        assert_valid_docx(work / "pandoc-look" / output["path"])
