"""--pdf and --update-fields: one LibreOffice process per run, and page numbers that are true."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_valid_docx, part_xml, process_env, run_process, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
pypdf = pytest.importorskip("pypdf")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def test_pdf_run_starts_libreoffice_once_and_its_toc_page_numbers_are_true(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.log"
    wrapper = bin_dir / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec "{shutil.which("soffice")}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**process_env(), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = tmp_path / "out"

    def build() -> subprocess.CompletedProcess:
        shutil.rmtree(out, ignore_errors=True)
        calls.unlink(missing_ok=True)
        proc = subprocess.run([sys.executable, "-m", "briefing", "build", "--audience", "security", "--audience",
                               "board", "--pdf", "--json", "-o", str(out)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc

    build()
    starts = calls.read_text().splitlines()
    # The first run on a machine sets up a private profile (a start that exits at once) and keeps it
    # in the user's cache; one process then converts everything.
    assert len(starts) == 2, starts
    assert "--terminate_after_init" in starts[0] and "macro:///BriefingLib.Serve.Serve" in starts[1]
    proc = build()
    starts = calls.read_text().splitlines()
    assert len(starts) == 1 and "macro:///BriefingLib.Serve.Serve" in starts[0], starts
    manifest = json.loads(proc.stdout)
    assert {o["pdf"] for o in manifest["outputs"]} == {p.name for p in out.glob("*.pdf")}
    assert len(list(out.glob("*.pdf"))) == 2
    security = next(out.glob("*_security_ko.docx"))
    assert_valid_docx(security)
    xml = part_xml(security, "word/document.xml")
    cached = re.findall(r"PAGEREF (_Toc\d+) \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
                        r"</w:r><w:r><w:t xml:space=\"preserve\">(\d*)</w:t>", xml)
    assert len(cached) >= 4 and all(page for _, page in cached), cached
    # Each heading starts on the page its table-of-contents entry names, in the PDF of the same run.
    pages = [_squash(p.extract_text()) for p in pypdf.PdfReader(str(security.with_suffix(".pdf"))).pages]
    from briefing.render.tree import toc_headings

    headings = {bookmark: text for _, text, bookmark in toc_headings(_markdown_of(tmp_path))}
    for bookmark, page in cached:
        assert _squash(headings[bookmark]) in pages[int(page) - 1], (bookmark, page, headings[bookmark])
    assert not list(tmp_path.glob("briefing-pdf-*")), "the private profile and queue are removed"


def _markdown_of(tmp_path: Path) -> str:
    md_out = tmp_path / "md"
    proc = run_process("build", "--audience", "security", "--emit-markdown", "-o", str(md_out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return next(md_out.glob("*.md")).read_text(encoding="utf-8")
