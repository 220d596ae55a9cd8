"""`briefing init DIR`: a new organisation's folder, ready to edit."""
from __future__ import annotations

import shutil
from pathlib import Path

from briefing import resources
from briefing.errors import BriefingError

SCHEMA_FOLDER = "schemas"


def _schema_for(rel: Path) -> str | None:
    """The editor schema a scaffold file follows: the run config, or a knowledge file by its name."""
    from briefing.setup.editor_schema import documents

    if rel.suffix != ".yaml":
        return None
    if rel.parent == Path("."):
        return "config"
    return rel.stem if rel.parent.name == "knowledge" and rel.stem in documents() else None


def scaffold(directory: Path, new_event: bool = False) -> list[Path]:
    """Copy a scaffold into directory; never overwrite a file.

    config/scaffold/: an organisation's folder over the built-in knowledge base;
    config/scaffold-event/: a knowledge folder for a new subject, built on its own.
    The JSON Schemas go into DIR/schemas/, and each YAML file starts with the
    `# yaml-language-server: $schema=...` line that points editors (VS Code's YAML
    extension, and others using yaml-language-server) at its schema.
    """
    from briefing.setup.editor_schema import documents, file_name, modeline, render

    source = resources.config_dir() / ("scaffold-event" if new_event else "scaffold")
    if directory.exists() and not directory.is_dir():
        raise BriefingError("exists and is not a folder", file=directory, hint="choose another path")
    planned = []
    for src in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = src.relative_to(source)
        target = directory / (rel.with_suffix("") if rel.suffix == ".tmpl" else rel)
        if target.exists():
            raise BriefingError("would overwrite an existing file", file=target,
                                hint="init only creates new folders; move the file or choose another folder")
        planned.append((src, target))
    schemas = {directory / SCHEMA_FOLDER / file_name(name): render(schema) for name, schema in documents().items()}
    for target in schemas:
        if target.exists():
            raise BriefingError("would overwrite an existing file", file=target,
                                hint="init only creates new folders; move the file or choose another folder")
    created = []
    for src, target in planned:
        target.parent.mkdir(parents=True, exist_ok=True)
        rel = target.relative_to(directory)
        kind = _schema_for(rel)
        if kind is None:
            shutil.copyfile(src, target)
        else:
            up = "../" * (len(rel.parts) - 1)
            text = modeline(f"{up}{SCHEMA_FOLDER}/{file_name(kind)}") + src.read_text(encoding="utf-8")
            target.write_text(text, encoding="utf-8")
        created.append(target)
    for target, text in schemas.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        created.append(target)
    return created
