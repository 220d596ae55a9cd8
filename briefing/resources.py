"""Where the built-in knowledge base, templates, run config and reference document are,
and which run config a command reads.

They live once, at the top of the repository (`knowledge/`, `templates/`,
`config/`), and setup.cfg maps them into the wheel as `briefing._knowledge`,
`briefing._templates` and `briefing._config`. From a source checkout that is not
installed, the top-level folders are used directly.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_CONFIG_NAME = "briefing.yaml"


def _builtin(package: str, folder: str) -> Path:
    installed = _PACKAGE / package  # in the wheel: briefing/_knowledge, ...
    return installed if installed.is_dir() else _PACKAGE.parent / folder


def knowledge_dir() -> Path:
    return _builtin("_knowledge", "knowledge")


def templates_dir() -> Path:
    return _builtin("_templates", "templates")


def config_dir() -> Path:
    return _builtin("_config", "config")


def default_config() -> Path:
    return config_dir() / "default.yaml"


def config_paths(paths: tuple[Path, ...]) -> list[Path | None]:
    """The run configs a command reads: -c files as given; else ./briefing.yaml when present;
    else the built-in default (None)."""
    if paths:
        return list(paths)
    local = Path(DEFAULT_CONFIG_NAME)
    return [local] if local.is_file() else [None]


def config_name(path: Path | None) -> str:
    """How messages name a run config; None is the built-in default."""
    return str(path) if path else "<built-in default config>"


def default_reference_docx() -> Path:
    return templates_dir() / "reference.docx"
