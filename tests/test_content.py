"""Content rules of the built-in knowledge base (issue 13): the checks a content
reviewer makes by hand, written down so that they cannot regress.

See docs/content-review.md for the full checklist; these are the parts a test can
decide without reading Korean prose.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from briefing.brief.select import select_brief
from briefing.knowledge.config import load_config
from briefing.knowledge.loader import load_knowledge
from conftest import docx_text, edition_of, part_xml

SECTORS = {"finance", "public"}
CALQUES = ("발견사항", "허용 사용 정책", "도입 승인 관문", "모델 등록부")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_no_markdown_heading_reaches_the_developers_brief(default_build):
    for lang in ("ko", "en"):
        text = docx_text(default_build[("developers", lang)])
        for para in text.splitlines():
            assert not para.lstrip().startswith("#"), para
            assert "\\#" not in para and "##" not in para, para
        # the per-topic headings of the recommendations section are real headings
        assert ("한국어 모델과 소버린 AI" if lang == "ko" else "Korean-language models and sovereign AI") in text


def test_board_brief_asks_for_at_most_five_decisions_with_options(default_build):
    text = docx_text(default_build[("board", "ko")])
    section = text.split("요청 사항", 1)[1].split("조치 계획", 1)[0]
    ids = re.findall(r"^R-[A-Z]+-\d+$", section, re.M)
    assert 1 <= len(ids) <= 5, ids
    assert section.count("선택지") >= len(ids) - 1  # every board decision spells out its options
    for heading in ("현황", "시사점", "요청 사항", "조치 계획"):
        assert heading in text


def test_korean_text_uses_the_agreed_terms(kb):
    texts = [f.text.ko for f in kb.findings.values()]
    texts += [r.action.ko for r in kb.recommendations.values()] + [r.title.ko for r in kb.recommendations.values()]
    texts += [t.ko for r in kb.recommendations.values() for t in r.per_audience.values()]
    texts += [u.text.ko for u in kb.rules.values()] + [t.summary.ko for t in kb.topics.values()]
    for text in texts:
        for calque in CALQUES:
            assert calque not in text, (calque, text)
        assert "DeepSeek" not in text.replace("DeepSeek-", ""), text  # 딥시크 in Korean prose; model names as released


def test_rule_basis_ids_are_recommendations_the_developers_brief_lists(kb):
    for rule in kb.rules.values():
        rec = kb.recommendations[rule.recommendation]
        assert "developers" in rec.audiences, f"{rule.id} cites {rec.id}, which the developers' brief does not show"


def test_supersedes_points_back_in_time(kb):
    for f in kb.findings.values():
        if f.supersedes:
            older = kb.findings[f.supersedes]
            assert older.date <= f.date, (f.id, f.supersedes)
            assert older.topic == f.topic or f.id.startswith("F-CTX"), (f.id, f.supersedes)
    for r in kb.recommendations.values():
        if r.supersedes:
            older = kb.recommendations[r.supersedes]
            assert r.date is not None and older.review_by <= r.review_by, (r.id, r.supersedes)


def test_sector_values_are_known(kb):
    for item in list(kb.findings.values()) + list(kb.recommendations.values()):
        assert set(item.sectors) <= SECTORS, (item.id, item.sectors)
    assert any("finance" in f.sectors for f in kb.findings.values())
    assert any("public" in f.sectors for f in kb.findings.values())


def test_facts_added_after_the_articles_cite_sources_with_an_address(kb):
    """Every finding about events after February 2025 rests on a source we can open again."""
    for f in kb.findings.values():
        if f.date > dt.date(2025, 4, 1):
            for c in f.citations:
                s = kb.sources[c.source]
                assert s.url or s.file, f"{f.id} cites {s.id}, which has neither a URL nor a file"


def test_no_action_names_a_date_after_its_own_review_horizon(kb):
    """R-BLOCK-02 once mentioned 28 April 2025 in an action due in February 2025."""
    for r in kb.recommendations.values():
        start = r.date or min(kb.findings[f].date for f in r.rests_on)
        due = start + dt.timedelta(days={"immediate": 7, "30d": 30, "90d": 90, "12m": 365}[r.horizon])
        for text in (r.action.en, *[t.en for t in r.per_audience.values()]):
            if re.search(r"before (?:it|the Act) takes effect", text):
                assert due <= dt.date(2026, 1, 22), r.id
            for m in re.finditer(r"(\d{1,2}) (January|February|March|April|May|June|July|August|"
                                 r"September|October|November|December) (20\d\d)", text):
                named = dt.datetime.strptime(m.group(0), "%d %B %Y").date()
                scheduled = re.search(r"(takes|taking) effect on\s*$|effective\s*$", text[:m.start()])
                # a date in an action is history the action reacts to, a deadline inside its
                # horizon, or an event announced as scheduled ("takes effect on ...")
                assert named <= start or named <= due or scheduled, (r.id, named, due)


@pytest.mark.parametrize("day", [dt.date(2025, 2, 20), dt.date(2025, 4, 30), dt.date(2026, 1, 31),
                                 dt.date(2026, 11, 23)])
def test_every_summary_line_survives_every_edition(kb, day):
    """A summary line rests only on findings its editions show, so no brief loses its bottom line;
    dated lines (`date`/`until`) take over from the lines they replace, 3 to 5 lines in every edition."""
    from briefing.knowledge.timeline import knowledge_as_of

    edition = knowledge_as_of(kb, day)
    for aid, audience in kb.audiences.items():
        kept = edition.audiences[aid].summary
        in_window = [line for line in audience.summary if line.shown_on(day)]
        assert len(kept) >= len(in_window) - (1 if day < dt.date(2025, 4, 28) else 0), (aid, day)
        assert 3 <= len(kept) <= 5, (aid, day, len(kept))


# --- Second pass (2026-11-23): sources, citations and the developers' guide --------------

NEWS_HOSTS = ("edaily.co.kr", "sbs.co.kr", "chosun.com", "fnnews.com", "zdnet.co.kr", "etoday.co.kr",
              "newsis.com", "yna.co.kr", "daum.net", "ddaily.co.kr", "moneys.co.kr", "newspim.com")


def test_descriptive_titles_print_in_brackets_never_as_headlines(kb, default_build):
    described = [s for s in kb.sources.values() if s.descriptive_title]
    assert any(s.id == "kbs-2025-02-05" for s in described)
    for lang in ("ko", "en"):
        text = docx_text(default_build[("security", lang)])
        shown = 0
        for s in described:
            title = s.title_en if lang == "en" and s.title_en else s.title
            assert f"「{title}」" not in text and f"“{title}”" not in text, s.id
            shown += f"[{title}]" in text
        assert shown >= 5, f"only {shown} descriptive titles in the {lang} sources list"


def test_a_primary_document_never_links_to_a_news_report(kb):
    for s in kb.sources.values():
        if s.primary and s.url:
            assert not any(host in s.url for host in NEWS_HOSTS), \
                f"{s.id} is a {s.kind} but links to a news report ({s.url}): cite the report as its own source"


def test_note_numbers_ascend_within_each_cluster(default_build):
    token = re.compile(r'<w:footnoteReference w:id="(\d+)"/>|NOTEREF _RefFn(\d+)|<w:t(?: [^>]*)?>([^<]*)</w:t>')
    clusters = 0
    for path in default_build.values():
        run, cached = [], None
        for new, again, text in token.findall(part_xml(path, "word/document.xml")):
            if new or again:
                run.append(int(new or again))
                cached = again or None  # a NOTEREF field shows its number as cached text next
            elif text == "," or (cached and text == cached):
                cached = None
            else:
                if len(run) > 1:
                    clusters += 1
                    assert run == sorted(set(run)), f"{path.name}: note numbers {run}"
                run, cached = [], None
    assert clusters > 20


def test_the_developers_guide_shows_the_evidence_for_its_actions_only(default_build):
    brief = select_brief(load_config(None), load_knowledge(), "developers", "ko",
                         edition_of(default_build[("developers", "ko")]))
    text = docx_text(default_build[("developers", "ko")])
    shown = [f for t in brief.focus for f in t.findings if f.id in brief.basis]
    hidden = [f for t in brief.focus for f in t.findings if f.id not in brief.basis]
    assert shown and hidden
    for f in shown:
        assert f.text in text, f.id
    for f in hidden:
        assert f.text not in text, f"{f.id} is background, not the basis of a developer action"
