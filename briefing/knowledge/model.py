"""The domain: sources, topics, findings, recommendations, rules, audiences, frameworks.

Plain typed classes with no I/O. `briefing.knowledge.loader` loads them from YAML and
checks the references between them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from briefing.knowledge.schema import field

Confidence = Literal["high", "medium", "low"]
Priority = Literal["critical", "high", "medium", "low"]
Horizon = Literal["immediate", "30d", "90d", "12m"]
Verdict = Literal["allowed", "conditional", "not_allowed"]
Status = Literal["approved", "draft"]
SourceKind = Literal["article", "report", "law", "guidance", "press_release", "paper", "model_card", "licence",
                     "dataset"]
PRIMARY_KINDS = frozenset({"law", "guidance", "press_release", "paper", "model_card", "licence", "dataset"})
Area = Literal["block", "dlp", "monitor", "exception", "govern", "develop", "evaluate", "awareness"]

PRIORITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
HORIZON_DAYS = {"immediate": 7, "30d": 30, "90d": 90, "12m": 365}
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"


_model = dataclass(frozen=True, kw_only=True)


@_model
class Text:
    """Reader-facing text in both languages."""

    ko: str = field(min_length=1, max_length=4000)
    en: str = field(min_length=1, max_length=4000)

    def get(self, lang: str) -> str:
        return getattr(self, lang)


@_model
class Source:
    id: str = field(pattern=_ID)
    title: str = field(min_length=1, max_length=300)
    title_en: str | None = field(default=None, max_length=300)
    outlet: Text
    author: str | None = None
    author_en: str | None = None
    date: str = field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    language: Literal["ko", "en", "zh", "it"] = "ko"  # the source's own language
    file: str | None = None
    url: str | None = field(default=None, pattern=r"^https?://\S+$")
    kind: SourceKind = "article"
    # True when `title` describes the source because its headline was not read: briefs
    # print it in square brackets, in the brief's language, never in 「」 as a headline.
    descriptive_title: bool = False
    disabled: bool = False

    @property
    def known_on(self) -> dt.date:
        """The first day an edition may cite the source.

        A partial date is compared at its own precision: '2025-02' is not after an edition
        of 10 February 2025. Each finding's own date (the day its fact was known) keeps an
        edition from saying what the source said before it was said.
        """
        parts = [int(p) for p in self.date.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    @property
    def primary(self) -> bool:
        """A primary document (law, guidance, paper, model card ...) rather than a press report."""
        return self.kind in PRIMARY_KINDS


@_model
class Risk:
    likelihood: int = field(ge=1, le=5)
    impact: int = field(ge=1, le=5)
    rationale: list[str] = field(min_length=1)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@_model
class EarlierWording:
    """What an item said before a newer fact was known: shown in editions dated before `until`."""

    until: dt.date
    title: Text | None = None
    action: Text | None = None  # recommendations
    text: Text | None = None  # rules
    summary: Text | None = None  # topics


def _earlier(v: list) -> list:
    days = [w.until for w in v]
    if days != sorted(set(days)):
        raise ValueError("earlier_wording: give each `until` once, oldest first")
    return v


@_model
class Topic:
    id: str = field(pattern=_ID)
    title: Text
    summary: Text
    risk: Risk | None = None
    earlier_wording: list[EarlierWording] = field(default=[], check=_earlier)  # title/summary before a date


def parse_lines(spec: str | int | None) -> tuple[int, ...]:
    """'5-6,13' -> (5, 6, 13)."""
    if spec is None:
        return ()
    out: list[int] = []
    for part in str(spec).replace(" ", "").split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise ValueError(f"line numbers must look like '8', '5-6' or '13,22', not {spec!r}")
        lo, hi = int(m[1]), int(m[2] or m[1])
        if lo < 1 or hi < lo or hi - lo > 200:
            raise ValueError(f"bad line range {part!r}")
        out.extend(range(lo, hi + 1))
    return tuple(out)


def _line_spec(v):
    """'8' and 8 alike: YAML reads a single line number as an int."""
    if v is None or isinstance(v, bool) or not isinstance(v, (str, int)):
        return v
    parse_lines(str(v))
    return str(v)


def _passages(v):
    """One passage or a list of them; each the source's own words, short enough to be a quotation."""
    if isinstance(v, str):
        v = [v]
    if isinstance(v, list):
        for passage in v:
            if isinstance(passage, str) and not 0 < len(passage.strip()) <= EVIDENCE_CHARS:
                raise ValueError(f"each evidence passage is 1 to {EVIDENCE_CHARS} characters: the sentence or two "
                                 "of the source a finding rests on")
    return v


