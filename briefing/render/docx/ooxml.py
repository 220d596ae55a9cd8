"""WordprocessingML that python-docx has no API for, in small named functions.

Everything here writes raw XML, so the element order rules of ISO/IEC 29500
(which Word enforces and the schema validator checks) live in one place.
"""
from __future__ import annotations

import copy

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_NSMAP = {"w": _W[1:-1]}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Run-property order Word expects (EG_RPrBase): python-docx knows only part of it.
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
]
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
]
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]
SETTINGS_ORDER = [
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
    "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
    "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
]

def insert_ordered(parent, child, order: list[str]):
    """Insert child into parent where `order` (local names) says it belongs; replace a twin."""
    name = child.tag.split("}")[1]
    old = parent.find(qn(f"w:{name}"))
    if old is not None:
        parent.replace(old, child)
        return child
    rank = order.index(name)
    for i, existing in enumerate(parent):
        local = existing.tag.split("}")[-1]
        if local in order and order.index(local) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _el(tag: str, **attrs):
    """A standalone w: element (tag "w:name") with w: attributes, as python-docx's OxmlElement makes it."""
    return oxml_parser.makeelement(_W + tag[2:], {_W + k: str(v) for k, v in attrs.items()}, nsmap=_W_NSMAP)


# --- fonts and language -------------------------------------------------------

def set_fonts(rpr, latin: str | None, east_asia: str | None) -> None:
    """Set Latin and East Asian fonts; theme attributes are dropped or the theme font would win."""
    fonts = rpr.get_or_add_rFonts()  # CT_RPr knows where rFonts goes
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)


def set_language(rpr, lang_tag: str) -> None:
    """Document language; East Asian text is always tagged ko-KR so Word picks Korean fonts."""
    insert_ordered(rpr, _el("w:lang", val=lang_tag, eastAsia="ko-KR", bidi="ar-SA"), RPR_ORDER)


# --- fields ---------------------------------------------------------------------

