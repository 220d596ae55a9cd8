"""Names in text: Latin-script names and model ids, Korean organisations, quoted phrases, and their aliases."""
from __future__ import annotations

import re

_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.'’][A-Za-z0-9]+)*")
_HANGUL_WORD = re.compile(r"[가-힣A-Za-z0-9]+")
GLOSS = re.compile(r"([가-힣A-Za-z0-9]{2,})\(([^()]{1,60})\)")
_ORG_SUFFIXES = ("위원회", "공단", "협회", "재단", "은행", "연구원", "진흥원", "정보원", "부", "원", "청", "처")
# Ordinary words that happen to end like an organisation.
_NOT_ORGS = {
    "임직원", "공무원", "구성원", "종업원", "회사원", "상담원", "연구원", "사무원", "직원", "회원", "인원", "위원",
    "요원", "자원", "차원", "지원", "기원", "근원", "동원", "복원", "정원", "병원", "학원", "사원", "전문원",
    "행정부", "일부", "내부", "외부", "전부", "세부", "상부", "하부", "본부", "간부", "대부", "정부", "여부",
    "주부", "개발본부",
    "요청", "신청", "재요청", "출처", "대처", "거래처", "공급처", "연락처", "사용처", "조처", "위원회",
}
PARTICLES = ("에서는", "에서도", "으로는", "에게는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "와의",
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
ALIAS = {name.lower(): group for group in ALIASES for name in group}


_QUOTES = (("'", "'"), ("‘", "’"), ('"', '"'), ("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ("〈", "〉"))


def squash(text: str) -> str:
    """Spaces, quotes and punctuation off, lower case: for 'does this phrase occur' tests."""
    return re.sub(r"[\s'\"‘’“”「」『』《》〈〉·.,:;!?()\[\]\-–—…]+", "", text).lower()


def strip_particle(word: str) -> str:
    for p in PARTICLES:
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
        for candidate in dict.fromkeys((word, strip_particle(word))):
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
