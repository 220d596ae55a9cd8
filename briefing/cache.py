"""The user's cache folder for things that are slow to make and safe to reuse (charts,
compiled templates, the checked knowledge base): ~/.cache/briefing, or
$XDG_CACHE_HOME/briefing; BRIEFING_NO_CACHE=1 turns it off. Everything in it is keyed
by content, so a stale entry is never used."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    if os.environ.get("BRIEFING_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "briefing" / kind
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def read(kind: str, name: str) -> bytes | None:
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def store(kind: str, name: str, data: bytes) -> None:
    """Best effort, atomic: a cache that cannot be written is no error."""
    folder = cache_dir(kind)
    if folder is None:
        return
    path = folder / name
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
    except BaseException:  # stopped by a signal: leave no temporary file behind
        tmp.unlink(missing_ok=True)
        raise
