"""Read a brief back for the HWPX tests: the DOCX with python-docx, the HWPX with dochan.

dochan is an HWPX reader with no code in common with ours or python-hwpx (our skeleton), so what
it reads is what another program sees. Both sides give the same shape: the body's
paragraphs (note marks left out), its tables (rows of cell texts) and its footnotes.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"^\[\^(\d+)\]: (?:#+ )?(.*)$", re.MULTILINE)
_TYPED_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def docx_content(path: Path) -> dict:
    d = docx.Document(str(path))
    ref_style = d.styles["Footnote Reference"].style_id
    heading_styles = {s.style_id for s in d.styles if s.name.startswith("Heading")}

    def text(p) -> str:
        runs = [r for r in p.iter(qn("w:r")) if next(r.iterancestors(qn("w:p"))) is p]
        kept = []
        for r in runs:
            style = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            if style is not None and style.get(qn("w:val")) == ref_style:
                continue
            kept.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
        return _clean("".join(kept))

    paragraphs, tables, headings = [], [], []  # headings: indexes into paragraphs
    for block in d.element.body:
        if block.tag == qn("w:p"):
            value = text(block)
            style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if value:
                if style is not None and style.get(qn("w:val")) in heading_styles:
                    headings.append(len(paragraphs))
                paragraphs.append(value)
        elif block.tag == qn("w:tbl"):
            tables.append([[_clean(" ".join(text(p) for p in tc.iter(qn("w:p")))) for tc in tr.iter(qn("w:tc"))]
                           for tr in block.iter(qn("w:tr"))])
    with zipfile.ZipFile(path) as z:
        notes = z.read("word/footnotes.xml") if "word/footnotes.xml" in z.namelist() else b""
    footnotes = []
    if notes:
        from lxml import etree

        for fn in etree.fromstring(notes).iter(qn("w:footnote")):
            if fn.get(qn("w:type")) in ("separator", "continuationSeparator"):
                continue
            footnotes.append(_clean("".join(t.text or "" for t in fn.iter(qn("w:t")))))
    return {"paragraphs": paragraphs, "tables": tables, "footnotes": footnotes, "headings": headings}


def hwpx_content(path: Path) -> dict:
    from dochan import Dochan

    data = Dochan(str(path)).to_json()
    data = json.loads(data) if isinstance(data, str) else data

    def text(p) -> str:
        return _clean("".join(r["text"] for r in p.get("runs", [])
                              if not r.get("note_ref") and not r.get("superscript")))

    paragraphs, tables, header, footer = [], [], [], []
    for section in data["sections"]:
        for el in section["elements"]:
            if el["type"] == "paragraph":
                value = text(el)
                if value:
                    paragraphs.append(value)
            elif el["type"] == "table":
                tables.append([[_clean(" ".join(text(p) for p in cell["paragraphs"])) for cell in row]
                               for row in el["rows"]])
            elif el["type"] == "header":
                header.append(el["text"])
            elif el["type"] == "footer":
                footer.append(el["text"])
    # Its Markdown lists every footnote, those in table cells too (its JSON only the body's),
    # as "[^3]: text"; it takes a short one for a heading and prefixes "### ".
    markdown = Dochan(str(path)).to_markdown()
    footnotes = [_clean(m[2]) for m in _NOTE.finditer(markdown)]
    numbers = [int(m[1]) for m in _NOTE.finditer(markdown)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    return {"paragraphs": paragraphs, "tables": tables, "footnotes": footnotes, "header": header,
            "footer": footer}


def as_hangul_shows(docx: dict) -> list[str]:
    """The DOCX's paragraphs with the typed heading numbers that HWPX's outline numbering draws instead."""
    return [_TYPED_NUMBER.sub("", p, count=1) if i in docx["headings"] else p
            for i, p in enumerate(docx["paragraphs"])]
