"""The section's markup (OWPML's hp: namespace) as text, one small function per construct.

Written as strings rather than element trees: a brief's section is some 15,000
elements, and joining text is several times faster than building a tree to serialize
it. Each construct is written the way Hancom's own files and python-hwpx write it
(attributes included), and the tests validate every brief against the OWPML schemas.
"""
from __future__ import annotations

import re

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no XML 1.0 document may hold these
_HYPERLINK_FIELD = "627600491"  # the field id Hangul gives hyperlinks
_SUBLIST = ('textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="{align}" linkListIDRef="0" '
            'linkListNextIDRef="0" textWidth="{width}" textHeight="{height}" hasTextRef="0" hasNumRef="0"')
_OBJECT_POSITION = ('<hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" '
                    'holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="{align}" '
                    'vertOffset="0" horzOffset="0"/><hp:outMargin left="0" right="0" top="0" bottom="0"/>')
CELL_MARGIN = {"left": 510, "right": 510, "top": 141, "bottom": 141}
_CELL_MARGIN = " ".join(f'{side}="{v}"' for side, v in CELL_MARGIN.items())


def escape(text: str) -> str:
    return _NOT_XML.sub("", text).translate(_ESCAPES)


def _command(target: str) -> str:
    """A link target as Hangul's field command spells it: ':', '?', ';' and '#' escaped by a backslash."""
    return escape("".join("\\" + ch if ch in ":?;#" else ch for ch in target))


def paragraph(ident: int, para: str, style: str, runs: list[str]) -> str:
    return (f'<hp:p id="{ident}" paraPrIDRef="{para}" styleIDRef="{style}" pageBreak="0" columnBreak="0" '
            f'merged="0">{"".join(runs) or empty_run()}</hp:p>')


def empty_run(char: str = "0") -> str:
    return f'<hp:run charPrIDRef="{char}"><hp:t/></hp:run>'


def run(char: str, text: str) -> str:
    body = "<hp:lineBreak/>".join(escape(line) for line in text.split("\n"))
    return f'<hp:run charPrIDRef="{char}"><hp:t>{body}</hp:t></hp:run>'


def control_run(char: str, control: str) -> str:
    return f'<hp:run charPrIDRef="{char}"><hp:ctrl>{control}</hp:ctrl></hp:run>'


def bookmark(name: str) -> str:
    return control_run("0", f'<hp:bookmark name="{escape(name)}"/>')


def hyperlink(ident: int, href: str, text: str, char: str) -> list[str]:
    """A link to a URL, or with "#name" to a bookmark of this document: field begin, text, field end."""
    if href.startswith("#"):
        params = (f'<hp:stringParam name="Command">?{_command(href[1:])};0;0;0;</hp:stringParam>'
                  f'<hp:stringParam name="Category">HWPHYPERLINK_TYPE_HWP</hp:stringParam>')
    else:
        params = (f'<hp:stringParam name="Command">{_command(href)};1;0;0;</hp:stringParam>'
                  f'<hp:stringParam name="Path">{escape(href)}</hp:stringParam>'
                  f'<hp:stringParam name="Category">HWPHYPERLINK_TYPE_URL</hp:stringParam>')
    count = 5 if href.startswith("#") else 6
    begin = (f'<hp:fieldBegin id="{ident}" type="HYPERLINK" name="{escape(href)}" editable="0" dirty="0" '
             f'zorder="-1" fieldid="{_HYPERLINK_FIELD}"><hp:parameters cnt="{count}" name="">'
             f'<hp:integerParam name="Prop">0</hp:integerParam>{params}'
             f'<hp:stringParam name="TargetType">HWPHYPERLINK_TARGET_BOOKMARK</hp:stringParam>'
             f'<hp:stringParam name="DocOpenType">HWPHYPERLINK_JUMP_CURRENTTAB</hp:stringParam>'
             f'</hp:parameters></hp:fieldBegin>')
    return [control_run(char, begin), run(char, text),
            control_run(char, f'<hp:fieldEnd beginIDRef="{ident}" fieldid="{_HYPERLINK_FIELD}"/>')]


def footnote(ident: int, number: int, text: str, style: tuple[str, str, str], char: str) -> str:
    """A footnote (the control inside a run): Hangul numbers it ("1)") and places its text at the foot of the page."""
    style_id, para, _ = style
    sub = _SUBLIST.format(align="TOP", width=0, height=0)
    return (f'<hp:footNote number="{number}" suffixChar="41" instId="{ident}"><hp:subList id="" {sub}>'
            f'<hp:p paraPrIDRef="{para}" styleIDRef="{style_id}" pageBreak="0" columnBreak="0" merged="0" id="0">'
            f'<hp:run charPrIDRef="{char}"><hp:ctrl><hp:autoNum num="{number}" numType="FOOTNOTE">'
            f'<hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/></hp:autoNum>'
            f'</hp:ctrl><hp:t>{escape(text)}</hp:t></hp:run></hp:p></hp:subList></hp:footNote>')


