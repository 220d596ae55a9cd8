"""Save a python-docx Document as bytes that depend only on the content.

python-docx stamps the current time into every zip entry and the core
properties; identical inputs must give byte-identical files, so the dates come
from the brief and the zip is rewritten with fixed entry times.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile


def document_bytes(document, when: dt.date) -> bytes:
    stamp = dt.datetime(when.year, when.month, when.day, 9, 0, 0, tzinfo=dt.UTC)
    props = document.core_properties
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    return normalise_zip(raw.getvalue(), (max(when.year, 1980), when.month, when.day, 9, 0, 0))


def normalise_zip(data: bytes, date_time: tuple) -> bytes:
    """Same members in the same order, with fixed times and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            dst.writestr(member, src.read(info.filename), compresslevel=6)
    return out.getvalue()
