"""The LibreOffice part of a build: page numbers for tables of contents, and PDFs.

LibreOffice costs about a second and a half to start and a few tenths of a second per
brief, so a run starts it once (briefing.run.pdf.LibreOffice). It starts while the briefs are still being
rendered and takes them as they come, laying each out once: a brief with a table of
contents reports the page each heading lands on (from which its final DOCX is written
here) and, with --pdf, is exported with LibreOffice's own update of that table, which
shows the same numbers; a brief without one, whose DOCX is already final, is converted.

Rendering happens in the worker pool when there is one; LibreOffice runs from the
process that owns the build (briefing.run.pdf kills it, and removes its folder, if the
run is stopped).
"""
from __future__ import annotations

from dataclasses import dataclass

from briefing.errors import OutputError


@dataclass
class Finished:
    docx: bytes | None = None
    pdf: bytes | None = None
    error: OutputError | None = None
    pages: int | None = None  # the page count LibreOffice laid the brief out on, when it did


def render_with_pages(markdown: str, reference, pages: dict[str, int]) -> bytes:
    """The brief again, its table of contents showing the page numbers LibreOffice laid it out on."""
    from briefing.render.charts import render_chart
    from briefing.render.docx.body import write_docx

    return write_docx(markdown, reference, render_chart, toc_pages=pages)


def number_pages(markdown: str, reference, docx: bytes, *, paginate: bool = True,
                 measure: bool = False) -> tuple[bytes, int | None]:
    """One brief, laid out by LibreOffice: (its DOCX with the table of contents numbered when
    paginate, its page count), for `briefing render --update-fields`; OutputError when it fails.

    measure: lay it out even without a table of contents, to count its pages.
    """
    from briefing.render.tree import toc_headings
    from briefing.run.pdf import LibreOffice

    headings = toc_headings(markdown) if paginate else []
    if not headings and not measure:
        return docx, None
    with LibreOffice() as lo:
        laid_out = lo.pages(lo.submit(docx, "pages"), "the brief")
    if headings:
        pages = {bookmark: laid_out[bookmark] for _, _, bookmark in headings if bookmark in laid_out}
        docx = render_with_pages(markdown, reference, pages)
    return docx, laid_out.get("#pages")


def finish(items: list, first_docx, reference, *, paginate: bool, want_pdf: bool, measure: bool = False,
           pool=None) -> dict[str, Finished]:
    """items: build._Planned (markdown, path); first_docx(item): its DOCX without page numbers
    (waiting for its worker, if any).

    Returns, per file name, the final DOCX and (with want_pdf) its PDF, or the error for that brief.
    measure (without want_pdf): lay out the briefs without a table of contents too, for their page counts.
    """
    from briefing.render.tree import toc_headings
    from briefing.run.pdf import LibreOffice

    done: dict[str, Finished] = {}
    numbered = {}
    if paginate:
        numbered = {item.path.name: h for item in items if (h := toc_headings(item.markdown))}
    # Briefs with a table of contents first: their layout is needed before their final DOCX exists.
    order = sorted(items, key=lambda item: item.path.name not in numbered)
    with LibreOffice() as lo:  # starts while the workers are still rendering
        tickets = {}
        for item in order:
            name = item.path.name
            done[name] = Finished(docx=first_docx(item))
            if name in numbered and want_pdf:
                tickets[name] = lo.submit(done[name].docx, "both")
            elif name in numbered or (measure and not want_pdf):
                tickets[name] = lo.submit(done[name].docx, "pages")
            elif want_pdf:
                tickets[name] = lo.submit(done[name].docx)
        renumbered = {}
        for item in order:
            name = item.path.name
            if name not in tickets:
                continue
            try:
                if name in numbered or (measure and not want_pdf):
                    laid_out = lo.pages(tickets[name], name)
                    done[name].pages = laid_out.get("#pages")
                    if name in numbered and want_pdf:
                        done[name].pdf = lo.result(tickets[name], name)
                else:
                    done[name].pdf = lo.result(tickets[name], name)
                    continue
            except OutputError as e:
                done[name] = Finished(error=e)
                continue
            if name not in numbered:
                continue
            pages = {bookmark: laid_out[bookmark] for _, _, bookmark in numbered[name] if bookmark in laid_out}
            args = (item.markdown, reference, pages)
            renumbered[name] = pool.submit(render_with_pages, *args) if pool is not None else args
        for name, job in renumbered.items():
            done[name].docx = job.result() if pool is not None else render_with_pages(*job)
    return done
