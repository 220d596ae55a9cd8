"""The English text against the Korean: figures and dates of the Korean that the English does not give."""
from __future__ import annotations

import re
from pathlib import Path

from briefing.knowledge.factcheck.figures import NUMBER, dates, expand_years, figures
from briefing.knowledge.factcheck.report import Report, display, item_origins
from briefing.knowledge.model import Knowledge

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_RE = "|".join(_MONTHS)
_EN_DATES = (
    (re.compile(rf"(?i)\b(\d{{1,2}}) ({_MONTH_RE})(?: (\d{{4}}))?"), (3, 2, 1)),
    (re.compile(rf"(?i)\b({_MONTH_RE}) (\d{{1,2}}),? (\d{{4}})"), (3, 1, 2)),
    (re.compile(rf"(?i)\b({_MONTH_RE})(?: (\d{{4}}))?"), (2, 1, None)),
)
_EN_WORDS = {w: n for n, words in enumerate(
    [("zero", "no", "none"), ("one", "first", "single", "once"), ("two", "second", "twice", "both"),
     ("three", "third"), ("four", "fourth"), ("five", "fifth"), ("six", "sixth"), ("seven", "seventh"),
     ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth"), ("eleven",), ("twelve",)]) for w in words}


def english_dates(text: str) -> tuple[list[tuple[int | None, int, int | None]], str]:
    """Dates written in English (27 January 2025, January 27, 2025, January 2025), and the text without them."""
    found = []
    for pattern, (y, m, d) in _EN_DATES:
        def take(match: re.Match, y=y, m=m, d=d) -> str:
            year = match.group(y)
            day = match.group(d) if d else None
            found.append((int(year) if year else None, _MONTHS.index(match.group(m).lower()) + 1,
                          int(day) if day else None))
            return " " * len(match.group(0))
        text = pattern.sub(take, text)
    return found, text


_EN_LIST = re.compile(rf"({NUMBER}(?:,\s{NUMBER})*(?:,?\s(?:and|or)\s{NUMBER})?)\s"
                      r"(thousand|million|billion|trillion)\b")


def _english_numbers(en: str) -> str:
    """'one million' -> '1 million'; '1.5, 7 and 14 billion' -> each number with its scale."""
    words = "|".join(w for w, n in _EN_WORDS.items() if n)
    en = re.sub(rf"(?i)\b({words})\b(?=\s(?:thousand|million|billion|trillion)\b)",
                lambda m: str(_EN_WORDS[m.group(1).lower()]), en)

    def spread(m: re.Match) -> str:
        numbers = re.findall(NUMBER + r"(?!,\d)", m.group(1))
        return " ".join(f"{n} {m.group(2)}" for n in numbers) if len(numbers) > 1 else m.group(0)
    return _EN_LIST.sub(spread, en)


def compare_languages(ko: str, en: str) -> list[str]:
    """Figures and dates of the Korean text that the English text does not give (a translation slip)."""
    ko_dates, rest = dates(expand_years(ko))
    en = _english_numbers(en)
    en_found, en_rest = english_dates(en)
    more, en_rest = dates(en_rest)
    en_found += more
    values = {round(f.value, 6) for f in figures(en_rest)}
    values |= {float(n.replace(",", "")) for n in re.findall(NUMBER, en_rest)}
    values |= {float(n) for w, n in _EN_WORDS.items() if re.search(rf"(?i)\b{w}\b", en)}
    problems = []
    for year, month, day in ko_dates:
        if not any(m == month and day in (None, d) and year in (None, y) for y, m, d in en_found):
            shown = "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate((year, month, day)) if x is not None)
            problems.append(f"date {shown} of the Korean text is not in the English")
    for fig in figures(re.sub(r"\d+\s?분의\s?\d+", " ", rest)):
        if round(fig.value, 6) in values or (fig.unit == "년" and fig.value in values):
            continue
        problems.append(f"figure '{fig.shown}' of the Korean text is not in the English")
    return problems


def review_translations(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    """Findings, recommendations and summary lines whose English lacks a figure or date of the Korean."""
    out = []
    for kind in ("findings", "recommendations"):
        origins = item_origins(kind, knowledge_dirs)
        for item_id, item in sorted(getattr(knowledge, kind).items()):
            texts = [item.text] if kind == "findings" else [item.title, item.action, *item.per_audience.values()]
            file, line = origins.get(item_id, (Path(f"{kind}.yaml"), None))
            for text in texts:
                for problem in compare_languages(text.ko, text.en):
                    out.append(Report(display(file), line, item_id, problem))
    origins = item_origins("audiences", knowledge_dirs)
    for aid, audience in sorted(knowledge.audiences.items()):
        file, line = origins.get(aid, (Path("audiences.yaml"), None))
        for i, summary in enumerate(audience.summary, 1):
            for problem in compare_languages(summary.text.ko, summary.text.en):
                out.append(Report(display(file), line, f"{aid} summary line {i}", problem))
    return out
