"""The built-in knowledge base: complete, traceable to the articles, never copied; and its checks."""
from __future__ import annotations

import json
import re

import pytest

import articles as articles_module
from briefing.errors import BriefingError
from briefing.knowledge.loader import load_knowledge
from conftest import ARTICLES, MINIMAL_CONFIG, assert_handled, run_cli

TOPICS = ("korean_models", "data_leak", "blocking", "open_source")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def articles():
    """The articles themselves where they are beside the clone, else their fingerprint."""
    return articles_module.load(ARTICLES)[0]


def test_the_fingerprint_covers_every_article_source(kb):
    """A new or changed article needs `python tests/articles.py FOLDER` (the fingerprint's docstring)."""
    known, _ = articles_module.load(ARTICLES / "not-there")
    files = {s.file for s in kb.sources.values() if s.file}
    assert files <= set(known), f"refresh tests/article_fingerprint.json for {sorted(files - set(known))}"
    if ARTICLES.is_dir():
        assert articles_module.fingerprint(ARTICLES) == json.loads(
            articles_module.FINGERPRINT.read_text(encoding="utf-8")), "the articles changed: refresh the fingerprint"


def test_sizes_and_coverage(kb):
    assert len(kb.sources) >= 5 and len(kb.findings) >= 20 and len(kb.recommendations) >= 15
    assert {f.topic for f in kb.findings.values()} >= set(TOPICS) | {"context"}
    for audience in ("board", "security", "developers"):
        for topic in TOPICS:
            recs = [r for r in kb.recommendations.values() if r.topic == topic and audience in r.audiences]
            assert recs, f"no {topic} recommendation for {audience}"
    assert set(kb.audiences) == {"board", "security", "developers"}
    for audience in kb.audiences.values():
        # dated lines replace earlier ones (`until`); test_content checks 3-5 lines per edition
        assert 3 <= len([line for line in audience.summary if line.until is None]) <= 5, audience.id


def test_the_five_articles_are_sources(kb):
    articles = [s for s in kb.sources.values() if s.kind == "article"]
    assert len(articles) == 5
    assert all(s.file and s.title and s.outlet.ko for s in articles)


def test_every_citation_points_at_existing_lines(kb, articles):
    for finding in kb.findings.values():
        for citation in finding.citations:
            source = kb.sources[citation.source]
            if source.file is None:
                assert citation.lines is None, f"{finding.id}: lines cited in a source without a file"
                continue
            article = articles[source.file]
            for n in citation.line_numbers:
                assert article.line_has_text(n), f"{finding.id}: {source.id} line {n} is empty or missing"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_no_sentence_is_copied_from_the_articles(kb, articles):
    texts_of = [articles[s.file] for s in kb.sources.values() if s.kind == "article"]
    texts = [f.text.ko for f in kb.findings.values()]
    texts += [r.action.ko for r in kb.recommendations.values()] + [r.title.ko for r in kb.recommendations.values()]
    for text in texts:
        flat = _normalise(text)
        for i in range(0, max(len(flat) - 20, 0) + 1):
            chunk = flat[i:i + 20]
            assert len(chunk) < 20 or not any(a.contains(chunk) for a in texts_of), \
                f"copied from an article: {chunk!r} in {text!r}"


def test_known_errors_are_not_repeated_as_fact(kb):
    high = " ".join(f.text.ko + " " + f.text.en for f in kb.findings.values() if f.confidence != "low")
    for wrong in ("5조 달러", "5 trillion", "2024년 초", "early 2024", "1.8조", "1.8 trillion", "GPT-4 기반", "GPT-4 based"):
        assert wrong not in high, wrong
    r1 = [f for f in kb.findings.values() if "R1" in f.text.en and "2025" in f.text.en]
    assert r1, "R1's January 2025 release should be stated"


def test_low_confidence_findings_are_worded_as_claims(kb):
    for f in kb.findings.values():
        if f.confidence == "low":
            assert re.search(r"claim|report|according|allege|said|say", f.text.en, re.I), f.id
            # the brief tags these as 보도된 주장; "미확인" notes are refused on load (briefing.knowledge.wording)
            assert re.search(r"주장|보도|전했|밝혔|따르면|알려|라고|지적|미공개|밝히지 않", f.text.ko), f.id


def _extra(tmp_path, name, text):
    folder = tmp_path / "extra"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


FINDING = """findings:
  - id: F-ORG-01
    topic: {topic}
    date: 2025-02-10
    confidence: medium
    text: {{ko: 사내 점검 결과, en: Internal audit result}}
    citations: [{{source: {source}}}]
"""

BAD_KNOWLEDGE = [
    ("unknown source", "findings.yaml", FINDING.format(topic="data_leak", source="nowhere"), 2, "unknown source 'nowhere'"),
    ("unknown topic", "findings.yaml", FINDING.format(topic="weather", source="dbr-411"), 3, "topic"),
    ("missing en", "findings.yaml", FINDING.format(topic="data_leak", source="dbr-411").replace(", en: Internal audit result", ""), 6, "text.en"),
    ("duplicate id", "findings.yaml", FINDING.format(topic="data_leak", source="dbr-411") +
     FINDING.format(topic="data_leak", source="dbr-411").replace("findings:\n", ""), 8, "duplicate finding id 'F-ORG-01'"),
    ("unknown finding", "recommendations.yaml", """recommendations:
  - id: R-ORG-01
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 제목, en: Title}
    action: {ko: 조치, en: Action}
    rests_on: [F-NOPE-01]
    review_by: 2026-01-01
""", 2, "unknown finding 'F-NOPE-01'"),
    ("wrong file name", "finding.yaml", "findings: []\n", None, "unknown knowledge file"),
    ("not a list", "rules.yaml", "rules: {id: U-1}\n", 1, "must be a list"),
]


