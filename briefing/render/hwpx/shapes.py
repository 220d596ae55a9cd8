"""The look of a brief in Hangul: paragraph and character shapes, 개조식 bullets, cell fills.

HWPX keeps formatting as numbered shapes in the header part (charPr, paraPr,
borderFill, bullet); a paragraph, run or cell points at one. The writer names a kind
("body", "bullet-1", "table-heading" ...) and gets the shape's id here; each shape is
made the first time it is asked for and reused after, so a brief of 600 paragraphs
makes about 40 shapes, written into the skeleton's header lists at the end.
The sizes, colours and spacing follow the built-in Word reference, so a brief looks
alike in Word and Hangul.

Fonts: 맑은 고딕 (Malgun Gothic), the Korean face of every Windows since Vista and the
one the DOCX uses; Hancom Office on Windows uses it as installed. Where it is missing
(Hancom Office on macOS or Linux) the document names 함초롬돋움 as its substitute,
the face Hancom Office ships everywhere and its own default.
"""
from __future__ import annotations

from dataclasses import dataclass

from briefing.render.hwpx.skeleton import HWPUNIT_PER_MM, Skeleton

NAVY = "#1F3864"
GREY = "#595959"
LINK = "#2E74B5"
SPAN_COLOURS = {"critical": "#C00000", "high": "#C55A11", "medium": "#7F6000", "low": "#38761D",
                "classification": "#C00000"}
# 개조식 bullets, outermost first: the hierarchy of Korean reports (□ ○ - ·).
BULLETS = ("□", "○", "-", "·")


@dataclass(frozen=True)
class Look:
    size: float = 10
    bold: bool = False
    color: str | None = None
    align: str = "JUSTIFY"
    before: float = 0  # pt
    after: float = 4  # pt
    line: int = 160  # percent of the font size, Hangul's measure
    indent: float = 0  # mm, left
    keep_with_next: bool = False


LOOKS = {
    "body": Look(),
    "title": Look(size=22, bold=True, color=NAVY, align="LEFT", after=4, line=130),
    "subtitle": Look(size=13, color=GREY, align="LEFT", after=14, line=150),
    "cover": Look(size=10.5, color=GREY, align="LEFT", after=4),
    "heading-1": Look(size=14, bold=True, color=NAVY, align="LEFT", before=14, after=5, line=150,
                      keep_with_next=True),
    "heading-2": Look(size=11.5, bold=True, color=NAVY, align="LEFT", before=10, after=3, line=150,
                      keep_with_next=True),
    "heading-3": Look(size=10.5, bold=True, color=LINK, align="LEFT", before=8, after=2, line=150,
                      keep_with_next=True),
    "summary": Look(align="LEFT", after=3, line=165, indent=4),
    "note": Look(size=8, color=GREY, align="LEFT", after=6, line=145),
    "sources": Look(size=8, color=GREY, align="LEFT", after=2, line=145, indent=5),
    "figure": Look(align="CENTER", before=6, after=2, line=100, keep_with_next=True),
    "table-text": Look(size=8.5, align="LEFT", after=0, line=145),
    "table-heading": Look(size=8.5, bold=True, color="#FFFFFF", align="CENTER", after=0, line=145),
    "toc-heading": Look(size=14, bold=True, color=NAVY, align="LEFT", after=10, line=150),
    "toc-1": Look(bold=True, align="LEFT", before=4, after=2, line=150),
    "toc-2": Look(align="LEFT", after=2, line=150, indent=6),
    "table-anchor": Look(align="LEFT", after=6, line=100),
    "footnote": Look(size=7.5, color=GREY, align="LEFT", after=0, line=130),
    "header": Look(size=8, color=GREY, align="LEFT", after=0, line=130),
    "footer": Look(size=8, color=GREY, align="CENTER", after=0, line=130),
}
for _level in range(len(BULLETS)):
    LOOKS[f"bullet-{_level}"] = Look(align="JUSTIFY", after=2, indent=4 * _level)
TABLE_HEADING_FILL = NAVY
PRIORITY_FILL = {"critical": "#FBE3E1", "high": "#FCE9D9", "medium": "#FFF4CE", "low": "#E6F1DF"}


_SEVEN = ("hangul", "latin", "hanja", "japanese", "other", "symbol", "user")


def _per_script(tag: str, value) -> str:
    return f'<hh:{tag} {" ".join(f"{s}={chr(34)}{value}{chr(34)}" for s in _SEVEN)}/>'


_CHAR_FIXED = (_per_script("ratio", 100) + _per_script("spacing", 0) + _per_script("relSz", 100)
               + _per_script("offset", 0))
_CHAR_LINES = ('<hh:underline type="NONE" shape="SOLID" color="#000000"/><hh:strikeout shape="NONE" '
               'color="#000000"/><hh:outline type="NONE"/><hh:shadow type="NONE" color="#C0C0C0" '
               'offsetX="10" offsetY="10"/>')
_BORDERS = "".join(f'<hh:{side}Border type="SOLID" width="0.12 mm" color="#000000"/>'
                   for side in ("left", "right", "top", "bottom"))


