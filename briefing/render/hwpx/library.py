"""python-hwpx, the optional dependency of HWPX output, and what it needs to write the same bytes twice.

python-hwpx numbers the objects it makes with random ids (uuid4). The ids only have to
be unique within the document, so while the skeleton is made they come from a counter
instead: the library keeps `hwpx.oxml._document_impl.uuid4` as the seam for exactly
this. (A brief's own objects are numbered by the writer, from 1.)
"""
from __future__ import annotations

import contextlib
import itertools
import threading

from briefing.errors import BriefingError

REQUIRED = "python-hwpx>=6.9,<7"
_LOCK = threading.Lock()  # the seam is module state: one brief at a time per process


def require_hwpx() -> None:
    """Refuse HWPX output, before anything is written, when python-hwpx is not installed."""
    try:
        import hwpx  # noqa: F401
    except ImportError:
        raise BriefingError(
            "HWPX output (--hwpx, output.formats: [docx, hwpx], render --to hwpx) needs the optional "
            "package python-hwpx, which is not installed",
            hint="install it with `pip install 'briefing[hwpx]'` (or drop hwpx from output.formats "
                 "and --hwpx / --to hwpx)") from None


class _CountingId:
    __slots__ = ("int",)

    def __init__(self, value: int):
        self.int = value


@contextlib.contextmanager
def fixed_ids():
    """Object ids 1, 2, 3 ... for the documents python-hwpx builds inside (one at a time)."""
    from hwpx.oxml import _document_impl

    counter = itertools.count(1)
    with _LOCK:
        saved = _document_impl.uuid4
        _document_impl.uuid4 = lambda: _CountingId(next(counter))
        try:
            yield
        finally:
            _document_impl.uuid4 = saved
