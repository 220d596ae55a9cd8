"""Prepare a reference document for the writer: any company's Word template works.

A reference document is what its author's Word, LibreOffice or pandoc saved, so
this module makes no assumption about it beyond "a WordprocessingML package":

- the body is emptied; the last section keeps its page setup, and what Word shows
  on its pages (headers and footers inherited from earlier sections) is made explicit
  on it, because the earlier sections go with the body;
- a section without page size or margins gets A4 and the built-in margins;
- a package without a styles part gets the built-in styles; invalid style
  properties (unknown children, children out of schema order, unreadable values)
  are repaired;
- styles the writer names but the reference lacks come from the built-in reference,
  and so do the list definitions they use: merged into the reference's numbering
  part (created when missing) under fresh ids, so bullets survive whatever list
  ids the reference holds;
- fonts and language are set for the brief's language (theme fonts resolved);
- every kind of page the section has (first, even, default) carries the
  classification: a header or footer without the `{classification}` placeholder
  gets the marking and "page X of Y" added (see briefing.render.docx.furniture, which
  fills the placeholders).

What was repaired comes back as warnings, what was added as notes; both name the file.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_HEADER_FOOTER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from lxml import etree

from briefing import resources
from briefing.render.docx import ooxml
from briefing.render.docx.package import package_bytes

# Styles the writer names; copied from the built-in reference when a reference lacks them.
REQUIRED_STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
    "List Bullet 2", "List Number", "Caption", "Footnote Text", "Footnote Reference", "TOC Heading",
    "TOC 1", "TOC 2", "Summary", "Note", "Table Text", "Table Heading", "Cover Text", "Brief Table",
    "Figure", "Hyperlink", "Priority Critical", "Priority High", "Priority Medium", "Priority Low",
    "Classification", "Header", "Footer", "Source List",
)
# List styles and the number format their first level must have.
LIST_STYLES = {"List Bullet": "bullet", "List Bullet 2": "bullet", "List Number": "decimal"}
EAST_ASIAN_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                     "Footnote Text", "Table Text", "Table Heading", "Brief Table", "Caption")
DEFAULT_EAST_ASIA_FONT = "맑은 고딕"
A4_TWIPS = (11906, 16838)
MARGIN_ATTRS = ("top", "right", "bottom", "left", "header", "footer", "gutter")
KINDS = (("default", WD_HEADER_FOOTER.PRIMARY), ("first", WD_HEADER_FOOTER.FIRST_PAGE),
         ("even", WD_HEADER_FOOTER.EVEN_PAGE))
MARKING = {"ko": "{classification} · {page} / {pages}", "en": "{classification} · page {page} of {pages}"}
MARK_ONLY = "{classification}"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass
class Prepared:
    """A reference made ready for one language, as package bytes to reopen per brief."""

    package: bytes
    list_numbering: dict[str, tuple[int, int]]  # list style name -> (numId, ilvl)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    style_ids: dict[str, str] = field(default_factory=dict)  # filled by the writer, shared per key


class _Report:
    def __init__(self, path: Path):
        self.name = str(path)
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def warn(self, text: str) -> None:
        self.warnings.append(f"{self.name}: {text}")

    def note(self, text: str) -> None:
        self.notes.append(f"{self.name}: {text}")


def prepare_reference(path: Path, lang: str) -> Prepared:
    report = _Report(path)
    doc = _open(path, report)
    _ensure_styles_part(doc, report)
    final = _final_section(doc)
    _inherit_headers_and_footers(doc, final, report)
    _clear_body(doc, final)
    _drop_unused_headers_and_footers(doc, final)
    _drop_body_annotations(doc)
    _complete_page_setup(final, report)
    _repair_styles(doc.styles.element, report)
    copied = _ensure_styles(doc)
    list_numbering = _ensure_list_numbering(doc, copied, report)
    _apply_language(doc)
    ooxml.Footnotes(doc)
    _mark_every_page(doc, final, lang, report)
    return Prepared(package_bytes(doc), list_numbering, report.warnings, report.notes)


_PREPARED: dict[tuple, Prepared] = {}


def prepared_reference(reference: Path, lang: str) -> Prepared:
    """The reference prepared for one language (body emptied, styles and lists completed,
    fonts and language set, every page marked), kept as package bytes: reopening those
    costs a third of preparing the reference again for every brief."""
    stat = reference.stat()
    key = (str(reference), stat.st_size, stat.st_mtime_ns, lang)
    if key not in _PREPARED:
        if len(_PREPARED) >= 8:
            _PREPARED.clear()
        _PREPARED[key] = prepare_reference(reference, lang)
    return _PREPARED[key]


# --- parts -------------------------------------------------------------------------


# A Word template (.dotx) or macro-enabled file is a document package in all but its main
# part's content type; the brief is a plain .docx, and its macros stay behind.
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_MACRO_RELS = ("http://schemas.microsoft.com/office/2006/relationships/vbaProject",
               "http://schemas.microsoft.com/office/2006/relationships/keyMapCustomizations",
               "http://schemas.microsoft.com/office/2006/relationships/attachedToolbars")


def _open(path: Path, report: _Report):
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml")
    found = [t for t in _MAIN_TYPES if t.encode() in types]
    if not found:
        return docx.Document(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy_:
        for item in z.infolist():
            blob = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                for t in found:
                    blob = blob.replace(t.encode(), CT.WML_DOCUMENT_MAIN.encode())
            copy_.writestr(item.filename, blob)
    doc = docx.Document(io.BytesIO(out.getvalue()))
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in _MACRO_RELS:
            del doc.part.rels[rid]
    kind = "a Word template" if "template" in found[0].lower() else "a macro-enabled document"
    report.note(f"{kind}: used as a document" + (", its macros left out" if "macro" in found[0].lower() else ""))
    return doc


@functools.lru_cache(maxsize=1)
def _builtin() -> docx.document.Document:
    """The built-in reference, read only: styles and list definitions are copied from it."""
    return docx.Document(str(resources.default_reference_docx()))


def _ensure_styles_part(doc, report: _Report) -> None:
    if any(rel.reltype == RT.STYLES for rel in doc.part.rels.values()):
        return
    # python-docx would invent its own default styles; ours are what the writer names.
    blob = _builtin().part.part_related_by(RT.STYLES).blob
    part = StylesPart(PackURI("/word/styles.xml"), CT.WML_STYLES, parse_xml(blob), doc.part.package)
    doc.part.relate_to(part, RT.STYLES)
    report.warn("it has no styles part; the built-in styles are used")


NUMBERING_ORDER = ["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"]


def _numbering(doc, report: _Report):
    """The document's numbering element (children put in schema order: merged definitions
    go after the last abstractNum), with a numbering part created when it has none."""
    try:
        numbering = doc.part.numbering_part.element
    except NotImplementedError:
        numbering = None
    if numbering is not None:
        rank = {name: i for i, name in enumerate(NUMBERING_ORDER)}
        children = [c for c in numbering if isinstance(c.tag, str) and c.tag.startswith(_W)
                    and c.tag[len(_W):] in rank]
        ordered = sorted(children, key=lambda c: rank[c.tag[len(_W):]])
        if ordered != children:
            for child in ordered:
                numbering.append(child)
            report.warn("its list definitions were out of schema order and were reordered")
        return numbering
    part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                         parse_xml(f"<w:numbering {nsdecls('w')}/>"), doc.part.package)
    doc.part.relate_to(part, RT.NUMBERING)
    return part.element


# --- sections, headers and footers --------------------------------------------------


def _final_section(doc):
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        final = body.makeelement(qn("w:sectPr"), {})
        body.append(final)
    return final


def _section_properties(body) -> list:
    """Every section's w:sectPr in document order (the body's own last)."""
    found = []
    for s in body.iter(qn("w:sectPr")):
        parent = s.getparent()
        if parent is body or (parent.tag == qn("w:pPr") and parent.getparent().tag == qn("w:p")):
            found.append(s)
    return found


def _inherit_headers_and_footers(doc, final, report: _Report) -> None:
    """Word shows a section the header or footer of the nearest earlier section that
    defines one of that kind; the brief has one section, so those references move to it."""
    latest: dict[tuple[str, str], etree._Element] = {}
    broken = 0
    for s in _section_properties(doc.element.body):
        for ref in s:
            if ref.tag in (qn("w:headerReference"), qn("w:footerReference")):
                if ref.get(qn("r:id")) not in doc.part.rels:
                    broken += 1
                    continue
                latest[(ref.tag, ref.get(qn("w:type")) or "default")] = ref
    if broken:
        report.warn(f"{broken} header or footer reference(s) name no part; left out")
    for ref in final.findall(qn("w:headerReference")) + final.findall(qn("w:footerReference")):
        final.remove(ref)
    # Header and footer references come first in w:sectPr, in any order among themselves.
    for i, key in enumerate(sorted(latest, key=lambda k: (k[0], k[1]))):
        final.insert(i, copy.deepcopy(latest[key]))


def _clear_body(doc, final) -> None:
    body = doc.element.body
    for child in list(body):
        if child is not final:
            body.remove(child)


def _drop_unused_headers_and_footers(doc, final) -> None:
    used = {ref.get(qn("r:id")) for ref in final
            if ref.tag in (qn("w:headerReference"), qn("w:footerReference"))}
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER) and rid not in used:
            del doc.part.rels[rid]


# Comments anchor in the body, which is gone; Word 2013+ keeps their threads in parts of their own.
_COMMENT_RELS = (RT.COMMENTS,
                 "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
                 "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
                 "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
                 "http://schemas.microsoft.com/office/2011/relationships/people")
# Loaded as XML (python-docx keeps unknown parts as bytes) so the reference's own notes can go.
PartFactory.part_type_for.setdefault(CT.WML_ENDNOTES, XmlPart)


def _drop_body_annotations(doc) -> None:
    """The reference's comments and endnotes belonged to its body: without it they would
    be orphans (the separators of endnotes stay, as settings name them)."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in _COMMENT_RELS:
            del doc.part.rels[rid]
        elif rel.reltype == RT.ENDNOTES and isinstance(rel.target_part, XmlPart):
            root = rel.target_part.element
            for note in root.findall(qn("w:endnote")):
                if note.get(qn("w:type")) not in ("separator", "continuationSeparator", "continuationNotice"):
                    root.remove(note)


