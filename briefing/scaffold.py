"""`briefing init DIR`: a new organisation's folder, ready to edit."""
from __future__ import annotations

import shutil
from pathlib import Path

from briefing import resources
from briefing.errors import BriefingError


def scaffold(directory: Path, new_event: bool = False) -> list[Path]:
    """Copy a scaffold into directory; never overwrite a file.

    config/scaffold/: an organisation's folder over the built-in knowledge base;
    config/scaffold-event/: a knowledge folder for a new subject, built on its own.
    """
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
    created = []
    for src, target in planned:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        created.append(target)
    return created
