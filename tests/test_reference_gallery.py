"""A gallery of reference documents as companies have them, each generated here.

Every structure that made real Word, LibreOffice and pandoc templates lose
bullets, headers or the classification is rebuilt from scratch (no one else's
file is used): no styles part, no numbering part, unrelated list ids, a bare
`<w:sectPr/>`, headers inherited from an earlier section, first-page and even
headers, a header picture, a footer laid out as a table, schema errors in the
styles, East Asian theme fonts. Each builds the board and developers briefs;
every DOCX must pass the validator, every list paragraph must point to a bullet
or number definition that exists, and every page of the PDF must carry the
classification.
"""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from briefing import resources
from conftest import assert_valid_docx, run_cli, soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DRAWING_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
CT = "application/vnd.openxmlformats-officedocument."
TYPES = {
    "document": CT + "wordprocessingml.document.main+xml", "styles": CT + "wordprocessingml.styles+xml",
    "numbering": CT + "wordprocessingml.numbering+xml", "settings": CT + "wordprocessingml.settings+xml",
    "header": CT + "wordprocessingml.header+xml", "footer": CT + "wordprocessingml.footer+xml",
    "theme": CT + "theme+xml", "comments": CT + "wordprocessingml.comments+xml",
    "endnotes": CT + "wordprocessingml.endnotes+xml",
}
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CLASSIFICATION = "대외비"
AUDIENCES = ("board", "developers")
# This one goes through `build --pdf` itself (LibreOffice per brief, the table of contents'
# page numbers filled in); the others are converted in one LibreOffice run.
BUILT_WITH_PDF = "bare_sectpr"
SECT = ('<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>')


