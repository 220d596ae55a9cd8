"""Markdown -> HWPX: walk the brief's syntax tree and write a Hangul document's section.

The same input and the same tree as the DOCX writer (briefing.render.docx.body), in
Hangul's own terms:
- headings are 개요 (outline) paragraphs whose numbers Hangul draws: a heading that
  starts with the number its place gives it ("1.", "1.1") loses the typed number to
  the outline's, one that does not ("출처", "부록.") stays an unnumbered heading, so
  the numbers read exactly as in the DOCX;
- lists are 개조식 bullets (□ ○ - · by depth); tables repeat their header row;
- the first citation of a source line is a real footnote, numbered "1)" as Hangul
  numbers them (so adjacent notes need no comma); a later one repeats "1)" as a
  superscript (HWPX has no reference to a footnote's number);
- charts are pictures with their alt text as the picture's comment;
- `::: toc` lists the headings linked to them; the page numbers are left out: only
  Hancom's layout knows them, and HWPX has no field Hangul fills in on opening.
The markup is written as text (fragments) into the skeleton python-hwpx made once.
"""
from __future__ import annotations

import itertools
import re
import struct
from collections.abc import Callable

from briefing.render.columns import column_widths, display_width
from briefing.render.frontmatter import DocumentMeta, split_front_matter
from briefing.render.hwpx import fragments as xml
from briefing.render.hwpx import furniture
from briefing.render.hwpx.shapes import LINK, PRIORITY_FILL, SPAN_COLOURS, TABLE_HEADING_FILL, Shapes
from briefing.render.hwpx.skeleton import HWPUNIT_PER_MM, TEXT_WIDTH, TEXT_WIDTH_MM, skeleton
from briefing.render.tree import (
    Node,
    build_tree,
    collect_headings,
    image_width_share,
    markdown_parser,
    notes_in_order,
    plain_text,
    split_footnotes,
)

CHART_PREFIX = "chart:"
ChartRenderer = Callable[[DocumentMeta, str], bytes]
_TYPED_NUMBER = re.compile(r"(\d+(?:\.\d+)*)\.?\s+")
# Table text is 8.5 pt at 145% (HWPUNIT: 100 per point); a half-em is a Latin letter's width,
# with a little to spare; cells have 1.8 mm of margin left and right, 0.5 mm above and below.
_TABLE_LINE = round(850 * 1.45)
_HALF_EM = 430
_CELL_MARGINS = xml.CELL_MARGIN["left"] + xml.CELL_MARGIN["right"]
_CELL_MARGINS_TOP_BOTTOM = xml.CELL_MARGIN["top"] + xml.CELL_MARGIN["bottom"]


class _Paragraph:
    __slots__ = ("ident", "para", "style", "runs")

    def __init__(self, ident: int, para: str, style: str):
        self.ident, self.para, self.style, self.runs = ident, para, style, []

    def xml(self) -> str:
        return xml.paragraph(self.ident, self.para, self.style, self.runs)


