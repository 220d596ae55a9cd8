"""Fact check for `briefing check`: does each finding say only what its cited lines say?

For every finding whose citations all point to source files that can be read,
the finding's Korean text is compared with the cited lines of those files:

- figures: numbers with a unit, percentages, money, counts, years and dates
  (1,443 = 1443, 17% = 17 %, 121만 = 1,210,000, '25.1.27 = 2025년 1월 27일);
- named entities: Latin-script names (DeepSeek, R1, V3, OpenAI), Korean
  organisation names ending in …위원회, …부, …원, …청, …처 and a few more, and
  quoted titles or phrases.

What the cited lines lack is reported as a warning with the finding's file and line.
A finding may carry `check: {ignore: "reason"}` to silence this on purpose.

Templates are checked too: a sentence written in a template (not taken from the
knowledge base) that states a figure or a date must carry a footnote or a
"출처:"/"Source:" reference in the rendered Markdown. With `--review`, `check_templates(review=True)`
and `review_rendered` list what else a content reviewer should read: uncited template
sentences, and sentences of the rendered briefs with a figure or date but no footnote.

Source files: a source's `file:` is looked up in `sources/` inside each knowledge
folder and in the sources folder given with `--sources-dir` (or BRIEFING_SOURCES);
`sources/<id>.txt` in a knowledge folder serves a source without `file:`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefing import resources
from briefing.knowledge.model import Finding, Knowledge
from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml

SOURCES_ENV = "BRIEFING_SOURCES"


@dataclass(frozen=True)
class Report:
    """One thing a reader of the brief could not verify from the cited lines."""

    file: str
    line: int | None
    item: str  # finding id, or the template's name
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.item}: {self.message}"


@dataclass
class FactCheckResult:
    reports: list[Report]
    checked: int = 0  # findings compared with their cited lines
    ignored: int = 0  # findings with check: {ignore: ...}
    unchecked: int = 0  # findings citing a source without a readable file
    drafts: int = 0  # status: draft, left until approved


# --- text normalisation ------------------------------------------------------------------

_MULT = {"천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12, "백만": 1e6, "천만": 1e7, "십억": 1e9, "백억": 1e10, "천억": 1e11,
         "thousand": 1e3, "million": 1e6, "billion": 1e9,
         "trillion": 1e12}
# Units that make a bare number a fact worth checking (longest first).
_UNITS = ("퍼센트", "달러", "개국", "개월", "시간", "문항", "차종", "번째", "%", "％", "원", "명", "개", "배", "위",
          "건", "곳", "주", "일", "년", "월", "회", "종", "대", "분", "초", "달", "km", "GB", "TB", "MB",
          "B", "M", "K", "$", "USD", "KRW",
          "days", "day", "weeks", "months", "years", "hours", "users", "per cent", "percent", "times")
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_LATIN_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_MULT_RE = r"(?:\s?(백만|천만|십억|백억|천억|천|만|억|조)(?!\d)|[\s-](thousand|million|billion|trillion)\b)?"
_FIGURE = re.compile(rf"(?<![A-Za-z0-9.\-])(\$\s?)?({_NUM}){_MULT_RE}(?:\s?({_UNIT_RE}))?")
# Dates: 2025년 1월 27일, 2025년 1월, 1월 27일, 2025-01-27, 2025.1.27, '25.1.27
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s?년\s?(\d{1,2})\s?월\s?(\d{1,2})\s?일"),
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s?년\s?(\d{1,2})\s?월(?!\s?\d{1,2}\s?일)"),
    re.compile(r"(?<!\d)(\d{4})\.\s?(\d{1,2})\s?월(?!\s?\d{1,2}\s?일)"),
    re.compile(r"(?<!\d)(\d{4})[-.](\d{1,2})(?![-.\d])"),
    re.compile(r"(?<![\d.])()(\d{1,2})\s?월\s?(\d{1,2})\s?일"),
    re.compile(r"(?<![\d.])()(\d{1,2})\s?월(?!\s?\d{1,2}\s?일)"),
    # 개조식 month.day after a word and a space or bracket: '대만 1.31 금지', '해군(1.24)';
    # not 1.8조, V3.1, 'Llama 3.1' or 2.5%
    re.compile(r"(?<=[가-힣A-Z][\s(])()(1[0-2]|[1-9])\.(3[01]|[12]\d|[1-9])(?![\d.%])(?!\s?(?:천|만|억|조|배|%|[A-Za-z]))"),
)
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.'’][A-Za-z0-9]+)*")
_HANGUL_WORD = re.compile(r"[가-힣A-Za-z0-9]+")
_GLOSS = re.compile(r"([가-힣A-Za-z0-9]{2,})\(([^()]{1,60})\)")
_ORG_SUFFIXES = ("위원회", "공단", "협회", "재단", "은행", "연구원", "진흥원", "정보원", "부", "원", "청", "처")
# Ordinary words that happen to end like an organisation.
_NOT_ORGS = {
    "임직원", "공무원", "구성원", "종업원", "회사원", "상담원", "연구원", "사무원", "직원", "회원", "인원", "위원",
    "요원", "자원", "차원", "지원", "기원", "근원", "동원", "복원", "정원", "병원", "학원", "사원", "전문원",
    "행정부", "일부", "내부", "외부", "전부", "세부", "상부", "하부", "본부", "간부", "대부", "정부", "여부",
    "주부", "개발본부",
    "요청", "신청", "재요청", "출처", "대처", "거래처", "공급처", "연락처", "사용처", "조처", "위원회",
}
_PARTICLES = ("에서는", "에서도", "으로는", "에게는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "와의",
              "과의", "이다", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만")
# The same organisation or company under another name: any spelling in a group matches any other.
ALIASES = (
    ("개인정보보호위원회", "개인정보위", "개보위", "PIPC"),
    ("국가정보원", "국정원", "NIS"),
    ("행정안전부", "행안부"),
    ("한국인터넷진흥원", "인터넷진흥원", "KISA"),
    ("과학기술정보통신부", "과기정통부", "과기부", "MSIT"),
    ("금융위원회", "금융위", "FSC"),
    ("금융감독원", "금감원", "FSS"),
    ("산업통상자원부", "산업부", "산자부"),
    ("방송통신위원회", "방통위"),
    ("DeepSeek", "딥시크"),
    ("OpenAI", "오픈AI", "오픈에이아이"),
    ("ChatGPT", "챗GPT", "챗지피티"),
    ("Nvidia", "엔비디아"),
    ("Microsoft", "마이크로소프트", "MS"),
    ("Google", "구글"),
    ("Meta", "메타"),
    ("Apple", "애플"),
    ("Alibaba", "알리바바"),
    ("Anthropic", "앤트로픽"),
    ("Kakao", "카카오"),
    ("Naver", "네이버"),
    ("Samsung", "삼성"),
    ("Qwen", "큐원"),
    ("BYD", "비야디"),
)
_ALIAS = {name.lower(): group for group in ALIASES for name in group}
_NUMBER_WORDS = (("하루", "1일"), ("이틀", "2일"), ("사흘", "3일"), ("나흘", "4일"), ("한 달", "1개월"),
                 ("한달", "1개월"), ("두 달", "2개월"), ("석 달", "3개월"), ("1년", "12개월"), ("두 배", "2배"),
                 ("세 배", "3배"), ("열 배", "10배"), ("절반", "50%"), ("일주일", "7일"), ("한 주", "1주"))
_QUOTES = (("'", "'"), ("‘", "’"), ('"', '"'), ("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ("〈", "〉"))


def _squash(text: str) -> str:
    """Spaces, quotes and punctuation off, lower case: for 'does this phrase occur' tests."""
    return re.sub(r"[\s'\"‘’“”「」『』《》〈〉·.,:;!?()\[\]\-–—…]+", "", text).lower()


def _value(number: str, mult: str | None) -> float:
    v = float(number.replace(",", ""))
    return v * _MULT.get(mult or "", 1)


_SHORT_YEAR = re.compile(r"['’‘](\d{2})(?=\.\s?\d|\s?년)")


def expand_years(text: str) -> str:
    """개조식 short years in full: '25.1.27 -> 2025.1.27, '25.1월 -> 2025.1월, '15년 -> 2015년."""
    return _SHORT_YEAR.sub(lambda m: "20" + m.group(1), text)