def _tiny_png() -> bytes:
    """A 2 x 2 red PNG, made here."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _styles(extra: str = "", defaults: str = "") -> str:
    return (f'<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{defaults}</w:rPr></w:rPrDefault>'
            '</w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
            '<w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
            '</w:style>'
            # A table style has one w:tblStylePr per table part: repeated on purpose, not an error.
            '<w:style w:type="table" w:styleId="CorpGrid"><w:name w:val="Corp Grid"/><w:tblPr/>'
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr>'
            '<w:tblStylePr w:type="lastRow"><w:rPr><w:i/></w:rPr></w:tblStylePr></w:style>'
            f'{extra}</w:styles>')


def _hdrftr(tag: str, inner: str, extra_ns: str = "") -> str:
    return f'<w:{tag} {NS} {extra_ns}>{inner}</w:{tag}>'


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _write_docx(path: Path, body: str, parts: dict[str, tuple[str, str, bytes | str]],
                part_rels: dict[str, list[tuple[str, str, str]]] | None = None,
                main_type: str = TYPES["document"]) -> Path:
    """parts: rId -> (kind, name under word/, content). part_rels: name -> [(rId, type, target)].

    A kind that is a full URL is a relationship type of its own (with a .bin part)."""
    overrides = [("/word/document.xml", main_type)]
    rels = []
    for rid, (kind, name, _) in parts.items():
        if kind in TYPES:
            overrides.append((f"/word/{name}", TYPES[kind]))
        elif kind.startswith("http"):
            overrides.append((f"/word/{name}", "application/vnd.ms-office.vbaProject"))
        reltype = kind if kind.startswith("http") else RELS + kind
        rels.append(f'<Relationship Id="{rid}" Type="{reltype}" Target="{name}"/>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides) + "</Types>"))
        z.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        z.writestr("word/_rels/document.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>"))
        for _, name, content in parts.values():
            z.writestr(f"word/{name}", content)
        for name, items in (part_rels or {}).items():
            z.writestr(f"word/_rels/{name}.rels", (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="{i}" Type="{RELS}{t}" Target="{tg}"/>' for i, t, tg in items)
                + "</Relationships>"))
    return path


def _numbering_unrelated() -> str:
    """A company's outline numbering for its headings under ids 1 and 2: nothing to do with bullets."""
    return (f'<w:numbering {NS}>'
            '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>'
            '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
            '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>'
            '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
            '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def _theme_east_asian() -> bytes:
    """The built-in reference's theme with a Japanese template's fonts."""
    with zipfile.ZipFile(resources.default_reference_docx()) as z:
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
    theme = re.sub(r'<a:latin typeface="[^"]*"/>', '<a:latin typeface="Georgia"/>', theme)
    theme = theme.replace('<a:ea typeface=""/>', '<a:ea typeface="ＭＳ 明朝"/>')
    theme = theme.replace('<a:font script="Hang" typeface="맑은 고딕"/>', '<a:font script="Hang" typeface="바탕"/>')
    return theme.encode("utf-8")


def make_gallery(folder: Path) -> dict[str, Path]:
    """name -> reference document."""
    made = {}

    # 1. No styles part at all (a hand-made or stripped package).
    made["no_styles"] = _write_docx(folder / "no_styles.docx", _p("x") + f"<w:sectPr>{SECT}</w:sectPr>", {})

    # 2. Its own List Bullet style names list 1, and there is no numbering part.
    bullet = ('<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
              '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    # It also has a comment and an endnote in its body, which goes.
    body = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>noted</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>'
            f"<w:sectPr>{SECT}</w:sectPr>")
    made["no_numbering"] = _write_docx(folder / "no_numbering.docx", body, {
        "rId1": ("styles", "styles.xml", _styles(bullet)),
        "rId2": ("comments", "comments.xml", f'<w:comments {NS}><w:comment w:id="0" w:author="Kim">'
                                               f'{_p("REFERENCE COMMENT")}</w:comment></w:comments>'),
        "rId3": ("endnotes", "endnotes.xml", f'<w:endnotes {NS}><w:endnote w:type="separator" w:id="-1">'
                                               '<w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
                                               f'<w:endnote w:id="1">{_p("REFERENCE ENDNOTE")}</w:endnote>'
                                               '</w:endnotes>'),
    })

    # 3. A numbering part whose ids 1, 2, 5 (the built-in list ids) mean Roman and lettered lists.
    made["unrelated_lists"] = _write_docx(
        folder / "unrelated_lists.docx", f"<w:sectPr>{SECT}</w:sectPr>",
        {"rId1": ("styles", "styles.xml", _styles()), "rId2": ("numbering", "numbering.xml", _numbering_unrelated())})

    # 4. pandoc's default reference: `<w:sectPr/>`, no page size, no margins.
    made["bare_sectpr"] = _write_docx(folder / "bare_sectpr.docx", _p("x") + "<w:sectPr/>",
                                      {"rId1": ("styles", "styles.xml", _styles())})

    # 5. Three sections; only the first defines header and footer, the last inherits them.
    body = ('<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
            f'<w:footerReference w:type="default" r:id="rIdF"/>{SECT}</w:sectPr></w:pPr></w:p>'
            f'<w:p><w:pPr><w:sectPr>{SECT}</w:sectPr></w:pPr></w:p>'
            f'<w:sectPr>{SECT}</w:sectPr>')
    made["inherited"] = _write_docx(folder / "inherited.docx", body, {
        "rId1": ("styles", "styles.xml", _styles()),
        "rIdH": ("header", "header1.xml", _hdrftr("hdr", _p("INHERITED HEADER {classification}"))),
        "rIdF": ("footer", "footer1.xml", _hdrftr("ftr", _p("p. {page}"))),
    })

    # 6. Title page and odd/even pages: the default header has the placeholder, the first
    # page has its own header without it, and even pages have nothing at all.
    body = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
            f'<w:headerReference w:type="first" r:id="rIdH2"/>{SECT}<w:titlePg/></w:sectPr>')
    made["first_even"] = _write_docx(folder / "first_even.docx", body, {
        "rId1": ("styles", "styles.xml", _styles()),
        "rId2": ("settings", "settings.xml", f'<w:settings {NS}><w:evenAndOddHeaders/></w:settings>'),
        "rIdH1": ("header", "header1.xml", _hdrftr("hdr", _p("ODD HEADER {classification}"))),
        "rIdH2": ("header", "header2.xml", _hdrftr("hdr", _p("COVER HEADER"))),
    })

    # 7. A logo in the header, no placeholder anywhere.
    logo = ('<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            '<wp:extent cx="360000" cy="360000"/><wp:docPr id="1" name="Logo"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="360000" cy="360000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve"> ACME Corp</w:t></w:r></w:p>')
    body = f'<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>{SECT}</w:sectPr>'
    made["header_picture"] = _write_docx(folder / "header_picture.docx", body, {
        "rId1": ("styles", "styles.xml", _styles()),
        "rIdH": ("header", "header1.xml", _hdrftr("hdr", logo, DRAWING_NS)),
        "rIdImg": ("image", "media/logo.png", _tiny_png()),
    }, {"header1.xml": [("rIdImg", "image", "media/logo.png")]})
    # the document part must not claim the image: only the header uses it
    _drop_document_rel(made["header_picture"], "rIdImg")

    # 8. A footer laid out as a table (full): the marking goes to the plain header.
    table = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
             '<w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
             + _p("ACME Corp, Seoul") + '</w:tc><w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
             + _p("www.acme.example") + '</w:tc></w:tr></w:tbl>' + _p(""))
    body = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
            f'<w:footerReference w:type="default" r:id="rIdF"/>{SECT}</w:sectPr>')
    made["full_footer"] = _write_docx(folder / "full_footer.docx", body, {
        "rId1": ("styles", "styles.xml", _styles()),
        "rIdH": ("header", "header1.xml", _hdrftr("hdr", _p("ACME internal"))),
        "rIdF": ("footer", "footer1.xml", _hdrftr("ftr", table)),
    })

    # 9. Schema errors in the styles: children out of order, an unknown element, a
    # duplicate and an unreadable size.
    broken = ('<w:style w:type="paragraph" w:styleId="Title"><w:pPr><w:jc w:val="center"/>'
              '<w:keepNext/><w:fancyBorder/></w:pPr><w:name w:val="Title"/>'
              '<w:rPr><w:sz w:val="48"/><w:b/><w:color w:val="1F3864"/><w:b/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/>'
              '<w:rPr><w:sz w:val="big"/><w:i/></w:rPr></w:style>')
    made["style_errors"] = _write_docx(folder / "style_errors.docx", f"<w:sectPr>{SECT}</w:sectPr>",
                                       {"rId1": ("styles", "styles.xml", _styles(broken))})

    # 10. A Japanese template: fonts from the theme only.
    defaults = ('<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" '
                'w:cstheme="minorBidi"/><w:lang w:val="ja-JP" w:eastAsia="ja-JP"/>')
    made["east_asian_theme"] = _write_docx(folder / "east_asian_theme.docx", f"<w:sectPr>{SECT}</w:sectPr>", {
        "rId1": ("styles", "styles.xml", _styles(defaults=defaults)),
        "rId2": ("theme", "theme/theme1.xml", _theme_east_asian()),
    })

    # 11. The classification placeholder inside a content control, as Word's document
    # property fields put it; the footer's page number is a simple field.
    sdt = ('<w:p><w:r><w:t xml:space="preserve">Class: </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Class"/>'
           '</w:sdtPr><w:sdtContent><w:r><w:t>{classification}</w:t></w:r></w:sdtContent></w:sdt></w:p>')
    body = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
            f'<w:footerReference w:type="default" r:id="rIdF"/>{SECT}</w:sectPr>')
    made["content_control"] = _write_docx(folder / "content_control.docx", body, {
        "rId1": ("styles", "styles.xml", _styles()),
        "rIdH": ("header", "header1.xml", _hdrftr("hdr", sdt)),
        "rIdF": ("footer", "footer1.xml", _hdrftr("ftr", '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t>'
                                                         '</w:r></w:fldSimple></w:p>')),
    })

    # 12. A macro-enabled Word template (.dotm), as a company's template folder holds it.
    made["macro_template"] = _write_docx(
        folder / "macro_template.dotm", f"<w:sectPr>{SECT}</w:sectPr>",
        {"rId1": ("styles", "styles.xml", _styles()),
         "rIdV": ("http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin",
                  b"not really VBA")},
        main_type="application/vnd.ms-word.template.macroEnabledTemplate.main+xml")

    # 13. A table style whose table, row and cell properties break the schema order (w:tblBorders
    # after w:tblLook, borders in the wrong order, w:tcBorders after w:vAlign), and styles that
    # Word finds by id or by name in another case: "HEADING 2", and id ListBullet named "Aufzählung".
    table_style = ('<w:style w:type="table" w:styleId="MisorderedGrid"><w:name w:val="Misordered Grid"/>'
                   '<w:tblPr><w:tblLook w:val="04A0"/><w:tblCellMar><w:left w:w="100" w:type="dxa"/>'
                   '<w:top w:w="0" w:type="dxa"/></w:tblCellMar><w:tblBorders><w:bottom w:val="single" '
                   'w:sz="4" w:space="0" w:color="808080"/><w:top w:val="single" w:sz="8" w:space="0" '
                   'w:color="1F3864"/></w:tblBorders><w:tblInd w:w="0" w:type="dxa"/></w:tblPr>'
                   '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>'
                   '<w:tcPr><w:vAlign w:val="center"/><w:tcBorders><w:bottom w:val="nil"/><w:top w:val="nil"/>'
                   '</w:tcBorders><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
                   '<w:tblStylePr w:type="firstRow"><w:tcPr><w:shd w:val="clear" w:color="auto" '
                   'w:fill="D9E2F3"/><w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" '
                   'w:color="1F3864"/></w:tcBorders></w:tcPr><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>'
                   '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="HEADING 2"/>'
                   '<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="C00000"/><w:sz w:val="28"/></w:rPr></w:style>'
                   '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="Aufzählung"/>'
                   '<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="00B050"/></w:rPr></w:style>')
    made["misordered_table_style"] = _write_docx(folder / "misordered_table_style.docx",
                                                 f"<w:sectPr>{SECT}</w:sectPr>",
                                                 {"rId1": ("styles", "styles.xml", _styles(table_style))})

    # 14. pandoc's own default reference, the file every pandoc user starts from: styles named
    # "Heading 1" (python-docx looks for "heading 1"), settings and a table style out of order.
    if shutil.which("pandoc"):
        made["pandoc_default"] = folder / "pandoc_default.docx"
        subprocess.run(["pandoc", "-o", str(made["pandoc_default"]), "--print-default-data-file",
                        "reference.docx"], check=True, capture_output=True, timeout=60)
    return made


