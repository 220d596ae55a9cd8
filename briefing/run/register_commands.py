"""`briefing register import`: the click command (openpyxl and ruamel.yaml load when it runs)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefing.errors import BriefingError
from briefing.resources import config_paths


@click.group(name="register")
def register() -> None:
    """The action register (Excel) that `briefing build --xlsx` writes."""


@register.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-c", "--config", "configs", multiple=True, type=click.Path(path_type=Path),
              help="The run config to write the overrides into (default: briefing.yaml here).")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True,
              help="The date of a status change whose status-date cell was left as it was.")
def import_register(file, configs, dry_run, today):
    """Read owner, due, status, budget and note edits from FILE back into the run config's overrides."""
    from briefing.knowledge.loader import load_knowledge
    from briefing.run.register_import import apply, read_edits

    if not file.is_file():
        raise BriefingError("no such file", file=file,
                            hint="pass the register .xlsx that `briefing build --xlsx` wrote")
    paths = config_paths(configs)
    if len(paths) != 1 or paths[0] is None:
        raise BriefingError("register import writes into one run config file", hint="pass it with -c CONFIG")
    from briefing.knowledge.config import load_config

    loaded = load_config(paths[0])
    knowledge = load_knowledge(list(loaded.knowledge_dirs))
    edits = read_edits(file, set(knowledge.recommendations), today.date() if today else dt.date.today())
    edition = _edition(file)
    said = apply(paths[0], edits, loaded.config.languages[0], dry_run, edition)
    for line in said:
        click.echo(line)
    if not said:
        click.echo(f"no edits in {file}: {paths[0]} unchanged")
    elif dry_run:
        click.echo(f"dry run: {paths[0]} unchanged ({len(edits)} recommendation(s) would change)")
    else:
        click.echo(f"wrote {paths[0]}: {len(edits)} recommendation(s) changed; the next build shows them")


def _edition(file: Path) -> dt.date | None:
    import openpyxl

    from briefing.render.xlsx import columns as C

    sheet = openpyxl.load_workbook(file, read_only=True)[C.SNAPSHOT_SHEET]
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    value = first[1] if len(first) > 1 else None
    return value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else None
