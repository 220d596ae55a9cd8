"""Build several run configs in one run, in parallel processes with --jobs.

One config: its briefs are rendered in parallel. Several configs: each config is
built whole in a worker, so planning and rendering overlap. A failing
organisation never stops the others.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import EXIT_BAD_INPUT, BriefingError
from briefing.fingerprint import run_fingerprint, unchanged_run
from briefing.options import BuildOptions


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


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork shares the already imported modules with the workers (fast start); elsewhere spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        import briefing.build  # noqa: F401  (imported once here, not once per worker)
        import briefing.render.docx  # noqa: F401
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def build_config(path: Path | None, overrides: dict, options: BuildOptions, pool=None) -> Outcome:
    display = str(path) if path else "<built-in default config>"
    fingerprint = run_fingerprint(path, overrides, options.day)
    if options.if_changed and fingerprint is not None:
        manifest = unchanged_run(*fingerprint)
        if manifest is not None:
            return Outcome(display, manifest=manifest, warnings=manifest.get("warnings", []))
    from briefing.build import build
    from briefing.config import load_config

    try:
        loaded = load_config(path).with_overrides(**overrides)
        result = build(loaded, options, pool, fingerprint[0] if fingerprint else None)
    except BriefingError as e:
        return Outcome(display, error=e)
    return Outcome(display, manifest=result.manifest(), warnings=result.warnings)


def build_many(paths: list[Path | None], overrides: dict, options: BuildOptions, jobs: int) -> list[Outcome]:
    if jobs <= 1:
        return [build_config(p, overrides, options) for p in paths]
    with _pool(jobs) as pool:
        if len(paths) == 1:
            return [build_config(paths[0], overrides, options, pool)]
        no_progress = BuildOptions(**{**options.__dict__, "progress": None})
        futures = [pool.submit(build_config, p, overrides, no_progress) for p in paths]
        return [f.result() for f in futures]
