"""When a recommendation is due: fixed when it first reached the organisation, never moved by a later edition.

The due date is the day the recommendation first appeared plus its horizon (7, 30, 90
or 365 days). "First appeared" is the earliest edition in the output folder's edition
records that showed it (the record keeps the due date it printed; a record from
before due dates were kept counts from its own date). A recommendation none of the
folder's earlier editions showed reaches the organisation with this edition. In a
folder with no earlier edition it counts from the first day the knowledge base could
show it: its own `date`, or the day its earliest finding became known
(briefing.knowledge.timeline), and never before the event's `date`. A run config's `overrides.<id>.due` still
wins. An open item past its date is overdue: the brief says so beside the date, and
"what changed" names the items that fell due since the previous edition.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.brief.editions import editions_in, read_record
from briefing.errors import BriefingError
from briefing.knowledge.config import CLOSED
from briefing.knowledge.model import HORIZON_DAYS, Knowledge, Recommendation
from briefing.knowledge.timeline import finding_known_on


def first_shown(rec: Recommendation, knowledge: Knowledge) -> dt.date:
    """The first day the knowledge base can show the recommendation, not before the event began."""
    known = [finding_known_on(knowledge.findings[fid], knowledge) for fid in rec.rests_on
             if fid in knowledge.findings and knowledge.findings[fid].status == "approved"]
    start = min(known) if known else (rec.date or dt.date.min)
    start = max(start, rec.date) if rec.date else start
    return max(start, knowledge.event.date) if knowledge.event.date else start


def has_earlier_editions(folder: Path | None, before: dt.date) -> bool:
    """Whether the organisation has received briefs from this folder before: then a recommendation
    none of them showed reaches it with this edition."""
    return folder is not None and any(e.date < before for e in editions_in(folder))


def recorded_dues(folder: Path | None, before: dt.date) -> dict[str, dt.date]:
    """rec id -> the due date its earliest edition in the folder (dated before `before`) printed."""
    if folder is None:
        return {}
    editions = [e for e in editions_in(folder) if e.date < before]
    try:
        state = tuple((e.path.name, e.path.stat().st_mtime_ns) for e in editions)
    except OSError:
        state = None
    key = (str(folder), before, state)
    if state is not None and key in _seen:
        return _seen[key]  # a build asks the same for every brief (and for each previous edition)
    dues = _read_dues(editions)
    if state is not None:
        if len(_seen) > 16:
            _seen.clear()
        _seen[key] = dues
    return dues


_seen: dict = {}


def _read_dues(editions) -> dict[str, dt.date]:
    dues: dict[str, dt.date] = {}
    for edition in editions:
        try:
            record = read_record(edition.path)
        except BriefingError:
            continue  # a damaged record is passed over, as for "what changed"
        for rid, entry in record.get("recommendations", {}).items():
            if rid in dues:
                continue
            try:
                if "due" in entry:
                    dues[rid] = dt.date.fromisoformat(entry["due"])
                elif entry.get("horizon") in HORIZON_DAYS:
                    # A record written before due dates were kept: it reached the organisation that day.
                    dues[rid] = edition.date + dt.timedelta(days=HORIZON_DAYS[entry["horizon"]])
            except (TypeError, ValueError):
                continue
    return dues


def due_date(rec: Recommendation, knowledge: Knowledge, recorded: dict[str, dt.date],
             reached_on: dt.date | None = None) -> dt.date:
    """The due date an earlier edition printed; else the horizon from `reached_on` (this edition, when
    the folder holds earlier ones that did not show it); else from the first day it could be shown."""
    if rec.id in recorded:
        return recorded[rec.id]
    start = reached_on or first_shown(rec, knowledge)
    return start + dt.timedelta(days=HORIZON_DAYS[rec.horizon])


def overdue(due: dt.date, status: str | None, day: dt.date) -> bool:
    return due < day and status not in CLOSED
