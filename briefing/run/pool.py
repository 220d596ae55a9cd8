"""The worker processes of a run (--jobs): how many, how they start, and the fork etiquette."""
from __future__ import annotations

import gc
import os
import sys


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_pool(jobs: int):
    """A context manager giving a pool of worker processes that never outlive the run (briefing.run.interrupts)."""
    # Imported here: an --if-changed run that finds nothing to do never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the already imported modules with the workers (fast start); elsewhere spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        import briefing.render.charts  # noqa: F401  (imported once here, not once per worker)
        from briefing.render.tree import markdown_parser

        markdown_parser()
    from briefing.run.interrupts import stopping_workers, worker_init

    return stopping_workers(ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                                initializer=worker_init, initargs=(os.getpid(),)))


def fork_ready() -> None:
    """Call before handing a task to the pool: with fork, the first task starts the workers.

    Their garbage collections would touch every object inherited from this process, and
    copy-on-write would duplicate those pages (measured: 20% of a default build); frozen
    objects are left alone (gc.freeze's documented use before fork). Cheap to repeat.
    """
    gc.freeze()
