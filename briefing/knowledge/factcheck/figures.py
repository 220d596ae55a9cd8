"""Figures and dates in Korean text: 1,443 = 1443, 17% = 17 %, 121만 = 1,210,000, '25.1.27 = 2025년 1월 27일."""
from __future__ import annotations

import re
from dataclasses import dataclass

_MULT = {"천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12, "백만": 1e6, "천만": 1e7, "십억": 1e9, "백억": 1e10, "천억": 1e11,
         "thousand": 1e3, "million": 1e6, "billion": 1e9,
         "trillion": 1e12}
# Units that make a bare number a fact worth checking (longest first).
_UNITS = ("퍼센트", "달러", "개국", "개월", "시간", "문항", "차종", "번째", "%", "％", "원", "명", "개", "배", "위",
          "건", "곳", "주", "일", "년", "월", "회", "종", "대", "분", "초", "달", "km", "GB", "TB", "MB",
          "B", "M", "K", "T", "$", "USD", "KRW",
          "days", "day", "weeks", "months", "years", "hours", "users", "per cent", "percent", "times")
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_LATIN_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_MULT_RE = r"(?:\s?(백만|천만|십억|백억|천억|천|만|억|조)(?!\d)|[\s-](thousand|million|billion|trillion)\b)?"
_FIGURE = re.compile(rf"(?<![A-Za-z0-9.\-])(\$\s?)?({NUMBER}){_MULT_RE}(?:\s?({_UNIT_RE}))?")
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


NUMBER_WORDS = (("하루", "1일"), ("이틀", "2일"), ("사흘", "3일"), ("나흘", "4일"), ("한 달", "1개월"),
                 ("한달", "1개월"), ("두 달", "2개월"), ("석 달", "3개월"), ("1년", "12개월"), ("두 배", "2배"),
                 ("세 배", "3배"), ("열 배", "10배"), ("절반", "50%"), ("일주일", "7일"), ("한 주", "1주"))


def number_value(number: str, mult: str | None) -> float:
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
        value = number_value(number, mult)
        if unit in _LATIN_SCALE and not mult:  # 671B parameters, a 7B model, 1.6T
            value, mult = value * _LATIN_SCALE[unit], unit
        out.append(Figure(m.group(0).strip(), value, unit, scaled=bool(mult)))
    return out
