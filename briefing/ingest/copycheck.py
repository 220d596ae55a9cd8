"""`briefing check`: an approved finding must be a person's rewrite, not the source's sentence.

A finding drafted by `briefing sources add` (its id, F-<source>-NN, names the source it
cites) is refused once approved when its Korean text still holds a run of COPY_CHARS or
more characters copied from a line it cites (spaces ignored). Any approved finding is
refused while its English is still the draft placeholder. Drafts are left alone: they
copy their source by design. Hand-written findings are the fact check's business
(briefing.knowledge.factcheck), which compares them with their lines without this rule.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from briefing.errors import BriefingError

COPY_CHARS = 20
# An evidence passage is the few words a finding rests on: a paraphrase shares its names, titles
# and lists, so only a longer run is a copied clause.
EVIDENCE_COPY_CHARS = 40
_SPACE = re.compile(r"\s+")


def longest_copied_run(text: str, line: str) -> str:
    a, b = _SPACE.sub("", text), _SPACE.sub("", line)
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a: m.a + m.size]


def _finding_location(dirs: list[Path], fid: str) -> tuple[Path | None, int | None]:
    from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml

    for folder in reversed(dirs):
        path = folder / "findings.yaml"
        if not path.is_file():
            continue
        try:
            data = load_yaml(path)
        except BriefingError:
            continue
        items = data.get("findings") if isinstance(data, LineDict) else None
        if isinstance(items, LineList):
            for i, item in enumerate(items):
                if isinstance(item, dict) and item.get("id") == fid:
                    return path, items.item_lines[i]
    return None, None


def copy_problems(dirs: list[Path], kb) -> list[BriefingError]:
    """One error per approved finding that copies its cited line or lacks English."""
    from briefing.ingest.drafts import DRAFT_EN
    from briefing.knowledge.factcheck import SourceFiles

    files = SourceFiles(list(dirs), None)  # <knowledge>/sources/<file or id>.txt, as the fact check reads them
    errors = []
    for f in sorted(kb.findings.values(), key=lambda f: f.id):
        if getattr(f, "status", "approved") != "approved":
            continue
        problems = []
        if f.text.en.strip() == DRAFT_EN or f.text.en.lstrip().startswith("[DRAFT"):
            problems.append("its English text is still the draft placeholder")
        for c in f.citations:
            run = max((longest_copied_run(f.text.ko, p) for p in getattr(c, "evidence", ())), key=len, default="")
            if len(run) >= EVIDENCE_COPY_CHARS:
                problems.append(f"its Korean text copies {len(run)} characters of its evidence from {c.source} "
                                f"(\"{run[:30]}…\")")
                break
        drafted = re.fullmatch(r"F-(.+)-\d{2,}", f.id)
        for c in f.citations:
            if not drafted or drafted[1] != c.source[:30]:
                continue
            source = kb.sources.get(c.source)
            lines = files.lines(c.source, source.file if source else None)
            if not lines:
                continue
            for n in c.line_numbers:
                if 0 < n <= len(lines):
                    run = longest_copied_run(f.text.ko, lines[n - 1])
                    if len(run) >= COPY_CHARS:
                        problems.append(f"its Korean text copies {len(run)} characters of {c.source} line {n} "
                                        f"(\"{run[:30]}…\")")
                        break
        if problems:
            path, line = _finding_location(list(dirs), f.id)
            errors.append(BriefingError(f"approved finding '{f.id}': " + "; ".join(problems), file=path, line=line,
                                        hint="rewrite the finding in your own words in Korean and English "
                                             "(or set status: draft until then)"))
    return errors
