"""`briefing sources add|list|show`: every input format end to end, the drafts' citations,
refusals, and the copy check of `briefing check`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ingest_samples as S
from conftest import MINIMAL_CONFIG, process_env, run_cli, soffice

FURNITURE = ["많이 본 뉴스", "무단 전재", "Copyright", "로그인", "광고 문의", "연예인 결혼", "관련기사"]


def add(tmp_path, file, *extra, sid="src-a", folder="kb"):
    return run_cli("sources", "add", str(file), "-k", str(tmp_path / folder), "--id", sid, "--json", *extra,
                   cwd=tmp_path)


def assert_drafts_cite_their_lines(folder: Path, sid: str, drafts: list[dict]) -> list[str]:
    """Every draft's cited line holds its text and each of its figures."""
    lines = (folder / "sources" / f"{sid}.txt").read_text(encoding="utf-8").splitlines()
    assert drafts
    for d in drafts:
        (cite,) = d["citations"]
        assert cite["source"] == sid
        line = lines[int(cite["lines"]) - 1]
        assert d["text"]["ko"] in line, (d["text"]["ko"], line)
        # The source sentence travels with the draft as its evidence, for when the stored text does not.
        assert cite["evidence"] == [d["text"]["ko"]] and cite["evidence"][0] in line
        for fig in d["figures"]:
            assert fig["label"]["ko"] in line
            assert fig["label"]["ko"] in d["text"]["ko"]
        assert d["status"] == "draft"
    return lines


@pytest.mark.parametrize("fmt", ["text", "cp949", "html", "docx", "hwpx"])
def test_add_every_format_stores_text_and_cited_drafts(tmp_path, fmt):
    writer = {"text": (S.write_text, "a.txt"), "cp949": (S.write_cp949, "a.txt"), "html": (S.write_html, "a.html"),
              "docx": (S.write_docx, "a.docx"), "hwpx": (S.write_hwpx, "a.hwpx")}[fmt]
    src = writer[0](tmp_path / writer[1])
    flags = ["--date", S.DATE] if fmt in ("text", "cp949") else []
    result = add(tmp_path, src, *flags)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    source, drafts = out["source"], out["drafts"]
    assert source["date"] == S.DATE and source["file"] == "src-a.txt" and source["language"] == "ko"
    assert source["title"].startswith(S.TITLE)
    if fmt == "html":
        assert source["outlet"] == {"ko": S.OUTLET, "en": S.OUTLET}
    assert set(out) == {"source", "drafts"}
    assert all(set(d) == {"id", "topic", "text", "citations", "figures", "confidence", "status"} for d in drafts)
    lines = assert_drafts_cite_their_lines(tmp_path / "kb", "src-a", drafts)
    text = "\n".join(lines)
    for junk in FURNITURE:
        if fmt == "html":  # the page's navigation, ranking box, ad and footer never reach the stored text
            assert junk not in text, junk
        assert not any(junk in d["text"]["ko"] for d in drafts), junk
    # One paragraph per line: each body paragraph of the sample is exactly one line.
    for paragraph in S.PARAGRAPHS[2:8]:
        assert paragraph in lines
    kept = {d["text"]["ko"] for d in drafts}
    assert not any("?" in k or "기자" in k for k in kept)  # question and byline dropped
    assert "국내 시중은행 다섯 곳이 2월 첫째 주에 업무용 PC에서 중국 생성형 AI 서비스 접속을 차단했다." in kept
    by_text = {d["text"]["ko"]: d for d in drafts}
    claim = next(d for t, d in by_text.items() if "주장했지만" in t)
    assert claim["confidence"] == "low"
    assert {"78억 원", "10배"} <= {f["label"]["ko"] for f in claim["figures"]}
    users = next(d for t, d in by_text.items() if "120만 명" in t)
    assert users["confidence"] == "low" and users["figures"][0]["value"] == 1200000
    said = next(d for t, d in by_text.items() if "밝혔다" in t)
    assert said["confidence"] == "medium"
    params = next(d for t, d in by_text.items() if "6,710억 개" in t)
    assert params["figures"][0]["value"] == 671_000_000_000
    # The knowledge folder loads and the drafts are in findings.yaml with status: draft.
    data = yaml.safe_load((tmp_path / "kb" / "findings.yaml").read_text(encoding="utf-8"))
    assert {f["id"] for f in data["findings"]} == {d["id"] for d in drafts}
    assert {f["status"] for f in data["findings"]} == {"draft"}


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_add_pdf_made_by_libreoffice(tmp_path):
    pdf = S.write_pdf(tmp_path, soffice())
    result = add(tmp_path, pdf, "--date", S.DATE, "--outlet", S.OUTLET)
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)["drafts"]
    lines = assert_drafts_cite_their_lines(tmp_path / "kb", "src-a", drafts)
    # A PDF's text is placed glyph by glyph: spacing around digits may differ, the words do not.
    params = next(d for d in drafts if "파라미터" in d["text"]["ko"])
    assert [f["value"] for f in params["figures"]] == [671_000_000_000]
    assert any("다섯 곳이" in d["text"]["ko"] and d["topic"] == "blocking" for d in drafts)
    assert S.TITLE in lines  # the heading is a line of its own, not glued to the first sentence


