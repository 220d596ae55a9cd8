"""English briefs of a config written in Korean only print the cover in English."""
from __future__ import annotations

from conftest import docx_text, run_cli

KOREAN_ONLY = """\
organization:
  name: 테스트상사
  name_en: Test Trading
document:
  date: 2025-03-01
  classification: {classification}
  owner: {owner}
languages: [ko, en]
audiences: [board]
output:
  dir: out
"""


def _build(tmp_path, **values):
    (tmp_path / "c.yaml").write_text(KOREAN_ONLY.format(**values), encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return result, docx_text(tmp_path / "out" / "2025-03-01_board_en.docx"), \
        docx_text(tmp_path / "out" / "2025-03-01_board_ko.docx")


def test_known_korean_values_get_their_english(tmp_path):
    result, en, ko = _build(tmp_path, classification="대외비", owner="정보보호최고책임자(CISO)")
    assert "Classification: Confidential" in en and "대외비" not in en
    assert "Chief Information Security Officer (CISO)" in en and "정보보호최고책임자" not in en
    assert "대외비" in ko and "정보보호최고책임자(CISO)" in ko
    assert "warning" not in result.stderr


def test_an_unknown_korean_value_stays_and_the_build_says_so(tmp_path):
    result, en, _ = _build(tmp_path, classification="사내한정", owner="디지털혁신본부장")
    assert "Internal use only" in en and "디지털혁신본부장" in en
    assert "document.owner '디지털혁신본부장' has no English" in result.stderr and "owner_en" in result.stderr
    assert "classification" not in result.stderr


def test_the_english_setting_wins(tmp_path):
    (tmp_path / "c.yaml").write_text(KOREAN_ONLY.format(classification="대외비", owner="보안팀장")
                                     .replace("  owner: 보안팀장\n", "  owner: 보안팀장\n  owner_en: CISO office\n"),
                                     encoding="utf-8")
    assert run_cli("build", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path).exit_code == 0
    assert "CISO office" in docx_text(tmp_path / "out" / "2025-03-01_board_en.docx")