@pytest.mark.parametrize("name,file,text,line,words", BAD_KNOWLEDGE, ids=[c[0] for c in BAD_KNOWLEDGE])
def test_bad_knowledge_names_file_and_line(tmp_path, name, file, text, line, words):
    folder = _extra(tmp_path, file, text)
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "knowledge: [extra]\n", encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    where = f"{folder / file}:{line}:" if line else str(folder / file)
    assert where in result.stderr, result.stderr
    assert words in result.stderr
    assert_handled(result)


def test_an_organisation_can_override_disable_and_add(tmp_path):
    kb = load_knowledge()
    victim = sorted(kb.recommendations)[0]
    folder = _extra(tmp_path, "recommendations.yaml", f"""recommendations:
  - id: {victim}
    topic: blocking
    audiences: [security]
    priority: low
    owner: {{ko: 보안팀, en: Security}}
    horizon: 30d
    title: {{ko: 제목, en: Title}}
    action: {{ko: 조치, en: Action}}
    rests_on: [{sorted(kb.findings)[0]}]
    review_by: 2026-01-01
    disabled: true
""")
    _extra(tmp_path, "findings.yaml", FINDING.format(topic="data_leak", source="dbr-411"))
    merged = load_knowledge([folder])
    assert victim not in merged.recommendations
    assert "F-ORG-01" in merged.findings
    assert all(rule.recommendation != victim for rule in merged.rules.values())


def test_all_problems_are_reported_in_one_pass(tmp_path):
    folder = _extra(tmp_path, "findings.yaml", FINDING.format(topic="data_leak", source="nowhere") +
                    FINDING.format(topic="weather", source="dbr-411").replace("findings:\n", "").replace("F-ORG-01", "F-ORG-02"))
    with pytest.raises(BriefingError) as info:
        load_knowledge([folder])
    text = info.value.format_message()
    assert "nowhere" in text and "weather" in text


def test_checked_knowledge_is_cached_by_content(tmp_path, monkeypatch):
    from briefing import resources
    from briefing.knowledge import loader as knowledge

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extra = tmp_path / "k"
    extra.mkdir()
    rules = extra / "rules.yaml"
    rules.write_text("rules:\n  - {id: U-EXTRA, verdict: allowed, text: {ko: 가, en: a}, "
                     "recommendation: R-OSS-01}\n", encoding="utf-8")
    folders = [resources.knowledge_dir(), extra]
    fresh = knowledge._load(folders)
    assert knowledge._load_cached(folders) == fresh
    (entry,) = (tmp_path / "cache" / "briefing" / "knowledge").glob("*.json")
    assert json.loads(entry.read_text(encoding="utf-8"))["rules"]["U-EXTRA"]["verdict"] == "allowed"

    loads = []
    real_load = knowledge._load
    monkeypatch.setattr(knowledge, "_load", lambda f: loads.append(f) or real_load(f))
    # Unchanged files: read from the cache, not checked again.
    assert knowledge._load_cached(folders) == fresh and loads == []
    # Changed content, even with the same size: checked again, and the change is seen.
    rules.write_text(rules.read_text(encoding="utf-8").replace("allowed", " banned"), encoding="utf-8")
    with pytest.raises(BriefingError, match="verdict"):
        knowledge._load_cached(folders)
    assert len(loads) == 1
    # A damaged cache entry is rebuilt, never an error.
    rules.write_text(rules.read_text(encoding="utf-8").replace(" banned", "allowed"), encoding="utf-8")
    for entry in (tmp_path / "cache" / "briefing" / "knowledge").glob("*.json"):
        entry.write_bytes(b"not json")
    assert knowledge._load_cached(folders) == fresh and len(loads) == 2
    # An entry someone else wrote cannot run code: a pickle that would create a file is just bad data,
    # and well-formed JSON of the wrong shape is validated like YAML and rebuilt.
    import pickle

    class Exploit:
        def __reduce__(self):
            return (open, (str(tmp_path / "pwned"), "w"))

    for payload in (pickle.dumps(Exploit()), b'{"sources": [1, 2]}', b"[1, 2]"):
        for entry in (tmp_path / "cache" / "briefing" / "knowledge").glob("*.json"):
            entry.write_bytes(payload)
        knowledge._loaded.clear()
        assert knowledge._load_cached(folders) == fresh
    assert not (tmp_path / "pwned").exists() and len(loads) == 5
    # BRIEFING_NO_CACHE=1 reads and writes nothing.
    monkeypatch.setenv("BRIEFING_NO_CACHE", "1")
    assert knowledge._load_cached(folders) == fresh and len(loads) == 6
