"""Build several run configs in one run, in parallel processes with --jobs.

One config: its briefs are rendered in parallel. Several configs: each config is
built whole in a worker, so planning and rendering overlap. A failing
organisation never stops the others.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import EXIT_BAD_INPUT, BriefingError
from briefing.resources import config_name
from briefing.run.fingerprint import output_folder, run_fingerprint, unchanged_run
from briefing.run.options import BuildOptions
from briefing.run.pool import fork_ready, worker_pool


@dataclass
class Outcome:
    config: str
    manifest: dict | None = None
    error: BriefingError | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        if self.error is not None:
            return [self.error.format_message()]
        return [f"{o['path']}: {o['error']}" for o in self.manifest["outputs"] if o["status"] == "failed"]

    @property
    def bad_input(self) -> bool:
        return self.error is not None and self.error.exit_code == EXIT_BAD_INPUT


def _pool(jobs: int):
    # The workers of a run of several configs build whole configs: with fork they inherit
    # the build module instead of importing it once each.
    import briefing.run.build  # noqa: F401

    return worker_pool(jobs)


def _unchanged(path: Path | None, overrides: dict, options: BuildOptions) -> Outcome | None:
    """The outcome of a run whose inputs and outputs are as the last run left them, or None."""
    fingerprint = run_fingerprint(path, overrides, options.day, options.output_switches)
    manifest = unchanged_run(*fingerprint) if fingerprint is not None else None
    if manifest is None:
        return None
    return Outcome(config_name(path), manifest=manifest, warnings=manifest.get("warnings", []))


def build_config(path: Path | None, overrides: dict, options: BuildOptions, pool=None) -> Outcome:
    display = config_name(path)
    from briefing.knowledge.config import load_config
    from briefing.run.build import build

    def fingerprint() -> str | None:
        # Taken after the build: the edition records it writes are inputs of the next run.
        found = run_fingerprint(path, overrides, options.day, options.output_switches)
        return found[0] if found else None

    try:
        loaded = load_config(path).with_overrides(**overrides)
        result = build(loaded, options, pool, fingerprint)
    except BriefingError as e:
        return Outcome(display, error=e)
    return Outcome(display, manifest=result.manifest(), warnings=result.warnings)


def _shared_folders(paths: list[Path | None], overrides: dict) -> dict[int, Outcome]:
    """Failed outcomes for configs that would write into a folder an earlier config of the run writes.

    They would overwrite each other's briefs and manifest (and, built in parallel, wait on
    each other's lock), so only the first config to name a folder is built.
    """
    first: dict[Path, Path | None] = {}
    clashes = {}
    for i, path in enumerate(paths):
        folder = output_folder(path, overrides)
        if folder is None:
            continue  # the build reports what is wrong with this config
        folder = folder.resolve()
        if folder not in first:
            first[folder] = path
            continue
        clashes[i] = Outcome(config_name(path), error=BriefingError(
            f"its output folder {folder} is also the output folder of {config_name(first[folder])}, "
            "earlier in this run, so it was not built", file=config_name(path),
            hint="give each run config its own 'dir:' under 'output:'"))
    return clashes


def build_many(paths: list[Path | None], overrides: dict, options: BuildOptions, jobs: int) -> list[Outcome]:
    outcomes = _shared_folders(paths, overrides) if len(paths) > 1 else {}
    if options.if_changed:
        # Unchanged runs end here, before the worker pool and the modules it needs are loaded.
        for i, path in enumerate(paths):
            outcome = _unchanged(path, overrides, options) if i not in outcomes else None
            if outcome is not None:
                outcomes[i] = outcome
    todo = [i for i in range(len(paths)) if i not in outcomes]
    if jobs <= 1 or not todo:
        for i in todo:
            outcomes[i] = build_config(paths[i], overrides, options)
    elif len(todo) == 1:
        with _pool(jobs) as pool:
            outcomes[todo[0]] = build_config(paths[todo[0]], overrides, options, pool)
    else:
        no_progress = BuildOptions(**{**options.__dict__, "progress": None})
        with _pool(jobs) as pool:
            fork_ready()
            futures = {i: pool.submit(build_config, paths[i], overrides, no_progress) for i in todo}
            outcomes.update({i: f.result() for i, f in futures.items()})
    return [outcomes[i] for i in range(len(paths))]
