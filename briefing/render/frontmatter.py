"""The front matter of a rendered brief: everything the DOCX writer needs besides the text.

The Markdown a template renders starts with a YAML block (pandoc reads the same
block as metadata):

    ---
    lang: "ko"
    title: "딥시크(DeepSeek) 대응 …"
    organization: "한빛금융"
    date: "2025-02-20"
    …
    charts: {"series": {…}, "risk": […], "highlight": […]}
    ---

That text alone reproduces the DOCX (`briefing render brief.md`), so the writer
takes Markdown and nothing else from the build: no Brief object crosses over.
Values are written as JSON, which is YAML, so no quoting rule of YAML can bite.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import yaml

from briefing.errors import BriefingError

_OPENING = "---\n"
_BLOCK = re.compile(r"\A---\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float
    unit: str


@dataclass(frozen=True)
class RiskRating:
    title: str
    likelihood: int | None
    impact: int | None


@dataclass(frozen=True)
class DocumentMeta:
    """What the front matter says; charts read `series`, `topics`, `highlight`, `lang`."""

    lang: str
    title: str
    organization: str
    audience: str
    audience_title: str
    date: dt.date
    version: str
    classification: str
    owner: str
    purpose: str = ""
    keywords: tuple[str, ...] = ()
    template: str = ""
    series: dict[str, tuple[ChartPoint, ...]] = field(default_factory=dict)
    topics: tuple[RiskRating, ...] = ()  # risk ratings, in the brief's topic order
    highlight: tuple[str, ...] = ()


def _highlight(brief) -> tuple[str, ...]:
    """Chart labels drawn in the accent colour: the brief's event's (knowledge/event.yaml)."""
    event = getattr(brief, "event", None)
    labels = getattr(event, "highlight", None) or ()
    if hasattr(labels, "get"):  # per language
        labels = labels.get(brief.lang) or ()
    return (labels,) if isinstance(labels, str) else tuple(str(x) for x in labels)


def meta_from_brief(brief) -> DocumentMeta:
    return DocumentMeta(
        lang=brief.lang, title=brief.title, organization=brief.organization, audience=brief.audience,
        audience_title=brief.audience_title, date=brief.date, version=brief.version,
        classification=brief.classification, owner=brief.owner, purpose=brief.purpose,
        keywords=tuple(str(k) for k in brief.keywords), template=brief.template,
        series={name: tuple(ChartPoint(p.label, float(p.value), p.unit) for p in points)
                for name, points in brief.series.items()},
        topics=tuple(RiskRating(t.title, t.likelihood, t.impact) for t in brief.topics),
        highlight=_highlight(brief),
    )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def front_matter(meta: DocumentMeta) -> str:
    """The YAML block that opens the brief's Markdown."""
    charts = {
        "series": {name: [[p.label, p.value, p.unit] for p in points] for name, points in meta.series.items()},
        "risk": [[t.title, t.likelihood, t.impact] for t in meta.topics],
        "highlight": list(meta.highlight),
    }
    fields = {
        "lang": meta.lang, "title": meta.title, "organization": meta.organization, "audience": meta.audience,
        "audience_title": meta.audience_title, "date": meta.date.isoformat(), "version": meta.version,
        "classification": meta.classification, "owner": meta.owner, "purpose": meta.purpose,
        "keywords": list(meta.keywords), "template": meta.template, "charts": charts,
    }
    return _OPENING + "".join(f"{key}: {_json(value)}\n" for key, value in fields.items()) + "---\n\n"


def split_front_matter(markdown: str, source: str = "<markdown>") -> tuple[DocumentMeta, str]:
    """(metadata, body) of a rendered brief; a missing or broken block is bad input naming `source`."""
    hint = ("the Markdown must start with the front matter `briefing build --emit-markdown` writes "
            "(a --- block with lang, title, organization, date, classification, ...)")
    match = _BLOCK.match(markdown)
    if match is None:
        raise BriefingError("no front matter at the start of the Markdown", file=source, hint=hint)
    try:
        # libyaml's loader when built in: the front matter is parsed for every brief.
        data = yaml.load(match[1], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise BriefingError(f"the front matter is not valid YAML ({getattr(e, 'problem', e)})", file=source,
                            line=mark.line + 2 if mark is not None else None, hint=hint) from None
    if not isinstance(data, dict):
        raise BriefingError("the front matter is not a mapping of keys to values", file=source, hint=hint)
    try:
        return _meta(data), markdown[match.end():]
    except (KeyError, TypeError, ValueError) as e:
        what = f"missing key {e}" if isinstance(e, KeyError) else str(e)
        raise BriefingError(f"the front matter is incomplete or malformed: {what}", file=source, hint=hint) from None


def _text(data: dict, key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise KeyError(key)
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"'{key}' must be text")
    return str(value)


def _meta(data: dict) -> DocumentMeta:
    lang = _text(data, "lang")
    if lang not in ("ko", "en"):
        raise ValueError(f"'lang' must be ko or en, not {lang!r}")
    raw_date = data.get("date")
    date = raw_date if isinstance(raw_date, dt.date) else dt.date.fromisoformat(_text(data, "date"))
    charts = data.get("charts") or {}
    if not isinstance(charts, dict):
        raise ValueError("'charts' must be a mapping")
    series = {str(name): tuple(ChartPoint(str(label), float(value), str(unit)) for label, value, unit in points)
              for name, points in (charts.get("series") or {}).items()}
    risk = tuple(RiskRating(str(title), None if lik is None else int(lik), None if imp is None else int(imp))
                 for title, lik, imp in charts.get("risk") or [])
    keywords = data.get("keywords") or []
    if not isinstance(keywords, list):
        raise ValueError("'keywords' must be a list")
    return DocumentMeta(
        lang=lang, title=_text(data, "title"), organization=_text(data, "organization"),
        audience=_text(data, "audience", ""), audience_title=_text(data, "audience_title", ""), date=date,
        version=_text(data, "version", ""), classification=_text(data, "classification"),
        owner=_text(data, "owner", ""), purpose=_text(data, "purpose", ""),
        keywords=tuple(str(k) for k in keywords), template=_text(data, "template", ""),
        series=series, topics=risk, highlight=tuple(str(h) for h in charts.get("highlight") or ()),
    )