EVIDENCE_CHARS = 500


@_model
class Citation:
    source: str
    lines: str | None = field(default=None, before=_line_spec)
    # For a source with no stored file: the passage(s) of it the finding rests on, in the source's own
    # words. Never printed in a brief; the fact check compares the finding with it.
    evidence: list[str] = field(default=[], before=_passages)

    @property
    def line_numbers(self) -> tuple[int, ...]:
        return parse_lines(self.lines)


@_model
class Figure:
    series: str = field(pattern=_ID)
    label: Text
    value: float
    unit: Text


def _sectors(v: list[str]) -> list[str]:
    for s in v:
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", s):
            raise ValueError(f"sector {s!r} should be a lower-case id such as finance or public")
    return v


def _item_refs(v: list[str]) -> list[str]:
    for ref in v:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}:[A-Za-z0-9][A-Za-z0-9_.()-]{0,39}", ref):
            raise ValueError(f"{ref!r} should name a framework and one of its items, such as 'isms-p:2.6.7'")
    if len(set(v)) != len(v):
        raise ValueError("an item is named twice")
    return v


@_model
class FactCheck:
    """`check: {ignore: reason}` on a finding: `briefing check` stays silent about it, for that reason."""

    ignore: str = field(min_length=3, max_length=500, pattern=r"\S")


@_model
class Finding:
    id: str = field(pattern=_ID)
    topic: str = field(pattern=_ID)
    date: dt.date  # the day the fact became true or known
    confidence: Confidence
    text: Text
    citations: list[Citation] = field(min_length=1)
    figures: list[Figure] = field(default=[])
    status: Status = "approved"  # drafts (from `briefing sources add`) never reach a brief
    supersedes: str | None = field(default=None, pattern=_ID)
    sectors: list[str] = field(default=[], check=_sectors)  # industries it applies to; empty: every organisation
    # The event as wording elsewhere would name it ("다운로드 재개", "downloads resumed"): the time check
    # reports static wording that uses one of these phrases before this finding was known.
    names: list[str] = field(default=[])
    check: FactCheck | None = None
    disabled: bool = False


@_model
class Recommendation:
    id: str = field(pattern=_ID)
    topic: str = field(pattern=_ID)
    audiences: list[str] = field(min_length=1)
    priority: Priority
    owner: Text
    horizon: Horizon
    title: Text
    action: Text
    per_audience: dict[str, Text] = field(default={})
    rests_on: list[str] = field(min_length=1)
    area: Area | None = None
    guidance: bool = False
    review_by: dt.date
    date: dt.date | None = None  # first edition it may appear in (default: when a finding it rests on is known)
    supersedes: str | None = field(default=None, pattern=_ID)
    sectors: list[str] = field(default=[], check=_sectors)  # industries it applies to; empty: every organisation
    serves: list[str] = field(default=[], check=_item_refs)  # framework items it answers: "isms-p:2.6.7"
    sets: list[str] = field(default=[])  # figures it sets as policy ("90일"), which no finding need state
    decision: Text | None = None  # the board's decision in a few words, for the summary line that lists them
    earlier_wording: list[EarlierWording] = field(default=[], check=_earlier)  # title/action before a date
    disabled: bool = False

    def check(self) -> None:
        extra = set(self.per_audience) - set(self.audiences)
        if extra:
            raise ValueError(f"per_audience names {sorted(extra)} not in audiences {self.audiences}")

    def action_for(self, audience: str) -> Text:
        return self.per_audience.get(audience, self.action)

    def due(self, start: dt.date) -> dt.date:
        return start + dt.timedelta(days=HORIZON_DAYS[self.horizon])


@_model
class Rule:
    id: str = field(pattern=_ID)
    verdict: Verdict
    text: Text
    recommendation: str
    date: dt.date | None = None  # the first edition it may appear in (its text names something new then)
    earlier_wording: list[EarlierWording] = field(default=[], check=_earlier)  # text before a date
    disabled: bool = False


@_model
class FrameworkItem:
    """One criterion, article or control of a framework: its id and a short title (never its text)."""

    id: str = field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.()-]{0,39}$")
    label: Text | None = None  # as printed, when not the id: 제31조 / Art. 31
    title: Text
    genai: bool = False  # relevant to generative-AI use: coverage lists it when no recommendation serves it
    effective: dt.date | None = None  # the day it binds, when later than the framework's date (a law's article)


