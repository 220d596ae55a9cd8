"""Per-organisation overrides in the run config: owner, due, budget, status and note per recommendation."""
from __future__ import annotations

import docx
import pytest

from conftest import MINIMAL_CONFIG, assert_valid_docx, docx_text, run_cli

# The test's own recommendations, so that the assertions do not hang on the built-in content.
KNOWLEDGE = {
    "sources.yaml": """\
sources:
  - id: memo80
    title: 시험 메모
    outlet: {ko: 시험, en: Test}
    date: "2025-02"
    kind: report
""",
    "findings.yaml": """\
findings:
  - id: F-BLOCK-80
    topic: blocking
    date: 2025-02-01
    confidence: high
    text: {ko: "시험 사실.", en: "A test fact."}
    citations: [{source: memo80}]
""",
    "recommendations.yaml": "recommendations:\n" + "".join(f"""\
  - id: {rid}
    topic: {topic}
    audiences: [board, security, developers]
    priority: {priority}
    owner: {{ko: 보안팀, en: Security}}
    horizon: 30d
    title: {{ko: "{title} 권고", en: "{title} recommendation"}}
    action: {{ko: "{title} 조치를 한다.", en: "Do the {title} action."}}
    rests_on: [F-BLOCK-80]
    review_by: 2099-01-01
    area: {area}
""" for rid, topic, priority, area, title in [
        ("R-BLOCK-01", "blocking", "critical", "block", "차단 시험"),
        ("R-GOV-01", "blocking", "high", "block", "거버넌스 시험"),
        ("R-OSS-01", "data_leak", "medium", "dlp", "유출 시험")]),
}

