"""The HWPX beside each DOCX (`--hwpx`, `output.formats: [docx, hwpx]`): made from the same Markdown."""
from __future__ import annotations

from briefing.errors import BriefingError, OutputError


def prepare() -> None:
    """Refuse HWPX output when python-hwpx is missing (exit 2); else make the skeleton here, once,
    before worker processes fork, so they inherit it instead of each making their own."""
    from briefing.render.hwpx.library import require_hwpx
    from briefing.render.hwpx.skeleton import skeleton

    require_hwpx()
    try:
        skeleton()
    except Exception:  # noqa: BLE001, S110 - each brief makes it again and reports its own failure
        pass


def render_hwpx_bytes(markdown: str) -> bytes:
    """The brief as HWPX, from the same Markdown (run in worker processes with --jobs)."""
    from briefing.render.charts import render_chart
    from briefing.render.hwpx.body import write_hwpx

    return write_hwpx(markdown, render_chart)


def hwpx_bytes(item, name: str) -> bytes:
    """The planned brief's HWPX (from its worker, or made here); a failure of the writer fails this
    brief, not the run (python-hwpx is young), naming the file."""
    try:
        return item.hwpx_future.result() if item.hwpx_future is not None else render_hwpx_bytes(item.markdown)
    except BriefingError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever python-hwpx raises, the brief is reported, not the trace
        raise OutputError(f"the HWPX writer failed ({type(e).__name__}: {e})", file=name,
                          hint="build without --hwpx to get the DOCX, and report this with the "
                               "Markdown (--emit-markdown)") from None