def test_topics_follow_the_content(tmp_path):
    result = add(tmp_path, S.write_text(tmp_path / "a.txt"), "--date", S.DATE)
    by_text = {d["text"]["ko"]: d["topic"] for d in json.loads(result.stdout)["drafts"]}
    assert by_text["국내 시중은행 다섯 곳이 2월 첫째 주에 업무용 PC에서 중국 생성형 AI 서비스 접속을 차단했다."] == "blocking"
    assert next(t for k, t in by_text.items() if "중국 내 서버로 전송" in k) == "data_leak"
    assert next(t for k, t in by_text.items() if "오픈소스 모델" in k) == "open_source"


def test_no_date_is_refused_and_nothing_is_written(tmp_path):
    result = add(tmp_path, S.write_text(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert "a.txt" in result.output and "editions" in result.output and "--date" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "kb" / "sources.yaml").exists()
    docx_result = add(tmp_path, S.write_docx(tmp_path / "b.docx", with_date=False))
    assert docx_result.exit_code == 2 and "b.docx" in docx_result.output


@pytest.mark.parametrize("name,data,expect", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "cannot be read"),
    ("broken.hwpx", b"not a zip at all", "not a valid zip"),
    ("old.hwp", b"\xd0\xcf\x11\xe0", ".hwpx"),
    ("latin.txt", "café crème brûlée".encode("latin-1"), "neither UTF-8"),
    ("empty.txt", b"", "no text"),
])
def test_bad_files_exit_2_naming_the_file(tmp_path, name, data, expect):
    path = tmp_path / name
    path.write_bytes(data)
    result = add(tmp_path, path, "--date", S.DATE)
    assert result.exit_code == 2, result.output
    assert name in result.output and expect in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "kb" / "sources.yaml").exists()


