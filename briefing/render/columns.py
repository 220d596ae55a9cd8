"""How wide each column of a brief's table should be, from its text alone.

Shared by the DOCX and HWPX writers, so one table is laid out alike in Word and Hangul.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from briefing.render.tree import plain_text

_NON_ASCII = re.compile(r"[^\x00-\x7f]")  # no ASCII character is wide


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Rough width in Latin-character units: Hangul and other wide characters count twice."""
    return len(text) + sum(1 for ch in _NON_ASCII.findall(text) if unicodedata.east_asian_width(ch) in "WF")


def column_units(rows, ncols: int) -> list[float]:
    """Each column's share of the line, in relative units (rows: the table's tr nodes)."""
    minimum, wanted, short = [], [], []
    for c in range(ncols):
        texts = [plain_text(tr.children[c]) for tr in rows if c < len(tr.children)]
        # Word wraps Korean text at spaces and, in owner names, at '·', '/' and before '('.
        longest_word = max((display_width(w) for t in texts for w in re.split(r"[\s·/,]+|(?=\()", t)),
                           default=2)
        longest = max((display_width(t) for t in texts), default=2)
        # Short cells (a date, an id, a priority word) should not wrap at all.
        short.append(longest <= 12)
        minimum.append(max(longest_word, longest if short[-1] else 0, 4) + 3)
        wanted.append(max(longest + 3, minimum[-1]))
    # Each column gets room for its longest word; the rest of the line goes to the
    # columns by how much more they want. The budget, in Latin-character units, is
    # what a few lines of 9 pt table text on A4 hold, so long text columns win.
    units = [float(m) for m in minimum]
    spare = sum(wanted) - sum(minimum)
    room = max(100 - sum(minimum), 0)
    if spare > 0:
        for i in range(ncols):
            units[i] += (wanted[i] - minimum[i]) / spare * min(spare, room)
    # A column of running text that fills several lines gets at least half the line, or
    # the short columns beside it (owner, date, priority) leave it a sliver to wrap in.
    # Short cells keep their width; owner columns give up room down to about one long
    # Korean word ("정보보호최고책임자"), so names are not broken mid-word.
    prose = max(range(ncols), key=lambda i: wanted[i])
    if ncols > 2 and wanted[prose] > 100 and units[prose] < sum(units) / 2:
        flexible = [i for i in range(ncols) if i != prose and not short[i]]
        spare_room = {i: max(units[i] - 21.0, 0.0) for i in flexible}
        give = min(sum(units) / 2 - units[prose], sum(spare_room.values()))
        for i in flexible:
            if give > 0:
                units[i] -= spare_room[i] / sum(spare_room.values()) * give
        units[prose] += max(give, 0.0)
    return units


def column_widths(rows, ncols: int, total: int) -> list[int]:
    """column_units as widths that add up to about `total` (any unit)."""
    units = column_units(rows, ncols)
    scale = sum(units)
    return [int(total * u / scale) for u in units]
