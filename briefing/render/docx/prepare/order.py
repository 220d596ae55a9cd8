"""Schema order of property elements: the element orders a reference's styles and settings
must follow, and the one repair that drops what breaks them (unknown, duplicate or unreadable
children) and puts the rest in order. Word refuses a file whose properties are out of order."""
from __future__ import annotations

import re

from docx.oxml.ns import qn

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.parts import W

# Children of w:style in schema order (CT_Style).
STYLE_ORDER = ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"]
# In styles, w:pPr is CT_PPrGeneral and w:rPr CT_RPr: no run properties or section inside pPr.
STYLE_PPR_ORDER = [n for n in ooxml.PPR_ORDER if n not in ("rPr", "sectPr")]
STYLE_RPR_ORDER = ooxml.RPR_ORDER + ["rPrChange"]
# A table style part (CT_TblStylePr) and table, row and cell properties (CT_TblPrBase, CT_TrPr,
# CT_TcPr). A tuple is one place that two names share (left is the transitional start).
TBL_STYLE_PR_ORDER = ["pPr", "rPr", "tblPr", "trPr", "tcPr"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
               "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"]
# CT_TrPrBase is a choice, repeated: any order, each once.
TRPR_ELEMENTS = ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
                 "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"]
TCPR_ORDER = ooxml.TCPR_ORDER + ["headers", "cellIns", "cellDel", "cellMerge", "tcPrChange"]
BORDERS_ORDER = ["top", ("left", "start"), "bottom", ("right", "end"), "insideH", "insideV", "tl2br", "tr2bl"]
MARGINS_ORDER = ["top", ("left", "start"), "bottom", ("right", "end")]
# w:settings (CT_Settings); a few of its children may repeat.
SETTINGS_REPEATABLE = frozenset({"activeWritingStyle", "attachedSchema", "smartTagType"})
SETTINGS_PLACED = {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr": "mathPr",
                   "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary": "schemaLibrary"}

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


def reorder(parent, order: list, what: str, problems: list[str], repeatable: frozenset = frozenset(),
            ordered: bool = True, check_values: bool = True, placed: dict[str, str] | None = None) -> None:
    """Drop unknown, duplicate and unreadable w: children; put the rest in schema order
    (unless `ordered` is false: a choice group, where any order is valid).

    Children in other namespaces (w14:, ...) are extensions Word ignores when it does
    not know them; they keep their place after the w: children, except those that
    `placed` (Clark name -> a name in `order`) gives a place among them (m:mathPr).
    """
    placed = placed or {}
    rank = {}
    for i, names in enumerate(order):
        for name in (names if isinstance(names, tuple) else (names,)):
            rank[name] = i
    seen: set[int] = set()
    kept, foreign = [], []
    for child in list(parent):
        if not isinstance(child.tag, str):
            continue
        if child.tag in placed:
            local = placed[child.tag]
        elif not child.tag.startswith(W):
            foreign.append(child)
            continue
        else:
            local = child.tag[len(W):]
        if local not in rank:
            problems.append(f"w:{local} is not allowed in {what}")
            parent.remove(child)
        elif rank[local] in seen and local not in repeatable:
            problems.append(f"w:{local} appears twice in {what}")
            parent.remove(child)
        elif check_values and not _value_ok(child, local):
            problems.append(f"w:{local} has an unreadable value {child.get(qn('w:val'))!r} in {what}")
            parent.remove(child)
        else:
            seen.add(rank[local])
            kept.append(child)
    def place(child) -> int:
        return rank[placed.get(child.tag) or child.tag[len(W):]]

    result = sorted(kept, key=place) if ordered else kept
    if result != kept:
        problems.append(f"the properties of {what} are out of order")
    for child in result + foreign:
        parent.append(child)  # lxml moves the element; comments and the like stay first
