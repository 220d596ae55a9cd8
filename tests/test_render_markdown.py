"""`briefing render`: the emitted Markdown (front matter and text) is the writer's whole input."""
from __future__ import annotations

import re
import zipfile

import docx
import pytest

from briefing.render.frontmatter import split_front_matter
from conftest import AUDIENCES, LANGS, assert_valid_docx, edition_of, part_xml, run_cli


def _media(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}


@pytest.mark.parametrize("audience,lang", [(a, l) for a in AUDIENCES for l in LANGS])
def test_rendering_the_emitted_markdown_gives_the_builds_bytes(default_build, tmp_path, audience, lang):
    built = default_build[audience, lang]
    out = tmp_path / "again.docx"
    result = run_cli("render", str(built.with_suffix(".md")), "-o", str(out), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == built.read_bytes()


def test_front_matter_carries_what_the_writer_needs(default_build):
    markdown = default_build["board", "ko"].with_suffix(".md").read_text(encoding="utf-8")
    assert markdown.startswith("---\n")
    meta, body = split_front_matter(markdown)
    assert (meta.lang, meta.organization, meta.classification, meta.audience) == ("ko", "한빛금융", "대외비", "board")
    assert meta.date == edition_of(default_build["board", "ko"]) and meta.version == "1.0"
    assert meta.title in body
    assert "kr_weekly_users_2025w4" in meta.series and meta.highlight
    assert [t.likelihood for t in meta.topics if t.likelihood]  # the risk chart's ratings
    props = docx.Document(str(default_build["board", "ko"])).core_properties
    assert props.title == meta.title and props.keywords == ", ".join(meta.keywords)


def test_a_reference_document_renders_the_same_as_in_the_build(tmp_path):
    ref = docx.Document()
    ref.sections[0].footer.paragraphs[0].text = "ACME {classification} {page}/{pages}"
    ref.save(str(tmp_path / "acme.docx"))
    result = run_cli("build", "--reference-docx", str(tmp_path / "acme.docx"), "-o", str(tmp_path / "out"),
                     "--audience", "developers", "--emit-markdown", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    [built] = (tmp_path / "out").glob("*_developers_ko.docx")
    result = run_cli("render", str(built.with_suffix(".md")), "--reference-docx", str(tmp_path / "acme.docx"),
                     "-o", str(tmp_path / "again.docx"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.docx").read_bytes() == built.read_bytes()
    assert "ACME 대외비" in re.sub(r"</w:t></w:r><w:r><w:t[^>]*>", "", part_xml(built, "word/footer1.xml"))


def test_an_edited_front_matter_changes_the_document(default_build, tmp_path):
    source = default_build["board", "en"].with_suffix(".md").read_text(encoding="utf-8")
    edited = source.replace('classification: "Confidential"', 'classification: "Strictly Internal"')
    edited = re.sub(r'"highlight": \[[^\]]*\]', '"highlight": []', edited)
    assert edited.count("Strictly Internal") == 1
    (tmp_path / "edited.md").write_text(edited, encoding="utf-8")
    result = run_cli("render", str(tmp_path / "edited.md"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "edited.docx"
    assert_valid_docx(out)
    assert "Strictly Internal" in part_xml(out, "word/header1.xml")
    assert docx.Document(str(out)).core_properties.category == "Strictly Internal"
    # Without highlight labels the bar chart is drawn all in one colour: other pixels.
    before, after = _media(default_build["board", "en"]), _media(out)
    assert len(before) == len(after) and before != after


@pytest.mark.parametrize("text,expected", [
    ("# Just a heading\n", "no front matter"),
    ("---\ntitle: [unclosed\n---\n\n# x\n", "not valid YAML"),
    ('---\nlang: "fr"\ntitle: "x"\norganization: "o"\ndate: "2025-01-01"\nclassification: "c"\n---\n', "ko or en"),
    ('---\nlang: "ko"\ntitle: "x"\ndate: "2025-01-01"\nclassification: "c"\n---\n', "organization"),
    ('---\nlang: "ko"\ntitle: "x"\norganization: "o"\ndate: "someday"\nclassification: "c"\n---\n', "malformed"),
])
def test_bad_markdown_is_refused_naming_the_file(tmp_path, text, expected):
    source = tmp_path / "bad.md"
    source.write_text(text, encoding="utf-8")
    result = run_cli("render", str(source), cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "bad.md" in result.output and expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "bad.docx").exists()


def test_markdown_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "cp949.md").write_bytes("---\ntitle: 보고서\n---\n".encode("cp949"))
    result = run_cli("render", str(tmp_path / "cp949.md"), cwd=tmp_path)
    assert result.exit_code == 2 and "not UTF-8" in result.output


def test_check_finds_the_chart_problem_build_would_meet(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "board.md.j2").write_text("# {{ brief.title }}\n\n![users](chart:bar/no_such_series)\n",
                                                  encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text("organization: {name: 테스트상사}\naudiences: [board]\ntemplates: tpl\noutput: {dir: out}\n",
                      encoding="utf-8")
    checked = run_cli("check", "-c", str(config), cwd=tmp_path)
    built = run_cli("build", "-c", str(config), cwd=tmp_path)
    for result in (checked, built):
        assert result.exit_code == 2, result.output
        assert "board.md.j2" in result.output and "no_such_series" in result.output
    assert not list(tmp_path.glob("out/*.docx"))


def test_a_hand_saved_copy_with_bom_and_windows_line_ends_renders_the_same(default_build, tmp_path):
    built = default_build["security", "ko"]
    text = built.with_suffix(".md").read_text(encoding="utf-8")
    (tmp_path / "saved.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("render", str(tmp_path / "saved.md"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "saved.docx").read_bytes() == built.read_bytes()


def test_render_update_fields_matches_the_builds_page_numbers(tmp_path):
    from conftest import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    result = run_cli("build", "--audience", "developers", "--update-fields", "--emit-markdown", "-o",
                     str(tmp_path / "out"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    [built] = (tmp_path / "out").glob("*_developers_ko.docx")
    result = run_cli("render", str(built.with_suffix(".md")), "--update-fields", "-o", str(tmp_path / "r.docx"),
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.docx").read_bytes() == built.read_bytes()
    # The table of contents carries page numbers LibreOffice laid out, not empty results.
    pagerefs = re.findall(r"PAGEREF _Toc\d+ \\h </w:instrText>.*?<w:t[^>]*>(\d*)</w:t>",
                          part_xml(built, "word/document.xml"))
    assert pagerefs and all(p.isdigit() for p in pagerefs)
