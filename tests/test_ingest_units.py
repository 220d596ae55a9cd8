"""The parts of `sources add` one at a time: figures, the statement filter, confidence,
dates, the YAML text edits and the copy rule."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from briefing.errors import BriefingError
from briefing.ingest import copycheck, drafts, extract, figures, sentences, store


@pytest.mark.parametrize("text,expected", [
    ("이용자는 120만 명이다.", [("120만 명", 1_200_000, "명")]),
    ("개발비는 78억 원이었다.", [("78억 원", 7_800_000_000, "원")]),
    ("시총 1조 달러(약 1,443조 원)가 사라졌다.", [("1조 달러", 1e12, "달러"), ("1,443조 원", 1.443e15, "원")]),
    ("주가가 17% 떨어지고 비용은 27배 싸다.", [("17%", 17, "%"), ("27배", 27, "배")]),
    ("훈련비는 $5M, 규제 기준은 10^25 FLOPS 이다.", [("$5M", 5e6, "달러"), ("10^25 FLOPS", 1e25, "FLOPS")]),
    ("2025년 1월 27일에 공개됐다.", [("2025년 1월 27일", 20250127, "날짜(YYYYMMDD)")]),
    ("경찰청은 6일 차단했다.", []),  # a day of the month alone is no figure
    ("개발비는 메타의 10분의 1 수준이다.", [("10분의 1", 0.1, "비율")]),
])
def test_figures_with_units(text, expected):
    found = figures.find(text)
    assert [(f.text, f.value, f.unit_ko) for f in found] == [(t, pytest.approx(v), u) for t, v, u in expected]
    for f in found:
        assert f.text in text


@pytest.mark.parametrize("text,keep", [
    ("경찰청은 6일 딥시크 도메인 접속을 차단했다고 밝혔다.", True),
    ("보안 업체는 전송 사실을 확인했습니다.", True),
    ("딥시크 차단 확산", False),                                   # a heading: no sentence ending
    ("'가성비 갑' 中 딥시크, 美 AI 급소 찔렀다", False),             # a headline: no full stop
    ("이 조치는 언제까지 이어질까?", False),                          # a question
    ("안녕하세요, 오늘은 딥시크 소식을 전해드립니다.", False),           # a greeting
    ("김하늘 기자 haneul@example.com 으로 제보를 받습니다.", False),   # e-mail
    ("ⓒ 가상뉴스. 무단 전재 및 재배포 금지합니다.", False),            # copyright
    ("▶ 관련기사: 딥시크 금지령이 확산되고 있다.", False),             # link list
    ("자세한 내용은 https://example.com 에서 확인할 수 있다.", False),   # a link
    ("경제·경영 관련 질문은 AskBiz에게 물어보세요.", False),             # a request, not a fact
])
def test_statement_filter(text, keep):
    assert sentences.is_statement(text) is keep


def test_split_keeps_line_numbers_and_quoted_speech_together():
    lines = ['첫 줄 제목', '그는 "기술이 먼저다"라는 말을 남겼다. 두 번째 문장도 있다.']
    got = sentences.split(lines)
    assert [(s.line, s.text) for s in got] == [
        (1, "첫 줄 제목"), (2, '그는 "기술이 먼저다"라는 말을 남겼다.'), (2, "두 번째 문장도 있다.")]


@pytest.mark.parametrize("text,kind,level", [
    ("회사는 비용이 78억 원이라고 주장했다.", "article", "low"),
    ("이용자가 120만 명을 넘은 것으로 알려졌다.", "article", "low"),
    ("관계자는 접속을 막았다고 밝혔다.", "article", "medium"),
    ("정부는 접속을 차단했다.", "article", "medium"),
    ("정부는 접속을 차단했다.", "press_release", "high"),
])
def test_confidence_of_reported_claims(text, kind, level):
    assert drafts.confidence(text, kind) == level


def test_partial_dates_count_as_the_end_of_their_period():
    assert drafts.known_by("2025-02") == dt.date(2025, 2, 28)
    assert drafts.known_by("2024") == dt.date(2024, 12, 31)
    assert drafts.known_by("2025-02-07") == dt.date(2025, 2, 7)
    assert extract.parse_date("2025.2.6 09:00") == "2025-02-06"
    assert extract.parse_date("2025년 2월") == "2025-02"
    assert extract.parse_date("no date") is None


def test_cp949_text_is_converted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("딥시크 접속이 차단됐다.\n둘째 줄이다.\n".encode("cp949"))
    assert extract.extract(path).paragraphs == ["딥시크 접속이 차단됐다.", "둘째 줄이다."]


def _source(sid="new-one"):
    return {"id": sid, "title": "제목", "outlet": {"ko": "매체", "en": "Outlet"}, "date": "2025-02-07",
            "language": "ko", "file": f"sources/{sid}.txt", "url": None, "kind": "article"}


def test_store_appends_text_and_keeps_comments_and_layout(tmp_path):
    original = ("# Our sources. Keep this comment.\nsources:\n  # --- group A ---\n  - id: old-one\n"
                "    title: 옛 글   # inline comment\n    outlet: {ko: 매체, en: Outlet}\n    date: \"2025-01\"\n")
    (tmp_path / "sources.yaml").write_text(original, encoding="utf-8")
    p = store.plan(tmp_path, _source(), ["줄 하나"], [], replace=False)
    assert p.sources_text.startswith(original)  # appended, nothing above it touched
    items = yaml.safe_load(p.sources_text)["sources"]
    assert [i["id"] for i in items] == ["old-one", "new-one"]
    assert "\n  - id: new-one\n" in p.sources_text  # the file's own indentation


def test_store_refuses_flow_lists_and_duplicates_without_writing(tmp_path):
    (tmp_path / "sources.yaml").write_text("sources: [{id: a, title: t}]\n", encoding="utf-8")
    with pytest.raises(BriefingError, match="flow style"):
        store.plan(tmp_path, _source(), ["x"], [], replace=False)
    (tmp_path / "sources.yaml").write_text("sources:\n- id: new-one\n  title: t\n", encoding="utf-8")
    with pytest.raises(BriefingError, match="already exists") as e:
        store.plan(tmp_path, _source(), ["x"], [], replace=False)
    assert e.value.line == 2


def test_copy_rule_counts_runs_without_spaces():
    line = "국내 시중은행 다섯 곳이 2월 첫째 주에 업무용 PC에서 접속을 차단했다."
    assert len(copycheck.longest_copied_run("시중은행다섯곳이 2월 첫째 주에 업무용 PC에서 막았다", line)) >= copycheck.COPY_CHARS
    assert len(copycheck.longest_copied_run("은행 다섯 곳이 이달 초 업무 PC의 접속을 막았다.", line)) < copycheck.COPY_CHARS


def test_cached_model_predicts_exactly_as_the_scikit_learn_pipeline():
    from briefing.ingest import classify

    examples = classify.read_labelled()
    assert len(examples) >= 300 and len({e.topic for e in examples}) == 5
    train, test = examples[::2], examples[1::2]
    pipeline = classify.make_pipeline()
    pipeline.fit([e.text for e in train], [e.topic for e in train])
    texts = [e.text for e in test] + ["", "x", "AI"]
    assert classify.LinearModel(pipeline).predict(texts) == list(pipeline.predict(texts))


def test_kind_choices_match_the_model_and_the_cli_stays_light():
    import subprocess
    import sys
    import typing

    from briefing.ingest.commands import KINDS
    from briefing.knowledge.model import SourceKind
    from conftest import process_env

    assert KINDS == list(typing.get_args(SourceKind))
    code = "import sys, briefing.cli; print(sorted(m for m in sys.modules if m.startswith('briefing.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=process_env(), check=True)
    assert "briefing.knowledge.model" not in out.stdout and "briefing.ingest.commands" in out.stdout


def test_copy_rule_applies_to_drafted_findings_only(tmp_path):
    """A finding `sources add` drafted (F-<source>-NN) must be rewritten; a hand-written one that
    quotes its line is the fact check's business, not this rule's."""
    from types import SimpleNamespace as NS

    (tmp_path / "sources").mkdir()
    line = "2025년 3월 4일 금융위원회는 생성형 AI 이용자가 100만 명을 넘었다고 발표했다."
    (tmp_path / "sources" / "memo.txt").write_text("제목\n" + line + "\n", encoding="utf-8")

    def finding(fid, en="English."):
        return NS(id=fid, status="approved", text=NS(ko=line, en=en),
                  citations=[NS(source="memo", line_numbers=(2,))])
    kb = NS(sources={"memo": NS(file=None)},
            findings={f.id: f for f in (finding("F-memo-01"), finding("F-CTX-91"), finding("F-CTX-92", drafts.DRAFT_EN))})
    problems = {e.problem.split("'")[1]: e.problem for e in copycheck.copy_problems([tmp_path], kb)}
    assert set(problems) == {"F-memo-01", "F-CTX-92"}
    assert "copies" in problems["F-memo-01"] and "placeholder" in problems["F-CTX-92"]
