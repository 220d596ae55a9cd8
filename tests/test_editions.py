"""Editions: every brief is true as of its date and says what changed since the last one."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest

from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.timeline import knowledge_as_of, timeline
from conftest import assert_valid_docx, docx_text, part_xml, run_cli

SERIES = ("2025-01-31", "2025-02-10", "2025-02-20", "2025-04-30", "2026-01-31")
AUDIENCES = ("board", "security", "developers")
CHANGED_HEADING = {"ko": "이번 판에서 달라진 점", "en": "What changed since the edition of"}
SOURCES_HEADING = {"ko": "출처", "en": "Sources"}


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    """The DeepSeek episode's editions built one after another into one folder, keeping two DOCX each."""
    base = tmp_path_factory.mktemp("series")
    config = base / "briefing.yaml"
    config.write_text("organization: {name: 한빛금융, name_en: Hanbit Financial}\n"
                      "languages: [ko, en]\noutput: {dir: out, keep: 2}\n", encoding="utf-8")
    for day in SERIES:
        result = run_cli("build", "-c", str(config), "--as-of", day, cwd=base)
        assert result.exit_code == 0, result.output
    return base / "out"


def _records(folder: Path, day: str) -> dict[tuple[str, str], dict]:
    return {(a, lang): json.loads((folder / "editions" / f"{a}_{lang}_{day}.json").read_text(encoding="utf-8"))
            for a in AUDIENCES for lang in ("ko", "en")}


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, tables' cells included, in order."""
    d = docx.Document(str(path))
    out = []
    body = d.element.body
    for el in body.iter():
        if el.tag.endswith("}p"):
            para = docx.text.paragraph.Paragraph(el, d)
            out.append((para.style.name if para.style is not None else "", para.text))
    return out


def _section(path: Path, heading_start: str) -> list[str]:
    """The paragraphs under the first Heading 1 starting with heading_start, up to the next Heading 1."""
    lines, inside = [], False
    for style, text in _paragraphs(path):
        if style == "Heading 1":
            if inside:
                break
            inside = text.startswith(heading_start)
            continue
        if inside and text.strip():
            lines.append(text)
    return lines


def _at_precision(date_text: str, edition: dt.date) -> bool:
    """A source date (YYYY, YYYY-MM or YYYY-MM-DD) is not after the edition, compared at its own precision."""
    parts = date_text.split("-")
    return tuple(map(int, parts)) <= (edition.year, edition.month, edition.day)[: len(parts)]


def test_no_edition_cites_a_source_dated_after_it(series):
    for day in SERIES:
        edition = dt.date.fromisoformat(day)
        for audience in AUDIENCES:
            for lang in ("ko", "en"):
                path = series / f"{day}_{audience}_{lang}.docx" if day in SERIES[-2:] else None
                if path is not None:
                    # The newest DOCX files are kept (keep: 2); read their sources list and footnotes.
                    listed = _section(path, SOURCES_HEADING[lang])
                    assert listed, f"{path.name} has no sources list"
                    notes = re.sub(r"<[^>]+>", " ", part_xml(path, "word/footnotes.xml"))  # each cite has a date
                    dates = re.findall(r"\b(\d{4}(?:-\d{2}){1,2})\b", "\n".join(listed) + notes)
                    assert dates and all(_at_precision(d, edition) for d in dates), (path.name, dates)
                # Every edition's record names the sources it cited, with their dates.
                record = _records(series, day)[audience, lang]
                for sid, source in record["sources"].items():
                    assert _at_precision(source["date"], edition), f"{day} {audience}/{lang} cites {sid}"


def test_the_april_2025_inspection_results_appear_only_from_the_edition_after_them(series):
    kb = load_knowledge()
    pipc = [f for f in kb.findings.values() if any(c.source == "pipc-2025-04-24" for c in f.citations)]
    assert pipc, "the built-in knowledge base has the PIPC inspection results of 24 April 2025"
    for day in SERIES:
        shown = set()
        for audience in AUDIENCES:
            shown |= set(_records(series, day)[audience, "ko"]["findings"])
        expected = dt.date.fromisoformat(day) >= dt.date(2025, 4, 24)
        for f in pipc:
            assert (f.id in shown) == expected, f"{f.id} in the edition of {day}: {f.id in shown}"
    # And in the brief itself: the findings' text is printed in the April edition's security brief.
    text = docx_text(series / "2025-04-30_security_ko.docx")
    assert any(f.text.ko[:40] in text for f in pipc)
    assert not any(f.text.ko[:40] in docx_text(p) for f in pipc for p in series.glob("2025-02-*_*_ko.docx"))


