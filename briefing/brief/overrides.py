"""Per-organisation overrides of recommendations (run config `overrides:`), applied to the Brief.

An organisation records its own owner, due date, budget, status and a note for
any recommendation id; briefs show them (status column in the security
checklist, progress and budget lines in the board brief). A recommendation
marked `not_applicable` stays in the brief, labelled as such.

Status is either undated (`status:`, true in every edition) or a dated `history:`
of changes: an edition shows the last change on or before its own date, so an
edition built for an earlier day shows the status of that day.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from briefing.errors import BriefingError
from briefing.knowledge.config import LoadedConfig


def check_overrides(loaded: LoadedConfig, recommendation_ids) -> None:
    """Every overridden id must be a recommendation of the knowledge base (exit 2 otherwise)."""
    for rid in loaded.config.overrides:
        if rid not in recommendation_ids:
            raise BriefingError(f"'overrides' names unknown recommendation '{rid}'", file=loaded.display_path,
                                line=loaded.line("overrides", rid),
                                hint="`briefing list` shows the recommendation ids")
        o = loaded.config.overrides[rid]
        if o.status is not None and o.history:
            raise BriefingError(f"override of '{rid}' gives both 'status' and 'history'", file=loaded.display_path,
                                line=loaded.line("overrides", rid),
                                hint="record the status as the last entry of 'history' (date and status) "
                                     "and remove 'status'")


def status_on(override, date: dt.date) -> tuple[str | None, dt.date | None, str | None]:
    """(status, since, note of that change) on this date: the last history entry on or before it."""
    if not override.history:
        return override.status, None, None
    current = [c for c in override.history if c.date <= date]
    if not current:
        return None, None, None
    return current[-1].status, current[-1].date, current[-1].note


def apply_override(view, loaded: LoadedConfig, lang: str, date: dt.date):
    """The RecommendationView with this organisation's owner, due date, budget, status and note
    as of the edition's date."""
    o = loaded.config.overrides.get(view.id)
    if o is None:
        return view
    owner = (o.owner_en if lang == "en" and o.owner_en else o.owner) or view.owner
    status, since, change_note = status_on(o, date)
    note = (o.note_en if lang == "en" and o.note_en else o.note) or (change_note if lang == "ko" else None)
    return dataclasses.replace(view, owner=owner, due=o.due or view.due, budget=o.budget, status=status,
                               status_since=since, note=note)