def dates(text: str) -> tuple[list[tuple[int | None, int, int | None]], str]:
    """The dates in text as (year, month, day) (None = not given), and text with them blanked.

    Call expand_years() first for 개조식 short years ('25.1.27).
    """
    found = []
    for pattern in _DATE_PATTERNS:
        def take(m: re.Match) -> str:
            y, mo = m.group(1), int(m.group(2))
            day = int(m.group(3)) if m.lastindex and m.lastindex >= 3 and m.group(3) else None
            year = int(y) if y else None
            if year is not None and year < 100:
                year += 2000
            if not 1 <= mo <= 12 or (day is not None and not 1 <= day <= 31):
                return m.group(0)
            found.append((year, mo, day))
            return " " * len(m.group(0))
        text = pattern.sub(take, text)
    return found, text


@dataclass(frozen=True)
class Figure:
    shown: str
    value: float
    unit: str
    scaled: bool = False  # written with 만, 억, million ...


def figures(text: str, with_bare: bool = True) -> list[Figure]:
    """Numbers worth checking: with a unit or multiplier, a $, or written large (1,443; 2.5; 2019).

    Dates are not included (see dates()); call it on text with its dates blanked.
    """
    out = []
    for m in _FIGURE.finditer(text):
        dollar, number, mult_ko, mult_en, unit = m.groups()
        mult = mult_ko or mult_en
        unit = unit or ("$" if dollar else "")
        if unit in ("％", "퍼센트"):
            unit = "%"
        big = "," in number or "." in number or len(number) >= 4
        if not (unit or mult or dollar or (with_bare and big)):
            continue
        value = _value(number, mult)
        if unit in _LATIN_SCALE and not mult:  # 671B parameters, a 7B model
            value, mult = value * _LATIN_SCALE[unit], unit
        out.append(Figure(m.group(0).strip(), value, unit, scaled=bool(mult)))
    return out