def test_each_later_edition_says_which_recommendations_changed(series):
    from briefing.knowledge.sectors import for_industry

    # the series' organisation names no industry, so it reads only the items without sectors
    kb = for_industry(load_knowledge(), None)
    for older, newer in zip(SERIES, SERIES[1:], strict=False):
        old_kb, new_kb = knowledge_as_of(kb, dt.date.fromisoformat(older)), knowledge_as_of(kb, dt.date.fromisoformat(newer))
        for audience in AUDIENCES:
            before = {r for r, rec in old_kb.recommendations.items() if audience in rec.audiences}
            after = {r for r, rec in new_kb.recommendations.items() if audience in rec.audiences}
            added, removed = after - before, before - after
            if newer not in SERIES[-2:]:
                continue  # older DOCX files were pruned (keep: 2); their records are kept
            for lang in ("ko", "en"):
                path = series / f"{newer}_{audience}_{lang}.docx"
                section = "\n".join(_section(path, CHANGED_HEADING[lang]))
                assert section, f"{path.name} has no 'what changed' section"
                expected_date = dt.date.fromisoformat(older)
                heading = [t for s, t in _paragraphs(path) if s == "Heading 1" and t.startswith(CHANGED_HEADING[lang])]
                assert str(expected_date.year) in heading[0] and str(expected_date.day) in heading[0]
                for rid in added | removed:
                    assert rid in section, f"{path.name}: {rid} is not named in what changed"


def test_the_first_edition_says_it_is_the_first(tmp_path):
    result = run_cli("build", "--as-of", "2025-02-20", "-o", str(tmp_path), "--audience", "board", "--lang", "en",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "2025-02-20_board_en.docx"
    assert_valid_docx(path)
    assert "This is the first edition" in docx_text(path)
    assert not [t for s, t in _paragraphs(path) if s == "Heading 1" and t.startswith("What changed")]


def test_retention_keeps_every_edition_record_and_diff_reads_them(series):
    assert sorted(p.name for p in series.glob("*_board_ko.docx")) == [f"{d}_board_ko.docx" for d in SERIES[-2:]]
    assert len(list((series / "editions").glob("*.json"))) == len(SERIES) * 6
    result = run_cli("diff", "-o", str(series), SERIES[2], SERIES[3], "--audience", "board", "--lang", "ko")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"board/ko: edition {SERIES[2]} -> {SERIES[3]}")
    assert "+ finding" in result.output and "+ source pipc-2025-04-24" in result.output
    as_json = run_cli("diff", "-o", str(series), SERIES[2], SERIES[3], "--json")
    assert as_json.exit_code == 0
    diffs = json.loads(as_json.stdout)
    assert {(d["audience"], d["lang"]) for d in diffs} == {(a, lang) for a in AUDIENCES for lang in ("ko", "en")}
    board = next(d for d in diffs if d["audience"] == "board" and d["lang"] == "ko")
    assert board["from"] == SERIES[2] and board["to"] == SERIES[3]
    assert "pipc-2025-04-24" in board["sources"]["added"]


def test_diff_between_two_folders_and_with_one_date(series, tmp_path):
    other = tmp_path / "other"
    assert run_cli("build", "--as-of", SERIES[0], "-o", str(other), "--lang", "ko").exit_code == 0
    result = run_cli("diff", str(other), str(series), "--audience", "security")
    assert result.exit_code == 0, result.output
    assert f"security/ko: edition {SERIES[0]} -> {SERIES[-1]}" in result.output
    one = run_cli("diff", SERIES[-1], "-o", str(series), "--audience", "developers", "--lang", "en")
    assert one.exit_code == 0 and f"edition {SERIES[-2]} -> {SERIES[-1]}" in one.output


def test_diff_with_an_unknown_date_names_the_folder_and_the_editions_it_has(series):
    result = run_cli("diff", "-o", str(series), "2024-01-01", SERIES[1])
    assert result.exit_code == 2
    assert str(series) in result.stderr and "no edition dated 2024-01-01" in result.stderr
    assert SERIES[0] in result.stderr and "Traceback" not in result.stderr