def _field_run(p, rpr, rstyle: str | None):
    """A w:r appended to p, with a copy of rpr or just a character style."""
    r = etree.SubElement(p, _W + "r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    elif rstyle:
        etree.SubElement(etree.SubElement(r, _W + "rPr"), _W + "rStyle", {_W + "val": rstyle})
    return r


def _field_runs(p, instruction: str, cached: str, rpr, rstyle: str | None) -> None:
    etree.SubElement(_field_run(p, rpr, rstyle), _W + "fldChar", {_W + "fldCharType": "begin"})
    etree.SubElement(_field_run(p, rpr, rstyle), _W + "instrText", {_XML_SPACE: "preserve"}).text = (
        f" {instruction} ")
    etree.SubElement(_field_run(p, rpr, rstyle), _W + "fldChar", {_W + "fldCharType": "separate"})
    etree.SubElement(_field_run(p, rpr, rstyle), _W + "t", {_XML_SPACE: "preserve"}).text = cached
    etree.SubElement(_field_run(p, rpr, rstyle), _W + "fldChar", {_W + "fldCharType": "end"})


# The five runs of a field in a given character style, built once and copied: a brief
# has a NOTEREF field for every repeated citation, and lxml copies a subtree 3x faster
# than it can be built element by element.
_FIELD_TEMPLATES: dict[str | None, etree._Element] = {}


def add_field(paragraph, instruction: str, cached: str, rpr=None, rstyle: str | None = None) -> None:
    """A complex field with a cached result, as Word writes it (no repair prompt).

    rpr: a w:rPr element copied onto each run; or rstyle, a character style id.
    """
    p = paragraph._p
    if rpr is not None:
        _field_runs(p, instruction, cached, rpr, None)
        return
    template = _FIELD_TEMPLATES.get(rstyle)
    if template is None:
        template = _FIELD_TEMPLATES[rstyle] = oxml_parser.makeelement(_W + "p", nsmap=_W_NSMAP)
        _field_runs(template, "", "", None, rstyle)
    template[1][-1].text = f" {instruction} "
    template[3][-1].text = cached
    p.extend(copy.deepcopy(template))


def field_begin(paragraph, instruction: str) -> None:
    """Open a field that spans paragraphs (a TOC); close it with field_end."""
    p = paragraph._p
    etree.SubElement(etree.SubElement(p, _W + "r"), _W + "fldChar", {_W + "fldCharType": "begin"})
    etree.SubElement(etree.SubElement(p, _W + "r"), _W + "instrText", {_XML_SPACE: "preserve"}).text = (
        f" {instruction} ")
    etree.SubElement(etree.SubElement(p, _W + "r"), _W + "fldChar", {_W + "fldCharType": "separate"})


def field_end(paragraph) -> None:
    etree.SubElement(etree.SubElement(paragraph._p, _W + "r"), _W + "fldChar", {_W + "fldCharType": "end"})


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole paragraph (TOC entries link to it)."""
    p = paragraph._p
    start = p.makeelement(_W + "bookmarkStart", {_W + "id": str(bookmark_id), _W + "name": name})
    ppr = p.find(_W + "pPr")
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    etree.SubElement(p, _W + "bookmarkEnd", {_W + "id": str(bookmark_id)})


def add_internal_link(paragraph, anchor: str):
    """A w:hyperlink to a bookmark; returns it so runs can be appended."""
    return etree.SubElement(paragraph._p, _W + "hyperlink", {_W + "anchor": anchor, _W + "history": "1"})


def add_external_link(paragraph, url: str, text: str, rstyle: str | None) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = etree.SubElement(paragraph._p, _W + "hyperlink", {_R_ID: rid, _W + "history": "1"})
    append_run(link, text, rstyle)


def add_tab(paragraph, rpr=None) -> None:
    etree.SubElement(_field_run(paragraph._p, rpr, None), _W + "tab")


# --- tables -------------------------------------------------------------------------

def new_table(anchor, style_id: str, widths: list[int], rows: int, header_rows: int,
              cell_style_ids: tuple[str, str]) -> list[list[tuple]]:
    """A w:tbl before anchor, built directly (python-docx recomputes the grid on every
    cell access). Returns rows of (w:tc, w:p) pairs; widths are in EMU.

    Header rows repeat on every page; other rows do not split across pages.
    """
    twips = [max(int(w / 635), 1) for w in widths]
    tbl = OxmlElement("w:tbl")
    pr = etree.SubElement(tbl, _W + "tblPr")
    etree.SubElement(pr, _W + "tblStyle").set(_W + "val", style_id)
    tbl_w = etree.SubElement(pr, _W + "tblW")
    tbl_w.set(_W + "w", str(sum(twips)))
    tbl_w.set(_W + "type", "dxa")
    etree.SubElement(pr, _W + "tblLayout").set(_W + "type", "fixed")
    look = etree.SubElement(pr, _W + "tblLook")
    for key, value in (("val", "0420"), ("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                       ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):
        look.set(_W + key, value)
    grid = etree.SubElement(tbl, _W + "tblGrid")
    for w in twips:
        etree.SubElement(grid, _W + "gridCol").set(_W + "w", str(w))
    out = []
    for r in range(rows):
        tr = etree.SubElement(tbl, _W + "tr")
        trpr = etree.SubElement(tr, _W + "trPr")
        etree.SubElement(trpr, _W + "cantSplit")
        if r < header_rows:
            etree.SubElement(trpr, _W + "tblHeader")
        cells = []
        for w in twips:
            tc = etree.SubElement(tr, _W + "tc")
            tc_w = etree.SubElement(etree.SubElement(tc, _W + "tcPr"), _W + "tcW")
            tc_w.set(_W + "w", str(w))
            tc_w.set(_W + "type", "dxa")
            p = etree.SubElement(tc, _W + "p")
            style = cell_style_ids[0] if r < header_rows else cell_style_ids[1]
            etree.SubElement(etree.SubElement(p, _W + "pPr"), _W + "pStyle").set(_W + "val", style)
            cells.append((tc, p))
        out.append(cells)
    anchor.addprevious(tbl)
    return out


def shade_cell(tc, fill: str) -> None:
    tcpr = tc.find(qn("w:tcPr"))
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    insert_ordered(tcpr, _el("w:shd", val="clear", color="auto", fill=fill), TCPR_ORDER)


# --- footnotes -----------------------------------------------------------------------

_FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)


# python-docx loads parts it has no class for as opaque bytes; a reference document's
# footnotes (every Word file has them) must be loaded as XML so the brief's notes replace
# the reference's instead of being written to a part the package never saves.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)


class Footnotes:
    """The document's footnotes part, created when the reference document has none."""

    def __init__(self, document):
        self.document = document
        part = document.part
        existing = [rel.target_part for rel in part.rels.values() if rel.reltype == RT.FOOTNOTES]
        if existing:
            self.part = existing[0]  # an XmlPart: see the PartFactory registration below
            root = self.part.element
            for fn in root.findall(qn("w:footnote")):
                if fn.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                    root.remove(fn)
        else:
            self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                                parse_xml(_FOOTNOTES_XML), part.package)
            part.relate_to(self.part, RT.FOOTNOTES)
        self._next = 1
        self._declare_in_settings()

    def _declare_in_settings(self) -> None:
        settings = self.document.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        pr = _el("w:footnotePr")
        for fid in (-1, 0):
            pr.append(_el("w:footnote", id=fid))
        insert_ordered(settings, pr, SETTINGS_ORDER)

    def add(self, paragraph, text: str, text_style_id: str, ref_style_id: str, bookmark_id: int) -> int:
        """Put a footnote reference at the end of paragraph; text fills the note.

        The reference is bookmarked as `_RefFn<id>` so that later citations of the same
        source line can point back to it with note_reference() instead of repeating it.
        """
        fid = str(self._next)
        self._next += 1
        p = paragraph._p
        etree.SubElement(p, _W + "bookmarkStart", {_W + "id": str(bookmark_id), _W + "name": f"_RefFn{fid}"})
        r = etree.SubElement(p, _W + "r")
        etree.SubElement(etree.SubElement(r, _W + "rPr"), _W + "rStyle", {_W + "val": ref_style_id})
        etree.SubElement(r, _W + "footnoteReference", {_W + "id": fid})
        etree.SubElement(p, _W + "bookmarkEnd", {_W + "id": str(bookmark_id)})

        note = etree.SubElement(self.part.element, _W + "footnote", {_W + "id": fid})
        np = etree.SubElement(note, _W + "p")
        etree.SubElement(etree.SubElement(np, _W + "pPr"), _W + "pStyle", {_W + "val": text_style_id})
        ref = etree.SubElement(np, _W + "r")
        etree.SubElement(etree.SubElement(ref, _W + "rPr"), _W + "rStyle", {_W + "val": ref_style_id})
        etree.SubElement(ref, _W + "footnoteRef")
        append_run(np, " ")
        if text:
            append_run(np, text)
        return int(fid)