def _drop_document_rel(path: Path, rid: str) -> None:
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    rels = items["word/_rels/document.xml.rels"].decode()
    items["word/_rels/document.xml.rels"] = re.sub(rf'<Relationship Id="{rid}"[^>]*/>', "", rels).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)


# --- building the gallery -------------------------------------------------------------


@pytest.fixture(scope="module")
def gallery(tmp_path_factory) -> dict[str, dict]:
    """name -> {"ref", "output" (the CLI's text), "docx": {audience: path}}, built once."""
    root = tmp_path_factory.mktemp("gallery")
    built = {}
    for name, ref in make_gallery(root).items():
        out = root / f"out_{name}"
        args = ["build", "--reference-docx", str(ref), "-o", str(out), "-j", "1"]
        for audience in AUDIENCES:
            args += ["--audience", audience]
        if name == BUILT_WITH_PDF and soffice() is not None:
            args.append("--pdf")
        result = run_cli("-v", *args, cwd=root)
        built[name] = {"ref": ref, "output": result.output, "exit": result.exit_code,
                       "docx": {a: next(out.glob(f"*_{a}_ko.docx"), out / f"missing_{a}.docx")
                                for a in AUDIENCES}}
    return built


@pytest.fixture(scope="module")
def gallery_pdf_pages(gallery, tmp_path_factory) -> dict[tuple[str, str], list[str]]:
    """(name, audience) -> the text of each PDF page, from one LibreOffice run for all files."""
    exe = soffice()
    if exe is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed: apt-get install libreoffice-writer-nogui "
                    "poppler-utils")
    work = tmp_path_factory.mktemp("gallery_pdf")
    sources, pdfs = [], []
    for name, item in gallery.items():
        for audience, path in item["docx"].items():
            if name == BUILT_WITH_PDF:
                assert path.with_suffix(".pdf").is_file(), "build --pdf wrote no PDF"
                pdfs.append(shutil.copy(path.with_suffix(".pdf"), work / f"{name}__{audience}.pdf"))
            elif path.is_file():
                sources.append(shutil.copy(path, work / f"{name}__{audience}.docx"))
    profile = (work / "profile").as_uri()
    subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(work), *map(str, sources)], check=True, capture_output=True, timeout=600,
                   env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(work)})
    pages = {}
    for pdf in [Path(src).with_suffix(".pdf") for src in sources] + [Path(p) for p in pdfs]:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        name, audience = pdf.stem.split("__")
        pages[name, audience] = [p for p in text.split("\f") if p.strip()]
    return pages


