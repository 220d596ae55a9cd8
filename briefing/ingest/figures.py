"""Numbers with their units in a Korean sentence: 120만 명, 78억 원, 1조 달러, 17%, $5M, 27배, 10분의 1,
10^25 FLOPS, 2025년 1월 27일.

Each figure keeps the exact text it was found as (`label.ko`), so a reviewer (and a
test) can find it on the cited line; `value` is the number in base units (1.2e6 for
120만) and `unit` names what it counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SCALE = {"천": 1e3, "만": 1e4, "십만": 1e5, "백만": 1e6, "천만": 1e7, "억": 1e8, "십억": 1e9,
          "백억": 1e10, "천억": 1e11, "조": 1e12}
_EN_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "million": 1e6, "B": 1e9, "billion": 1e9, "bn": 1e9,
             "T": 1e12, "trillion": 1e12}
# Korean unit word -> English unit
_UNITS = {"명": "people", "원": "KRW", "달러": "USD", "위안": "CNY", "엔": "JPY", "유로": "EUR",
          "개": "items", "개국": "countries", "건": "cases", "대": "units", "곳": "organisations",
          "배": "times", "%": "%", "퍼센트": "%", "%p": "percentage points", "%포인트": "percentage points",
          "FLOPS": "FLOPS", "플롭스": "FLOPS", "GPU": "GPUs", "장": "units", "시간": "hours", "일": "days",
          "개월": "months", "년": "years", "위": "rank", "파라미터": "parameters", "토큰": "tokens"}

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_KSCALE = r"(?P<scale>십만|백만|천만|십억|백억|천억|천|만|억|조)?"
_KO_UNIT = (r"(?P<unit>%포인트|%p|%|퍼센트|개국|개월|명|원|달러|위안|유로|엔|개|건|대|곳|배|FLOPS|플롭스|"
            r"시간|년|위|파라미터|토큰|장)")
_PATTERNS = [
    # 2025년 1월 27일, 2025년 1월, 1월 27일 -> a date
    ("date", re.compile(r"(?P<y>(?:19|20)\d{2})년\s*(?P<m>1[0-2]|0?[1-9])월(?:\s*(?P<d>3[01]|[12]\d|0?[1-9])일)?"
                        r"|(?P<m2>1[0-2]|0?[1-9])월\s*(?P<d2>3[01]|[12]\d|0?[1-9])일")),
    # 10분의 1 (one tenth) -> a ratio
    ("fraction", re.compile(r"(?P<den>\d+(?:\.\d+)?)\s?분의\s?(?P<num>\d+(?:\.\d+)?)")),
    # $5M, $1 trillion, US$ 6 billion
    ("usd", re.compile(r"(?:US)?\$\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>million|billion|trillion|bn|[kKMBT])?\b")),
    # 10^25 FLOPS, 1e25 FLOPs
    ("flops", re.compile(r"(?P<num>\d+(?:\.\d+)?(?:\s?[x×]\s?10\^?\d+|e\d+|\^\d+)?)\s?"
                         r"(?P<unit>FLOPS|FLOPs|flops|플롭스)")),
    # 120만 명, 78억 원, 1조 달러, 17%, 27배, 2천 개 ... (a Korean scale word may stand alone: 120만)
    ("ko", re.compile(_NUM + r"\s?" + _KSCALE + r"\s?" + r"(?:(?P<scale2>천|만|억|조)\s?)?" + _KO_UNIT)),
    ("ko_scale", re.compile(_NUM + r"\s?(?P<scale>십만|백만|천만|십억|백억|천억|천|만|억|조)(?![가-힣])")),
]


@dataclass(frozen=True)
class FoundFigure:
    text: str        # exactly as in the sentence
    value: float
    unit_ko: str
    unit_en: str
    start: int


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def find(sentence: str) -> list[FoundFigure]:
    """Figures in reading order; overlapping matches keep the first, longest one."""
    found: list[FoundFigure] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            a, b = m.span()
            if not free(a, b):
                continue
            fig = _figure(kind, m)
            if fig is None:
                continue
            taken.append((a, b))
            found.append(fig)
    return sorted(found, key=lambda f: f.start)


def _figure(kind: str, m: re.Match) -> FoundFigure | None:
    text = m.group(0).strip()
    start = m.start()
    if kind == "date":
        if m["y"]:
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
            value = y * 10000 + mo * 100 + (d or 0)
            unit = ("날짜(YYYYMMDD)", "date (YYYYMMDD)") if d else ("연월(YYYYMM00)", "month (YYYYMM00)")
        else:
            value = int(m["m2"]) * 100 + int(m["d2"])
            unit = ("날짜(MMDD, 연도 미기재)", "date (MMDD, year not given)")
        return FoundFigure(text, float(value), unit[0], unit[1], start)
    if kind == "fraction":
        den = _number(m["den"])
        return FoundFigure(text, _number(m["num"]) / den, "비율", "ratio", start) if den else None
    if kind == "usd":
        value = _number(m["num"]) * _EN_SCALE.get(m["scale"] or "", 1)
        return FoundFigure(text, value, "달러", "USD", start)
    if kind == "flops":
        raw = m["num"].replace(" ", "")
        mm = re.fullmatch(r"(\d+(?:\.\d+)?)(?:[x×]10\^?(\d+)|e(\d+)|\^(\d+))?", raw)
        if not mm:
            return None
        base = float(mm[1])
        if mm[2] or mm[3]:
            value = base * 10 ** int(mm[2] or mm[3])
        elif mm[4]:
            value = base ** int(mm[4])
        else:
            value = base
        return FoundFigure(text, value, "FLOPS", "FLOPS", start)
    scale = 1.0
    for key in ("scale", "scale2"):
        if m.groupdict().get(key):
            scale *= _SCALE[m[key]]
    value = _number(m["num"]) * scale
    unit = m.groupdict().get("unit")
    if unit is None:
        return FoundFigure(text, value, "", "", start)
    if unit in ("%p", "%포인트"):
        return FoundFigure(text, value, "%p", "percentage points", start)
    if unit == "퍼센트":
        unit = "%"
    if unit == "플롭스":
        unit = "FLOPS"
    return FoundFigure(text, value, unit, _UNITS.get(unit, unit), start)


def as_people_write_it(value: float, unit: str) -> str:
    """A stored figure for a reader: 20250207 with a date unit -> '2025-02-07', 1.2e6 명 -> '120만 명',
    3.5e9 원 -> '35억 원', 1e26 FLOPS -> '10²⁶ FLOPS'."""
    if unit.startswith("날짜(YYYYMMDD)") or unit.startswith("연월(YYYYMM00)"):
        number = int(value)
        year, month, day = number // 10000, number // 100 % 100, number % 100
        return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"
    if unit.startswith("날짜(MMDD"):
        number = int(value)
        return f"{number // 100}월 {number % 100}일 (연도 미기재)"
    magnitude = abs(value)
    if magnitude >= 1e16:
        exponent = len(str(int(magnitude))) - 1
        mantissa = value / 10 ** exponent
        text = (f"{mantissa:g}×" if mantissa != 1 else "") + "10" + str(exponent).translate(_SUPERSCRIPT)
    else:
        text = _korean_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "%p") else f"{text} {unit}"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _korean_number(value: float) -> str:
    for scale, word in ((1e12, "조"), (1e8, "억"), (1e4, "만")):
        if abs(value) >= scale:
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + word
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
