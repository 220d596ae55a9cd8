"""Sector rules: `sectors:` on findings and recommendations, chosen by organization.industry."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_CONFIG, assert_handled, assert_valid_docx, docx_text, run_cli

FINDINGS = """\
findings:
  - id: F-BLOCK-90
    topic: blocking
    date: 2025-02-01
    confidence: high
    sectors: [finance]
    text: {ko: "금융권 시험 사실: 망분리 규제가 적용된다.", en: "Finance test fact: network separation applies."}
    citations: [{source: memo90}]
  - id: F-BLOCK-91
    topic: blocking
    date: 2025-02-01
    confidence: high
    sectors: [public]
    text: {ko: "공공 시험 사실: 국정원 지침이 적용된다.", en: "Public test fact: NIS guidance applies."}
    citations: [{source: memo90}]
"""
RECOMMENDATIONS = """\
recommendations:
  - id: R-BLOCK-90
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 금융권 시험 권고, en: Finance test recommendation}
    action: {ko: 금융권 시험 조치를 한다., en: Do the finance test action.}
    rests_on: [F-BLOCK-90]
    sectors: [finance]
    review_by: 2099-01-01
    area: block
  - id: R-BLOCK-91
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 공공 근거 시험 권고, en: Public-grounded test recommendation}
    action: {ko: 공공 근거 시험 조치를 한다., en: Do the public-grounded test action.}
    rests_on: [F-BLOCK-91]
    review_by: 2099-01-01
    area: block
"""
SOURCES = """\
sources:
  - id: memo90
    title: 시험 메모
    outlet: {ko: 시험, en: Test}
    date: "2025-02"
    kind: report
