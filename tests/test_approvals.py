"""The approval block (결재란) on the cover: document.approvals in the run config."""
from __future__ import annotations

import docx
import pytest

from briefing.run.pdf import docx_to_pdf
from conftest import assert_handled, assert_valid_docx, run_cli, soffice

CONFIG = """\
organization:
  name: 한빛금융
  name_en: Hanbit Financial
document:
  date: 2025-02-20
  approvals:
    - {role: 담당, role_en: Officer, name: 김지현, name_en: Kim Ji-hyun, date: 2025-02-18}
    - {role: 팀장, role_en: Team lead, name: 이서준, name_en: Lee Seo-jun}
    - {role: 본부장, role_en: Head of division}
    - {role: CISO, name: 박민수, name_en: Park Min-su}
audiences: [board]
languages: [ko, en]
"""


def _approval_table(path):
    d = docx.Document(str(path))
    for table in d.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][0] in ("결재", "Approval"):
            return rows
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("approvals")
    (folder / "briefing.yaml").write_text(CONFIG, encoding="utf-8")
    result = run_cli("build", "-c", str(folder / "briefing.yaml"), "-q", cwd=folder)
    assert result.exit_code == 0, result.output
    return {lang: next((folder / "briefs").glob(f"*_board_{lang}.docx")) for lang in ("ko", "en")}


def test_korean_cover_has_the_approval_block(built):
    assert_valid_docx(built["ko"])
    assert _approval_table(built["ko"]) == [
        ["결재", "담당", "팀장", "본부장", "CISO"],
        ["성명", "김지현", "이서준", "", "박민수"],
        ["서명", "", "", "", ""],
        ["일자", "2025년 2월 18일", "", "", ""],
    ]


def test_english_brief_has_an_approval_table(built):
    assert_valid_docx(built["en"])
    rows = _approval_table(built["en"])
    assert rows[0] == ["Approval", "Officer", "Team lead", "Head of division", "CISO"]
    assert rows[1] == ["Name", "Kim Ji-hyun", "Lee Seo-jun", "", "Park Min-su"]
    assert rows[2][0] == "Signature" and rows[3] == ["Date", "18 February 2025", "", "", ""]


def test_no_approvals_no_block(tmp_path):
    (tmp_path / "briefing.yaml").write_text(CONFIG.split("  approvals:")[0] + "audiences: [board]\n",
                                            encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"), "-q", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert _approval_table(next((tmp_path / "briefs").glob("*.docx"))) is None


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_block_is_on_the_first_page_in_libreoffice(built):
    pypdf = pytest.importorskip("pypdf")
    import io

    first = pypdf.PdfReader(io.BytesIO(docx_to_pdf(built["ko"].read_bytes(), built["ko"].name))).pages[0]
    text = first.extract_text()
    for word in ("결재", "담당", "팀장", "본부장", "김지현", "서명"):
        assert word in text, word


@pytest.mark.parametrize("entry,expected", [
    ("    - {role: 검토, signer: 김}", "unknown key 'signer'"),
    ("    - {name: 김지현}", "role"),
    ("    - {role: 검토, date: 어제}", "date"),
])
def test_bad_approvals_are_bad_input_naming_the_line(tmp_path, entry, expected):
    text = CONFIG.replace("    - {role: 본부장, role_en: Head of division}", entry)
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "briefing.yaml"), cwd=tmp_path)
    assert_handled(result)
    assert result.exit_code == 2, result.output
    assert "briefing.yaml:9" in result.output and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "briefs").exists() or not list((tmp_path / "briefs").glob("*.docx"))


def test_init_example_carries_an_approval_block(tmp_path):
    result = run_cli("init", str(tmp_path / "acme"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "approvals:" in (tmp_path / "acme" / "briefing.yaml").read_text("utf-8")
    result = run_cli("build", "-c", str(tmp_path / "acme" / "briefing.yaml"), "--audience", "board", "-q",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    rows = _approval_table(next((tmp_path / "acme" / "briefs").glob("*_board_ko.docx")))
    assert rows[0] == ["결재", "작성", "검토", "승인"] and rows[1][1] == "담당자"
