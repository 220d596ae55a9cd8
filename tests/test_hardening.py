"""Untrusted input: every bad config, knowledge file, template or reference document
gets a clean error naming the file, and nothing outside the output folder changes."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, assert_handled, run_cli, run_process

ONE = MINIMAL_CONFIG + "audiences: [developers]\n"
FINDING = """findings:
  - id: F-X-01
    topic: data_leak
    date: 2025-02-10
    confidence: medium
    text: {ko: 점검 결과, en: Audit result}
    citations: [{source: dbr-411, lines: "8"}]
"""
REC = """recommendations:
  - id: R-X-01
    topic: blocking
    audiences: [security]
    priority: high
    owner: {ko: 보안팀, en: Security}
    horizon: 30d
    title: {ko: 제목, en: Title}
    action: {ko: 조치, en: Action}
    rests_on: [F-BLOCK-01]
    review_by: 2026-01-01
"""


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _docx_with(**replace) -> bytes:
    from briefing import resources

    with zipfile.ZipFile(resources.default_reference_docx()) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members.update(replace)
    return _zip(members)


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * (300 * 1024 * 1024) + b">")
        z.writestr("word/styles.xml", b"<styles/>")
    return buf.getvalue()


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(30))

# id: (files to write {path: text or bytes}, extra config text, expected exit code, file the message names)
CASES = {
    # run configs
    "config: billion laughs": ({"c.yaml": ONE + LAUGHS}, None, 2, "c.yaml"),
    "config: nested too deep": ({"c.yaml": ONE + "x: " + "[" * 60 + "]" * 60 + "\n"}, None, 2, "c.yaml"),
    "config: too large": ({"c.yaml": ONE + "# " + "x" * (3 * 1024 * 1024) + "\n"}, None, 2, "c.yaml"),
    "config: CP949 bytes": ({"c.yaml": ONE.encode("cp949")}, None, 2, "c.yaml"),
    "config: python tag": ({"c.yaml": ONE + "x: !!python/name:os.system\n"}, None, 2, "c.yaml"),
    "config: tab indentation": ({"c.yaml": ONE + "output:\n\tdir: x\n"}, None, 2, "c.yaml"),
    "config: absolute file name": ({"c.yaml": ONE.replace("  dir: out", "  dir: out\n  filename: '/etc/{audience}_{lang}.docx'")}, None, 2, "c.yaml"),
    "config: backslash file name": ({"c.yaml": ONE.replace("  dir: out", "  dir: out\n  filename: '..\\\\{audience}_{lang}.docx'")}, None, 2, "c.yaml"),
    "config: placeholder attribute": ({"c.yaml": ONE.replace("  dir: out", "  dir: out\n  filename: '{org.__class__}_{audience}_{lang}.docx'")}, None, 2, "c.yaml"),
    "config: missing templates folder": ({"c.yaml": ONE + "templates: nowhere\n"}, None, 2, "nowhere"),
    "config: missing knowledge folder": ({"c.yaml": ONE + "knowledge: [nowhere]\n"}, None, 2, "nowhere"),
    "config: a folder": ({"c.yaml/x": "x"}, None, 2, "c.yaml"),
    "config: output folder is a file": ({"c.yaml": ONE, "out": "x"}, None, 1, "out"),
    "config: organisation name too long": ({"c.yaml": ONE.replace("테스트상사", "가" * 300)}, None, 2, "c.yaml"),
    # knowledge folders
    "knowledge: unknown source": ({"k/findings.yaml": FINDING.replace("dbr-411", "nope")}, "knowledge: [k]", 2, "findings.yaml"),
    "knowledge: missing ko": ({"k/findings.yaml": FINDING.replace("ko: 점검 결과, ", "")}, "knowledge: [k]", 2, "findings.yaml"),
    "knowledge: bad date": ({"k/findings.yaml": FINDING.replace("2025-02-10", "2025-02-30")}, "knowledge: [k]", 2, "findings.yaml"),
    "knowledge: bad line spec": ({"k/findings.yaml": FINDING.replace('"8"', '"eight"')}, "knowledge: [k]", 2, "findings.yaml"),
    "knowledge: duplicate key": ({"k/findings.yaml": FINDING.replace("    confidence: medium\n", "    confidence: medium\n    confidence: low\n")}, "knowledge: [k]", 2, "findings.yaml"),
    "knowledge: unknown finding": ({"k/recommendations.yaml": REC.replace("F-BLOCK-01", "F-NOPE")}, "knowledge: [k]", 2, "recommendations.yaml"),
    "knowledge: unknown audience": ({"k/recommendations.yaml": REC.replace("[security]", "[ceo]")}, "knowledge: [k]", 2, "recommendations.yaml"),
    "knowledge: bad priority": ({"k/recommendations.yaml": REC.replace("priority: high", "priority: urgent")}, "knowledge: [k]", 2, "recommendations.yaml"),
    "knowledge: per_audience not listed": ({"k/recommendations.yaml": REC + "    per_audience: {board: {ko: 가, en: a}}\n"}, "knowledge: [k]", 2, "recommendations.yaml"),
    "knowledge: risk out of range": ({"k/topics.yaml": "topics:\n  - {id: blocking, title: {ko: 가, en: a}, summary: {ko: 가, en: a}, risk: {likelihood: 9, impact: 2, rationale: [F-BLOCK-01]}}\n"}, "knowledge: [k]", 2, "topics.yaml"),
    "knowledge: rule to unknown recommendation": ({"k/rules.yaml": "rules:\n  - {id: U-99, verdict: allowed, text: {ko: 가, en: a}, recommendation: R-NOPE}\n"}, "knowledge: [k]", 2, "rules.yaml"),
    "knowledge: not UTF-8": ({"k/findings.yaml": FINDING.encode("euc-kr")}, "knowledge: [k]", 2, "findings.yaml"),
    # templates
    "template: syntax error": ({"t/developers.md.j2": "# {{ brief.title \n"}, "templates: t", 2, "developers.md.j2"),
    "template: undefined variable": ({"t/developers.md.j2": "# {{ brief.titel }}\n"}, "templates: t", 2, "developers.md.j2"),
    "template: __class__": ({"t/developers.md.j2": "{{ brief.__class__ }}\n"}, "templates: t", 2, "developers.md.j2"),
    "template: __globals__": ({"t/developers.md.j2": "{{ tr.__globals__ }}\n"}, "templates: t", 2, "developers.md.j2"),
    "template: reach os": ({"t/developers.md.j2": "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"}, "templates: t", 2, "developers.md.j2"),
    "template: include a system file": ({"t/developers.md.j2": "{% include '/etc/passwd' %}\n"}, "templates: t", 2, "passwd"),
    "template: include outside": ({"t/developers.md.j2": "{% include '../c.yaml' %}\n"}, "templates: t", 2, "c.yaml"),
    "template: huge range": ({"t/developers.md.j2": "{% for i in range(10**9) %}x{% endfor %}\n"}, "templates: t", 2, "developers.md.j2"),
    "template: unknown chart": ({"t/developers.md.j2": "![x](chart:pie/none)\n"}, "templates: t", 2, "developers.md.j2"),
    # reference documents
    "reference: missing": ({}, "reference_docx: nope.docx", 2, "nope.docx"),
    "reference: random bytes": ({"r.docx": b"\x00garbage" * 100}, "reference_docx: r.docx", 2, "r.docx"),
    "reference: encrypted (OLE)": ({"r.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512}, "reference_docx: r.docx", 2, "r.docx"),
    "reference: zip bomb": ({"r.docx": _bomb()}, "reference_docx: r.docx", 2, "r.docx"),
    "reference: zip without Word parts": ({"r.docx": _zip({"hello.txt": b"hi"})}, "reference_docx: r.docx", 2, "r.docx"),
    "reference: broken styles": ({"r.docx": _docx_with(**{"word/styles.xml": b"<w:styles"})}, "reference_docx: r.docx", 2, "r.docx"),
}


def _snapshot(root: Path, skip: Path) -> dict[str, str]:
    out = {}
    for p in root.rglob("*"):
        if p.is_file() and skip not in p.parents and not p.name.startswith(".briefing"):
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_refused_cleanly(tmp_path, case):
    files, extra, code, named = CASES[case]
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if "c.yaml" not in files and "c.yaml/x" not in files:
        (tmp_path / "c.yaml").write_text(ONE + (extra + "\n" if extra else ""), encoding="utf-8")
    before = _snapshot(tmp_path, tmp_path / "out")
    result = run_cli("build", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path)
    assert result.exit_code == code, result.output + repr(result.exception)
    assert_handled(result)
    assert named in result.stderr, result.stderr
    assert result.stderr.startswith("error: ")
    assert _snapshot(tmp_path, tmp_path / "out") == before
    assert not list(tmp_path.rglob("*.docx")) or case.startswith("reference")


# One case of each kind, in a real process as cron runs it: the message, the exit code, and no
# traceback or "internal error" (which is what an unexpected exception turns into there).
IN_A_PROCESS = ["config: python tag", "config: missing templates folder", "knowledge: unknown finding",
                "template: reach os", "template: unknown chart", "reference: zip bomb", "config: output folder is a file"]


@pytest.mark.parametrize("case", IN_A_PROCESS)
def test_bad_input_in_a_real_process_gives_no_traceback(tmp_path, case):
    files, extra, code, named = CASES[case]
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if "c.yaml" not in files:
        (tmp_path / "c.yaml").write_text(ONE + (extra + "\n" if extra else ""), encoding="utf-8")
    proc = run_process("build", "c.yaml", cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: ") and named in proc.stderr


def test_control_characters_are_removed_not_fatal(tmp_path):
    (tmp_path / "c.yaml").write_text(ONE.replace("테스트상사", '"테스트\\x01상사\\x0b"'), encoding="utf-8")
    result = run_cli("build", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    from conftest import assert_valid_docx, docx_text

    (out,) = (tmp_path / "out").glob("*.docx")
    assert_valid_docx(out)
    assert "테스트상사" in docx_text(out)


def test_check_reports_every_problem_with_file_and_line(tmp_path):
    k = tmp_path / "k"
    k.mkdir()
    (k / "findings.yaml").write_text(FINDING.replace("dbr-411", "nope"), encoding="utf-8")
    (k / "recommendations.yaml").write_text(REC.replace("[security]", "[ceo]"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(ONE + "knowledge: [k]\n", encoding="utf-8")
    result = run_cli("check", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path)
    assert result.exit_code == 2
    assert f"{k / 'findings.yaml'}:2:" in result.stderr and f"{k / 'recommendations.yaml'}:2:" in result.stderr
    assert "2 problem(s)" in result.stderr


def test_symlink_pointing_out_of_the_output_folder_is_not_followed(tmp_path):
    (tmp_path / "c.yaml").write_text(ONE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "2025-03-01_developers_ko.docx").symlink_to(victim)
    result = run_cli("build", "-c", str(tmp_path / "c.yaml"), cwd=tmp_path)
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert victim.read_text() == "keep me"