class _Writer:
    def __init__(self, meta: DocumentMeta, render_chart: ChartRenderer | None):
        self.skeleton = skeleton()
        self.meta = meta
        self.render_chart = render_chart
        self.shapes = Shapes(self.skeleton)
        self.new_id = itertools.count(1).__next__
        self.body: list[_Paragraph] = []
        self.pictures: dict[str, bytes] = {}
        self._break_next = False
        self.footnote_text: dict[int, str] = {}  # markdown footnote id -> its text
        self.note_number: dict[int, int] = {}  # markdown footnote id -> its number in the document
        self.headings: list[tuple[int, str, str]] = []
        self._heading_index = 0
        self._outline = [0, 0, 0]

    # --- blocks ------------------------------------------------------------------------

    def write(self, body: str) -> None:
        nodes, self.footnote_text = split_footnotes(build_tree(markdown_parser().parse(body)))
        self.headings = collect_headings(nodes)
        for node in nodes:
            self.block(node, {})

    def section_xml(self) -> str:
        """The section: the first paragraph carries the page settings, header and footer."""
        settings = (f'<hp:run charPrIDRef="0">{self.skeleton.section_settings}'
                    f'{furniture.header_and_footer(self.shapes, self.meta, self.new_id)}</hp:run>')
        if not self.body:
            self.body.insert(0, _Paragraph(self.new_id(), self.shapes.paragraph("body"), self.shapes.body_style))
        self.body[0].runs.insert(0, settings)
        return "".join([self.skeleton.section_open,
                        *(p.xml() for p in self.body), "</hs:sec>"])

    def new_paragraph(self, kind: str, *, outline: int | None = None) -> _Paragraph:
        style = self.shapes.outline_style[outline] if outline is not None else self.shapes.body_style
        p = _Paragraph(self.new_id(), self.shapes.paragraph(kind, page_break=self._break_next, outline=outline),
                       style)
        self._break_next = False
        self.body.append(p)
        return p

    def anchor(self, kind: str, content: str) -> None:
        """The paragraph that holds a table or picture: 바탕글, so Hangul never numbers it as a heading."""
        p = self.new_paragraph(kind)
        p.runs.append(content)

    def block(self, node: Node, ctx: dict) -> None:
        kind = node.type
        if kind == "heading":
            self.heading(node, ctx)
        elif kind == "paragraph":
            self.paragraph(node, ctx)
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, ctx)
        elif kind == "table":
            self.table(node, ctx)
        elif kind == "blockquote":
            for child in node.children:
                self.block(child, {**ctx, "kind": "summary"})
        elif kind in ("hr", "container_pagebreak"):
            self._break_next = True
        elif kind == "container_toc":
            self.toc(node)
        elif kind.startswith("container_"):
            name = kind[len("container_"):]
            inner = {**ctx, "container": name}
            inner["kind"] = {"summary": "summary", "note": "note", "sources": "sources",
                             "cover": "cover"}.get(name, ctx.get("kind"))
            for child in node.children:
                self.block(child, inner)
        elif kind in ("code_block", "fence"):
            p = self.new_paragraph("note")
            self.text(p, node.content.rstrip("\n"), "note", {})
        elif kind == "html_block":
            return
        else:
            for child in node.children:
                self.block(child, ctx)

    def heading(self, node, ctx) -> None:
        level = min(int(node.tag[1]), 3)
        inline = node.children[0]
        if ctx.get("container") == "cover":
            kind = "title" if level == 1 else "subtitle"
            self.inline(self.new_paragraph(kind), inline, kind, ctx)
            return
        outline = self._outline_number(inline, level)
        kind = f"heading-{level}"
        p = self.new_paragraph(kind, outline=level if outline else None)
        if level <= 2 and self._heading_index < len(self.headings):
            p.runs.append(xml.bookmark(self.headings[self._heading_index][2]))
            self._heading_index += 1
        self.inline(p, inline, kind, ctx, skip=outline)

    def _outline_number(self, inline, level: int) -> int:
        """How many leading characters of the heading are the number Hangul's outline will draw (0: none)."""
        first = inline.children[0] if inline.children else None
        match = _TYPED_NUMBER.match(first.content) if first is not None and first.type == "text" else None
        expected = self._outline[:level - 1] + [self._outline[level - 1] + 1]
        if match is None or [int(n) for n in match[1].split(".")] != expected:
            return 0
        self._outline[:] = expected + [0] * (3 - level)
        return match.end()

    def paragraph(self, node, ctx) -> None:
        inline = node.children[0] if node.children else None
        if inline is not None and len(inline.children) == 1 and inline.children[0].type == "image":
            self.figure(inline.children[0])
            return
        kind = ctx.get("list_kind") or ctx.get("kind") or "body"
        p = self.new_paragraph(kind)
        if ctx.get("number"):
            self.text(p, f"{ctx['number']}. ", kind, {})
        if inline is not None:
            # A bullet's text takes the look of the container it is in (a note's bullets are small).
            text_kind = (ctx.get("kind") or kind) if kind.startswith("bullet-") else kind
            self.inline(p, inline, text_kind, ctx)

    def list(self, node, ctx) -> None:
        level = min(ctx.get("list_level", -1) + 1, 3)
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1) or 1) if ordered else 0
        for n, item in enumerate(node.children):
            first = True
            for child in item.children:
                inner = {**ctx, "list_level": level, "list_kind": None, "number": None}
                if child.type == "paragraph" and first:
                    # A numbered item keeps its number as text: briefs number only in their wording.
                    inner["list_kind"] = "body" if ordered else f"bullet-{level}"
                    inner["number"] = start + n if ordered else None
                self.block(child, inner)
                first = False

    def toc(self, node) -> None:
        title = plain_text(node).strip() or ("목차" if self.meta.lang == "ko" else "Contents")
        self.text(self.new_paragraph("toc-heading"), title, "toc-heading", {})
        for level, text, bookmark in self.headings:
            kind = f"toc-{min(level, 2)}"
            p = self.new_paragraph(kind)
            p.runs.extend(xml.hyperlink(self.new_id(), f"#{bookmark}", text, self.shapes.char(kind, color=LINK)))
        self._break_next = True

    def figure(self, image) -> None:
        src = image.attrs.get("src", "")
        alt = plain_text(image).strip()
        if not (src.startswith(CHART_PREFIX) and self.render_chart is not None):
            self.text(self.new_paragraph("figure"), alt, "body", {})
            return
        png = self.render_chart(self.meta, src[len(CHART_PREFIX):])
        width_px, height_px = struct.unpack(">II", png[16:24])  # the PNG's IHDR
        width_mm = TEXT_WIDTH_MM * image_width_share(image)
        name = f"BIN{len(self.pictures) + 1:04d}"
        self.pictures[name] = png
        width = round(width_mm * HWPUNIT_PER_MM)
        self.anchor("figure", xml.picture(self.new_id(), name, width, round(width * height_px / width_px), alt))

    def table(self, node, ctx) -> None:
        rows = [tr for part in node.children for tr in part.children]
        header_rows = len(node.children[0].children) if node.children and node.children[0].type == "thead" else 0
        ncols = max(len(tr.children) for tr in rows)
        widths = column_widths(rows, ncols, TEXT_WIDTH)
        widths[-1] += TEXT_WIDTH - sum(widths)  # the cells fill the table's width exactly
        border = self.shapes.table_border
        ident = self.new_id()
        xml_rows, total = [], 0
        for r, tr in enumerate(rows):
            heading = r < header_rows
            kind = "table-heading" if heading else "table-text"
            height = _row_height(tr, widths)
            total += height
            cells = []
            for c in range(ncols):
                p = _Paragraph(self.new_id(), self.shapes.paragraph(kind), self.shapes.body_style)
                cell_ctx = {**ctx, "cell": {"fill": TABLE_HEADING_FILL if heading else None}}
                if c < len(tr.children) and tr.children[c].children:
                    self.inline(p, tr.children[c].children[0], kind, cell_ctx)
                fill = cell_ctx["cell"]["fill"]
                cells.append(xml.cell(r, c, widths[c], height, self.shapes.fill(fill) if fill else border,
                                      heading, p.xml()))
            xml_rows.append("".join(cells))
        self.anchor("table-anchor", xml.table(ident, xml_rows, ncols, TEXT_WIDTH, total, border, header_rows > 0))

    # --- inline ---------------------------------------------------------------------------

    def inline(self, p, node, kind: str, ctx, fmt: dict | None = None, skip: int = 0) -> None:
        fmt = fmt or {}
        for child in notes_in_order(node.children, self.note_number):
            t = child.type
            if t in ("text", "code_inline"):
                content = child.content[skip:] if skip else child.content
                skip = 0
                self.text(p, content, kind, fmt)
            elif t in ("softbreak", "hardbreak"):
                self.text(p, " " if t == "softbreak" else "\n", kind, fmt)
            elif t == "strong":
                self.inline(p, child, kind, ctx, {**fmt, "bold": True})
            elif t == "em":
                self.inline(p, child, kind, ctx, {**fmt, "italic": True})
            elif t == "span":
                inner = dict(fmt)
                for cls in (child.attrs.get("class") or "").split():
                    level = cls[len("priority-"):] if cls.startswith("priority-") else cls
                    if level in SPAN_COLOURS:
                        inner.update(bold=True, color=SPAN_COLOURS[level])
                    if level in PRIORITY_FILL and ctx.get("cell") is not None:
                        ctx["cell"]["fill"] = PRIORITY_FILL[level]
                    elif cls == "strong":
                        inner["bold"] = True
                self.inline(p, child, kind, ctx, inner)
            elif t == "link":
                href, text = child.attrs.get("href", ""), plain_text(child)
                if href.startswith(("http://", "https://")):
                    p.runs.extend(xml.hyperlink(self.new_id(), href, text, self.shapes.char(kind, color=LINK)))
                else:
                    self.text(p, text, kind, fmt)
            elif t == "footnote_ref":
                self.footnote_ref(p, child.meta["id"], kind)
            elif t == "image":
                self.text(p, plain_text(child), kind, fmt)
            else:
                self.inline(p, child, kind, ctx, fmt)

    def text(self, p, text: str, kind: str, fmt: dict) -> None:
        if text:
            p.runs.append(xml.run(self.shapes.char(
                kind, bold=bool(fmt.get("bold")), italic=bool(fmt.get("italic")), color=fmt.get("color")), text))

    def footnote_ref(self, p, note_id: int, kind: str) -> None:
        if note_id in self.note_number:
            p.runs.append(xml.run(self.shapes.char(kind, sup=True), f"{self.note_number[note_id]})"))
            return
        number = self.note_number[note_id] = len(self.note_number) + 1
        note = xml.footnote(self.new_id(), number, self.footnote_text.get(note_id, ""), self.shapes.footnote_style,
                            self.shapes.char("footnote"))
        p.runs.append(xml.control_run(self.shapes.char(kind), note))


def _row_height(tr, widths: list[int]) -> int:
    """A row's height, estimated from its text. Hancom grows a row to fit its text anyway;
    readers that lay a table out from the stored heights (rhwp) would squash the rows."""
    lines = 1
    for width, td in zip(widths, tr.children, strict=False):
        room = max(width - _CELL_MARGINS, 1000)
        lines = max(lines, -(-display_width(plain_text(td)) * _HALF_EM // room))
    return lines * _TABLE_LINE + _CELL_MARGINS_TOP_BOTTOM


def write_hwpx(markdown: str, render_chart: ChartRenderer | None = None, source: str = "<markdown>") -> bytes:
    """The brief (Markdown with its front matter) as HWPX bytes; the same input gives the same bytes."""
    meta, body = split_front_matter(markdown, source)
    writer = _Writer(meta, render_chart)
    writer.write(body)
    section = writer.section_xml()
    parts = {"Contents/section0.xml": section, "Contents/header.xml": writer.shapes.header_xml(),
             "Contents/content.hpf": furniture.content_hpf(writer.skeleton, meta, list(writer.pictures))}
    return furniture.package_bytes(writer.skeleton, meta, parts, writer.pictures)
