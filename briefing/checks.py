"""`briefing check`: find every problem in a run's inputs in one pass, write nothing."""
from __future__ import annotations

import re
from pathlib import Path

from briefing import resources
from briefing.errors import BriefingError, ManyErrors

# A chart as the writer sees it: an image link (inline or a reference definition) to chart:KIND/ARG.
_CHART = re.compile(r"!\[(?:[^\[\]\\]|\\.|\[[^\]]*\])*\]\(\s*<?chart:([^)\s>]+)"  # ![alt](chart:...)
                    r"|^ {0,3}\[[^\]]+\]:\s*<?chart:(\S+?)>?\s*$", re.M)  # [ref]: chart:...


def charts_in(markdown: str) -> list[str]:
    """The chart specs (what follows 'chart:') a brief's Markdown asks for."""
    return [m.group(1) or m.group(2) for m in _CHART.finditer(markdown)]


def libreoffice_problem(loaded) -> BriefingError | None:
    """The run config asks for PDFs or page numbers, which need LibreOffice, and it is missing."""
    out = loaded.config.output
    if not (out.pdf or out.update_fields):
        return None
    from briefing.pdf import soffice

    if soffice() is not None:
        return None
    key = "pdf" if out.pdf else "update_fields"
    return BriefingError(f"'output.{key}: true' needs LibreOffice, and 'soffice' is not on PATH",
                         file=loaded.display_path, line=loaded.line("output", key),
                         hint="install it (Debian: apt-get install libreoffice-writer-nogui) or set it to false")


def _flatten(e: BriefingError) -> list[BriefingError]:
    return list(e.errors) if isinstance(e, ManyErrors) else [e]


def check_all(config_path: Path | None) -> tuple[list[BriefingError], str]:
    from briefing.build import reference_document
    from briefing.config import load_config
    from briefing.knowledge import load_knowledge
    from briefing.render.charts import check_chart
    from briefing.render.markdown import MarkdownRenderer
    from briefing.select import check_selection, select_brief

    errors: list[BriefingError] = []
    try:
        loaded = load_config(config_path)
    except BriefingError as e:
        return _flatten(e), ""
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
        return errors + _flatten(e), ""
    try:
        check_selection(loaded, kb)
    except BriefingError as e:
        return errors + [e], ""
    pdf_problem = libreoffice_problem(loaded)
    if pdf_problem is not None:
        errors.append(pdf_problem)
    renderer = MarkdownRenderer(resources.templates_dir(), override)
    seen: set[str] = set()
    for audience in loaded.config.audiences:
        for lang in loaded.config.languages:
            try:
                brief = select_brief(loaded, kb, audience, lang)
                for spec in charts_in(renderer.render(brief)):
                    check_chart(brief, spec)
            except BriefingError as e:
                if e.format_message() not in seen:
                    seen.add(e.format_message())
                    errors.append(e)
    summary = (f"{loaded.display_path}: OK — {len(kb.sources)} sources, {len(kb.findings)} findings, "
               f"{len(kb.recommendations)} recommendations, {len(kb.rules)} rules; "
               f"{len(loaded.config.audiences)} audience(s) × {len(loaded.config.languages)} language(s)")
    return errors, summary