OVERRIDES = """\
knowledge: [kn]
languages: [ko, en]
overrides:
  R-BLOCK-01:
    owner: 보안운영팀
    owner_en: Security operations
    due: 2025-03-10
    status: done
    budget: 30000000
    note: "방화벽 정책 반영 완료 (**긴급** 조치, #2)"
    note_en: "Firewall policy in place [^1]"
  R-GOV-01:
    status: not_applicable
    note: 지주사 정책으로 대체
  R-OSS-01:
    status: in_progress
    budget: "5천만 원"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overrides")
    _knowledge(folder)
    config = folder / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG.replace("languages: [ko]\n", "") + OVERRIDES, encoding="utf-8")
    result = run_cli("build", "-c", str(config))
    assert result.exit_code == 0, result.output
    return {(a, lang): folder / "out" / f"2025-03-01_{a}_{lang}.docx"
            for a in ("board", "security", "developers") for lang in ("ko", "en")}


def _knowledge(folder):
    (folder / "kn").mkdir()
    for name, text in KNOWLEDGE.items():
        (folder / "kn" / name).write_text(text, encoding="utf-8")


def _rows(path, first_header: str):
    d = docx.Document(str(path))
    rows = {}
    for table in d.tables:
        header = [c.text.strip() for c in table.rows[0].cells]
        if first_header in header:
            for row in table.rows[1:]:
                cells = [c.text.strip() for c in row.cells]
                rows[cells[header.index("ID")]] = dict(zip(header, cells, strict=True))
    return rows


def test_security_checklist_has_a_status_column(built):
    rows = _rows(built["security", "ko"], "상태")
    assert rows["R-BLOCK-01"]["상태"] == "완료" and rows["R-BLOCK-01"]["☐"] == "☑"
    assert rows["R-BLOCK-01"]["담당"] == "보안운영팀" and rows["R-BLOCK-01"]["완료 기한"] == "2025-03-10"
    assert "비고: 방화벽 정책 반영 완료 (**긴급** 조치, #2)" in rows["R-BLOCK-01"]["통제 항목"]
    # Not applicable: still listed, labelled as such.
    assert rows["R-GOV-01"]["상태"] == "해당 없음" and rows["R-GOV-01"]["☐"] == "☐"
    assert "차단 시험 권고" in rows["R-BLOCK-01"]["통제 항목"]  # the test's own recommendation
    untracked = [r for rid, r in rows.items() if rid not in ("R-BLOCK-01", "R-GOV-01", "R-OSS-01")]
    assert untracked and all(r["상태"] == "-" for r in untracked)
    en = _rows(built["security", "en"], "Status")
    assert en["R-BLOCK-01"]["Status"] == "Done" and en["R-BLOCK-01"]["Owner"] == "Security operations"
    assert "Note: Firewall policy in place [^1]" in en["R-BLOCK-01"]["Control"]
    for path in built.values():
        assert_valid_docx(path)


def test_board_brief_shows_progress_and_budget_lines(built):
    text = docx_text(built["board", "ko"])
    assert "진행 현황과 예산" in text
    assert "3건의 진행 상황을 관리하고 있습니다: 진행 중 1 · 완료 1 · 해당 없음 1." in text
    rows = _rows(built["board", "ko"], "예산")
    assert rows["R-BLOCK-01"]["예산"] == "30,000,000" and rows["R-BLOCK-01"]["상태"] == "완료"
    assert rows["R-OSS-01"]["예산"] == "5천만 원" and rows["R-OSS-01"]["상태"] == "진행 중"
    assert rows["R-GOV-01"]["상태"] == "해당 없음" and rows["R-GOV-01"]["비고"] == "지주사 정책으로 대체"
    assert rows["R-BLOCK-01"]["비고"] == "방화벽 정책 반영 완료 (**긴급** 조치, #2)"  # the organisation's text, as written
    # Done and not-applicable items are no longer decisions the board is asked for.
    decisions = _rows(built["board", "ko"], "결정 요청")
    assert decisions and "R-BLOCK-01" not in decisions and "R-GOV-01" not in decisions
    en = docx_text(built["board", "en"])
    assert "Progress is tracked for 3 of" in en and "In progress 1 · Done 1 · Not applicable 1" in en


def test_developers_tables_mark_the_status(built):
    text = docx_text(built["developers", "ko"])
    assert "[진행 중]" in text


def test_no_overrides_no_progress_section_nor_status_column(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "audiences: [board, security]\n", encoding="utf-8")
    assert run_cli("build", "-c", str(config)).exit_code == 0
    text = docx_text(tmp_path / "out" / "2025-03-01_board_ko.docx")
    assert "결정 요청" in text and "진행 현황과 예산" not in text
    # Nor a status column: it would only repeat '-' and lengthen the checklist.
    d = docx.Document(str(tmp_path / "out" / "2025-03-01_security_ko.docx"))
    headers = [[c.text.strip() for c in t.rows[0].cells] for t in d.tables if t.rows[0].cells[0].text.strip() == "☐"]
    assert headers and all("상태" not in h and "완료 기한" in h for h in headers)


@pytest.mark.parametrize("snippet,line,words", [
    ("overrides:\n  R-NOPE-01:\n    status: done\n", 14, ["unknown recommendation 'R-NOPE-01'", "briefing list"]),
    ("overrides:\n  R-BLOCK-01:\n    status: finished\n", 15, ["overrides.R-BLOCK-01.status", "'not_applicable'"]),
    ("overrides:\n  R-BLOCK-01:\n    colour: red\n", 15, ["unknown key 'colour'", "budget"]),
    ("overrides:\n  R-BLOCK-01:\n    due: soon\n", 15, ["overrides.R-BLOCK-01.due", "YYYY-MM-DD"]),
])
def test_bad_overrides_name_file_and_line(tmp_path, snippet, line, words):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + snippet, encoding="utf-8")
    for command in ("build", "check"):
        result = run_cli(command, "-c", str(config))
        assert result.exit_code == 2, result.output
        assert f"{config}:{line}:" in result.output, result.output
        assert all(w in result.output for w in words), result.output
        assert "Traceback" not in result.output


def test_what_changed_names_status_and_budget_changes(tmp_path):
    """A later edition tells the reader the organisation's progress since the earlier one."""
    _knowledge(tmp_path)
    config = tmp_path / "briefing.yaml"
    first = MINIMAL_CONFIG + "knowledge: [kn]\naudiences: [security]\noverrides:\n  R-BLOCK-01: {status: planned}\n"
    config.write_text(first, encoding="utf-8")
    assert run_cli("build", "-c", str(config)).exit_code == 0
    second = first.replace("2025-03-01", "2025-03-15").replace(
        "{status: planned}", "{status: done, budget: 30000000}")
    config.write_text(second, encoding="utf-8")
    result = run_cli("build", "-c", str(config))
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "2025-03-15_security_ko.docx"
    assert_valid_docx(path)
    text = docx_text(path)
    assert "이번 판에서 달라진 점" in text
    line = next(p for p in text.splitlines() if "변경 권고 R-BLOCK-01" in p)
    assert "진행 상태 계획 → 완료" in line and "예산 - → 30,000,000" in line


