"""The five source articles, as the tests may know them without shipping them.

The articles are other people's texts, so the repository does not hold them. It holds their
fingerprint (tests/article_fingerprint.json, made by this module): per article, how many lines
it has, which lines are blank, and a short hash of every 20-character stretch of its text with
white space removed. That is enough for the two checks the tests run on the built-in knowledge
base: cited line numbers exist and are not blank, and no finding or recommendation copies
20 characters in a row from an article. Where the articles themselves are beside the clone
(../shared/articles, or BRIEFING_SHARED), the tests read them instead.

    python tests/articles.py ../shared/articles    # refresh the fingerprint after an article changes
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

FINGERPRINT = Path(__file__).resolve().parent / "article_fingerprint.json"
WINDOW = 20


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def window_hash(chunk: str) -> str:
    return hashlib.blake2b(chunk.encode("utf-8"), digest_size=5).hexdigest()


@dataclass(frozen=True)
class Article:
    lines: int
    blank: frozenset[int]
    windows: frozenset[str]

    def line_has_text(self, n: int) -> bool:
        return 1 <= n <= self.lines and n not in self.blank

    def contains(self, text: str) -> bool:
        """Whether this 20-character stretch (white space removed) occurs in the article."""
        chunk = normalise(text)
        assert len(chunk) == WINDOW, chunk
        return window_hash(chunk) in self.windows


def from_text(text: str) -> Article:
    lines = text.splitlines()
    flat = normalise(text)
    return Article(lines=len(lines),
                   blank=frozenset(i for i, line in enumerate(lines, 1) if not line.strip()),
                   windows=frozenset(window_hash(flat[i:i + WINDOW]) for i in range(len(flat) - WINDOW + 1)))


def load(folder: Path) -> tuple[dict[str, Article], str]:
    """Each article by file name, from the folder when it holds them, else from the fingerprint;
    and which of the two it was."""
    if folder.is_dir() and any(folder.glob("*.txt")):
        return {p.name: from_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}, "files"
    data = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    return {name: Article(lines=entry["lines"], blank=frozenset(entry["blank"]),
                          windows=frozenset(entry["windows"][i:i + 10] for i in range(0, len(entry["windows"]), 10)))
            for name, entry in data.items()}, "fingerprint"


def fingerprint(folder: Path) -> dict:
    out = {}
    for path in sorted(folder.glob("*.txt")):
        article = from_text(path.read_text(encoding="utf-8"))
        out[path.name] = {"lines": article.lines, "blank": sorted(article.blank),
                          "windows": "".join(sorted(article.windows))}
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    FINGERPRINT.write_text(json.dumps(fingerprint(Path(sys.argv[1])), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINT}")
