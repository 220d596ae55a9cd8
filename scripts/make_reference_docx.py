"""Build templates/reference.docx, the built-in look of every brief.

Run it after changing a style here: `python scripts/make_reference_docx.py`.
An organisation makes its own reference document the pandoc way: build a brief,
open it in Word, change the styles (Modify Style, not direct formatting), the
page setup, header and footer (placeholders such as {classification},
{page} / {pages}, {org}, {title}, {date}, {version} are filled at build time),
save it, and point `reference_docx:` at it.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from briefing.render.docx import ooxml  # noqa: E402
from briefing.render.docx.package import document_bytes  # noqa: E402

LATIN = "Malgun Gothic"
HANGUL = "맑은 고딕"
NAVY = RGBColor(0x1F, 0x38, 0x64)
BLUE = RGBColor(0x2E, 0x74, 0xB5)
GRAY = RGBColor(0x59, 0x59, 0x59)
OUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"


def font(style, size=None, bold=None, color=None, latin=LATIN, hangul=HANGUL):
    rpr = style.element.get_or_add_rPr()
    ooxml.set_fonts(rpr, latin, hangul)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color


def spacing(style, before=0, after=6, line=1.3, keep_next=False):
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True


def paragraph_style(styles, name, base="Normal"):
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def char_style(styles, name):
    try:
        return styles[name]
    except KeyError:
        return styles.add_style(name, WD_STYLE_TYPE.CHARACTER)


def border(style, where="bottom", color="1F3864", size=8, space=1):
    ppr = style.element.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = ooxml.insert_ordered(ppr, parse_xml(f"<w:pBdr {nsdecls('w')}/>"), ooxml.PPR_ORDER)
    pbdr.append(parse_xml(f'<w:{where} {nsdecls("w")} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'))


def shading(style, fill):
    ppr = style.element.get_or_add_pPr()
    ooxml.insert_ordered(ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'),
                         ooxml.PPR_ORDER)


TABLE_STYLE = f'''
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefTable">
  <w:name w:val="Brief Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="264" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{HANGUL}" w:cs="{LATIN}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="1F3864"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="1F3864"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>
  </w:tblStylePr>
</w:style>'''


def _keep_only_used_styles(styles) -> None:
    """python-docx's template carries ~250 styles (300 kB) that every brief would parse and save."""
    from briefing.render.docx.prepare import REQUIRED_STYLES

    root = styles.element
    by_id = {el.get(qn("w:styleId")): el for el in root.findall(qn("w:style"))}
    wanted = set(REQUIRED_STYLES) | {"Quote", "List Paragraph"}
    # style.name is the UI name ("Heading 1"); the XML stores built-in names in lower case.
    keep = {style.style_id for style in styles if style.name in wanted}
    keep |= {el.get(qn("w:styleId")) for el in by_id.values() if el.get(qn("w:default")) == "1"}
    todo = list(keep)
    while todo:
        el = by_id.get(todo.pop())
        if el is None:
            continue
        for ref in ("basedOn", "next", "link"):
            child = el.find(qn(f"w:{ref}"))
            if child is not None and child.get(qn("w:val")) not in keep:
                keep.add(child.get(qn("w:val")))
                todo.append(child.get(qn("w:val")))
    for style_id, el in by_id.items():
        if style_id not in keep:
            root.remove(el)


