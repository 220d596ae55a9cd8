"""What a new user of `briefing sources` hits first: a built-in id, a PDF's date, how figures
and the list read."""
from __future__ import annotations

import json

import pytest

import ingest_samples as S
from briefing.ingest.figures import as_people_write_it
from briefing.knowledge.loader import load_knowledge
from conftest import assert_handled, run_cli, soffice


def _add(tmp_path, file, sid, *extra):
    return run_cli("sources", "add", str(file), "-k", str(tmp_path / "kb"), "--id", sid, *extra, cwd=tmp_path)


def test_a_built_in_id_is_refused_with_its_title(tmp_path):
    built_in = load_knowledge().sources["pipc-2025-02-17"]
    result = _add(tmp_path, S.write_html(tmp_path / "article.html"), "pipc-2025-02-17", "--date", "2025-02-17")
    assert_handled(result)
    assert result.exit_code == 2
    assert "built-in source" in result.output and built_in.title in result.output and "--replace" in result.output
    assert not (tmp_path / "kb" / "sources.yaml").exists(), "nothing written"


def test_replace_makes_the_users_file_stand_for_a_built_in_source(tmp_path):
    result = _add(tmp_path, S.write_html(tmp_path / "article.html"), "pipc-2025-02-17", "--date", "2025-02-17",
                  "--replace")
    assert result.exit_code == 0, result.output
    merged = load_knowledge([tmp_path / "kb"]).sources["pipc-2025-02-17"]
    assert merged.file == "pipc-2025-02-17.txt"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) makes the sample PDF; it is not installed")
def test_a_pdf_date_note_only_when_the_pdf_gave_the_date(tmp_path):
    pdf = S.write_pdf(tmp_path, soffice())
    given = _add(tmp_path, pdf, "release-a", "--date", "2025-02-17")
    assert given.exit_code == 0, given.output
    assert "creation date" not in given.output
    taken = _add(tmp_path, pdf, "release-b")
    assert taken.exit_code == 0, taken.output
    assert "the PDF's creation date used as the source date" in taken.output


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (20250207, "날짜(YYYYMMDD)", "2025-02-07"),
    (20250200, "연월(YYYYMM00)", "2025-02"),
    (1.2e6, "명", "120만 명"),
    (1.21e6, "명", "121만 명"),
    (3.5e9, "원", "35억 원"),
    (1443e12, "원", "1,443조 원"),
    (5000, "명", "5,000 명"),
    (17, "%", "17%"),
    (1e26, "FLOPS", "10²⁶ FLOPS"),
    (0.1, "비율", "0.1 비율"),
])
def test_figures_are_written_as_people_write_them(value, unit, shown):
    assert as_people_write_it(value, unit) == shown


def test_sources_show_prints_dates_and_numbers_readably(tmp_path):
    added = _add(tmp_path, S.write_html(tmp_path / "article.html"), "gasang-2025-02-07")
    assert added.exit_code == 0, added.output
    shown = run_cli("sources", "show", "gasang-2025-02-07", "-k", str(tmp_path / "kb"))
    assert shown.exit_code == 0, shown.output
    figures = [line for line in shown.output.splitlines() if line.strip().startswith("figure:")]
    assert figures, shown.output
    assert not any("e+" in line for line in figures), figures


def test_sources_list_puts_your_sources_first_and_own_shows_only_them(tmp_path):
    assert _add(tmp_path, S.write_html(tmp_path / "article.html"), "gasang-2025-02-07").exit_code == 0
    listed = run_cli("sources", "list", "-k", str(tmp_path / "kb"), "--json")
    rows = json.loads(listed.output)
    assert rows[0]["id"] == "gasang-2025-02-07" and rows[0]["own"] is True
    assert len(rows) > 50 and not any(r["own"] for r in rows[1:])
    own = json.loads(run_cli("sources", "list", "-k", str(tmp_path / "kb"), "--own", "--json").output)
    assert [r["id"] for r in own] == ["gasang-2025-02-07"]
    text = run_cli("sources", "list", "-k", str(tmp_path / "kb"), "--own").output
    assert "yours" in text and "built-in" not in text.split("\n", 1)[1]
