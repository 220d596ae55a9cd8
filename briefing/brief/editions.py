"""Editions: what each brief showed on its date, and what changed since the last one.

Every build leaves a small record beside the briefs, `editions/<audience>_<lang>_<date>.json`:
the ids of the recommendations, findings and sources the brief showed, a hash of
each one's text, and the few plain values a reader needs to be told about (a
recommendation's title, priority, owner). The next edition of the same audience and
language compares itself with the newest earlier record; `briefing diff` compares any
two. Comparison works on records alone, so it needs neither the old briefs nor the
knowledge base as it was.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BriefingError

EDITIONS_DIR = "editions"
RECORD_VERSION = 1
_NAME = re.compile(r"^(?P<audience>[a-z][a-z0-9_-]*)_(?P<lang>[a-z]{2})_(?P<date>\d{4}-\d{2}-\d{2})\.json$")
# A recommendation's fields a reader is told about by name when they change; the
# action text is compared by hash. Due dates move with every edition and are left out.
REC_FIELDS = ("title", "action", "priority", "owner", "horizon", "status", "budget", "note")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def shown_findings(brief) -> list:
    """The findings a brief shows: its topics' findings, and those its recommendations and summary cite."""
    seen = {}
    for t in brief.topics:
        for f in t.findings:
            seen.setdefault(f.id, f)
    for r in brief.recommendations:
        for f in r.rests_on:
            seen.setdefault(f.id, f)
    for line in brief.summary:
        for f in line.findings:
            seen.setdefault(f.id, f)
    return sorted(seen.values(), key=lambda f: (f.date, f.id))


def record(brief) -> dict:
    """The edition record of one brief (JSON-ready)."""
    recs = {}
    for r in brief.recommendations:
        entry = {}
        for name in REC_FIELDS:
            value = getattr(r, name, None)
            if value is None:
                continue
            entry[name] = _digest(value) if name == "action" else value
        if r.action:
            entry["action_text"] = r.action  # the wording as published, for `briefing errata`
        entry["due"] = r.due.isoformat()  # later editions keep it (briefing.brief.deadlines); not a "change"
        recs[r.id] = entry
    shown = shown_findings(brief)
    findings = {f.id: {"date": f.date.isoformat(), "text": f.text, "hash": _digest(f.text)} for f in shown}
    sources = {}
    for f in shown:
        for c in f.citations:
            s = c.source
            sources.setdefault(s.id, {"title": s.title, "outlet": s.outlet, "date": s.date})
    return {
        "record": RECORD_VERSION,
        "edition": brief.date.isoformat(),
        "audience": brief.audience,
        "lang": brief.lang,
        "title": brief.title,
        "recommendations": recs,
        "findings": findings,
        "sources": dict(sorted(sources.items())),
    }


def record_name(audience: str, lang: str, date: dt.date) -> str:
    return f"{audience}_{lang}_{date.isoformat()}.json"


