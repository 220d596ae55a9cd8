"""What the fact check reports, and where each knowledge item is defined (for file:line in a report)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing import resources
from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml


@dataclass(frozen=True)
class Report:
    """One thing a reader of the brief could not verify from the cited lines."""

    file: str
    line: int | None
    item: str  # finding id, or the template's name
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.item}: {self.message}"


@dataclass
class FactCheckResult:
    reports: list[Report]
    checked: int = 0  # findings compared with their cited lines
    ignored: int = 0  # findings with check: {ignore: ...}
    unchecked: int = 0  # findings citing a source without a readable file
    drafts: int = 0  # status: draft, left until approved


def item_origins(kind: str, knowledge_dirs: list[Path]) -> dict[str, tuple[Path, int]]:
    """item id -> (file, line) of the definition that won the merge (findings, recommendations, audiences)."""
    origins: dict[str, tuple[Path, int]] = {}
    for folder in [resources.knowledge_dir(), *knowledge_dirs]:
        path = folder / f"{kind}.yaml"
        if not path.is_file():
            continue
        data = load_yaml(path)
        items = data.get(kind) if isinstance(data, LineDict) else None
        if not isinstance(items, LineList):
            continue
        for raw, line in zip(items, items.item_lines, strict=False):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                origins[raw["id"]] = (path, line)
    return origins


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
