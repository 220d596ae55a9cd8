"""Page furniture and document properties: what surrounds the brief's text.

The header and footer parts come from the reference document (prepared by
briefing.render.docx.prepare, which made sure every kind of page has a
`{classification}` placeholder somewhere); here their placeholders are filled:
`{classification}`, `{org}`, `{title}`, `{date}`, `{version}`, `{audience}` become
text, `{page}` and `{pages}` real PAGE / NUMPAGES fields. Core properties (title,
subject, author, keywords, language ...) come from the front matter.
"""
from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from briefing.render.docx import ooxml
from briefing.render.frontmatter import DocumentMeta

_PIECES = re.compile(r"(\{page\}|\{pages\}|\t)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_headers_and_footers(document, meta: DocumentMeta) -> None:
    values = {"org": meta.organization, "title": meta.title, "classification": meta.classification,
              "date": meta.date.isoformat(), "version": meta.version, "audience": meta.audience_title}
    sect_pr = document.element.body.find(qn("w:sectPr"))
    seen = set()
    for ref in sect_pr if sect_pr is not None else ():
        if ref.tag not in (qn("w:headerReference"), qn("w:footerReference")):
            continue
        part = document.part.related_parts[ref.get(qn("r:id"))]
        if id(part) in seen:
            continue
        seen.add(id(part))
        # Every paragraph: body, table cells and text boxes alike.
        for p in list(part.element.iter(qn("w:p"))):
            _fill_placeholders(Paragraph(p, None), values)


def _fill_placeholders(paragraph, values: dict[str, str]) -> None:
    p = paragraph._p
    # Runs inside hyperlinks, content controls or tracked insertions count; runs of a text
    # box's own paragraphs do not (those paragraphs are filled on their own).
    runs = [r for r in p.iter(qn("w:r"))
            if (r.find(qn("w:t")) is not None or r.find(qn("w:tab")) is not None)
            and next(r.iterancestors(qn("w:p"))) is p]
    texts = ["".join("\t" if c.tag == qn("w:tab") else (c.text or "") for c in r
                     if c.tag in (qn("w:t"), qn("w:tab"))) for r in runs]
    if "{" not in "".join(texts):
        return
    # Word splits text across runs at will. Where every placeholder sits inside one run,
    # each run keeps its own formatting; otherwise the paragraph's text runs are rebuilt
    # from their joined text with the first run's formatting.
    if all(t.count("{") == t.count("}") for t in texts):
        pieces = [(t, r.find(qn("w:rPr"))) for t, r in zip(texts, runs, strict=True) if "{" in t]
        replaced = [r for t, r in zip(texts, runs, strict=True) if "{" in t]
    else:
        pieces = [("".join(texts), runs[0].find(qn("w:rPr")))]
        replaced = runs
    for (text, rpr), run in zip(pieces, replaced, strict=False):
        _replace_run(paragraph, run, text, rpr, values)
    for run in replaced[len(pieces):]:
        run.getparent().remove(run)


def _replace_run(paragraph, run, text: str, rpr, values: dict[str, str]) -> None:
    """Put the filled text where `run` stood, as runs and fields, and remove `run`."""
    scratch = run.makeelement(qn("w:p"), {})
    holder = Paragraph(scratch, None)
    for piece in _PIECES.split(text):
        if piece == "{page}":
            ooxml.add_field(holder, "PAGE", "1", rpr)
        elif piece == "{pages}":
            ooxml.add_field(holder, "NUMPAGES", "1", rpr)
        elif piece == "\t":
            ooxml.add_tab(holder, rpr)
        elif piece:
            filled = _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), piece)
            new = holder.add_run(filled)._r
            if rpr is not None:
                new.insert(0, copy.deepcopy(rpr))
    for new in list(scratch):
        run.addprevious(new)
    run.getparent().remove(run)


def set_core_properties(document, meta: DocumentMeta) -> None:
    props = document.core_properties
    props.title = meta.title
    props.subject = meta.audience_title
    props.author = meta.owner
    props.last_modified_by = meta.owner
    props.keywords = ", ".join(meta.keywords)
    props.language = "ko-KR" if meta.lang == "ko" else "en-US"
    props.category = meta.classification
    props.comments = meta.purpose
    props.identifier = f"{meta.audience}-{meta.lang}-{meta.version}"
    props.version = meta.version
    props.content_status = meta.classification

