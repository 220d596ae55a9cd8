"""`briefing sources add|list|show`: the click commands. Only click is imported here;
the analyser, scikit-learn and the extractors load inside `add` when it runs."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from briefing.errors import BriefingError
from briefing.resources import config_paths

# model.SourceKind (a test keeps them equal): importing briefing.knowledge.model here would slow every command's start.
KINDS = ["article", "report", "law", "guidance", "press_release", "paper", "model_card", "licence", "dataset"]
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@click.group(name="sources")
def sources() -> None:
    """Add a source (article, press release, guideline) and draft findings from it; list and show sources."""


def _knowledge_dirs(knowledge: tuple[Path, ...], configs: tuple[Path, ...]) -> list[Path]:
    if knowledge:
        return list(knowledge)
    from briefing.knowledge.config import load_config

    return list(load_config(config_paths(configs)[0]).knowledge_dirs)


@sources.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-k", "--knowledge", "folder", required=True, type=click.Path(path_type=Path),
              help="The knowledge folder to add the source to (created when missing).")
@click.option("--id", "source_id", required=True, help="Short, stable, lower-case id, e.g. kbs-2025-02-06.")
@click.option("--title", help="Title (default: the file's metadata, else its first line).")
@click.option("--outlet", help="Publisher or outlet (default: the file's metadata).")
@click.option("--date", "date", help="Publication date YYYY-MM-DD (default: the file's metadata).")
@click.option("--url", help="Address of the original.")
@click.option("--kind", type=click.Choice(KINDS), default="article", show_default=True)
@click.option("--replace", is_flag=True,
              help="Replace a source with the same id and its drafts; approved findings stay.")
@click.option("--json", "as_json", is_flag=True, help="Print the source and its drafts as JSON.")
def add(file, folder, source_id, title, outlet, date, url, kind, replace, as_json):
    """Store FILE (txt, html, pdf, docx, hwpx) as a source and write draft findings from it."""
    from briefing.ingest.pipeline import add_source

    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,29}", source_id):
        raise click.BadParameter("use 1-30 lower-case letters, digits, '.', '_' or '-', starting with a letter or "
                                 "digit", param_hint="--id")
    if date and not _DATE.fullmatch(date):
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--date")
    if url and not re.fullmatch(r"https?://\S+", url):
        raise click.BadParameter("use an http:// or https:// address", param_hint="--url")
    result = add_source(file, folder, source_id=source_id, title=title, outlet=outlet, date=date, url=url,
                        kind=kind, replace=replace)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"added source '{source_id}' ({result.format}, {len(result.lines)} lines) to {folder}")
    for note in result.notes:
        click.echo(f"  note: {note}")
    click.echo(f"  {len(result.drafts)} draft finding(s) in {folder / 'findings.yaml'} (status: draft)")
    if result.kept_approved:
        click.echo(f"  kept approved finding(s) citing it: {', '.join(result.kept_approved)}"
                   " (check their line numbers against the new text)")
    click.echo(f"next: `briefing sources show {source_id} -k {folder}`, rewrite each draft in Korean and English, "
               "set status: approved, then `briefing check`")


@sources.command(name="list")
@click.option("-k", "--knowledge", "knowledge", multiple=True, type=click.Path(path_type=Path),
              help="Knowledge folder(s) merged over the built-in one (default: the run config's).")
@click.option("-c", "--config", "configs", multiple=True, type=click.Path(path_type=Path), help="Run config.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date to count ages from (default: today).")
@click.option("--own", is_flag=True, help="Only the sources of your knowledge folders, not the built-in ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def list_sources(knowledge, configs, today, own, as_json):
    """Each source: date, age in days, kind, and the approved and draft findings citing it.
    Your folders' sources come first, then the built-in ones."""
    from briefing.ingest.drafts import known_by
    from briefing.knowledge.loader import load_knowledge

    dirs = _knowledge_dirs(knowledge, configs)
    kb = load_knowledge(dirs)
    today = today.date() if today else dt.date.today()
    counts: dict[str, dict[str, int]] = {sid: {"approved": 0, "draft": 0} for sid in kb.sources}
    for f in kb.findings.values():
        for sid in {c.source for c in f.citations}:
            if sid in counts:
                counts[sid][getattr(f, "status", "approved")] += 1
    mine = _own_source_ids(dirs)
    rows = []
    for s in sorted(kb.sources.values(), key=lambda s: (known_by(s.date), s.id), reverse=True):
        if own and s.id not in mine:
            continue
        rows.append({"id": s.id, "own": s.id in mine, "date": s.date, "age_days": (today - known_by(s.date)).days,
                     "kind": s.kind, "approved": counts[s.id]["approved"], "draft": counts[s.id]["draft"],
                     "title": s.title})
    rows.sort(key=lambda r: not r["own"])  # stable: newest first within each group
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':<22} {'from':<8} {'date':<10} {'age':>6} {'kind':<13} {'approved':>8} {'draft':>5}  title")
    for r in rows:
        origin = "yours" if r["own"] else "built-in"
        click.echo(f"{r['id']:<22} {origin:<8} {r['date']:<10} {r['age_days']:>5}d {r['kind']:<13} "
                   f"{r['approved']:>8} {r['draft']:>5}  {r['title'][:60]}")
    if not rows:
        click.echo("no sources of your own yet: `briefing sources add FILE -k FOLDER --id ID` adds one" if own
                   else "no sources")


