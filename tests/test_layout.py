"""Layout guarantees: no Markdown reaches a reader, the board brief fits its pages, footnote titles are whole words."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from briefing.brief.select import SourceView, shorten
from conftest import AUDIENCES, LANGS, run_cli, soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EDITIONS = ("today", "2025-02-20")
BRIEFS = [(e, a, lang) for e in EDITIONS for a in AUDIENCES for lang in LANGS]


@pytest.fixture(scope="module")
def briefs(default_build, tmp_path_factory):
    """Every default brief of today's edition and of the first one (February 2025), ko and en."""
    import json

    out = tmp_path_factory.mktemp("first-edition")
    result = run_cli("build", "--lang", "ko", "--lang", "en", "--as-of", "2025-02-20", cwd=out)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "briefs" / "manifest.json").read_text(encoding="utf-8"))
    built = {("2025-02-20", o["audience"], o["lang"]): out / "briefs" / o["path"] for o in manifest["outputs"]}
    built.update({("today", a, lang): path for (a, lang), path in default_build.items()})
    assert len(built) == len(BRIEFS)
    return built
# What Markdown looks like when the writer failed to interpret it.
LEAKS = [
    (re.compile(r"^\s*#{1,6}(\s|$)"), "a heading's '#'"),
    (re.compile(r"\*\*"), "'**'"),
    (re.compile(r"\[\^"), "a footnote marker '[^'"),
    (re.compile(r":::"), "a fenced block ':::'"),
    (re.compile(r"\|\s*:?-{3,}"), "a table rule '|---'"),
    (re.compile(r"\{\.[a-z]"), "an attribute '{.'"),
]


def paragraphs(path) -> list[tuple[str, str]]:
    """(part, text) of every paragraph in the body, its table cells, footnotes, headers and footers."""
    out = []
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml", n)]
        assert "word/document.xml" in parts and "word/footnotes.xml" in parts
        for name in parts:
            root = etree.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                if text:
                    out.append((name, text))
    return out


def leaks(items: list[tuple[str, str]]) -> list[str]:
    return [f"{part}: {what}: {text[:100]!r}" for part, text in items for pattern, what in LEAKS
            if pattern.search(text)]


@pytest.mark.parametrize("edition,audience,lang", BRIEFS)
def test_no_markdown_reaches_the_reader(briefs, edition, audience, lang):
    items = paragraphs(briefs[edition, audience, lang])
    assert len(items) > 50
    assert any(part == "word/footnotes.xml" for part, _ in items)  # footnotes were scanned too
    problems = leaks(items)
    assert problems == [], "\n".join(problems)


def test_the_scan_finds_leaked_markdown():
    samples = [("word/document.xml", "## 권고 사항"), ("word/document.xml", "이것은 **굵게**"),
               ("word/footnotes.xml", "출처[^dbr-411:20]"), ("word/document.xml", "::: note"),
               ("word/document.xml", "|---|---|"), ("word/document.xml", "[긴급]{.priority-critical}")]
    assert len(leaks(samples)) == len(samples)
    assert leaks([("word/document.xml", "1. 무슨 일이 있었나 #3 C# 5 * 2")]) == []


def test_footnote_titles_are_cut_at_a_word_boundary():
    ko = "딥시크에 대한 4가지 질문: 소버린 AI부터 BYD와의 협력 계획까지"
    en = "Four questions about DeepSeek: from sovereign AI to its BYD partnership"
    for title in (ko, en, "개인정보위, 1월 31일 딥시크에 개인정보 처리 관련 질의서 발송"):
        short = shorten(title)
        assert short.endswith("…") and len(short) <= 32
        kept = short[:-1]
        assert title.startswith(kept) and title[len(kept)] in " ,:;", short  # the next word was left whole
    assert shorten("AI 글로벌 산업 구도 흔드는 딥시크") == "AI 글로벌 산업 구도 흔드는 딥시크"
    assert shorten("“중국 AI의 새로운 역사가 시작되고 있습니다” (제목 없는 논평, 첫 문장)") == \
        "“중국 AI의 새로운 역사가 시작되고 있습니다”…"
    view = SourceView(id="x", title=en, outlet="brunch", author=None, date="2025-02", kind="article",
                      primary=False, file=None, url=None)
    assert view.short_reference("en", "12") == "brunch, “Four questions about DeepSeek…”, 2025-02, l. 12"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_footnotes_in_the_briefs_hold_whole_words(briefs, edition, lang):
    from briefing.knowledge.loader import load_knowledge

    titles = [s.title_en if lang == "en" and s.title_en else s.title for s in load_knowledge().sources.values()]
    notes = [text for audience in AUDIENCES for part, text in paragraphs(briefs[edition, audience, lang])
             if part == "word/footnotes.xml"]
    assert notes
    for note in notes:
        shown = re.search(r"「(.*)」|“(.*)”", note)
        if not shown:
            continue  # a footnote without a title
        title = shown.group(1) or shown.group(2)
        if title in titles:
            continue  # whole
        assert title.endswith("…"), f"neither whole nor marked as shortened: {note!r}"
        head = title[:-1]
        full = next((t for t in titles if t.startswith(head)), None)
        assert full is not None, note
        assert full[len(head)] in " ,:;·", f"cut mid-word: {note!r}"


def _pdf_pages(docx_path) -> int:
    from pypdf import PdfReader

    from briefing.run.pdf import docx_to_pdf

    return len(PdfReader(io.BytesIO(docx_to_pdf(docx_path.read_bytes(), docx_path.name))).pages)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_board_brief_stays_within_its_pages(briefs, edition, lang):
    from briefing.knowledge.loader import load_knowledge

    limit = load_knowledge().audiences["board"].length.max_pages
    pages = _pdf_pages(briefs[edition, "board", lang])
    assert 1 < pages <= limit, f"board brief ({edition}, {lang}) has {pages} pages, max_pages is {limit}"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("switch", ["--pdf", "--update-fields"])
def test_a_brief_over_its_pages_is_a_build_warning(tmp_path, switch):
    """The PDF and pagination passes count pages: the board brief squeezed to one page warns, --strict fails."""
    import json

    from pypdf import PdfReader

    from briefing import resources
    from conftest import MINIMAL_CONFIG, run_cli

    kn = tmp_path / "kn"
    kn.mkdir()
    audiences = (resources.knowledge_dir() / "audiences.yaml").read_text(encoding="utf-8")
    squeezed = audiences.replace("length: {min_pages: 2, max_pages: 4}", "length: {min_pages: 1, max_pages: 1}", 1)
    assert squeezed != audiences
    (kn / "audiences.yaml").write_text(squeezed, encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "knowledge: [kn]\naudiences: [board]\n", encoding="utf-8")
    result = run_cli("build", switch, "--strict", "-c", str(config))
    assert result.exit_code == 1, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    (record,) = manifest["outputs"]
    warning = " ".join(record["warnings"])
    found = re.search(r"the board brief \(ko\) runs to (\d+) pages, more than its max_pages of 1", warning)
    assert found, warning
    pages = int(found.group(1))
    assert pages > 1 and "max_pages" in result.output
    if switch == "--pdf":
        assert pages == len(PdfReader(str(tmp_path / "out" / record["pdf"])).pages)
    else:
        assert record["pdf"] is None
