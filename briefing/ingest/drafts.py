"""Stored source lines -> draft findings: statements of fact, each with its topic, figures,
confidence and a citation of its line.

A draft's Korean text is the source sentence itself, unchanged, so a reviewer sees
exactly what the source says; its English text says it is a draft copy. A person
rewrites both and sets `status: approved` (`briefing check` refuses an approved
finding that still copies its source).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefing.ingest import figures as figs
from briefing.ingest.sentences import Sentence
from briefing.knowledge.model import EVIDENCE_CHARS
from briefing.knowledge.model import PRIMARY_KINDS as PRIMARY

DRAFT_EN = ("[DRAFT: the Korean text copies the source sentence. "
            "Rewrite it in Korean and English, then set status: approved.]")

# Reported claims: the source attributes the statement to someone, or hedges it.
_LOW = re.compile(r"(라고|다고|이라고)\s*(주장|전해|알려)|주장(했|한|하며|하고|이다)|알려졌|알려져|전해졌|전해진|"
                  r"추정(된|했|되)|관측(된|이)|의혹|가능성을 (제기|지적)|것으로 보인다|소문")
_MEDIUM = re.compile(r"(라고|다고|이라고|고)\s*(밝혔|말했|설명했|발표했|평가했|강조했|덧붙였|전했)|"
                     r"밝혔다|발표했다|말했다|설명했다|평가했다|전망(이다|했|된)|에 따르면|분석했다|보도했다")


@dataclass
class Draft:
    id: str
    topic: str
    date: dt.date
    confidence: str
    text_ko: str
    source: str
    line: int
    figures: list[figs.FoundFigure]

    def as_finding(self) -> dict:
        """The finding as the YAML data of findings.yaml (and of --json)."""
        data = {
            "id": self.id,
            "status": "draft",
            "topic": self.topic,
            "date": self.date.isoformat(),
            "confidence": self.confidence,
            "text": {"ko": self.text_ko, "en": DRAFT_EN},
            # The sentence itself as evidence: the finding keeps its support where the stored text
            # of someone else's article is not kept (or not committed) with the knowledge folder.
            "citations": [{"source": self.source, "lines": str(self.line),
                           "evidence": [self.text_ko[:EVIDENCE_CHARS]]}],
        }
        if self.figures:
            data["figures"] = [
                {"series": f"{self.id[:34]}-{k}", "label": {"ko": f.text, "en": f.text},
                 "value": _number(f.value), "unit": {"ko": f.unit_ko or "수", "en": f.unit_en or "count"}}
                for k, f in enumerate(self.figures, start=1)]
        return data


def _number(value: float):
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def known_by(date: str) -> dt.date:
    """A partial date counts as the last day of its period: '2025-02' -> 2025-02-28."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def confidence(text: str, kind: str) -> str:
    if _LOW.search(text):
        return "low"
    if _MEDIUM.search(text):
        return "medium"
    return "high" if kind in PRIMARY else "medium"


def draft_id(source_id: str, number: int) -> str:
    return f"F-{source_id[:30]}-{number:02d}"


def make_drafts(sentences: list[Sentence], topics: list[str], *, source_id: str, source_date: str,
                kind: str, first_number: int = 1) -> list[Draft]:
    date = known_by(source_date)
    out = []
    for number, (sentence, topic) in enumerate(zip(sentences, topics, strict=True), start=first_number):
        out.append(Draft(id=draft_id(source_id, number), topic=topic, date=date,
                         confidence=confidence(sentence.text, kind), text_ko=sentence.text,
                         source=source_id, line=sentence.line, figures=figs.find(sentence.text)))
    return out
