"""`briefing render`: a brief's Markdown (front matter and text) -> the DOCX the build writes.

The Markdown that `briefing build --emit-markdown` writes is the writer's whole
input, so rendering it again with the same reference document gives the same
file, byte for byte. Someone can edit that Markdown by hand and render it.
"""
from __future__ import annotations

from pathlib import Path

from briefing import resources
from briefing.atomic import write_atomic
from briefing.errors import BriefingError

MAX_BYTES = 5 * 1024 * 1024


def read_markdown(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefingError("Markdown file not found", file=path) from None
    except IsADirectoryError:
        raise BriefingError("this is a folder, not a Markdown file", file=path) from None
    except OSError as e:
        raise BriefingError(f"cannot read the Markdown file ({e.strerror})", file=path) from None
    if len(data) > MAX_BYTES:
        raise BriefingError(f"the Markdown file is {len(data):,} bytes, more than {MAX_BYTES:,}", file=path)
    try:
        text = data.decode("utf-8-sig")  # Notepad's byte-order mark is not part of the text
    except UnicodeDecodeError:
        raise BriefingError("the file is not UTF-8 text", file=path, hint="save it as UTF-8") from None
    return text.replace("\r\n", "\n")  # an editor's Windows line ends change nothing


def render_file(source: Path, output: Path | None, to: str | None, reference: Path | None,
                update_fields: bool) -> Path:
    """`briefing render`: to DOCX or HWPX (`to`, else the output's extension, else DOCX)."""
    import click

    if to is None:
        to = "hwpx" if output is not None and output.suffix.lower() == ".hwpx" else "docx"
    if to == "docx":
        return render_markdown_file(source, output, reference, update_fields)
    if reference is not None or update_fields:
        raise click.UsageError("--reference-docx and --update-fields are for DOCX; HWPX takes neither")
    return render_hwpx_file(source, output)


def render_markdown_file(source: Path, output: Path | None, reference: Path | None,
                         update_fields: bool = False) -> Path:
    """Write `output` (default: source with .docx) and return its path; nothing is written on error.

    update_fields: fill in the table of contents' page numbers with LibreOffice, as
    `build --update-fields` (and `--pdf`) do.
    """
    from briefing.render.docx.reference import check_reference
    from briefing.render.frontmatter import split_front_matter
    from briefing.run.build import render_docx_bytes

    markdown = read_markdown(source)
    split_front_matter(markdown, str(source))  # a broken front matter is reported naming the file
    reference = reference or resources.default_reference_docx()
    check_reference(reference)
    target = _target(source, output, ".docx")
    if update_fields:
        from briefing.run.pdf import soffice

        if soffice() is None:
            raise BriefingError("--update-fields needs LibreOffice, and 'soffice' is not on PATH",
                                hint="install it (Debian: apt-get install libreoffice-writer-nogui) "
                                     "or drop --update-fields")
    # The build's own rendering step: the same bytes by construction.
    write_atomic(target, render_docx_bytes(markdown, reference, update_fields))
    return target


def render_hwpx_file(source: Path, output: Path | None) -> Path:
    """Write `output` (default: source with .hwpx) as the build's HWPX; nothing is written on error."""
    from briefing.render.frontmatter import split_front_matter
    from briefing.render.hwpx.library import require_hwpx
    from briefing.run.hwpx_output import render_hwpx_bytes

    require_hwpx()
    markdown = read_markdown(source)
    split_front_matter(markdown, str(source))
    target = _target(source, output, ".hwpx")
    write_atomic(target, render_hwpx_bytes(markdown))
    return target


def _target(source: Path, output: Path | None, suffix: str) -> Path:
    target = output or source.with_suffix(suffix)
    if target.is_dir():
        raise BriefingError(f"the output is a folder; name the {suffix} file", file=target)
    if not target.parent.is_dir():
        raise BriefingError("the output folder does not exist", file=target.parent)
    return target
