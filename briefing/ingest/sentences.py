"""Korean sentence splitting (kiwipiepy) and the statement-of-fact filter.

A draft finding is a statement of fact: a complete declarative sentence. Headings,
greetings, questions, link lists, bylines, e-mail and copyright lines are not.
The filter works on the form of a sentence (its ending, its length, what it is
made of), never on particular sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sentence:
    line: int      # 1-based line (paragraph) of the stored source text
    text: str


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    # Sentence splitting needs neither the typo nor the multi-word dictionary; without them
    # the model loads in well under half the time.
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


def split(lines: list[str]) -> list[Sentence]:
    """Every sentence of every line, with its line number. Sentences never span lines:
    the stored text is one paragraph per line."""
    kiwi = _kiwi()
    out: list[Sentence] = []
    for number, line in enumerate(lines, start=1):
        start = len(out)
        for sent in kiwi.split_into_sents(line):
            text = sent.text.strip()
            if not text:
                continue
            if len(out) > start and _CONTINUES.match(text):
                # '"…목표" / 라는 그의 비전은 …': a quotation's particle starts no new sentence.
                out[-1] = Sentence(number, f"{out[-1].text} {text}" if line.find(out[-1].text + " " + text) >= 0
                                   else out[-1].text + text)
            else:
                out.append(Sentence(number, text))
    return out


_CONTINUES = re.compile(r"^(이?라는|이?라고|이?라며|고|며|는|은|이|가|를|을|와|과|에)\s")


_URL = re.compile(r"https?://|www\.|\.(com|co\.kr|kr|net|org)(/|\b)", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_COPYRIGHT = re.compile(r"©|ⓒ|\(c\)|copyright|all rights reserved|무단\s*(전재|복제)|재배포\s*금지|저작권", re.I)
_BYLINE = re.compile(r"^[\[(]?\s*[가-힣]{2,4}\s*(기자|특파원|객원기자|연구원|논설위원)\s*[\])]?\s*$|"
                     r"[가-힣]{2,4}\s*(기자|특파원)\s*=|^\s*글\s*[:·]|^\s*(사진|자료|출처|그래픽)\s*[:=]")
_GREETING = re.compile(r"^(안녕하세요|안녕하십니까|감사합니다|고맙습니다|반갑습니다)|"
                       r"(구독|좋아요|알림\s*설정|댓글)\s*(과|와|,)?.*(부탁|눌러|남겨)")
_LINK_MARK = re.compile(r"^\s*(▶|☞|→|#|\[관련|관련\s*기사|관련기사|이전\s*글|다음\s*글|더보기|바로가기)")
_QUESTION = re.compile(r"[?？]\s*[\"'”’)]*\s*$|(까요|나요|니까|ㄹ까|을까|는가|인가)\s*[\"'”’)]*\s*$")
# A declarative sentence ends in -다 / -요 / -음 / -함 and a full stop (closing quotes may
# follow): the ends Korean reports use for statements. Headlines carry no full stop.
_DECLARATIVE = re.compile(r"(다|요|음|함|됨|임)\s*[.!]\s*[\"'”’」』)\]]*\s*$")
# Requests and suggestions (-세요, -십시오, -하자, -합시다) are no statements of fact.
_IMPERATIVE = re.compile(r"(세요|십시오|하자|합시다|해요|바랍니다)\s*[.!]?\s*[\"'”’)]*\s*$")
_HANGUL = re.compile(r"[가-힣]")
MIN_CHARS = 15


def is_statement(text: str) -> bool:
    """True for a complete declarative sentence worth a draft finding."""
    t = text.strip()
    if len(t) < MIN_CHARS or not _HANGUL.search(t):
        return False
    if _QUESTION.search(t) or _GREETING.search(t) or _LINK_MARK.search(t):
        return False
    if _URL.search(t) or _EMAIL.search(t) or _COPYRIGHT.search(t) or _BYLINE.search(t):
        return False
    if _IMPERATIVE.search(t) or not _DECLARATIVE.search(t):
        return False  # headings, captions, fragments and lists end in a noun
    return True


def statements(lines: list[str]) -> list[Sentence]:
    return [s for s in split(lines) if is_statement(s.text)]
