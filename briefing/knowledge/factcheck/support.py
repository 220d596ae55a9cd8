"""Citations that hold: every printed claim rests on findings that state it, on every edition date.

A recommendation (title, action, the text for each audience, and the developers' rules
that carry it out) and an audience's summary line cite findings (`rests_on`); a topic's
one-liner prints with its risk rating and cites the rating's `rationale`. On each day
where the knowledge changes, the findings an edition would cite are the ones known and
not superseded on that day (briefing.knowledge.timeline), so a claim can lose its support
when a newer finding replaces the one it rested on. For every such day this module reports:

- a figure or date in the text that none of the cited findings states, unless the
  recommendation sets it as its own policy (`sets: ["90일"]`, a limit no source need state);
- a name of a fact (a model id, organisation or company that some finding names) that
  none of the cited findings names: the finding that does was not cited, or is gone;
- a cited finding that shares no distinctive term with the text: the text does not rest on it;
- a term the text shares only with a finding that a newer one superseded: the claim's
  support left with it (say it as the newer finding does, or date the wording).

Each problem is reported once, at the item's file and line, with the first edition date
where it shows; `briefing check --strict` fails on any.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from pathlib import Path

from briefing.knowledge.factcheck.anachronism import change_days
from briefing.knowledge.factcheck.evidence import Evidence, compare
from briefing.knowledge.factcheck.names import ALIAS, PARTICLES, latin_names, organisations, squash
from briefing.knowledge.factcheck.report import Report, display, item_origins
from briefing.knowledge.model import Knowledge
from briefing.knowledge.timeline import knowledge_as_of
from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml

_HANGUL = re.compile(r"[가-힣]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
# Verb and adjective endings of 개조식 and plain Korean, longest first: 차단하고 -> 차단.
_ENDINGS = tuple(sorted(("하고", "하며", "하는", "하면", "하여", "하지", "해야", "했다", "한다", "하기", "했고", "된다",
                         "되는", "되어", "되고", "됐다", "됨", "함", "한", "할", "해", "된", "될", "적인", "적으로",
                         "으로", "이며", "이고", "이나", "에서", "에는", "에도", "과의", "와의", "들은", "들을",
                         "들의", "들", *PARTICLES), key=len, reverse=True))
# Words of every topic: sharing one says nothing about which finding a text rests on.
_PLAIN = {"이용", "사용", "포함", "정보", "개인", "관련", "경우", "기준", "대상", "위해", "통해", "이후", "이전",
          "현재", "확인", "가능", "필요", "방식", "내용", "결과", "제공", "운영", "업무", "회사", "기업", "서비스",
          "모델", "데이터", "보안", "검토", "적용", "관리", "국내", "해외", "오픈", "에서", "으로", "이상", "이하",
          "또는", "없이", "같은", "모든", "각각"}
# Technical nouns written like names; they name no fact.
_GENERIC = {"API", "SDK", "SaaS", "GPU", "CPU", "URL", "IDE", "PC", "VPN", "DNS", "HTTP", "HTTPS", "JSON", "YAML",
            "SSO", "DLP", "CASB", "LLM", "IP", "OS", "CI", "MDM", "EDR", "SIEM", "ID"}
# A term in more than this share of the findings says nothing about which one a text rests on.
_COMMON_SHARE = 0.12


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def terms(text: str) -> set[str]:
    """Content words of a Korean or English text, stemmed: the vocabulary of a claim."""
    out = {_stem(w) for w in _HANGUL.findall(text)}
    out |= {w.lower() for w in _LATIN_WORD.findall(text)}
    return {t for t in out if len(t) >= 2 and t not in _PLAIN}


class Vocabulary:
    """What the findings name, and how distinctive each term is among them."""

    def __init__(self, knowledge: Knowledge):
        approved = [f for f in knowledge.findings.values() if f.status == "approved"]
        limit = max(2, math.ceil(_COMMON_SHARE * len(approved)))
        counts = Counter(t for f in approved for t in terms(f.text.ko))
        self.common = {t for t, n in counts.items() if n > limit}
        named = Counter(n for f in approved for n in {_canonical(n) for n in _names(f.text.ko)})
        # A name most findings use (DeepSeek, AI) identifies no fact; a lower-case word is a term, not a name.
        self.fact_names = {n for n, k in named.items() if k <= limit}

    def distinctive(self, text: str) -> set[str]:
        return terms(text) - self.common

    def names_a_fact(self, name: str) -> bool:
        """A name that some finding uses: a fact the text must cite, not a tool or role of its own."""
        return _canonical(name) in self.fact_names


def _names(text: str) -> list[str]:
    """Names of models, companies and organisations; code (`trust_remote_code`) and lower-case words left out."""
    text = re.sub(r"`[^`]*`|\S*[_=]\S*", " ", text)
    return [n for n in latin_names(text) if not n.islower() and n not in _GENERIC] + organisations(text)


def _canonical(name: str) -> str:
    return ALIAS.get(name.lower(), (name,))[0].lower()


def _shares(term: str, squashed: str) -> bool:
    return squash(term) in squashed


def _problems(text: str, cited: list, dropped: list, sets: list[str], vocab: Vocabulary,
              cites: str | None) -> list[str]:
    """What text states that its cited findings do not; with cites (the whole wording the citations
    stand for: a recommendation with its rules), also citations that wording does not rest on."""
    evidence = "\n".join(f.text.ko for f in cited)
    years = {f.date.year for f in cited}
    out = []
    own = {squash(s) for s in sets}
    for problem in compare(text, evidence, years=years):
        kind, _, rest = problem.partition(" ")
        shown = rest.split("'")[1] if "'" in rest else rest.split(" ")[0]
        if kind in ("figure", "date") and squash(shown) not in own:
            out.append(problem.replace("the cited lines", "its cited findings"))
    ev = Evidence(evidence)
    for name in dict.fromkeys(_names(text)):
        if vocab.names_a_fact(name) and not ev.has_name(name):
            out.append(f"names '{name}', which none of its cited findings names")
    words = vocab.distinctive(text)
    if cites is not None:
        wording = vocab.distinctive(cites)
        for f in cited:
            if not any(_shares(t, squash(f.text.ko)) for t in wording):
                out.append(f"cites {f.id}, whose text shares no distinctive term with it: "
                           "cite only the findings it rests on, or say what it takes from them")
    squashed_cited = squash(evidence)
    for f in dropped:
        only_there = sorted(t for t in words if _shares(t, squash(f.text.ko)) and not _shares(t, squashed_cited))
        if only_there:
            out.append(f"'{', '.join(only_there[:3])}' rests only on {f.id}, superseded on this date: "
                       "word it as the newer finding does, or give it a dated variant")
    return out


def _claims(full: Knowledge, view: Knowledge):
    """(kind, id, where, text, cited findings, superseded cited findings, own figures, wording the citations
    stand for) of what the view prints; where is the index of a summary line (None for a whole item)."""
    for rid, r in view.recommendations.items():
        dropped = [full.findings[f] for f in full.recommendations[rid].rests_on
                   if f not in view.findings and f in full.findings and _is_superseded(f, view)]
        cited = [view.findings[f] for f in r.rests_on]
        text = "\n".join([r.title.ko, r.action.ko, *(t.ko for t in r.per_audience.values())])
        rules = [(uid, u.text.ko) for uid, u in view.rules.items() if u.recommendation == rid]
        yield "recommendations", rid, None, text, cited, dropped, r.sets, "\n".join([text, *(t for _, t in rules)])
        for uid, rule in rules:
            # A rule prints beside its recommendation's citations: it may state only what they do.
            yield "rules", uid, None, rule, cited, dropped, r.sets, None
    for tid, t in view.topics.items():
        if t.risk is None or full.topics[tid].risk is None:
            continue
        # A topic's one-liner prints with its risk rating, citing the rating's rationale.
        dropped = [full.findings[f] for f in full.topics[tid].risk.rationale
                   if f not in view.findings and f in full.findings and _is_superseded(f, view)]
        cited = [view.findings[f] for f in t.risk.rationale]
        yield "topics", tid, None, t.summary.ko, cited, dropped, [], t.summary.ko
    for aid, a in view.audiences.items():
        for line in a.summary:
            cited = [view.findings[f] for f in line.rests_on]
            yield ("audiences", aid, full.audiences[aid].summary.index(line), line.text.ko, cited, [], line.sets,
                   line.text.ko)


def _is_superseded(fid: str, view: Knowledge) -> bool:
    return any(f.supersedes == fid for f in view.findings.values())


def check_support(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    vocab = Vocabulary(knowledge)
    found: dict[tuple, dt.date] = {}
    memo: dict[tuple, list[str]] = {}
    for day in change_days(knowledge):
        view = knowledge_as_of(knowledge, day)
        for kind, item, where, text, cited, dropped, sets, cites in _claims(knowledge, view):
            key = (text, tuple(f.id for f in cited), tuple(f.id for f in dropped), tuple(sets), cites)
            if key not in memo:
                memo[key] = _problems(text, cited, dropped, sets, vocab, cites)
            for problem in memo[key]:
                found.setdefault((kind, item, where, problem), day)
    origins = {kind: item_origins(kind, knowledge_dirs) for kind in ("recommendations", "rules", "topics", "audiences")}
    reports = []
    for (kind, item, where, problem), day in sorted(found.items(), key=lambda kv: (kv[0][:2], kv[0][2] or 0,
                                                                                    kv[1], kv[0][3])):
        file, line = origins[kind].get(item, (Path(f"{kind}.yaml"), None))
        label = item
        if where is not None:
            label = f"{item} summary line {where + 1}"
            line = summary_line(file, item, where) or line
        reports.append(Report(display(file), line, label, f"{problem} (from the edition of {day.isoformat()})"))
    return reports


def summary_line(file: Path, audience: str, index: int) -> int | None:
    """The line of an audience's summary line in its YAML file."""
    data = load_yaml(file) if file.is_file() else None
    for raw in (data or {}).get("audiences") or []:
        if isinstance(raw, LineDict) and raw.get("id") == audience:
            lines = raw.get("summary")
            if isinstance(lines, LineList) and index < len(lines.item_lines):
                return lines.item_lines[index]
    return None