def _extra_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "sources.yaml").write_text(
        "sources:\n  - id: t-src\n    title: 시험 자료\n    outlet: {ko: 시험 매체, en: Test outlet}\n"
        "    date: 2026-01-22\n    kind: report\n", encoding="utf-8")
    (folder / "findings.yaml").write_text(
        "findings:\n"
        "  - id: F-T-01\n    topic: context\n    date: 2025-01-21\n    confidence: high\n"
        "    text: {ko: 시험용 법이 공포되어 시행 예정이다., en: The test act was promulgated and is to take effect.}\n"
        "    citations: [{source: newhist}]\n"
        "  - id: F-T-02\n    topic: context\n    date: 2026-01-22\n    confidence: high\n    supersedes: F-T-01\n"
        "    text: {ko: 시험용 법이 시행되고 있다., en: The test act is in force.}\n"
        "    citations: [{source: t-src}]\n", encoding="utf-8")
    return folder


def test_a_newer_finding_replaces_the_one_it_supersedes_and_the_older_stays_in_the_timeline(tmp_path):
    kb = load_knowledge([_extra_folder(tmp_path)])
    before = knowledge_as_of(kb, dt.date(2025, 12, 31))
    after = knowledge_as_of(kb, dt.date(2026, 2, 1))
    assert "F-T-01" in before.findings and "F-T-02" not in before.findings and "t-src" not in before.sources
    assert "F-T-02" in after.findings and "F-T-01" not in after.findings
    assert {"F-T-01", "F-T-02"} <= {f.id for f in timeline(kb, dt.date(2026, 2, 1))}


