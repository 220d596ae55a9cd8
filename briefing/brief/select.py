"""Pick what one audience reads in one language: (config, knowledge, audience, lang) -> Brief.

The Brief holds language-resolved, ordered views of the knowledge base, so
templates only arrange text and never decide what is in or out.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from briefing.brief import deadlines, english_defaults
from briefing.brief.crosswalk import FrameworkView, ServedItem, framework_views, served_items
from briefing.brief.overrides import apply_override, check_overrides
from briefing.errors import BriefingError
from briefing.knowledge.config import CLOSED, LoadedConfig
from briefing.knowledge.model import PRIORITY_ORDER, Knowledge, Source
from briefing.knowledge.sectors import for_industry
from briefing.knowledge.timeline import knowledge_as_of, timeline


def shorten(title: str, limit: int = 32) -> str:
    """A title cut to at most `limit` characters at a space, never inside a word (Korean 어절 too)."""
    if len(title) <= limit:
        return title
    head = title[: limit - 1]
    cut = head.rfind(" ")
    if cut >= limit // 3:
        head = head[:cut]
    # else: one long word (no space early enough); cut it rather than show the whole title
    opened = max(head.rfind(c) for c in "(「“‘[")
    if opened >= limit // 3 and not any(c in head[opened:] for c in ")」”’]"):
        head = head[:opened]  # no bracket left open: "(제목…" reads as a fragment
    return head.rstrip(" ,:;·-–—(「“‘'\"") + "…"


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    outlet: str
    author: str | None
    date: str
    kind: str
    primary: bool
    file: str | None
    url: str | None
    descriptive_title: bool = False

    def short_reference(self, lang: str, lines: str | None = None) -> str:
        """A footnote's form: outlet, title (shortened), date, line; the sources list has the rest."""
        return self._cite(lang, shorten(self.title), None, lines)

    def reference(self, lang: str, lines: str | None = None) -> str:
        """A full bibliographic line: outlet, title, author, date (and line)."""
        return self._cite(lang, self.title, self.author, lines)

    def _cite(self, lang: str, title: str, author: str | None, lines: str | None) -> str:
        if self.descriptive_title:
            quoted = f"[{title}]"  # a description, not a headline
        else:
            quoted = f"「{title}」" if lang == "ko" else f"“{title}”"
        parts = [self.outlet, quoted, author, self.date]
        if lines:
            parts.append(f"{lines}행" if lang == "ko" else f"l. {lines}")
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class CitationView:
    source: SourceView
    lines: str | None


@dataclass(frozen=True)
class FindingView:
    id: str
    topic: str
    date: dt.date
    confidence: str
    text: str
    citations: tuple[CitationView, ...]

    @property
    def reported(self) -> bool:
        return self.confidence == "low"


@dataclass(frozen=True)
class RecommendationView:
    id: str
    topic: str
    priority: str
    owner: str
    horizon: str
    title: str
    action: str
    guidance: bool
    area: str | None
    review_by: dt.date
    due: dt.date
    rests_on: tuple[FindingView, ...]
    # From the run config's overrides (briefing.brief.overrides); None when the organisation set none.
    status: str | None = None  # planned | in_progress | done | not_applicable
    status_since: dt.date | None = None  # date of the history entry that set it
    budget: str | None = None
    note: str | None = None
    serves: tuple[ServedItem, ...] = ()  # framework items it answers (briefing.brief.crosswalk)
    overdue: bool = False  # open and past its due date on the edition's date (briefing.brief.deadlines)
    decision: str = ""  # the board's decision in a few words (its title unless the knowledge base gives one)

    @property
    def tracked(self) -> bool:
        return bool(self.status or self.budget or self.note)


@dataclass(frozen=True)
class SummaryView:
    text: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class RuleView:
    id: str
    verdict: str
    text: str
    recommendation: str


@dataclass(frozen=True)
class TopicView:
    id: str
    title: str
    summary: str
    likelihood: int | None
    impact: int | None
    rationale: tuple[FindingView, ...]  # the findings the risk rating rests on
    findings: tuple[FindingView, ...]
    recommendations: tuple[RecommendationView, ...]