def note_reference(paragraph, footnote_id: int, ref_style_id: str) -> None:
    """A second citation of a footnote: a NOTEREF field shown as its superscript number."""
    add_field(paragraph, f"NOTEREF _RefFn{footnote_id} \\f \\h", str(footnote_id), rstyle=ref_style_id)




def append_run(p, text: str, style_id: str | None = None, bold: bool = False, italic: bool = False) -> None:
    """A text run appended to a w:p element.

    python-docx's run.text setter walks the text a character at a time (for tabs and
    breaks); Markdown text has none, so the run is built directly, in schema order.
    """
    r = etree.SubElement(p, _W + "r")
    if style_id or bold or italic:
        rpr = etree.SubElement(r, _W + "rPr")
        if style_id:
            etree.SubElement(rpr, _W + "rStyle", {_W + "val": style_id})
        if bold:
            etree.SubElement(rpr, _W + "b")
        if italic:
            etree.SubElement(rpr, _W + "i")
    etree.SubElement(r, _W + "t", {_XML_SPACE: "preserve"}).text = text


def new_paragraph(anchor, style_id: str):
    """A w:p with its style, inserted just before anchor (the body's sectPr): python-docx's
    add_paragraph searches the whole body for the sectPr each time, quadratic in length."""
    p = anchor.makeelement(_W + "p")  # same document and parser, so the element gets its CT_P class
    etree.SubElement(etree.SubElement(p, _W + "pPr"), _W + "pStyle", {_W + "val": style_id})
    anchor.addprevious(p)
    return p


# --- settings and numbering ---------------------------------------------------------

def tidy_settings(document, lang_tag: str, update_fields: bool) -> None:
    """Fix python-docx's zoom, set the theme language, and ask Word to refresh fields."""
    settings = document.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    if update_fields:
        insert_ordered(settings, _el("w:updateFields", val="true"), SETTINGS_ORDER)
    insert_ordered(settings, _el("w:themeFontLang", val=lang_tag, eastAsia="ko-KR"), SETTINGS_ORDER)


def restart_numbering(document, num_id: int, ilvl: int = 0) -> int:
    """A new w:num over the same list definition, starting again at 1 (CT_Numbering's own
    add_num and CT_Num's add_lvlOverride keep the schema order)."""
    numbering = document.part.numbering_part.element
    old = numbering.num_having_numId(num_id)
    new = numbering.add_num(old.abstractNumId.val)
    new.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
    return new.numId


def set_num(paragraph, num_id: int, level: int = 0) -> None:
    _set_num_pr(paragraph._p.get_or_add_pPr(), num_id, level)


def set_style_num(style, num_id: int, level: int = 0) -> None:
    """A paragraph style's list: python-docx's CT_PPr and CT_NumPr know where numPr goes."""
    _set_num_pr(style.get_or_add_pPr(), num_id, level)


def _set_num_pr(ppr, num_id: int, level: int) -> None:
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def keep_with_next(paragraph) -> None:
    paragraph._p.get_or_add_pPr().get_or_add_keepNext()
