"""A source file -> its text as paragraphs, plus whatever metadata the file carries.

Plain text (UTF-8, or CP949/EUC-KR converted), HTML (trafilatura keeps the article
and drops navigation, menus, "most read" boxes and copyright lines), PDF (pypdf for
metadata; text from poppler's pdftotext when installed, else pypdf),
DOCX (python-docx, core properties) and HWPX (Hancom's zipped XML). Every reader
returns paragraphs; `normalise` makes them one paragraph per line, which is what
citations count.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Extracted:
    paragraphs: list[str]
    format: str
    title: str | None = None
    date: str | None = None          # YYYY, YYYY-MM or YYYY-MM-DD
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)
    date_from: str | None = None     # where `date` came from when that is worth saying ("PDF creation date")


_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_DATE = re.compile(r"(\d{4})[-./년 ]\s*(\d{1,2})(?:[-./월 ]\s*(\d{1,2}))?")


def normalise(paragraphs: list[str]) -> list[str]:
    """One paragraph per line: NFC, spaces collapsed, inner line breaks joined, empty lines gone."""
    out = []
    for p in paragraphs:
        p = unicodedata.normalize("NFC", p).replace("\r", "\n")
        p = _SPACE.sub(" ", " ".join(part.strip() for part in p.split("\n"))).strip()
        if p:
            out.append(p)
    return out


def parse_date(value: str | None) -> str | None:
    """'2025-02-06T09:00+09:00', '2025.2.6', '2025년 2월 6일', '2025-02' -> ISO (as precise as given)."""
    if not value:
        return None
    value = str(value).strip()
    m = _DATE.search(value)
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    try:
        if day:
            return dt.date(year, month, day).isoformat()
        dt.date(year, month, 1)
        return f"{year:04d}-{month:02d}"
    except ValueError:
        return None


def _bad(path: Path, problem: str, hint: str | None = None) -> BriefingError:
    return BriefingError(problem, file=path, hint=hint)


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM); else CP949/EUC-KR (it decodes and reads as Korean), converted; else refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")  # a superset of EUC-KR
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_korean(text):
        return text
    raise _bad(path, "the file is neither UTF-8 text nor CP949/EUC-KR Korean text",
               hint="save it as UTF-8 text, or pass the original web page, PDF, DOCX or HWPX file")


def _mostly_korean(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    hangul = sum("\uac00" <= c <= "\ud7a3" for c in letters)
    return hangul / len(letters) > 0.3


def read_text(path: Path, data: bytes) -> Extracted:
    text = decode_text(data, path)
    if "\x00" in text:
        raise _bad(path, "the file holds binary data, not text")
    # Blank lines separate paragraphs when the file has them; otherwise each line is one.
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if re.search(r"\n\s*\n", text) else text.splitlines()
    return Extracted(normalise(blocks), "text")


def read_html(path: Path, data: bytes) -> Extracted:
    import trafilatura

    html = data.decode("utf-8", errors="strict") if _is_utf8(data) else decode_text(data, path)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, include_links=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise _bad(path, "no article text found in the web page",
                   hint="save the article page itself (not a list or front page), or paste its text into a .txt file")
    return Extracted(normalise(text.split("\n")), "html", title=doc.title, date=parse_date(doc.date),
                     outlet=doc.sitename, url=doc.url)  # bylines make unreliable authors: left out


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read_pdf(path: Path, data: bytes) -> Extracted:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _bad(path, "the PDF is encrypted", hint="save an unprotected copy")
        meta = reader.metadata or {}
        pages = _pdftotext(path) or [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as e:
        raise _bad(path, f"the PDF cannot be read ({e})", hint="open it and save it again as PDF") from None
    paragraphs = []
    for page in pages:
        paragraphs += _pdf_paragraphs(page)
    title = meta.get("/Title") if hasattr(meta, "get") else None
    date = None
    raw = meta.get("/CreationDate") if hasattr(meta, "get") else None
    if raw:
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(raw))
        date = parse_date(f"{m[1]}-{m[2]}-{m[3]}") if m else None
    if not any(p.strip() for p in paragraphs):
        raise _bad(path, "the PDF has no text layer (a scan?)",
                   hint="run OCR on it first, or paste its text into a .txt file")
    return Extracted(normalise(paragraphs), "pdf", title=str(title) if title else None, date=date,
                     author=str(meta.get("/Author")) if hasattr(meta, "get") and meta.get("/Author") else None,
                     date_from="the PDF's creation date" if date else None)


def _pdftotext(path: Path) -> list[str] | None:
    """Poppler's pdftotext when it is installed: it keeps the spaces between Korean words that
    pypdf loses with many CJK fonts (it places words by position, not by space glyphs)."""
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    text = out.stdout.decode("utf-8", errors="replace")
    return text.split("\f") if text.strip() else None


def _pdf_paragraphs(page: str) -> list[str]:
    """PDF text comes as visual lines: join them into paragraphs. A line much shorter
    than the page's longest (a heading, a paragraph's last line) or a blank line ends one."""
    lines = [line.strip() for line in page.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    paragraphs, current = [], []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < 0.7 * longest:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def read_docx(path: Path, data: bytes) -> Extracted:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds on damaged files
        raise _bad(path, f"the Word file cannot be read ({type(e).__name__})",
                   hint="open it in Word and save it again as .docx") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(c.text.strip() for c in row.cells))
    props = document.core_properties
    date = props.created or props.modified
    return Extracted(normalise(paragraphs), "docx", title=props.title or None,
                     date=date.date().isoformat() if date and date.year > 1980 else None,
                     author=props.author or None, outlet=None)


_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
_OPF = "{http://www.idpf.org/2007/opf/}"


def read_hwpx(path: Path, data: bytes) -> Extracted:
    import io

    from lxml import etree

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
        sections = sorted((n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)),
                          key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1])[0]))
        if not sections:
            raise _bad(path, "the HWPX file has no Contents/section*.xml", hint="save it again from Hancom Office")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        paragraphs = []
        for name in sections:
            root = etree.fromstring(zf.read(name), parser)
            for p in root.iter(_HP + "p"):
                # Text of this paragraph only: nested paragraphs (tables, text boxes) come on their own.
                parts = [t.text or "" for t in p.iter(_HP + "t") if _owner(t) is p]
                paragraphs.append("".join(parts))
        meta = {}
        if "Contents/content.hpf" in names:
            root = etree.fromstring(zf.read("Contents/content.hpf"), parser)
            for el in root.iter():
                tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
                if tag == "title" and el.text:
                    meta["title"] = el.text.strip()
                elif tag == "meta" and el.get("name") and el.text:
                    meta[el.get("name").lower()] = el.text.strip()
    except zipfile.BadZipFile:
        raise _bad(path, "the HWPX file is not a valid zip archive",
                   hint="save it again from Hancom Office as .hwpx (old binary .hwp files are not supported)") from None
    except etree.XMLSyntaxError as e:
        raise _bad(path, f"the HWPX file holds broken XML ({e})") from None
    date = parse_date(meta.get("date") or meta.get("createddate") or meta.get("modifieddate"))
    return Extracted(normalise(paragraphs), "hwpx", title=meta.get("title") or None, date=date,
                     author=meta.get("creator") or None)


def _owner(t):
    el = t.getparent()
    while el is not None and el.tag != _HP + "p":
        el = el.getparent()
    return el


READERS = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".pdf": read_pdf, ".docx": read_docx, ".hwpx": read_hwpx,
}


def extract(path: Path) -> Extracted:
    """Read any supported file; every problem is a BriefingError naming the file."""
    suffix = path.suffix.lower()
    if suffix == ".hwp":
        raise _bad(path, "old binary .hwp files are not supported", hint="save it from Hancom Office as .hwpx")
    if suffix == ".doc":
        raise _bad(path, "old binary .doc files are not supported", hint="save it from Word as .docx")
    try:
        if not path.is_file():
            raise _bad(path, "the file does not exist")
        if path.stat().st_size > MAX_BYTES:
            raise _bad(path, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as e:
        raise _bad(path, f"cannot read the file ({e.strerror})") from None
    reader = READERS.get(suffix) or _sniff(data)
    if reader is None:
        raise _bad(path, f"unsupported file type '{suffix or '(none)'}'",
                   hint="supported: .txt, .html, .pdf, .docx, .hwpx")
    extracted = reader(path, data)
    if not extracted.paragraphs:
        raise _bad(path, "the file holds no text")
    return extracted


def _sniff(data: bytes):
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return read_pdf
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<body" in head:
        return read_html
    if data.startswith(b"PK"):
        try:
            import io

            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return read_docx
        if any(n.startswith("Contents/section") for n in names):
            return read_hwpx
        return None
    return read_text
