"""Comparing a text with the lines it cites: which figures, dates, names and quotes the lines lack."""
from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.knowledge.factcheck.figures import (
    NUMBER,
    NUMBER_WORDS,
    Figure,
    dates,
    expand_years,
    figures,
    number_value,
)
from briefing.knowledge.factcheck.names import ALIAS, GLOSS, latin_names, organisations, quoted, squash, strip_particle


@dataclass
class Evidence:
    """What the cited lines contain, ready for lookups."""

    text: str
    about: str = ""  # the cited sources' outlets, titles, authors: an attribution may name them
    years: set = None  # the cited sources' publication years: '1월' in a 2025 article is January 2025

    def __post_init__(self):
        # Numbers the source writes as words, so that 개조식 figures ('1일 17% 급락') match them.
        words = " ".join(figure for word, figure in NUMBER_WORDS if word in self.text)
        self.text = expand_years(self.text) + ("\n" + words if words else "")
        self.dates, rest = dates(self.text)
        self.figures = figures(rest)
        self.values = {round(f.value, 6) for f in self.figures}
        # A number in the text may carry a unit the extractor did not know: count every number.
        self.numbers = {round(number_value(n, None), 6) for n in re.findall(NUMBER, rest)}
        written = {int(n) for n in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", self.text)}
        self.years = set(self.years or ()) | {d[0] for d in self.dates if d[0]} | written
        self.squashed = squash(self.text + "\n" + self.about)
        self.lower = (self.text + "\n" + self.about).lower()

    def has_date(self, date: tuple[int | None, int, int | None]) -> bool:
        year, month, day = date
        for y, m, d in self.dates:
            if m == month and (day is None or d == day) and (
                    year is None or y == year or (y is None and year in self.years)):
                return True
        if day is None and year is not None and month is not None:
            return False
        # '27일' with the month given elsewhere in the lines: as precise as the source gets.
        return (day is not None and re.search(rf"(?<!\d){day}\s?일", self.text) is not None
                and re.search(rf"(?<!\d){month}\s?월", self.text) is not None
                and (year is None or year in self.years or not self.years))

    def has_figure(self, fig: Figure) -> bool:
        v = round(fig.value, 6)
        if v in self.values:
            return True
        if fig.unit == "년" and int(fig.value) == fig.value and int(fig.value) in self.years:
            return True
        # A number the source writes with a unit the extractor does not know ('3 units');
        # not for 121만, whose 121 alone proves nothing.
        return not fig.scaled and v in self.numbers

    def has_name(self, name: str) -> bool:
        return any(self._has_spelling(s) for s in ALIAS.get(name.lower(), (name,)))

    def _has_spelling(self, spelling: str) -> bool:
        if re.fullmatch(r"[A-Za-z0-9]+", spelling):
            # A whole Latin word: V3 is not in V3.1 or V30, R1 not in R10 (Korean particles may follow).
            return re.search(rf"(?<![A-Za-z0-9]){re.escape(spelling.lower())}(?![A-Za-z0-9]|\.\d)",
                             self.lower) is not None
        return spelling.lower() in self.lower or squash(spelling) in self.squashed

    def has_phrase(self, phrase: str) -> bool:
        return squash(phrase) in self.squashed


def compare(text: str, evidence: str, about: str = "", years: set[int] = frozenset()) -> list[str]:
    """What text states that evidence does not: one message per figure, date or name.

    about: the cited sources' outlets, titles and authors (names only); years: their publication years.
    """
    ev = Evidence(evidence, about, set(years))
    problems: list[str] = []
    text = expand_years(text)
    found_dates, rest = dates(text)
    for d in found_dates:
        if not ev.has_date(d):
            y, m, day = d
            shown = "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate((y, m, day)) if x is not None)
            problems.append(f"date {shown} not in the cited lines")
    for fig in figures(rest):
        if not ev.has_figure(fig):
            problems.append(f"figure '{fig.shown}' not in the cited lines")
    for phrase in quoted(rest):
        if not ev.has_phrase(phrase):
            problems.append(f"quoted '{phrase}' not in the cited lines")
    in_quotes = " ".join(quoted(rest))
    # A gloss in brackets after a name the lines have: 차이나모바일(China Mobile), 량원펑(梁文鋒).
    glossed = " ".join(m.group(2) for m in GLOSS.finditer(rest) if ev.has_name(strip_particle(m.group(1))))
    for name in latin_names(rest):
        if name in in_quotes or re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", glossed):
            continue
        if not ev.has_name(name):
            problems.append(f"name '{name}' not in the cited lines")
    for org in organisations(text):
        if not ev.has_name(org):
            problems.append(f"organisation '{org}' not in the cited lines")
    return list(dict.fromkeys(problems))