def record_bytes(rec: dict) -> bytes:
    return (json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Edition:
    audience: str
    lang: str
    date: dt.date
    path: Path


def editions_in(folder: Path) -> list[Edition]:
    """Every edition record in an output folder, oldest first."""
    found = []
    directory = folder / EDITIONS_DIR
    if not directory.is_dir():
        return []
    for path in directory.iterdir():
        m = _NAME.match(path.name)
        if not m:
            continue
        try:
            day = dt.date.fromisoformat(m["date"])
        except ValueError:
            continue
        found.append(Edition(m["audience"], m["lang"], day, path))
    return sorted(found, key=lambda e: (e.date, e.audience, e.lang))


def read_record(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BriefingError(f"cannot read the edition record: {e}", file=path,
                            hint="delete the damaged record; the next build writes it again") from None
    if not isinstance(data, dict) or data.get("record") != RECORD_VERSION:
        raise BriefingError("not an edition record this version of briefing understands", file=path,
                            hint="delete it; the next build writes it again")
    return data


def previous_record(folder: Path, audience: str, lang: str, date: dt.date) -> dict | None:
    """The newest record of the same audience and language dated before date, or None (first edition).

    A damaged record is passed over: the brief then compares with the one before it.
    """
    earlier = [e for e in editions_in(folder) if e.audience == audience and e.lang == lang and e.date < date]
    for edition in reversed(earlier):
        try:
            return read_record(edition.path)
        except BriefingError:
            continue
    return None


def markdown_path(record_path: Path) -> Path:
    """The Markdown of an edition as it was published, kept beside its record."""
    return record_path.with_suffix(".md")


def previous_markdown(folder: Path, audience: str, lang: str, date: dt.date) -> tuple[dt.date, str] | None:
    """The newest earlier edition's date and published Markdown (None: no earlier edition, or one
    recorded before the Markdown was kept)."""
    earlier = [e for e in editions_in(folder) if e.audience == audience and e.lang == lang and e.date < date]
    if not earlier:
        return None
    try:
        return earlier[-1].date, markdown_path(earlier[-1].path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def compare(old: dict, new: dict) -> dict:
    """What changed from one record to another, by id (JSON-ready)."""
    old_recs, new_recs = old.get("recommendations", {}), new.get("recommendations", {})
    changed = {}
    for rid in sorted(set(old_recs) & set(new_recs)):
        fields = [name for name in REC_FIELDS if old_recs[rid].get(name) != new_recs[rid].get(name)]
        if fields:
            changed[rid] = {name: {"from": old_recs[rid].get(name), "to": new_recs[rid].get(name)}
                            for name in fields}
    old_f, new_f = old.get("findings", {}), new.get("findings", {})
    old_s, new_s = old.get("sources", {}), new.get("sources", {})
    return {
        "from": old.get("edition"),
        "to": new.get("edition"),
        "audience": new.get("audience"),
        "lang": new.get("lang"),
        "recommendations": {
            "added": sorted(set(new_recs) - set(old_recs)),
            "removed": sorted(set(old_recs) - set(new_recs)),
            "changed": changed,
        },
        "findings": {
            "added": [fid for fid in new_f if fid not in old_f],
            "removed": [fid for fid in old_f if fid not in new_f],
            "revised": [fid for fid in new_f if fid in old_f and old_f[fid].get("hash") != new_f[fid].get("hash")],
        },
        "sources": {
            "added": [sid for sid in new_s if sid not in old_s],
            "removed": [sid for sid in old_s if sid not in new_s],
        },
    }


@dataclass(frozen=True)
class RecChange:
    recommendation: object  # a RecommendationView
    fields: tuple[tuple[str, object, object], ...]  # (field, old value, new value)


@dataclass(frozen=True)
class Changes:
    """What a brief tells its reader changed since the previous edition (None dates: the first edition)."""

    previous: dt.date | None
    added: tuple = ()  # RecommendationViews
    removed: tuple[tuple[str, str], ...] = ()  # (id, title) from the previous record
    changed: tuple[RecChange, ...] = ()
    findings: tuple = ()  # FindingViews new in this edition
    revised: tuple = ()  # FindingViews whose text changed
    sources: tuple = ()  # SourceViews cited for the first time
    corrected: tuple = ()  # (FindingView, the previous edition's wording): corrected since, not new facts

    @property
    def first(self) -> bool:
        return self.previous is None

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.findings or self.revised or self.sources
                    or self.corrected)


def corrections(published: dict, now) -> list[dict]:
    """What an edition published that the knowledge base has corrected since: the same finding
    or recommendation, on the same edition date, with a different text. published: its record;
    now: the same brief selected again for that date from today's knowledge base."""
    found = []
    findings = {f.id: f for f in shown_findings(now)}
    for fid, old in published.get("findings", {}).items():
        f = findings.get(fid)
        if f is not None and old.get("hash") != _digest(f.text):
            found.append({"kind": "finding", "id": fid, "old": old.get("text"), "new": f.text})
    recs = {r.id: r for r in now.recommendations}
    for rid, old in published.get("recommendations", {}).items():
        r = recs.get(rid)
        if r is None:
            continue
        if "title" in old and old["title"] != r.title:
            found.append({"kind": "recommendation", "id": rid, "field": "title", "old": old["title"], "new": r.title})
        if "action" in old and r.action and old["action"] != _digest(r.action):
            found.append({"kind": "recommendation", "id": rid, "field": "action", "old": old.get("action_text"),
                          "new": r.action})
    return found


def changes_for(brief, previous: dict | None, then=None) -> Changes:
    """The brief's changes against the previous edition's record, as views the template prints.

    then: the brief selected for the previous edition's date from today's knowledge base; a
    finding whose text differs there from what was published is a correction, not news."""
    if previous is None:
        return Changes(previous=None)
    diff = compare(previous, record(brief))
    recs = {r.id: r for r in brief.recommendations}
    findings = {f.id: f for f in shown_findings(brief)}
    sources = {c.source.id: c.source for f in findings.values() for c in f.citations}
    old_recs = previous.get("recommendations", {})
    corrected_ids = {c["id"] for c in corrections(previous, then) if c["kind"] == "finding"} if then else set()
    return Changes(
        previous=dt.date.fromisoformat(previous["edition"]),
        added=tuple(recs[rid] for rid in diff["recommendations"]["added"]),
        removed=tuple((rid, old_recs[rid].get("title", "")) for rid in diff["recommendations"]["removed"]),
        changed=tuple(RecChange(recs[rid], tuple((name, v["from"], v["to"]) for name, v in fields.items()))
                      for rid, fields in diff["recommendations"]["changed"].items()),
        findings=tuple(findings[fid] for fid in diff["findings"]["added"]),
        revised=tuple(findings[fid] for fid in diff["findings"]["revised"] if fid not in corrected_ids),
        corrected=tuple((findings[fid], previous["findings"][fid].get("text", "")) for fid in previous["findings"]
                        if fid in corrected_ids and fid in findings),
        sources=tuple(sorted((sources[sid] for sid in diff["sources"]["added"]), key=lambda s: (s.date, s.id))),
    )


def with_changes(brief, folder: Path, select_for=None):
    """The brief with its "what changed" section filled from the folder's earlier editions.

    select_for: date -> the same brief for that date from today's knowledge base, to tell
    corrections of the previous edition from changes since."""
    previous = previous_record(folder, brief.audience, brief.lang, brief.date)
    then = None
    if previous is not None and select_for is not None:
        try:
            then = select_for(dt.date.fromisoformat(previous["edition"]))
        except (KeyError, ValueError):
            then = None
    return dataclasses.replace(brief, changes=changes_for(brief, previous, then))