@_model
class Framework:
    """A certification scheme, law, guideline or standard a company is audited against."""

    id: str = field(pattern=_ID)
    short: Text  # the prefix of an item's label: ISMS-P; AI기본법 / AI Basic Act
    title: Text
    version: str = field(min_length=1, max_length=60)
    version_en: str | None = field(default=None, max_length=60)  # when the version is written in Korean
    date: str = field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")  # published; editions before it do not name it
    publisher: Text
    url: str | None = field(default=None, pattern=r"^https?://\S+$")
    sources: list[str] = field(default=[])  # knowledge-base sources its entries were read in
    sectors: list[str] = field(default=[], check=_sectors)  # industries it binds; empty: every organisation
    numbered: bool = True  # False: items have no ids of their own; the crosswalk prints their titles only
    note: str | None = None  # what the list covers when it is not the whole framework (for maintainers)
    items: list[FrameworkItem] = field(min_length=1)
    disabled: bool = False

    def check(self) -> None:
        ids = [i.id for i in self.items]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"items {twice} are listed twice")

    @property
    def known_on(self) -> dt.date:
        parts = [int(p) for p in self.date.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@_model
class Industry:
    """An `organization.industry` value and the other ways users write it (industries.yaml)."""

    id: str = field(pattern=r"^[a-z][a-z0-9_-]{0,30}$")
    title: Text
    aliases: list[str] = field(default=[])
    disabled: bool = False


def industry_key(text: str) -> str:
    """How an industry is compared: case, spaces, hyphens and underscores do not count."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


@_model
class Length:
    min_pages: int = field(ge=1, le=200)
    max_pages: int = field(ge=1, le=200)


@_model
class SummaryLine:
    text: Text
    rests_on: list[str] = field(default=[])
    date: dt.date | None = None  # shown in editions on or after this day
    until: dt.date | None = None  # shown only in editions before this day (a newer line takes over)
    sets: list[str] = field(default=[])  # figures it sets as policy ("90일"), which no finding need state
    # True: the line leads the list of decisions the brief asks for ("요청 사항"), composed from the
    # same selection as the decisions table, so it never promises a decision the table lacks.
    decisions: bool = False

    def check(self) -> None:
        if not self.rests_on and not self.decisions:
            raise ValueError("a summary line rests on at least one finding (rests_on), unless it lists the "
                             "decisions (decisions: true)")
        if self.rests_on and self.decisions:
            raise ValueError("a decisions line takes its citations from the decisions table: leave out rests_on")

    def shown_on(self, day: dt.date) -> bool:
        return (self.date is None or self.date <= day) and (self.until is None or day < self.until)


@_model
class Audience:
    id: str = field(pattern=r"^[a-z][a-z0-9_-]{0,30}$")
    title: Text
    purpose: Text
    tone: Text
    length: Length
    sections: list[str] = field(default=[])
    summary: list[SummaryLine] = field(default=[], max_length=8)
    topics: list[str] = field(default=[])  # the topics this audience reads, in order (default: the event's)
    template: str = field(pattern=r"^[A-Za-z0-9_.-]+\.md\.j2$")


@_model
class Chart:
    """A bar chart of one figure series, drawn in the board brief."""

    series: str = field(pattern=_ID)
    caption: Text
    alt: Text


@_model
class Event:
    """What the knowledge base is about: everything subject-specific that briefs print."""

    id: str = field(pattern=_ID)
    title: Text  # the briefs' title, before the audience's title
    subject: Text
    keywords: list[str] = field(default=[])
    topics: list[str] = field(min_length=1)  # every topic, in the order briefs present them
    background: str | None = field(default=None, pattern=_ID)  # the topic that tells what happened
    highlight: list[str] = field(default=[])  # chart labels drawn in the accent colour
    charts: list[Chart] = field(default=[])
    # The day the event began: no response to it was due before, so a recommendation resting on an
    # older fact (a 2023 leak) counts its deadline from here at the earliest.
    date: dt.date | None = None


@_model
class Knowledge:
    """The whole knowledge base after merging and cross-reference checks."""

    event: Event
    sources: dict[str, Source]
    topics: dict[str, Topic]
    findings: dict[str, Finding]
    recommendations: dict[str, Recommendation]
    rules: dict[str, Rule]
    audiences: dict[str, Audience]
    frameworks: dict[str, Framework] = field(default={})
    industries: dict[str, Industry] = field(default={})

    def industry(self, written: str | None) -> str | None:
        """The industry id a run config's value means: an id or an alias, in any case; None when the
        knowledge base has no such industry (or holds no vocabulary: then the value is its own id)."""
        if written is None or not written.strip():
            return None
        if not self.industries:
            return written.strip().lower()
        key = industry_key(written)
        for ind in self.industries.values():
            if key == industry_key(ind.id) or key in {industry_key(a) for a in ind.aliases}:
                return ind.id
        return None
