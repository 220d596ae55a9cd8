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


_MACRO = """\
Function Prop(n As String, v) As com.sun.star.beans.PropertyValue
  Dim p As New com.sun.star.beans.PropertyValue
  p.Name = n
  p.Value = v
  Prop = p
End Function

Function OpenDocx(source As String, readOnly As Boolean) As Object
  ' Hidden, as Word XML; BothOne needs it writable to update the table of contents.
  OpenDocx = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, _
        Array(Prop("Hidden", True), Prop("ReadOnly", readOnly), Prop("FilterName", "MS Word 2007 XML")))
End Function

Function ConvertOne(source As String, target As String) As Boolean
  On Error GoTo Failed
  Dim doc As Object
  doc = OpenDocx(source, True)
  If IsNull(doc) Then GoTo Failed
  doc.storeToURL(ConvertToURL(target & ".part"), Array(Prop("FilterName", "writer_pdf_Export")))
  doc.close(True)
  Name target & ".part" As target
  ConvertOne = True
  Exit Function
Failed:
  ConvertOne = False
End Function

Sub WritePages(doc As Object, path As String)
  ' The page of each bookmark as laid out, then "#pages" and the page count.
  Dim cursor As Object, marks As Object, names, i As Long, f As Integer
  cursor = doc.getCurrentController().getViewCursor()
  marks = doc.getBookmarks()
  names = marks.getElementNames()
  f = FreeFile
  Open path For Output As #f
  For i = LBound(names) To UBound(names)
    cursor.gotoRange(marks.getByName(names(i)).getAnchor(), False)
    Print #f, names(i) & Chr(9) & cursor.getPage()
  Next i
  cursor.jumpToLastPage()
  Print #f, "#pages" & Chr(9) & cursor.getPage()
  Close #f
End Sub

Function PagesOne(source As String, target As String) As Boolean
  On Error GoTo Failed
  Dim doc As Object
  doc = OpenDocx(source, True)
  If IsNull(doc) Then GoTo Failed
  WritePages(doc, target & ".part")
  doc.close(True)
  Name target & ".part" As target
  PagesOne = True
  Exit Function
Failed:
  PagesOne = False
End Function

Function BothOne(source As String, target As String, pdf As String) As Boolean
  ' One layout serves both: the page of each bookmark, then the PDF with the table of
  ' contents updated by LibreOffice itself (the same numbers the DOCX gets).
  On Error GoTo Failed
  Dim doc As Object, idx As Object, k As Long
  doc = OpenDocx(source, False)
  If IsNull(doc) Then GoTo Failed
  WritePages(doc, target & ".part")
  idx = doc.getDocumentIndexes()
  For k = 0 To idx.getCount() - 1
    idx.getByIndex(k).update()
  Next k
  doc.storeToURL(ConvertToURL(pdf & ".part"), Array(Prop("FilterName", "writer_pdf_Export")))
  doc.close(True)
  Name pdf & ".part" As pdf
  Name target & ".part" As target
  BothOne = True
  Exit Function
Failed:
  BothOne = False
End Function

Sub Serve(queue As String, owner As String)
  ' owner: a path that exists while the run that started us lives ("" where there is none).
  Dim n As Long, waited As Long, job As String, line As String, parts, f As Integer, ok As Boolean
  n = 0
  Do
    job = queue & "/" & Format(n, "000000") & ".job"
    waited = 0
    Do While Not FileExists(job)
      Wait 20
      waited = waited + 20
      If waited > IDLE_MS Then GoTo Done
      If owner <> "" And waited Mod 500 = 0 Then
        If Not FileExists(owner) Then GoTo Done
      End If
    Loop
    f = FreeFile
    Open job For Input As #f
    Line Input #f, line
    Close #f
    If line = "stop" Then GoTo Done
    parts = Split(line, Chr(9))
    If parts(0) = "pages" Then
      ok = PagesOne(parts(1), parts(2))
    ElseIf parts(0) = "both" Then
      ok = BothOne(parts(1), parts(2), parts(3))
    Else
      ok = ConvertOne(parts(1), parts(2))
    End If
    If Not ok Then
      f = FreeFile
      Open parts(2) & ".failed" For Output As #f
      Print #f, "failed"
      Close #f
    End If
    n = n + 1
  Loop
Done:
  StarDesktop.terminate()
End Sub
"""
# Without a job for this long, LibreOffice quits by itself (the owner check below is Linux-only).
IDLE_SECONDS = 120


