"""`briefing list --framework ID`: the coverage of one framework for one organisation, as of one day."""
from __future__ import annotations

import datetime as dt
import json

from briefing.brief.select import edition_day
from briefing.knowledge.config import LoadedConfig
from briefing.knowledge.frameworks import as_json, coverage, report
from briefing.knowledge.model import Knowledge
from briefing.knowledge.sectors import for_industry
from briefing.knowledge.timeline import knowledge_as_of


def coverage_listing(loaded: LoadedConfig, knowledge: Knowledge, framework_id: str, as_of: dt.date | None,
                     in_json: bool) -> str:
    """What the organisation's briefs would map onto the framework on the edition's date."""
    day = as_of or edition_day(loaded)
    mine = knowledge_as_of(for_industry(knowledge, loaded.config.organization.industry), day)
    cov = coverage(mine, framework_id, set(loaded.config.exclude), everything=knowledge)
    if in_json:
        return json.dumps({"date": day.isoformat(), **as_json(cov)}, ensure_ascii=False, indent=2)
    return f"As of {day.isoformat()}\n{report(cov)}"
