"""Sentences written in templates and in the rendered briefs that state a figure or date without a citation."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefing.knowledge.factcheck.figures import dates, figures
from briefing.knowledge.factcheck.names import squash
from briefing.knowledge.factcheck.report import Report, display


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
                for sentence in sentences(piece):
                    if re.search(r"[A-Za-z가-힣]{2}", sentence):
                        out.append(TemplateSentence(name, Path(filename), lineno + offset, sentence, label))
    return out


def sentences(text: str) -> list[str]:
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


def body(markdown: str) -> str:
    """The Markdown without its YAML front matter (what the writer needs, not what a reader reads)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5:]
    return markdown


def _rendered_lines(markdowns: list[str], sentence: str) -> list[str]:
    """The rendered Markdown lines (paragraphs, table rows) that hold this template sentence."""
    want = squash(re.sub(r"\\(.)", r"\1", sentence))
    if len(want) < 4:
        return []
    out = []
    for md in markdowns:
        for line in body(md).splitlines():
            if want in squash(re.sub(r"\\(.)", r"\1", line)):
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
        reports.append(Report(display(s.path), s.line, s.template, f"{what}: “{s.text}”"))
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
        for line in body(markdown).splitlines():
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
                for sentence in sentences(plain):
                    if len(re.findall(r"[A-Za-z가-힣]{2,}", sentence)) >= 3 and is_factual(sentence):
                        out.append(Report(f"{audience}/{lang}", None, "rendered", f"no citation: “{sentence}”"))
    return list({r.format(): r for r in out}.values())
