"""Prepare a reference document for the writer: any company's Word template works.

A reference document is what its author's Word, LibreOffice or pandoc saved, so
this module makes no assumption about it beyond "a WordprocessingML package":

- the body is emptied; the last section keeps its page setup, and what Word shows
  on its pages (headers and footers inherited from earlier sections) is made explicit
  on it, because the earlier sections go with the body;
- a section without page size or margins gets A4 and the built-in margins;
- a package without a styles part gets the built-in styles; invalid style
  properties (unknown children, children out of schema order, unreadable values)
  are repaired;
- styles the writer names but the reference lacks come from the built-in reference,
  and so do the list definitions they use: merged into the reference's numbering
  part (created when missing) under fresh ids, so bullets survive whatever list
  ids the reference holds;
- fonts and language are set for the brief's language (theme fonts resolved);
- every kind of page the section has (first, even, default) carries the
  classification: a header or footer without the `{classification}` placeholder
  gets the marking and "page X of Y" added (see briefing.render.docx.furniture, which
  fills the placeholders).

What was repaired comes back as warnings, what was added as notes; both name the file.

One module per thing repaired: parts (opening the package, the built-in reference),
sections (page setup, headers and footers, page marks), styles, lists (numbering)
and fonts (theme fonts, language).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.render.docx import ooxml
from briefing.render.docx.package import package_bytes
from briefing.render.docx.prepare.fonts import apply_language
from briefing.render.docx.prepare.lists import ensure_list_numbering
from briefing.render.docx.prepare.parts import Repairs, ensure_styles_part, open_reference
from briefing.render.docx.prepare.sections import (
    clear_body,
    complete_page_setup,
    drop_body_annotations,
    drop_unused_headers_and_footers,
    final_section,
    inherit_headers_and_footers,
    mark_every_page,
)
from briefing.render.docx.prepare.styles import (
    REQUIRED_STYLES,
    canonical_style_names,
    ensure_styles,
    repair_settings,
    repair_styles,
)

__all__ = ["REQUIRED_STYLES", "Prepared", "prepare_reference", "prepared_reference"]


@dataclass
class Prepared:
    """A reference made ready for one language, as package bytes to reopen per brief."""

    package: bytes
    list_numbering: dict[str, tuple[int, int]]  # list style name -> (numId, ilvl)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    style_ids: dict[str, str] = field(default_factory=dict)  # filled by the writer, shared per key


def prepare_reference(path: Path, lang: str) -> Prepared:
    report = Repairs(path)
    doc = open_reference(path, report)
    ensure_styles_part(doc, report)
    final = final_section(doc)
    inherit_headers_and_footers(doc, final, report)
    clear_body(doc, final)
    drop_unused_headers_and_footers(doc, final)
    drop_body_annotations(doc)
    complete_page_setup(final, report)
    repair_styles(doc.styles.element, report)
    repair_settings(doc, report)
    canonical_style_names(doc, report)
    copied = ensure_styles(doc)
    list_numbering = ensure_list_numbering(doc, copied, report)
    apply_language(doc)
    ooxml.Footnotes(doc)
    mark_every_page(doc, final, lang, report)
    return Prepared(package_bytes(doc), list_numbering, report.warnings, report.notes)


_PREPARED: dict[tuple, Prepared] = {}


def prepared_reference(reference: Path, lang: str) -> Prepared:
    """The reference prepared for one language (body emptied, styles and lists completed,
    fonts and language set, every page marked), kept as package bytes: reopening those
    costs a third of preparing the reference again for every brief."""
    stat = reference.stat()
    key = (str(reference), stat.st_size, stat.st_mtime_ns, lang)
    if key not in _PREPARED:
        if len(_PREPARED) >= 8:
            _PREPARED.clear()
        _PREPARED[key] = prepare_reference(reference, lang)
    return _PREPARED[key]