NAMES = ["no_styles", "no_numbering", "unrelated_lists", "bare_sectpr", "inherited", "first_even",
         "header_picture", "full_footer", "style_errors", "east_asian_theme", "content_control", "macro_template",
         "misordered_table_style", "pandoc_default"]
CASES = [(n, a) for n in NAMES for a in AUDIENCES]
NEEDS_PANDOC = "pandoc_default needs the pandoc binary (apt-get install pandoc; .ci/run installs it)"


def _require(gallery, name: str) -> dict:
    if name not in gallery:
        pytest.skip(NEEDS_PANDOC)
    return gallery[name]


def _xml(path: Path, part: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{W}}}{local}"


@pytest.mark.parametrize("name,audience", CASES)
def test_every_reference_builds_a_valid_brief(gallery, name, audience):
    item = _require(gallery, name)
    assert item["exit"] == 0, item["output"]
    assert "internal error" not in item["output"]
    assert_valid_docx(item["docx"][audience])


@pytest.mark.parametrize("name,audience", CASES)
def test_every_list_paragraph_shows_a_bullet_or_number(gallery, name, audience):
    path = _require(gallery, name)["docx"][audience]
    document, numbering = _xml(path, "word/document.xml"), _xml(path, "word/numbering.xml")
    styles = _xml(path, "word/styles.xml")
    list_style_ids = {s.get(_q("w:styleId")): s.find(_q("w:name")).get(_q("w:val"))
                      for s in styles.iter(_q("w:style"))
                      if s.find(_q("w:name")) is not None
                      and s.find(_q("w:name")).get(_q("w:val")) in ("List Bullet", "List Bullet 2", "List Number")}
    abstracts = {a.get(_q("w:abstractNumId")): a for a in numbering.iter(_q("w:abstractNum"))}
    nums = {n.get(_q("w:numId")): n.find(_q("w:abstractNumId")).get(_q("w:val"))
            for n in numbering.iter(_q("w:num"))}
    seen = 0
    for p in document.iter(_q("w:p")):
        style = p.find(f"{_q('w:pPr')}/{_q('w:pStyle')}")
        if style is None or style.get(_q("w:val")) not in list_style_ids:
            continue
        seen += 1
        num_pr = p.find(f"{_q('w:pPr')}/{_q('w:numPr')}")
        assert num_pr is not None, "a list paragraph without numbering"
        num_id, ilvl = num_pr.find(_q("w:numId")).get(_q("w:val")), num_pr.find(_q("w:ilvl")).get(_q("w:val"))
        assert num_id in nums, f"numId {num_id} is not defined in numbering.xml"
        abstract = abstracts[nums[num_id]]
        lvl = next(lv for lv in abstract.iter(_q("w:lvl")) if lv.get(_q("w:ilvl")) == ilvl)
        fmt = lvl.find(_q("w:numFmt")).get(_q("w:val"))
        wanted = "decimal" if list_style_ids[style.get(_q("w:val"))] == "List Number" else "bullet"
        assert fmt == wanted, f"{list_style_ids[style.get(_q('w:val'))]} shows {fmt}"
    assert seen >= 3, "the brief should have list items"