@functools.lru_cache(maxsize=1)
def _builtin_margins() -> dict[str, str]:
    pg_mar = _builtin().element.body.find(qn("w:sectPr")).find(qn("w:pgMar"))
    return {a: pg_mar.get(qn(f"w:{a}")) for a in MARGIN_ATTRS}


def _complete_page_setup(final, report: _Report) -> None:
    """pandoc's own reference.docx has `<w:sectPr/>`: no page size, no margins."""
    added = []
    pg_sz = final.get_or_add_pgSz()
    if not pg_sz.get(qn("w:w")) or not pg_sz.get(qn("w:h")):
        pg_sz.set(qn("w:w"), str(A4_TWIPS[0]))
        pg_sz.set(qn("w:h"), str(A4_TWIPS[1]))
        pg_sz.attrib.pop(qn("w:orient"), None)
        added.append("A4 page size")
    pg_mar = final.get_or_add_pgMar()
    missing = [a for a in MARGIN_ATTRS if pg_mar.get(qn(f"w:{a}")) is None]
    if missing:
        for a in missing:
            pg_mar.set(qn(f"w:{a}"), _builtin_margins()[a])
        added.append("the built-in margins (" + ", ".join(missing) + ")")
    if added:
        report.warn("its section has no complete page setup; used " + " and ".join(added))


