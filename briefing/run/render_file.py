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
    target = output or source.with_suffix(".docx")
    if target.is_dir():
        raise BriefingError("the output is a folder; name the .docx file", file=target)
    if not target.parent.is_dir():
        raise BriefingError("the output folder does not exist", file=target.parent)
    if update_fields:
        from briefing.run.pdf import soffice

        if soffice() is None:
            raise BriefingError("--update-fields needs LibreOffice, and 'soffice' is not on PATH",
                                hint="install it (Debian: apt-get install libreoffice-writer-nogui) "
                                     "or drop --update-fields")
    # The build's own rendering step: the same bytes by construction.
    write_atomic(target, render_docx_bytes(markdown, reference, update_fields))
    return target
