"""Real page numbers for the table of contents, read from LibreOffice's PDF of the brief.

python-docx cannot lay out pages, so the table of contents is written with its
headings and empty page numbers (Word refreshes them on open). With LibreOffice
available, this pass converts the brief to PDF, finds the page each heading
starts on, and the writer fills those numbers in as the fields' cached results.
"""
from __future__ import annotations

import io
import re


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def heading_pages(pdf: bytes, headings: list[tuple[int, str, str]]) -> dict[str, int]:
    """bookmark -> 1-based page, for the headings found after the table of contents."""
    from pypdf import PdfReader

    pages = [_squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    if not headings:
        return {}
    # The table of contents lists every heading; the body starts after the page that
    # holds its last entry.
    last = _squash(headings[-1][1])
    cursor = next((i for i, text in enumerate(pages) if last in text), -1) + 1
    found: dict[str, int] = {}
    for _, text, bookmark in headings:
        wanted = _squash(text)
        for i in range(cursor, len(pages)):
            if wanted and wanted in pages[i]:
                found[bookmark] = i + 1
                cursor = i
                break
    return found
