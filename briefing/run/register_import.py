"""`briefing register import FILE.xlsx -c CONFIG`: the register's edits back into the run config.

A cell counts as edited when it differs from the hidden copy the register was written with
(briefing.render.xlsx.register), so an untouched row changes nothing. Owner, due, budget and
note become the recommendation's `overrides` entry; a new status becomes a dated step of its
`history` (the status-date cell when the user set it, else today). Every cell is checked first:
one bad cell refuses the whole import, naming sheet, row and column, and nothing is written.
The run config is edited with ruamel.yaml, which keeps its comments, order and layout.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from briefing.atomic import write_atomic
from briefing.errors import BriefingError, ManyErrors
from briefing.knowledge.config import load_config
from briefing.render.xlsx import columns as C
from briefing.render.xlsx.register import require_openpyxl


@dataclass
class Edit:
    rec_id: str
    values: dict = field(default_factory=dict)  # owner, due, budget, note: the new values
    status: tuple[str, dt.date] | None = None  # (new status, its date)

    def describe(self, old: dict) -> list[str]:
        lines = [f"{self.rec_id}: {key} {old.get(key) or '-'} -> {value}" for key, value in self.values.items()]
        if self.status:
            lines.append(f"{self.rec_id}: status {old.get('status') or '-'} -> {self.status[0]} "
                         f"(since {self.status[1].isoformat()})")
        return lines


def read_edits(path: Path, known_ids: set[str], today: dt.date) -> list[Edit]:
    openpyxl = require_openpyxl()
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise BriefingError(f"not an Excel workbook ({type(exc).__name__}: {exc})", file=path,
                            hint="pass the .xlsx register that `briefing build --xlsx` wrote") from None
    for name in (C.REGISTER_SHEET, C.SNAPSHOT_SHEET):
        if name not in workbook.sheetnames:
            raise BriefingError(f"the workbook has no sheet '{name}'", file=path,
                                hint="import the register `briefing build --xlsx` wrote (its hidden sheet "
                                     "'briefing' holds what it was written with)")
    snapshot = _snapshot(workbook[C.SNAPSHOT_SHEET])
    sheet = workbook[C.REGISTER_SHEET]
    headers = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
    missing = [h for h in (C.ID, *C.EDITABLE) if h not in headers]
    if missing:
        raise BriefingError(f"sheet '{C.REGISTER_SHEET}' has no column {', '.join(repr(m) for m in missing)}",
                            file=path, hint="columns may be moved or hidden, not renamed or deleted")
    col = {h: headers.index(h) for h in (C.ID, *C.EDITABLE)}
    errors: list[BriefingError] = []
    edits: list[Edit] = []

    def bad(row: int, column: str, problem: str, allowed: str) -> None:
        errors.append(BriefingError(f"sheet '{C.REGISTER_SHEET}' row {row}, column '{column}': {problem}",
                                    file=path, hint=allowed))

    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        rec_id = _text(cells[col[C.ID]] if col[C.ID] < len(cells) else None)
        if not rec_id:
            continue
        if rec_id not in known_ids:
            bad(number, C.ID, f"unknown recommendation '{rec_id}'", "use an id `briefing list` shows")
            continue
        before = snapshot.get(rec_id, {})
        now = {h: cells[i] if i < len(cells) else None for h, i in col.items()}
        edit = Edit(rec_id)
        if _changed(now[C.OWNER], before.get(C.OWNER)):
            if _text(now[C.OWNER]):
                edit.values["owner"] = _text(now[C.OWNER])[:100]
        if _changed(now[C.DUE], before.get(C.DUE)):
            due = _date(now[C.DUE])
            if due is None:
                bad(number, C.DUE, f"'{now[C.DUE]}' is not a date", "type a date, e.g. 2025-03-10")
            else:
                edit.values["due"] = due
        if _changed(now[C.BUDGET], before.get(C.BUDGET)) and _text(now[C.BUDGET]):
            amount = C.won(now[C.BUDGET])
            if amount is None:
                bad(number, C.BUDGET, f"'{now[C.BUDGET]}' is not an amount in won",
                    "type a number (30000000) or an amount such as 3,000만 원, 3천만 원 or 1억 2천만 원")
            else:
                edit.values["budget"] = C.won_text(amount)
        if _changed(now[C.NOTE], before.get(C.NOTE)) and _text(now[C.NOTE]):
            edit.values["note"] = _text(now[C.NOTE])[:300]
        status_changed = _changed(now[C.STATUS], before.get(C.STATUS)) and _text(now[C.STATUS])
        if status_changed:
            code = C.status_code(_text(now[C.STATUS]))
            if code is None:
                allowed = ", ".join(f"{C.STATUS_LABELS[s][0]} / {C.STATUS_LABELS[s][1]} ({s})" for s in C.STATUSES)
                bad(number, C.STATUS, f"'{now[C.STATUS]}' is not a status", f"choose one of {allowed}")
            else:
                since = today
                if _changed(now[C.STATUS_DATE], before.get(C.STATUS_DATE)) and now[C.STATUS_DATE] not in (None, ""):
                    since = _date(now[C.STATUS_DATE])
                    if since is None:
                        bad(number, C.STATUS_DATE, f"'{now[C.STATUS_DATE]}' is not a date",
                            "type the date the status changed, e.g. 2025-03-10, or leave it for today")
                if since is not None:
                    edit.status = (code, since)
        if edit.values or edit.status:
            edits.append(edit)
    if errors:
        raise errors[0] if len(errors) == 1 else ManyErrors(errors)
    return edits


def _snapshot(sheet) -> dict[str, dict]:
    rows = list(sheet.iter_rows(values_only=True))
    if len(rows) < 2:
        return {}
    names = [str(h) for h in rows[1]]
    return {str(r[0]): dict(zip(names, r, strict=False)) for r in rows[2:] if r and r[0]}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).replace(".", "-").replace("/", "-"))
    except ValueError:
        return None


def _changed(now, before) -> bool:
    """Compared as the user sees them: 2025-03-10 typed as text equals the date cell it was."""
    if isinstance(now, (dt.date, dt.datetime)) or isinstance(before, (dt.date, dt.datetime)):
        return _date(now) != _date(before)
    if isinstance(now, (int, float)) or isinstance(before, (int, float)):
        return C.won(now) != C.won(before) if now not in (None, "") else before not in (None, "")
    return _text(now) != _text(before)


def apply(config_path: Path, edits: list[Edit], lang: str, dry_run: bool, edition: dt.date | None) -> list[str]:
    """Write the edits into the run config's overrides (or, with dry_run, only say what would change)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    text = config_path.read_text(encoding="utf-8")
    data = yaml.load(text)
    overrides = data.get("overrides")
    if overrides is None:
        data["overrides"] = overrides = {}
    said: list[str] = []
    for edit in edits:
        entry = overrides.get(edit.rec_id)
        if entry is None:
            overrides[edit.rec_id] = entry = {}
        said += edit.describe(_current(entry))
        for key, value in edit.values.items():
            entry[key if lang == "ko" or key in ("due", "budget") else f"{key}_en"] = value
        if edit.status:
            _add_status(entry, *edit.status, edition, config_path)
    if dry_run or not edits:
        return said
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue()
    _validate(config_path, new_text)
    write_atomic(config_path, new_text.encode("utf-8"))
    return said


