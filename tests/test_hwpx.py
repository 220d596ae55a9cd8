"""Briefs in Hangul's format (issue 24): every audience in ko and en as HWPX, checked by
python-hwpx's OWPML schema and package validation, and read back by an independent reader
(dochan) to give the very paragraphs, tables and footnotes of the DOCX."""
from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from hwpx_read import as_hangul_shows, docx_content, hwpx_content

from briefing.render.hwpx.body import write_hwpx
from conftest import run_cli

pytest.importorskip("hwpx", reason="the hwpx extra (python-hwpx) is not installed; .ci/run installs it")
pytest.importorskip("dochan", reason="the test extra's HWPX reader (dochan) is not installed")

AUDIENCES = ("board", "security", "developers")
ORG = "organization:\n  name: 테스트상사\n"
BRIEFS = [(a, lang) for a in AUDIENCES for lang in ("ko", "en")]


@pytest.fixture(scope="module")
def hwpx_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("hwpx")
    result = run_cli("build", "--lang", "ko", "--lang", "en", "--hwpx", "--emit-markdown", "--today", "2026-12-07",
                     cwd=out)
    assert result.exit_code == 0, result.output + str(result.exception)
    folder = out / "briefs"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return folder, {(o["audience"], o["lang"]): o for o in manifest["outputs"]}


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def assert_valid_hwpx(path: Path) -> None:
    from hwpx.tools.package_validator import validate_package
    from hwpx.tools.validator import validate_document

    report = validate_document(path.read_bytes())
    assert report.ok and not report.issues, report.issues
    package = validate_package(str(path))
    assert package.ok, package


@pytest.mark.parametrize(("audience", "lang"), BRIEFS)
def test_every_brief_is_valid_owpml(hwpx_build, audience, lang):
    folder, outputs = hwpx_build
    entry = outputs[(audience, lang)]
    assert entry["hwpx"] == Path(entry["path"]).with_suffix(".hwpx").name
    assert_valid_hwpx(folder / entry["hwpx"])


@pytest.mark.parametrize(("audience", "lang"), BRIEFS)
def test_an_independent_reader_finds_what_the_docx_says(hwpx_build, audience, lang):
    folder, outputs = hwpx_build
    entry = outputs[(audience, lang)]
    word = docx_content(folder / entry["path"])
    hangul = hwpx_content(folder / entry["hwpx"])
    assert hangul["paragraphs"] == as_hangul_shows(word)
    assert hangul["tables"] == word["tables"] and len(word["tables"]) >= 2
    assert hangul["footnotes"] == word["footnotes"] and len(word["footnotes"]) > 20
    markdown = (folder / entry["markdown"]).read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', markdown, re.MULTILINE)[1]
    classification = re.search(r'^classification: "(.*)"$', markdown, re.MULTILINE)[1]
    assert title in hangul["header"][0] and classification in hangul["header"][0]
    assert classification in hangul["footer"][0] and " / " in hangul["footer"][0]


@pytest.mark.parametrize(("audience", "lang"), BRIEFS)
def test_hangul_terms_outline_bullets_header_rows_notes_pictures(hwpx_build, audience, lang):
    from hwpx import HwpxDocument

    folder, outputs = hwpx_build
    path = folder / outputs[(audience, lang)]["hwpx"]
    word = docx_content(folder / outputs[(audience, lang)]["path"])
    doc = HwpxDocument.open(str(path))
    names = {p.style_id_ref: doc.styles.get(p.style_id_ref).name for p in doc.paragraphs}
    outline = [p.text for p in doc.paragraphs if names[p.style_id_ref].startswith("개요")]
    typed = [word["paragraphs"][i] for i in word["headings"] if re.match(r"\d+(\.\d+)*\.?\s", word["paragraphs"][i])]
    # Every heading the DOCX numbers is an outline heading whose number Hangul draws.
    assert len(outline) == len(typed) >= 4
    assert all(t.endswith(o.strip()) for o, t in zip(outline, typed, strict=True))
    header = _part(path, "Contents/header.xml")
    numbering = re.search(r"<hh:numbering id=\"1\".*?</hh:numbering>", header)[0]
    assert ">^1.<" in numbering and ">^1.^2<" in numbering
    assert 'char="□"' in header  # 개조식: the first level of bullets
    assert 'face="맑은 고딕"' in header and 'substFont face="함초롬돋움"' in header
    assert header.index("<hh:numberings") < header.index("<hh:bullets") < header.index("<hh:paraProperties")
    section = _part(path, "Contents/section0.xml")
    tables = re.findall(r"<hp:tbl [^>]*>", section)
    assert tables and all('repeatHeader="1"' in t for t in tables)
    assert section.count('header="1"') >= len(tables)
    assert section.count("<hp:footNote ") == len(word["footnotes"])
    assert '<hp:autoNum num="1" numType="PAGE">' in section and 'numType="TOTAL_PAGE"' in section
    page = re.search(r"<hp:pagePr [^>]*>", section)[0]
    assert 'width="59528"' in page and 'height="8418' in page  # A4
    if audience == "board":
        comments = re.findall(r"<hp:shapeComment>([^<]+)</hp:shapeComment>", section)
        assert len(comments) == 2 and all(len(c) > 20 for c in comments)  # the two charts' alt text
        assert len([n for n in zipfile.ZipFile(path).namelist() if n.startswith("BinData/")]) == 2