def test_every_pdf_page_carries_the_classification(gallery, gallery_pdf_pages):
    missing = []
    for (name, audience), pages in sorted(gallery_pdf_pages.items()):
        assert len(pages) >= 2, f"{name}/{audience}: {len(pages)} page(s)"
        for number, text in enumerate(pages, 1):
            # The cover names the classification once in its text; its page needs the marking too.
            if text.count(CLASSIFICATION) < (2 if number == 1 else 1):
                missing.append(f"{name}/{audience} page {number}: {text.strip()[:80]!r}")
    assert {n for n, _ in gallery_pdf_pages} == set(NAMES) & set(gallery)
    assert not missing, "\n".join(missing)


def test_added_marking_numbers_the_pages(gallery_pdf_pages):
    """Where the reference had no placeholder, 'X / Y' was added with the marking."""
    for name in ("no_styles", "no_numbering", "header_picture", "full_footer"):
        pages = gallery_pdf_pages[name, "board"]
        total = len(pages)
        for number, text in enumerate(pages, 1):
            assert re.search(rf"{CLASSIFICATION}\s*·\s*{number}\s*/\s*{total}", text), (name, number, text[-200:])


def test_repairs_are_reported_once_naming_the_file(gallery):
    assert gallery["no_styles"]["output"].count("no_styles.docx: it has no styles part") == 1
    bare = gallery["bare_sectpr"]["output"]
    assert bare.count("bare_sectpr.docx: its section has no complete page setup") == 1
    assert "A4" in bare
    errors = gallery["style_errors"]["output"]
    assert errors.count("style_errors.docx: repaired") == 1
    assert "w:fancyBorder is not allowed" in errors and "'big'" in errors
    inherited = [line for line in gallery["inherited"]["output"].splitlines()
                 if line.startswith("warning:") and "review-by" not in line]
    assert inherited == []


