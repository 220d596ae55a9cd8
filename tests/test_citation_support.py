"""Citations that hold: each planted defect is reported with its file and line, and its fix passes."""
from __future__ import annotations

import dataclasses

from briefing.knowledge.factcheck import check_support
from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.model import SummaryLine, Text
from conftest import MINIMAL_CONFIG, run_cli

SOURCES = """\
sources:
  - id: store-note
    title: 앱 마켓 메모
    outlet: {ko: 가상 메모, en: Fictional memo}
    date: "2025-03-01"
  - id: store-note-2
    title: 앱 마켓 후속 메모
    outlet: {ko: 가상 메모, en: Fictional memo}
    date: "2025-05-01"
"""

# An app-store suspension with the web left open, then superseded by the reopening.
FINDINGS = """\
findings:
  - id: F-BLOCK-81
    topic: blocking
    date: 2025-03-01
    confidence: medium
    text:
      ko: "'25.3.1 가상 앱 마켓 신규 다운로드 중단 — 웹 이용은 계속 가능"
      en: "On 1 March 2025 new downloads stopped in a fictional app store; the web stayed usable."
    citations:
      - source: store-note
  - id: F-BLOCK-82
    topic: blocking
    date: 2025-05-01
    confidence: medium
    supersedes: F-BLOCK-81
    text:
      ko: "'25.5.1 가상 앱 마켓 신규 다운로드 재개"
      en: "On 1 May 2025 new downloads resumed in the fictional app store."
    citations:
      - source: store-note-2
"""


def _recommendation(rid: str, action: str, rests_on: list[str], extra: str = "") -> str:
    return f"""\
  - id: {rid}
    topic: blocking
    audiences: [security]
    priority: high
    owner: {{ko: 보안팀, en: Security}}
    horizon: 30d
    title: {{ko: 시험 권고, en: Test recommendation}}
    action: {{ko: "{action}", en: "An English action."}}
    rests_on: [{", ".join(rests_on)}]
    review_by: 2099-01-01
""" + extra


def _check(tmp_path, recommendations: str):
    kn = tmp_path / "kn"
    kn.mkdir(exist_ok=True)
    (kn / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (kn / "findings.yaml").write_text(FINDINGS, encoding="utf-8")
    (kn / "recommendations.yaml").write_text("recommendations:\n" + recommendations, encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(config), "--strict", cwd=tmp_path)
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    return result, warnings


def test_the_built_in_knowledge_passes_the_support_check():
    assert [r.format() for r in check_support(load_knowledge(), [])] == []


def test_a_figure_its_cited_findings_do_not_state_is_reported_until_it_cites_one(tmp_path):
    bad = _recommendation("R-BLOCK-91", "주간 이용자 121만 명 규모이므로 경찰청처럼 도메인 차단", ["F-BLOCK-05"])
    result, warnings = _check(tmp_path, bad)
    assert result.exit_code == 1, result.output
    assert any("kn/recommendations.yaml:2: R-BLOCK-91: figure '121만 명' not in its cited findings" in w
               for w in warnings), warnings
    cited = _recommendation("R-BLOCK-91", "주간 이용자 121만 명 규모이므로 경찰청처럼 도메인 차단",
                            ["F-BLOCK-05", "F-CTX-02"])
    result, warnings = _check(tmp_path, cited)
    # F-CTX-02 is known from 15 February 2025: an edition of 6 February would print the figure unsupported.
    assert [w for w in warnings if "R-BLOCK-91" in w] == [
        "warning: kn/recommendations.yaml:2: R-BLOCK-91: figure '121만 명' not in its cited findings "
        "(from the edition of 2025-02-06)"], warnings
    result, warnings = _check(tmp_path, cited + "    date: 2025-02-15\n")
    assert result.exit_code == 0, result.output


def test_a_company_figure_passes_only_when_the_recommendation_sets_it(tmp_path):
    action = "입력 데이터가 중국 서버에 저장되므로 예외 사용은 최대 90일"
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-92", action, ["F-LEAK-03"]))
    assert any("R-BLOCK-92: figure '90일' not in its cited findings" in w for w in warnings), warnings
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-92", action, ["F-LEAK-03"], "    sets: [90일]\n"))
    assert result.exit_code == 0, result.output


def test_an_organisation_no_cited_finding_names_is_reported(tmp_path):
    action = "국가정보원 점검에 따라 경찰청처럼 딥시크 도메인 차단"
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-93", action, ["F-BLOCK-05"]))
    assert any("R-BLOCK-93: names '국가정보원', which none of its cited findings names" in w for w in warnings), warnings
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-93", action, ["F-BLOCK-05", "F-LEAK-03"],
                                                        "    date: 2025-02-09\n"))  # the day of the NIS finding
    assert result.exit_code == 0, result.output


def test_a_citation_the_text_does_not_rest_on_is_reported(tmp_path):
    # An approved-tools list does not rest on a weekly-users figure.
    action = "승인되지 않은 외부 생성형 AI 도구는 회사 PC에서 제한, 승인 도구 목록 공지"
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-94", action, ["F-BLOCK-04", "F-CTX-02"]))
    assert any("R-BLOCK-94: cites F-CTX-02, whose text shares no distinctive term with it" in w
               for w in warnings), warnings
    result, warnings = _check(tmp_path, _recommendation("R-BLOCK-94", action, ["F-BLOCK-04"]))
    assert result.exit_code == 0, result.output


def test_a_claim_resting_only_on_a_superseded_finding_is_reported_until_it_is_dated(tmp_path):
    action = "앱 마켓 신규 다운로드가 중단돼도 웹 이용은 계속 가능하므로 웹 도메인도 차단"
    bad = _recommendation("R-BLOCK-95", action, ["F-BLOCK-81", "F-BLOCK-82"])
    result, warnings = _check(tmp_path, bad)
    assert result.exit_code == 1, result.output
    assert any("kn/recommendations.yaml:2: R-BLOCK-95: '" in w and "rests only on F-BLOCK-81, superseded"
               in w and "(from the edition of 2025-05-01)" in w for w in warnings), warnings
    dated = _recommendation("R-BLOCK-95", "신규 다운로드 재개와 관계없이 웹 도메인과 앱 모두 차단",
                            ["F-BLOCK-81", "F-BLOCK-82"], f"""\
    earlier_wording:
      - until: 2025-05-01
        action: {{ko: "{action}", en: "Block the web domains too."}}
""")
    result, warnings = _check(tmp_path, dated)
    assert result.exit_code == 0, result.output


def test_a_summary_line_is_reported_at_its_own_line():
    kb = load_knowledge()
    fid = next(f.id for f in kb.findings.values() if "121만" in f.text.ko)
    line = SummaryLine(text=Text(ko="2030년 12월 31일 딥시크 이용자 121만 명, 챗GPT 999만 명", en="x"), rests_on=[fid])
    board = dataclasses.replace(kb.audiences["board"], summary=[line])
    found = [r.format() for r in check_support(dataclasses.replace(kb, audiences={**kb.audiences, "board": board}), [])]
    assert [f.split(": ", 1)[1] for f in found] == [
        "board summary line 1: date 2030-12-31 not in its cited findings (from the edition of 2025-02-15)",
        "board summary line 1: figure '999만 명' not in its cited findings (from the edition of 2025-02-15)"]
    assert "audiences.yaml:16:" in found[0]  # the line of the first summary entry, not of the audience
