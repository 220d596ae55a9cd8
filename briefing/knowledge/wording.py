"""Wording a reader must never see: research notes, caret exponents, words written twice.

`briefing check` (every load, in fact) refuses reader-facing text of the knowledge base
that holds one of these, at its file and line:
- a research note: "미확인", "확인 필요", "was not read", "TODO" ... A brief says what is
  known, or nothing; what was looked for and not found goes in docs/content-review.md.
  A claim nobody confirmed is a finding with `confidence: low`: the brief tags it itself.
- a caret exponent ("10^26"): write 10의 26승 / 10²⁶.
- the same word or phrase twice in a row ("금융 AI 금융 AI 가이드라인");
- a developers' rule in Korean that ends as a sentence ("…교체한다."): the rules table
  is 개조식, its entries end in a noun form ("…교체.", "…쓰는 것.", "…뒤에만 허용.").
"""
from __future__ import annotations

import re

_NOTES = {
    "ko": re.compile(r"미확인|확인 ?필요|확인되지 ?않음|추후 ?확인|언급 ?없음|TODO|TBD|FIXME"),
    "en": re.compile(r"\b(?:not (?:yet )?read|was not read|to be confirmed|TODO|TBD|FIXME)\b", re.I),
}
_CARET = re.compile(r"\d\s*\^\s*\d")
_TWICE = re.compile(r"(?<![\w])((?:[^\s\d.,;:()·'\"]+\s+){0,2}[^\s\d.,;:()·'\"]{2,})\s+\1(?![\w])")


def problems(text: str, lang: str) -> list[str]:
    """What is wrong with one reader-facing text, as short phrases for an error message."""
    found = []
    note = _NOTES[lang].search(text)
    if note:
        found.append(f"a research note ('{note[0]}') reaches readers: state what is known, or leave it out "
                     "(a claim nobody confirmed is a `confidence: low` finding; the brief tags it)")
    if _CARET.search(text):
        found.append("a caret exponent: write 10의 26승 or 10²⁶, not 10^26")
    twice = _TWICE.search(text)
    if twice:
        found.append(f"'{twice[1]}' is written twice in a row")
    return found


def rule_problems(text: str) -> list[str]:
    """A developers' rule (Korean) is an entry of a 개조식 table, not a sentence."""
    if re.search(r"(?:다|[세어아해]요)\.?\s*$", text.strip()):
        return ["a developers' rule ends as a sentence ('…다.'): end it in a noun form (개조식: '…교체.', "
                "'…쓰는 것.', '…뒤에만 허용.')"]
    return []


def reader_texts(kind: str, item) -> list[tuple[str, str, str]]:
    """(key, lang, text) of every text of an item that a brief prints."""
    texts = []

    def add(key, value):
        if value is not None:
            texts.extend((key, lang, value.get(lang)) for lang in ("ko", "en"))

    if kind == "findings":
        add("text", item.text)
    elif kind == "recommendations":
        add("title", item.title)
        add("action", item.action)
        for audience_text in item.per_audience.values():
            add("per_audience", audience_text)
    elif kind == "rules":
        add("text", item.text)
    elif kind == "topics":
        add("title", item.title)
        add("summary", item.summary)
    elif kind == "audiences":
        for line in item.summary:
            add("summary", line.text)
    for earlier in getattr(item, "earlier_wording", []):
        for name in ("title", "action", "text", "summary"):
            add("earlier_wording", getattr(earlier, name))
    return texts
