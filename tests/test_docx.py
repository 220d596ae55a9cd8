"""Read the default briefs back and check what a reader and Word would check."""
from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn

from briefing.brief.select import select_brief
from briefing.knowledge.config import load_config
from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.timeline import knowledge_as_of
from conftest import AUDIENCES, LANGS, assert_valid_docx, docx_text, edition_of, part_xml, run_cli

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
BRIEFS = [(a, l) for a in AUDIENCES for l in LANGS]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_every_brief_passes_the_word_validator(default_build, audience, lang):
    assert_valid_docx(default_build[audience, lang])


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_every_brief_covers_all_four_topics(default_build, kb, audience, lang):
    text = docx_text(default_build[audience, lang])
    for topic in ("korean_models", "data_leak", "blocking", "open_source"):
        title = kb.topics[topic].title.get(lang)
        assert title in text, f"{audience}/{lang} does not mention {title}"


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_recommendation_table_lists_every_recommendation_with_cited_findings(default_build, kb, audience, lang):
    d = docx.Document(str(default_build[audience, lang]))
    rec_tables = [t for t in d.tables if t.rows[0].cells[0].text.strip() in ("ID", "☐")]
    assert rec_tables, "no recommendation table"
    rows = {}
    for t in rec_tables:
        id_col = 0 if t.rows[0].cells[0].text.strip() == "ID" else 1
        for row in t.rows[1:]:
            rows.setdefault(row.cells[id_col].text.strip(), row)
    # The edition shows what was known on its date (briefing.knowledge.timeline).
    kb = knowledge_as_of(kb, edition_of(default_build[audience, lang]))
    from briefing.knowledge.sectors import applies

    industry = load_config(None).config.organization.industry  # sector rules: only this industry's items
    expected = {rid for rid, r in kb.recommendations.items() if audience in r.audiences and applies(r.sectors, industry)}
    assert expected <= set(rows), f"missing: {sorted(expected - set(rows))}"
    for rid in expected:
        rec = kb.recommendations[rid]
        assert rec.rests_on and all(kb.findings[f].citations for f in rec.rests_on)
        action_cell = rows[rid].cells[2 if rows[rid].cells[0].text.strip() == "☐" else 1]
        refs = action_cell._tc.findall(".//" + qn("w:footnoteReference"))
        # A source line cited earlier is referred back to (NOTEREF) rather than footnoted again.
        back_refs = [t for t in action_cell._tc.iter(qn("w:instrText")) if "NOTEREF _RefFn" in (t.text or "")]
        assert refs or back_refs, f"{rid}: the action is not footnoted to its sources"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_english_briefs_have_no_hangul_before_the_sources(default_build, audience):
    text = docx_text(default_build[audience, "en"])
    body = text.split("\nSources\n")[0]
    found = sorted(set(HANGUL.findall(body)))
    assert not found, f"Hangul in the English {audience} brief: {''.join(found)} " + \
        str([line for line in body.splitlines() if HANGUL.search(line)][:3])


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_korean_fonts_and_language_are_set(default_build, audience, lang):
    styles = part_xml(default_build[audience, lang], "word/styles.xml")
    assert styles.count("eastAsiaTheme") == 0  # count(): a failing `in` on 300 kB would diff forever
    d = docx.Document(str(default_build[audience, lang]))
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "맑은 고딕"
    lang_el = defaults.find(qn("w:lang"))
    # Latin text is English in both languages; Korean is the East Asian language.
    assert lang_el.get(qn("w:val")) == "en-US"
    assert lang_el.get(qn("w:eastAsia")) == "ko-KR"
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Footnote Text", "Table Text"):
        fonts = d.styles[name].element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), name


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_header_and_footer_carry_classification_and_page_fields(default_build, audience, lang):
    path = default_build[audience, lang]
    header, footer = part_xml(path, "word/header1.xml"), part_xml(path, "word/footer1.xml")
    classification = "대외비" if lang == "ko" else "Confidential"
    assert classification in header and classification in footer
    for field in ("PAGE", "NUMPAGES"):
        assert re.search(rf"<w:instrText[^>]*> {field} </w:instrText>", footer), field
    # begin / instr / separate / cached result / end: Word repairs fields without a cached result.
    assert footer.count('w:fldCharType="begin"') == footer.count('w:fldCharType="separate"') \
        == footer.count('w:fldCharType="end"') == 2
    assert "{" not in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", header + footer))


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_citations_are_real_footnotes_naming_the_source(default_build, kb, audience, lang):
    path = default_build[audience, lang]
    document, notes = part_xml(path, "word/document.xml"), part_xml(path, "word/footnotes.xml")
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', document)
    assert len(refs) >= 10
    note_ids = set(re.findall(r'<w:footnote w:id="(\d+)">', notes))
    assert set(refs) == note_ids
    outlets = [s.outlet.get(lang) for s in kb.sources.values()]
    assert any(o in notes for o in outlets)
    assert re.search(r"\d+행" if lang == "ko" else r"l\. \d+", notes)


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_tables_repeat_their_header_row(default_build, audience, lang):
    d = docx.Document(str(default_build[audience, lang]))
    assert d.tables
    for t in d.tables:
        assert t.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
        assert t.style.name == "Brief Table"