def _current(entry) -> dict:
    status = entry.get("status")
    history = entry.get("history") or []
    if history:
        status = history[-1].get("status")
    return {**{k: entry.get(k) for k in ("owner", "due", "budget", "note")}, "status": status}


def _add_status(entry, status: str, since: dt.date, edition: dt.date | None, config_path: Path) -> None:
    history = entry.get("history")
    if history is None:
        history = []
        old = entry.pop("status", None)
        # An undated status was true at least on the edition the register showed it in.
        if old and edition and edition < since:
            history.append({"date": edition, "status": old})
        entry["history"] = history
    if history and _date(history[-1].get("date")) and _date(history[-1]["date"]) >= since:
        raise BriefingError(f"the status date {since.isoformat()} is not after the last recorded change "
                            f"({_date(history[-1]['date']).isoformat()})", file=config_path,
                            hint="history steps go forward in time: set a later date in the status-date column")
    history.append({"date": since, "status": status})


def _validate(config_path: Path, text: str) -> None:
    """The edited config must load as the original did; checked on a copy beside it."""
    trial = config_path.with_name(f".{config_path.stem}.import-check{config_path.suffix}")
    try:
        trial.write_text(text, encoding="utf-8")
        load_config(trial)
    except BriefingError as exc:
        raise BriefingError(f"the imported values would make the run config invalid ({exc.problem})",
                            file=config_path, hint="nothing was written; fix the register's cells") from None
    finally:
        trial.unlink(missing_ok=True)