def test_verbose_build_says_where_the_marking_was_added(gallery):
    assert "were added to the footer" in gallery["header_picture"]["output"]
    assert "were added to the header" in gallery["full_footer"]["output"]
    assert "added to" not in gallery["inherited"]["output"]


def test_bare_section_gets_a4_and_margins(gallery):
    sect = _xml(gallery["bare_sectpr"]["docx"]["board"], "word/document.xml").find(f".//{_q('w:sectPr')}")
    size, margins = sect.find(_q("w:pgSz")), sect.find(_q("w:pgMar"))
    assert (size.get(_q("w:w")), size.get(_q("w:h"))) == ("11906", "16838")
    assert all(margins.get(_q(f"w:{a}")) for a in ("top", "right", "bottom", "left", "header", "footer"))


def test_repeated_table_style_parts_are_not_errors(gallery):
    styles = _xml(gallery["inherited"]["docx"]["board"], "word/styles.xml")
    grid = next(s for s in styles.iter(_q("w:style")) if s.get(_q("w:styleId")) == "CorpGrid")
    assert [t.get(_q("w:type")) for t in grid.findall(_q("w:tblStylePr"))] == ["firstRow", "lastRow"]


def test_inherited_header_and_footer_are_kept(gallery):
    path = gallery["inherited"]["docx"]["board"]
    sect = _xml(path, "word/document.xml").find(f".//{_q('w:sectPr')}")
    assert sect.find(_q("w:headerReference")) is not None and sect.find(_q("w:footerReference")) is not None
    with zipfile.ZipFile(path) as z:
        texts = {n: "".join(etree.fromstring(z.read(n)).itertext()) for n in z.namelist()
                 if re.match(r"word/(header|footer)\d*\.xml$", n)}
    assert any(f"INHERITED HEADER {CLASSIFICATION}" in t for t in texts.values()), texts
    assert any("PAGE" in t for t in texts.values())  # {page} became a field


def test_first_and_even_pages_are_honoured_and_marked(gallery, gallery_pdf_pages):
    path = gallery["first_even"]["docx"]["developers"]
    sect = _xml(path, "word/document.xml").find(f".//{_q('w:sectPr')}")
    assert sect.find(_q("w:titlePg")) is not None
    settings = _xml(path, "word/settings.xml")
    assert settings.find(_q("w:evenAndOddHeaders")) is not None
    kinds = {(el.tag.split("}")[1], el.get(_q("w:type"))) for el in sect
             if el.tag in (_q("w:headerReference"), _q("w:footerReference"))}
    assert {("headerReference", "default"), ("headerReference", "first"), ("footerReference", "first"),
            ("footerReference", "even")} <= kinds
    pages = gallery_pdf_pages["first_even", "developers"]
    assert "COVER HEADER" in pages[0] and "ODD HEADER" not in pages[0]
    assert "ODD HEADER" in pages[2]


def test_header_picture_is_kept(gallery):
    path = gallery["header_picture"]["docx"]["board"]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        header = next(n for n in names if re.match(r"word/header\d*\.xml$", n)
                      and b"ACME Corp" in z.read(n))
        rels = z.read(f"word/_rels/{header.split('/')[1]}.rels").decode()
        embed = re.search(r'r:embed="([^"]+)"', z.read(header).decode())[1]
        target = re.search(rf'Id="{embed}"[^>]*Target="([^"]+)"', rels)[1]
        assert z.read(f"word/{target}") == _tiny_png()


def test_style_errors_are_repaired_and_styles_kept(gallery):
    styles = _xml(gallery["style_errors"]["docx"]["board"], "word/styles.xml")
    title = next(s for s in styles.iter(_q("w:style")) if s.get(_q("w:styleId")) == "Title")
    assert [c.tag.split("}")[1] for c in title][:2] == ["name", "pPr"]
    assert [c.tag.split("}")[1] for c in title.find(_q("w:rPr"))] == ["rFonts", "b", "color", "sz"]
    assert title.find(_q("w:rPr")).find(_q("w:sz")).get(_q("w:val")) == "48"