def test_no_markdown_reaches_the_reader_with_overrides(built):
    """Override text is the organisation's own: escaped, never interpreted; nothing else leaks either."""
    from test_layout import leaks, paragraphs

    for (audience, lang), path in built.items():
        # The notes above hold '**' and '[^' on purpose, as text: only those paragraphs may show them.
        items = [(part, text) for part, text in paragraphs(path)
                 if "방화벽 정책 반영 완료" not in text and "Firewall policy in place" not in text]
        assert leaks(items) == [], (audience, lang)


def test_the_scaffold_example_is_valid(tmp_path):
    """`briefing init` shows overrides commented out; uncommented, they are a valid run config."""
    assert run_cli("init", str(tmp_path / "org")).exit_code == 0
    config = tmp_path / "org" / "briefing.yaml"
    text = config.read_text(encoding="utf-8")
    assert "# overrides:" in text
    text = text.replace("# overrides:", "overrides:").replace("#   R-", "  R-")
    config.write_text(text, encoding="utf-8")
    result = run_cli("build", "-c", str(config), "--lang", "ko", "--audience", "security")
    assert result.exit_code == 0, result.output
    path = next((tmp_path / "org" / "briefs").glob("*_security_ko.docx"))
    assert "방화벽 반영" in docx_text(path)


def test_status_history_shows_the_status_of_each_editions_day(tmp_path):
    """Dated status changes: an edition built for an earlier day shows that day's status, not today's."""
    _knowledge(tmp_path)
    config = tmp_path / "briefing.yaml"
    history = ("knowledge: [kn]\naudiences: [security]\noverrides:\n  R-BLOCK-01:\n    history:\n"
               "      - {date: 2025-02-20, status: in_progress}\n"
               "      - {date: 2025-03-10, status: done, note: 차단 정책 배포}\n")
    statuses = {}
    for day in ("2025-02-10", "2025-03-01", "2025-03-15"):
        config.write_text(MINIMAL_CONFIG.replace("2025-03-01", day) + history, encoding="utf-8")
        result = run_cli("build", "-c", str(config))
        assert result.exit_code == 0, result.output
        rows = _rows(tmp_path / "out" / f"{day}_security_ko.docx", "☐")
        statuses[day] = rows["R-BLOCK-01"].get("상태", "-")
    assert statuses == {"2025-02-10": "-", "2025-03-01": "진행 중", "2025-03-15": "완료"}
    text = docx_text(tmp_path / "out" / "2025-03-15_security_ko.docx")
    assert "차단 정책 배포" in text  # the note of the change that set the status
    line = next(p for p in text.splitlines() if "변경 권고 R-BLOCK-01" in p)
    assert "진행 상태 진행 중 → 완료" in line


@pytest.mark.parametrize("snippet,words", [
    ("    status: done\n    history:\n      - {date: 2025-02-20, status: done}\n", ["both 'status' and 'history'"]),
    ("    history:\n      - {date: 2025-03-01, status: done}\n      - {date: 2025-02-01, status: planned}\n",
     ["in date order"]),
])
def test_bad_status_history_is_refused(tmp_path, snippet, words):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG + "overrides:\n  R-BLOCK-01:\n" + snippet, encoding="utf-8")
    result = run_cli("build", "-c", str(config))
    assert result.exit_code == 2, result.output
    assert str(config) in result.output and all(w in result.output for w in words), result.output
    assert "Traceback" not in result.output
