"""Where outputs go and how they are written: names, atomic replace, retention, lock.

Nothing here knows about briefs: it takes bytes and names. Every write goes to a
temporary file in the target folder, is flushed to disk and renamed over the old
file, so a reader (or a SIGKILL) sees the old complete file or the new one.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
from pathlib import Path

import filelock

from briefing.atomic import TMP_PREFIX
from briefing.errors import OutputError

LOCK_NAME = ".briefing.lock"
PID_NAME = ".briefing.pid"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

log = logging.getLogger("briefing")


def safe_name_part(value: str) -> str:
    """A value fit for a file name on Linux, macOS and Windows shares."""
    cleaned = _UNSAFE.sub("_", value).strip(" .")
    return cleaned or "_"


def output_name(pattern: str, *, org: str, date: dt.date | str, audience: str, lang: str,
                version: str) -> str:
    values = {"org": org, "date": date if isinstance(date, str) else date.isoformat(),
              "audience": audience, "lang": lang, "version": version}
    return pattern.format(**{k: safe_name_part(str(v)) for k, v in values.items()})


def inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would land outside folder."""
    target = folder / name
    if target.parent.resolve() != folder.resolve() or name in ("", ".", ".."):
        raise OutputError(f"the output name '{name}' would leave the output folder", file=folder)
    if target.is_symlink():
        real = target.resolve()
        if real.parent != folder.resolve():
            raise OutputError(f"'{name}' is a symbolic link pointing outside the output folder "
                              f"({real})", file=target,
                              hint="remove the link; briefing replaces files, never follows links")
    return target


def prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError("the output folder is a file", file=folder,
                          hint="point output.dir at a folder, or move the file away")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder ({e.strerror})", file=folder,
                          hint="check the path and its permissions") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", file=folder,
                          hint="fix its permissions or choose another output.dir")


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a killed run (edition records included); only called while holding the lock."""
    for leftover in [*folder.glob(TMP_PREFIX + "*"), *folder.glob("editions/" + TMP_PREFIX + "*")]:
        with contextlib.suppress(OSError):
            leftover.unlink()


def prune_versions(folder: Path, pattern: str, keep: int, current: Path, **values) -> list[Path]:
    """Delete all but the newest `keep` dated versions of one brief; returns what was deleted."""
    if "{date}" not in pattern:
        return []
    marker = "DATE-MARKER-7F3A"
    prefix, _, suffix = output_name(pattern, date=marker, **values).partition(marker)
    dated = re.compile(re.escape(prefix) + r"\d{4}-\d{2}-\d{2}" + re.escape(suffix))
    versions = sorted((p for p in folder.iterdir() if dated.fullmatch(p.name) and not p.is_symlink()),
                      key=lambda p: p.name, reverse=True)
    doomed = [p for p in versions[keep:] if p != current]
    for p in doomed:
        for path in (p, *(folder / name for name in companions(p.name))):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return doomed


@contextlib.contextmanager
def build_lock(folder: Path, wait: float):
    """One build per output folder at a time; a second one waits `wait` seconds, then fails."""
    lock = filelock.FileLock(str(folder / LOCK_NAME))
    pid_file = folder / PID_NAME
    try:
        lock.acquire(timeout=wait)
    except filelock.Timeout:
        holder = "unknown"
        with contextlib.suppress(OSError):
            holder = pid_file.read_text().strip() or holder
        raise OutputError(f"another build is running (pid {holder})", file=folder,
                          hint="wait for it, or pass --wait SECONDS") from None
    try:
        with contextlib.suppress(OSError):
            pid_file.write_text(str(os.getpid()))
        yield
    finally:
        release_space(folder)
        with contextlib.suppress(OSError):
            pid_file.unlink()
        lock.release()


# --- what the manifest can rely on -------------------------------------------------

RESERVE_NAME = TMP_PREFIX + "manifest-reserve"  # removed with the other temporaries after a kill
_RESERVE_CHUNK = 64 * 1024


def reserve_space(folder: Path, size: int) -> Path:
    """Set aside `size` bytes in folder for the manifest, before any brief is written.

    On a disk that fills up during the run the briefs written so far can still be
    recorded: the reserve is released just before the edition records and the manifest
    are written (release_space). When not even the reserve fits, nothing is written.
    """
    path = folder / RESERVE_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            try:
                os.posix_fallocate(fd, 0, size)
            except OSError as e:
                if e.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise
                for offset in range(0, size, _RESERVE_CHUNK):  # no fallocate here: real zeros
                    os.write(fd, b"\0" * min(_RESERVE_CHUNK, size - offset))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        with contextlib.suppress(OSError):
            path.unlink()
        raise OutputError(f"cannot set aside {size:,} bytes for the manifest ({e.strerror}); nothing was "
                          "written", file=folder, hint="free disk space or fix permissions, then run again") from None
    return path


def release_space(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (folder / RESERVE_NAME).unlink()


def manifest_reserve_size(folder: Path, manifest_name: str, outputs: int) -> int:
    """Room for what is written after the briefs: the manifest with its temporary copy (the last
    one's size or an estimate, doubled) and each brief's edition record with its Markdown (about
    30 kB and 60 kB; 160 kB each)."""
    try:
        previous = (folder / manifest_name).stat().st_size
    except OSError:
        previous = 0
    return 2 * max(previous, 4096 * (outputs + 1)) + outputs * 160 * 1024 + _RESERVE_CHUNK


def remove_unrequested(folder: Path, docx_name: str, *, pdf: bool, markdown: bool, made: set[str],
                       hwpx: bool = False) -> list[Path]:
    """A brief's PDF or Markdown that an earlier run of this config wrote (`made`: the names its
    manifest records) and this run did not ask for: stale, so removed. A file of that name that
    briefing did not write (a PDF exported by hand) stays."""
    removed = []
    for wanted, suffix in ((pdf, ".pdf"), (markdown, ".md"), (hwpx, ".hwpx")):
        companion = folder / Path(docx_name).with_suffix(suffix).name
        if (not wanted and companion.name in made and companion.is_file() and not companion.is_symlink()):
            with contextlib.suppress(FileNotFoundError):
                companion.unlink()
                removed.append(companion)
    return removed


def companions(docx_name: str) -> list[str]:
    """The files that go with a brief and go when it is pruned."""
    suffixes = (".pdf", ".hwpx", ".md")
    return [Path(docx_name).with_suffix(s).name for s in suffixes] + [Path(docx_name).stem + "_redline.docx"]


def stale_files(folder: Path, produced: set[str]) -> list[str]:
    """Files in the output folder this run did not write or keep (older dated versions and the like)."""
    skip = {LOCK_NAME, PID_NAME}
    return sorted(p.name for p in folder.iterdir()
                  if p.name not in produced and p.name not in skip and not p.name.startswith(TMP_PREFIX)
                  and (p.is_file() or p.is_symlink()))


def tidy_folder(folder: Path, records: list, pdf: bool, markdown: bool, *, hwpx: bool = False,
                earlier: dict | None = None,
                others: set[str] = frozenset()) -> list[str]:
    """After a run: remove the PDFs and Markdown that the earlier run of this config wrote for its
    briefs and this run did not ask for (saying so in one line); return what else is in the folder
    and comes from neither this run nor another config's (listed in the manifest as stale), so the
    manifest matches the folder. records: build.OutputRecord."""
    from briefing.run.fingerprint import MANIFEST_NAME
    from briefing.run.manifest import files_of

    made = files_of([earlier]) if earlier else set()
    # What this run keeps, named as its manifest will name it.
    produced = {MANIFEST_NAME} | set(others) | files_of([{"outputs": [vars(r) for r in records]}])
    removed: list[Path] = []
    for r in records:
        if r.status != "failed":
            removed += remove_unrequested(folder, r.path, pdf=pdf and bool(r.pdf),
                                          markdown=markdown and bool(r.markdown), made=made,
                                          hwpx=hwpx and bool(r.hwpx))
    if removed:
        option = {".pdf": ("--pdf", "PDFs"), ".md": ("--emit-markdown", "Markdown"), ".hwpx": ("--hwpx", "HWPX")}
        kinds = sorted({option[p.suffix] for p in removed})
        log.info("removed %s from an earlier run: this run did not ask for %s (pass %s to keep making them)",
                 ", ".join(p.name for p in removed), " or ".join(k[1] for k in kinds),
                 " / ".join(k[0] for k in kinds))
    return stale_files(folder, produced)
