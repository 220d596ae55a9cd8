"""Check a reference .docx: first as a zip, then by preparing it as the writer will.

A reference document comes from someone's shared drive: it may be corrupt,
encrypted (then it is an OLE file, not a zip), huge, or a zip bomb. The first
checks read only the zip directory, so they take bounded time and memory. Then
the reference is prepared exactly as a build prepares it (briefing.render.docx.prepare),
so `briefing check` meets every problem `build` would: what cannot be used is an
error naming the file, what was repaired a warning (logged once), what was added
(the classification marking) a note under -v.
"""
from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from briefing import resources
from briefing.errors import BriefingError

log = logging.getLogger("briefing")

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 3000
MAX_RATIO = 200
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HINT = "save the reference document from Word as .docx (Word Document), without a password"


def check_reference(path: Path, log_warnings: bool = True) -> list[str]:
    """Errors are raised; the repairs come back as warnings (logged too unless log_warnings
    is false: a build records them in its manifest and logs them with its other warnings)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise BriefingError("reference document not found", file=path,
                            hint="check 'reference_docx:' in the run config or --reference-docx") from None
    except OSError as e:
        raise BriefingError(f"cannot read the reference document ({e.strerror})", file=path) from None
    if path.is_dir():
        raise BriefingError("the reference document is a folder", file=path, hint=HINT)
    if head == OLE_SIGNATURE:
        raise BriefingError("the reference document is encrypted or an old binary .doc file", file=path, hint=HINT)
    if size > MAX_FILE_BYTES:
        raise BriefingError(f"the reference document is {size:,} bytes, more than {MAX_FILE_BYTES:,}",
                            file=path, hint="remove large pictures from it")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS:
                raise BriefingError(f"the reference document has {len(members)} parts, more than {MAX_MEMBERS}",
                                    file=path, hint=HINT)
            unpacked = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
                raise BriefingError("the reference document unpacks to "
                                    f"{unpacked:,} bytes (a zip bomb?)", file=path, hint=HINT)
            names = {m.filename for m in members}
            # No styles part is fine: the built-in styles take its place.
            for needed in ("[Content_Types].xml", "word/document.xml"):
                if needed not in names:
                    raise BriefingError(f"the reference document has no {needed}: it is not a Word document",
                                        file=path, hint=HINT)
            if any(m.flag_bits & 0x1 for m in members):
                raise BriefingError("the reference document is encrypted", file=path, hint=HINT)
    except zipfile.BadZipFile:
        raise BriefingError("the reference document is not a .docx (not a zip package, or corrupt)",
                            file=path, hint=HINT) from None
    _check_parts(path)
    if path.resolve() != resources.default_reference_docx().resolve():
        return _check_preparation(path, log_warnings)
    return []


def _check_parts(path: Path) -> None:
    """The parts python-docx reads must be well-formed XML (lxml, without python-docx: `check` stays light)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for part in ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"):
            if part == "word/styles.xml" and part not in names:
                continue
            try:
                etree.fromstring(z.read(part), parser)
            except KeyError:
                raise BriefingError(f"the reference document has no {part}", file=path, hint=HINT) from None
            except etree.XMLSyntaxError as e:
                raise BriefingError(f"the reference document's {part} is not well-formed XML ({e})",
                                    file=path, hint=HINT) from None


def _check_preparation(path: Path, log_warnings: bool) -> list[str]:
    """Prepare the reference as the writer will (the result is kept for the build's first
    language); anything that fails there is bad input naming the file, not a crash."""
    from briefing.render.docx.prepare import prepared_reference

    try:
        prepared = prepared_reference(path, "ko")
    except BriefingError:
        raise
    except Exception as e:  # python-docx and lxml raise many kinds on odd packages
        raise BriefingError(f"the reference document cannot be used ({type(e).__name__}: {e})",
                            file=path, hint=HINT) from None
    if log_warnings:
        for warning in prepared.warnings:
            log.warning("warning: %s", warning)
    for note in prepared.notes:
        log.debug("%s", note)
    return list(prepared.warnings)