@dataclass(frozen=True)
class ChartView:
    series: str
    caption: str
    alt: str


@dataclass(frozen=True)
class EventView:
    id: str
    title: str
    subject: str
    keywords: tuple[str, ...]
    background: str | None
    highlight: tuple[str, ...]
    charts: tuple[ChartView, ...]


@dataclass(frozen=True)
class FigurePoint:
    label: str
    value: float
    unit: str
    finding: FindingView


@dataclass(frozen=True)
class ApprovalView:
    """One box of the cover's approval block, in the brief's language (date: None = sign by hand)."""

    role: str
    name: str
    date: dt.date | None


@dataclass(frozen=True)
class Brief:
    """Everything one document says, in one language, in reading order."""

    audience: str
    lang: str
    title: str
    audience_title: str
    purpose: str
    tone: str
    min_pages: int
    max_pages: int
    template: str
    organization: str
    organization_en: str | None
    industry: str | None
    date: dt.date
    version: str
    classification: str
    owner: str
    distribution: str | None
    review_by: dt.date | None
    summary: tuple[SummaryView, ...]
    topics: tuple[TopicView, ...]
    recommendations: tuple[RecommendationView, ...]
    rules: tuple[RuleView, ...]
    sources: tuple[SourceView, ...]
    event: EventView
    series: dict[str, tuple[FigurePoint, ...]] = field(default_factory=dict)
    timeline: tuple[FindingView, ...] = ()  # every finding known at the date, superseded ones included
    approvals: tuple[ApprovalView, ...] = ()  # the cover's approval block (결재란), left to right
    frameworks: tuple[FrameworkView, ...] = ()  # the frameworks its recommendations serve (crosswalk appendix)
    decisions: tuple[RecommendationView, ...] = ()  # what the brief asks its readers to decide (board_decisions)
    changes: object = None  # briefing.brief.editions.Changes since the previous edition, or None before rendering

    def topic(self, topic_id: str) -> TopicView:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    @property
    def background(self) -> TopicView | None:
        """The topic that tells what happened (the event's `background`), if the brief has it."""
        return next((t for t in self.topics if t.id == self.event.background), None)

    @property
    def focus(self) -> tuple[TopicView, ...]:
        """The topics other than the background, in the order this audience reads them."""
        return tuple(t for t in self.topics if t.id != self.event.background)

    @property
    def basis(self) -> frozenset[str]:
        """Ids of the findings this brief's recommendations and summary lines rest on."""
        return frozenset(f.id for r in self.recommendations for f in r.rests_on) | frozenset(
            f.id for line in self.summary for f in line.findings)

    def finding(self, finding_id: str) -> FindingView:
        for t in self.topics:
            for f in t.findings:
                if f.id == finding_id:
                    return f
        raise KeyError(finding_id)

    @property
    def keywords(self) -> list[str]:
        return [*self.event.keywords, self.audience] + [t.title for t in self.topics]


def _source_view(s: Source, lang: str) -> SourceView:
    title = s.title_en if lang == "en" and s.title_en else s.title
    author = s.author_en if lang == "en" and s.author_en else s.author
    return SourceView(s.id, title, s.outlet.get(lang), author, s.date, s.kind, s.primary, s.file, s.url,
                      s.descriptive_title)


def _event_view(knowledge: Knowledge, lang: str) -> EventView:
    e = knowledge.event
    return EventView(
        id=e.id, title=e.title.get(lang), subject=e.subject.get(lang), keywords=tuple(e.keywords),
        background=e.background, highlight=tuple(e.highlight),
        charts=tuple(ChartView(c.series, c.caption.get(lang), c.alt.get(lang)) for c in e.charts))


def _topic_order(knowledge: Knowledge, audience: str) -> list[str]:
    """The audience's own topic list if it has one (background first, as in the event), else the event's."""
    chosen = knowledge.audiences[audience].topics
    if not chosen:
        return list(knowledge.event.topics)
    background = knowledge.event.background
    return ([background] if background and background not in chosen else []) + list(chosen)