def page_counter(char: str, total: bool) -> str:
    """The page number (or the number of pages) where it stands. The page number carries the
    position control Hancom's own footers put after it (python-hwpx found it in their files)."""
    kind = "TOTAL_PAGE" if total else "PAGE"
    counter = control_run(char, f'<hp:autoNum num="1" numType="{kind}"><hp:autoNumFormat type="DIGIT" userChar="" '
                                f'prefixChar="" suffixChar="" supscript="0"/></hp:autoNum>')
    if total:
        return counter
    return counter + control_run(char, '<hp:pageNum pos="BOTTOM_CENTER" formatType="DIGIT" sideChar="-"/>')


def running_text(tag: str, ident: int, paragraph_xml: str, width: int, height: int) -> str:
    """The header or footer (tag) on every page, holding one paragraph."""
    sub = _SUBLIST.format(align="TOP" if tag == "header" else "BOTTOM", width=width, height=height)
    return (f'<hp:ctrl><hp:{tag} id="{ident}" applyPageType="BOTH"><hp:subList id="" {sub}>{paragraph_xml}'
            f'</hp:subList></hp:{tag}></hp:ctrl>')


def cell(row: int, col: int, width: int, height: int, fill: str, heading: bool, paragraph_xml: str) -> str:
    sub = _SUBLIST.format(align="CENTER", width=0, height=0)
    return (f'<hp:tc name="" header="{int(heading)}" hasMargin="0" protect="0" editable="0" dirty="0" '
            f'borderFillIDRef="{fill}"><hp:subList id="" {sub}>{paragraph_xml}</hp:subList>'
            f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/><hp:cellSpan colSpan="1" rowSpan="1"/>'
            f'<hp:cellSz width="{width}" height="{height}"/><hp:cellMargin {_CELL_MARGIN}/></hp:tc>')


def table(ident: int, rows: list[str], ncols: int, width: int, height: int, border: str, repeat_header: bool) -> str:
    return (f'<hp:run charPrIDRef="0"><hp:tbl id="{ident}" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" '
            f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="CELL" repeatHeader="{int(repeat_header)}" '
            f'rowCnt="{len(rows)}" colCnt="{ncols}" cellSpacing="0" borderFillIDRef="{border}" noAdjust="0">'
            f'<hp:sz width="{width}" widthRelTo="ABSOLUTE" height="{height}" heightRelTo="ABSOLUTE" protect="0"/>'
            f'{_OBJECT_POSITION.format(align="LEFT")}<hp:inMargin {_CELL_MARGIN}/>'
            f'{"".join(f"<hp:tr>{r}</hp:tr>" for r in rows)}</hp:tbl></hp:run>')


def picture(ident: int, binary_item: str, width: int, height: int, alt: str) -> str:
    """A picture as a character of its paragraph, centred, with its alt text as the shape's comment."""
    w, h = width, height
    identity = 'e1="1" e2="0" e3="0" e4="0" e5="1" e6="0"'
    return (f'<hp:run charPrIDRef="0"><hp:pic textWrap="SQUARE" textFlow="BOTH_SIDES" reverse="0" id="{ident}" '
            f'zOrder="0" numberingType="PICTURE" lock="0" dropcapstyle="None" href="" groupLevel="0" '
            f'instid="{ident}"><hp:offset x="0" y="0"/><hp:orgSz width="{w}" height="{h}"/>'
            f'<hp:curSz width="{w}" height="{h}"/><hp:flip horizontal="0" vertical="0"/>'
            f'<hp:rotationInfo angle="0" centerX="{w // 2}" centerY="{h // 2}" rotateimage="1"/>'
            f'<hp:renderingInfo><hc:transMatrix {identity}/><hc:scaMatrix {identity}/><hc:rotMatrix {identity}/>'
            f'</hp:renderingInfo><hp:imgRect><hc:pt0 x="0" y="0"/><hc:pt1 x="{w}" y="0"/><hc:pt2 x="{w}" y="{h}"/>'
            f'<hc:pt3 x="0" y="{h}"/></hp:imgRect><hp:imgClip left="0" right="{w}" top="0" bottom="{h}"/>'
            f'<hp:inMargin left="0" right="0" top="0" bottom="0"/><hp:imgDim dimwidth="{w}" dimheight="{h}"/>'
            f'<hc:img binaryItemIDRef="{binary_item}" bright="0" contrast="0" effect="REAL_PIC" alpha="0"/>'
            f'<hp:effects/><hp:sz width="{w}" height="{h}" widthRelTo="ABSOLUTE" heightRelTo="ABSOLUTE" protect="0"/>'
            f'{_OBJECT_POSITION.format(align="CENTER")}<hp:shapeComment>{escape(alt)}</hp:shapeComment>'
            f'</hp:pic></hp:run>')
