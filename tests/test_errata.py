"""Corrections after publication: `briefing errata`, and "what changed" naming a correction."""
from __future__ import annotations

import json

import pytest

from conftest import assert_handled, docx_text, run_cli

OLD_KO, NEW_KO = "접속 시도가 확인됐다", "접속 시도 12건이 확인됐다"
OLD_EN, NEW_EN = "found attempts to reach", "found 12 attempts to reach"


@pytest.fixture()
def published(tmp_path):
    """An organisation's folder with one edition sent out (2025-02-10), its sample finding approved
    as a user does once the text is theirs."""
    assert run_cli("init", str(tmp_path / "acme"), cwd=tmp_path).exit_code == 0
    config = tmp_path / "acme" / "briefing.yaml"
    findings = config.parent / "knowledge" / "findings.yaml"
    text = findings.read_text("utf-8")
    assert "    status: draft" in text
    findings.write_text("\n".join(line for line in text.splitlines() if not line.startswith("    status: draft")) + "\n",
                        encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--as-of", "2025-02-10", "--audience", "security", "-q",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return config


def _correct(config):
    findings = config.parent / "knowledge" / "findings.yaml"
    text = findings.read_text("utf-8")
    assert OLD_KO in text and OLD_EN in text
    findings.write_text(text.replace(OLD_KO, NEW_KO).replace(OLD_EN, NEW_EN), encoding="utf-8")


def test_no_corrections_exit_0(published, tmp_path):
    result = run_cli("errata", "-c", str(published), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "no corrections" in result.output


def test_a_corrected_finding_is_listed_with_old_and_new_wording(published, tmp_path):
    _correct(published)
    result = run_cli("errata", "-o", str(published.parent / "briefs"), "-c", str(published), cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "2025-02-10 security/ko 2025-02-10_security_ko.docx: finding F-ORG-01 corrected" in result.output
    assert OLD_KO in result.output and NEW_KO in result.output
    as_json = run_cli("errata", "-c", str(published), "--json", cwd=tmp_path)
    assert as_json.exit_code == 1
    items = json.loads(as_json.output)
    assert {(i["audience"], i["lang"], i["id"], i["kind"]) for i in items} == {
        ("security", "ko", "F-ORG-01", "finding"), ("security", "en", "F-ORG-01", "finding")}
    en = next(i for i in items if i["lang"] == "en")
    assert OLD_EN in en["old"] and NEW_EN in en["new"] and en["edition"] == "2025-02-10"
    assert en["brief"] == "2025-02-10_security_en.docx"


def test_a_corrected_recommendation_is_listed(published, tmp_path):
    recs = published.parent / "knowledge" / "recommendations.yaml"
    text = recs.read_text("utf-8")
    import yaml

    data = yaml.safe_load(text)
    rec = data["recommendations"][0]
    old = rec["action"]["en"] if isinstance(rec["action"].get("en"), str) else None
    if old is None:
        pytest.skip("the scaffold's first recommendation has per-audience wording")
    recs.write_text(text.replace(old, old + " (every quarter)"), encoding="utf-8")
    items = json.loads(run_cli("errata", "-c", str(published), "--json", cwd=tmp_path).output)
    hit = [i for i in items if i["kind"] == "recommendation" and i["lang"] == "en"]
    if not hit:
        pytest.skip("the scaffold's first recommendation is not in the security brief")
    assert hit[0]["field"] == "action" and hit[0]["old"] == old and hit[0]["new"].endswith("(every quarter)")


def test_the_next_edition_names_the_correction_as_a_correction(published, tmp_path):
    _correct(published)
    result = run_cli("build", "-c", str(published), "--as-of", "2025-02-20", "--audience", "security", "-q",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    briefs = published.parent / "briefs"
    ko = docx_text(briefs / "2025-02-20_security_ko.docx")
    en = docx_text(briefs / "2025-02-20_security_en.docx")
    line = next(t for t in en.splitlines() if t.startswith("Correction (the previous edition was wrong)"))
    assert NEW_EN in line and OLD_EN in line
    assert "정정(이전 판 오류 수정)" in ko
    assert "Revised finding" not in en and "수정 사실" not in ko


def test_errata_on_a_folder_without_editions_is_bad_input(tmp_path):
    (tmp_path / "empty").mkdir()
    for folder in ("empty", "missing"):
        result = run_cli("errata", "-o", str(tmp_path / folder), cwd=tmp_path)
        assert_handled(result)
        assert result.exit_code == 2, result.output
        assert folder in result.output and "Traceback" not in result.output
