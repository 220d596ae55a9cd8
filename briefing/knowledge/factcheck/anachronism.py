"""The time check: no edition names something before it was known.

Findings and sources are filtered by date already (briefing.knowledge.timeline); what
can still speak too early is the static wording an edition prints with them:
recommendation titles and actions, developers' rules, topic titles and one-liners,
summary lines. The terms are derived from the findings themselves: every Latin-script
token with a digit (model ids such as R1-0528, V3.1, V4-Flash; chip names; list items
such as LLM08) is first known on the day of the earliest finding that names it, and so
is each event phrase a finding lists under `names:` ("다운로드 재개", "downloads
resumed"); a date the wording states is known from that date. For
every day where the knowledge changes (each finding, source, recommendation, rule and
summary-line date, and the day before it), the wording shown on that day is scanned for
terms first known later. Each is reported once, at the item's file and line, with the
first edition that would print it; `briefing check --strict` fails on any.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from briefing.knowledge.factcheck.evidence import Evidence
from briefing.knowledge.factcheck.figures import dates, expand_years
from briefing.knowledge.factcheck.names import squash
from briefing.knowledge.factcheck.report import Report, display, item_origins
from briefing.knowledge.model import Knowledge
from briefing.knowledge.timeline import finding_known_on, knowledge_as_of

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9]")
_TERM = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*")


def _terms_in(text: str) -> set[str]:
    """Model-id-like terms, and each hyphen-joined part run of them: DeepSeek-R1-0528 -> R1-0528, R1 ..."""
    out = set()
    for token in _TOKEN.findall(text):
        parts = token.split("-")
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                term = "-".join(parts[i:j]).strip(".")
                if _TERM.fullmatch(term) and re.match(r"[A-Za-z]", term) and len(term) >= 2:
                    out.add(term)
    return out


def first_known(knowledge: Knowledge) -> dict[str, tuple[dt.date, str]]:
    """term -> (the day the earliest finding naming it became known, that finding's id)."""
    first: dict[str, tuple[dt.date, str]] = {}
    for f in knowledge.findings.values():
        if f.status != "approved":
            continue
        day = finding_known_on(f, knowledge)
        for term in _terms_in(f.text.ko) | _terms_in(f.text.en):
            if term not in first or (day, f.id) < first[term]:
                first[term] = (day, f.id)
    return first


def first_named(knowledge: Knowledge) -> dict[str, tuple[dt.date, str, str]]:
    """An event phrase a finding `names`, squashed -> (the day it was known, the finding's id, the phrase)."""
    first: dict[str, tuple[dt.date, str, str]] = {}
    for f in knowledge.findings.values():
        if f.status != "approved":
            continue
        day = finding_known_on(f, knowledge)
        for phrase in f.names:
            key = squash(phrase)
            if key and (key not in first or (day, f.id) < first[key][:2]):
                first[key] = (day, f.id, phrase)
    return first


def later_dates(text: str, day: dt.date, known: Evidence) -> list[str]:
    """Dates in text after day ('25.12.22 -> 2025-12-22) that no finding known on day states (a law's
    announced start is known before it comes); a year alone is not a date here."""
    found, _ = dates(expand_years(text))
    out = []
    for year, month, d in found:
        if year is None or dt.date(year, month, d or 1) <= day or known.has_date((year, month, d)):
            continue
        out.append(f"{year}-{month:02d}" + (f"-{d:02d}" if d else ""))
    return out


def change_days(knowledge: Knowledge) -> list[dt.date]:
    """Every day where what an edition may say changes, and the day before each."""
    days: set[dt.date] = set()
    for f in knowledge.findings.values():
        days |= {f.date, finding_known_on(f, knowledge)}
    days |= {s.known_on for s in knowledge.sources.values()}
    days |= {r.date for r in knowledge.recommendations.values() if r.date}
    days |= {u.date for u in knowledge.rules.values() if u.date}
    for a in knowledge.audiences.values():
        days |= {d for line in a.summary for d in (line.date, line.until) if d}
    days |= {d - dt.timedelta(days=1) for d in days}
    # Before the first recommendation there is no brief to speak of (only its topics' one-liners).
    start = min((d for d in days if knowledge_as_of(knowledge, d).recommendations), default=None)
    return sorted(d for d in days if start is not None and d >= start)


def _wording(view: Knowledge):
    """(kind, id, key, text) of the static wording an edition with this knowledge prints."""
    for rid, r in view.recommendations.items():
        for key, text in (("title", r.title), ("action", r.action), *(("per_audience", t)
                                                                       for t in r.per_audience.values())):
            yield "recommendations", rid, key, text
    for uid, u in view.rules.items():
        yield "rules", uid, "text", u.text
    for tid, t in view.topics.items():
        yield "topics", tid, "title", t.title
        yield "topics", tid, "summary", t.summary
    for aid, a in view.audiences.items():
        for line in a.summary:
            yield "audiences", aid, "summary", line.text


def check_time(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    first = first_known(knowledge)
    named = first_named(knowledge)
    found: dict[tuple, tuple[dt.date, str, str]] = {}
    for day in change_days(knowledge):
        view = knowledge_as_of(knowledge, day)
        stated = Evidence("\n".join(f.text.ko for f in view.findings.values()))
        for kind, item_id, key, text in _wording(view):
            for lang in ("ko", "en"):
                for term in _terms_in(text.get(lang)):
                    known = first.get(term)
                    if known is None or known[0] <= day:
                        continue
                    found.setdefault((kind, item_id, key, lang, term), (day, known[0].isoformat(), known[1]))
                squashed = squash(text.get(lang))
                for phrase_key, (since, fid, phrase) in named.items():
                    if since > day and phrase_key in squashed:
                        found.setdefault((kind, item_id, key, lang, phrase), (day, since.isoformat(), fid))
            # A date the wording states that lies after the edition: it cannot be known yet.
            for later in later_dates(text.ko, day, stated):
                found.setdefault((kind, item_id, key, "ko", later), (day, later, "a date after the edition"))
    origins = {kind: item_origins(kind, knowledge_dirs) for kind in ("recommendations", "rules", "topics",
                                                                     "audiences")}
    reports = []
    for (kind, item_id, key, lang, term), (day, since, fid) in sorted(found.items()):
        file, line = origins[kind].get(item_id, (Path(f"{kind}.yaml"), None))
        reports.append(Report(display(file), line, item_id,
                              f"the edition of {day.isoformat()} would print '{term}' ({key}, {lang}), first known "
                              f"on {since} ({fid}): give this wording a later date, or a dated variant"
                              if not fid.startswith("a date") else
                              f"the edition of {day.isoformat()} would print the date {term} ({key}, {lang}), "
                              "after its own date: give this wording a later date, or a dated variant"))
    return reports