def _owner_path() -> str:
    """A path that exists while this process lives: LibreOffice quits soon after it is gone
    (a run killed with SIGKILL cannot stop it), between conversions."""
    own = Path(f"/proc/{os.getpid()}")
    return str(own) if own.is_dir() else ""


def _install_macro(profile: Path) -> None:
    """Add the Basic library BriefingLib (module Serve) to an initialised LibreOffice profile."""
    from xml.sax.saxutils import escape

    basic = profile / "user" / "basic"
    lib = basic / "BriefingLib"
    lib.mkdir(parents=True, exist_ok=True)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {0} PUBLIC "-//OpenOffice.org//DTD '
            'OfficeDocument 1.0//EN" "{1}">\n')
    code = _MACRO.replace("IDLE_MS", str(IDLE_SECONDS * 1000))
    (lib / "Serve.xba").write_text(
        head.format("script:module", "module.dtd")
        + '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Serve" '
          'script:language="StarBasic">' + escape(code, {'"': "&quot;"}) + "</script:module>\n", encoding="utf-8")
    (lib / "script.xlb").write_text(
        head.format("library:library", "library.dtd")
        + '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="BriefingLib" '
          'library:readonly="false" library:passwordprotected="false">\n'
          ' <library:element library:name="Serve"/>\n</library:library>\n', encoding="utf-8")
    index = basic / "script.xlc"
    entry = (' <library:library library:name="BriefingLib" xlink:href="$(USER)/basic/BriefingLib/script.xlb/" '
             'xlink:type="simple" library:link="false"/>\n')
    text = index.read_text(encoding="utf-8") if index.is_file() else (
        head.format("library:libraries", "libraries.dtd")
        + '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
          'xmlns:xlink="http://www.w3.org/1999/xlink">\n</library:libraries>\n')
    index.write_text(text.replace("</library:libraries>", entry + "</library:libraries>"), encoding="utf-8")


def _profile_key(exe: str) -> str:
    """Which LibreOffice and which macro a prepared profile was made for."""
    import hashlib

    real = Path(exe).resolve()
    program = real.parent / "soffice.bin"
    stamp = program.stat() if program.exists() else real.stat()
    key = f"{real}:{stamp.st_size}:{stamp.st_mtime_ns}:{_MACRO}:{IDLE_SECONDS}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _copy_prepared_profile(exe: str, profile: Path) -> bool:
    """A profile set up by an earlier run (in the user's cache), copied for this run: saves a start."""
    from briefing import cache

    folder = cache.cache_dir("libreoffice")
    prepared = folder / _profile_key(exe) if folder else None
    if prepared is None or not (prepared / "user" / "basic" / "BriefingLib" / "Serve.xba").is_file():
        return False
    try:
        shutil.copytree(prepared, profile, symlinks=True)
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False
    return True


def _keep_prepared_profile(exe: str, profile: Path) -> None:
    """Best effort: keep this run's freshly set-up profile for the next runs (atomic rename)."""
    from briefing import cache

    folder = cache.cache_dir("libreoffice")
    if folder is None:
        return
    target = folder / _profile_key(exe)
    if target.exists():
        return
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        shutil.copytree(profile, tmp, symlinks=True, ignore=shutil.ignore_patterns(".lock", "*.lock"))
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