def build() -> bytes:
    doc = docx.Document()
    styles = doc.styles
    # Document defaults: every run falls back to Malgun Gothic for Hangul, Korean language.
    rpr_default = styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    ooxml.set_fonts(rpr_default, LATIN, HANGUL)
    ooxml.set_language(rpr_default, "ko-KR")

    normal = styles["Normal"]
    font(normal, 10)
    spacing(normal, 0, 4, 1.22)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles["Title"]
    font(title, 22, True, NAVY)
    spacing(title, 0, 4, 1.1)
    title.element.get_or_add_pPr()
    for child in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(child)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    subtitle = styles["Subtitle"]
    font(subtitle, 13, False, GRAY)
    spacing(subtitle, 0, 14, 1.2)
    subtitle.font.italic = False

    for level, size, before, after in ((1, 14, 14, 5), (2, 11.5, 10, 3), (3, 10.5, 8, 2)):
        h = styles[f"Heading {level}"]
        font(h, size, True, NAVY if level < 3 else BLUE)
        spacing(h, before, after, 1.2, keep_next=True)
        h.font.italic = False
        if level == 1:
            border(h, "bottom", "1F3864", 8, 2)

    for name in ("List Bullet", "List Bullet 2", "List Number"):
        spacing(styles[name], 0, 2, 1.22)
        font(styles[name], 10)

    caption = styles["Caption"]
    font(caption, 8.5, False, GRAY)
    caption.font.italic = False
    spacing(caption, 2, 10, 1.2)

    footnote_text = paragraph_style(styles, "Footnote Text")
    font(footnote_text, 7.5, None, GRAY)
    spacing(footnote_text, 0, 0, 1.1)
    footnote_ref = char_style(styles, "Footnote Reference")
    footnote_ref.font.superscript = True

    toc_heading = paragraph_style(styles, "TOC Heading")
    font(toc_heading, 14, True, NAVY)
    spacing(toc_heading, 0, 10, 1.2)
    for level in (1, 2):
        toc = paragraph_style(styles, f"TOC {level}")
        font(toc, 10, level == 1)
        spacing(toc, 4 if level == 1 else 0, 2, 1.2)
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)

    summary = paragraph_style(styles, "Summary")
    font(summary, 10, None, None)
    spacing(summary, 0, 3, 1.25)
    shading(summary, "EEF3FA")
    border(summary, "left", "1F3864", 24, 8)
    summary.paragraph_format.left_indent = Cm(0.4)
    summary.paragraph_format.right_indent = Cm(0.2)
    summary.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    note = paragraph_style(styles, "Note")
    font(note, 8, None, GRAY)
    spacing(note, 0, 6, 1.15)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    sources = paragraph_style(styles, "Source List")
    font(sources, 8, None, GRAY)
    spacing(sources, 0, 2, 1.15)
    sources.paragraph_format.left_indent = Cm(0.5)
    sources.paragraph_format.first_line_indent = Cm(-0.5)
    sources.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    figure = paragraph_style(styles, "Figure")
    spacing(figure, 6, 2, 1.0, keep_next=True)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    cover = paragraph_style(styles, "Cover Text")
    font(cover, 10.5, None, GRAY)
    spacing(cover, 0, 4, 1.3)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    table_text = paragraph_style(styles, "Table Text")
    font(table_text, 8.5)
    spacing(table_text, 0, 0, 1.2)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_heading = paragraph_style(styles, "Table Heading", "Table Text")
    font(table_heading, 8.5, True)
    table_heading.paragraph_format.keep_with_next = True

    hyperlink = char_style(styles, "Hyperlink")
    hyperlink.font.color.rgb = BLUE
    hyperlink.font.underline = True
    for name, color in (("Critical", "C00000"), ("High", "C55A11"), ("Medium", "7F6000"), ("Low", "38761D")):
        style = char_style(styles, f"Priority {name}")
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(color)
    classification = char_style(styles, "Classification")
    classification.font.bold = True
    classification.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    styles.element.append(parse_xml(TABLE_STYLE))

    header = paragraph_style(styles, "Header")
    font(header, 8, None, GRAY)
    footer = paragraph_style(styles, "Footer")
    font(footer, 8, None, GRAY)
    for style in (header, footer):
        # The default template's centre tab would catch the first tab; only our right tab stays.
        tabs = style.element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            style.element.pPr.remove(tabs)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(1.9)
    section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    text_width = section.page_width - section.left_margin - section.right_margin

    hp = section.header.paragraphs[0]
    hp.style = styles["Header"]
    hp.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    hp.add_run("{org}  |  {title}")
    hp.add_run("\t")
    mark = hp.add_run("{classification}")
    mark.style = styles["Classification"]
    border(header, "bottom", "BFBFBF", 4, 4)

    fp = section.footer.paragraphs[0]
    fp.style = styles["Footer"]
    fp.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    fp.add_run("{classification}  ·  v{version}  ·  {date}\t{page} / {pages}")

    _keep_only_used_styles(styles)

    # Word 2010's stylesWithEffects copy and the thumbnail only add weight to every brief.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]

    props = doc.core_properties
    props.title = "briefing reference document"
    props.author = "briefing"
    props.last_modified_by = "briefing"
    props.comments = "Styles, page setup, header and footer for briefs; see scripts/make_reference_docx.py"
    ooxml.tidy_settings(doc, "ko-KR", update_fields=False)
    return document_bytes(doc, dt.date(2025, 1, 1))


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT}")
