"""One organisation's edition as an action register (.xlsx).

Sheet "Register": one row per recommendation any of the edition's briefs shows (id, title in
each language, topic, priority, owner, due, status and its date, budget in won, note, overdue,
the findings it rests on); the header row stays frozen, every column filters, the status cell
offers a drop-down list, overdue rows are shaded. "Findings": each finding those rows rest on,
with its source. "Changes": what changed since the previous edition.

openpyxl writes the workbook (it also reads it back for `briefing register import`, which a
write-only library could not). Its bytes depend on the content only: the core properties carry
the edition's date and every zip entry a fixed time, as the DOCX writer does.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from briefing.brief import deadlines
from briefing.errors import BriefingError
from briefing.render.markdown import LABELS
from briefing.render.xlsx import columns as C


def require_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise BriefingError("the Excel register needs openpyxl, which is not installed",
                            hint="pip install 'briefing[register]' (or drop --xlsx / output.register)") from None
    return openpyxl


def register_bytes(briefs: list, edition: dt.date, languages: list[str]) -> bytes:
    """The register of one edition from its briefs (every audience and language of the run)."""
    openpyxl = require_openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lead = languages[0]
    rows = _rows(briefs, lead)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = C.REGISTER_SHEET
    headers = [C.ID] + [C.TITLE_KO if lang == "ko" else C.TITLE_EN for lang in languages] + [
        C.TOPIC, C.PRIORITY, C.OWNER, C.DUE, C.STATUS, C.STATUS_DATE, C.BUDGET, C.NOTE, C.OVERDUE, C.FRAMEWORKS,
        C.FINDINGS]
    sheet.append(headers)
    overdue_fill = PatternFill("solid", fgColor="F8D7DA")
    for row in rows:
        rec = row["rec"]
        overdue = deadlines.overdue(rec.due, rec.status, edition)
        amount = C.won(rec.budget) if rec.budget else None
        sheet.append([rec.id, *(row["titles"].get(lang, "") for lang in languages), row["topic"],
                      _label("priority", rec.priority, lead), rec.owner, rec.due, C.status_label(rec.status, lead),
                      rec.status_since, amount if amount is not None else (rec.budget or None), rec.note,
                      "●" if overdue else None, "; ".join(s.label for s in rec.serves) or None,
                      ", ".join(f.id for f in rec.rests_on)])
        if overdue:
            for cell in sheet[sheet.max_row]:
                cell.fill = overdue_fill
    col = {name: i + 1 for i, name in enumerate(headers)}
    for name in (C.DUE, C.STATUS_DATE):
        for cells in sheet.iter_rows(min_row=2, min_col=col[name], max_col=col[name]):
            cells[0].number_format = "yyyy-mm-dd"
    for cells in sheet.iter_rows(min_row=2, min_col=col[C.BUDGET], max_col=col[C.BUDGET]):
        cells[0].number_format = "#,##0"
    labels = [C.status_label(s, lead) for s in C.STATUSES]
    letter = openpyxl.utils.get_column_letter(col[C.STATUS])
    validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="상태 Status",
                                error="목록에서 고르십시오 / choose from the list")
    validation.add(f"{letter}2:{letter}{max(sheet.max_row, 2) + 200}")
    sheet.add_data_validation(validation)
    _header(sheet, Font, Alignment)
    widths = {C.ID: 12, C.TITLE_KO: 40, C.TITLE_EN: 40, C.TOPIC: 14, C.PRIORITY: 10, C.OWNER: 20, C.DUE: 12,
              C.STATUS: 12, C.STATUS_DATE: 14, C.BUDGET: 16, C.NOTE: 30, C.OVERDUE: 10, C.FRAMEWORKS: 36,
              C.FINDINGS: 24}
    _widths(sheet, headers, widths, openpyxl)

    findings = workbook.create_sheet(C.FINDINGS_SHEET)
    findings.append(["ID", "날짜 Date", "내용 Text", "출처 Source", "매체 Outlet", "URL"])
    for finding in _findings(rows):
        cited = finding.citations[0].source if finding.citations else None
        findings.append([finding.id, finding.date, finding.text, cited.title if cited else None,
                         cited.outlet if cited else None, cited.url if cited else None])
    for cells in findings.iter_rows(min_row=2, min_col=2, max_col=2):
        cells[0].number_format = "yyyy-mm-dd"
    _header(findings, Font, Alignment)
    _widths(findings, ["ID", "날짜 Date", "내용 Text", "출처 Source", "매체 Outlet", "URL"],
            {"ID": 12, "날짜 Date": 12, "내용 Text": 80, "출처 Source": 40, "매체 Outlet": 20, "URL": 40}, openpyxl)

    changes = workbook.create_sheet(C.CHANGES_SHEET)
    changes.append(["구분 Kind", "ID", "내용 Detail"])
    for kind, item_id, detail in _changes(briefs, lead):
        changes.append([kind, item_id, detail])
    _header(changes, Font, Alignment)
    _widths(changes, ["구분 Kind", "ID", "내용 Detail"], {"구분 Kind": 18, "ID": 12, "내용 Detail": 90}, openpyxl)

    _snapshot(workbook, sheet, headers, edition, lead)
    stamp = dt.datetime(edition.year, edition.month, edition.day, 9, 0, 0)
    workbook.properties.created = stamp
    workbook.properties.creator = "briefing"
    workbook.properties.title = f"Action register {edition.isoformat()}"
    out = io.BytesIO()
    workbook.save(out)
    return _fixed(out.getvalue(), stamp)


def _snapshot(workbook, sheet, headers: list[str], edition: dt.date, lead: str) -> None:
    """A hidden copy of the editable cells as written: `register import` takes what differs from
    it as the user's edits, so an untouched cell never overrides the knowledge base."""
    state = workbook.create_sheet(C.SNAPSHOT_SHEET)
    state.sheet_state = "hidden"
    state.append([C.SNAPSHOT_EDITION, edition, C.SNAPSHOT_LANG, lead])
    wanted = [C.ID, *C.EDITABLE]
    state.append(wanted)
    index = [headers.index(name) for name in wanted]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        state.append([row[i] for i in index])