def test_document_properties(hwpx_build):
    folder, outputs = hwpx_build
    content = _part(folder / outputs[("board", "ko")]["hwpx"], "Contents/content.hpf")
    assert "<opf:title>딥시크(DeepSeek) 대응 이사회 보고서</opf:title>" in content
    assert '<opf:meta name="subject" content="text">한빛금융 · 이사회 보고서</opf:meta>' in content
    assert re.search(r'name="keyword" content="text">DeepSeek, 딥시크', content)
    assert '<opf:meta name="CreatedDate" content="text">2026-12-07T09:00:00Z</opf:meta>' in content
    assert "<opf:language>ko</opf:language>" in content and "synthetic" not in content
    english = _part(folder / outputs[("board", "en")]["hwpx"], "Contents/content.hpf")
    assert "<opf:language>en</opf:language>" in english


def test_same_markdown_same_bytes_and_render_gives_the_build_s_file(hwpx_build, tmp_path):
    folder, outputs = hwpx_build
    entry = outputs[("security", "ko")]
    markdown = (folder / entry["markdown"]).read_text(encoding="utf-8")
    from briefing.render.charts import render_chart

    assert write_hwpx(markdown, render_chart) == write_hwpx(markdown, render_chart)
    target = tmp_path / "again.hwpx"
    result = run_cli("render", str(folder / entry["markdown"]), "--to", "hwpx", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (folder / entry["hwpx"]).read_bytes()
    assert_valid_hwpx(target)
    # The extension alone picks the format.
    result = run_cli("render", str(folder / entry["markdown"]), "-o", str(tmp_path / "by-name.hwpx"))
    assert result.exit_code == 0 and (tmp_path / "by-name.hwpx").read_bytes() == target.read_bytes()


def test_if_changed_keeps_and_remakes_hwpx(tmp_path):
    args = ("build", "--lang", "ko", "--audience", "developers", "--hwpx", "--today", "2026-12-07")
    assert run_cli(*args, cwd=tmp_path).exit_code == 0
    hwpx_file = tmp_path / "briefs" / "2026-12-07_developers_ko.hwpx"
    first = hwpx_file.stat().st_mtime_ns
    result = run_cli(*args, "--if-changed", "--json", cwd=tmp_path)
    entry = json.loads(result.stdout)["outputs"][0]
    assert entry["status"] == "unchanged" and entry["hwpx"] == hwpx_file.name
    assert hwpx_file.stat().st_mtime_ns == first
    hwpx_file.unlink()  # a lost HWPX is made again
    result = run_cli(*args, "--if-changed", "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["outputs"][0]["status"] == "written" and hwpx_file.is_file()
    # A run that no longer asks for HWPX removes the one the earlier run wrote.
    result = run_cli("build", "--lang", "ko", "--audience", "developers", "--today", "2026-12-07", cwd=tmp_path)
    assert result.exit_code == 0 and not hwpx_file.exists()
    assert "this run did not ask for HWPX" in result.output


def test_output_formats_in_the_run_config(tmp_path, tmp_config):
    config = tmp_config(ORG + "audiences: [board]\noutput:\n  dir: out\n  formats: [docx, hwpx]\n")
    result = run_cli("build", "-c", str(config), "--today", "2026-12-07", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*_board_ko.*")) == [
        "2026-12-07_board_ko.docx", "2026-12-07_board_ko.hwpx"]
    # --no-hwpx overrides the config for one run.
    result = run_cli("build", "-c", str(config), "--today", "2026-12-08", "--no-hwpx", cwd=tmp_path)
    assert result.exit_code == 0 and not (tmp_path / "out" / "2026-12-08_board_ko.hwpx").exists()


@pytest.mark.parametrize(("formats", "says"), [("[hwpx]", "formats must list docx"),
                                               ("[docx, pdf]", "hwpx"), ("[docx, docx]", "")])
def test_bad_formats_are_refused_naming_the_line(tmp_path, tmp_config, formats, says):
    config = tmp_config(ORG + f"audiences: [board]\noutput:\n  dir: out\n  formats: {formats}\n")
    result = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{config}:6" in result.output and says in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_missing_python_hwpx_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "hwpx", None)  # import hwpx now fails as if not installed
    result = run_cli("build", "--hwpx", "--today", "2026-12-07", cwd=tmp_path)
    assert result.exit_code == 2
    assert "needs the optional package python-hwpx" in result.output and "briefing[hwpx]" in result.output
    assert result.output.count("error:") == 1
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.hwpx"))
    md = tmp_path / "brief.md"
    md.write_text("---\nlang: ko\n---\n", encoding="utf-8")
    result = run_cli("render", str(md), "--to", "hwpx")
    assert result.exit_code == 2 and "python-hwpx" in result.output and not (tmp_path / "brief.hwpx").exists()


def test_render_to_hwpx_refuses_docx_only_options(hwpx_build, tmp_path):
    folder, outputs = hwpx_build
    md = folder / outputs[("board", "ko")]["markdown"]
    result = run_cli("render", str(md), "--to", "hwpx", "--update-fields", "-o", str(tmp_path / "x.hwpx"))
    assert result.exit_code == 2 and "HWPX takes neither" in result.output
    assert not (tmp_path / "x.hwpx").exists()


def test_a_writer_failure_fails_the_brief_and_writes_nothing_of_it(tmp_path, monkeypatch):
    import briefing.render.hwpx.body as body

    def broken(*args, **kwargs):
        raise KeyError("simulated python-hwpx bug")

    monkeypatch.setattr(body, "write_hwpx", broken)
    result = run_cli("build", "--lang", "ko", "--audience", "board", "--hwpx", "-j", "1", "--today", "2026-12-07",
                     cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "the HWPX writer failed (KeyError" in result.output
    assert not list((tmp_path / "briefs").glob("*_board_ko.*"))


def test_the_readme_hwpx_commands_work_verbatim(tmp_path):
    from test_readme import run_readme_commands

    work, _, _ = run_readme_commands("## Hangul (HWPX) output", tmp_path)
    briefs = work / "acme" / "briefs"
    assert len(list(briefs.glob("*.hwpx"))) == len(list(briefs.glob("*.docx"))) >= 6
    assert (briefs / "latest_board_ko.hwpx").read_bytes() == next(briefs.glob("2*_board_ko.hwpx")).read_bytes()
    manifest = json.loads((briefs / "manifest.json").read_text(encoding="utf-8"))
    assert not manifest["stale"], manifest["stale"]
    made = work / "board.hwpx"
    assert made.read_bytes() == next(briefs.glob("2*_board_ko.hwpx")).read_bytes()
    assert_valid_hwpx(made)


def test_nested_bullets_line_breaks_and_markup_characters_are_written_as_hangul_reads_them(tmp_path):
    """What the six briefs do not exercise: 개조식 bullets four deep, a hard line break, italics,
    characters XML must escape, a link whose address Hangul's field command escapes."""
    from dochan import Dochan

    markdown = (
        '---\ntitle: "시험 & <문서>"\nlang: ko\norganization: "A&B"\nclassification: 대외비\n'
        "date: 2026-12-07\n---\n\n"
        "# 1. 제목 & <특수>\n\n"
        "- 첫째 *기울임*과 **굵게**\\\n  줄바꿈 뒤\n  - 둘째\n    - 셋째\n      - 넷째\n\n"
        "[주소 a?b=1&c=2](https://example.com/a?b=1&c=2#x)\n")
    path = tmp_path / "edge.hwpx"
    path.write_bytes(write_hwpx(markdown))
    assert_valid_hwpx(path)
    header = _part(path, "Contents/header.xml")
    bullets = dict(re.findall(r'<hh:bullet id="(\d+)" char="(.)"', header))
    assert sorted(bullets.values()) == sorted("□○-·")
    section = _part(path, "Contents/section0.xml")
    shapes = {m[1]: m[2] for m in re.finditer(r'<hh:paraPr id="(\d+)".*?<hh:heading type="BULLET" idRef="(\d+)"',
                                              header.replace("</hh:paraPr>", "\n"))}
    used = [bullets[shapes[para]] for para in re.findall(r'<hp:p id="\d+" paraPrIDRef="(\d+)"', section)
            if para in shapes]
    assert used == ["□", "○", "-", "·"]  # one paragraph per item, the bullet by its depth
    assert "<hp:lineBreak/>" in section and "<hh:italic/>" in header
    assert r"https\://example.com/a\?b=1&amp;c=2\#x;1;0;0;" in section
    text = Dochan(str(path)).to_markdown()
    assert "제목 & <특수>" in text and "첫째 *기울임*과 **굵게**" in text and "A&B" in text
    assert "(https://example.com/a?b=1&c=2#x)" in text