@pytest.mark.parametrize("lang", LANGS)
def test_board_brief_has_charts_with_alt_text(default_build, lang):
    d = docx.Document(str(default_build["board", lang]))
    shapes = d.inline_shapes
    assert len(shapes) >= 2
    descriptions = [s._inline.docPr.get("descr") for s in shapes]
    assert all(descriptions)
    assert any("493" in desc or "4.93" in desc for desc in descriptions), descriptions
    text = docx_text(default_build["board", lang])
    assert ("와이즈앱" if lang == "ko" else "WiseApp") in text  # the chart's source line


@pytest.mark.parametrize("lang", LANGS)
def test_board_brief_lists_decisions_and_bottom_line(default_build, lang):
    text = docx_text(default_build["board", lang])
    assert ("4. 요청 사항" if lang == "ko" else "Decisions requested") in text
    assert ("핵심 요약" if lang == "ko" else "Bottom line up front") in text


@pytest.mark.parametrize("audience", ["security", "developers"])
def test_long_briefs_have_a_filled_table_of_contents(default_build, audience):
    path = default_build[audience, "ko"]
    document = part_xml(path, "word/document.xml")
    assert re.search(r"<w:instrText[^>]*> TOC ", document)
    d = docx.Document(str(path))
    toc = [p.text.split("\t")[0] for p in d.paragraphs if p.style.name == "TOC 1"]
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert toc == headings and len(toc) >= 4
    assert 'w:updateFields w:val="true"' in part_xml(path, "word/settings.xml")


def test_security_brief_is_a_checklist_with_owners_and_due_dates(default_build):
    d = docx.Document(str(default_build["security", "ko"]))
    checklists = [t for t in d.tables if t.rows[0].cells[0].text.strip() == "☐"]
    assert checklists
    header = [c.text for c in checklists[0].rows[0].cells]
    assert "담당" in header and "완료 기한" in header
    for row in checklists[0].rows[1:]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}( \(기한 경과\))?", row.cells[4].text.strip())


def test_developers_brief_says_allowed_and_not_allowed(default_build):
    text = docx_text(default_build["developers", "ko"])
    assert "허용" in text and "금지" in text
    text_en = docx_text(default_build["developers", "en"])
    assert "Allowed" in text_en and "Not allowed" in text_en


@pytest.mark.parametrize("audience,lang", BRIEFS)
def test_core_properties_are_filled_from_the_config(default_build, audience, lang):
    path = default_build[audience, lang]
    props = docx.Document(str(path)).core_properties
    assert props.title and props.subject and props.keywords
    assert props.author == ("정보보호최고책임자(CISO)" if lang == "ko" else "Chief Information Security Officer (CISO)")
    assert props.language == ("ko-KR" if lang == "ko" else "en-US")
    assert props.created.date() == edition_of(path) == props.modified.date()


def test_priority_is_shown_by_word_and_colour(default_build):
    d = docx.Document(str(default_build["board", "ko"]))
    styled = [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
              if r.style is not None and r.style.name.startswith("Priority ")]
    assert styled and {r.text for r in styled} <= {"긴급", "높음", "보통", "낮음"}
    assert d.styles["Priority Critical"].font.color.rgb is not None


