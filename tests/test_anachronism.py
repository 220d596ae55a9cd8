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