def _hdrftr_part(doc, ref):
    return doc.part.related_parts[ref.get(qn("r:id"))]


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _is_full(element) -> bool:
    """A header or footer laid out with a table, picture or text box: an added paragraph
    would push that layout about."""
    return any(element.find(f".//{tag}") is not None
               for tag in (qn("w:tbl"), qn("w:drawing"), qn("w:pict"), f"{_MC}AlternateContent"))


def _has_page_number(element) -> bool:
    instr = " ".join(t.text or "" for t in element.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple")))
    return "{page}" in _text(element) or re.search(r"\bPAGE\b", instr + " " + simple) is not None


def _mark_every_page(doc, final, lang: str, report: _Report) -> None:
    """Each kind of page the section shows gets the classification, in its footer by preference."""
    kinds = ["default"]
    title_pg = final.find(qn("w:titlePg"))
    if title_pg is not None and title_pg.get(qn("w:val"), "true") not in ("0", "false", "off"):
        kinds.insert(0, "first")
    if doc.settings.odd_and_even_pages_header_footer:
        kinds.append("even")
    for kind, enum in KINDS:
        if kind not in kinds:
            continue
        header_ref, footer_ref = final.get_headerReference(enum), final.get_footerReference(enum)
        header = _hdrftr_part(doc, header_ref) if header_ref is not None else None
        footer = _hdrftr_part(doc, footer_ref) if footer_ref is not None else None
        if any(p is not None and "{classification}" in _text(p.element) for p in (header, footer)):
            continue
        if footer is not None and _is_full(footer.element) and (header is None or not _is_full(header.element)):
            where, part = "header", header
        else:
            where, part = "footer", footer
        if part is None:
            part_cls, reltype = (HeaderPart, RT.HEADER) if where == "header" else (FooterPart, RT.FOOTER)
            part = part_cls.new(doc.part.package)
            rid = doc.part.relate_to(part, reltype)
            (final.add_headerReference if where == "header" else final.add_footerReference)(enum, rid)
            for p in part.element.findall(qn("w:p")):
                part.element.remove(p)
        text = MARK_ONLY if _has_page_number(part.element) else MARKING.get(lang, MARKING["en"])
        style = "Header" if where == "header" else "Footer"
        p = etree.SubElement(part.element, _W + "p")
        ppr = etree.SubElement(p, _W + "pPr")
        etree.SubElement(ppr, _W + "pStyle", {_W + "val": doc.styles[style].style_id})
        etree.SubElement(ppr, _W + "jc", {_W + "val": "center"})
        ooxml.append_run(p, text)
        pages = "the first page" if kind == "first" else "even pages" if kind == "even" else "the pages"
        report.note(f"no {{classification}} placeholder in the header or footer of {pages}; "
                    f"the classification" + ("" if text == MARK_ONLY else " and 'page X of Y'")
                    + f" were added to the {where}")


# --- styles ------------------------------------------------------------------------

# Children of w:style in schema order (CT_Style).
STYLE_ORDER = ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"]
# In styles, w:pPr is CT_PPrGeneral and w:rPr CT_RPr: no run properties or section inside pPr.
STYLE_PPR_ORDER = [n for n in ooxml.PPR_ORDER if n not in ("rPr", "sectPr")]
STYLE_RPR_ORDER = ooxml.RPR_ORDER + ["rPrChange"]
_ON_OFF = {"true", "false", "on", "off", "0", "1"}
_NUMBER_VALUED = {"sz", "szCs", "kern", "position", "spacing", "outlineLvl"}
_ON_OFF_ELEMENTS = {"b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
                    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "rtl", "cs",
                    "specVanish", "oMath", "keepNext", "keepLines", "pageBreakBefore", "widowControl",
                    "suppressLineNumbers", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
                    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                    "contextualSpacing", "mirrorIndents", "suppressOverlap", "qFormat", "hidden",
                    "semiHidden", "unhideWhenUsed", "locked", "autoRedefine"}
_HEX_COLOR = re.compile(r"^(auto|[0-9A-Fa-f]{6})$")


def _value_ok(el, local: str) -> bool:
    val = el.get(qn("w:val"))
    if val is None:
        return local not in _NUMBER_VALUED or local == "spacing"
    if local in _ON_OFF_ELEMENTS:
        return val in _ON_OFF
    if local in _NUMBER_VALUED:
        return re.fullmatch(r"-?\d+", val) is not None
    if local == "color":
        return _HEX_COLOR.match(val) is not None
    return True


def _reorder(parent, order: list[str], what: str, problems: list[str], repeatable: frozenset = frozenset()) -> None:
    """Drop unknown, duplicate and unreadable w: children; put the rest in schema order.

    Children in other namespaces (w14:, ...) are extensions Word ignores when it does
    not know them; they keep their place after the w: children.
    """
    rank = {name: i for i, name in enumerate(order)}
    seen: set[str] = set()
    kept, foreign = [], []
    for child in list(parent):
        if not isinstance(child.tag, str):
            continue
        if not child.tag.startswith(_W):
            foreign.append(child)
            continue
        local = child.tag[len(_W):]
        if local not in rank:
            problems.append(f"w:{local} is not allowed in {what}")
            parent.remove(child)
        elif local in seen and local not in repeatable:
            problems.append(f"w:{local} appears twice in {what}")
            parent.remove(child)
        elif not _value_ok(child, local):
            problems.append(f"w:{local} has an unreadable value {child.get(qn('w:val'))!r} in {what}")
            parent.remove(child)
        else:
            seen.add(local)
            kept.append(child)
    ordered = sorted(kept, key=lambda c: rank[c.tag[len(_W):]])
    if ordered != kept:
        problems.append(f"the properties of {what} are out of order")
    for child in ordered + foreign:
        parent.append(child)  # lxml moves the element; comments and the like stay first


def _repair_styles(styles, report: _Report) -> None:
    problems: list[str] = []
    for el in styles.iter(qn("w:style")):
        name = el.find(qn("w:name"))
        what = f"style '{name.get(qn('w:val')) if name is not None else el.get(qn('w:styleId'))}'"
        _reorder(el, STYLE_ORDER, what, problems, frozenset({"tblStylePr"}))  # one per table part
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.getparent().tag != qn("w:rPrChange"):
            _reorder(rpr, STYLE_RPR_ORDER, "run properties" + _owner(rpr), problems)
    for ppr in styles.iter(qn("w:pPr")):
        if ppr.getparent().tag != qn("w:pPrChange"):
            _reorder(ppr, STYLE_PPR_ORDER, "paragraph properties" + _owner(ppr), problems)
    if problems:
        shown = "; ".join(dict.fromkeys(problems))
        report.warn(f"repaired {len(problems)} invalid style propert{'y' if len(problems) == 1 else 'ies'} "
                    f"({shown[:400]}{'…' if len(shown) > 400 else ''})")


def _owner(el) -> str:
    for anc in el.iterancestors(qn("w:style")):
        name = anc.find(qn("w:name"))
        return f" of style '{name.get(qn('w:val')) if name is not None else anc.get(qn('w:styleId'))}'"
    return " of the document defaults"


def _ensure_styles(doc) -> set[str]:
    """Copy the styles the writer names and the reference lacks; returns their names."""
    styles = doc.styles
    have = {s.name for s in styles}
    copied = set()
    builtin = _builtin().styles
    taken_ids = {s.style_id for s in styles}
    defaults = {s.type for s in styles if s.element.get(qn("w:default")) in ("1", "true", "on")}
    for name in REQUIRED_STYLES:
        if name in have:
            continue
        try:
            source = builtin[name]
        except KeyError:
            continue
        element = copy.deepcopy(source.element)
        if element.get(qn("w:default")) and source.type in defaults:
            del element.attrib[qn("w:default")]  # the reference's own default stays the default
        if element.get(qn("w:styleId")) in taken_ids:  # the id names another style there
            element.set(qn("w:styleId"), f"Brief{element.get(qn('w:styleId'))}")
        taken_ids.add(element.get(qn("w:styleId")))
        styles.element.append(element)
        copied.add(name)
    if copied:
        _relink_copied_styles(doc, copied)
    return copied


def _relink_copied_styles(doc, copied: set[str]) -> None:
    """basedOn / next / link of copied styles name built-in ids; point them at the same
    style names in this document, or drop the link."""
    by_builtin_id = {s.style_id: s.name for s in _builtin().styles}
    here = {s.name: s.style_id for s in doc.styles}
    for name in copied:
        element = doc.styles[name].element
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = element.find(qn(tag))
            if ref is None:
                continue
            target = here.get(by_builtin_id.get(ref.get(qn("w:val")), ""))
            if target:
                ref.set(qn("w:val"), target)
            else:
                element.remove(ref)


# --- list numbering -----------------------------------------------------------------


def _style_num(styles_by_id: dict, style) -> tuple[int | None, int]:
    """(numId, ilvl) of a paragraph style, following basedOn."""
    seen = set()
    while style is not None and style.get(qn("w:styleId")) not in seen:
        seen.add(style.get(qn("w:styleId")))
        num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            ilvl = num_pr.find(qn("w:ilvl"))
            try:
                return (int(num_pr.find(qn("w:numId")).get(qn("w:val"))),
                        int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)
            except (TypeError, ValueError):
                return None, 0
        based = style.find(qn("w:basedOn"))
        style = styles_by_id.get(based.get(qn("w:val"))) if based is not None else None
    return None, 0


def _abstract_for(numbering, num_id: int):
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                return None
            for abstract in numbering.findall(qn("w:abstractNum")):
                if abstract.get(qn("w:abstractNumId")) == ref.get(qn("w:val")):
                    return abstract
    return None


def level_format(numbering, num_id: int, ilvl: int) -> str | None:
    """The number format (bullet, decimal, ...) a list paragraph shows, or None if it shows none."""
    abstract = _abstract_for(numbering, num_id)
    if abstract is None:
        return None
    link = abstract.find(qn("w:numStyleLink"))
    if link is not None:
        return None  # a list style's definition: not ours to follow; treated as missing
    for lvl in abstract.findall(qn("w:lvl")):
        if lvl.get(qn("w:ilvl")) == str(ilvl):
            fmt = lvl.find(qn("w:numFmt"))
            return fmt.get(qn("w:val")) if fmt is not None else "decimal"
    return None


def _ensure_list_numbering(doc, copied: set[str], report: _Report) -> dict[str, tuple[int, int]]:
    """Every list style the writer uses resolves to a bullet or number definition here.

    A style copied from the built-in reference names the built-in's list ids, which mean
    something else (or nothing) in this document; its definition is merged in under fresh
    ids. So is the definition of a reference's own list style that resolves to nothing
    or to the wrong kind of list.
    """
    numbering = _numbering(doc, report)
    styles_by_id = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}
    builtin_numbering = _builtin().part.numbering_part.element
    builtin_by_id = {s.get(qn("w:styleId")): s for s in _builtin().styles.element.findall(qn("w:style"))}
    result = {}
    for name, wanted in LIST_STYLES.items():
        style = doc.styles[name].element
        num_id, ilvl = _style_num(styles_by_id, style)
        if name not in copied and num_id and level_format(numbering, num_id, ilvl) == wanted:
            result[name] = (num_id, ilvl)
            continue
        builtin_num, builtin_ilvl = _style_num(builtin_by_id, _builtin().styles[name].element)
        abstract = copy.deepcopy(_abstract_for(builtin_numbering, builtin_num))
        num_id = _merge_abstract(numbering, abstract, name)
        ooxml.set_style_num(style, num_id, builtin_ilvl)
        result[name] = (num_id, builtin_ilvl)
    return result


