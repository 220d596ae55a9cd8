"""The time check: static wording that names a term before the first finding naming it was known."""
from __future__ import annotations

from briefing.knowledge.factcheck.anachronism import check_time, first_known
from briefing.knowledge.loader import load_knowledge
from conftest import MINIMAL_CONFIG, run_cli

# A recommendation that names V3.1 (first known 21 August 2025) from February 2025 on.
EARLY = """\
recommendations:
  - id: R-OSS-92
    topic: open_source
    audiences: [security, developers]
    priority: high
    owner: {ko: 법무팀, en: Legal}
    horizon: 30d
    title: {ko: 모델 라이선스 검토, en: Licence review}
    action: {ko: "V3.1 등 버전별 라이선스 확인", en: "Check each version's licence, V3.1 included."}
    rests_on: [F-OSS-10]
    review_by: 2099-01-01
"""
DATED = EARLY + """\
    earlier_wording:
      - until: 2025-08-21
        action: {ko: "버전별 라이선스 확인", en: "Check each version's licence."}
"""


def test_terms_are_first_known_with_their_earliest_finding():
    first = first_known(load_knowledge())
    assert first["V3.1"][0].isoformat() == "2025-08-21"
    assert first["R1-0528"][0].isoformat() == "2025-05-28"  # split out of DeepSeek-R1-0528
    assert first["R1"][0] < first["R1-0528"][0]


def test_the_built_in_knowledge_passes_the_time_check():
    assert [r.format() for r in check_time(load_knowledge(), [])] == []


def test_an_early_term_is_reported_at_its_line_and_a_dated_variant_fixes_it(tmp_path):
    (tmp_path / "kn").mkdir()
    (tmp_path / "kn" / "recommendations.yaml").write_text(EARLY, encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(config), "--strict", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "recommendations.yaml:2: R-OSS-92: the edition of" in result.output
    assert "would print 'V3.1' (action, ko), first known on 2025-08-21" in result.output
    (tmp_path / "kn" / "recommendations.yaml").write_text(DATED, encoding="utf-8")
    result = run_cli("check", "-c", str(config), "--strict", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    # the edition of its day prints the earlier wording, a later one the newer
    for day, shown, hidden in (("2025-03-01", "버전별 라이선스 확인", "V3.1"), ("2025-09-01", "V3.1", None)):
        assert run_cli("build", "-c", str(config), "--as-of", day, "--emit-markdown", cwd=tmp_path).exit_code == 0
        text = (tmp_path / "out" / f"{day}_security_ko.md").read_text(encoding="utf-8")
        assert shown in text and (hidden is None or hidden not in text)


def _rec(action: str, extra: str = "") -> str:
    return f"""\
recommendations:
  - id: R-BLOCK-92
    topic: blocking
    audiences: [security]
    priority: high
    owner: {{ko: 보안팀, en: Security}}
    horizon: 30d
    title: {{ko: 시험 권고, en: Test recommendation}}
    action: {{ko: "{action}", en: "An English action."}}
    rests_on: [F-LEAK-03]
    review_by: 2099-01-01
""" + extra


def _time_reports(tmp_path, recommendations: str) -> list[str]:
    (tmp_path / "kn").mkdir(exist_ok=True)
    (tmp_path / "kn" / "recommendations.yaml").write_text(recommendations, encoding="utf-8")
    return [r.format() for r in check_time(load_knowledge([tmp_path / "kn"]), [tmp_path / "kn"])]


def test_an_event_named_in_plain_words_before_it_happened_is_reported(tmp_path):
    # F-BLOCK-07 (28 April 2025) names the event "다운로드 재개"; the recommendation is shown from 9 February.
    action = "국가정보원 점검에 따라 국내 다운로드 재개에도 중국 서버 저장 위험으로 차단 유지"
    found = _time_reports(tmp_path, _rec(action))
    assert found == [f"{tmp_path / 'kn' / 'recommendations.yaml'}:2: R-BLOCK-92: the edition of 2025-02-09 would print "
                     "'다운로드 재개' (action, ko), first known on 2025-04-28 (F-BLOCK-07): give this wording a later "
                     "date, or a dated variant"]
    dated = _rec(action, """\
    earlier_wording:
      - until: 2025-04-28
        action: {ko: "국가정보원 점검에 따라 중국 서버 저장 위험으로 차단", en: "Block it."}
""")
    assert _time_reports(tmp_path, dated) == []


def test_a_date_after_the_edition_is_reported_unless_a_known_finding_states_it(tmp_path):
    found = _time_reports(tmp_path, _rec("중국 서버 저장 위험으로 '25.12.22까지 차단 점검"))
    assert len(found) == 1 and "would print the date 2025-12-22 (action, ko), after its own date" in found[0]
    # The AI Basic Act's start (22 January 2026) is stated by F-CTX-11 from January 2025: known before it comes.
    ok = _rec("중국 서버 저장 위험으로 차단, '26.1.22 인공지능 기본법 시행 대비", "").replace(
        "rests_on: [F-LEAK-03]", "rests_on: [F-LEAK-03, F-CTX-11]")
    assert _time_reports(tmp_path, ok) == []