class LibreOffice:
    """One LibreOffice process for a whole run, converting DOCX to PDF as the run hands them over.

    It is started first (its start-up overlaps with rendering) and runs a small Basic
    macro that takes jobs from a queue folder in order; so the page-number pass and the
    final PDFs share one process. Use as a context manager: leaving it stops LibreOffice
    (its whole process group) and removes the temporary folder, also on a signal.
    """

    def __init__(self):
        exe = soffice()
        if exe is None:
            raise BriefingError("PDF output needs LibreOffice, and 'soffice' is not on PATH",
                                hint="install it (Debian: apt-get install libreoffice-writer) "
                                     "or drop --pdf / output.pdf")
        self.exe = exe
        self.count = 0
        self.proc = None
        self._tmp = None

    def __enter__(self) -> LibreOffice:
        remove_orphaned_folders()
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")
        try:
            work = Path(self._tmp.name)
            self.queue, self.files = work / "queue", work / "files"
            self.queue.mkdir()
            self.files.mkdir()
            self.log = work / "soffice.log"
            profile = work / "profile"
            env = {**os.environ, "HOME": str(work)}
            base = [self.exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
            if not _copy_prepared_profile(self.exe, profile):
                # A new profile is set up (its Basic libraries too) on the first start: do that, add ours.
                _run(base + ["--terminate_after_init"], env, "its profile")
                _install_macro(profile)
                _keep_prepared_profile(self.exe, profile)
            serve = f'macro:///BriefingLib.Serve.Serve("{self.queue}", "{_owner_path()}")'
            with open(self.log, "wb") as log:
                self.proc = subprocess.Popen(base + ["--nologo", "--nodefault", serve],
                                             stdout=log, stderr=log, env=env, start_new_session=True)
        except BaseException:
            self._tmp.cleanup()
            raise
        return self

    def submit(self, docx: bytes, kind: str = "pdf") -> int:
        """Queue one DOCX: kind "pdf" converts it, "pages" reports the page of each bookmark,
        "both" does both from one layout (the PDF's table of contents updated by LibreOffice).
        Returns the ticket for result() or pages()."""
        n = self.count
        source = self.files / f"{n:06d}.docx"
        target = self.files / f"{n:06d}.{'pdf' if kind == 'pdf' else 'pages'}"
        source.write_bytes(docx)
        job = self.queue / f"{n:06d}.job"
        part = job.with_suffix(".tmp")
        extra = f"\t{target.with_suffix('.pdf')}" if kind == "both" else ""
        part.write_text(f"{kind}\t{source}\t{target}{extra}\n", encoding="utf-8")
        os.replace(part, job)
        self.count += 1
        return n

    def result(self, ticket: int, name: str) -> bytes:
        """The PDF of a DOCX queued as "pdf" (raises OutputError naming `name`)."""
        return self._wait(self.files / f"{ticket:06d}.pdf", name)

    def pages(self, ticket: int, name: str) -> dict[str, int]:
        """bookmark -> page of a DOCX queued as "pages", as LibreOffice lays it out; the key
        "#pages" holds its page count."""
        found = {}
        for line in self._wait(self.files / f"{ticket:06d}.pages", name).decode("utf-8", "replace").splitlines():
            bookmark, _, page = line.strip().partition("\t")
            if page.isdigit():
                found[bookmark] = int(page)
        return found

    def _wait(self, target: Path, name: str) -> bytes:
        import time

        failed = target.with_name(target.name + ".failed")
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not target.exists():
            if failed.exists():
                raise OutputError(f"LibreOffice could not open {name}")
            if self.proc.poll() is not None and not target.exists():
                tail = self.log.read_text(errors="replace").strip()[-300:] if self.log.exists() else ""
                raise OutputError(f"LibreOffice stopped before converting {name} (exit {self.proc.returncode})"
                                  + (f": {tail}" if tail else ""))
            if time.monotonic() > deadline:
                raise OutputError(f"LibreOffice did not convert {name} within {TIMEOUT_SECONDS} s")
            time.sleep(0.01)
        return target.read_bytes()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.proc is not None:
                if exc_type is None:
                    with contextlib.suppress(OSError):
                        (self.queue / f"{self.count:06d}.job").write_text("stop\n", encoding="utf-8")
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.proc.wait(timeout=30)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                if self.proc.returncode is None:
                    self.proc.wait()
        finally:
            self._tmp.cleanup()


def convert_many(documents: dict[str, bytes]) -> dict[str, bytes | OutputError]:
    """{file name: DOCX bytes} -> {file name: PDF bytes, or the OutputError for that file}, one LibreOffice."""
    if not documents:
        return {}
    results: dict[str, bytes | OutputError] = {}
    with LibreOffice() as lo:
        tickets = {name: lo.submit(data) for name, data in documents.items()}
        for name, ticket in tickets.items():
            try:
                results[name] = lo.result(ticket, name)
            except OutputError as e:
                results[name] = e
    return results


def docx_to_pdf(docx_bytes: bytes, name: str) -> bytes:
    """One DOCX to PDF (raises OutputError)."""
    result = convert_many({name: docx_bytes})[name]
    if isinstance(result, OutputError):
        raise result
    return result


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

