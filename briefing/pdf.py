"""Convert a DOCX to PDF with LibreOffice, when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from briefing.errors import BriefingError, OutputError

TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, name: str) -> bytes:
    exe = soffice()
    if exe is None:
        raise BriefingError("PDF output needs LibreOffice, and 'soffice' is not on PATH",
                            hint="install it (Debian: apt-get install libreoffice-writer) or drop --pdf / output.pdf")
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as tmp:
        work = Path(tmp)
        src = work / name
        src.write_bytes(docx_bytes)
        # A private profile lets several conversions run at once and keeps ~/.config clean.
        profile = (work / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work), str(src)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice did not finish converting {name} within {TIMEOUT_SECONDS} s") from None
        except subprocess.CalledProcessError as e:
            raise OutputError(f"LibreOffice failed to convert {name}: "
                              f"{e.stderr.decode(errors='replace').strip()[:300]}") from None
        pdf = src.with_suffix(".pdf")
        if not pdf.exists():
            raise OutputError(f"LibreOffice wrote no PDF for {name}")
        return pdf.read_bytes()


def page_count(pdf: bytes) -> int:
    """How many pages LibreOffice laid the brief out on."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def length_warning(brief, pages: int) -> str | None:
    """The warning for a brief longer than its audience's max_pages, or None."""
    if pages <= brief.max_pages:
        return None
    return (f"the {brief.audience} brief ({brief.lang}) runs to {pages} pages, more than its "
            f"max_pages of {brief.max_pages}: shorten the content or raise length.max_pages in audiences.yaml")

