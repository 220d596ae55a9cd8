"""A whole run's inputs as one hash, computed without loading models or templates.

`--if-changed` compares it with the manifest first: when nothing a run reads has
changed (run config, knowledge and template folders, reference document, package
version, command-line overrides and output switches, the day, the edition records
in the output folder), the run is done
before python-docx, the models or Jinja2 are even imported. Anything unusual
returns None and the normal, per-brief check decides.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from briefing import __version__, cache, resources
from briefing.errors import BriefingError

MANIFEST_NAME = "manifest.json"


def _hash_folder(h, folder: Path) -> None:
    if not folder.is_dir():
        h.update(b"missing:" + str(folder).encode())
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())


_SETTINGS = ("dir", "knowledge", "templates", "reference_docx")


def _run_settings(source: Path, data: bytes) -> dict | None:
    """The settings of a run config that name inputs and the output folder, as written.

    They are kept in the user's cache under the hash of the file's bytes, so an unchanged
    config is not parsed again: YAML's import alone is a sixth of an --if-changed run.
    """
    name = hashlib.sha256(data).hexdigest() + ".json"
    cached = cache.read("configs", name)
    if cached is not None:
        try:
            settings = json.loads(cached)
        except ValueError:
            settings = None
        if isinstance(settings, dict) and set(settings) == set(_SETTINGS):
            return settings
    from briefing.knowledge.yamlfile import load_yaml

    raw = load_yaml(source)
    if not isinstance(raw, dict) or not isinstance(raw.get("output") or {}, dict):
        return None
    settings = {"dir": (raw.get("output") or {}).get("dir", "briefs"), "knowledge": raw.get("knowledge") or [],
                "templates": raw.get("templates"), "reference_docx": raw.get("reference_docx")}
    texts = [settings["dir"], settings["templates"], settings["reference_docx"]]
    if not (isinstance(settings["knowledge"], list) and all(isinstance(k, str) for k in settings["knowledge"])
            and all(t is None or isinstance(t, str) for t in texts)):
        return None  # a bad config: the build reports it
    cache.store("configs", name, json.dumps(settings).encode("utf-8"))
    return settings


class _RunSettings:
    """A run config's bytes and input settings, with its paths resolved as LoadedConfig does."""

    def __init__(self, config: Path | None):
        source = config if config is not None else resources.default_config()
        self.data = source.read_bytes()
        self.settings = _run_settings(source, self.data)
        self.base = config.resolve().parent if config is not None else Path.cwd()

    def resolve(self, value) -> Path:
        p = Path(str(value)).expanduser()
        return p if p.is_absolute() else self.base / p

    def output_dir(self, overrides: dict) -> Path:
        return self.resolve(overrides.get("output.dir") or self.settings["dir"])


_UNREADABLE = (BriefingError, OSError, TypeError, ValueError, AttributeError)


def output_folder(config: Path | None, overrides: dict) -> Path | None:
    """The folder a run config writes into, or None when the config cannot be read cheaply."""
    try:
        run = _RunSettings(config)
        return run.output_dir(overrides) if run.settings is not None else None
    except _UNREADABLE:
        return None


def run_fingerprint(config: Path | None, overrides: dict, today: dt.date,
                    switches: str = "") -> tuple[str, Path] | None:
    """(digest, output folder) of a run, or None when the config cannot be read cheaply.

    switches: the options that change which files are written (BuildOptions.output_switches).
    """
    try:
        run = _RunSettings(config)
        settings = run.settings
        if settings is None:
            return None
        h = hashlib.sha256()
        h.update(json.dumps([__version__, str(run.base), today.isoformat(), switches,
                            sorted(map(str, overrides.items()))]).encode())
        h.update(run.data)
        folders = [resources.knowledge_dir(), *map(run.resolve, settings["knowledge"]), resources.templates_dir()]
        if settings["templates"]:
            folders.append(run.resolve(settings["templates"]))
        for folder in folders:
            _hash_folder(h, folder)
        # Earlier editions decide each brief's "what changed" section.
        _hash_folder(h, run.output_dir(overrides) / "editions")
        reference = overrides.get("reference_docx") or settings["reference_docx"]
        ref_path = run.resolve(reference) if reference else resources.default_reference_docx()
        h.update(hashlib.sha256(ref_path.read_bytes()).digest())
        return h.hexdigest(), run.output_dir(overrides)
    except _UNREADABLE:
        return None


def read_manifest(folder: Path) -> dict:
    """The manifest a previous run left in folder, or {} when there is none (or it is unreadable)."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def output_intact(folder: Path, entry: dict) -> bool:
    """The brief (and its PDF) a manifest entry records are still there, byte for byte."""
    path = folder / entry.get("path", "")
    try:
        if path.stat().st_size != entry.get("size"):
            return False
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            return False
    except OSError:
        return False
    return all(not entry.get(kind) or (folder / entry[kind]).is_file() for kind in ("pdf", "hwpx"))


def unchanged_run(digest: str, out_dir: Path) -> dict | None:
    """The previous run made from exactly these inputs, when its files are intact: the manifest's
    own run, or another config's kept in `other_runs` (two configs writing one folder)."""
    manifest = read_manifest(out_dir)
    runs = [{k: v for k, v in manifest.items() if k != "other_runs"}, *manifest.get("other_runs", [])]
    run = next((r for r in runs if r.get("inputs") == digest and r.get("status") == "ok"), None)
    if run is None:
        return None
    for entry in run.get("outputs", []):
        if not output_intact(out_dir, entry):
            return None
        entry["status"] = "unchanged"
    return run