def test_supersedes_is_checked(tmp_path):
    folder = _extra_folder(tmp_path)
    text = (folder / "findings.yaml").read_text(encoding="utf-8")
    (folder / "findings.yaml").write_text(text.replace("supersedes: F-T-01", "supersedes: F-T-99"), encoding="utf-8")
    config = tmp_path / "briefing.yaml"
    config.write_text("organization: {name: 시험}\nknowledge: [extra]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(config))
    assert result.exit_code == 2
    assert f"{folder / 'findings.yaml'}:" in result.stderr and "supersedes unknown finding 'F-T-99'" in result.stderr


def test_if_changed_rebuilds_when_an_earlier_edition_appears(tmp_path):
    def build(*extra):
        result = run_cli("build", "-o", str(tmp_path), "--audience", "board", "--lang", "ko", "--if-changed",
                         "--json", *extra)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["outputs"][0]

    assert build("--as-of", "2026-01-31")["status"] == "written"
    assert build("--as-of", "2026-01-31")["status"] == "unchanged"
    assert build("--as-of", "2025-04-30")["status"] == "written"
    # The January 2026 edition now has an earlier one to compare with: its brief changes.
    again = build("--as-of", "2026-01-31")
    assert again["status"] == "written"
    assert "What changed" in docx_text(tmp_path / again["path"]) or "달라진 점" in docx_text(tmp_path / again["path"])
    assert build("--as-of", "2026-01-31")["status"] == "unchanged"


def test_a_new_subject_builds_from_its_own_knowledge_folder_with_no_deepseek_in_it(tmp_path):
    """The next AI event is a knowledge folder, not code: `init --new-event` starts one."""
    result = run_cli("init", str(tmp_path / "event"), "--new-event")
    assert result.exit_code == 0, result.output
    config = tmp_path / "event" / "briefing.yaml"
    assert (tmp_path / "event" / "knowledge" / "event.yaml").is_file()
    result = run_cli("build", "-c", str(config), "--as-of", "2026-03-31", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "event" / "briefs"
    built = sorted(out.glob("*.docx"))
    assert len(built) == 6
    for path in built:
        assert_valid_docx(path)
        text = docx_text(path)
        props = docx.Document(str(path)).core_properties
        assert "딥시크" not in text and "DeepSeek" not in text and "DeepSeek" not in props.keywords
        ko = "_ko." in path.name
        assert props.title.startswith("신규 AI 서비스(예시) 대응" if ko else "Response to a new AI service (example)")
        # Its own topics (ids the built-in knowledge base lacks) give the sections; the
        # developers' guide shows only the topic its actions rest on (brief.basis).
        assert ("임직원 이용과 노출(예시)" if ko else "Staff use and exposure (example)") in text
        if "_developers_" not in path.name:
            assert ("통제 방안(예시)" if ko else "Controls (example)") in text
    board = docx.Document(str(out / "2026-03-31_board_ko.docx"))
    pictures = board.element.body.findall(".//" + "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    alts = [p.get("descr", "") for p in pictures]
    assert any("사내 생성형 AI 서비스별 이용자 수" in a and "신규 서비스 45명" in a for a in alts), alts


def _readme_block(after: str) -> list[str]:
    """The command lines of the first ```sh block after the heading `after` in README.md."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = text[text.index(after):].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_the_readmes_edition_series_commands_work_verbatim(tmp_path):
    import os
    import subprocess
    import sys

    commands = _readme_block("## Editions: true as of their date")
    assert commands[0].startswith("for d in 2025-01-31") and any(c.startswith("briefing diff") for c in commands)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    outputs = []
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, (command, done.stderr)
        outputs.append(done.stdout)
    series = tmp_path / "deepseek-series"
    today = dt.date.today().isoformat()
    assert (series / f"{today}_board_ko.docx").is_file() and (series / "2025-01-31_developers_en.docx").is_file()
    assert "board/ko: edition 2025-02-20 -> 2025-04-30" in outputs[2]
    newest = json.loads(outputs[3])
    assert newest and all(d["to"] == today and d["from"] == "2026-01-31" for d in newest)


def test_a_batch_of_organisations_records_each_ones_editions_in_its_own_folder(tmp_path):
    configs = []
    for name in ("alpha", "beta"):
        config = tmp_path / f"{name}.yaml"
        config.write_text(f"organization: {{name: {name}}}\ndocument: {{date: 2025-04-30}}\n"
                          f"audiences: [board]\noutput: {{dir: {name}}}\n", encoding="utf-8")
        configs.append(config)
    result = run_cli("build", "-c", str(configs[0]), "-c", str(configs[1]), "--jobs", "2", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    for name in ("alpha", "beta"):
        manifest = json.loads((tmp_path / name / "manifest.json").read_text(encoding="utf-8"))
        assert [o["record"] for o in manifest["outputs"]] == ["editions/board_ko_2025-04-30.json"]
        record = json.loads((tmp_path / name / "editions" / "board_ko_2025-04-30.json").read_text(encoding="utf-8"))
        assert record["edition"] == "2025-04-30" and record["recommendations"]


def test_dated_rules_and_summary_lines_appear_only_in_their_window(tmp_path):
    folder = _extra_folder(tmp_path)
    kb = load_knowledge([folder])
    rule_id, rule = next(iter(kb.rules.items()))
    board = kb.audiences["board"]
    early = dataclasses.replace(board.summary[0], until=dt.date(2026, 1, 22))
    late = dataclasses.replace(board.summary[0], date=dt.date(2026, 1, 22))
    kb = dataclasses.replace(
        kb, rules={**kb.rules, rule_id: dataclasses.replace(rule, date=dt.date(2026, 1, 22))},
        audiences={**kb.audiences, "board": dataclasses.replace(board, summary=[early, late])})
    before, after = knowledge_as_of(kb, dt.date(2026, 1, 21)), knowledge_as_of(kb, dt.date(2026, 1, 22))
    assert rule_id not in before.rules and rule_id in after.rules
    assert [line.until for line in before.audiences["board"].summary] == [dt.date(2026, 1, 22)]
    assert [line.date for line in after.audiences["board"].summary] == [dt.date(2026, 1, 22)]


def test_the_board_brief_with_a_what_changed_section_stays_within_its_pages(tmp_path):
    from pypdf import PdfReader

    from conftest import soffice

    if soffice() is None:
        pytest.skip("soffice (LibreOffice) is not installed: the page count cannot be measured")
    base = ("build", "-o", str(tmp_path), "--audience", "board", "--lang", "en", "--lang", "ko")
    assert run_cli(*base, "--as-of", "2025-02-20").exit_code == 0
    result = run_cli(*base, "--pdf")
    assert result.exit_code == 0, result.output
    limit = load_knowledge().audiences["board"].length.max_pages
    for lang in ("en", "ko"):
        pdf = tmp_path / f"{dt.date.today().isoformat()}_board_{lang}.pdf"
        assert CHANGED_HEADING[lang] in docx_text(pdf.with_suffix(".docx"))
        assert len(PdfReader(str(pdf)).pages) <= limit, f"board/{lang}"
