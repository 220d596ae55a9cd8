"""The domain: sources, topics, findings, recommendations, rules, audiences.

Plain typed classes with no I/O. `briefing.knowledge` loads them from YAML and
checks the references between them.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TopicId = Literal["korean_models", "data_leak", "blocking", "open_source", "context"]
Confidence = Literal["high", "medium", "low"]
Priority = Literal["critical", "high", "medium", "low"]
Horizon = Literal["immediate", "30d", "90d", "12m"]
Verdict = Literal["allowed", "conditional", "not_allowed"]
Area = Literal["block", "dlp", "monitor", "exception", "govern", "develop", "evaluate", "awareness"]

PRIORITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
HORIZON_DAYS = {"immediate": 7, "30d": 30, "90d": 90, "12m": 365}
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """Reader-facing text in both languages."""

    ko: str = Field(min_length=1, max_length=4000)
    en: str = Field(min_length=1, max_length=4000)

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class Source(_Model):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    outlet: Text
    author: str | None = None
    author_en: str | None = None
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    language: Literal["ko", "en"] = "ko"
    file: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    kind: Literal["article", "report"] = "article"
    disabled: bool = False


class Risk(_Model):
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    rationale: list[str] = Field(min_length=1)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Topic(_Model):
    id: TopicId
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


class Citation(_Model):
    source: str
    lines: str | None = None

    @field_validator("lines", mode="before")
    @classmethod
    def _lines(cls, v):
        if v is None:
            return None
        v = str(v)
        parse_lines(v)
        return v

    @property
    def line_numbers(self) -> tuple[int, ...]:
        return parse_lines(self.lines)


class Figure(_Model):
    series: str = Field(pattern=_ID)
    label: Text
    value: float
    unit: Text


class Finding(_Model):
    id: str = Field(pattern=_ID)
    topic: TopicId
    date: dt.date
    confidence: Confidence
    text: Text
    citations: list[Citation] = Field(min_length=1)
    figures: list[Figure] = []
    disabled: bool = False


class Recommendation(_Model):
    id: str = Field(pattern=_ID)
    topic: TopicId
    audiences: list[str] = Field(min_length=1)
    priority: Priority
    owner: Text
    horizon: Horizon
    title: Text
    action: Text
    per_audience: dict[str, Text] = {}
    rests_on: list[str] = Field(min_length=1)
    area: Area | None = None
    guidance: bool = False
    review_by: dt.date
    disabled: bool = False

    @model_validator(mode="after")
    def _per_audience_listed(self):
        extra = set(self.per_audience) - set(self.audiences)
        if extra:
            raise ValueError(f"per_audience names {sorted(extra)} not in audiences {self.audiences}")
        return self

    def action_for(self, audience: str) -> Text:
        return self.per_audience.get(audience, self.action)

    def due(self, start: dt.date) -> dt.date:
        return start + dt.timedelta(days=HORIZON_DAYS[self.horizon])


class Rule(_Model):
    id: str = Field(pattern=_ID)
    verdict: Verdict
    text: Text
    recommendation: str
    disabled: bool = False


class Length(_Model):
    min_pages: int = Field(ge=1, le=200)
    max_pages: int = Field(ge=1, le=200)


class SummaryLine(_Model):
    text: Text
    rests_on: list[str] = Field(min_length=1)


class Audience(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,30}$")
    title: Text
    purpose: Text
    tone: Text
    length: Length
    sections: list[str] = []
    summary: list[SummaryLine] = Field(default=[], max_length=5)
    template: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.md\.j2$")


class Knowledge(_Model):
    """The whole knowledge base after merging and cross-reference checks."""

    sources: dict[str, Source]
    topics: dict[str, Topic]
    findings: dict[str, Finding]
    recommendations: dict[str, Recommendation]
    rules: dict[str, Rule]
    audiences: dict[str, Audience]
