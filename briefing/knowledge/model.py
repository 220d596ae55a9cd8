"""The domain: sources, topics, findings, recommendations, rules, audiences.

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
class Topic:
    id: str = field(pattern=_ID)
    title: Text
    summary: Text
    risk: Risk | None = None


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


@_model
class Citation:
    source: str
    lines: str | None = field(default=None, before=_line_spec)

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
    disabled: bool = False


@_model
class Length:
    min_pages: int = field(ge=1, le=200)
    max_pages: int = field(ge=1, le=200)


@_model
class SummaryLine:
    text: Text
    rests_on: list[str] = field(min_length=1)
    date: dt.date | None = None  # shown in editions on or after this day
    until: dt.date | None = None  # shown only in editions before this day (a newer line takes over)

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
