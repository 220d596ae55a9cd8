"""`briefing check`: find every problem in a run's inputs in one pass, write nothing."""
from __future__ import annotations

from pathlib import Path

from briefing import resources
from briefing.errors import BriefingError, ManyErrors


def libreoffice_problem(loaded) -> BriefingError | None:
    """The run config asks for PDFs or page numbers, which need LibreOffice, and it is missing."""
    out = loaded.config.output
    if not (out.pdf or out.update_fields):
        return None
    from briefing.run.pdf import soffice

    if soffice() is not None:
        return None
    key = "pdf" if out.pdf else "update_fields"
    return BriefingError(f"'output.{key}: true' needs LibreOffice, and 'soffice' is not on PATH",
                         file=loaded.display_path, line=loaded.line("output", key),
                         hint="install it (Debian: apt-get install libreoffice-writer-nogui) or set it to false")


def _flatten(e: BriefingError) -> list[BriefingError]:
    return list(e.errors) if isinstance(e, ManyErrors) else [e]


def check_all(config_path: Path | None, reference_docx: Path | None = None, sources_dir: Path | None = None,
              review: bool = False) -> tuple[list[BriefingError], str, list, list]:
    """Every problem of one run config: errors (bad input), a one-line summary, fact-check
    reports (briefing.knowledge.factcheck: warnings), and, with review, what a content reviewer should
    read (information only). reference_docx replaces its reference document, as
    `build --reference-docx` does."""
    from briefing.brief.select import check_selection, select_brief
    from briefing.knowledge import factcheck
    from briefing.knowledge.config import load_config
    from briefing.knowledge.loader import load_knowledge
    from briefing.render.charts import check_charts
    from briefing.render.markdown import MarkdownRenderer
    from briefing.run.build import reference_document

    errors: list[BriefingError] = []
    try:
        loaded = load_config(config_path)
        if reference_docx is not None:
            loaded = loaded.with_overrides(reference_docx=str(reference_docx.resolve()))
    except BriefingError as e:
        return _flatten(e), "", [], []
    try:
        reference_document(loaded)
    except BriefingError as e:
        errors.append(e)
    override = loaded.templates_dir
    if override is not None and not override.is_dir():
        errors.append(BriefingError("the templates folder does not exist", file=override,
                                    hint="fix 'templates:' in the run config"))
        override = None
    try:
        kb = load_knowledge(loaded.knowledge_dirs)
    except BriefingError as e:
        return errors + _flatten(e), "", [], []
    from briefing.ingest.copycheck import copy_problems

    errors += copy_problems(loaded.knowledge_dirs, kb)  # approved findings must not copy their source
    try:
        check_selection(loaded, kb)
    except BriefingError as e:
        return errors + [e], "", [], []
    pdf_problem = libreoffice_problem(loaded)
    if pdf_problem is not None:
        errors.append(pdf_problem)
    renderer = MarkdownRenderer(resources.templates_dir(), override)
    seen: set[str] = set()
    markdowns: dict[tuple[str, str], str] = {}
    # Templates are fact-checked in both languages (each holds Korean and English sentences);
    # only the configured languages can fail the check.
    for audience in loaded.config.audiences:
        for lang in ("ko", "en"):
            try:
                markdown = renderer.render(select_brief(loaded, kb, audience, lang))
                markdowns[audience, lang] = markdown
                # The charts are checked against the front matter, as the writer would draw them.
                check_charts(markdown)
            except BriefingError as e:
                if lang not in loaded.config.languages:
                    continue  # a language this organisation does not build: its errors are not its problem
                if e.format_message() not in seen:
                    seen.add(e.format_message())
                    errors.append(e)
    facts = factcheck.check_findings(kb, loaded.knowledge_dirs, sources_dir)
    templates = sorted({kb.audiences[a].template for a in loaded.config.audiences} | {"_brief.md.j2"})
    reports = (facts.reports + factcheck.check_templates(renderer.env, templates, list(markdowns.values()))
               + factcheck.check_time(kb, loaded.knowledge_dirs) + factcheck.check_support(kb, loaded.knowledge_dirs))
    to_review = []
    if review:
        to_review = (factcheck.check_templates(renderer.env, templates, list(markdowns.values()), review=True)
                     + factcheck.review_rendered(markdowns)
                     + factcheck.review_translations(kb, loaded.knowledge_dirs))
    summary = (f"{loaded.display_path}: OK — {len(kb.sources)} sources, {len(kb.findings)} findings, "
               f"{len(kb.recommendations)} recommendations, {len(kb.rules)} rules; "
               f"{len(loaded.config.audiences)} audience(s) × {len(loaded.config.languages)} language(s); fact check: "
               f"{facts.checked} of {facts.checked + facts.unchecked + facts.ignored} finding(s) checked against "
               f"their cited lines or evidence passages, {facts.ignored} ignored on purpose, "
               f"{facts.unchecked} citing sources with neither a file here nor evidence"
               + (f", {facts.drafts} draft(s) left until approved" if facts.drafts else "")
               + ("" if sources_dir else " (give --sources-dir or BRIEFING_SOURCES for the built-in articles)"))
    return errors, summary, reports, to_review
