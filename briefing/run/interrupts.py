"""Stopping a run: SIGINT, SIGTERM and SIGHUP end it cleanly; workers never outlive it.

The main process turns the three signals into `Stopped`, a BaseException that unwinds
the build like any error: temporary files and folders are removed by the `finally`
and `with` blocks that made them, the worker processes are stopped
(`stopping_workers`), one line is printed and the exit code is 128 + the signal
number (130, 143, 129), as shells report a process killed by that signal.

Worker processes (`worker_init`) leave SIGINT to the main process (a Ctrl-C reaches the
whole process group), and on SIGTERM or SIGHUP unwind their current task (so its
temporary folder and LibreOffice child go too) and exit. When the main process is
killed with SIGKILL nothing in it runs, so the workers watch for that themselves: the
kernel sends them SIGTERM when it dies (Linux prctl PR_SET_PDEATHSIG), and a thread
checks getppid() every half second for the systems and cases the first one misses.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


class Stopped(BaseException):
    """The run was stopped by a signal; unwinds like KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _raise_stopped(signum, frame):
    # Cleaning up must not be cut short by a second Ctrl-C; SIGKILL still works.
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


def install() -> None:
    """In the main process: the three signals raise Stopped."""
    for sig in SIGNALS:
        signal.signal(sig, _raise_stopped)


# --- worker processes ---------------------------------------------------------------

_busy = False  # a task is running in this worker


def _worker_signal(signum, frame):
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    if _busy:
        raise Stopped(signum)  # run_task unwinds the task, then exits
    os._exit(128 + signum)  # idle: nothing to clean up


def _set_parent_death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    main = threading.main_thread().ident
    while True:
        threading.Event().wait(WATCH_SECONDS)
        if os.getppid() != parent:
            signal.pthread_kill(main, signal.SIGTERM)
            return


def worker_init(parent: int) -> None:
    """ProcessPoolExecutor initializer: signal handling and parent-death detection."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_signal)
    signal.signal(signal.SIGHUP, _worker_signal)
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # died before the death signal was set
        os._exit(128 + signal.SIGTERM)
    threading.Thread(target=_watch_parent, args=(parent,), name="briefing-parent-watch", daemon=True).start()


def run_task(fn, *args, **kwargs):
    """Run one task in a worker; a stop signal unwinds it (removing its temporaries), then the worker exits."""
    global _busy
    _busy = True
    try:
        return fn(*args, **kwargs)
    except Stopped as e:
        os._exit(e.exit_code)
    finally:
        _busy = False


class _Tasks:
    """A ProcessPoolExecutor whose tasks run through run_task."""

    def __init__(self, pool):
        self.pool = pool

    def submit(self, fn, /, *args, **kwargs):
        return self.pool.submit(run_task, fn, *args, **kwargs)


@contextlib.contextmanager
def stopping_workers(pool, grace: float = 5.0):
    """Use a ProcessPoolExecutor; if the body fails or is stopped, stop its workers at once.

    Without this, leaving the `with` would wait for every queued brief to be rendered.
    """
    try:
        yield _Tasks(pool)
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in processes:
            with contextlib.suppress(Exception):
                p.join(grace)
                if p.is_alive():
                    p.kill()
                    p.join(1)
        raise
    pool.shutdown(wait=True)
