"""Write a source into a knowledge folder: sources/ID.txt, its entry in sources.yaml and its
drafts in findings.yaml.

The YAML files are edited as text, never round-tripped, so their comments and layout
stay as the reviewers wrote them: new items are appended, and `--replace` cuts out
exactly the lines of the old source entry and of its old drafts. Every file is written
atomically (temporary file, fsync, rename); each new text is parsed and validated
before anything is written, so a refusal leaves every file as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.atomic import write_atomic
from briefing.errors import BriefingError
from briefing.knowledge.model import Finding, Source
from briefing.knowledge.schema import Invalid, validate
from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,29}$")


@dataclass
class Item:
    id: str
    data: dict
    start: int   # 0-based index of the item's first line in the file's lines
    end: int     # index one past its last line


def _items(path: Path, key: str) -> tuple[list[str], list[Item]]:
    """The file's lines and its items with their line spans (the file must hold `key:` with a block list)."""
    if not path.exists():
        return [], []
    data = load_yaml(path)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if data is None:
        return lines, []
    if not isinstance(data, LineDict) or set(data) != {key}:
        raise BriefingError(f"the file must hold one key, '{key}:', with a list of items", file=path,
                            hint="fix the file by hand before adding a source")
    items = data[key]
    if items is None:
        return lines, []
    if not isinstance(items, LineList):
        raise BriefingError(f"'{key}' must be a list of items", file=path, line=data.key_lines[key])
    starts = [n - 1 for n in items.item_lines]
    if any(not lines[s].lstrip().startswith("- ") for s in starts):
        raise BriefingError(f"'{key}' is written in flow style ([...]); sources add appends block items only",
                            file=path, hint="write the list as '- id: ...' items")
    out = []
    for i, raw in enumerate(items):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        # Comments and blank lines just before the next item belong to it, not to this one.
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        if i + 1 < len(starts):
            while starts[i + 1] > 0 and end < starts[i + 1] and not lines[end].strip():
                end += 1
        out.append(Item(str(raw.get("id", "")) if isinstance(raw, dict) else "", raw, start, end))
    return lines, out


def _indent_of(lines: list[str], items: list[Item]) -> str:
    if items:
        line = lines[items[0].start]
        return line[: len(line) - len(line.lstrip())]
    return "  "


def dump_item(data: dict, indent: str, comment: str | None = None) -> str:
    text = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    body = "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))
    return (f"{indent}# {comment}\n" if comment else "") + body


def _with_items(lines: list[str], key: str, drop: list[Item], new_text: str) -> str:
    """The file's text without the dropped items' lines and with new_text appended to the list."""
    dropped = set()
    for item in drop:
        dropped.update(range(item.start, item.end))
        # the '# DRAFT ...' comment written above a draft goes with it
        if item.start > 0 and lines[item.start - 1].lstrip().startswith("# DRAFT"):
            dropped.add(item.start - 1)
    kept = [line for i, line in enumerate(lines) if i not in dropped]
    text = "".join(kept)
    if not text.strip():
        text = f"{key}:\n"
    elif re.search(rf"^{key}:\s*(\[\s*\])?\s*(#.*)?$", text, re.M) and not re.search(r"^\s*- ", text, re.M):
        text = re.sub(rf"^{key}:.*$", f"{key}:", text, count=1, flags=re.M)  # 'sources: []' -> block list
    if not text.endswith("\n"):
        text += "\n"
    if not text.endswith("\n\n") and new_text and re.search(r"^\s*- ", text, re.M):
        text += "\n"  # a blank line between the last item and the new ones
    return text + new_text


def _check(text: str, key: str, path: Path, model, expect: list[str]) -> None:
    """The new text parses, every item is valid, and the expected ids are there: else nothing is written."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:  # pragma: no cover - our own dump always parses
        raise BriefingError(f"the updated file would not be valid YAML ({e}); nothing was written", file=path) from None
    items = (data or {}).get(key) or []
    ids = [str(i.get("id")) for i in items if isinstance(i, dict)]
    missing = [i for i in expect if i not in ids]
    if missing:
        raise BriefingError(f"the updated file would lack {', '.join(missing)}; nothing was written", file=path,
                            hint="the file's layout is unusual: add the items by hand")
    for raw in items:
        if isinstance(raw, dict) and str(raw.get("id")) in expect:
            try:
                validate(model, _strings(raw))
            except Invalid as e:
                raise BriefingError(f"internal: the new item '{raw.get('id')}' is invalid ({e}); nothing was written",
                                    file=path) from None


def _strings(value):
    """yaml.safe_load turns dates into date objects; the loader keeps them as text."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass
