"""The look of a brief in Hangul: fonts, paragraph and character shapes, outline numbering, bullets.

HWPX keeps formatting as numbered shapes in the header part (charPr, paraPr); a
paragraph or run points at one. The writer names a kind ("body", "bullet-1",
"table-heading" ...) and gets the shape ids here; each shape is made the first time
it is asked for and reused after, so a brief of 600 paragraphs makes about 30 shapes.
The sizes, colours and spacing follow the built-in Word reference, so a brief looks
alike in Word and Hangul.

Fonts: 맑은 고딕 (Malgun Gothic), the Korean face of every Windows since Vista and the
one the DOCX uses; Hancom Office on Windows uses it as installed. Where it is missing
(Hancom Office on macOS or Linux) the document names 함초롬돋움 as its substitute,
the face Hancom Office ships everywhere and its own default.
"""
from __future__ import annotations

from dataclasses import dataclass

FACE = "맑은 고딕"
SUBSTITUTE = "함초롬돋움"
NAVY = "#1F3864"
GREY = "#595959"
LINK = "#2E74B5"
SPAN_COLOURS = {"critical": "#C00000", "high": "#C55A11", "medium": "#7F6000", "low": "#38761D",
                "classification": "#C00000"}
# 개조식 bullets, outermost first: the hierarchy of Korean reports (□ ○ - ·).
BULLETS = ("□", "○", "-", "·")
# Outline numbers as the brief's own headings read: "1.", "1.1", "1.1.1".
OUTLINE_FORMATS = {1: "^1.", 2: "^1.^2", 3: "^1.^2.^3"}


@dataclass(frozen=True)
class Look:
    size: float = 10
    bold: bool = False
    color: str | None = None
    align: str = "JUSTIFY"
    before: float = 0  # pt
    after: float = 4  # pt
    line: int = 160  # percent of the font size, Hangul's measure
    indent: float = 0  # mm, left
    keep_with_next: bool = False


LOOKS = {
    "body": Look(),
    "title": Look(size=22, bold=True, color=NAVY, align="LEFT", after=4, line=130),
    "subtitle": Look(size=13, color=GREY, align="LEFT", after=14, line=150),
    "cover": Look(size=10.5, color=GREY, align="LEFT", after=4),
    "heading-1": Look(size=14, bold=True, color=NAVY, align="LEFT", before=14, after=5, line=150,
                      keep_with_next=True),
    "heading-2": Look(size=11.5, bold=True, color=NAVY, align="LEFT", before=10, after=3, line=150,
                      keep_with_next=True),
    "heading-3": Look(size=10.5, bold=True, color=LINK, align="LEFT", before=8, after=2, line=150,
                      keep_with_next=True),
    "summary": Look(align="LEFT", after=3, line=165, indent=4),
    "note": Look(size=8, color=GREY, align="LEFT", after=6, line=145),
    "sources": Look(size=8, color=GREY, align="LEFT", after=2, line=145, indent=5),
    "figure": Look(align="CENTER", before=6, after=2, line=100, keep_with_next=True),
    "table-text": Look(size=8.5, align="LEFT", after=0, line=145),
    "table-heading": Look(size=8.5, bold=True, color="#FFFFFF", align="CENTER", after=0, line=145),
    "toc-heading": Look(size=14, bold=True, color=NAVY, align="LEFT", after=10, line=150),
    "toc-1": Look(bold=True, align="LEFT", before=4, after=2, line=150),
    "toc-2": Look(align="LEFT", after=2, line=150, indent=6),
    "table-anchor": Look(align="LEFT", after=6, line=100),
}
for _level in range(len(BULLETS)):
    LOOKS[f"bullet-{_level}"] = Look(align="JUSTIFY", after=2, indent=4 * _level)
TABLE_HEADING_FILL = NAVY
PRIORITY_FILL = {"critical": "#FBE3E1", "high": "#FCE9D9", "medium": "#FFF4CE", "low": "#E6F1DF"}


class Shapes:
    """The shape ids of one document, made on first use."""

    def __init__(self, doc):
        self.doc = doc
        doc.styles.ensure_font(FACE, subst_face=SUBSTITUTE, subst_type="TTF")
        self.body_style = doc.styles.resolve("바탕글").id
        self.outline_style: dict[int, str] = {}  # level -> the 개요 N style's id
        self._chars: dict[tuple, str] = {}
        self._fills: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}
        _set_outline_numbering(doc)

    def char(self, kind: str, *, bold: bool = False, italic: bool = False, color: str | None = None,
             sup: bool = False) -> str:
        look = LOOKS[kind]
        key = (look.size, look.bold or bold, italic, color or look.color, sup)
        if key not in self._chars:
            self._chars[key] = self.doc.styles.ensure_run(
                font=FACE, size=look.size, bold=key[1], italic=italic, color=key[3],
                script="sup" if sup else None)
        return self._chars[key]

    def knows(self, kind: str, page_break: bool, outline: int | None) -> bool:
        return (kind, page_break, outline) in self._paras

    def shade(self, cell, colour: str) -> None:
        """Fill a table cell, keeping its borders (one border fill per colour and border)."""
        key = (colour, cell.element.get("borderFillIDRef"))
        if key not in self._fills:
            self._fills[key] = self.doc.oxml.ensure_shading_border_fill(colour, base_border_fill_id=key[1])
        cell.element.set("borderFillIDRef", self._fills[key])

    def paragraph(self, kind: str, paragraph, *, page_break: bool = False, outline: int | None = None) -> None:
        """Give `paragraph` the paragraph shape of `kind` (made from it the first time)."""
        key = (kind, page_break, outline)
        known = self._paras.get(key)
        if known is not None:
            paragraph.para_pr_id_ref = known
            return
        look = LOOKS[kind]
        if kind.startswith("bullet-"):
            self._bullet(paragraph, int(kind.rpartition("-")[2]))
        self.doc.styles.apply_paragraph_format(
            paragraphs=[paragraph], alignment=look.align, line_spacing_percent=look.line,
            spacing_before_pt=look.before, spacing_after_pt=look.after,
            indent_left_mm=look.indent,
            keep_with_next=look.keep_with_next or None, page_break_before=page_break or None)
        self._paras[key] = paragraph.para_pr_id_ref

    def _bullet(self, paragraph, level: int) -> None:
        index = next(i for i, p in enumerate(self.doc.paragraphs) if p.element is paragraph.element)
        self.doc.styles.apply_list_format(paragraph_index=index, kind="bullet", level=level + 1,
                                          bullet_char=BULLETS[level])


def _set_outline_numbering(doc) -> None:
    """The outline numbers Hangul draws before 개요 headings, in the brief's own form."""
    for header in doc.oxml.headers:
        for numbering in header.element.iter("{http://www.hancom.co.kr/hwpml/2011/head}numbering"):
            for head in numbering:
                level = int(head.get("level", "0"))
                if level in OUTLINE_FORMATS:
                    head.text = OUTLINE_FORMATS[level]
                    head.set("numFormat", "DIGIT")
            header.mark_dirty()
            return
