"""What surrounds the brief's text in Hangul: header, footer, document properties, the package.

The page (A4, the margins of the built-in Word reference, so both formats break
pages alike) is set on the skeleton. The header names the organisation, the title and
the classification on every page, the footer the classification, version, date and
"page X / Y" (Hangul's own page and total-page counters).
"""
from __future__ import annotations

import io
import zipfile

from briefing.render.frontmatter import DocumentMeta
from briefing.render.hwpx import fragments as xml
from briefing.render.hwpx.shapes import SPAN_COLOURS, Shapes
from briefing.render.hwpx.skeleton import MARGINS_MM, Skeleton

TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
_HWPUNIT_PER_MM = 7200 / 25.4


def header_and_footer(shapes: Shapes, meta: DocumentMeta, new_id) -> str:
    """The controls that put the header and footer on every page (they go in the first paragraph)."""
    width = round(TEXT_WIDTH_MM * _HWPUNIT_PER_MM)
    running = shapes.char("header")
    header = xml.paragraph(new_id(), shapes.paragraph("header"), shapes.body_style, [
        xml.run(running, f"{meta.organization}  |  {meta.title}     "),
        xml.run(shapes.char("header", bold=True, color=SPAN_COLOURS["classification"]), meta.classification)])
    version = f"v{meta.version}  ·  " if meta.version else ""
    footer = xml.paragraph(new_id(), shapes.paragraph("footer"), shapes.body_style, [
        xml.run(running, f"{meta.classification}  ·  {version}{meta.date.isoformat()}  ·  "),
        xml.page_counter(running, total=False), xml.run(running, " / "), xml.page_counter(running, total=True)])
    height = round(MARGINS_MM["header"] * _HWPUNIT_PER_MM)
    return (xml.running_text("header", new_id(), header, width, height)
            + xml.running_text("footer", new_id(), footer, width, height))


def content_hpf(skeleton: Skeleton, meta: DocumentMeta, pictures: list[str]) -> str:
    """The package's properties and manifest: title, author, subject (organisation and audience),
    keywords, description, the edition's date (not the clock's) and language."""
    stamp = f"{meta.date.isoformat()}T09:00:00Z"

    def field(name: str, value: str | None) -> str:
        value = xml.escape(value or "")
        return (f'<opf:meta name="{name}" content="text">{value}</opf:meta>' if value
                else f'<opf:meta name="{name}" content="text"/>')

    metadata = (f"<opf:metadata><opf:title>{xml.escape(meta.title)}</opf:title>"
                f"<opf:language>{xml.escape(meta.lang)}</opf:language>"
                + field("creator", meta.owner) + field("subject", f"{meta.organization} · {meta.audience_title}")
                + field("description", meta.purpose) + field("lastsaveby", meta.organization)
                + field("CreatedDate", stamp) + field("ModifiedDate", stamp) + field("date", None)
                + field("keyword", ", ".join(meta.keywords)) + "</opf:metadata>")
    items = "".join(f'<opf:item id="{name}" href="BinData/{name}.png" media-type="image/png" isEmbeded="1"/>'
                    for name in pictures)
    return (f"{skeleton.package_open}{metadata}<opf:manifest>{skeleton.manifest_items}{items}</opf:manifest>"
            f"{skeleton.spine}</opf:package>")


def package_bytes(skeleton: Skeleton, meta: DocumentMeta, parts: dict[str, str],
                  pictures: dict[str, bytes]) -> bytes:
    """The zip: the skeleton's parts in their order (mimetype first, stored), this brief's
    header, section and properties in their places, the pictures after the section."""
    when = meta.date
    date_time = (max(when.year, 1980), when.month, when.day, 9, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        def put(name: str, data: bytes) -> None:
            member = zipfile.ZipInfo(name, date_time=date_time)
            member.external_attr = 0o644 << 16
            stored = name == "mimetype"  # OCF: the first entry, uncompressed
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            # Level 3: as the DOCX writer; brief XML compresses almost as well as at 6, faster.
            archive.writestr(member, data, compresslevel=None if stored else 3)

        for name, data in skeleton.members:
            put(name, parts[name].encode("utf-8") if data is None else data)
            if name == "Contents/section0.xml":
                for picture, png in pictures.items():
                    put(f"BinData/{picture}.png", png)
    return out.getvalue()
