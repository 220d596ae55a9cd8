"""Markdown -> DOCX: walk markdown-it's syntax tree and build a python-docx document.

The writer's one input is the rendered Markdown with its front matter
(briefing.render.frontmatter): the same text `--emit-markdown` writes, so
`briefing render brief.md` gives the very file the build gives. The Markdown is
parsed into a tree by briefing.render.tree (shared by every writer); the reference
document is prepared by briefing.render.docx.prepare, page furniture and properties
by briefing.render.docx.furniture; walking the tree is done here. Like pandoc's
writer, this module only *names* styles; how they look comes from the reference
document (the organisation's own, or ours).

What Markdown lacks, the template asks for with plugins:
- `::: cover`, `::: summary`, `::: toc`, `::: note`, `::: pagebreak` containers;
- `[word]{.priority-high}` spans (character styles "Priority High" ...);
- `![alt](chart:KIND/ARG)` charts (see briefing.render.charts);
- `[^label]` footnotes, written as real Word footnotes.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from briefing import resources
from briefing.render.columns import column_widths
from briefing.render.docx import furniture, ooxml
from briefing.render.docx.package import document_bytes
from briefing.render.docx.prepare import prepared_reference
from briefing.render.frontmatter import DocumentMeta, split_front_matter
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
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 3"}
PRIORITY_FILL = {"critical": "FBE3E1", "high": "FCE9D9", "medium": "FFF4CE", "low": "E6F1DF"}

ChartRenderer = Callable[[DocumentMeta, str], bytes]


class _Writer:
    def __init__(self, meta: DocumentMeta, reference: Path, render_chart: ChartRenderer | None,
                 toc_pages: dict[str, int] | None):
        self.meta = meta
        self.render_chart = render_chart
        self.toc_pages = toc_pages or {}
        self._new_page_next = False
        prepared = prepared_reference(reference, meta.lang)
        self._style_ids = prepared.style_ids  # style name -> id, shared by the briefs of one reference
        self._list_numbering = prepared.list_numbering
        self.doc = docx.Document(io.BytesIO(prepared.package))
        self._body_end = self.doc.element.body.find(qn("w:sectPr"))
        self.footnotes = ooxml.Footnotes(self.doc)
        self.footnote_text: dict[int, str] = {}
        self.word_footnote: dict[int, int] = {}  # markdown footnote id -> Word footnote id
        self.headings: list[tuple[int, str, str]] = []  # level, text, bookmark
        self._bookmark_id = 0
        self._heading_index = 0
        self._width: int | None = None

    def style_id(self, name: str) -> str:
        # python-docx's own style setter scans every style for the default on each call,
        # which dominated build time; the ids are looked up once and written directly.
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def has_style(self, name: str) -> bool:
        try:
            self.style_id(name)
            return True
        except KeyError:
            return False

    def add_paragraph(self, style: str, text: str = ""):
        p = Paragraph(ooxml.new_paragraph(self._body_end, self.style_id(style)), self.doc._body)
        if self._new_page_next:
            p.paragraph_format.page_break_before = True
            self._new_page_next = False
        if text:
            ooxml.append_run(p._p, text)
        return p

    def page_break(self) -> None:
        self.add_paragraph("Normal").add_run().add_break(WD_BREAK.PAGE)

    def start_next_block_on_a_new_page(self) -> None:
        """A page break carried by the next paragraph, not a paragraph of its own: when the
        page before is exactly full, a break paragraph would spill over and leave a blank page."""
        self._new_page_next = True

    # --- blocks ------------------------------------------------------------------------

    def write(self, markdown: str) -> bytes:
        body_nodes, self.footnote_text = split_footnotes(build_tree(markdown_parser().parse(markdown)))
        self.headings = collect_headings(body_nodes)
        for node in body_nodes:
            self.block(node, {})
        furniture.fill_headers_and_footers(self.doc, self.meta)
        furniture.set_core_properties(self.doc, self.meta)
        return document_bytes(self.doc, self.meta.date)

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
                self.block(child, {**ctx, "style": "Summary"})
        elif kind in ("hr", "container_pagebreak"):
            self.page_break()
        elif kind == "container_toc":
            self.toc(node)
        elif kind.startswith("container_"):
            name = kind[len("container_"):]
            inner = {**ctx, "container": name}
            if name == "summary":
                inner["style"] = "Summary"
            elif name == "note":
                inner["style"] = "Note"
            elif name == "sources":
                inner["style"] = "Source List"
            elif name == "cover":
                inner["style"] = "Cover Text"
            elif name == "keep":
                inner["keep"] = True
            for child in node.children:
                self.block(child, inner)
        elif kind in ("code_block", "fence"):
            self.add_paragraph("Note", node.content.rstrip("\n"))
        elif kind == "html_block":
            return  # raw HTML has no place in a Word brief
        else:
            for child in node.children:
                self.block(child, ctx)

    def heading(self, node, ctx) -> None:
        level = int(node.tag[1])
        if ctx.get("container") == "cover":
            style = "Title" if level == 1 else "Subtitle"
            p = self.add_paragraph(style)
            self.inline(p, node.children[0], ctx)
            return
        p = self.add_paragraph(HEADING_STYLES[level])
        self.inline(p, node.children[0], ctx)
        if level <= 2 and self._heading_index < len(self.headings):
            _, _, bookmark = self.headings[self._heading_index]
            self._bookmark_id += 1
            ooxml.add_bookmark(p, bookmark, self._bookmark_id)
            self._heading_index += 1

    def paragraph(self, node, ctx) -> None:
        inline = node.children[0] if node.children else None
        if inline is not None and len(inline.children) == 1 and inline.children[0].type == "image":
            self.figure(inline.children[0])
            return
        style = ctx.get("list_style") or ctx.get("style") or "Normal"
        p = self.add_paragraph(style)
        if ctx.get("num_id"):
            # Explicit on every item: the list shows whatever the style says in Word or LibreOffice.
            ooxml.set_num(p, ctx["num_id"], ctx.get("ilvl", 0))
        if ctx.get("keep"):
            ooxml.keep_with_next(p)
        if inline is not None:
            self.inline(p, inline, ctx)

    def list(self, node, ctx) -> None:
        level = ctx.get("list_level", -1) + 1
        ordered = node.type == "ordered_list"
        style = "List Number" if ordered else ("List Bullet" if level == 0 else "List Bullet 2")
        num_id, ilvl = self._list_numbering.get(style, (None, 0))
        if ordered and num_id:
            num_id = ooxml.restart_numbering(self.doc, num_id, ilvl)
        for item in node.children:
            first = True
            for child in item.children:
                inner = {**ctx, "list_level": level, "num_id": None}
                if child.type == "paragraph":
                    inner["list_style"] = style if first else (ctx.get("style") or "Normal")
                    if first:
                        inner["num_id"], inner["ilvl"] = num_id, ilvl
                self.block(child, inner)
                first = False

    def toc(self, node) -> None:
        title = plain_text(node).strip() or ("목차" if self.meta.lang == "ko" else "Contents")
        self.add_paragraph("TOC Heading", title)
        entries = self.headings or [(1, "", "")]
        for i, (level, text, bookmark) in enumerate(entries):
            p = self.add_paragraph(f"TOC {min(level, 2)}")
            if i == 0:
                ooxml.field_begin(p, 'TOC \\o "1-2" \\h \\z \\u')
            link = ooxml.add_internal_link(p, bookmark)
            ooxml.append_run(link, text)
            if bookmark:
                # Word recomputes the page numbers on open (updateFields); the cached ones are what
                # LibreOffice and previews show, filled in by the build's page-number pass.
                ooxml.add_tab(p)
                page = self.toc_pages.get(bookmark)
                ooxml.add_field(p, f"PAGEREF {bookmark} \\h", str(page) if page else "")
            if i == len(entries) - 1:
                ooxml.field_end(p)
        self.start_next_block_on_a_new_page()

    def figure(self, image) -> None:
        src = image.attrs.get("src", "")
        alt = plain_text(image).strip()
        p = self.add_paragraph("Figure")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if src.startswith(CHART_PREFIX) and self.render_chart is not None:
            png = self.render_chart(self.meta, src[len(CHART_PREFIX):])
        else:
            p.add_run(alt)
            return
        width = int(self._text_width() * image_width_share(image))
        shape = p.add_run().add_picture(io.BytesIO(png), width=Emu(width))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt[:80])
        ooxml.keep_with_next(p)

    def _text_width(self) -> int:
        if self._width is None:
            s = self.doc.sections[-1]
            self._width = s.page_width - s.left_margin - s.right_margin
        return self._width

    def table(self, node, ctx) -> None:
        if self._new_page_next:
            self._new_page_next = False
            self.page_break()
        rows = [tr for part in node.children for tr in part.children]
        header_rows = len(node.children[0].children) if node.children and node.children[0].type == "thead" else 0
        ncols = max(len(tr.children) for tr in rows)
        widths = column_widths(rows, ncols, self._text_width())
        grid = ooxml.new_table(self._body_end, self.style_id("Brief Table"), widths, len(rows), header_rows,
                               (self.style_id("Table Heading"), self.style_id("Table Text")))
        for tr, cells in zip(rows, grid, strict=True):
            for c, (tc, p_el) in enumerate(cells):
                if c < len(tr.children) and tr.children[c].children:
                    p = Paragraph(p_el, self.doc._body)
                    self.inline(p, tr.children[c].children[0], {**ctx, "cell": tc})
                    if "center" in (tr.children[c].attrs.get("style") or ""):
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # A paragraph after a table keeps two tables from merging and gives air.
        self.add_paragraph("Table Text")

    # --- inline ---------------------------------------------------------------------------

    def inline(self, paragraph, node, ctx, fmt: dict | None = None) -> None:
        fmt = fmt or {}
        previous = None
        for child in notes_in_order(node.children, self.word_footnote):
            kind = child.type
            if kind == "footnote_ref" and previous == "footnote_ref":
                # Adjacent note numbers need a separator, or 9 and 27 read as 927.
                ooxml.append_run(paragraph._p, ",", self.style_id("Footnote Reference"))
            previous = kind
            if kind == "text":
                self._run(paragraph, child.content, fmt)
            elif kind == "softbreak":
                self._run(paragraph, " ", fmt)
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "strong":
                self.inline(paragraph, child, ctx, {**fmt, "bold": True})
            elif kind == "em":
                self.inline(paragraph, child, ctx, {**fmt, "italic": True})
            elif kind == "code_inline":
                self._run(paragraph, child.content, fmt)
            elif kind == "span":
                classes = (child.attrs.get("class") or "").split()
                inner = dict(fmt)
                for cls in classes:
                    if cls.startswith("priority-"):
                        level = cls[len("priority-"):]
                        inner["style"] = f"Priority {level.capitalize()}"
                        if ctx.get("cell") is not None and level in PRIORITY_FILL:
                            ooxml.shade_cell(ctx["cell"], PRIORITY_FILL[level])
                    elif cls == "classification":
                        inner["style"] = "Classification"
                    elif cls == "strong":
                        inner["bold"] = True
                self.inline(paragraph, child, ctx, inner)
            elif kind == "link":
                href = child.attrs.get("href", "")
                text = plain_text(child)
                if href.startswith(("http://", "https://")):
                    ooxml.add_external_link(paragraph, href, text, self.style_id("Hyperlink"))
                else:
                    self._run(paragraph, text, fmt)
            elif kind == "footnote_ref":
                self.footnote_ref(paragraph, child.meta["id"])
            elif kind == "image":
                self._run(paragraph, plain_text(child), fmt)
            else:
                self.inline(paragraph, child, ctx, fmt)

    def footnote_ref(self, paragraph, note_id: int) -> None:
        """The first citation of a source line is a footnote; later ones refer back to it."""
        ref_style = self.style_id("Footnote Reference")
        if note_id in self.word_footnote:
            ooxml.note_reference(paragraph, self.word_footnote[note_id], ref_style)
            return
        self._bookmark_id += 1
        note = self.footnote_text.get(note_id, "")
        self.word_footnote[note_id] = self.footnotes.add(
            paragraph, note, self.style_id("Footnote Text"), ref_style, self._bookmark_id)

    def _run(self, paragraph, text: str, fmt: dict) -> None:
        if not text:
            return
        style = fmt.get("style")
        ooxml.append_run(paragraph._p, text, self.style_id(style) if style and self.has_style(style) else None,
                         bool(fmt.get("bold")), bool(fmt.get("italic")))


def write_docx(markdown: str, reference: Path | None = None, render_chart: ChartRenderer | None = None,
               toc_pages: dict[str, int] | None = None, source: str = "<markdown>") -> bytes:
    """The brief (Markdown with its front matter) as DOCX bytes, styled by `reference`
    (the built-in one when None).

    toc_pages maps heading bookmarks to page numbers for the table of contents' cached
    results (see briefing.run.pdfpass); without it the numbers are left to Word.
    source names the Markdown in error messages.
    """
    meta, body = split_front_matter(markdown, source)
    writer = _Writer(meta, reference or resources.default_reference_docx(), render_chart, toc_pages)
    return writer.write(body)