def test_readd_is_refused_and_replace_keeps_approved_findings(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    # An existing hand-written sources.yaml keeps its comments when a source is appended.
    (kb / "sources.yaml").write_text("# our own sources — keep this comment\nsources: []\n", encoding="utf-8")
    src = S.write_text(tmp_path / "a.txt")
    first = add(tmp_path, src, "--date", S.DATE)
    assert first.exit_code == 0, first.output
    assert "# our own sources — keep this comment" in (kb / "sources.yaml").read_text(encoding="utf-8")
    drafts = json.loads(first.stdout)["drafts"]
    approve(kb, drafts[0]["id"], ko="은행 다섯 곳이 중국 생성형 AI 접속을 막았다.", en="Five banks blocked the Chinese AI service.")
    before = (kb / "findings.yaml").read_text(encoding="utf-8")
    again = add(tmp_path, src, "--date", S.DATE)
    assert again.exit_code == 2 and "already exists" in again.output and "--replace" in again.output
    assert (kb / "findings.yaml").read_text(encoding="utf-8") == before
    replaced = add(tmp_path, src, "--date", "2025-02-08", "--replace")
    assert replaced.exit_code == 0, replaced.output
    data = yaml.safe_load((kb / "findings.yaml").read_text(encoding="utf-8"))["findings"]
    ids = [f["id"] for f in data]
    assert len(ids) == len(set(ids))
    assert drafts[0]["id"] in ids  # the approved one stays
    assert next(f for f in data if f["id"] == drafts[0]["id"])["status"] == "approved"
    # Lines an approved finding already cites get no new drafts; every other statement is drafted again.
    done = drafts[0]["citations"][0]["lines"]
    assert len([f for f in data if f["status"] == "draft"]) == len([d for d in drafts
                                                                  if d["citations"][0]["lines"] != done])
    assert all(f["citations"][0]["lines"] != done for f in data if f["status"] == "draft")
    sources = yaml.safe_load((kb / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert [s["date"] for s in sources] == ["2025-02-08"]


def approve(kb: Path, fid: str, *, ko: str, en: str) -> None:
    """What a reviewer does by hand: rewrite ko and en, set status: approved (text edit, like a person)."""
    text = (kb / "findings.yaml").read_text(encoding="utf-8")
    head, sep, rest = text.partition(f"- id: {fid}\n")
    block, nxt, tail = rest.partition("\n\n")
    lines = []
    for line in block.splitlines():
        stripped = line.strip()
        if stripped == "status: draft":
            line = line.replace("draft", "approved")
        elif stripped.startswith("ko: ") and "label" not in lines[-1] and "unit" not in lines[-1]:
            line = line[: line.index("ko: ")] + "ko: " + json.dumps(ko, ensure_ascii=False)
        elif stripped.startswith("en: ") and "[DRAFT" in stripped:
            line = line[: line.index("en: ")] + "en: " + json.dumps(en)
        lines.append(line)
    (kb / "findings.yaml").write_text(head + sep + "\n".join(lines) + nxt + tail, encoding="utf-8")


def test_check_refuses_an_approved_copy_and_accepts_a_rewrite(tmp_path, tmp_config):
    config = tmp_config(MINIMAL_CONFIG + "knowledge: [kb]\n")
    result = add(tmp_path, S.write_text(tmp_path / "a.txt"), "--date", S.DATE)
    draft = json.loads(result.stdout)["drafts"][0]
    assert run_cli("check", "-c", str(config), cwd=tmp_path).exit_code == 0  # drafts are fine as drafts
    findings = tmp_path / "kb" / "findings.yaml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("status: draft", "status: approved", 1),
                        encoding="utf-8")
    refused = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert refused.exit_code == 2
    assert draft["id"] in refused.output and "copies" in refused.output and "English" in refused.output
    assert "findings.yaml:" in refused.output
    approve(tmp_path / "kb", draft["id"], ko="시중은행 다섯 곳이 이달 초 중국산 생성형 AI를 업무 PC에서 쓰지 못하게 했다.",
            en="Five commercial banks barred the Chinese generative-AI service from work PCs in early February.")
    findings.write_text(findings.read_text(encoding="utf-8").replace("status: approved", "status: approved"),
                        encoding="utf-8")
    ok = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert ok.exit_code == 0, ok.output


def test_list_and_show(tmp_path):
    add(tmp_path, S.write_text(tmp_path / "a.txt"), "--date", S.DATE)
    listed = run_cli("sources", "list", "-k", str(tmp_path / "kb"), "--today", "2025-03-01", "--json", cwd=tmp_path)
    assert listed.exit_code == 0, listed.output
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows["src-a"]["age_days"] == 22 and rows["src-a"]["kind"] == "article"
    assert rows["src-a"]["approved"] == 0 and rows["src-a"]["draft"] >= 5
    assert rows["dbr-411"]["approved"] > 0  # the built-in sources are listed with their findings
    table = run_cli("sources", "list", "-k", str(tmp_path / "kb"), "--today", "2025-03-01", cwd=tmp_path)
    assert "src-a" in table.output and "22d" in table.output
    shown = run_cli("sources", "show", "src-a", "-k", str(tmp_path / "kb"), cwd=tmp_path)
    assert shown.exit_code == 0, shown.output
    assert "[draft] F-src-a-01" in shown.output
    assert "line 3: 국내 시중은행 다섯 곳이" in shown.output  # the cited line itself
    missing = run_cli("sources", "show", "nope", "-k", str(tmp_path / "kb"), cwd=tmp_path)
    assert missing.exit_code == 2 and "nope" in missing.output


def test_build_check_and_list_never_import_the_analyser(tmp_path):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from briefing.cli import cli\n"
        "for args in (['list'], ['check'], ['build', '--audience', 'board'], ['sources', 'list']):\n"
        "    r = CliRunner().invoke(cli, args)\n"
        "    assert r.exit_code == 0, (args, r.output)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('kiwipiepy', 'sklearn', 'trafilatura'))\n"
        "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env=process_env())
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout


REC = """recommendations:
  - id: R-BANK-01
    topic: blocking
    audiences: [board, security]
    priority: high
    owner: {ko: 정보보호팀, en: Information Security team}
    horizon: 30d
    title: {ko: 외부 생성형 AI 접속 통제 점검, en: Review controls on outside generative AI}
    action: {ko: 은행권의 차단 사례를 참고해 업무용 PC의 외부 생성형 AI 접속 정책을 점검한다., en: Review the policy for outside generative-AI services on work PCs in the light of the banks' blocks.}
    rests_on: [{a}, {b}]
    review_by: 2025-08-31
"""


def test_end_to_end_add_approve_recommend_build(tmp_path, tmp_config):
    from conftest import assert_valid_docx, docx_text

    kb = tmp_path / "kb"
    kb.mkdir()
    config = tmp_config(MINIMAL_CONFIG + "knowledge: [kb]\naudiences: [board, security]\n")
    # The edition of 1 March 2025, before the new source exists.
    first = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert first.exit_code == 0, first.output
    html = add(tmp_path, S.write_html(tmp_path / "page.html"), sid="gasang-2025-02-07")
    assert html.exit_code == 0, html.output
    drafts = json.loads(html.stdout)["drafts"]
    block = next(d for d in drafts if d["topic"] == "blocking")
    leak = next(d for d in drafts if d["topic"] == "data_leak")
    new_ko = {block["id"]: "시중은행 다섯 곳이 2월 초 업무용 PC에서 중국산 생성형 AI 서비스를 쓰지 못하게 막았다.",
              leak["id"]: "보안 업체는 이 서비스가 대화 내용과 기기 정보를 중국에 있는 서버로 보낸다고 분석했다."}
    approve(kb, block["id"], ko=new_ko[block["id"]],
            en="Five commercial banks blocked the Chinese generative-AI service on work PCs in early February.")
    approve(kb, leak["id"], ko=new_ko[leak["id"]],
            en="A security firm found that the service sends conversations and device data to servers in China.")
    (kb / "recommendations.yaml").write_text(REC.replace("{a}", block["id"]).replace("{b}", leak["id"]),
                                             encoding="utf-8")
    checked = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert checked.exit_code == 0, checked.output
    # The next edition: the approved findings and the recommendation are new in it.
    built = run_cli("build", "-c", str(config), "--as-of", "2025-03-08", "--emit-markdown", cwd=tmp_path)
    assert built.exit_code == 0, built.output
    security = tmp_path / "out" / "2025-03-08_security_ko.docx"
    assert_valid_docx(security)
    text = docx_text(security)
    assert "외부 생성형 AI 접속 통제 점검" in text  # the recommendation resting on the two approved findings
    board = docx_text(tmp_path / "out" / "2025-03-08_board_ko.docx")
    assert "R-BANK-01" in board or "외부 생성형 AI 접속 통제 점검" in board
    # "What changed" (after the summary) lists the new recommendation, the two findings and the source.
    markdown = (tmp_path / "out" / "2025-03-08_security_ko.md").read_text(encoding="utf-8")
    assert "\n# 이번 판에서 달라진 점" in markdown, "the second edition has no what-changed section"
    changed = markdown.split("\n# 이번 판에서 달라진 점", 1)[1].split("\n# ", 1)[0]
    assert "이번 판에서 달라진 점" in text  # and the DOCX has it too
    assert "R-BANK-01" in changed
    for ko in new_ko.values():
        assert ko in changed
    assert S.TITLE in changed and S.OUTLET in changed  # the new source
    others = [d for d in drafts if d["id"] not in new_ko]
    both = text + board
    assert all(ko in both for ko in new_ko.values())  # the approved rewrites are cited in the briefs
    for d in others:  # drafts never reach a brief
        assert d["text"]["ko"] not in both
    listed = run_cli("sources", "list", "-k", str(kb), "--json", cwd=tmp_path)
    row = next(r for r in json.loads(listed.stdout) if r["id"] == "gasang-2025-02-07")
    assert row["approved"] == 2 and row["draft"] == len(drafts) - 2


def test_readme_keeping_current_steps_work_verbatim(tmp_path):
    """The README's "Keeping the briefs current" commands, as written, on sample files in their folder
    (pip and the editor steps are what a person does; the test approves two drafts instead)."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Keeping the briefs current", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    S.write_html(tmp_path / "article.html")
    has_pdf = soffice() is not None
    if has_pdf:
        S.write_pdf(tmp_path, soffice()).rename(tmp_path / "release.pdf")
    ran = []
    for line in block.splitlines():
        command = line.split("  #")[0].strip()
        if not command.startswith("briefing ") or ("release.pdf" in command and not has_pdf):
            continue
        if command.startswith("briefing check"):  # the reviewer's work, done between show and check
            kb = tmp_path / "acme" / "knowledge"
            data = yaml.safe_load((kb / "findings.yaml").read_text(encoding="utf-8"))["findings"]
            chosen = [f for f in data if f.get("status") == "draft"][:2]
            for n, f in enumerate(chosen):
                approve(kb, f["id"], ko=f"검토자가 고쳐 쓴 {n + 1}번째 문장으로, 원문을 그대로 옮기지 않았다.",
                        en=f"Reviewer's own wording number {n + 1}.")
        result = run_cli(*shlex.split(command)[1:], cwd=tmp_path)
        assert result.exit_code == 0, (command, result.output)
        ran.append(command)
        if command.startswith("briefing sources show"):
            assert "[draft]" in result.output and "line " in result.output
    assert len(ran) >= 6
    assert list((tmp_path / "acme").rglob("*.docx"))


def test_flags_override_the_files_metadata(tmp_path):
    result = add(tmp_path, S.write_html(tmp_path / "page.html"), "--title", "다른 제목", "--outlet", "다른 매체",
                 "--date", "2025-02-09", "--url", "https://example.com/a/1", "--kind", "press_release")
    assert result.exit_code == 0, result.output
    source = json.loads(result.stdout)["source"]
    assert (source["title"], source["outlet"]["ko"], source["date"], source["url"], source["kind"]) == (
        "다른 제목", "다른 매체", "2025-02-09", "https://example.com/a/1", "press_release")
    bad = add(tmp_path, S.write_html(tmp_path / "page.html"), "--date", "9 Feb", sid="src-b")
    assert bad.exit_code == 2 and "--date" in bad.output


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_without_pdftotext_falls_back_to_pypdf(tmp_path, monkeypatch):
    from briefing.ingest import extract

    pdf = S.write_pdf(tmp_path, soffice())
    monkeypatch.setattr(extract, "_pdftotext", lambda path: None)
    got = extract.extract(pdf)
    text = "".join(got.paragraphs).replace(" ", "")
    # pypdf drops the spaces between Korean words with these fonts; the words themselves are intact.
    assert "국내시중은행다섯곳이" in text and "파라미터" in text
    assert got.title == S.TITLE


def test_euc_kr_web_page(tmp_path):
    page = tmp_path / "old.html"
    html = S.write_html(tmp_path / "tmp.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="euc-kr"').replace("©", "(c)")  # © is not in CP949
    page.write_bytes(html.encode("cp949"))
    result = add(tmp_path, page)
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)["drafts"]
    assert_drafts_cite_their_lines(tmp_path / "kb", "src-a", drafts)
    assert any("다섯 곳이" in d["text"]["ko"] for d in drafts)
