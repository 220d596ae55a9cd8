"""Open every default brief in LibreOffice (headless PDF conversion) and read the PDF back."""
from __future__ import annotations

import json

import pytest

from briefing.knowledge.loader import load_knowledge
from briefing.run.pdf import docx_to_pdf
from conftest import AUDIENCES, LANGS, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed; "
                                "`.ci/run` installs it so CI never skips these")
pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def pdfs(default_build, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for key, path in default_build.items():
        pdf = folder / (path.stem + ".pdf")
        pdf.write_bytes(docx_to_pdf(path.read_bytes(), path.name))
        out[key] = pdf
    return out


def _read(pdf):
    reader = pypdf.PdfReader(str(pdf))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_keeps_text_org_and_classification(pdfs, audience, lang):
    pages, text = _read(pdfs[audience, lang])
    flat = text.replace(" ", "").replace("\n", "")
    org, classification = ("한빛금융", "대외비") if lang == "ko" else ("HanbitFinancial", "Confidential")
    assert org in flat and classification in flat
    if lang == "ko":
        assert "딥시크" in flat and "권고" in flat
    assert "\ufffd" not in text, "replacement characters: a glyph or encoding was lost"


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_count_fits_the_audience_target(pdfs, audience, lang):
    target = load_knowledge().audiences[audience].length
    pages, _ = _read(pdfs[audience, lang])
    assert target.min_pages <= pages <= target.max_pages, f"{audience}/{lang}: {pages} pages"


def test_every_page_shows_page_x_of_y(pdfs):
    reader = pypdf.PdfReader(str(pdfs["security", "ko"]))
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        assert f"{n} / {total}" in (page.extract_text() or "")


def test_update_fields_fills_the_table_of_contents_with_real_page_numbers(tmp_path):
    from conftest import part_xml, run_cli

    result = run_cli("build", "--audience", "security", "--update-fields", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    (brief,) = (tmp_path / "out").glob("*.docx")
    import re

    cached = re.findall(r"PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
                        r"</w:r><w:r><w:t xml:space=\"preserve\">(\d*)</w:t>", part_xml(brief, "word/document.xml"))
    assert cached and all(cached), cached
    pages = [int(n) for n in cached]
    assert pages == sorted(pages) and pages[0] >= 1
    reader = pypdf.PdfReader(str(_convert(brief)))
    assert pages[-1] <= len(reader.pages)


def test_if_changed_with_pdf_writes_the_pdfs_an_earlier_run_did_not(tmp_path):
    from conftest import run_cli

    out = tmp_path / "out"
    args = ("build", "--audience", "board", "--lang", "en", "-o", str(out))
    assert run_cli(*args, cwd=tmp_path).exit_code == 0
    result = run_cli(*args, "--if-changed", "--pdf", "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)["outputs"]
    assert entry["status"] == "written" and entry["pdf"]
    pages, text = _read(out / entry["pdf"])
    assert pages >= 1 and "Hanbit" in text


def _convert(path):
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(docx_to_pdf(path.read_bytes(), path.name))
    return pdf


@pytest.mark.parametrize("filter_name", ["Office Open XML Text", "MS Word 2007 XML"])
def test_a_reference_saved_by_libreoffice(default_build, tmp_path, filter_name):
    """The README's "Corporate look" done in LibreOffice: a brief saved by it as the reference.
    Its "Office Open XML Text" filter spells the core-properties relationship type its own way;
    the brief must still hold docProps/core.xml once, warn of nothing, and validate."""
    import subprocess
    import warnings
    import zipfile

    from conftest import assert_valid_docx, run_cli

    source = default_build["board", "ko"]
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", f"docx:{filter_name}", "--outdir", str(tmp_path / "saved"), str(source)],
                   check=True, capture_output=True, timeout=180)
    reference = tmp_path / "saved" / source.name
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zipfile's "Duplicate name" warning fails the test
        result = run_cli("-q", "build", "--audience", "board", "--lang", "ko", "-o", str(tmp_path / "out"),
                         "--reference-docx", str(reference))
    assert result.exit_code == 0, result.output + repr(result.exception)
    brief = next((tmp_path / "out").glob("*.docx"))
    with zipfile.ZipFile(brief) as z:
        assert z.namelist().count("docProps/core.xml") == 1
    assert_valid_docx(brief)