def test_east_asian_theme_fonts_are_resolved(gallery):
    styles = _xml(gallery["east_asian_theme"]["docx"]["board"], "word/styles.xml")
    for fonts in styles.iter(_q("w:rFonts")):
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], fonts.attrib
    defaults = styles.find(f"{_q('w:docDefaults')}/{_q('w:rPrDefault')}/{_q('w:rPr')}/{_q('w:rFonts')}")
    assert defaults.get(_q("w:ascii")) == "Georgia"
    assert defaults.get(_q("w:eastAsia")) == "바탕"


def test_check_reports_what_build_would(gallery, tmp_path):
    result = run_cli("check", "--reference-docx", str(gallery["bare_sectpr"]["ref"]), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.count("bare_sectpr.docx: its section has no complete page setup") == 1
    result = run_cli("check", "--reference-docx", str(gallery["style_errors"]["ref"]), cwd=tmp_path)
    assert result.exit_code == 0 and "style_errors.docx: repaired" in result.output


def test_placeholder_in_a_content_control_is_filled(gallery):
    path = gallery["content_control"]["docx"]["board"]
    with zipfile.ZipFile(path) as z:
        header = z.read("word/header1.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    assert "{classification}" not in header and f"<w:t>{CLASSIFICATION}</w:t>" in header.replace(
        ' xml:space="preserve"', "")
    assert "<w:sdtContent>" in header
    # The reference numbers its pages already: the marking was not added a second time.
    assert "PAGE" in footer and CLASSIFICATION not in footer


def test_a_macro_enabled_template_becomes_a_plain_document(gallery):
    path = gallery["macro_template"]["docx"]["board"]
    with zipfile.ZipFile(path) as z:
        names, types = z.namelist(), z.read("[Content_Types].xml").decode()
    assert not [n for n in names if "vba" in n.lower()]
    assert "wordprocessingml.document.main+xml" in types and "macroEnabled" not in types


@pytest.mark.parametrize("case", ["not_wordprocessingml", "no_body"])
def test_an_unusable_reference_is_bad_input_in_check_and_build(tmp_path, case):
    if case == "not_wordprocessingml":
        ref = _write_docx(tmp_path / "r.docx", "", {}, main_type="application/vnd.ms-excel.sheet.main+xml")
    else:
        ref = tmp_path / "r.docx"
        _write_docx(ref, "", {})
        with zipfile.ZipFile(ref) as z:
            items = {n: z.read(n) for n in z.namelist()}
        items["word/document.xml"] = f"<w:document {NS}/>".encode()
        with zipfile.ZipFile(ref, "w") as z:
            for n, data in items.items():
                z.writestr(n, data)
    for args in (["check", "--reference-docx", str(ref)],
                 ["build", "--reference-docx", str(ref), "-o", str(tmp_path / "out")]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.exit_code == 2, (args[0], result.output)
        assert "r.docx" in result.output and "internal error" not in result.output
    assert not list(tmp_path.glob("out/*.docx"))


def test_the_references_comments_and_endnotes_stay_behind(gallery):
    path = gallery["no_numbering"]["docx"]["board"]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        everything = b"".join(z.read(n) for n in names if n.endswith(".xml"))
    assert b"REFERENCE COMMENT" not in everything and b"REFERENCE ENDNOTE" not in everything
    assert not [n for n in names if "comments" in n]
    assert "word/endnotes.xml" in names  # its separator stays for Word


def test_a_header_reference_to_nothing_is_left_out_with_a_warning(tmp_path):
    body = f'<w:sectPr><w:headerReference w:type="default" r:id="rIdGone"/>{SECT}</w:sectPr>'
    ref = _write_docx(tmp_path / "dangling.docx", body, {"rId1": ("styles", "styles.xml", _styles())})
    result = run_cli("build", "--reference-docx", str(ref), "-o", str(tmp_path / "out"), "--audience", "board",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.count("dangling.docx: 1 header or footer reference(s) name no part") == 1
    [out] = (tmp_path / "out").glob("*_board_ko.docx")
    assert_valid_docx(out)
    with zipfile.ZipFile(out) as z:
        footer = next(z.read(n).decode() for n in z.namelist() if re.match(r"word/footer\d*\.xml$", n))
    assert CLASSIFICATION in footer and " PAGE " in footer


def test_pandoc_default_reference_keeps_its_own_styles(gallery):
    item = _require(gallery, "pandoc_default")
    assert "internal error" not in item["output"] and "KeyError" not in item["output"]
    path = item["docx"]["board"]
    styles = _xml(path, "word/styles.xml")
    names = [s.find(_q("w:name")).get(_q("w:val")).casefold() for s in styles.iter(_q("w:style"))
             if s.find(_q("w:name")) is not None]
    # pandoc's "Heading 1" is used, not joined by a copy of the built-in one
    assert names.count("heading 1") == 1 and "briefheading1" not in {s.casefold() for s in names}
    used = {p.get(_q("w:val")) for p in _xml(path, "word/document.xml").iter(_q("w:pStyle"))}
    assert "Heading1" in used
    settings = _xml(path, "word/settings.xml")
    order = [c.tag.split("}")[1] for c in settings]
    assert order.index("doNotTrackMoves") < order.index("footnotePr") < order.index("mathPr")
    assert "repaired its settings" in item["output"]


def test_misordered_table_style_is_repaired_and_styles_found_by_id_or_any_case(gallery):
    item = gallery["misordered_table_style"]
    assert "the properties of table properties of style 'Misordered Grid' are out of order" in item["output"]
    styles = _xml(item["docx"]["board"], "word/styles.xml")
    grid = next(s for s in styles.iter(_q("w:style")) if s.get(_q("w:styleId")) == "MisorderedGrid")
    tags = lambda el: [c.tag.split("}")[1] for c in el]  # noqa: E731
    assert tags(grid.find(_q("w:tblPr"))) == ["tblInd", "tblBorders", "tblCellMar", "tblLook"]
    assert tags(grid.find(f"{_q('w:tblPr')}/{_q('w:tblBorders')}")) == ["top", "bottom"]
    assert tags(grid.find(f"{_q('w:tblPr')}/{_q('w:tblCellMar')}")) == ["top", "left"]
    assert tags(grid.find(_q("w:tcPr"))) == ["tcW", "tcBorders", "vAlign"]
    assert tags(grid.find(f"{_q('w:tcPr')}/{_q('w:tcBorders')}")) == ["top", "bottom"]
    assert tags(grid.find(_q("w:tblStylePr"))) == ["rPr", "tcPr"]
    assert tags(grid.find(f"{_q('w:tblStylePr')}/{_q('w:tcPr')}")) == ["tcBorders", "shd"]
    by_id = {s.get(_q("w:styleId")): s for s in styles.iter(_q("w:style"))}
    # the reference's own Heading 2 and List Bullet (red, green) are the ones the brief uses
    assert by_id["Heading2"].find(f"{_q('w:rPr')}/{_q('w:color')}").get(_q("w:val")) == "C00000"
    assert by_id["ListBullet"].find(f"{_q('w:rPr')}/{_q('w:color')}").get(_q("w:val")) == "00B050"
    assert not [i for i in by_id if i.startswith("BriefHeading2") or i.startswith("BriefListBullet")]
    used = {p.get(_q("w:val")) for a in AUDIENCES
            for p in _xml(item["docx"][a], "word/document.xml").iter(_q("w:pStyle"))}
    assert {"Heading2", "ListBullet"} <= used, used


def test_reference_warnings_reach_the_manifest_and_strict(gallery, tmp_path):
    """The repairs are not only logged: the manifest lists them and --strict fails on them."""
    ref = gallery["style_errors"]["ref"]
    out = tmp_path / "out"
    result = run_cli("build", "--reference-docx", str(ref), "-o", str(out), "--audience", "board",
                     "--as-of", "2025-02-20", "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    [repair] = manifest["reference_warnings"]
    assert "style_errors.docx: repaired" in repair and "w:fancyBorder" in repair
    assert any("style_errors.docx: repaired" in w for w in manifest["warnings"])
    logged = [line for line in result.output.splitlines() if line.startswith("warning:") and "repaired" in line]
    assert len(logged) == 1, logged  # logged once (the --json manifest holds it too)
    strict = run_cli("build", "--reference-docx", str(ref), "-o", str(out), "--audience", "board",
                     "--as-of", "2025-02-20", "--strict", cwd=tmp_path)
    assert strict.exit_code == 1, strict.output
    assert "--strict" in strict.output
    clean = run_cli("build", "-o", str(tmp_path / "clean"), "--audience", "board", "--as-of", "2025-02-20",
                    "--strict", cwd=tmp_path)
    assert clean.exit_code == 0, clean.output
    assert json.loads((tmp_path / "clean" / "manifest.json").read_text("utf-8"))["reference_warnings"] == []
