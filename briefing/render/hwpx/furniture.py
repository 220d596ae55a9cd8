"""What surrounds the brief's text in Hangul: page, header, footer, document properties, the package.

A4 with the margins of the built-in Word reference (so both formats break pages
alike); the header names the organisation, the title and the classification on every
page, the footer the classification, version, date and "page X / Y" (Hangul's own
page and total-page counters).
"""
from __future__ import annotations

from briefing.render.frontmatter import DocumentMeta
from briefing.render.hwpx.shapes import GREY, SPAN_COLOURS

MARGINS_MM = {"left": 20, "right": 20, "top": 22, "bottom": 19, "header": 10, "footer": 10}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
_HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
# The order OWPML's schema gives the header's lists (python-hwpx appends bullets last).
_REF_LIST_ORDER = ("fontfaces", "borderFills", "charProperties", "tabProperties", "numberings", "bullets",
                   "paraProperties", "styles", "memoProperties", "trackChanges", "trackChangeAuthors")


def set_up_page(doc, meta: DocumentMeta) -> None:
    m = MARGINS_MM
    doc.page.setup(paper_size="A4", orientation="PORTRAIT", margin_left_mm=m["left"], margin_right_mm=m["right"],
                   margin_top_mm=m["top"], margin_bottom_mm=m["bottom"], header_margin_mm=m["header"],
                   footer_margin_mm=m["footer"])


def fill_header_and_footer(doc, meta: DocumentMeta) -> None:
    small = {"size": 8, "color": GREY}
    doc.page.set_header(content=[{"align": "LEFT", "children": [
        {"type": "run", "text": f"{meta.organization}  |  {meta.title}     ", **small},
        {"type": "run", "text": meta.classification, "size": 8, "bold": True, "color": SPAN_COLOURS["classification"]},
    ]}])
    version = f"v{meta.version}  ·  " if meta.version else ""
    doc.page.set_footer(content=[{"align": "CENTER", "children": [
        {"type": "run", "text": f"{meta.classification}  ·  {version}{meta.date.isoformat()}  ·  ", **small},
        {"page_number": "page/total"},
    ]}])
    # python-hwpx writes "1/5"; Korean and English documents alike read "1 / 5".
    for section in doc.sections:
        for footer in section.element.iter(f"{_HP}footer"):
            for t in footer.iter(f"{_HP}t"):
                if t.text == "/":
                    t.text = " / "
        section.mark_dirty()


def set_properties(doc, meta: DocumentMeta) -> None:
    """Title, author, subject (organisation and audience), keywords, dates and language."""
    stamp = f"{meta.date.isoformat()}T09:00:00Z"  # as the DOCX: the edition's date, not the clock's
    doc.parts.clear_document_metadata(keep=(), timestamp=stamp)
    doc.parts.clear_preview()
    metadata = doc.package._metadata_element(create=True)
    for element in metadata:
        name = element.get("name") or element.tag.rpartition("}")[2]
        if name == "language":
            element.text = meta.lang
        elif name == "description":
            element.text = meta.purpose or None
        elif name == "lastsaveby":
            element.text = meta.organization
    # Last: it writes the metadata back into the package, the fields set above included.
    doc.parts.set_document_metadata(
        title=meta.title, creator=meta.owner, subject=f"{meta.organization} · {meta.audience_title}",
        keyword=", ".join(meta.keywords), created_date=stamp, modified_date=stamp)


def package_bytes(doc) -> bytes:
    _order_header_lists(doc)
    return doc.to_bytes()


def _order_header_lists(doc) -> None:
    for header in doc.oxml.headers:
        ref_list = header.element.find(f"{_HH}refList")
        if ref_list is None:
            continue
        rank = {name: i for i, name in enumerate(_REF_LIST_ORDER)}
        children = list(ref_list)
        ordered = sorted(children, key=lambda e: rank.get(e.tag.rpartition("}")[2], len(rank)))
        if ordered != children:
            for child in children:
                ref_list.remove(child)
            ref_list.extend(ordered)
            header.mark_dirty()
