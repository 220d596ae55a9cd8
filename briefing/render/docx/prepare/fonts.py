"""Fonts and language for the brief: theme fonts resolved, East Asian fonts and the language set."""
from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from briefing.render.docx import ooxml
from briefing.render.docx.prepare.parts import A

EAST_ASIAN_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                     "Footnote Text", "Table Text", "Table Heading", "Brief Table", "Caption")
DEFAULT_EAST_ASIA_FONT = "맑은 고딕"


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
        fonts = root.find(f".//{A}{major}Font")
        if fonts is None:
            continue
        latin, ea = fonts.find(f"{A}latin"), fonts.find(f"{A}ea")
        hang = next((f.get("typeface") for f in fonts.findall(f"{A}font") if f.get("script") == "Hang"), None)
        if latin is not None and latin.get("typeface"):
            found[f"{major}HAnsi"] = found[f"{major}Ascii"] = found[f"{major}Bidi"] = latin.get("typeface")
        if hang or (ea is not None and ea.get("typeface")):
            found[f"{major}EastAsia"] = hang or ea.get("typeface")
    return found


def apply_language(doc) -> None:
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
