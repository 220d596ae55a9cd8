"""What surrounds the brief's text in Hangul: header, footer, document properties, the package.

The page (A4, the margins of the built-in Word reference, so both formats break
pages alike) is set on the skeleton. The header names the organisation, the title and
the classification on every page, the footer the classification, version, date and
"page X / Y" (Hangul's own page and total-page counters).
"""
from __future__ import annotations

import io
import zipfile

from briefing.render.archive import add_entry, entry_time
from briefing.render.frontmatter import DocumentMeta
from briefing.render.hwpx import fragments as xml
from briefing.render.hwpx.shapes import SPAN_COLOURS, Shapes
from briefing.render.hwpx.skeleton import HWPUNIT_PER_MM, MARGINS_MM, TEXT_WIDTH, Skeleton


def header_and_footer(shapes: Shapes, meta: DocumentMeta, new_id) -> str:
    """The controls that put the header and footer on every page (they go in the first paragraph)."""
    running = shapes.char("header")
    header = xml.paragraph(new_id(), shapes.paragraph("header"), shapes.body_style, [
        xml.run(running, f"{meta.organization}  |  {meta.title}     "),
        xml.run(shapes.char("header", bold=True, color=SPAN_COLOURS["classification"]), meta.classification)])
    version = f"v{meta.version}  ·  " if meta.version else ""
    footer = xml.paragraph(new_id(), shapes.paragraph("footer"), shapes.body_style, [
        xml.run(running, f"{meta.classification}  ·  {version}{meta.date.isoformat()}  ·  "),
        xml.page_counter(running, total=False), xml.run(running, " / "), xml.page_counter(running, total=True)])
    height = round(MARGINS_MM["header"] * HWPUNIT_PER_MM)
    return (xml.running_text("header", new_id(), header, TEXT_WIDTH, height)
            + xml.running_text("footer", new_id(), footer, TEXT_WIDTH, height))


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
    date_time = entry_time(meta.date)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in skeleton.members:
            # OCF: mimetype is the first entry, uncompressed.
            add_entry(archive, name, parts[name].encode("utf-8") if data is None else data, date_time,
                      stored=name == "mimetype")
            if name == "Contents/section0.xml":
                for picture, png in pictures.items():
                    add_entry(archive, f"BinData/{picture}.png", png, date_time)
    return out.getvalue()
