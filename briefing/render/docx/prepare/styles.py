"""Styles: invalid properties repaired (schema order, unknown children, unreadable values), and
the styles the writer names but the reference lacks copied from the built-in reference."""
from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.parts import Repairs, W, builtin

# Styles the writer names; copied from the built-in reference when a reference lacks them.
REQUIRED_STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
    "List Bullet 2", "List Number", "Caption", "Footnote Text", "Footnote Reference", "TOC Heading",
    "TOC 1", "TOC 2", "Summary", "Note", "Table Text", "Table Heading", "Cover Text", "Brief Table",
    "Figure", "Hyperlink", "Priority Critical", "Priority High", "Priority Medium", "Priority Low",
    "Classification", "Header", "Footer", "Source List",
)


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
        if not child.tag.startswith(W):
            foreign.append(child)
            continue
        local = child.tag[len(W):]
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
    ordered = sorted(kept, key=lambda c: rank[c.tag[len(W):]])
    if ordered != kept:
        problems.append(f"the properties of {what} are out of order")
    for child in ordered + foreign:
        parent.append(child)  # lxml moves the element; comments and the like stay first


def repair_styles(styles, report: Repairs) -> None:
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


def ensure_styles(doc) -> set[str]:
    """Copy the styles the writer names and the reference lacks; returns their names."""
    styles = doc.styles
    have = {s.name for s in styles}
    copied = set()
    builtin_styles = builtin().styles
    taken_ids = {s.style_id for s in styles}
    defaults = {s.type for s in styles if s.element.get(qn("w:default")) in ("1", "true", "on")}
    for name in REQUIRED_STYLES:
        if name in have:
            continue
        try:
            source = builtin_styles[name]
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
    by_builtin_id = {s.style_id: s.name for s in builtin().styles}
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