def _merge_abstract(numbering, abstract, name: str) -> int:
    """Add a list definition under a fresh abstractNumId and a w:num for it; returns its numId."""
    used = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
            if (a.get(qn("w:abstractNumId")) or "").lstrip("-").isdigit()]
    abstract.set(qn("w:abstractNumId"), str(max(used, default=-1) + 1))
    # Word tells lists apart by nsid: a fresh one keeps ours from joining a list of the reference.
    nsid = abstract.find(qn("w:nsid"))
    if nsid is not None:
        nsid.set(qn("w:val"), hashlib.sha256(f"briefing {name} {used}".encode()).hexdigest()[:8].upper())
    for lvl in abstract.findall(qn("w:lvl")):
        link = lvl.find(qn("w:pStyle"))  # names a built-in style id
        if link is not None:
            lvl.remove(link)
    # CT_Numbering: numPicBullet*, abstractNum*, num*, numIdMacAtCleanup?
    previous = numbering.findall(qn("w:abstractNum")) or numbering.findall(qn("w:numPicBullet"))
    if previous:
        previous[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    return numbering.add_num(int(abstract.get(qn("w:abstractNumId")))).numId


# --- fonts and language --------------------------------------------------------------


def _theme_fonts(doc) -> dict[str, str]:
    """Theme font slots (minorHAnsi, majorEastAsia, ...) -> typeface, Hangul script preferred."""
    try:
        theme = doc.part.part_related_by(RT.THEME)
    except KeyError:
        return {}
    try:
        root = etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for major in ("major", "minor"):
        fonts = root.find(f".//{_A}{major}Font")
        if fonts is None:
            continue
        latin, ea = fonts.find(f"{_A}latin"), fonts.find(f"{_A}ea")
        hang = next((f.get("typeface") for f in fonts.findall(f"{_A}font") if f.get("script") == "Hang"), None)
        if latin is not None and latin.get("typeface"):
            found[f"{major}HAnsi"] = found[f"{major}Ascii"] = found[f"{major}Bidi"] = latin.get("typeface")
        if hang or (ea is not None and ea.get("typeface")):
            found[f"{major}EastAsia"] = hang or ea.get("typeface")
    return found


def _apply_language(doc) -> None:
    # The same for both briefs: Latin-script text is English (model names, domains, settings);
    # tagging it ko-KR, as Korean Word templates do not, makes LibreOffice break it mid-word
    # ("alw|ays-on"). Hangul takes the eastAsia language, ko-KR; the core properties carry the
    # brief's own language (furniture.py).
    lang_tag = "en-US"
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = ooxml.OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = ooxml.OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = ooxml.OxmlElement("w:rPr")
        rpr_default.append(rpr)
    theme = _theme_fonts(doc)
    fonts = rpr.find(qn("w:rFonts"))
    east_asia = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    if not east_asia and fonts is not None and fonts.get(qn("w:eastAsiaTheme")):
        east_asia = theme.get(fonts.get(qn("w:eastAsiaTheme")))
    east_asia = east_asia or DEFAULT_EAST_ASIA_FONT
    # A theme font attribute wins over an explicit one, so every theme reference in the
    # styles goes (table-style conditions included): the theme's own typeface takes its
    # place, and Hangul falls back to east_asia.
    for fonts_el in list(styles.iter(qn("w:rFonts"))):
        _resolve_theme_fonts(fonts_el, theme)
    ooxml.set_fonts(rpr, None, east_asia)
    ooxml.set_language(rpr, lang_tag)
    for style in doc.styles:
        if style.name in EAST_ASIAN_STYLES:
            srpr = style.element.get_or_add_rPr()
            current = srpr.find(qn("w:rFonts"))
            keep = current.get(qn("w:eastAsia")) if current is not None else None
            ooxml.set_fonts(srpr, None, keep or east_asia)
    ooxml.tidy_settings(doc, lang_tag, update_fields=True)


def _resolve_theme_fonts(fonts_el, theme: dict[str, str]) -> None:
    for theme_attr, attrs in (("asciiTheme", ("ascii",)), ("hAnsiTheme", ("hAnsi",)),
                              ("eastAsiaTheme", ("eastAsia",)), ("cstheme", ("cs",))):
        slot = fonts_el.attrib.pop(qn(f"w:{theme_attr}"), None)
        if slot is None:
            continue
        for attr in attrs:
            if not fonts_el.get(qn(f"w:{attr}")) and theme.get(slot):
                fonts_el.set(qn(f"w:{attr}"), theme[slot])