def test_identical_inputs_give_identical_bytes(tmp_path):
    outputs = []
    for n in (1, 2):
        result = run_cli("build", "-o", str(tmp_path / f"run{n}"), "--lang", "ko", "--lang", "en", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / f"run{n}").glob("*.docx"))})
    assert len(outputs[0]) == 6
    assert outputs[0] == outputs[1]


def test_a_different_reference_document_restyles_the_brief(tmp_path):
    ref = docx.Document()
    h1 = ref.styles["Heading 1"]
    h1.font.name = "Georgia"
    h1.font.color.rgb = docx.shared.RGBColor(0x80, 0x00, 0x40)
    section = ref.sections[0]
    section.page_width, section.page_height = docx.shared.Mm(215.9), docx.shared.Mm(279.4)
    ref.sections[0].header.paragraphs[0].text = "ACME {classification} {org}"
    ref_path = tmp_path / "acme.docx"
    ref.save(str(ref_path))
    result = run_cli("build", "--reference-docx", str(ref_path), "-o", str(tmp_path / "out"), "--audience", "board",
                     "--as-of", "2025-02-20", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "2025-02-20_board_ko.docx"
    assert_valid_docx(out)
    built = docx.Document(str(out))
    assert built.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0x80, 0x00, 0x40)
    assert built.styles["Heading 1"].font.name == "Georgia"
    assert abs(built.sections[0].page_width - docx.shared.Mm(215.9)) < docx.shared.Mm(1)
    assert "ACME 대외비 한빛금융" in part_xml(out, "word/header1.xml").replace("</w:t></w:r><w:r><w:t xml:space=\"preserve\">", "")
    # Styles the company file lacks come from the built-in reference, with its formatting, and are used.
    from briefing import resources

    builtin = docx.Document(str(resources.default_reference_docx())).styles["Summary"]
    summary = built.styles["Summary"]
    ppr = qn("w:pPr")
    assert summary.element.find(ppr) is not None
    assert summary.element.find(ppr).xml == builtin.element.find(ppr).xml  # left rule, shading, spacing
    assert summary.font.size == builtin.font.size
    assert any(p.style.name == "Summary" and p.text.strip() for p in built.paragraphs)


def test_a_reference_document_with_its_own_footnotes_gets_the_briefs_notes(tmp_path, default_build):
    # Every file Word saves has a footnotes part; a brief built on such a file must carry
    # its own notes, not the reference's.
    ref_path = default_build[("board", "ko")]
    edition = edition_of(default_build[("security", "ko")]).isoformat()
    result = run_cli("build", "--reference-docx", str(ref_path), "-o", str(tmp_path / "out"),
                     "--audience", "security", "--as-of", edition, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / f"{edition}_security_ko.docx"
    assert_valid_docx(out)
    notes = part_xml(out, "word/footnotes.xml")
    assert notes == part_xml(default_build[("security", "ko")], "word/footnotes.xml")
    assert notes != part_xml(ref_path, "word/footnotes.xml")
    ids = set(re.findall(r'<w:footnoteReference w:id="(\d+)"/>', part_xml(out, "word/document.xml")))
    assert ids and ids <= set(re.findall(r'<w:footnote w:id="(\d+)"', notes))


def test_excluded_recommendations_are_absent(tmp_path, tmp_config, kb):
    victim = sorted(r for r in kb.recommendations if "board" in kb.recommendations[r].audiences)[0]
    config = tmp_config(f"organization: {{name: 테스트상사}}\ndocument: {{date: 2025-03-01}}\n"
                        f"audiences: [board]\nexclude: [{victim}]\noutput: {{dir: out}}\n")
    result = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "2025-03-01_board_ko.docx")
    assert victim not in text
    assert "테스트상사" in text


def test_low_confidence_findings_are_marked_as_reported(kb):
    low = [f for f in kb.findings.values() if f.confidence == "low"]
    assert low, "the knowledge base should keep weak claims visible as low-confidence findings"
    loaded = load_config(None)
    brief = select_brief(loaded, kb, "security", "ko")
    from briefing import resources
    from briefing.render.markdown import MarkdownRenderer

    md = MarkdownRenderer(resources.templates_dir()).render(brief)
    shown = [f for f in low if f.text.ko[:15] in md.replace("\\", "")]
    assert shown
    for f in shown:
        line = next(l for l in md.replace("\\", "").splitlines() if f.text.ko[:15] in l)
        assert "보도된 주장" in line
