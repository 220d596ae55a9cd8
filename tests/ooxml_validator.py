"""Our DOCX checker for the tests: as strict as Word where Word is stricter than a zip reader.

Checks a package for what makes Word refuse or "repair" a file:
  * the zip itself: readable, no entry name twice (Word rejects duplicate parts), a
    [Content_Types].xml that gives every part a content type;
  * every WordprocessingML part (document, styles, settings, numbering, font table, web
    settings, headers, footers, footnotes, endnotes, comments) and the theme against the
    ISO/IEC 29500-4 transitional schema in tests/ooxml/ (see tests/ooxml/PROVENANCE.md), after
    resolving markup compatibility as Word does (mc:AlternateContent chooses a branch it
    understands; namespaces listed in mc:Ignorable that it does not know are dropped);
  * the order of run properties, which the transitional schema leaves open and Word does not;
  * what a schema cannot see: each relationship id a part uses exists in that part's .rels,
    and each table cell holds at least one paragraph.

    python tests/ooxml_validator.py FILE.docx ...    # exit 1 when any file has a problem
"""
from __future__ import annotations

import collections
import posixpath
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree

SCHEMA_FILE = Path(__file__).resolve().parent / "ooxml" / "ISO-IEC29500-4_2016" / "wml.xsd"

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

# Namespaces the transitional schema defines: markup in any other namespace that a part marks
# ignorable (w14, w15, wp14 ...) is what an older Word would skip, so validation skips it too.
KNOWN_NAMESPACES = frozenset({
    NS_W, NS_R, "http://www.w3.org/XML/1998/namespace",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
})

WORD_PART = re.compile(
    r"word/(?:document|styles|stylesWithEffects|settings|numbering|fontTable|webSettings|comments"
    r"|footnotes|endnotes|header\d*|footer\d*)\.xml|word/theme/theme\d*\.xml")

# EG_RPrBase of ECMA-376 (1st edition, the order Word reads), then the revision record.
RUN_PROPERTY_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange").split()
_POSITION = {name: i for i, name in enumerate(RUN_PROPERTY_ORDER)}

_schema: etree.XMLSchema | None = None


def schema() -> etree.XMLSchema:
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))
    return _schema


def validate(path) -> list[str]:
    """Every problem found, as one readable line each; an empty list means the file passes."""
    try:
        package = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"{path}: not a zip package ({exc})"]
    with package:
        names = package.namelist()
        problems = [f"{path}: zip entry {name!r} appears {count} times"
                    for name, count in collections.Counter(names).items() if count > 1]
        if "word/document.xml" not in names:
            return problems + [f"{path}: the package has no word/document.xml"]
        problems += _content_type_problems(package, path)
        for name in sorted(set(names)):
            if WORD_PART.fullmatch(name):
                problems += _part_problems(package, name, f"{path}:{name}")
    return problems


def _content_type_problems(package: zipfile.ZipFile, path) -> list[str]:
    try:
        types = etree.fromstring(package.read("[Content_Types].xml"))
    except KeyError:
        return [f"{path}: no [Content_Types].xml"]
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{{{NS_TYPES}}}Default")}
    overrides = {o.get("PartName") for o in types.iter(f"{{{NS_TYPES}}}Override")}
    return [f"{path}: part {name} has no content type in [Content_Types].xml"
            for name in package.namelist()
            if not name.endswith("/") and name != "[Content_Types].xml"
            and "/" + name not in overrides
            and name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() not in defaults]


def _part_problems(package: zipfile.ZipFile, name: str, where: str) -> list[str]:
    try:
        root = etree.fromstring(package.read(name))
    except etree.XMLSyntaxError as exc:
        return [f"{where}: not well-formed XML ({exc})"]
    problems = _dangling_relationships(root, _relationship_ids(package, name), where)
    problems += [f"{where} line {cell.sourceline}: a table cell without a paragraph"
                 for cell in root.iter(f"{{{NS_W}}}tc") if cell.find(f"{{{NS_W}}}p") is None]
    problems += _run_property_order(root, where)
    checker = schema()
    if not checker.validate(etree.ElementTree(_as_word_reads_it(root))):
        problems += [f"{where} line {error.line}: {error.message}" for error in list(checker.error_log)[:10]]
    return problems


def _relationship_ids(package: zipfile.ZipFile, part: str) -> set[str]:
    folder, base = posixpath.split(part)
    try:
        rels = etree.fromstring(package.read(posixpath.join(folder, "_rels", base + ".rels")))
    except KeyError:
        return set()
    return {rel.get("Id") for rel in rels.iter(f"{{{NS_RELS}}}Relationship")}


def _dangling_relationships(root, known: set[str], where: str) -> list[str]:
    out = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("id", "embed", "link"):
            rid = element.get(f"{{{NS_R}}}{attribute}")
            if rid is not None and rid not in known:
                out.append(f"{where} line {element.sourceline}: r:{attribute}={rid!r} names no relationship")
    return out


def _run_property_order(root, where: str) -> list[str]:
    out = []
    for rpr in root.iter(f"{{{NS_W}}}rPr"):
        seen = [etree.QName(child).localname for child in rpr
                if isinstance(child.tag, str) and etree.QName(child).namespace == NS_W
                and etree.QName(child).localname in _POSITION]
        for before, after in zip(seen, seen[1:], strict=False):
            if _POSITION[after] <= _POSITION[before]:
                out.append(f"{where} line {rpr.sourceline}: w:rPr holds w:{after} after w:{before}; "
                           f"Word reads them in the order {', '.join(sorted(seen, key=_POSITION.get))}")
                break
    return out


def _as_word_reads_it(root):
    """ECMA-376 Part 3 markup compatibility, as far as validation needs it (in place)."""
    for block in list(root.iter(f"{{{NS_MC}}}AlternateContent")):
        branch = next((choice for choice in block.findall(f"{{{NS_MC}}}Choice")
                       if all(choice.nsmap.get(prefix) in KNOWN_NAMESPACES
                              for prefix in choice.get("Requires", "").split())),
                      block.find(f"{{{NS_MC}}}Fallback"))
        parent = block.getparent()
        at = parent.index(block)
        parent.remove(block)
        for offset, child in enumerate(list(branch) if branch is not None else []):
            parent.insert(at + offset, child)
    ignorable: set[str] = set()
    for element in root.iter():
        if isinstance(element.tag, str) and element.get(f"{{{NS_MC}}}Ignorable"):
            ignorable.update(element.nsmap.get(prefix) for prefix in element.get(f"{{{NS_MC}}}Ignorable").split())
    dropped = (ignorable - KNOWN_NAMESPACES) | {NS_MC}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in dropped and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if etree.QName(attribute).namespace in dropped:
                del element.attrib[attribute]
    return root


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    failed = 0
    for path in argv:
        problems = validate(path)
        print(f"{path}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print("  -", problem[:400])
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