def _rows(briefs: list, lead: str) -> list[dict]:
    """Each recommendation once, in the order the briefs show them, with its title per language."""
    rows: dict[str, dict] = {}
    for brief in sorted(briefs, key=lambda b: b.lang != lead):  # the lead language's views first
        for rec in brief.recommendations:
            topic = next((t.title for t in brief.topics if t.id == rec.topic), rec.topic)
            row = rows.setdefault(rec.id, {"rec": rec, "titles": {}, "topic": topic})
            row["titles"].setdefault(brief.lang, rec.title)
    return list(rows.values())


def _label(kind: str, value: str, lang: str) -> str:
    ko, en = LABELS[kind].get(value, (value, value))
    return ko if lang == "ko" else en


def _findings(rows: list[dict]) -> list:
    seen: dict[str, object] = {}
    for row in rows:
        for finding in row["rec"].rests_on:
            seen.setdefault(finding.id, finding)
    return sorted(seen.values(), key=lambda f: (f.date, f.id))


def _changes(briefs: list, lead: str) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for brief in briefs:
        changes = brief.changes
        if brief.lang != lead or changes is None or changes.first:
            continue
        out += [("추가 Added", r.id, r.title) for r in changes.added]
        out += [("삭제 Removed", rid, title) for rid, title in changes.removed]
        out += [("변경 Changed", c.recommendation.id,
                 ", ".join(f"{name}: {old} → {new}" for name, old, new in c.fields)) for c in changes.changed]
        out += [("신규 사실 New finding", f.id, f.text) for f in changes.findings]
        out += [("수정 사실 Revised finding", f.id, f.text) for f in changes.revised]
        out += [("정정 Correction", f.id, f.text) for f, _ in changes.corrected]
    return list(dict.fromkeys(out))


def _header(sheet, Font, Alignment) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _widths(sheet, headers: list[str], widths: dict[str, int], openpyxl) -> None:
    for i, name in enumerate(headers, 1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = widths.get(name, 14)


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _fixed(data: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl stamps the time of saving into the core properties and every zip entry."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                blob = _MODIFIED.sub(rb"<dcterms:modified\1>" + when + b"</dcterms:modified>", blob)
            member = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, blob)
    return out.getvalue()