def _strip_particle(word: str) -> str:
    for p in _PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 3:
            return word[: -len(p)]
    return word


def organisations(text: str) -> list[str]:
    """Korean organisation names: words ending in …위원회, …부, …원, …청, …처 (common words left out)."""
    out = []
    for m in _HANGUL_WORD.finditer(text):
        word = m.group(0)
        if not re.search(r"[가-힣]", word):
            continue
        for candidate in dict.fromkeys((word, _strip_particle(word))):
            if candidate in _NOT_ORGS or len(candidate) < 3:
                continue
            if any(candidate.endswith(s) for s in _ORG_SUFFIXES):
                out.append(candidate)
                break
    return list(dict.fromkeys(out))


def latin_names(text: str) -> list[str]:
    """Latin-script names and model ids: DeepSeek, R1, V3, OpenAI, Qwen2.5-Max."""
    return list(dict.fromkeys(m.group(0).rstrip(".'’") for m in _LATIN.finditer(text)))


def quoted(text: str) -> list[str]:
    """Phrases in quotation marks or title brackets (at least two characters)."""
    out = []
    for left, right in _QUOTES:
        if left == right:
            # Straight quotes: pairs not inside a word (an apostrophe in "God's" is not a quote).
            q = re.escape(left)
            pattern = rf"(?<![A-Za-z0-9]){q}([^{q}\n]{{2,80}}?){q}(?![A-Za-z])"
        else:
            pattern = rf"{re.escape(left)}([^{re.escape(right)}\n]{{2,80}}){re.escape(right)}"
        out += [m.group(1) for m in re.finditer(pattern, text)]
    return list(dict.fromkeys(out))


# --- comparing a finding with its cited lines ---------------------------------------------

