"""Due dates fixed when a recommendation first reaches the organisation; overdue once past them."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

from briefing.brief.deadlines import first_shown
from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.model import HORIZON_DAYS
from briefing.knowledge.timeline import finding_known_on
from conftest import MINIMAL_CONFIG, docx_text, run_cli

SERIES = ["2025-02-10", "2025-02-20", "2025-05-31", "2026-01-31", "2026-12-06"]
CONFIG = MINIMAL_CONFIG + """\
overrides:
  R-BLOCK-02:
    history:
      - {date: 2025-02-12, status: in_progress}
      - {date: 2025-03-10, status: done}
"""


def _checklist_dues(path) -> dict[str, str]:
    import docx

    out = {}
    for table in docx.Document(str(path)).tables:
        header = [c.text for c in table.rows[0].cells]
        if "완료 기한" not in header or "통제 항목" not in header:
            continue
        col = header.index("완료 기한")
        for row in table.rows[1:]:
            out[row.cells[1].text.strip()] = row.cells[col].text.strip()
    return out


def test_a_series_keeps_each_due_date_and_marks_it_overdue(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    dues: dict[str, dict[str, str]] = {}
    for day in SERIES:
        result = run_cli("build", "-c", str(config), "--as-of", day, cwd=tmp_path)
        assert result.exit_code == 0, result.output
        dues[day] = _checklist_dues(tmp_path / "out" / f"{day}_security_ko.docx")
    first = dues[SERIES[0]]["R-BLOCK-01"]
    assert first.startswith("2025-02-")  # immediate (7 days) from when it was first shown, not from 2026
    for day in SERIES[1:]:
        cell = dues[day]["R-BLOCK-01"]
        assert cell.split(" ")[0] == first.split(" ")[0], (day, cell)  # the same date in every edition
        assert cell.endswith("(기한 경과)")  # open and past it
    assert dt.date.fromisoformat(first.split(" ")[0]) < dt.date(2025, 2, 10) and first.endswith("(기한 경과)")
    # done on 10 March 2025: overdue in no later edition
    assert all("기한 경과" not in dues[day]["R-BLOCK-02"] for day in SERIES[2:])
    # "what changed" names the items that fell due since the previous edition, and only those
    named = 0
    for before, day in itertools.pairwise(SERIES):
        text = docx_text(tmp_path / "out" / f"{day}_security_ko.docx")
        overdue_line = next((line for line in text.splitlines() if line.startswith("기한 경과: ")), "")
        for rid, cell in dues[day].items():
            fell_due = cell.endswith("(기한 경과)") and before < cell.split(" ")[0]
            assert (f"{rid}(완료 기한 {cell.split(' ')[0]})" in overdue_line) == fell_due, (day, rid, cell)
            named += fell_due
    assert named > 0
    # A recommendation new in an edition reaches the organisation with it: due from that edition, not overdue.
    kb = load_knowledge()
    new = 0
    for before, day in itertools.pairwise(SERIES):
        for rid in dues[day].keys() - dues[before].keys():
            horizon = HORIZON_DAYS[kb.recommendations[rid].horizon]
            assert dues[day][rid] == str(dt.date.fromisoformat(day) + dt.timedelta(days=horizon)), (day, rid)
            new += 1
    assert new > 0
    record = json.loads((tmp_path / "out" / "editions" / f"security_ko_{SERIES[0]}.json").read_text("utf-8"))
    assert record["recommendations"]["R-BLOCK-01"]["due"] == first.split(" ")[0]


def test_a_recorded_due_date_wins_over_a_recomputed_one(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    assert run_cli("build", "-c", str(config), "--as-of", "2025-02-20", cwd=tmp_path).exit_code == 0
    paths = sorted((tmp_path / "out" / "editions").glob("*_ko_2025-02-20.json"))
    records = {p: json.loads(p.read_text("utf-8")) for p in paths}
    for path, record in records.items():  # every audience of that edition printed the same date
        if "R-BLOCK-01" in record["recommendations"]:
            record["recommendations"]["R-BLOCK-01"]["due"] = "2025-03-15"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run_cli("build", "-c", str(config), "--as-of", "2025-05-31", cwd=tmp_path).exit_code == 0
    dues = _checklist_dues(tmp_path / "out" / "2025-05-31_security_ko.docx")
    assert dues["R-BLOCK-01"] == "2025-03-15 (기한 경과)"
    # a record from before due dates were kept counts from its own edition date
    for path, record in records.items():
        record["recommendations"].get("R-BLOCK-01", {}).pop("due", None)
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run_cli("build", "-c", str(config), "--as-of", "2025-05-31", cwd=tmp_path).exit_code == 0
    dues = _checklist_dues(tmp_path / "out" / "2025-05-31_security_ko.docx")
    assert dues["R-BLOCK-01"] == "2025-02-27 (기한 경과)"  # 2025-02-20 + 7 days


def test_first_shown_is_the_day_its_first_finding_became_known():
    kb = load_knowledge()
    rec = kb.recommendations["R-BLOCK-01"]
    day = first_shown(rec, kb)
    assert day == min(finding_known_on(kb.findings[f], kb) for f in rec.rests_on)
    assert dt.date(2025, 1, 1) < day < dt.date(2025, 3, 1)


def test_no_deadline_counts_from_before_the_event_began():
    kb = load_knowledge()
    rec = kb.recommendations["R-LEAK-02"]  # rests on, among others, a leak of 2023
    earliest = min(finding_known_on(kb.findings[f], kb) for f in rec.rests_on)
    assert earliest < kb.event.date == dt.date(2025, 1, 20)
    assert first_shown(rec, kb) == kb.event.date
    undated = dataclasses.replace(kb, event=dataclasses.replace(kb.event, date=None))
    assert first_shown(rec, undated) == earliest


def _review_by(path) -> str:
    import docx

    for table in docx.Document(str(path)).tables:
        header = [c.text for c in table.rows[0].cells]
        if "검토 기한" in header:
            return table.rows[1].cells[header.index("검토 기한")].text
    raise AssertionError(f"no review-by cell in {path}")


def test_one_review_date_per_edition_never_set_by_a_later_re_check(tmp_path):
    config = tmp_path / "briefing.yaml"
    config.write_text(MINIMAL_CONFIG, encoding="utf-8")
    for day, latest in (("2025-02-10", "2025년 8월 10일"), ("2026-12-06", None)):
        assert run_cli("build", "-c", str(config), "--as-of", day, cwd=tmp_path).exit_code == 0
        cells = {a: _review_by(tmp_path / "out" / f"{day}_{a}_ko.docx") for a in ("board", "security", "developers")}
        assert len(set(cells.values())) == 1, cells  # one date for the whole edition
        if latest:  # the knowledge base's 2027 review dates come from a 2026 re-check
            assert cells["board"] == latest, cells
