"""List numbering: every list style the writer uses resolves to a bullet or number definition,
merged into the reference's numbering part under fresh ids when it does not."""
from __future__ import annotations

import copy
import hashlib

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.parts import Repairs, W, builtin

# List styles and the number format their first level must have.
LIST_STYLES = {"List Bullet": "bullet", "List Bullet 2": "bullet", "List Number": "decimal"}


NUMBERING_ORDER = ["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"]


def _numbering(doc, report: Repairs):
    """The document's numbering element (children put in schema order: merged definitions
    go after the last abstractNum), with a numbering part created when it has none."""
    try:
        numbering = doc.part.numbering_part.element
    except NotImplementedError:
        numbering = None
    if numbering is not None:
        rank = {name: i for i, name in enumerate(NUMBERING_ORDER)}
        children = [c for c in numbering if isinstance(c.tag, str) and c.tag.startswith(W)
                    and c.tag[len(W):] in rank]
        ordered = sorted(children, key=lambda c: rank[c.tag[len(W):]])
        if ordered != children:
            for child in ordered:
                numbering.append(child)
            report.warn("its list definitions were out of schema order and were reordered")
        return numbering
    part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                         parse_xml(f"<w:numbering {nsdecls('w')}/>"), doc.part.package)
    doc.part.relate_to(part, RT.NUMBERING)
    return part.element


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


def ensure_list_numbering(doc, copied: set[str], report: Repairs) -> dict[str, tuple[int, int]]:
    """Every list style the writer uses resolves to a bullet or number definition here.

    A style copied from the built-in reference names the built-in's list ids, which mean
    something else (or nothing) in this document; its definition is merged in under fresh
    ids. So is the definition of a reference's own list style that resolves to nothing
    or to the wrong kind of list.
    """
    numbering = _numbering(doc, report)
    styles_by_id = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}
    builtin_numbering = builtin().part.numbering_part.element
    builtin_by_id = {s.get(qn("w:styleId")): s for s in builtin().styles.element.findall(qn("w:style"))}
    result = {}
    for name, wanted in LIST_STYLES.items():
        style = doc.styles[name].element
        num_id, ilvl = _style_num(styles_by_id, style)
        if name not in copied and num_id and level_format(numbering, num_id, ilvl) == wanted:
            result[name] = (num_id, ilvl)
            continue
        builtin_num, builtin_ilvl = _style_num(builtin_by_id, builtin().styles[name].element)
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
