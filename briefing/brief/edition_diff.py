"""`briefing diff`: compare two editions of the briefs, by date in one folder or across two folders."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.brief.editions import Edition, compare, editions_in, read_record
from briefing.errors import BriefingError


def _as_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def compares_folders(old: str | None, new: str | None) -> bool:
    """Two output folders were named (no output folder of a run config is needed)."""
    return bool(old and new) and _as_date(old) is None and _as_date(new) is None


def _pairs_by_dates(folder: Path, old: dt.date | None, new: dt.date | None) -> list[tuple[Edition, Edition]]:
    """(older, newer) records per audience and language in one folder.

    Both dates: those two editions. Only new: it and the edition before it. Neither:
    the newest edition and the one before it.
    """
    found = editions_in(folder)
    if not found:
        raise BriefingError("no edition records here", file=folder,
                            hint="build at least two editions into this folder (briefing build --as-of DATE)")
    dates = sorted({e.date for e in found})
    for day in (old, new):
        if day is not None and day not in dates:
            raise BriefingError(f"no edition dated {day.isoformat()}", file=folder,
                                hint="editions here: " + ", ".join(d.isoformat() for d in dates))
    groups: dict[tuple[str, str], dict[dt.date, Edition]] = {}
    for e in found:
        groups.setdefault((e.audience, e.lang), {})[e.date] = e
    pairs = []
    for _, by_date in sorted(groups.items()):
        newer_day = new or max(by_date)
        earlier = [d for d in by_date if d < newer_day]
        older_day = old if old is not None else (max(earlier) if earlier else None)
        if older_day in by_date and newer_day in by_date and older_day != newer_day:
            pairs.append((by_date[older_day], by_date[newer_day]))
    return pairs


def _newest(folder: Path) -> dict[tuple[str, str], Edition]:
    newest = {}
    for e in editions_in(folder):
        newest[(e.audience, e.lang)] = e  # oldest first, so the last one wins
    if not newest:
        raise BriefingError("no edition records here", file=folder, hint="build into this folder first")
    return newest


def diff_editions(old: str | None, new: str | None, folder: Path,
                  audiences: tuple[str, ...] = (), languages: tuple[str, ...] = ()) -> list[dict]:
    """The comparisons asked for: OLD and NEW are dates (in folder) or two folders."""
    old_day = _as_date(old) if old else None
    new_day = _as_date(new) if new else None
    if compares_folders(old, new):
        a, b = _newest(Path(old)), _newest(Path(new))
        pairs = [(a[key], b[key]) for key in sorted(set(a) & set(b))]
    elif (old and old_day is None) or (new and new_day is None):
        raise BriefingError("compare two dates (YYYY-MM-DD) or two output folders, not one of each",
                            file=old if old_day is None else new)
    else:
        if old_day and not new_day:  # one date given: it is the newer edition
            old_day, new_day = None, old_day
        if old_day and new_day and old_day > new_day:
            old_day, new_day = new_day, old_day
        pairs = _pairs_by_dates(folder, old_day, new_day)
    result = []
    for older, newer in pairs:
        if (audiences and newer.audience not in audiences) or (languages and newer.lang not in languages):
            continue
        old_rec, new_rec = read_record(older.path), read_record(newer.path)
        diff = compare(old_rec, new_rec)
        diff["titles"] = {rid: (new_rec["recommendations"].get(rid) or old_rec["recommendations"].get(rid) or {})
                          .get("title", "") for rid in _rec_ids(diff)}
        diff["finding_texts"] = {fid: new_rec["findings"][fid]["text"] for fid in diff["findings"]["added"]}
        diff["source_titles"] = {sid: new_rec["sources"][sid]["title"] for sid in diff["sources"]["added"]}
        result.append(diff)
    return result


def _rec_ids(diff: dict) -> list[str]:
    recs = diff["recommendations"]
    return [*recs["added"], *recs["removed"], *recs["changed"]]


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_text(diffs: list[dict]) -> str:
    """Plain text, one block per audience and language, one line per change."""
    if not diffs:
        return "no two editions to compare"
    blocks = []
    for d in diffs:
        lines = [f"{d['audience']}/{d['lang']}: edition {d['from']} -> {d['to']}"]
        recs, titles = d["recommendations"], d["titles"]
        lines += [f"  + recommendation {rid}: {titles[rid]}" for rid in recs["added"]]
        lines += [f"  - recommendation {rid}: {titles[rid]}" for rid in recs["removed"]]
        for rid, fields in recs["changed"].items():
            what = "; ".join("action reworded" if name == "action" else f"{name}: {v['from']} -> {v['to']}"
                             for name, v in fields.items())
            lines.append(f"  ~ recommendation {rid} ({titles[rid]}): {what}")
        lines += [f"  + finding {fid}: {_short(d['finding_texts'][fid])}" for fid in d["findings"]["added"]]
        lines += [f"  - finding {fid}" for fid in d["findings"]["removed"]]
        lines += [f"  ~ finding {fid}: text revised" for fid in d["findings"]["revised"]]
        lines += [f"  + source {sid}: {d['source_titles'][sid]}" for sid in d["sources"]["added"]]
        lines += [f"  - source {sid}" for sid in d["sources"]["removed"]]
        if len(lines) == 1:
            lines.append("  no changes")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
