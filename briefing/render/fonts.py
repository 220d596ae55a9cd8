"""Find a font file that has Hangul, for charts.

The NanumGothic bundled with the koreanize-matplotlib package comes first, so
charts look (and hash) the same on every machine; system fonts (Nanum, Noto CJK
KR, Malgun Gothic, Apple SD Gothic) are the fallback. No font: a clear error,
never tofu.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from briefing.errors import BriefingError

PREFERRED = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "맑은 고딕",
             "Apple SD Gothic Neo", "AppleGothic", "NanumBarunGothic", "UnDotum")


def _bundled() -> Path | None:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def korean_font() -> Path:
    bundled = _bundled()
    if bundled:
        return bundled
    from matplotlib import font_manager

    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in by_name:
            return Path(by_name[name])
    raise BriefingError(
        "no font with Korean glyphs found for the charts",
        hint="install one (Debian: apt-get install fonts-nanum) or `pip install koreanize-matplotlib`")
