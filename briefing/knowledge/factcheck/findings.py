"""Each finding against the lines its citations point to, in the source files that can be read.

A source's `file:` is looked up in `sources/` inside each knowledge folder and in the
sources folder given with `--sources-dir` (or BRIEFING_SOURCES); `sources/<id>.txt`
in a knowledge folder serves a source without `file:`. A citation of a source with no
file here is compared with its `evidence:` passages (the source's own words) instead.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from briefing import resources
from briefing.knowledge.factcheck.evidence import compare
from briefing.knowledge.factcheck.report import FactCheckResult, Report, display, item_origins
from briefing.knowledge.model import Finding, Knowledge

SOURCES_ENV = "BRIEFING_SOURCES"


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
        for found, what in missing:
            # A file not found is news only when a sources folder was named; a bad line always is.
            if what and (found or sources_dir is not None):
                result.reports.append(Report(display(file), line, fid, what))
        if not evidence:
            result.unchecked += 1
            continue
        # What can be read must state everything: a claim only an unread source makes is reported too.
        result.checked += 1
        cited = ", ".join(f"{c.source}:{c.lines}" if c.lines else f"{c.source} evidence" if c.evidence else c.source
                          for c in finding.citations if c.lines or c.evidence or knowledge.sources[c.source].file)
        cited_sources = [knowledge.sources[c.source] for c in finding.citations]
        about = "\n".join(" ".join(filter(None, (s.title, s.title_en, s.outlet.ko, s.outlet.en, s.author, s.author_en)))
                          for s in cited_sources)
        years = {int(s.date[:4]) for s in cited_sources}
        for problem in compare(finding.text.ko, evidence, about, years):
            result.reports.append(Report(display(file), line, fid, f"{problem} ({cited})"))
    return result


_RELATIVE_YEARS = ((("내년", "next year"), 1), (("지난해", "작년", "last year"), -1), (("올해", "this year"), 0))


_RELATIVE_DAY = re.compile(r"(이달|이번 ?달|내달|다음 ?달)\s?(\d{1,2})\s?일")


def _relative_dates(passages: str, ymd: list[int]) -> list[str]:
    """'내년 1분기' in a 2025 article is 2026, '내달 12일' in a January one is 12 February: the dates a
    passage names relative to its source's date."""
    year = ymd[0]
    out = [f"({year + offset}년)" for words, offset in _RELATIVE_YEARS if any(w in passages for w in words)]
    if len(ymd) >= 2:
        for m in _RELATIVE_DAY.finditer(passages):
            months = ymd[1] - 1 + (0 if m[1].startswith("이") else 1)
            out.append(f"({year + months // 12}년 {months % 12 + 1}월 {int(m[2])}일)")
    return out


def _cited_text(finding: Finding, knowledge: Knowledge, files: SourceFiles) -> tuple[str, list[tuple[bool, str]]]:
    """The cited lines of every citation, and the citations that could not be read: (file found, why)."""
    parts: list[str] = []
    missing: list[tuple[bool, str]] = []
    for c in finding.citations:
        source = knowledge.sources[c.source]
        lines = files.lines(source.id, source.file)
        if lines is None and c.evidence:
            parts += c.evidence  # the passage the finding rests on, for a source with no file here
            # The page's dateline is not in the passage: '6일' in it is a day of the source's month,
            # and a finding may give the source's own date as the day of the report.
            ymd = [int(p) for p in source.date.split("-")]
            dateline = " ".join(f"{n}{unit}" for n, unit in zip(ymd, ("년", "월", "일"), strict=False))
            parts.append(f"({dateline} 자료)")
            parts += _relative_dates(" ".join(c.evidence), ymd)
            continue
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
