"""`briefing check`'s fact check: findings against their cited lines, and uncited template sentences."""
from __future__ import annotations

import re
import textwrap

from briefing.knowledge.factcheck import compare, is_factual
from briefing.knowledge.loader import load_knowledge
from conftest import MINIMAL_CONFIG, run_cli

MEMO = """\
금융위원회 보도자료(가상)
2025년 3월 4일 금융위원회는 생성형 AI 이용자가 1,210,000명이라고 밝혔다.
같은 날 딥시크(DeepSeek)의 R1 모델을 쓰는 회사는 17 % 늘었다고 전했다.
보고서 제목은 『AI 안전 지침』이다.
"""

SOURCES = """\
sources:
  - id: memo
    title: 금융위 메모
    outlet: {ko: 가상 메모, en: Fictional memo}
    date: "2025-03"
    kind: article
"""


def _finding(fid: str, ko: str, lines: str = "2-4", extra: str = "") -> str:
    return textwrap.indent(textwrap.dedent(f"""\
        - id: {fid}
          topic: context
          date: 2025-03-04
          confidence: high
          text:
            ko: "{ko}"
            en: "An English paraphrase."
          citations:
            - source: memo
              lines: "{lines}"
        """) + extra, "  ")


def _folder(tmp_path, findings: str) -> None:
    kn = tmp_path / "kn"
    (kn / "sources").mkdir(parents=True)
    (kn / "sources" / "memo.txt").write_text(MEMO, encoding="utf-8")
    (kn / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (kn / "findings.yaml").write_text("findings:\n" + findings, encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")


def _reports(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("warning: ")]


_CHECKED = r"fact check: (\d+) of \d+ finding\(s\) checked against their cited lines or evidence passages"


def _checked(result) -> int:
    return int(re.search(_CHECKED, result.output)[1])


def _builtin_checked(tmp_path) -> int:
    """How many built-in findings the check reads, so a test can count only the ones its folder adds."""
    (tmp_path / "base.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    return _checked(run_cli("check", "-c", str(tmp_path / "base.yaml")))


def test_normalised_figures_dates_and_names_match():
    line = "2025년 1월 27일 엔비디아 주가가 하루 만에 17 % 하락했다. 시가총액 1443조 원. 이용자 1,210,000명. 딥시크(DeepSeek) R1"
    assert compare("'25.1.27 엔비디아 주가 1일 17% 급락", line) == []
    assert compare("약 1,443조 원이 사라졌다", line) == []
    assert compare("딥시크 이용자 121만 명, R1", line) == []
    assert compare("DeepSeek의 R1", line) == []
    # 개조식 short years, and a month whose year is the source's own publication year.
    assert compare("'25.1월 4주 이용자: 딥시크 121만 명", "1월 4주 차 기준 딥시크 121만 명", years={2025}) == []
    assert compare("'24.1월 4주", "1월 4주 차 기준", years={2025}) == ["date 2024-01 not in the cited lines"]
    # A day the lines do not give is a claim of its own; the day written apart from its month is not.
    assert compare("2025년 1월 28일 발표", "지난 1월 발표", years={2025}) == ["date 2025-01-28 not in the cited lines"]
    assert compare("2025년 1월 28일 발표", "1월에는 ... 28일 발표", years={2025}) == []
    assert compare("'15년 하이플라이어 창업", "2015년 퀀트 헤지펀드 하이플라이어를 창업") == []
    # A gloss in brackets after a name the line has is not a separate claim.
    assert compare("차이나모바일(China Mobile) 서버", "차이나모바일의 서버") == []
    assert compare("차이나유니콤(China Unicom) 서버", "차이나모바일의 서버") == [
        "name 'China' not in the cited lines", "name 'Unicom' not in the cited lines"]


def test_what_the_line_lacks_is_named():
    line = "2025년 1월 27일 엔비디아 주가가 17% 하락했다. 이용자 1,210,000명."
    problems = compare("2025년 1월 28일 주가가 18% 하락했고 이용자는 120만 명, OpenAI와 금융위원회가 『AI 지침』을 냈다", line)
    assert "date 2025-01-28 not in the cited lines" in problems
    assert "figure '18%' not in the cited lines" in problems
    assert "figure '120만 명' not in the cited lines" in problems
    assert "name 'OpenAI' not in the cited lines" in problems
    assert "organisation '금융위원회' not in the cited lines" in problems
    assert "quoted 'AI 지침' not in the cited lines" in problems
    assert len(problems) == 6


def test_model_names_are_whole_words():
    assert compare("딥시크 V3와 R1", "DeepSeek-V3, R1을 공개") == []
    assert compare("딥시크 V3와 R1", "DeepSeek-V3.1, R10을 공개") == [
        "name 'V3' not in the cited lines", "name 'R1' not in the cited lines"]


def test_aliases_and_common_words():
    assert compare("개인정보보호위원회와 국가정보원은", "개인정보위와 국정원은") == []
    # 일부, 임직원, 요청: words that end like organisations but are not.
    assert compare("일부 임직원이 요청했다", "사내 공지") == []


def test_template_sentences_with_figures():
    assert is_factual("2025년 1월 매출이 늘었다.")
    assert is_factual("이용자는 493만 명이다.")
    assert not is_factual("근거 열의 ID는 5장 권고 사항의 항목입니다.")
    assert not is_factual("그림 2. 주제별 위험 평가(1–5점).")


def test_check_reports_findings_with_file_line_and_id(tmp_path):
    ok = _finding("F-CTX-91", "2025년 3월 4일 금융위원회는 생성형 AI 이용자가 121만 명이라고 밝혔다.")
    bad = _finding("F-CTX-92", "금융감독원은 딥시크 V3를 쓰는 회사가 18% 늘었다고 전했다.")
    _folder(tmp_path, ok + bad)
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    reports = _reports(result)
    assert len(reports) == 3, reports
    text = "\n".join(reports)
    findings = tmp_path / "kn" / "findings.yaml"
    line = findings.read_text(encoding="utf-8").splitlines().index("  - id: F-CTX-92") + 1
    assert f"{findings}:{line}: F-CTX-92: figure '18%' not in the cited lines (memo:2-4)" in text
    assert "F-CTX-92: organisation '금융감독원'" in text and "F-CTX-92: name 'V3'" in text
    assert "F-CTX-91" not in text
    # The folder adds two findings whose memo lines are readable: both count as checked, on top of the built-in ones.
    assert _checked(result) == _builtin_checked(tmp_path) + 2

    strict = run_cli("check", "--strict", "-c", str(tmp_path / "briefing.yaml"))
    assert strict.exit_code == 1 and len(_reports(strict)) == 3


def test_only_the_cited_lines_count(tmp_path):
    # Line 4 holds the title, line 2 the figure: citing line 4 alone misses the figure.
    _folder(tmp_path, _finding("F-CTX-93", "이용자는 121만 명이고 보고서는 『AI 안전 지침』이다.", lines="4"))
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert _reports(result) and all("figure '121만 명'" in r for r in _reports(result))


def test_a_line_beyond_the_file_is_reported(tmp_path):
    _folder(tmp_path, _finding("F-CTX-99", "회사가 17 % 늘었다.", lines="2,40"))
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    assert any("F-CTX-99: cites line 40 of 'memo', which has 4 lines" in r for r in _reports(result))


def test_ignore_silences_a_finding_with_a_reason(tmp_path):
    extra = "  check: {ignore: \"the figure is our own conversion of the quoted rate\"}\n"
    _folder(tmp_path, _finding("F-CTX-94", "회사가 18% 늘었다.", extra=extra))
    result = run_cli("check", "--strict", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    built_in = sum(1 for f in load_knowledge().findings.values() if f.check)  # reasoned ignores of the built-in base
    assert _reports(result) == [] and f"{built_in + 1} ignored on purpose" in result.output


def test_drafts_are_left_until_approved(tmp_path):
    _folder(tmp_path, _finding("F-CTX-97", "회사가 18% 늘었다.", extra="  status: draft\n")
            + _finding("F-CTX-98", "회사가 19% 늘었다."))
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    assert [r for r in _reports(result) if "F-CTX-9" in r] == [
        r for r in _reports(result) if "F-CTX-98: figure '19%'" in r]
    assert len([r for r in _reports(result) if "F-CTX-98" in r]) == 1
    assert "1 draft(s) left until approved" in result.output


def test_ignore_needs_a_reason(tmp_path):
    _folder(tmp_path, _finding("F-CTX-95", "회사가 17 % 늘었다.", extra="  check: {ignore: \"\"}\n"))
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 2
    findings = tmp_path / "kn" / "findings.yaml"
    assert f"{findings}:" in result.output and "check.ignore" in result.output
    assert "Traceback" not in result.output


def test_a_changed_line_in_the_sources_folder_is_caught(tmp_path):
    """A source's `file:` is read from --sources-dir (as the built-in articles are in CI): a figure
    that the file no longer holds is reported with the finding, the figure and the cited line."""
    kn = tmp_path / "kn"
    kn.mkdir()
    (kn / "sources.yaml").write_text(SOURCES.replace("kind: article", "kind: article\n    file: memo-0304.txt"),
                                     encoding="utf-8")
    (kn / "findings.yaml").write_text("findings:\n" + _finding("F-CTX-90", "금융위는 생성형 AI 이용자가 121만 명이라고 밝혔다.",
                                                                lines="2"), encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "memo-0304.txt").write_text(MEMO, encoding="utf-8")
    config = str(tmp_path / "briefing.yaml")
    before = run_cli("check", "-c", config, "--sources-dir", str(articles))
    (articles / "memo-0304.txt").write_text(MEMO.replace("1,210,000명", "9,990,000명"), encoding="utf-8")
    after = run_cli("check", "-c", config, "--sources-dir", str(articles))
    assert "F-CTX-90" not in before.output, before.output
    assert "F-CTX-90: figure '121만 명' not in the cited lines (memo:2)" in after.output, after.output
    missing = run_cli("check", "-c", config, "--sources-dir", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "nowhere" in missing.output


TEMPLATE = """\
{% import "_brief.md.j2" as b with context %}
# {{ tr("개요", "Overview") }}

2025년 3월 매출이 12% 늘었다.

2024년 이용자는 5,000명이었다.{{ brief.topic("context").findings[0] | cite }}

{{ b.sources() }}
"""


def test_template_sentence_without_citation(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "board.md.j2").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "templates: tpl\naudiences: [board]\n",
                                            encoding="utf-8")
    result = run_cli("check", "-c", str(tmp_path / "briefing.yaml"))
    assert result.exit_code == 0, result.output
    reports = [r for r in _reports(result) if "board.md.j2" in r]
    assert len(reports) == 1, reports
    assert f"{tmp_path / 'tpl' / 'board.md.j2'}:4: board.md.j2: states a figure or date" in reports[0]
    assert "2025년 3월 매출이 12% 늘었다." in reports[0]
    review = run_cli("check", "--review", "--strict", "-c", str(tmp_path / "briefing.yaml"))
    listed = [line for line in review.output.splitlines() if line.startswith("review: ")]
    # Information for a reviewer: uncited sentences without figures too; they do not fail --strict.
    assert any("_brief.md.j2" in line and "각주: 출처와 행 번호(기사 파일)." in line for line in listed)
    assert not any("5,000명" in line or "12%" in line for line in listed)
    assert f"{len(listed)} sentence(s) to review." in review.output
    assert review.exit_code == 1 and len(_reports(review)) == 1  # the factual one is still a report


def test_review_lists_rendered_sentences_with_figures_but_no_footnote():
    from briefing.knowledge.factcheck import review_rendered

    markdown = "---\npurpose: \"2025년 3월 1일 기준 이용자 121만 명을 다룬 보고서\"\n---\n\n" \
               "::: cover\n# 2025년 3월 보고서\n:::\n\n| 버전 | 작성일 |\n|---|---|\n| 1.0 | 2025-03-01 |\n\n" \
               "# 1. 현황\n\n예외는 최대 90일 동안 허용하고 분기마다 점검한다.\n\n" \
               "이용자는 121만 명이다.[^dbr-411:20]\n\n| ID | 규칙 |\n|---|---|\n| U-01 | 승인 후 30일 안에 보고한다 |\n"
    found = [r.format() for r in review_rendered({("security", "ko"): markdown})]
    assert found == ["security/ko: rendered: no citation: “예외는 최대 90일 동안 허용하고 분기마다 점검한다.”",
                     "security/ko: rendered: no citation: “승인 후 30일 안에 보고한다”"]


def test_review_compares_the_english_with_the_korean():
    from briefing.knowledge.factcheck import compare_languages

    ko = "'25.1.27 엔비디아 주가 1일 17% 급락, 대만 1.31 금지, 전체 6,710억·활성 370억 파라미터, 2위"
    good = "On 27 January 2025 Nvidia fell 17% in one day; Taiwan banned it on 31 January; 671 billion " \
           "parameters with 37 billion active; second place"
    assert compare_languages(ko, good) == []
    bad = "On 28 January 2025 Nvidia fell 7% in one day; Taiwan banned it on 31 January; 671 billion " \
          "parameters with 37 million active; second place"
    assert compare_languages(ko, bad) == [
        "date 2025-01-27 of the Korean text is not in the English",
        "figure '17%' of the Korean text is not in the English",
        "figure '370억' of the Korean text is not in the English"]


WEB_SOURCE = """\
sources:
  - id: web-note
    title: 웹 공지
    outlet: {ko: 가상 공지, en: Fictional notice}
    date: "2025-03-04"
    url: https://example.org/notice
"""


def _web_finding(ko: str, evidence: str) -> str:
    return f"""\
findings:
  - id: F-CTX-95
    topic: context
    date: 2025-03-04
    confidence: medium
    text: {{ko: "{ko}", en: "An English paraphrase."}}
    citations:
      - source: web-note
        evidence: ["{evidence}"]
"""


def _check_web(tmp_path, findings: str):
    kn = tmp_path / "kn"
    kn.mkdir(exist_ok=True)
    (kn / "sources.yaml").write_text(WEB_SOURCE, encoding="utf-8")
    (kn / "findings.yaml").write_text(findings, encoding="utf-8")
    (tmp_path / "briefing.yaml").write_text(MINIMAL_CONFIG + "knowledge: [kn]\n", encoding="utf-8")
    return run_cli("check", "--strict", "-c", str(tmp_path / "briefing.yaml"), cwd=tmp_path)


def test_a_finding_citing_a_page_without_a_file_is_checked_against_its_evidence(tmp_path):
    passage = "금융위원회는 4일 생성형 AI 이용자가 121만 명이라고 밝혔다."
    result = _check_web(tmp_path, _web_finding("'25.3.4 금융위원회, 생성형 AI 이용자 121만 명 발표", passage))
    assert result.exit_code == 0, result.output  # '4일' is a day of the page's own month
    assert _checked(result) == _builtin_checked(tmp_path) + 1
    result = _check_web(tmp_path, _web_finding("'25.3.4 금융감독원, 생성형 AI 이용자 131만 명 발표", passage))
    assert result.exit_code == 1
    reports = "\n".join(_reports(result))
    assert "kn/findings.yaml:2: F-CTX-95: figure '131만 명' not in the cited lines (web-note evidence)" in reports
    assert "organisation '금융감독원' not in the cited lines" in reports


def test_a_finding_that_copies_its_evidence_is_refused(tmp_path):
    passage = "금융위원회는 생성형 인공지능 서비스를 이용하는 국내 이용자가 모두 백이십일만 명에 이른다고 밝혔다."
    result = _check_web(tmp_path, _web_finding(passage, passage))
    assert result.exit_code == 2, result.output
    assert "F-CTX-95" in result.output and "copies" in result.output and "its evidence from web-note" in result.output


def test_evidence_dates_relative_to_the_page_are_read_in_its_calendar(tmp_path):
    # The page is dated 2025-03-04: '내달 12일' is 12 April 2025, '내년' is 2026.
    passage = "금융위원회는 내달 12일까지 신청을 받고 내년부터 시행한다고 밝혔다."
    ok = _check_web(tmp_path, _web_finding("금융위원회, '25.4.12까지 신청 접수, 2026년 시행", passage))
    assert ok.exit_code == 0, ok.output
    wrong = _check_web(tmp_path, _web_finding("금융위원회, '25.5.12까지 신청 접수", passage))
    assert wrong.exit_code == 1 and "date 2025-05-12 not in the cited lines" in wrong.output


def test_latin_scale_letters_match_korean_multipliers():
    assert compare("V4-Pro 1.6조 파라미터", "DeepSeek-V4-Pro Text Generation • 1.6T") == []
    assert compare("V4-Pro 1.6조 파라미터", "DeepSeek-V4-Pro Text Generation • 1.6B") == [
        "figure '1.6조' not in the cited lines"]
