"""Save a python-docx Document as bytes that depend only on the content.

python-docx stamps the current time into every zip entry and the core
properties; identical inputs must give byte-identical files, so the dates come
from the brief and each zip entry gets a fixed time. The package is written
here, in python-docx's member order, rather than saved and then rewritten,
which compressed everything twice.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.spec import default_content_types

from briefing.render.archive import add_entry, entry_time


def document_bytes(document, when: dt.date) -> bytes:
    stamp = dt.datetime(when.year, when.month, when.day, 9, 0, 0, tzinfo=dt.UTC)
    props = document.core_properties
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    return _zip(document, entry_time(when), zipfile.ZIP_DEFLATED)


def package_bytes(document) -> bytes:
    """The document as an uncompressed package, to be opened again (a cache, not a file)."""
    return _zip(document, (1980, 1, 1, 0, 0, 0), zipfile.ZIP_STORED)


def _zip(document, date_time: tuple, compression: int) -> bytes:
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    written: set[str] = set()
    with zipfile.ZipFile(out, "w") as archive:
        def put(uri, blob: bytes) -> None:
            if uri.membername in written:
                # Two parts of one name would make a package Word refuses: a bug upstream of here.
                raise ValueError(f"the package would hold {uri.membername} twice")
            written.add(uri.membername)
            add_entry(archive, uri.membername, blob, date_time, stored=compression == zipfile.ZIP_STORED)

        put(CONTENT_TYPES_URI, _content_types(parts))
        put(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            put(part.partname, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri, part.rels.xml)
    return out.getvalue()


def _content_types(parts) -> bytes:
    """[Content_Types].xml as python-docx writes it: defaults by extension, overrides by part."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext.lower()] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()
    for ext in sorted(defaults):
        types.add_default(ext, defaults[ext])
    for partname in sorted(overrides):
        types.add_override(partname, overrides[partname])
    return serialize_part_xml(types)
