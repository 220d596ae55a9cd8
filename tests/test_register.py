"""The action register: what `build --xlsx` writes, and `register import` reading a user's edits back."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import openpyxl
import pytest

from briefing.render.xlsx import columns as C
from conftest import MINIMAL_CONFIG, assert_handled, docx_text, run_cli

CONFIG = MINIMAL_CONFIG.replace("languages: [ko]", "languages: [ko, en]") + """\
# our plan, kept by the security office
overrides:
  R-BLOCK-01: {owner: 보안운영팀, due: 2025-02-20, status: planned}   # past due on 2025-03-01
"""
REGISTER = "2025-03-01_register_ko-en.xlsx"


def _build(tmp_path, *extra):
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"), "--xlsx", *extra, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def built(tmp_path):
    (tmp_path / "briefing.yaml").write_text(CONFIG, encoding="utf-8")
    _build(tmp_path)
    return tmp_path


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def _row(sheet, rec_id: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == rec_id)


def test_the_register_has_every_recommendation_the_briefs_show(built):
    out = built / "out"
    workbook = openpyxl.load_workbook(out / REGISTER)
    assert workbook.sheetnames == [C.REGISTER_SHEET, C.FINDINGS_SHEET, C.CHANGES_SHEET, C.SNAPSHOT_SHEET]
    assert workbook[C.SNAPSHOT_SHEET].sheet_state == "hidden"
    sheet = workbook[C.REGISTER_SHEET]
    col = _columns(sheet)
    assert list(col)[:3] == [C.ID, C.TITLE_KO, C.TITLE_EN] and C.BUDGET in col and C.FINDINGS in col
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    shown = {rid for o in manifest["outputs"] for rid in o["recommendations"]}
    ids = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert sorted(ids) == sorted(shown) and len(ids) == len(set(ids))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"계획,진행 중,완료,해당 없음"'
    assert str(validation.sqref).startswith(f"{openpyxl.utils.get_column_letter(col[C.STATUS])}2:")
    block = _row(sheet, "R-BLOCK-01")
    assert sheet.cell(block, col[C.OWNER]).value == "보안운영팀"
    assert sheet.cell(block, col[C.DUE]).value == dt.datetime(2025, 2, 20)
    assert sheet.cell(block, col[C.STATUS]).value == "계획"
    assert sheet.cell(block, col[C.OVERDUE]).value == "●"
    assert sheet.cell(block, 1).fill.fgColor.rgb.endswith("F8D7DA")
    findings = workbook[C.FINDINGS_SHEET]
    cited = {f.strip() for r in range(2, sheet.max_row + 1) for f in sheet.cell(r, col[C.FINDINGS]).value.split(",")}
    assert {findings.cell(r, 1).value for r in range(2, findings.max_row + 1)} == cited
    assert manifest["register"]["path"] == REGISTER
    assert manifest["register"]["sha256"] == hashlib.sha256((out / REGISTER).read_bytes()).hexdigest()
    assert REGISTER not in manifest["stale"]


def test_the_register_bytes_depend_on_the_content_only(built):
    first = (built / "out" / REGISTER).read_bytes()
    other = built / "again"
    other.mkdir()
    (other / "briefing.yaml").write_text(CONFIG, encoding="utf-8")
    _build(other)
    assert (other / "out" / REGISTER).read_bytes() == first


def _edit(path, changes: dict[tuple[str, str], object]) -> None:
    """What a user does in Excel, done with openpyxl: type into cells and save."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[C.REGISTER_SHEET]
    col = _columns(sheet)
    for (rec_id, column), value in changes.items():
        sheet.cell(_row(sheet, rec_id), col[column]).value = value
    workbook.save(path)


