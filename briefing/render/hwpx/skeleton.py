"""Hangul's empty document, made once per process: what every brief's HWPX starts from.

python-hwpx builds it from Hancom's own skeleton (styles 바탕글, 개요 1-10, 각주 ...,
fonts, settings), and we set the page, the font and the outline numbers on it. The
brief's own parts are then written as text around it (shapes into the header's lists,
paragraphs after the section's settings), so python-hwpx's object model and its
package re-validation (most of its cost) are paid once, not per brief; the tests
validate every brief against the OWPML schemas instead.
"""
from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass

from briefing.render.hwpx.library import fixed_ids, require_hwpx

HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
# The header's lists whose items a brief adds to, and where the bullets it may need go:
# OWPML's order is fontfaces, borderFills, charProperties, tabProperties, numberings,
# bullets, paraProperties, styles ...
GROWING = ("borderFills", "charProperties", "paraProperties")
MARGINS_MM = {"left": 20, "right": 20, "top": 22, "bottom": 19, "header": 10, "footer": 10}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
HWPUNIT_PER_MM = 7200 / 25.4  # OWPML's length unit: 1/7200 inch
TEXT_WIDTH = round(TEXT_WIDTH_MM * HWPUNIT_PER_MM)
FACE = "맑은 고딕"
SUBSTITUTE = "함초롬돋움"
# Outline numbers as the brief's own headings read: "1.", "1.1", "1.1.1".
OUTLINE_FORMATS = {1: "^1.", 2: "^1.^2", 3: "^1.^2.^3"}
PER_BRIEF = ("Contents/header.xml", "Contents/section0.xml", "Contents/content.hpf")
_SLOT = re.compile(r"<!--@(\w+)@-->|@(\w+)@")


class Template:
    """Text with named slots ("@name@", or "<!--@name@-->" where an element goes)."""

    def __init__(self, text: str):
        pieces = _SLOT.split(text)
        self.literals = pieces[0::3]
        self.slots = [a or b for a, b in zip(pieces[1::3], pieces[2::3], strict=True)]

    def fill(self, values: dict[str, str]) -> str:
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            out.append(values[slot])
            out.append(literal)
        return "".join(out)


@dataclass(frozen=True)
class Skeleton:
    members: tuple[tuple[str, bytes | None], ...]  # the package's parts in order; None: written per brief
    header: Template  # slots: each GROWING list's items and count, "bullets"
    counts: dict[str, int]  # items each GROWING list already holds
    next_ids: dict[str, int]  # the id its next item takes (border fills count from 1)
    section_open: str  # the XML declaration and <hs:sec ...>
    section_settings: str  # secPr and column settings: the first paragraph's first run holds them
    package_open: str  # content.hpf up to its metadata
    manifest_items: str  # content.hpf's manifest items for the fixed parts
    spine: str
    face: str  # the font id of FACE
    styles: dict[str, tuple[str, str, str]]  # style name -> (id, paraPr id, charPr id)
    outline_settings: dict[int, tuple[str, str, str]]  # 개요 level -> its (tab stops, condense, word breaking)


@functools.lru_cache(maxsize=1)
def skeleton() -> Skeleton:
    require_hwpx()
    from hwpx import HwpxDocument
    from lxml import etree

    m = MARGINS_MM
    with fixed_ids():
        doc = HwpxDocument.new()
        doc.page.setup(paper_size="A4", orientation="PORTRAIT", margin_left_mm=m["left"],
                       margin_right_mm=m["right"], margin_top_mm=m["top"], margin_bottom_mm=m["bottom"],
                       header_margin_mm=m["header"], footer_margin_mm=m["footer"])
        doc.styles.ensure_font(FACE, subst_face=SUBSTITUTE, subst_type="TTF")
        doc.parts.clear_document_metadata(keep=(), timestamp="1980-01-01T00:00:00Z")
        doc.parts.clear_preview()
        package = zipfile.ZipFile(io.BytesIO(doc.to_bytes()))
    parts = {name: package.read(name) for name in package.namelist()}

    head = etree.fromstring(parts["Contents/header.xml"])
    ref_list = head.find(f"{HH}refList")
    counts, next_ids = {}, {}
    for name in GROWING:
        items = ref_list.find(f"{HH}{name}")
        counts[name] = len(items)
        next_ids[name] = max((int(item.get("id")) for item in items), default=-1) + 1
        items.set("itemCnt", f"@{name}_count@")
        items.append(etree.Comment(f"@{name}@"))
    for old in ref_list.findall(f"{HH}bullets"):
        ref_list.remove(old)
    ref_list.find(f"{HH}paraProperties").addprevious(etree.Comment("@bullets@"))
    _set_outline_numbers(head)
    face = next(f.get("id") for f in head.iter(f"{HH}font") if f.get("face") == FACE)
    styles = {s.get("name"): (s.get("id"), s.get("paraPrIDRef"), s.get("charPrIDRef"))
              for s in head.iter(f"{HH}style")}
    para_prs = {p.get("id"): p for p in head.iter(f"{HH}paraPr")}
    outline_settings = {}
    for level in OUTLINE_FORMATS:
        para_pr = para_prs[styles[f"개요 {level}"][1]]
        outline_settings[level] = (para_pr.get("tabPrIDRef", "0"), para_pr.get("condense", "0"),
                                   para_pr.find(f"{HH}breakSetting").get("breakNonLatinWord", "BREAK_WORD"))
    header = etree.tostring(head, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")

    section = parts["Contents/section0.xml"].decode("utf-8")
    start = section.index("<hp:secPr")
    content = parts["Contents/content.hpf"].decode("utf-8")
    manifest = content[content.index("<opf:manifest>") + len("<opf:manifest>"):content.index("</opf:manifest>")]
    return Skeleton(
        members=tuple((name, None if name in PER_BRIEF else data) for name, data in parts.items()),
        header=Template(header), counts=counts, next_ids=next_ids,
        section_open=section[:section.index("<hp:p ")],
        section_settings=section[start:section.index("</hp:run>", start)],
        package_open=content[:content.index("<opf:metadata>")],
        manifest_items=manifest,
        spine=content[content.index("<opf:spine>"):content.index("</opf:package>")],
        face=face, styles=styles, outline_settings=outline_settings)


def _set_outline_numbers(head) -> None:
    """The outline numbers Hangul draws before 개요 headings, in the brief's own form."""
    numbering = next(head.iter(f"{HH}numbering"))
    for level_head in numbering:
        level = int(level_head.get("level", "0"))
        if level in OUTLINE_FORMATS:
            level_head.text = OUTLINE_FORMATS[level]
            level_head.set("numFormat", "DIGIT")