def check_selection(loaded: LoadedConfig, knowledge: Knowledge) -> None:
    """Config entries that must name something the knowledge base has."""
    cfg = loaded.config
    for i, aud in enumerate(cfg.audiences):
        if aud not in knowledge.audiences:
            raise BriefingError(f"unknown audience '{aud}'", **loaded.where("audiences", i),
                                hint="allowed: " + ", ".join(knowledge.audiences))
    for i, rid in enumerate(cfg.exclude):
        if rid not in knowledge.recommendations:
            raise BriefingError(f"'exclude' names unknown recommendation '{rid}'",
                                file=loaded.display_path, line=loaded.line("exclude", i),
                                hint="`briefing list` shows the recommendation ids")
    industry = cfg.organization.industry
    if industry is not None and knowledge.industry(industry) is None:
        known = ", ".join(f"{i.id} ({i.title.ko})" for i in knowledge.industries.values())
        raise BriefingError(f"unknown industry '{industry}'", **loaded.where("organization", "industry"),
                            hint=f"write one of {known}, or a usual name for one (insurance, 은행, 공공기관 ...); "
                                 "`briefing list` shows every alias; `other` when none fits")
    check_overrides(loaded, knowledge.recommendations)


def edition_day(loaded: LoadedConfig, today: dt.date | None = None) -> dt.date:
    """The edition's date: document.date (which --as-of sets), else today."""
    return loaded.config.document.date or today or dt.date.today()


def _in_language(value: str, value_en: str | None, lang: str, known: dict[str, str]) -> str:
    """A cover setting in the brief's language: *_en when set, else the known English, else as written."""
    if lang != "en":
        return value
    return value_en or english_defaults.english(value, known) or value


DECISIONS = 5  # the decisions table asks for at most this many
# An edition is reviewed within this many months at the latest: the knowledge base's own review-by
# dates are set when it is maintained (a 2026 re-check), so alone they would date a 2025 edition's
# review by a later re-check.
REVIEW_MONTHS = 6


def edition_review_by(knowledge: Knowledge, date: dt.date) -> dt.date:
    """One review date for every brief of the edition: the earliest review-by of the recommendations
    the edition can show (any audience), and no later than REVIEW_MONTHS after the edition."""
    month = date.month - 1 + REVIEW_MONTHS
    year, month = date.year + month // 12, month % 12 + 1
    latest = dt.date(year, month, min(date.day, 28))
    dates = [r.review_by for r in knowledge.recommendations.values() if r.review_by]
    return min([*dates, latest])


def board_decisions(recs: list[RecommendationView]) -> tuple[RecommendationView, ...]:
    """The decisions asked for: the open critical and high items, most urgent first (topic order within)."""
    asked = [r for r in recs if r.status not in CLOSED and r.priority in ("critical", "high")]
    return tuple(sorted(asked, key=lambda r: PRIORITY_ORDER[r.priority])[:DECISIONS])


def _summary_line(line, findings: dict, decisions: tuple[RecommendationView, ...], lang: str) -> SummaryView:
    if not line.decisions:
        return SummaryView(line.text.get(lang), tuple(findings[f] for f in line.rests_on))
    asked = ", ".join(r.decision for r in decisions)
    return SummaryView(f"{line.text.get(lang)}: {asked}" if asked else "", ())


