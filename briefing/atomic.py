"""Files written whole or not at all: a temporary file in the same folder, flushed, renamed over.

A reader (or a SIGKILL) sees the old complete file or the new one, never half of one.
Every file the package writes (briefs, manifests, edition records, a knowledge
folder's sources) goes through write_atomic.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefing.errors import OutputError

TMP_PREFIX = ".briefing-tmp-"


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TMP_PREFIX, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write the file ({e.strerror}); the previous version, "
                              "if any, is untouched", file=path,
                              hint="free disk space or fix permissions, then run again") from None
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
