"""manifest.json when several run configs write one folder (two cron jobs, say).

The top level describes the latest run, as it always has; `other_runs` keeps the latest run of
every other config that writes the folder, keyed by `config_key`, so no run's entries are lost
and none of its files is taken for a stale one. Written under the folder's build lock, by
`write_atomic`: a reader sees the old manifest or the new one, never a mix.
"""
from __future__ import annotations

from pathlib import Path

from briefing import resources


def config_key(path: Path | None) -> str:
    """Which config a run came from: its absolute path, or the built-in default's name."""
    return str(path.resolve()) if path is not None else resources.config_name(None)


def _key_of(run: dict) -> str:
    return str(run.get("config_key") or run.get("config") or "")


def own_run(manifest: dict, key: str) -> dict:
    """The latest run of this config that the manifest records, or {}."""
    if not manifest:
        return {}
    if _key_of(manifest) == key:
        return manifest
    return next((run for run in manifest.get("other_runs", []) if _key_of(run) == key), {})


def other_runs(manifest: dict, key: str) -> list[dict]:
    """Every other config's latest run, oldest manifests' layout included, in a stable order."""
    if not manifest:
        return []
    runs = [run for run in manifest.get("other_runs", []) if _key_of(run) != key]
    if _key_of(manifest) and _key_of(manifest) != key:
        runs.append({k: v for k, v in manifest.items() if k != "other_runs"})
    return sorted(runs, key=_key_of)


def files_of(runs: list[dict]) -> set[str]:
    """The files these runs wrote and keep (briefs, PDFs, Markdown, latest copies, redlines)."""
    names: set[str] = set()
    for run in runs:
        for entry in run.get("outputs", []):
            names.update(entry.get(k) for k in ("path", "pdf", "hwpx", "markdown", "latest", "redline") if entry.get(k))
            if entry.get("latest") and entry.get("hwpx"):
                names.add(str(Path(entry["latest"]).with_suffix(".hwpx")))
        if run.get("register"):
            names.add(run["register"]["path"])
    return names


def merged(new: dict, previous: dict) -> dict:
    """This run's manifest with the other configs' runs kept."""
    key = _key_of(new)
    others = other_runs(previous, key)
    return {**new, "other_runs": others} if others else new