def select_brief(loaded: LoadedConfig, knowledge: Knowledge, audience: str, lang: str,
                 today: dt.date | None = None) -> Brief:
    """The brief of one audience and language, as of the edition's date (see briefing.knowledge.timeline)."""
    cfg = loaded.config
    date = edition_day(loaded, today)
    everything = for_industry(knowledge, cfg.organization.industry)
    knowledge = knowledge_as_of(everything, date)
    aud = knowledge.audiences[audience]
    sources = {sid: _source_view(s, lang) for sid, s in sorted(everything.sources.items())}

    def view(f) -> FindingView:
        cites = tuple(CitationView(sources[c.source], c.lines) for c in f.citations)
        return FindingView(f.id, f.topic, f.date, f.confidence, f.text.get(lang), cites)

    findings = {f.id: view(f) for f in sorted(knowledge.findings.values(), key=lambda f: (f.date, f.id))}
    history = tuple(findings.get(f.id) or view(f) for f in timeline(everything, date))

    excluded = set(cfg.exclude)
    recorded = deadlines.recorded_dues(loaded.output_dir, date)
    reached_on = date if deadlines.has_earlier_editions(loaded.output_dir, date) else None
    recs = []
    for rid, r in knowledge.recommendations.items():
        if audience not in r.audiences or rid in excluded:
            continue
        recs.append(apply_override(RecommendationView(
            id=rid, topic=r.topic, priority=r.priority, owner=r.owner.get(lang), horizon=r.horizon,
            title=r.title.get(lang), action=r.action_for(audience).get(lang), guidance=r.guidance,
            area=r.area,
            review_by=r.review_by, due=deadlines.due_date(everything.recommendations[rid], everything, recorded,
                                                         reached_on),
            rests_on=tuple(findings[f] for f in r.rests_on),
            serves=served_items(r, knowledge, lang),
            decision=(r.decision or r.title).get(lang)), loaded, lang, date))
    recs = [dataclasses.replace(r, overdue=deadlines.overdue(r.due, r.status, date)) for r in recs]
    order = _topic_order(knowledge, audience)
    recs = [r for r in recs if r.topic in order]
    recs.sort(key=lambda r: (order.index(r.topic), PRIORITY_ORDER[r.priority], r.id))
    decisions = board_decisions(recs)

    topics = []
    for tid in order:
        t = knowledge.topics[tid]
        topics.append(TopicView(
            id=tid, title=t.title.get(lang), summary=t.summary.get(lang),
            likelihood=t.risk.likelihood if t.risk else None,
            impact=t.risk.impact if t.risk else None,
            rationale=tuple(findings[f] for f in t.risk.rationale) if t.risk else (),
            findings=tuple(f for f in findings.values() if f.topic == tid),
            recommendations=tuple(r for r in recs if r.topic == tid)))

    rules = tuple(RuleView(uid, u.verdict, u.text.get(lang), u.recommendation)
                  for uid, u in sorted(knowledge.rules.items()) if u.recommendation not in excluded)

    series: dict[str, list[FigurePoint]] = {}
    for f in knowledge.findings.values():
        for fig in f.figures:
            series.setdefault(fig.series, []).append(
                FigurePoint(fig.label.get(lang), fig.value, fig.unit.get(lang), findings[f.id]))

    org = cfg.organization
    return Brief(
        audience=audience, lang=lang,
        title=f"{knowledge.event.title.get(lang)} {aud.title.get(lang)}" if lang == "ko"
        else f"{knowledge.event.title.get(lang)}: {aud.title.get(lang)}",
        audience_title=aud.title.get(lang), purpose=aud.purpose.get(lang), tone=aud.tone.get(lang),
        min_pages=aud.length.min_pages, max_pages=aud.length.max_pages, template=aud.template,
        organization=org.name_en if lang == "en" and org.name_en else org.name,
        organization_en=org.name_en, industry=org.industry, date=date,
        version=cfg.document.version,
        classification=_in_language(cfg.document.classification, cfg.document.classification_en, lang,
                                    english_defaults.CLASSIFICATIONS),
        owner=_in_language(cfg.document.owner, cfg.document.owner_en, lang, english_defaults.ROLES),
        distribution=(cfg.document.distribution_en if lang == "en" else cfg.document.distribution),
        review_by=edition_review_by(knowledge, date),
        summary=tuple(_summary_line(line, findings, decisions, lang) for line in aud.summary),
        decisions=decisions,
        topics=tuple(topics), recommendations=tuple(recs), rules=rules,
        sources=tuple(sources[sid] for sid in sorted(knowledge.sources)),
        event=_event_view(knowledge, lang),
        series={k: tuple(v) for k, v in sorted(series.items())},
        timeline=history,
        frameworks=framework_views(knowledge, {s.framework for r in recs for s in r.serves}, lang),
        approvals=tuple(ApprovalView(a.role_en if lang == "en" and a.role_en else a.role,
                                     (a.name_en if lang == "en" and a.name_en else a.name) or "", a.date)
                        for a in cfg.document.approvals),
    )