def test_edits_come_back_into_the_config_and_the_next_build(built):
    register = built / "out" / REGISTER
    config = built / "briefing.yaml"
    _edit(register, {("R-BLOCK-01", C.STATUS): "완료", ("R-BLOCK-01", C.STATUS_DATE): dt.datetime(2025, 2, 27),
                     ("R-BLOCK-01", C.BUDGET): "3,000만 원", ("R-BLOCK-01", C.NOTE): "방화벽·DNS 반영",
                     ("R-BLOCK-01", C.DUE): dt.datetime(2025, 3, 15)})
    before = config.read_bytes()
    dry = run_cli("register", "import", str(register), "-c", str(config), "--dry-run", cwd=built)
    assert dry.exit_code == 0, dry.output
    assert "R-BLOCK-01: status planned -> done (since 2025-02-27)" in dry.output and config.read_bytes() == before
    done = run_cli("register", "import", str(register), "-c", str(config), "--today", "2025-03-01", cwd=built)
    assert done.exit_code == 0, done.output
    text = config.read_text(encoding="utf-8")
    assert "# our plan, kept by the security office" in text and "# past due on 2025-03-01" in text
    assert "3,000만 원" in text and "방화벽·DNS 반영" in text and "2025-03-15" in text
    assert "history:" in text and "date: 2025-02-27" in text
    _build(built)
    ko = docx_text(built / "out" / "2025-03-01_board_ko.docx")  # its progress table shows budget and note
    assert "3,000만 원" in ko and "방화벽·DNS 반영" in ko
    sheet = openpyxl.load_workbook(built / "out" / REGISTER)[C.REGISTER_SHEET]
    col = _columns(sheet)
    block = _row(sheet, "R-BLOCK-01")
    assert sheet.cell(block, col[C.STATUS]).value == "완료" and sheet.cell(block, col[C.BUDGET]).value == 30_000_000
    assert sheet.cell(block, col[C.OVERDUE]).value is None
    again = run_cli("register", "import", str(built / "out" / REGISTER), "-c", str(config), cwd=built)
    assert again.exit_code == 0 and "no edits" in again.output


@pytest.mark.parametrize(("column", "value", "said"), [
    (C.STATUS, "끝남", "'끝남' is not a status"),
    (C.DUE, "다음 주", "'다음 주' is not a date"),
    (C.BUDGET, "많이", "'많이' is not an amount in won"),
    (C.ID, "R-NOPE-99", "unknown recommendation 'R-NOPE-99'"),
])
def test_a_bad_cell_refuses_the_import_and_writes_nothing(built, column, value, said):
    register = built / "out" / REGISTER
    config = built / "briefing.yaml"
    _edit(register, {("R-BLOCK-01", C.NOTE): "함께 고친 칸", ("R-BLOCK-01", column): value})
    before = config.read_bytes()
    result = run_cli("register", "import", str(register), "-c", str(config), cwd=built)
    assert_handled(result)
    assert result.exit_code == 2
    assert str(register) in result.output and "sheet 'Register' row " in result.output
    assert said in result.output and f"column '{column}'" in result.output and "row " in result.output
    assert config.read_bytes() == before


def test_without_openpyxl_the_build_refuses_before_writing(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("No module named 'openpyxl'")
        return real(name, *args, **kwargs)

    (tmp_path / "briefing.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"), "--xlsx", cwd=tmp_path)
    assert_handled(result)
    assert result.exit_code == 2 and "openpyxl" in result.output and "briefing[register]" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize(("cell", "amount"), [
    (30000000, 30_000_000), ("30,000,000원", 30_000_000), ("3,000만 원", 30_000_000), ("3천만 원", 30_000_000),
    ("1억 2천만 원", 120_000_000), ("₩5,000", 5000), ("많이", None), ("3,00만", None), (-1, None),
])
def test_amounts_as_people_type_them(cell, amount):
    assert C.won(cell) == amount


def test_amounts_written_back_as_people_write_them():
    assert [C.won_text(a) for a in (30_000_000, 120_000_000, 5000)] == ["3,000만 원", "1억 2,000만 원", "5,000원"]


def test_the_readme_commands_work_verbatim(tmp_path):
    from test_readme import run_readme_commands

    work, command, proc = run_readme_commands("## Tracking progress in Excel", tmp_path)
    assert list((work / "acme" / "briefs").glob("*_register_ko-en.xlsx"))
    assert command.startswith("briefing list") and "2.6.7" in proc.stdout and "R-BLOCK-01" in proc.stdout
