"""The reference as a package: opened as a document (a template or macro file too), the built-in
reference to copy from, a styles part when it has none, and the report of what was repaired."""
from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.parts.styles import StylesPart

from briefing import resources

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


class Repairs:
    def __init__(self, path: Path):
        self.name = str(path)
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def warn(self, text: str) -> None:
        self.warnings.append(f"{self.name}: {text}")

    def note(self, text: str) -> None:
        self.notes.append(f"{self.name}: {text}")


# A Word template (.dotx) or macro-enabled file is a document package in all but its main
# part's content type; the brief is a plain .docx, and its macros stay behind.
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_MACRO_RELS = ("http://schemas.microsoft.com/office/2006/relationships/vbaProject",
               "http://schemas.microsoft.com/office/2006/relationships/keyMapCustomizations",
               "http://schemas.microsoft.com/office/2006/relationships/attachedToolbars")


# LibreOffice's "Office Open XML Text" filter writes the core-properties relationship with a
# lower-case "officedocument" in its type. python-docx does not recognise it, adds core
# properties of its own, and the package would hold docProps/core.xml twice.
_CORE_PROPERTIES_MISSPELT = b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"


def open_reference(path: Path, report: Repairs):
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml")
        package_rels = z.read("_rels/.rels") if "_rels/.rels" in z.namelist() else b""
    found = [t for t in _MAIN_TYPES if t.encode() in types]
    misspelt = _CORE_PROPERTIES_MISSPELT in package_rels
    if not found and not misspelt:
        return docx.Document(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy_:
        for item in z.infolist():
            blob = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                for t in found:
                    blob = blob.replace(t.encode(), CT.WML_DOCUMENT_MAIN.encode())
            elif item.filename == "_rels/.rels":
                blob = blob.replace(_CORE_PROPERTIES_MISSPELT, RT.CORE_PROPERTIES.encode())
            copy_.writestr(item.filename, blob)
    if misspelt:
        report.note("core-properties relationship type as LibreOffice spells it: read as the standard one")
    doc = docx.Document(io.BytesIO(out.getvalue()))
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in _MACRO_RELS:
            del doc.part.rels[rid]
    if found:
        kind = "a Word template" if "template" in found[0].lower() else "a macro-enabled document"
        report.note(f"{kind}: used as a document" + (", its macros left out" if "macro" in found[0].lower() else ""))
    return doc


@functools.lru_cache(maxsize=1)
def builtin() -> docx.document.Document:
    """The built-in reference, read only: styles and list definitions are copied from it."""
    return docx.Document(str(resources.default_reference_docx()))


def ensure_styles_part(doc, report: Repairs) -> None:
    if any(rel.reltype == RT.STYLES for rel in doc.part.rels.values()):
        return
    # python-docx would invent its own default styles; ours are what the writer names.
    blob = builtin().part.part_related_by(RT.STYLES).blob
    part = StylesPart(PackURI("/word/styles.xml"), CT.WML_STYLES, parse_xml(blob), doc.part.package)
    doc.part.relate_to(part, RT.STYLES)
    report.warn("it has no styles part; the built-in styles are used")
