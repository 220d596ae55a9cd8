"""The validator every test relies on finds each defect Word refuses, and passes a good brief."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from ooxml_validator import main, validate


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("brief")
    result = run_cli("-q", "build", "--audience", "board", "--lang", "ko", "-o", "b", cwd=out)
    assert result.exit_code == 0, result.output
    return next((out / "b").glob("*.docx"))


def _rewrite(source: Path, target: Path, part: str, edit) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return target


def test_a_built_brief_passes(brief):
    assert validate(brief) == []


def test_a_schema_violation_is_reported_with_part_and_line(brief, tmp_path):
    bad = _rewrite(brief, tmp_path / "bad.docx", "word/document.xml",
                   lambda xml: xml.replace("<w:body>", "<w:body><w:nonsense/>", 1))
    problems = validate(bad)
    assert problems and all("word/document.xml line" in p for p in problems)
    assert any("nonsense" in p for p in problems)


def test_run_properties_out_of_word_order(brief, tmp_path):
    bad = _rewrite(brief, tmp_path / "order.docx", "word/document.xml",
                   lambda xml: xml.replace("<w:r>", "<w:r><w:rPr><w:sz w:val=\"20\"/><w:b/></w:rPr>", 1))
    assert any("w:b after w:sz" in p for p in validate(bad))


def test_a_dangling_relationship_and_an_empty_cell(brief, tmp_path):
    def edit(xml: str) -> str:
        xml = xml.replace("<w:body>", '<w:body><w:p><w:hyperlink r:id="rId999"/></w:p>', 1)
        start = xml.index("<w:tc>")
        end = xml.index("</w:tc>", start)
        return xml[:start] + "<w:tc><w:tcPr/>" + xml[end:]
    problems = validate(_rewrite(brief, tmp_path / "rels.docx", "word/document.xml", edit))
    assert any("'rId999' names no relationship" in p for p in problems)
    assert any("table cell without a paragraph" in p for p in problems)


def test_a_duplicate_zip_entry(brief, tmp_path):
    bad = tmp_path / "twice.docx"
    shutil.copy(brief, bad)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name", which is the point
        with zipfile.ZipFile(bad, "a") as z:
            z.writestr("docProps/core.xml", z.read("docProps/core.xml"))
    assert any("'docProps/core.xml' appears 2 times" in p for p in validate(bad))


def test_not_a_package(tmp_path, capsys):
    junk = tmp_path / "junk.docx"
    junk.write_text("not a zip", encoding="utf-8")
    assert "not a zip package" in validate(junk)[0]
    assert main([str(junk)]) == 1 and "1 problem" in capsys.readouterr().out
