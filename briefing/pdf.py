"""Convert DOCX files to PDF with LibreOffice, when it is installed.

All the files of one pass go to ONE LibreOffice process (`soffice --convert-to pdf
f1.docx f2.docx ...`): starting LibreOffice costs far more than converting a brief.
Each run uses a private profile in its own temporary folder, so runs never wait on
each other or on the user's own LibreOffice, and ~/.config is left alone.

The temporary folder is named after the process (briefing-pdf-<pid>-...). It is
removed when the conversion ends, fails or is stopped by a signal (LibreOffice's
whole process group is killed then); a folder whose process was killed with SIGKILL
is removed by the next conversion.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from briefing.errors import BriefingError, OutputError

TIMEOUT_SECONDS = 180
PREFIX = "briefing-pdf-"
_OWNED = re.compile(re.escape(PREFIX) + r"(\d+)-")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_orphaned_folders(base: Path | None = None) -> list[Path]:
    """Temporary folders of conversions whose process no longer exists (killed with SIGKILL)."""
    base = Path(base or tempfile.gettempdir())
    removed = []
    with contextlib.suppress(OSError):
        for folder in base.glob(PREFIX + "*"):
            match = _OWNED.match(folder.name)
            if match and folder.is_dir() and not _alive(int(match.group(1))):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _run(cmd: list[str], env: dict, what: str) -> None:
    """Run LibreOffice in its own process group, killed whole on timeout, error or signal."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise OutputError(f"LibreOffice did not finish converting {what} within {TIMEOUT_SECONDS} s") from None
    finally:
        # soffice is a script whose LibreOffice may outlive it: the whole group goes, also on a signal.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.returncode is None:
            proc.wait()
    if proc.returncode != 0:
        raise OutputError(f"LibreOffice failed to convert {what}: "
                          f"{err.decode(errors='replace').strip()[:300]}")


def convert_many(documents: dict[str, bytes]) -> dict[str, bytes | OutputError]:
    """{file name: DOCX bytes} -> {file name: PDF bytes, or the OutputError for that file}, one LibreOffice run."""
    exe = soffice()
    if exe is None:
        raise BriefingError("PDF output needs LibreOffice, and 'soffice' is not on PATH",
                            hint="install it (Debian: apt-get install libreoffice-writer) or drop --pdf / output.pdf")
    if not documents:
        return {}
    remove_orphaned_folders()
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        sources = []
        for name, data in documents.items():
            src = work / "in" / Path(name).name
            src.write_bytes(data)
            sources.append(src)
        profile = (work / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work / "out"), *map(str, sources)]
        what = sources[0].name if len(sources) == 1 else f"{len(sources)} briefs"
        try:
            _run(cmd, {**os.environ, "HOME": tmp}, what)
        except OutputError as e:
            return {name: e for name in documents}
        results: dict[str, bytes | OutputError] = {}
        for name, src in zip(documents, sources, strict=True):
            pdf = work / "out" / (src.stem + ".pdf")
            results[name] = pdf.read_bytes() if pdf.is_file() else OutputError(f"LibreOffice wrote no PDF for {name}")
        return results


def docx_to_pdf(docx_bytes: bytes, name: str) -> bytes:
    """One DOCX to PDF (raises OutputError)."""
    result = convert_many({name: docx_bytes})[name]
    if isinstance(result, OutputError):
        raise result
    return result
