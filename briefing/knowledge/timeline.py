"""The knowledge base as it stood on one day: what an edition of that date may say.

An edition dated D uses only what was known on D:
- a source is known from its date (a partial date such as '2025-02' is compared at
  its own precision, so it is not after an edition of 10 February 2025);
- an approved finding is known from its own date, citing only sources known by D
  (with none left, it is not known yet); drafts are never known;
- a finding that a known later finding supersedes is hidden: the older stays in the
  timeline (`timeline()`), the brief shows the newer;
- a recommendation rests only on the findings shown; one with none left, one dated
  after D, or one that a shown recommendation supersedes, is left out;
- a summary line is a compound claim: it is shown only when every finding it rests
  on is shown, and within its own `date`/`until` window, so an outdated line gives
  way to the line written for the newer fact; a rule appears from its `date`;
- wording has dates too: a recommendation, rule or topic with `earlier_wording` shows,
  before each `until`, the title, action, text or summary written for that time (the
  earliest variant whose `until` is after D), so an edition of February 2025 does not
  name a model released in May;
- a framework (frameworks.yaml) is named from its own date: an edition before the OWASP
  2026 list maps to the 2025 list only.
Everything is a pure function of (knowledge, D).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from briefing.knowledge.model import Finding, Knowledge


def finding_known_on(f: Finding, knowledge: Knowledge) -> dt.date:
    """The first day an edition may state the finding: its date, once a source it cites exists."""
    cited = [knowledge.sources[c.source].known_on for c in f.citations if c.source in knowledge.sources]
    return max(f.date, min(cited)) if cited else f.date


def known_findings(knowledge: Knowledge, day: dt.date) -> dict[str, Finding]:
    """Approved findings dated on or before day, their citations cut to the sources known by then."""
    sources = {sid for sid, s in knowledge.sources.items() if s.known_on <= day}
    known = {}
    for fid, f in knowledge.findings.items():
        if f.status != "approved" or f.date > day:
            continue
        citations = [c for c in f.citations if c.source in sources]
        if not citations:
            continue
        known[fid] = f if len(citations) == len(f.citations) else dataclasses.replace(f, citations=citations)
    return known


def _superseded(items: dict) -> set[str]:
    """Ids that a present item supersedes, directly or through a chain."""
    gone: set[str] = set()
    for item in items.values():
        old = item.supersedes
        while old is not None and old not in gone:
            gone.add(old)
            older = items.get(old)
            old = older.supersedes if older is not None else None
    return gone


def timeline(knowledge: Knowledge, day: dt.date) -> list[Finding]:
    """Every finding known on day, superseded ones included, oldest first."""
    return sorted(known_findings(knowledge, day).values(), key=lambda f: (f.date, f.id))


_last: list = []  # (knowledge, day, result) of the latest call: a build asks the same for every brief


def knowledge_as_of(knowledge: Knowledge, day: dt.date) -> Knowledge:
    """The knowledge base an edition dated day may use (see the module docstring)."""
    if _last and _last[0] is knowledge and _last[1] == day:
        return _last[2]
    result = _as_of(knowledge, day)
    _last[:] = [knowledge, day, result]
    return result


def worded_on(item, day: dt.date):
    """The item with the wording of its day: the first `earlier_wording` whose `until` is after day."""
    for wording in item.earlier_wording:
        if day < wording.until:
            fields = {name: getattr(wording, name) for name in ("title", "action", "text", "summary")
                      if getattr(wording, name) is not None and hasattr(item, name)}
            return dataclasses.replace(item, **fields)
    return item


def _as_of(knowledge: Knowledge, day: dt.date) -> Knowledge:
    known = known_findings(knowledge, day)
    hidden = _superseded(known)
    findings = {fid: f for fid, f in known.items() if fid not in hidden}
    cited_sources = {c.source for f in findings.values() for c in f.citations}

    recs = {}
    for rid, r in knowledge.recommendations.items():
        if r.date is not None and r.date > day:
            continue
        rests_on = [fid for fid in r.rests_on if fid in findings]
        if rests_on:
            r = worded_on(r, day)
            recs[rid] = r if len(rests_on) == len(r.rests_on) else dataclasses.replace(r, rests_on=rests_on)
    for rid in _superseded(recs):
        recs.pop(rid, None)
    rules = {uid: worded_on(u, day) for uid, u in knowledge.rules.items()
             if u.recommendation in recs and (u.date is None or u.date <= day)}

    topics = {}
    for tid, t in knowledge.topics.items():
        t = worded_on(t, day)
        if t.risk is not None:
            rationale = [fid for fid in t.risk.rationale if fid in findings]
            risk = dataclasses.replace(t.risk, rationale=rationale) if rationale else None
            t = dataclasses.replace(t, risk=risk)
        topics[tid] = t

    audiences = {aid: dataclasses.replace(a, summary=[line for line in a.summary if line.shown_on(day)
                                                      and all(fid in findings for fid in line.rests_on)])
                 for aid, a in knowledge.audiences.items()}
    frameworks = {fid: fw for fid, fw in knowledge.frameworks.items() if fw.known_on <= day}
    return dataclasses.replace(
        knowledge, findings=findings, recommendations=recs, rules=rules, topics=topics, audiences=audiences,
        frameworks=frameworks,
        sources={sid: s for sid, s in knowledge.sources.items() if sid in cited_sources})


def edition_date(configured: dt.date | None, as_of: dt.date | None, today: dt.date) -> dt.date:
    """--as-of, else document.date, else today."""
    return as_of or configured or today
