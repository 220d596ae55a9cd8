"""Coverage of one framework: each item, the recommendations serving it, and the gaps.

`briefing list --framework isms-p` prints it. An item marked `genai: true` that no
recommendation serves is a gap an auditor will ask about; the listing names those
last. The knowledge given is the organisation's (its industry, its exclusions) as
of the edition's date, so a recommendation not yet made does not count.
"""
from __future__ import annotations

from dataclasses import dataclass

from briefing.errors import BriefingError
from briefing.knowledge.model import Framework, FrameworkItem, Knowledge


@dataclass(frozen=True)
class ItemCoverage:
    item: FrameworkItem
    recommendations: tuple[str, ...]  # ids, in id order

    @property
    def gap(self) -> bool:
        return self.item.genai and not self.recommendations


@dataclass(frozen=True)
class Coverage:
    framework: Framework
    items: tuple[ItemCoverage, ...]

    @property
    def served(self) -> int:
        return sum(1 for i in self.items if i.recommendations)

    @property
    def gaps(self) -> tuple[ItemCoverage, ...]:
        return tuple(i for i in self.items if i.gap)


def coverage(knowledge: Knowledge, framework_id: str, excluded: set[str] = frozenset(),
             everything: Knowledge | None = None) -> Coverage:
    """`everything` (the knowledge before the industry and date filters) only sharpens the error
    for a framework this organisation does not answer to."""
    fw = knowledge.frameworks.get(framework_id)
    if fw is None:
        whole = (everything or knowledge).frameworks.get(framework_id)
        if whole is not None and whole.sectors:
            raise BriefingError(f"framework '{framework_id}' applies to {', '.join(whole.sectors)} organisations only",
                                hint="set organization.industry in the run config, or pick another framework")
        if whole is not None:
            raise BriefingError(f"framework '{framework_id}' is dated {whole.date}, after this edition's date",
                                hint="give --as-of a later date")
        known = ", ".join(sorted((everything or knowledge).frameworks)) or "none"
        raise BriefingError(f"unknown framework '{framework_id}'", hint=f"known frameworks: {known}")
    serving: dict[str, list[str]] = {}
    for rid, rec in sorted(knowledge.recommendations.items()):
        if rid in excluded:
            continue
        for ref in rec.serves:
            fw_id, item_id = ref.split(":", 1)
            if fw_id == framework_id:
                serving.setdefault(item_id, []).append(rid)
    return Coverage(fw, tuple(ItemCoverage(item, tuple(serving.get(item.id, ()))) for item in fw.items))


def report(cov: Coverage) -> str:
    """The coverage as text: a header, one line per item, then the generative-AI gaps."""
    fw = cov.framework
    lines = [f"{fw.id}: {fw.title.ko} / {fw.title.en} ({fw.version_en or fw.version}, {fw.date})",
             f"{len(cov.items)} items, {cov.served} served by a recommendation, "
             f"{len(cov.gaps)} relevant to generative AI with none"]
    width = max(len(i.item.id) for i in cov.items)
    for i in cov.items:
        served = ", ".join(i.recommendations) or ("- (gap)" if i.gap else "-")
        lines.append(f"  {i.item.id:<{width}}  {served:<28} {i.item.title.ko} / {i.item.title.en}")
    if cov.gaps:
        lines.append("Relevant to generative AI and served by no recommendation:")
        lines.extend(f"  {i.item.id:<{width}}  {i.item.title.ko} / {i.item.title.en}" for i in cov.gaps)
    return "\n".join(lines)


def as_json(cov: Coverage) -> dict:
    fw = cov.framework
    return {"framework": fw.id, "title": {"ko": fw.title.ko, "en": fw.title.en}, "version": fw.version,
            "published": fw.date, "items": [{"id": i.item.id, "title": {"ko": i.item.title.ko, "en": i.item.title.en},
                                        "genai": i.item.genai, "recommendations": list(i.recommendations),
                                        "gap": i.gap} for i in cov.items],
            "gaps": [i.item.id for i in cov.gaps]}