@dataclass
class _Evidence:
    """What the cited lines contain, ready for lookups."""

    text: str
    about: str = ""  # the cited sources' outlets, titles, authors: an attribution may name them
    years: set = None  # the cited sources' publication years: '1월' in a 2025 article is January 2025

    def __post_init__(self):
        # Numbers the source writes as words, so that 개조식 figures ('1일 17% 급락') match them.
        words = " ".join(figure for word, figure in _NUMBER_WORDS if word in self.text)
        self.text = expand_years(self.text) + ("\n" + words if words else "")
        self.dates, rest = dates(self.text)
        self.figures = figures(rest)
        self.values = {round(f.value, 6) for f in self.figures}
        # A number in the text may carry a unit the extractor did not know: count every number.
        self.numbers = {round(_value(n, None), 6) for n in re.findall(_NUM, rest)}
        written = {int(n) for n in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", self.text)}
        self.years = set(self.years or ()) | {d[0] for d in self.dates if d[0]} | written
        self.squashed = _squash(self.text + "\n" + self.about)
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
        return any(self._has_spelling(s) for s in _ALIAS.get(name.lower(), (name,)))

    def _has_spelling(self, spelling: str) -> bool:
        if re.fullmatch(r"[A-Za-z0-9]+", spelling):
            # A whole Latin word: V3 is not in V3.1 or V30, R1 not in R10 (Korean particles may follow).
            return re.search(rf"(?<![A-Za-z0-9]){re.escape(spelling.lower())}(?![A-Za-z0-9]|\.\d)",
                             self.lower) is not None
        return spelling.lower() in self.lower or _squash(spelling) in self.squashed

    def has_phrase(self, phrase: str) -> bool:
        return _squash(phrase) in self.squashed


def compare(text: str, evidence: str, about: str = "", years: set[int] = frozenset()) -> list[str]:
    """What text states that evidence does not: one message per figure, date or name.

    about: the cited sources' outlets, titles and authors (names only); years: their publication years.
    """
    ev = _Evidence(evidence, about, set(years))
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
    glossed = " ".join(m.group(2) for m in _GLOSS.finditer(rest) if ev.has_name(_strip_particle(m.group(1))))
    for name in latin_names(rest):
        if name in in_quotes or re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", glossed):
            continue
        if not ev.has_name(name):
            problems.append(f"name '{name}' not in the cited lines")
    for org in organisations(text):
        if not ev.has_name(org):
            problems.append(f"organisation '{org}' not in the cited lines")
    return list(dict.fromkeys(problems))


# --- source files -------------------------------------------------------------------------

def sources_dir_from_env(option: Path | None) -> Path | None:
    if option is not None:
        return option
    env = os.environ.get(SOURCES_ENV)
    return Path(env) if env else None


class SourceFiles:
    """Finds and reads source files: knowledge folders' sources/ first, then the sources folder."""

    def __init__(self, knowledge_dirs: list[Path], sources_dir: Path | None):
        self.folders = [d / "sources" for d in reversed([resources.knowledge_dir(), *knowledge_dirs])]
        if sources_dir is not None:
            self.folders.append(sources_dir)
        self._cache: dict[str, list[str] | None] = {}

    def lines(self, source_id: str, file: str | None) -> list[str] | None:
        key = f"{source_id}\0{file}"
        if key not in self._cache:
            self._cache[key] = self._read(source_id, file)
        return self._cache[key]

    def _read(self, source_id: str, file: str | None) -> list[str] | None:
        names = ([file] if file else []) + [f"{source_id}.txt"]
        for folder in self.folders:
            for name in names:
                path = folder / name
                if Path(name).name == name and path.is_file():
                    return path.read_text(encoding="utf-8", errors="replace").splitlines()
        return None


def item_origins(kind: str, knowledge_dirs: list[Path]) -> dict[str, tuple[Path, int]]:
    """item id -> (file, line) of the definition that won the merge (findings, recommendations, audiences)."""
    origins: dict[str, tuple[Path, int]] = {}
    for folder in [resources.knowledge_dir(), *knowledge_dirs]:
        path = folder / f"{kind}.yaml"
        if not path.is_file():
            continue
        data = load_yaml(path)
        items = data.get(kind) if isinstance(data, LineDict) else None
        if not isinstance(items, LineList):
            continue
        for raw, line in zip(items, items.item_lines, strict=False):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                origins[raw["id"]] = (path, line)
    return origins


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_findings(knowledge: Knowledge, knowledge_dirs: list[Path], sources_dir: Path | None) -> FactCheckResult:
    files = SourceFiles(knowledge_dirs, sources_dir)
    origins = item_origins("findings", knowledge_dirs)
    result = FactCheckResult([])
    for fid, finding in sorted(knowledge.findings.items(), key=lambda kv: origins.get(kv[0], (Path(), 0))):
        file, line = origins.get(fid, (Path("findings.yaml"), None))
        if finding.check is not None:
            result.ignored += 1
            continue
        if getattr(finding, "status", "approved") == "draft":
            result.drafts += 1  # never reaches a brief; checked once approved
            continue
        evidence, missing = _cited_text(finding, knowledge, files)
        if missing:
            result.unchecked += 1
            for found, what in missing:
                # A file not found is news only when a sources folder was named; a bad line always is.
                if what and (found or sources_dir is not None):
                    result.reports.append(Report(_display(file), line, fid, what))
            continue
        result.checked += 1
        cited = ", ".join(f"{c.source}:{c.lines}" if c.lines else c.source for c in finding.citations)
        cited_sources = [knowledge.sources[c.source] for c in finding.citations]
        about = "\n".join(" ".join(filter(None, (s.title, s.title_en, s.outlet.ko, s.outlet.en, s.author, s.author_en)))
                          for s in cited_sources)
        years = {int(s.date[:4]) for s in cited_sources}
        for problem in compare(finding.text.ko, evidence, about, years):
            result.reports.append(Report(_display(file), line, fid, f"{problem} ({cited})"))
    return result


def _cited_text(finding: Finding, knowledge: Knowledge, files: SourceFiles) -> tuple[str, list[tuple[bool, str]]]:
    """The cited lines of every citation, and the citations that could not be read: (file found, why)."""
    parts: list[str] = []
    missing: list[tuple[bool, str]] = []
    for c in finding.citations:
        source = knowledge.sources[c.source]
        lines = files.lines(source.id, source.file)
        if lines is None:
            why = f"source file '{source.file}' of '{source.id}' not found" if source.file else ""
            missing.append((False, why))
            continue
        numbers = c.line_numbers or range(1, len(lines) + 1)
        bad = [n for n in numbers if n > len(lines)]
        if bad:
            missing.append((True, f"cites line {bad[0]} of '{source.id}', which has {len(lines)} lines"))
            continue
        parts += [lines[n - 1] for n in numbers]
    return "\n".join(parts), missing


# --- templates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSentence:
    template: str  # file name
    path: Path
    line: int
    text: str
    label: bool = False


def template_sentences(env, names: list[str]) -> list[TemplateSentence]:
    """Sentences written in templates themselves: literal text and tr() strings, with their lines."""
    import jinja2

    out: list[TemplateSentence] = []
    for name in names:
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            continue
        try:
            tokens = list(env.lex(source, name))
        except jinja2.TemplateSyntaxError:
            continue  # reported by the render check
        source_lines = source.splitlines()
        for lineno, kind, value in tokens:
            if kind == "data":
                text = value
            elif kind == "string":
                text = value[1:-1] if value[:1] in "'\"" else value
                if re.fullmatch(r"[\w.:/-]*", text):
                    continue  # an id or a key (a series, an area, an attribute), not reader text
            else:
                continue
            for offset, raw in enumerate(text.split("\n")):
                piece = raw.strip()
                where = source_lines[lineno + offset - 1].lstrip() if lineno + offset <= len(source_lines) else ""
                rule = piece.startswith("|") and set(piece) <= set("|-: ")
                if piece.startswith("![") or where.startswith("![") or rule:
                    continue  # a chart's alt text: its caption carries the source
                # Headings, table cells and short labels: not sentences a reviewer checks for sources.
                label = where.startswith(("#", "|", "**", "{% set")) or len(piece.split()) < 3
                for sentence in _sentences(piece):
                    if re.search(r"[A-Za-z가-힣]{2}", sentence):
                        out.append(TemplateSentence(name, Path(filename), lineno + offset, sentence, label))
    return out


def _sentences(text: str) -> list[str]:
    text = re.sub(r"^[#>*\-\s]+|^:::.*$|\{\.[a-z-]+\}", "", text).strip()
    parts = re.split(r"(?<=[^\d\s][.!?])\s+(?=\S)", text)
    return [p.strip() for p in parts if p.strip()]


def is_factual(sentence: str) -> bool:
    """States a figure or a date (section and figure numbers and 1–5 scales do not count)."""
    sentence = re.sub(r"(?:그림|표|Figure|Table|section|Section)\s?\d+|\d+\s?(?:장|절)(?![가-힣])", " ", sentence)
    found, rest = dates(sentence)
    if found:
        return True
    rest = re.sub(r"\d+\s?[–-]\s?\d+\s?점?", " ", rest)
    return any(f.unit not in ("", "B", "M", "K") or f.value >= 1000 for f in figures(rest, with_bare=True)
               if not re.fullmatch(r"\d{1,2}", f.shown))


def _body(markdown: str) -> str:
    """The Markdown without its YAML front matter (what the writer needs, not what a reader reads)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5:]
    return markdown


def _rendered_lines(markdowns: list[str], sentence: str) -> list[str]:
    """The rendered Markdown lines (paragraphs, table rows) that hold this template sentence."""
    want = _squash(re.sub(r"\\(.)", r"\1", sentence))
    if len(want) < 4:
        return []
    out = []
    for md in markdowns:
        for line in _body(md).splitlines():
            if want in _squash(re.sub(r"\\(.)", r"\1", line)):
                out.append(line)
    return out


def _cited_in(line: str, sentence: str) -> bool:
    """A footnote right after the sentence, or a source reference in the same paragraph."""
    if re.search(r"출처\s*:|Sources?\s*:", line):
        return True
    plain = re.sub(r"\\(.)", r"\1", line)
    tail = sentence.strip()[-6:]
    at = plain.find(tail)
    if at < 0:
        return "[^" in line
    after = plain[at + len(tail): at + len(tail) + 80]
    return after.lstrip().startswith("[^")


def check_templates(env, names: list[str], markdowns: list[str], review: bool = False) -> list[Report]:
    """Template sentences that state a figure or date and render without a citation.

    review: instead, the other template sentences that render without a citation (for a reviewer).
    """
    reports = []
    for s in template_sentences(env, names):
        factual = is_factual(s.text)
        if factual == review or (review and s.label):
            continue
        lines = _rendered_lines(markdowns, s.text)
        if not lines or any(_cited_in(line, s.text) for line in lines):
            continue
        what = "no citation" if review else "states a figure or date without a footnote or source"
        reports.append(Report(_display(s.path), s.line, s.template, f"{what}: “{s.text}”"))
    return list({r.format(): r for r in reports}.values())


def review_rendered(markdowns: dict[tuple[str, str], str]) -> list[Report]:
    """Sentences of the rendered briefs, from any source, that state a figure or date with no footnote.

    For a content reviewer: a topic's summary or a note with a date, printed without a citation.
    The cover, the document-control table, headings, figure alt texts and the sources list are left out.
    """
    out = []
    for (audience, lang), markdown in markdowns.items():
        block = None
        tables = 0
        for line in _body(markdown).splitlines():
            stripped = line.strip()
            if stripped.startswith(":::"):
                block = stripped[3:].strip() or None
                continue
            if block in ("cover", "sources", "toc") or not stripped or stripped.startswith(("#", "![", "[^")):
                continue
            if stripped.startswith("|"):
                if set(stripped) <= set("|-: "):
                    tables += 1
                    continue
                if tables <= 1:
                    continue  # the document-control table under the cover, and header rows
                cells = [c for c in re.split(r"(?<!\\)\|", stripped) if c.strip()]
            else:
                cells = [stripped]
            for cell in cells:
                if "[^" in cell or re.search(r"출처\s*:|Sources?\s*:", cell):
                    continue
                plain = re.sub(r"\\(.)", r"\1", re.sub(r"\{\.[a-z-]+\}|\*\*", "", cell)).strip()
                for sentence in _sentences(plain):
                    if len(re.findall(r"[A-Za-z가-힣]{2,}", sentence)) >= 3 and is_factual(sentence):
                        out.append(Report(f"{audience}/{lang}", None, "rendered", f"no citation: “{sentence}”"))
    return list({r.format(): r for r in out}.values())


def _unsupported(text: str, finding_ids: list[str], knowledge: Knowledge) -> list[str]:
    """Figures and dates in text that none of these findings state (names are left to the reviewer)."""
    found = [knowledge.findings[f] for f in finding_ids if f in knowledge.findings]
    problems = compare(text, "\n".join(f.text.ko for f in found), years={f.date.year for f in found})
    return [p.replace("the cited lines", "its findings") for p in problems if p.startswith(("figure", "date"))]


def review_summaries(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    """Figures and dates in an audience's summary lines that the findings they rest on do not state."""
    origins = item_origins("audiences", knowledge_dirs)
    out = []
    for aid, audience in sorted(knowledge.audiences.items()):
        file, line = origins.get(aid, (Path("audiences.yaml"), None))
        for i, summary in enumerate(audience.summary, 1):
            for problem in _unsupported(summary.text.ko, summary.rests_on, knowledge):
                out.append(Report(_display(file), line, f"{aid} summary line {i}", problem))
    return out


def review_recommendations(knowledge: Knowledge, knowledge_dirs: list[Path]) -> list[Report]:
    """Figures and dates in a recommendation's Korean text that none of its findings state.

    For a content reviewer (information, not a warning): a recommendation may add
    organisational guidance (a 90-day limit), but a date or figure presented as fact
    should come from the findings it rests on.
    """
    origins = item_origins("recommendations", knowledge_dirs)
    out = []
    for rid, rec in sorted(knowledge.recommendations.items()):
        texts = [rec.title.ko, rec.action.ko, *(t.ko for t in rec.per_audience.values())]
        file, line = origins.get(rid, (Path("recommendations.yaml"), None))
        # Names are left out: tools and roles are the guidance itself.
        for problem in _unsupported(" ".join(texts), rec.rests_on, knowledge):
            out.append(Report(_display(file), line, rid, problem))
    return out



# --- the English text against the Korean ---------------------------------------------------

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


_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_LIST = re.compile(rf"({_NUM}(?:,\s{_NUM})*(?:,?\s(?:and|or)\s{_NUM})?)\s(thousand|million|billion|trillion)\b")


def _english_numbers(en: str) -> str:
    """'one million' -> '1 million'; '1.5, 7 and 14 billion' -> each number with its scale."""
    words = "|".join(w for w, n in _EN_WORDS.items() if n)
    en = re.sub(rf"(?i)\b({words})\b(?=\s(?:thousand|million|billion|trillion)\b)",
                lambda m: str(_EN_WORDS[m.group(1).lower()]), en)

    def spread(m: re.Match) -> str:
        numbers = re.findall(_NUM + r"(?!,\d)", m.group(1))
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
    values |= {float(n.replace(",", "")) for n in re.findall(_NUM, en_rest)}
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
                    out.append(Report(_display(file), line, item_id, problem))
    origins = item_origins("audiences", knowledge_dirs)
    for aid, audience in sorted(knowledge.audiences.items()):
        file, line = origins.get(aid, (Path("audiences.yaml"), None))
        for i, summary in enumerate(audience.summary, 1):
            for problem in compare_languages(summary.text.ko, summary.text.en):
                out.append(Report(_display(file), line, f"{aid} summary line {i}", problem))
    return out
