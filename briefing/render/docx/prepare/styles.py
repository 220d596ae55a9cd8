"""Styles: invalid properties repaired (schema order, unknown children, unreadable values), and
the styles the writer names but the reference lacks copied from the built-in reference."""
from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn
from docx.styles import BabelFish

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.order import (
    BORDERS_ORDER,
    MARGINS_ORDER,
    SETTINGS_PLACED,
    SETTINGS_REPEATABLE,
    STYLE_ORDER,
    STYLE_PPR_ORDER,
    STYLE_RPR_ORDER,
    TBL_STYLE_PR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    TRPR_ELEMENTS,
    reorder,
)
from briefing.render.docx.prepare.parts import Repairs, builtin

# Styles the writer names; copied from the built-in reference when a reference lacks them.
REQUIRED_STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
    "List Bullet 2", "List Number", "Caption", "Footnote Text", "Footnote Reference", "TOC Heading",
    "TOC 1", "TOC 2", "Summary", "Note", "Table Text", "Table Heading", "Cover Text", "Brief Table",
    "Figure", "Hyperlink", "Priority Critical", "Priority High", "Priority Medium", "Priority Low",
    "Classification", "Header", "Footer", "Source List",
)


def repair_styles(styles, report: Repairs) -> None:
    problems: list[str] = []
    for el in styles.iter(qn("w:style")):
        name = el.find(qn("w:name"))
        what = f"style '{name.get(qn('w:val')) if name is not None else el.get(qn('w:styleId'))}'"
        reorder(el, STYLE_ORDER, what, problems, frozenset({"tblStylePr"}))  # one per table part
    for part in styles.iter(qn("w:tblStylePr")):
        reorder(part, TBL_STYLE_PR_ORDER, "a table part" + _owner(part), problems)
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.getparent().tag != qn("w:rPrChange"):
            reorder(rpr, STYLE_RPR_ORDER, "run properties" + _owner(rpr), problems)
    for ppr in styles.iter(qn("w:pPr")):
        if ppr.getparent().tag != qn("w:pPrChange"):
            reorder(ppr, STYLE_PPR_ORDER, "paragraph properties" + _owner(ppr), problems)
    # Table, row and cell properties (table styles), with their borders and margins.
    for tag, order, what, ordered in (("w:tblPr", TBLPR_ORDER, "table properties", True),
                                      ("w:trPr", TRPR_ELEMENTS, "row properties", False),
                                      ("w:tcPr", TCPR_ORDER, "cell properties", True)):
        for el in styles.iter(qn(tag)):
            if el.getparent().tag not in (qn("w:tblPrChange"), qn("w:trPrChange"), qn("w:tcPrChange")):
                reorder(el, order, what + _owner(el), problems, ordered=ordered, check_values=False)
    for tag, order, what in (("w:tblBorders", BORDERS_ORDER, "table borders"),
                             ("w:tcBorders", BORDERS_ORDER, "cell borders"),
                             ("w:tblCellMar", MARGINS_ORDER, "cell margins"),
                             ("w:tcMar", MARGINS_ORDER, "cell margins")):
        for el in styles.iter(qn(tag)):
            reorder(el, order[:6] if tag == "w:tblBorders" else order, what + _owner(el), problems,
                    check_values=False)
    if problems:
        shown = "; ".join(dict.fromkeys(problems))
        report.warn(f"repaired {len(problems)} invalid style propert{'y' if len(problems) == 1 else 'ies'} "
                    f"({shown[:400]}{'…' if len(shown) > 400 else ''})")


def repair_settings(doc, report: Repairs) -> None:
    """The document settings in schema order (pandoc's own reference has w:footnotePr too early)."""
    problems: list[str] = []
    reorder(doc.settings.element, ooxml.SETTINGS_ORDER, "the document settings", problems,
            SETTINGS_REPEATABLE, check_values=False, placed=SETTINGS_PLACED)
    if problems:
        shown = "; ".join(dict.fromkeys(problems))
        report.warn(f"repaired its settings ({shown[:300]}{'…' if len(shown) > 300 else ''})")


def _owner(el) -> str:
    for anc in el.iterancestors(qn("w:style")):
        name = anc.find(qn("w:name"))
        return f" of style '{name.get(qn('w:val')) if name is not None else anc.get(qn('w:styleId'))}'"
    return " of the document defaults"


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _name_of(el) -> str:
    found = el.find(qn("w:name"))
    return found.get(qn("w:val"), "") if found is not None else ""


def canonical_style_names(doc, report: Repairs) -> None:
    """Find the styles the writer names as Word does: by name or by id, whatever the case.

    python-docx finds a built-in style only under Word's lower-case internal name
    ("heading 1"); pandoc's reference names it "Heading 1" (id Heading1), other tools
    "HEADING 1" or only the id. Such a style gets the name python-docx looks for, so the
    reference's own look is used instead of a copy of the built-in style."""
    styles = doc.styles
    builtin_styles = builtin().styles
    elements = list(styles.element.iter(qn("w:style")))
    renamed = []
    for name in REQUIRED_STYLES:
        if styles.element.get_by_name(BabelFish.ui2internal(name)) is not None:
            continue
        try:
            kind = builtin_styles[name].element.get(qn("w:type"))
        except KeyError:
            kind = None
        candidates = [el for el in elements if kind is None or el.get(qn("w:type"), "paragraph") == kind]
        match = next((el for el in candidates if _key(_name_of(el)) == _key(name)), None)
        if match is None:
            match = next((el for el in candidates if _key(el.get(qn("w:styleId"), "")) == _key(name)), None)
        if match is None:
            continue
        internal = BabelFish.ui2internal(name)
        label = match.find(qn("w:name"))
        if label is None:
            label = match.makeelement(qn("w:name"), {})
            match.insert(0, label)
        before = label.get(qn("w:val")) or match.get(qn("w:styleId"))
        label.set(qn("w:val"), internal)
        renamed.append(f"{before!r} as {name!r}")
    if renamed:
        report.note("styles found by id or by name in another case: " + ", ".join(renamed))


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