class Plan:
    """Everything `sources add` will write, checked before the first byte is written."""

    text_path: Path
    text: str
    sources_path: Path
    sources_text: str
    findings_path: Path
    findings_text: str
    kept_approved: list[str]
    removed_drafts: list[str]


def existing_source(folder: Path, source_id: str) -> tuple[Path, int] | None:
    path = folder / "sources.yaml"
    lines, items = _items(path, "sources")
    for item in items:
        if item.id == source_id:
            return path, item.start + 1
    return None


def approved_lines(folder: Path, source_id: str) -> set[int]:
    """Lines of a source that approved findings already cite (a reviewer has dealt with them)."""
    from briefing.knowledge.model import parse_lines

    _, items = _items(folder / "findings.yaml", "findings")
    out: set[int] = set()
    for item in items:
        if not isinstance(item.data, dict) or item.data.get("status", "approved") == "draft":
            continue
        for c in item.data.get("citations") or []:
            if isinstance(c, dict) and c.get("source") == source_id and c.get("lines") is not None:
                try:
                    out.update(parse_lines(str(c["lines"])))
                except ValueError:
                    continue
    return out


def next_draft_number(folder: Path, prefix: str, *, replace: bool = False) -> int:
    """The number after the highest F-ID-NN in use; with --replace the old drafts free theirs."""
    _, items = _items(folder / "findings.yaml", "findings")
    numbers = [int(m[1]) for item in items if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", item.id))
               and not (replace and isinstance(item.data, dict) and item.data.get("status") == "draft")]
    return max(numbers, default=0) + 1


def plan(folder: Path, source: dict, lines: list[str], drafts: list[dict], *, replace: bool) -> Plan:
    sid = source["id"]
    sources_path = folder / "sources.yaml"
    findings_path = folder / "findings.yaml"
    s_lines, s_items = _items(sources_path, "sources")
    old = [i for i in s_items if i.id == sid]
    if old and not replace:
        raise BriefingError(f"a source with the id '{sid}' already exists", file=sources_path, line=old[0].start + 1,
                            hint="pass --replace to replace its text and drafts (approved findings are kept), "
                                 "or choose another --id")
    sources_text = _with_items(s_lines, "sources", old, dump_item(source, _indent_of(s_lines, s_items)))
    _check(sources_text, "sources", sources_path, Source, [sid])

    f_lines, f_items = _items(findings_path, "findings")
    cites = [i for i in f_items if isinstance(i.data, dict)
             and any(isinstance(c, dict) and c.get("source") == sid for c in i.data.get("citations") or [])]
    old_drafts = [i for i in cites if i.data.get("status") == "draft"] if replace else []
    kept = [i.id for i in cites if i.data.get("status", "approved") != "draft"]
    indent = _indent_of(f_lines, f_items)
    new = "\n".join(dump_item(d, indent, comment=f"DRAFT from {sid} line {d['citations'][0]['lines']}: copies the "
                                                 "source; rewrite ko and en, then set status: approved")
                    for d in drafts)
    findings_text = _with_items(f_lines, "findings", old_drafts, new)
    _check(findings_text, "findings", findings_path, Finding, [d["id"] for d in drafts])
    return Plan(folder / "sources" / f"{sid}.txt", "".join(line + "\n" for line in lines), sources_path,
                sources_text, findings_path, findings_text, kept, [i.id for i in old_drafts])


def write(p: Plan) -> None:
    """The text first, then the source, then its drafts: a failure part-way leaves a loadable knowledge base."""
    p.text_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(p.text_path, p.text.encode("utf-8"))
    write_atomic(p.sources_path, p.sources_text.encode("utf-8"))
    write_atomic(p.findings_path, p.findings_text.encode("utf-8"))