"""


def _build(tmp_path, industry: str | None):
    kn = tmp_path / "kn"
    kn.mkdir(exist_ok=True)
    (kn / "findings.yaml").write_text(FINDINGS, encoding="utf-8")
    (kn / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
    (kn / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    config = MINIMAL_CONFIG.replace("  name_en: Test Trading\n", "  name_en: Test Trading\n"
                                    + (f"  industry: {industry}\n" if industry else ""))
    (tmp_path / "briefing.yaml").write_text(config + "knowledge: [kn]\naudiences: [security]\n", encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "2025-03-01_security_ko.docx"
    assert_valid_docx(path)
    return docx_text(path)


@pytest.mark.parametrize("industry,present,absent", [
    ("finance", ["금융권 시험 사실", "금융권 시험 권고"], ["공공 시험 사실", "공공 근거 시험 권고"]),
    ("Finance ", ["금융권 시험 사실", "금융권 시험 권고"], ["공공 시험 사실"]),
    # R-BLOCK-91 has no sectors of its own, but rests on a public-sector finding only.
    ("public", ["공공 시험 사실", "공공 근거 시험 권고"], ["금융권 시험 사실", "금융권 시험 권고"]),
    (None, [], ["금융권 시험 사실", "금융권 시험 권고", "공공 시험 사실", "공공 근거 시험 권고"]),
])
def test_industry_selects_sector_items(tmp_path, industry, present, absent):
    text = _build(tmp_path, industry)
    assert "R-BLOCK-01" in text  # items without sectors are for everyone
    for words in present:
        assert words in text, words
    for words in absent:
        assert words not in text, words


def test_bad_sector_names_file_and_line(tmp_path):
    kn = tmp_path / "kn"
    kn.mkdir()
    (kn / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (kn / "findings.yaml").write_text(FINDINGS.replace("sectors: [public]", "sectors: [Public Sector]"),
                                      encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 2
    assert f"{kn / 'findings.yaml'}:" in result.output and "Public Sector" in result.output
    assert "Traceback" not in result.output


def test_what_rests_on_a_left_out_finding_goes_too():
    import dataclasses

    from briefing.knowledge.loader import load_knowledge
    from briefing.knowledge.sectors import for_industry

    kb = load_knowledge()
    board = kb.audiences["board"]
    line = board.summary[0]
    gone = line.rests_on[0]
    rule = next(iter(kb.rules.values()))
    rec = kb.recommendations[rule.recommendation]
    findings = {fid: dataclasses.replace(f, sectors=["public"]) if fid == gone or fid in rec.rests_on else f
                for fid, f in kb.findings.items()}
    marked = dataclasses.replace(kb, findings=findings)
    finance = for_industry(marked, "finance")
    assert gone not in finance.findings and gone in for_industry(marked, "public").findings
    assert line not in finance.audiences["board"].summary  # a compound claim loses all its ground
    assert rec.id not in finance.recommendations and rule.id not in finance.rules
    assert for_industry(marked, "finance") is for_industry(marked, "finance")  # one view per build
    unmarked = dataclasses.replace(
        kb, findings={k: dataclasses.replace(f, sectors=[]) for k, f in kb.findings.items()},
        recommendations={k: dataclasses.replace(r, sectors=[]) for k, r in kb.recommendations.items()},
        frameworks={k: dataclasses.replace(f, sectors=[]) for k, f in kb.frameworks.items()})
    assert for_industry(unmarked, "finance") is unmarked  # nothing marked: nothing to do


def test_review_by_warnings_only_for_what_the_organisation_reads(tmp_path):
    """A stale recommendation of another sector is not this organisation's warning."""
    kn = tmp_path / "kn"
    kn.mkdir()
    (kn / "findings.yaml").write_text(FINDINGS, encoding="utf-8")
    (kn / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    stale = RECOMMENDATIONS.replace("review_by: 2099-01-01", "review_by: 2025-02-10")
    (kn / "recommendations.yaml").write_text(stale, encoding="utf-8")
    config = MINIMAL_CONFIG.replace("  name_en: Test Trading\n", "  name_en: Test Trading\n  industry: public\n")
    (tmp_path / "briefing.yaml").write_text(config + "knowledge: [kn]\naudiences: [security]\n", encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    assert "R-BLOCK-91" in result.output and "R-BLOCK-90" not in result.output  # R-BLOCK-90 is for finance


@pytest.mark.parametrize("written", ["insurance", "보험사", "Financial Holding", "  BANK ", "금융지주"])
def test_industries_as_users_write_them_select_the_sector(tmp_path, written):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG.replace("  name_en: Test Trading\n",
                                             f"  name_en: Test Trading\n  industry: \"{written}\"\n"), encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--as-of", "2026-09-01", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "2026-09-01_security_ko.docx")
    assert "R-FIN-01" in text and "R-PUB-01" not in text  # an insurer reads the financial sector's rules


def test_an_unknown_industry_is_refused_with_its_line_and_the_known_ones(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG.replace("  name_en: Test Trading\n",
                                             "  name_en: Test Trading\n  industry: bakery\n"), encoding="utf-8")
    for command in ("build", "check"):
        result = run_cli(command, "-c", str(config), cwd=tmp_path)
        assert result.exit_code == 2, result.output
        assert_handled(result)
        assert "briefing.yaml:4: unknown industry 'bakery'" in result.output
        assert "finance (금융)" in result.output and "other (기타)" in result.output
    assert not (tmp_path / "out").exists()  # nothing written
    listing = run_cli("list", "-c", str(tmp_path / "briefing.yaml"))
    assert "보험사" in listing.output and "Industries" in listing.output


def test_sectors_and_aliases_are_checked_against_the_vocabulary(tmp_path):
    (tmp_path / "kn").mkdir()
    (tmp_path / "kn" / "industries.yaml").write_text(
        "industries:\n  - id: shipping\n    title: {ko: 해운, en: Shipping}\n    aliases: [보험]\n", encoding="utf-8")
    (tmp_path / "kn" / "findings.yaml").write_text(FINDINGS.replace("sectors: [public]", "sectors: [pubic]"),
                                                   encoding="utf-8")
    (tmp_path / "kn" / "sources.yaml").write_text(
        "sources:\n  - {id: memo90, title: 시험 메모, outlet: {ko: 사내, en: internal}, date: '2025-02-01'}\n",
        encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 2
    assert "industries.yaml:2: alias '보험' of industry 'shipping' already means 'finance'" in result.output
    assert "findings.yaml:" in result.output and "unknown sector 'pubic'" in result.output


@pytest.mark.parametrize("industry", [None, "보험", "은행"])
def test_the_board_summary_promises_exactly_the_decisions_its_table_asks(tmp_path, industry):
    import docx

    from briefing.knowledge.loader import load_knowledge

    config = tmp_path / "briefing.yaml"
    org = f"  industry: {industry}\n" if industry else ""
    config.write_text(MINIMAL_CONFIG.replace("  name_en: Test Trading\n", f"  name_en: Test Trading\n{org}")
                      + "audiences: [board]\n", encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--as-of", "2026-09-01", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "2026-09-01_board_ko.docx"
    assert_valid_docx(path)
    document = docx.Document(str(path))
    line = next(p.text for p in document.paragraphs if "요청 사항:" in p.text)
    table = next(t for t in document.tables if t.rows[0].cells[1].text.strip() == "결정 요청")
    asked = [row.cells[0].text.strip() for row in table.rows[1:]]
    recs = load_knowledge().recommendations
    labels = [(recs[rid].decision or recs[rid].title).ko for rid in asked]
    assert line.split("요청 사항: ", 1)[1].rstrip(".") == ", ".join(labels)
    assert ("R-FIN-01" in asked) == (industry is not None)  # insurers and banks are financial firms
    assert ("금융권" in line) == (industry is not None)
