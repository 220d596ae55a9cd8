"""For a content reviewer: figures and dates in summaries and recommendations that their findings do not state."""
from __future__ import annotations

from pathlib import Path

from briefing.knowledge.factcheck.evidence import compare
from briefing.knowledge.factcheck.report import Report, display, item_origins
from briefing.knowledge.model import Knowledge


def _unsupported(text: str, finding_ids: list[str], knowledge: Knowledge) -> list[str]:
    """Figures and dates in text that none of these findings state (names are left to the reviewer)."""
    found = [knowledge.findings[f] for f in finding_ids if f in knowledge.findings]
    problems = compare(text, "\n".join(f.text.ko for f in found), years={f.date.year for f in found})
    return [p.replace("the cited lines", "its findings") for p in problems if p.startswith(("figure", "date"))]


def review_summaries(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    """Figures and dates in an audience's summary lines that the findings they rest on do not state."""
    origins = item_origins("audiences", knowledge_dirs)
    out = []
    for aid, audience in sorted(knowledge.audiences.items()):
        file, line = origins.get(aid, (Path("audiences.yaml"), None))
        for i, summary in enumerate(audience.summary, 1):
            for problem in _unsupported(summary.text.ko, summary.rests_on, knowledge):
                out.append(Report(display(file), line, f"{aid} summary line {i}", problem))
    return out


def review_recommendations(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    """Figures and dates in a recommendation's Korean text that none of its findings state.

    For a content reviewer (information, not a warning): a recommendation may add
    organisational guidance (a 90-day limit), but a date or figure presented as fact
    should come from the findings it rests on.
    """
    origins = item_origins("recommendations", knowledge_dirs)
    out = []
    for rid, rec in sorted(knowledge.recommendations.items()):
        texts = [rec.title.ko, rec.action.ko, *(t.ko for t in rec.per_audience.values())]
        file, line = origins.get(rid, (Path("recommendations.yaml"), None))
        # Names are left out: tools and roles are the guidance itself.
        for problem in _unsupported(" ".join(texts), rec.rests_on, knowledge):
            out.append(Report(display(file), line, rid, problem))
    return out
