"""`briefing schema` and `briefing init`: the click commands of setting up."""
from __future__ import annotations

from pathlib import Path

import click

from briefing.resources import DEFAULT_CONFIG_NAME

SCHEMA_NAMES = ("config", "sources", "findings", "recommendations", "rules", "audiences", "topics", "event",
                "frameworks", "industries")


@click.command(name="schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema_(name):
    """Print the JSON Schema of the run config or of a knowledge file (for editors)."""
    from briefing.setup.editor_schema import documents, render

    schemas = documents()
    if name not in schemas:
        raise click.UsageError(f"this version has no '{name}' knowledge file; known: {', '.join(schemas)}")
    click.echo(render(schemas[name]), nl=False)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--new-event", is_flag=True,
              help="Start a knowledge folder for a new subject (its own event.yaml, topics and charts) "
                   "instead of adding to the built-in DeepSeek knowledge.")
def init(directory, new_event):
    """Create a folder for a new organisation (or, with --new-event, a new subject) to start from."""
    from briefing.setup.scaffold import scaffold

    for path in scaffold(directory, new_event):
        click.echo(f"created {path}")
    click.echo(f"next: edit {directory / DEFAULT_CONFIG_NAME}, then run "
               f"`briefing build -c {directory / DEFAULT_CONFIG_NAME}`")
