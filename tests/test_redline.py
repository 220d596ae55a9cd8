"""Tracked changes against the previous edition: `build --redline` / output.redline.

The redline is checked by applying its marks to the XML, as Word's "accept all" and
"reject all" do: accepting gives the new edition's text, rejecting the previous edition's
as it was published (the DOCX in the folder), paragraph by paragraph. Footnote
references, fields and the table of contents are never marked and stay out of the
comparison (Word renumbers and recomputes them).
"""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from briefing.run.pdf import docx_to_pdf
from conftest import assert_valid_docx, run_cli, soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BRIEFS = [("board", "ko"), ("security", "en"), ("developers", "ko")]


def q(local: str) -> str:
    return f"{{{W}}}{local}"


def _body(path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(q("body"))


def resolve(body, accept: bool):
    """The body after Word's "accept all changes" (accept) or "reject all changes"."""
    body = copy.deepcopy(body)
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for row in list(body.iter(q("tr"))):
        trpr = row.find(q("trPr"))
        if trpr is not None and trpr.find(q(drop)) is not None:
            row.getparent().remove(row)
    for p in list(body.iter(q("p"))):
        if p.find(f"{q('pPr')}/{q('rPr')}/{q(drop)}") is None:
            continue
        for el in list(p.iter(q(drop))):
            el.getparent().remove(el)
        rest = [c for c in p if c.tag != q("pPr")]
        following = p.getnext()
        if rest and following is not None and following.tag == q("p"):  # what is left joins the next paragraph
            at = 1 if following.find(q("pPr")) is not None else 0
            for child in reversed(rest):
                following.insert(at, child)
        p.getparent().remove(p)
    for el in list(body.iter(q(drop))):
        el.getparent().remove(el)
    for el in list(body.iter(q(keep))):
        parent = el.getparent()
        if parent.tag in (q("rPr"), q("trPr")):
            parent.remove(el)
            continue
        at = parent.index(el)
        for child in list(el):
            parent.insert(at, child)
            at += 1
        parent.remove(el)
    for t in body.iter(q("delText")):
        t.tag = q("t")
    return body


def texts(body) -> list[str]:
    """Each paragraph's text, fields (their codes and results) and the table of contents left out."""
    out = []
    for p in body.iter(q("p")):
        style = p.find(f"{q('pPr')}/{q('pStyle')}")
        if style is not None and style.get(q("val")).upper().startswith("TOC"):
            continue
        depth, parts = 0, []
        for run in p.iter(q("r")):
            chars = [c.get(q("fldCharType")) for c in run.findall(q("fldChar"))]
            depth += chars.count("begin")
            if not depth and next(run.iterancestors(q("fldSimple")), None) is None:
                parts.extend(t.text or "" for t in run.iter(q("t")))
            depth -= chars.count("end")
        out.append("".join(parts))
    return out


def _build(folder, day, *extra):
    args = ["build", "--as-of", day, "-o", str(folder), "-j", "1", *extra]
    for audience in {a for a, _ in BRIEFS}:
        args += ["--audience", audience]
    result = run_cli(*args, "--lang", "ko", "--lang", "en", cwd=folder.parent)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redline") / "briefs"
    first = _build(folder, "2025-01-31", "--redline", "-v")
    _build(folder, "2025-02-20", "--redline")
    return folder, first


def _paths(folder, audience, lang):
    return (folder / f"2025-01-31_{audience}_{lang}.docx", folder / f"2025-02-20_{audience}_{lang}.docx",
            folder / f"2025-02-20_{audience}_{lang}_redline.docx")


def test_the_first_edition_has_no_redline_and_keeps_its_markdown(series):
    folder, first = series
    assert not list(folder.glob("2025-01-31_*_redline.docx"))
    assert "no redline" in first.output
    kept = folder / "editions" / "board_ko_2025-01-31.md"
    assert kept.is_file() and kept.read_text("utf-8").startswith("---\n")


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_accept_all_gives_the_new_edition_and_reject_all_the_old(series, audience, lang):
    old, new, red = _paths(series[0], audience, lang)
    body = _body(red)
    assert body.find(f".//{q('ins')}") is not None and body.find(f".//{q('del')}") is not None
    assert texts(resolve(body, accept=True)) == texts(_body(new))
    assert texts(resolve(body, accept=False)) == texts(_body(old))
    assert_valid_docx(red)


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_marks_are_words_paragraphs_and_rows_by_briefing_on_the_edition_date(series, audience, lang):
    body = _body(_paths(series[0], audience, lang)[2])
    marks = list(body.iter(q("ins"), q("del")))
    assert {(m.get(q("author")), m.get(q("date"))) for m in marks} == {("briefing", "2025-02-20T00:00:00Z")}
    ids = [m.get(q("id")) for m in marks]
    assert len(ids) == len(set(ids))
    # word level: a paragraph with unmarked text and marked words
    def word_level(p):
        plain = any(t.text.strip() for r in p.findall(q("r")) for t in r.findall(q("t")) if t.text)
        return plain and p.find(q("ins")) is not None or plain and p.find(q("del")) is not None
    assert any(word_level(p) for p in body.iter(q("p")))
    # whole paragraphs: the paragraph mark itself is marked
    assert any(p.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None for p in body.iter(q("p")))


def test_table_rows_are_inserted_or_deleted_whole(series):
    rows = [tr.find(f"{q('trPr')}/{k}") for a, lang in BRIEFS for tr in _body(_paths(series[0], a, lang)[2])
            .iter(q("tr")) for k in (q("ins"), q("del"))]
    assert any(r is not None for r in rows)


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_footnotes_fields_headers_and_contents_are_never_marked(series, audience, lang):
    red = _paths(series[0], audience, lang)[2]
    body = _body(red)
    for mark in body.iter(q("ins"), q("del")):
        for tag in ("footnoteReference", "fldChar", "instrText", "delInstrText", "fldSimple"):
            assert mark.find(f".//{q(tag)}") is None, tag
    for p in body.iter(q("p")):
        style = p.find(f"{q('pPr')}/{q('pStyle')}")
        if style is not None and style.get(q("val")).upper().startswith("TOC"):
            assert p.find(f".//{q('ins')}") is None and p.find(f".//{q('del')}") is None
    with zipfile.ZipFile(red) as z:
        for name in z.namelist():
            if name.startswith("word/") and name != "word/document.xml" and name.endswith(".xml"):
                data = z.read(name)
                assert b"<w:ins " not in data and b"<w:del " not in data, name


def test_the_manifest_lists_the_redline_and_builds_are_deterministic(series, tmp_path):
    folder = series[0]
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    entry = next(o for o in manifest["outputs"] if o["audience"] == "board" and o["lang"] == "ko")
    assert entry["redline"] == "2025-02-20_board_ko_redline.docx"
    copy_ = tmp_path / "briefs"
    shutil.copytree(folder, copy_)
    _build(copy_, "2025-02-20", "--redline")
    for name in ("2025-02-20_board_ko_redline.docx", "2025-02-20_security_en_redline.docx"):
        assert (copy_ / name).read_bytes() == (folder / name).read_bytes(), name


def test_output_redline_in_the_run_config(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text("organization: {name: 테스트상사}\naudiences: [board]\noutput: {dir: out, redline: true}\n",
                      encoding="utf-8")
    for day in ("2025-01-31", "2025-02-20"):
        result = run_cli("build", "-c", str(config), "--as-of", day, "-q", cwd=tmp_path)
        assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").glob("*_redline.docx")] == ["2025-02-20_board_ko_redline.docx"]


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are needed")
def test_libreoffice_opens_it_and_its_pdf_shows_the_deleted_words(series, tmp_path):
    red = _paths(series[0], "board", "en")[2]
    pdf = tmp_path / "red.pdf"
    pdf.write_bytes(docx_to_pdf(red.read_bytes(), red.name))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    deleted = [" ".join("".join(t.text or "" for t in m.iter(q("delText"))).split())
               for m in _body(red).iter(q("del"))]
    deleted = [d for d in deleted if len(d) > 25]
    assert deleted and sum(d[:25] in text for d in deleted) >= len(deleted) // 2, deleted[:3]


def test_if_changed_keeps_the_redline_in_the_manifest(series, tmp_path):
    copy_ = tmp_path / "briefs"
    shutil.copytree(series[0], copy_)
    before = (copy_ / "2025-02-20_board_ko_redline.docx").stat().st_mtime_ns
    _build(copy_, "2025-02-20", "--redline", "--if-changed")
    manifest = json.loads((copy_ / "manifest.json").read_text("utf-8"))
    entry = next(o for o in manifest["outputs"] if o["audience"] == "board" and o["lang"] == "ko")
    assert entry["status"] == "unchanged" and entry["redline"] == "2025-02-20_board_ko_redline.docx"
    assert "2025-02-20_board_ko_redline.docx" not in manifest["stale"]
    assert (copy_ / "2025-02-20_board_ko_redline.docx").stat().st_mtime_ns == before


def test_pruned_versions_take_their_redline_with_them(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text("organization: {name: 테스트상사}\naudiences: [board]\n"
                      "output: {dir: out, redline: true, keep: 1}\n", encoding="utf-8")
    for day in ("2025-01-31", "2025-02-10", "2025-02-20"):
        result = run_cli("build", "-c", str(config), "--as-of", day, "-q", cwd=tmp_path)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "2025-02-20_board_ko.docx", "2025-02-20_board_ko_redline.docx"]
