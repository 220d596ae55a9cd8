"""The reference's last section made the brief's: page setup completed, headers and footers
inherited from the sections that go with the body, every kind of page marked with the classification."""
from __future__ import annotations

import copy
import functools
import re

from docx.enum.section import WD_HEADER_FOOTER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.parts import MC, Repairs, W, builtin

A4_TWIPS = (11906, 16838)
MARGIN_ATTRS = ("top", "right", "bottom", "left", "header", "footer", "gutter")
KINDS = (("default", WD_HEADER_FOOTER.PRIMARY), ("first", WD_HEADER_FOOTER.FIRST_PAGE),
         ("even", WD_HEADER_FOOTER.EVEN_PAGE))
MARKING = {"ko": "{classification} · {page} / {pages}", "en": "{classification} · page {page} of {pages}"}
MARK_ONLY = "{classification}"


def final_section(doc):
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


def inherit_headers_and_footers(doc, final, report: Repairs) -> None:
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


def clear_body(doc, final) -> None:
    body = doc.element.body
    for child in list(body):
        if child is not final:
            body.remove(child)


def drop_unused_headers_and_footers(doc, final) -> None:
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


def drop_body_annotations(doc) -> None:
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
    pg_mar = builtin().element.body.find(qn("w:sectPr")).find(qn("w:pgMar"))
    return {a: pg_mar.get(qn(f"w:{a}")) for a in MARGIN_ATTRS}


def complete_page_setup(final, report: Repairs) -> None:
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
               for tag in (qn("w:tbl"), qn("w:drawing"), qn("w:pict"), f"{MC}AlternateContent"))


def _has_page_number(element) -> bool:
    instr = " ".join(t.text or "" for t in element.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple")))
    return "{page}" in _text(element) or re.search(r"\bPAGE\b", instr + " " + simple) is not None


def mark_every_page(doc, final, lang: str, report: Repairs) -> None:
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
        p = etree.SubElement(part.element, W + "p")
        ppr = etree.SubElement(p, W + "pPr")
        etree.SubElement(ppr, W + "pStyle", {W + "val": doc.styles[style].style_id})
        etree.SubElement(ppr, W + "jc", {W + "val": "center"})
        ooxml.append_run(p, text)
        pages = "the first page" if kind == "first" else "even pages" if kind == "even" else "the pages"
        report.note(f"no {{classification}} placeholder in the header or footer of {pages}; "
                    f"the classification" + ("" if text == MARK_ONLY else " and 'page X of Y'")
                    + f" were added to the {where}")
