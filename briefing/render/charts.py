"""Draw the charts a template asks for (`![alt](chart:KIND/ARG)`) as PNG bytes.

Kinds:
- `bar/<series>`: a horizontal bar chart of one figure series of the knowledge base;
- `risk`: the likelihood x impact matrix of the topics' risk ratings.
The numbers come from the brief's front matter (briefing.render.frontmatter: the
`series`, risk ratings and `highlight` labels), never from this module. PNG metadata is
stripped so identical data give identical bytes.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import re
from collections import Counter
from pathlib import Path

from briefing import cache
from briefing.errors import BriefingError
from briefing.render.fonts import korean_font
from briefing.render.frontmatter import DocumentMeta as Brief
from briefing.render.frontmatter import split_front_matter

NAVY = "#1F3864"
ACCENT = "#C00000"
GRID = "#D9D9D9"


@functools.cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font = korean_font()
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    plt.rcParams.update({
        "font.family": [name],
        "axes.unicode_minus": False,
        "svg.hashsalt": "briefing",
        "figure.dpi": 100,
    })
    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _bar(brief: Brief, series: str) -> bytes:
    points = brief.series[series]
    plt = _pyplot()
    points = sorted(points, key=lambda p: p.value)
    labels = [p.label for p in points]
    values = [p.value for p in points]
    scale, suffix = (1e4, "만") if brief.lang == "ko" else (1e6, "M")
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(points) + 1.0))
    top = max(values)
    colors = [ACCENT if _highlighted(brief, p.label) else NAVY for p in points]
    bars = ax.barh(labels, values, color=colors, height=0.6)
    for bar, value in zip(bars, values, strict=False):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{value / scale:,.1f}{suffix}".replace(".0" + suffix, suffix),
                va="center", fontsize=9)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=10)
    ax.set_xlabel(points[0].unit, fontsize=9)
    return _png(fig)


def _highlighted(brief: Brief, label: str) -> bool:
    """A label the front matter's `highlight` names (in part): drawn in the accent colour."""
    return any(h and h in label for h in brief.highlight)


def _risk(brief: Brief) -> bytes:
    rated = [t for t in brief.topics if t.likelihood and t.impact]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.6, 4.2))
    for x in range(1, 6):
        for y in range(1, 6):
            score = x * y
            shade = "#F8CBAD" if score >= 15 else "#FFE699" if score >= 8 else "#E2EFDA"
            ax.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, color=shade, ec="white", lw=2))
    # Numbered markers and a key beside the grid: titles written next to the points
    # collide as soon as two topics sit in neighbouring cells.
    shared = Counter((t.likelihood, t.impact) for t in rated)
    offsets: dict[tuple[int, int], int] = {}
    for number, t in enumerate(rated, 1):
        key = (t.likelihood, t.impact)
        n = offsets.get(key, 0)
        offsets[key] = n + 1
        x, y = key
        if shared[key] > 1:  # topics in the same cell share it in a 2 x 2 layout
            x, y = x - 0.2 + 0.4 * (n % 2), y + 0.2 - 0.4 * (n // 2)
        ax.scatter([x], [y], s=260, color=NAVY, zorder=3)
        ax.text(x, y, str(number), color="white", fontsize=9, ha="center", va="center", zorder=4)
        ax.text(1.06, 0.95 - 0.11 * (number - 1), f"{number}  {t.title} ({t.likelihood}×{t.impact})",
                transform=ax.transAxes, fontsize=9, va="top")
    ko = brief.lang == "ko"
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("발생 가능성 (1 낮음 – 5 매우 높음)" if ko else "Likelihood (1 rare – 5 almost certain)", fontsize=9)
    ax.set_ylabel("영향도 (1 경미 – 5 심각)" if ko else "Impact (1 minor – 5 severe)", fontsize=9)
    ax.set_aspect("equal")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _chart_data(brief: Brief, kind: str, arg: str) -> str:
    """Everything a chart's pixels depend on, as text (the cache key)."""
    if kind == "bar":
        data = [(p.label, p.value, p.unit, _highlighted(brief, p.label)) for p in brief.series.get(arg, ())]
    else:
        data = [(t.title, t.likelihood, t.impact) for t in brief.topics]
    return repr((kind, arg, brief.lang, data, _drawing_versions()))


@functools.cache
def _drawing_versions() -> tuple:
    """What else decides the pixels: matplotlib, the font, this module.

    matplotlib is known by its installed files' size and time (an upgrade replaces them)
    rather than its version from importlib.metadata, which alone costs 15 ms to import.
    """
    spec = importlib.util.find_spec("matplotlib")
    installed = Path(spec.origin).stat() if spec and spec.origin else None
    matplotlib_id = (spec.origin, installed.st_size, installed.st_mtime_ns) if installed else None
    return matplotlib_id, str(korean_font()), Path(__file__).stat().st_size


def _checked(brief: Brief, spec: str) -> tuple[str, str]:
    """(kind, arg) of a chart the front matter has the data for; else the error naming the template."""
    kind, _, arg = spec.partition("/")
    if not (kind == "bar" and arg or kind == "risk"):
        raise BriefingError(f"unknown chart '{spec}'", file=brief.template,
                            hint="use chart:bar/<series> or chart:risk")
    if kind == "bar" and not brief.series.get(arg):
        raise BriefingError(f"chart asks for figure series '{arg}', which no finding has",
                            file=brief.template,
                            hint="known series: " + (", ".join(brief.series) or "none"))
    if kind == "risk" and not [t for t in brief.topics if t.likelihood and t.impact]:
        raise BriefingError("the risk chart needs topics with a risk rating", file=brief.template)
    return kind, arg


# An image link to a chart, as the writer's parser reads it: escapes allowed in the alt text
# and the destination (templates escape '_' in series names).
# The alt text may hold brackets in balanced pairs, as Markdown allows ("![a [b]](chart:...)").
_CHART_LINK = re.compile(r"!\[(?:[^\[\]\\]|\\.|\[(?:[^\]\\]|\\.)*\])*\]\(\s*chart:((?:[^)\s\\]|\\.)*)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def check_charts(markdown: str) -> None:
    """The error rendering would raise for a chart the brief cannot draw (`briefing check`
    draws nothing, and imports neither python-docx nor the Markdown parser)."""
    meta, body = split_front_matter(markdown)
    for spec in _CHART_LINK.findall(body):
        _checked(meta, _ESCAPED.sub(r"\1", spec))


def render_chart(brief: Brief, spec: str) -> bytes:
    """spec is what follows 'chart:' in the template's image link.

    Charts are cached by their data in ~/.cache/briefing/charts (BRIEFING_NO_CACHE=1 turns
    that off): drawing one costs far more than the rest of a brief, and an unchanged
    chart need not even import matplotlib.
    """
    kind, arg = _checked(brief, spec)
    name = hashlib.sha256(_chart_data(brief, kind, arg).encode("utf-8")).hexdigest() + ".png"
    cached = cache.read("charts", name)
    if cached is not None:
        return cached
    png = _bar(brief, arg) if kind == "bar" else _risk(brief)
    cache.store("charts", name, png)
    return png
