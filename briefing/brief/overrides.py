"""Per-organisation overrides of recommendations (run config `overrides:`), applied to the Brief.

An organisation records its own owner, due date, budget, status and a note for
any recommendation id; briefs show them (status column in the security
checklist, progress and budget lines in the board brief). A recommendation
marked `not_applicable` stays in the brief, labelled as such.
"""
from __future__ import annotations

import dataclasses

from briefing.errors import BriefingError
from briefing.knowledge.config import LoadedConfig


def check_overrides(loaded: LoadedConfig, recommendation_ids) -> None:
    """Every overridden id must be a recommendation of the knowledge base (exit 2 otherwise)."""
    for rid in loaded.config.overrides:
        if rid not in recommendation_ids:
            raise BriefingError(f"'overrides' names unknown recommendation '{rid}'", file=loaded.display_path,
                                line=loaded.line("overrides", rid),
                                hint="`briefing list` shows the recommendation ids")


def apply_override(view, loaded: LoadedConfig, lang: str):
    """The RecommendationView with this organisation's owner, due date, budget, status and note."""
    o = loaded.config.overrides.get(view.id)
    if o is None:
        return view
    owner = (o.owner_en if lang == "en" and o.owner_en else o.owner) or view.owner
    note = o.note_en if lang == "en" and o.note_en else o.note
    return dataclasses.replace(view, owner=owner, due=o.due or view.due, budget=o.budget, status=o.status, note=note)
