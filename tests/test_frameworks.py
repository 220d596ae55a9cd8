"""The crosswalk: frameworks.yaml, `serves:` on recommendations, the security brief's appendix,
the register's column, and `briefing list --framework` coverage."""
from __future__ import annotations

import json

import openpyxl

from briefing.knowledge.frameworks import coverage
from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.sectors import for_industry
from briefing.knowledge.timeline import knowledge_as_of
from briefing.render.xlsx import columns as C
from conftest import MINIMAL_CONFIG, assert_handled, assert_valid_docx, docx_text, run_cli

FINANCE = MINIMAL_CONFIG.replace("  name_en: Test Trading\n", "  name_en: Test Trading\n  industry: finance\n")


def _write(tmp_path, config: str, files: dict[str, str] | None = None):
    (tmp_path / "briefing.yaml").write_text(config + ("knowledge: [kn]\n" if files else ""), encoding="utf-8")
    if files:
        (tmp_path / "kn").mkdir()
        for name, text in files.items():
            (tmp_path / "kn" / name).write_text(text, encoding="utf-8")
    return tmp_path / "briefing.yaml"


def test_every_built_in_reference_names_a_real_item():
    kb = load_knowledge()
    assert {"isms-p", "ai-basic-act", "pipc-genai-guide", "fin-ai-guideline", "owasp-llm-2025", "owasp-llm-2026",
            "nist-ai-rmf", "iso-42001"} <= set(kb.frameworks)
    refs = [ref for r in kb.recommendations.values() for ref in r.serves]
    assert len(refs) > 60
    for ref in refs:
        fw, item = ref.split(":", 1)
        assert kb.frameworks[fw].item(item) is not None, ref
    for fw in kb.frameworks.values():
        assert all(s in kb.sources for s in fw.sources) and fw.sources, fw.id


def test_an_unknown_item_is_refused_with_file_line_and_nearby_items(tmp_path):
    bad = """\
recommendations:
  - id: R-BLOCK-02
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 시험 권고, en: Test recommendation}
    action: {ko: 시험 조치를 한다., en: Do the test action.}
    rests_on: [F-BLOCK-01]
    review_by: 2099-01-01
    serves: [isms-p:2.6.7, isms-p:2.6.9, nist-ai-rmf:GOVERN-1.1, iso-27001:A.5.1]
"""
    config = _write(tmp_path, MINIMAL_CONFIG, {"recommendations.yaml": bad})
    result = run_cli("check", "-c", str(config))
    assert result.exit_code == 2, result.output
    assert_handled(result)
    assert "recommendations.yaml:12" in result.output  # the `serves:` line
    assert "framework 'isms-p' has no item '2.6.9'" in result.output and "2.6.7" in result.output
    assert "there is no framework 'iso-27001'" in result.output
    assert "GOVERN-1.1" not in result.output  # the good references say nothing


def test_a_badly_written_reference_is_refused_at_its_line(tmp_path):
    bad = "recommendations:\n  - id: R-BLOCK-02\n    serves: [ISMS-P 2.6.7]\n"
    config = _write(tmp_path, MINIMAL_CONFIG, {"recommendations.yaml": bad})
    result = run_cli("check", "-c", str(config))
    assert result.exit_code == 2 and "recommendations.yaml:" in result.output
    assert "'isms-p:2.6.7'" in result.output  # shows the form to write