class Shapes:
    """The shape ids of one document, made on first use; `header_xml()` writes them into the header."""

    def __init__(self, skeleton: Skeleton):
        self.skeleton = skeleton
        self.body_style = skeleton.styles["바탕글"][0]
        self.outline_style = {level: skeleton.styles[f"개요 {level}"][0] for level in (1, 2, 3)}
        self.footnote_style = skeleton.styles["각주"]
        self._next = dict(skeleton.next_ids)
        self._items: dict[str, list[str]] = {name: [] for name in self._next}
        self._chars: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}
        self._fills: dict[str | None, str] = {}
        self._bullets: dict[int, str] = {}  # level -> bullet id
        self.table_border = self.fill(None)

    def _add(self, name: str, make) -> str:
        ident = str(self._next[name])
        self._next[name] += 1
        self._items[name].append(make(ident))
        return ident

    def char(self, kind: str, *, bold: bool = False, italic: bool = False, color: str | None = None,
             sup: bool = False) -> str:
        look = LOOKS[kind]
        key = (look.size, look.bold or bold, italic, color or look.color or "#000000", sup)
        if key not in self._chars:
            size, bold, italic, colour, sup = key
            face = self.skeleton.face
            self._chars[key] = self._add("charProperties", lambda ident: (
                f'<hh:charPr id="{ident}" height="{round(size * 100)}" textColor="{colour}" shadeColor="none" '
                f'useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="2">'
                f'{_per_script("fontRef", face)}{_CHAR_FIXED}{"<hh:italic/>" if italic else ""}'
                f'{"<hh:bold/>" if bold else ""}{_CHAR_LINES}{"<hh:supscript/>" if sup else ""}</hh:charPr>'))
        return self._chars[key]

    def paragraph(self, kind: str, *, page_break: bool = False, outline: int | None = None) -> str:
        key = (kind, page_break, outline)
        if key not in self._paras:
            look = LOOKS[kind]
            heading, settings = ("NONE", "0", 0), ("0", "0", "BREAK_WORD")
            if outline is not None:
                # Tab stops, space condensing and whole-word breaking as Hangul's own 개요 styles have them.
                heading, settings = ("OUTLINE", "0", outline - 1), self.skeleton.outline_settings[outline]
            elif kind.startswith("bullet-"):
                heading = ("BULLET", self._bullet(int(kind.rpartition("-")[2])), 0)
            self._paras[key] = self._add("paraProperties",
                                         lambda ident: _para_pr(ident, look, heading, settings, page_break))
        return self._paras[key]

    def fill(self, colour: str | None) -> str:
        """The border fill of table cells: solid borders, and the colour's background."""
        if colour not in self._fills:
            brush = (f'<hc:fillBrush><hc:winBrush faceColor="{colour}" hatchColor="#FF000000" alpha="0"/>'
                     f'</hc:fillBrush>' if colour else "")
            self._fills[colour] = self._add("borderFills", lambda ident: (
                f'<hh:borderFill id="{ident}" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
                f'<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" '
                f'isCounter="0"/>{_BORDERS}<hh:diagonal type="SOLID" width="0.1 mm" color="#000000"/>{brush}'
                f'</hh:borderFill>'))
        return self._fills[colour]

    def _bullet(self, level: int) -> str:
        if level not in self._bullets:
            self._bullets[level] = str(len(self._bullets) + 1)
        return self._bullets[level]

    def header_xml(self) -> str:
        """The skeleton's header with this document's shapes in its lists."""
        values = {}
        for name, items in self._items.items():
            values[name] = "".join(items)
            values[f"{name}_count"] = str(self.skeleton.counts[name] + len(items))
        bullets = "".join(
            f'<hh:bullet id="{ident}" char="{BULLETS[level]}" useImage="0"><hh:paraHead level="0" align="LEFT" '
            f'useInstWidth="0" autoIndent="1" widthAdjust="0" textOffsetType="PERCENT" textOffset="50" '
            f'numFormat="DIGIT" charPrIDRef="4294967295" checkable="0"/></hh:bullet>'
            for level, ident in self._bullets.items())
        values["bullets"] = f'<hh:bullets itemCnt="{len(self._bullets)}">{bullets}</hh:bullets>' if bullets else ""
        return self.skeleton.header.fill(values)


def _para_pr(ident: str, look: Look, heading: tuple, settings: tuple, page_break: bool) -> str:
    kind, ref, level = heading
    tab_pr, condense, word_break = settings

    def margins(scale: int) -> str:
        # Hangul writes each length twice: in HwpUnitChar's switch case and, doubled, as the default.
        values = {"intent": 0, "left": round(look.indent * HWPUNIT_PER_MM), "right": 0,
                  "prev": round(look.before * 100), "next": round(look.after * 100)}
        lengths = "".join(f'<hc:{name} value="{v * scale}" unit="HWPUNIT"/>' for name, v in values.items())
        return (f"<hh:margin>{lengths}</hh:margin>"
                f'<hh:lineSpacing type="PERCENT" value="{look.line}" unit="HWPUNIT"/>')

    return (f'<hh:paraPr id="{ident}" tabPrIDRef="{tab_pr}" condense="{condense}" fontLineHeight="0" snapToGrid="1" '
            f'suppressLineNumbers="0" checked="0" textDir="LTR"><hh:align horizontal="{look.align}" '
            f'vertical="BASELINE"/><hh:heading type="{kind}" idRef="{ref}" level="{level}"/><hh:breakSetting '
            f'breakLatinWord="KEEP_WORD" breakNonLatinWord="{word_break}" widowOrphan="0" '
            f'keepWithNext="{int(look.keep_with_next)}" keepLines="0" pageBreakBefore="{int(page_break)}" '
            f'lineWrap="BREAK"/><hh:autoSpacing eAsianEng="0" eAsianNum="0"/><hp:switch><hp:case '
            f'hp:required-namespace="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar">{margins(1)}</hp:case>'
            f'<hp:default>{margins(2)}</hp:default></hp:switch><hh:border borderFillIDRef="2" offsetLeft="0" '
            f'offsetRight="0" offsetTop="0" offsetBottom="0" connect="0" ignoreMargin="0"/></hh:paraPr>')
