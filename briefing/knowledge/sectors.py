"""Sector rules: findings and recommendations may name the industries they apply to.

`sectors: [finance, public]` on a finding or recommendation limits it to
organisations whose run config says `organization.industry: finance` (or public, or
an alias of either from industries.yaml: insurance, 보험사, 공공기관 ...);
without `sectors` it applies to everyone. An organisation with no industry sees
only the items without sectors. What rests on a finding left out loses that
ground: a recommendation or a risk rating with no finding left goes too, a
summary line goes when any of its findings does (as with editions, briefing.knowledge.timeline),
and a developers' rule goes with its recommendation. A framework with `sectors` (the
financial-sector AI guideline) is in the crosswalk only of organisations of those industries.
"""
from __future__ import annotations

import dataclasses

from briefing.knowledge.model import Knowledge


def applies(sectors: list[str], industry: str | None) -> bool:
    """industry: an industry id (Knowledge.industry turns what a run config says into one)."""
    return not sectors or (industry is not None and industry in sectors)


_last: list = []  # (knowledge, industry, result) of the latest call: a build asks the same for every brief


def for_industry(knowledge: Knowledge, industry: str | None) -> Knowledge:
    """The knowledge base as one organisation of this industry reads it.

    The same object for the same question, so the edition's view (briefing.knowledge.timeline),
    which remembers its latest input by identity, is computed once per build.
    """
    if _last and _last[0] is knowledge and _last[1] == industry:
        return _last[2]
    result = _for_industry(knowledge, knowledge.industry(industry))
    _last[:] = [knowledge, industry, result]
    return result


def _for_industry(knowledge: Knowledge, industry: str | None) -> Knowledge:
    if not any(f.sectors for f in knowledge.findings.values()) and \
            not any(r.sectors for r in knowledge.recommendations.values()) and \
            not any(fw.sectors for fw in knowledge.frameworks.values()):
        return knowledge
    findings = {fid: f for fid, f in knowledge.findings.items() if applies(f.sectors, industry)}
    recs = {}
    for rid, r in knowledge.recommendations.items():
        grounds = [f for f in r.rests_on if f in findings]
        if applies(r.sectors, industry) and grounds:
            recs[rid] = r if len(grounds) == len(r.rests_on) else dataclasses.replace(r, rests_on=grounds)
    topics = {}
    for tid, t in knowledge.topics.items():
        if t.risk and any(f not in findings for f in t.risk.rationale):
            rationale = [f for f in t.risk.rationale if f in findings]
            t = dataclasses.replace(t, risk=dataclasses.replace(t.risk, rationale=rationale) if rationale else None)
        topics[tid] = t
    audiences = {}
    for aid, a in knowledge.audiences.items():
        # A summary line is a compound claim: it goes when any finding it rests on is left out.
        lines = [line for line in a.summary if all(f in findings for f in line.rests_on)]
        audiences[aid] = dataclasses.replace(a, summary=lines)
    rules = {uid: u for uid, u in knowledge.rules.items() if u.recommendation in recs}
    frameworks = {fid: fw for fid, fw in knowledge.frameworks.items() if applies(fw.sectors, industry)}
    return dataclasses.replace(knowledge, findings=findings, recommendations=recs, topics=topics,
                               rules=rules, audiences=audiences, frameworks=frameworks)
