"""Wording a reader must never see is refused when the knowledge base loads, at its file and line."""
from __future__ import annotations

import pytest

from briefing.knowledge.wording import problems, rule_problems
from conftest import MINIMAL_CONFIG, assert_handled, run_cli

FINDING = """\
findings:
  - id: F-BLOCK-90
    topic: blocking
    date: 2025-02-01
    confidence: medium
    text:
      ko: "{ko}"
      en: "{en}"
    citations: [{{source: memo90}}]
"""
SOURCES = "sources:\n  - {id: memo90, title: 시험 메모, outlet: {ko: 사내, en: internal}, date: '2025-02-01'}\n"


@pytest.mark.parametrize(("ko", "en", "words"), [
    ("금융위, 가이드라인 공개(최종 시행 내용은 미확인)", "The FSC published a guideline.", "research note ('미확인')"),
    ("금융위, 가이드라인 공개", "The FSC published it (the final text was not read).", "research note ('was not read')"),
    ("안전성 의무는 10^26 플롭스 이상 모델", "Safety duties from 10^26 FLOPs.", "caret exponent"),
    ("기존 금융 AI 금융 AI 가이드라인 통합", "It merges the earlier guidelines.", "'금융 AI' is written twice"),
])
def test_a_planted_defect_is_refused_with_file_and_line(tmp_path, ko, en, words):
    (tmp_path / "kn").mkdir()
    (tmp_path / "kn" / "findings.yaml").write_text(FINDING.format(ko=ko, en=en), encoding="utf-8")
    (tmp_path / "kn" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert_handled(result)
    assert "findings.yaml:6: finding 'F-BLOCK-90' (text, " in result.output and words in result.output
    (tmp_path / "kn" / "findings.yaml").write_text(
        FINDING.format(ko="금융위, 기존 금융 AI 가이드라인 통합본 공개", en="The FSC published an integrated guideline."),
        encoding="utf-8")
    assert run_cli("check", "-c", str(config), cwd=tmp_path).exit_code == 0  # the fixed wording passes


def test_ordinary_wording_passes():
    for text in ("R1·R1-Zero 모델 공개", "사전 고지, 사전 검토", "1,000 1,000", "보고서 — 입증된 바 없음",
                 "DeepSeek's figures are unverified claims"):
        assert problems(text, "ko" if not text.startswith("Deep") else "en") == [], text
    assert rule_problems("법무팀 확인이나 상용 계약 필요.") == []
    assert rule_problems("승인된 도구를 쓰는 것.") == []
    assert rule_problems("해당 인증 정보를 교체한다.")