def test_security_brief_has_the_crosswalk_appendix_in_both_languages(tmp_path):
    config = _write(tmp_path, FINANCE.replace("languages: [ko]", "languages: [ko, en]").replace(
        "date: 2025-03-01", "date: 2026-09-01"))
    result = run_cli("build", "-c", str(config), "--xlsx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    ko, en = tmp_path / "out" / "2026-09-01_security_ko.docx", tmp_path / "out" / "2026-09-01_security_en.docx"
    assert_valid_docx(ko)
    assert_valid_docx(en)
    text = docx_text(ko)
    assert "부록. 인증기준·법령 대응표" in text
    appendix = text  # docx_text lists tables after the paragraphs
    assert "ISMS-P 2.6.7 인터넷 접속 통제" in appendix
    assert "OWASP LLM 2026 LLM04 공급망" in appendix and "AI기본법 제31조" in appendix
    assert "금융분야 AI 가이드라인" in appendix  # a financial firm answers to it
    english = docx_text(en)
    assert "Appendix. Framework crosswalk" in english and "ISMS-P 2.6.7 Internet access control" in english
    assert "부록" not in docx_text(tmp_path / "out" / "2026-09-01_board_ko.docx")  # auditors read the security brief
    sheet = openpyxl.load_workbook(tmp_path / "out" / "2026-09-01_register_ko-en.xlsx")[C.REGISTER_SHEET]
    col = {cell.value: cell.column for cell in sheet[1]}
    row = next(c.row for c in sheet["A"] if c.value == "R-BLOCK-01")
    assert "ISMS-P 2.6.7" in sheet.cell(row, col[C.FRAMEWORKS]).value


def test_an_edition_names_only_frameworks_of_its_date_and_industry(tmp_path):
    config = _write(tmp_path, MINIMAL_CONFIG)  # no industry, 1 March 2025
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 0
    text = docx_text(tmp_path / "out" / "2025-03-01_security_ko.docx")
    assert "OWASP LLM 2025" in text and "OWASP LLM 2026" not in text  # published August 2026
    assert "금융분야 AI 가이드라인" not in text and "금감원 AI RMF" not in text  # finance only, and later
    assert "AI기본법 제31조" in text and "2026-01-22 시행" in text  # promulgated, not yet in force


def test_coverage_lists_each_item_and_the_generative_ai_gaps():
    kb = load_knowledge()
    mine = knowledge_as_of(for_industry(kb, "finance"), load_knowledge().frameworks["owasp-llm-2026"].known_on)
    cov = coverage(mine, "isms-p")
    assert len(cov.items) == len(kb.frameworks["isms-p"].items)
    by_id = {i.item.id: i for i in cov.items}
    assert "R-BLOCK-01" in by_id["2.6.7"].recommendations
    assert by_id["2.4.1"].recommendations == () and not by_id["2.4.1"].gap  # physical: not a generative-AI gap
    assert all(i.item.genai and not i.recommendations for i in cov.gaps)
    assert cov.served == sum(1 for i in cov.items if i.recommendations)
    # an organisation that excludes the only recommendation serving a genai item has a gap there
    (only,) = [i for i in cov.items if i.item.genai and len(i.recommendations) == 1][:1]
    assert coverage(mine, "isms-p", set(only.recommendations)).items[cov.items.index(only)].gap


def test_list_framework_prints_coverage_text_and_json(tmp_path):
    config = _write(tmp_path, FINANCE.replace("date: 2025-03-01", "date: 2026-09-01"))
    result = run_cli("list", "-c", str(config), "--framework", "isms-p")
    assert result.exit_code == 0, result.output
    assert "As of 2026-09-01" in result.output and "2.6.7" in result.output
    assert "Relevant to generative AI and served by no recommendation:" in result.output
    data = json.loads(run_cli("list", "-c", str(config), "--framework", "owasp-llm-2026", "--json").output)
    assert data["framework"] == "owasp-llm-2026" and data["date"] == "2026-09-01"
    assert data["published"] == "2026-08-04"
    assert [i["id"] for i in data["items"]][:3] == ["LLM01", "LLM02", "LLM03"]
    plain = run_cli("list", "-c", str(config))
    assert "Frameworks (briefing list --framework ID):" in plain.output and "isms-p" in plain.output


def test_list_framework_refuses_unknown_later_and_other_industry_frameworks(tmp_path):
    config = _write(tmp_path, MINIMAL_CONFIG)
    for args, words in ((["--framework", "iso-27001"], "unknown framework 'iso-27001'"),
                        (["--framework", "owasp-llm-2026"], "after this edition's date"),
                        (["--framework", "fin-ai-guideline", "--as-of", "2026-09-01"], "finance organisations only"),
                        (["--json"], "go with --framework")):
        result = run_cli("list", "-c", str(config), *args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
        assert_handled(result)