def _own_source_ids(dirs: list[Path]) -> set[str]:
    """The ids your knowledge folders define (a folder's source replaces a built-in one of its id)."""
    import yaml

    ids: set[str] = set()
    for folder in dirs:
        path = Path(folder) / "sources.yaml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            ids.update(str(item["id"]) for item in data.get("sources") or [] if isinstance(item, dict) and "id" in item)
    return ids


@sources.command()
@click.argument("source_id")
@click.option("-k", "--knowledge", "knowledge", multiple=True, type=click.Path(path_type=Path),
              help="Knowledge folder(s) merged over the built-in one (default: the run config's).")
@click.option("-c", "--config", "configs", multiple=True, type=click.Path(path_type=Path), help="Run config.")
def show(source_id, knowledge, configs):
    """A source's draft findings (and approved ones) with the lines they cite."""
    from briefing.ingest.figures import as_people_write_it
    from briefing.knowledge.loader import load_knowledge

    dirs = _knowledge_dirs(knowledge, configs)
    kb = load_knowledge(dirs)
    source = kb.sources.get(source_id)
    if source is None:
        raise BriefingError(f"no source '{source_id}' in the knowledge base",
                            hint="`briefing sources list -k FOLDER` shows the ids")
    from briefing.knowledge.factcheck import SourceFiles

    lines = SourceFiles(dirs, None).lines(source.id, source.file) or []
    click.echo(f"{source.id}: {source.title} — {source.outlet.ko}, {source.date}, {source.kind}")
    citing = [f for f in kb.findings.values() if any(c.source == source_id for c in f.citations)]
    citing.sort(key=lambda f: (getattr(f, "status", "approved") != "draft", f.id))
    if not citing:
        click.echo("  no findings cite it")
    for f in citing:
        status = getattr(f, "status", "approved")
        click.echo(f"\n[{status}] {f.id}  topic: {f.topic}  confidence: {f.confidence}")
        click.echo(f"  ko: {f.text.ko}")
        if status != "draft":
            click.echo(f"  en: {f.text.en}")
        for fig in f.figures:
            click.echo(f"  figure: {fig.label.ko} = {as_people_write_it(fig.value, fig.unit.ko)}")
        for c in f.citations:
            if c.source != source_id:
                continue
            for n in c.line_numbers:
                text = lines[n - 1] if 0 < n <= len(lines) else "(line not in the stored text)"
                click.echo(f"  line {n}: {text}")
