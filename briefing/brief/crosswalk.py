"""The framework items a recommendation serves, as one brief shows them.

A recommendation lists `serves: ["isms-p:2.6.7", ...]` (frameworks.yaml holds the
items). A brief shows only the frameworks its organisation answers to (their
`sectors`) and that exist on the edition's date (briefing.knowledge.timeline), so
the crosswalk of an insurer differs from a manufacturer's, and an edition of 2025
does not name the OWASP 2026 list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.knowledge.model import Knowledge, Recommendation


@dataclass(frozen=True)
class ServedItem:
    framework: str  # framework id
    item: str  # item id within it: "2.6.7", "art31", "LLM02"
    label: str  # how the crosswalk prints it: "ISMS-P 2.6.7"
    title: str  # the item's short title in the brief's language
    effective: dt.date | None


@dataclass(frozen=True)
class FrameworkView:
    id: str
    short: str  # the label prefix: "ISMS-P", "OWASP LLM 2025"
    title: str
    version: str
    publisher: str
    date: str
    url: str | None


def served_items(rec: Recommendation, knowledge: Knowledge, lang: str) -> tuple[ServedItem, ...]:
    """The items of `rec.serves` whose framework this brief's knowledge holds, in the order written."""
    out = []
    for ref in rec.serves:
        fw_id, item_id = ref.split(":", 1)
        fw = knowledge.frameworks.get(fw_id)
        item = fw.item(item_id) if fw else None
        if item is None:
            continue
        number = (item.label.get(lang) if item.label else item.id) if fw.numbered else None
        label = f"{fw.short.get(lang)} {number}" if number else fw.short.get(lang)
        out.append(ServedItem(fw_id, item_id, label, item.title.get(lang), item.effective))
    return tuple(out)


def framework_views(knowledge: Knowledge, used: set[str], lang: str) -> tuple[FrameworkView, ...]:
    """The frameworks named by the brief's crosswalk, in frameworks.yaml order."""
    return tuple(FrameworkView(fid, fw.short.get(lang), fw.title.get(lang),
                               fw.version_en if lang == "en" and fw.version_en else fw.version,
                               fw.publisher.get(lang), fw.date, fw.url)
                 for fid, fw in knowledge.frameworks.items() if fid in used)
