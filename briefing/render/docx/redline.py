"""Redline: the new edition's DOCX with Word revision marks against the previous edition.

Both editions are rendered by the same writer (the previous one from the Markdown its
edition record keeps, so corrections since do not rewrite history); their bodies are then
compared block by block. A paragraph or table row only in the new edition is inserted
(w:ins), one only in the previous edition deleted (w:del, its text as w:delText); inside a
paragraph that changed, the words that differ are marked. Footnote references, fields,
bookmarks and the table of contents are never marked: they come from the new edition as
they are, so accepting every change gives exactly the new edition's text and rejecting
every change the previous edition's.
"""
from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "briefing"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _q(local: str) -> str:
    return f"{{{W}}}{local}"


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(_q("t"), _q("delText")))


def _style(p) -> str:
    found = p.find(f"{_q('pPr')}/{_q('pStyle')}")
    return found.get(_q("val"), "") if found is not None else ""


def _is_toc(el) -> bool:
    """A paragraph of the table of contents (TOC styles, or the TOC field's own paragraphs)."""
    if el.tag != _q("p"):
        return False
    if _style(el).upper().startswith("TOC"):
        return True
    return any("TOC" in (i.text or "") for i in el.iter(_q("instrText")))


def _field_runs(el) -> set:
    """The runs of complex fields (begin to end, result included) and inside simple fields."""
    found, depth = set(), 0
    for run in el.iter(_q("r")):
        chars = run.findall(_q("fldChar"))
        if any(c.get(_q("fldCharType")) == "begin" for c in chars):
            depth += 1
        if depth or next(run.iterancestors(_q("fldSimple")), None) is not None:
            found.add(run)
        if any(c.get(_q("fldCharType")) == "end" for c in chars):
            depth = max(0, depth - 1)
    return found


class _Marks:
    def __init__(self, start_id: int, date: str):
        self.next_id = start_id
        self.date = date

    def element(self, kind: str):
        el = etree.Element(_q(kind))
        el.set(_q("id"), str(self.next_id))
        el.set(_q("author"), AUTHOR)
        el.set(_q("date"), self.date)
        self.next_id += 1
        return el


# --- marking whole paragraphs and rows ----------------------------------------------------

def _as_deleted_content(el) -> None:
    """Old content that goes into the new package: nothing may point at the old package's parts
    (footnotes, pictures, links) or repeat the new one's bookmarks."""
    for run in _field_runs(el):  # fields are never marked: the previous edition's stay out
        run.getparent().remove(run)
    for simple in list(el.iter(_q("fldSimple"))):
        simple.getparent().remove(simple)
    for tag in ("footnoteReference", "drawing", "pict", "object"):
        for found in list(el.iter(_q(tag))):
            run = next(found.iterancestors(_q("r")), None)
            if run is not None and run.getparent() is not None:
                run.getparent().remove(run)
    for tag in ("bookmarkStart", "bookmarkEnd", "proofErr"):
        for found in list(el.iter(_q(tag))):
            found.getparent().remove(found)
    for link in list(el.iter(_q("hyperlink"))):
        parent = link.getparent()
        index = parent.index(link)
        for child in list(link):
            parent.insert(index, child)
            index += 1
        parent.remove(link)
    for t in el.iter(_q("t")):
        t.tag = _q("delText")
    for t in el.iter(_q("instrText")):
        t.tag = _q("delInstrText")


def _wrap_runs(p, kind: str, marks: _Marks) -> None:
    """Every run of the paragraph inside a w:ins / w:del, where it stands (also inside links);
    fields and footnote references are never marked."""
    fields = _field_runs(p)
    for run in list(p.iter(_q("r"))):
        parent = run.getparent()
        if parent.tag in (_q("ins"), _q("del")) or run in fields:
            continue
        if kind == "ins" and run.find(_q("footnoteReference")) is not None:
            continue  # footnotes are never marked
        mark = marks.element(kind)
        parent.replace(run, mark)
        mark.append(run)


def _mark_paragraph_mark(p, kind: str, marks: _Marks) -> None:
    ppr = p.find(_q("pPr"))
    if ppr is None:
        ppr = etree.Element(_q("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(_q("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, _q("rPr"))
        # w:rPr comes after everything but sectPr and pPrChange
        for tail in ("sectPr", "pPrChange"):
            found = ppr.find(_q(tail))
            if found is not None:
                found.addprevious(rpr)
                break
    # ins, del come first in a paragraph mark's run properties (CT_ParaRPr)
    rpr.insert(0, marks.element(kind))


def _mark_block(el, kind: str, marks: _Marks, old: bool) -> None:
    """A paragraph or table only in one edition: every run and paragraph mark, every row."""
    if old:
        _as_deleted_content(el)
    paragraphs = [el] if el.tag == _q("p") else list(el.iter(_q("p")))
    for p in paragraphs:
        _wrap_runs(p, kind, marks)
        _mark_paragraph_mark(p, kind, marks)
    if el.tag == _q("tbl"):
        for row in el.iter(_q("tr")):
            _mark_row(row, kind, marks)


def _mark_row(row, kind: str, marks: _Marks) -> None:
    trpr = row.find(_q("trPr"))
    if trpr is None:
        trpr = etree.Element(_q("trPr"))
        tblprex = row.find(_q("tblPrEx"))
        (tblprex.addnext if tblprex is not None else lambda e: row.insert(0, e))(trpr)
    change = trpr.find(_q("trPrChange"))
    mark = marks.element(kind)
    if change is not None:
        change.addprevious(mark)
    else:
        trpr.append(mark)


# --- words inside a changed paragraph -----------------------------------------------------

def _plain(p) -> bool:
    """A paragraph of runs (text, tabs, breaks, footnote references, field codes) and bookmarks
    only: words in it can be marked one by one."""
    for child in p:
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if local in ("pPr", "bookmarkStart", "bookmarkEnd", "proofErr"):
            continue
        if local != "r":
            return False
        for part in child:
            if etree.QName(part).localname not in ("rPr", "t", "tab", "br", "footnoteReference", "fldChar",
                                                   "instrText"):
                return False
    return True


def _tokens(p) -> list[tuple[str, object, object]]:
    """(key, run properties, text or runs) for each word and space; a footnote reference or a
    whole field (begin to end) is one token holding its runs, never marked."""
    fields = _field_runs(p)
    found = []
    group: list = []
    for run in p.iter(_q("r")):
        if run in fields:
            group.append(run)
            if any(c.get(_q("fldCharType")) == "end" for c in run.findall(_q("fldChar"))):
                found.append(("\x00" + "".join("".join(r.itertext()) for r in group), None, group))
                group = []
            continue
        if group:  # a field without its end: keep what there is as one token
            found.append(("\x00" + "".join("".join(r.itertext()) for r in group), None, group))
            group = []
        if run.find(_q("footnoteReference")) is not None:
            found.append(("\x00" + "".join(run.itertext()), None, [run]))
            continue
        rpr = run.find(_q("rPr"))
        for part in run:
            local = etree.QName(part).localname
            if local == "t":
                for word in _TOKEN.findall(part.text or ""):
                    found.append((word, rpr, word))
            elif local in ("tab", "br"):
                found.append(("\t" if local == "tab" else "\n", rpr, part))
    if group:
        found.append(("\x00" + "".join("".join(r.itertext()) for r in group), None, group))
    return found


def _runs(tokens, deleted: bool) -> list[tuple[object, bool]]:
    """(run, markable) for consecutive tokens, text of the same formatting joined into one run.
    A whole run (a footnote reference, a field's part) is the new edition's own, unmarked; the
    previous edition's are left out."""
    out = []
    for key, rpr, content in tokens:
        if key.startswith("\x00"):
            if not deleted:
                out.append((None, content))
            continue
        last = out[-1] if out else None
        if isinstance(content, str) and last is not None and last[0] is rpr and isinstance(last[1], str):
            out[-1] = (rpr, last[1] + content)
        else:
            out.append((rpr, content))
    runs = []
    for rpr, content in out:
        if isinstance(content, list):
            runs.extend((copy.deepcopy(run), False) for run in content)
            continue
        run = etree.Element(_q("r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if isinstance(content, str):
            t = etree.SubElement(run, _q("delText" if deleted else "t"))
            t.text = content
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            run.append(copy.deepcopy(content))
        runs.append((run, True))
    return runs


def _merge_words(old_p, new_p, marks: _Marks):
    """The new paragraph with the words it changed marked against the old one."""
    old_tokens, new_tokens = _tokens(old_p), _tokens(new_p)
    merged = etree.Element(_q("p"))
    for child in new_p:
        if child.tag == _q("pPr"):
            merged.append(copy.deepcopy(child))
    starts = [copy.deepcopy(c) for c in new_p if c.tag == _q("bookmarkStart")]
    ends = [copy.deepcopy(c) for c in new_p if c.tag == _q("bookmarkEnd")]
    merged.extend(starts)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in old_tokens], [t[0] for t in new_tokens],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            merged.extend(run for run, _ in _runs(new_tokens[j1:j2], deleted=False))
            continue
        if i2 > i1:
            runs = [run for run, _ in _runs(old_tokens[i1:i2], deleted=True)]
            if runs:
                mark = marks.element("del")
                mark.extend(runs)
                merged.append(mark)
        for run, markable in _runs(new_tokens[j1:j2], deleted=False):
            if markable:
                mark = marks.element("ins")
                mark.append(run)
                merged.append(mark)
            else:
                merged.append(run)  # footnotes and fields are never marked
    merged.extend(ends)
    return merged


# --- blocks ---------------------------------------------------------------------------

def _key(el) -> tuple:
    return (etree.QName(el).localname, _style(el) if el.tag == _q("p") else "", _text(el))


def _similar(a, b) -> bool:
    if a.tag != b.tag:
        return False
    if a.tag == _q("tbl"):
        return True
    return difflib.SequenceMatcher(None, _text(a), _text(b), autojunk=False).ratio() >= 0.5


def _pair(old_el, new_el, marks: _Marks) -> list:
    """A changed block in both editions: words in a paragraph, rows in a table."""
    if old_el.tag == _q("tbl"):
        return [_merge_table(old_el, new_el, marks)]
    if _plain(old_el) and _plain(new_el):
        return [_merge_words(old_el, new_el, marks)]
    old_copy = copy.deepcopy(old_el)
    _mark_block(old_copy, "del", marks, old=True)
    _mark_block(new_el, "ins", marks, old=False)
    return [old_copy, new_el]


def merge_blocks(old: list, new: list, marks: _Marks) -> list:
    """The merged sequence of body (or cell) blocks; the table of contents and a section's
    properties come from the new edition, unmarked."""
    old = [el for el in old if not _is_toc(el) and el.tag != _q("sectPr")]
    kept_new = [el for el in new if el.tag in (_q("p"), _q("tbl")) and not _is_toc(el)]
    merged_for = {}
    matcher = difflib.SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in kept_new], autojunk=False)
    deleted_before: dict[int, list] = {}  # index in kept_new (or len) -> old blocks deleted before it
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = old[i1:i2], kept_new[j1:j2]
        i = j = 0
        while i < len(olds) or j < len(news):
            if i < len(olds) and j < len(news) and _similar(olds[i], news[j]):
                merged_for[id(news[j])] = _pair(olds[i], news[j], marks)
                i += 1
                j += 1
            elif i < len(olds) and (j >= len(news) or not any(_similar(olds[i], n) for n in news[j:])):
                gone = copy.deepcopy(olds[i])
                _mark_block(gone, "del", marks, old=True)
                deleted_before.setdefault(j1 + j, []).append(gone)
                i += 1
            else:
                _mark_block(news[j], "ins", marks, old=False)
                merged_for[id(news[j])] = [news[j]]
                j += 1
    out = []
    index = {id(el): n for n, el in enumerate(kept_new)}
    for el in new:
        n = index.get(id(el))
        if n is not None:
            out.extend(deleted_before.pop(n, []))
            out.extend(merged_for.get(id(el), [el]))
        else:
            if el.tag == _q("sectPr"):
                for rest in sorted(deleted_before):
                    out.extend(deleted_before.pop(rest))
            out.append(el)
    for rest in sorted(deleted_before):
        out.extend(deleted_before[rest])
    return out


def _row_key(row) -> str:
    return _text(row)


def _cell_text(cell) -> str:
    return _text(cell).strip()


def _same_row(old_row, new_row) -> bool:
    """The same row changed: as many cells, and the first cell (an id, a label) alike or most
    of the text."""
    old_cells, new_cells = old_row.findall(_q("tc")), new_row.findall(_q("tc"))
    if len(old_cells) != len(new_cells) or not new_cells:
        return False
    first = _cell_text(old_cells[0])
    if re.search(r"\w\w", first) and first == _cell_text(new_cells[0]):  # an id, a label: not a ☐
        return True
    return difflib.SequenceMatcher(None, _text(old_row), _text(new_row), autojunk=False).ratio() >= 0.6


def _merge_table(old_tbl, new_tbl, marks: _Marks):
    """Rows only in one table are inserted or deleted whole; a changed row of the same cells
    has its cells' words marked."""
    old_rows, new_rows = old_tbl.findall(_q("tr")), new_tbl.findall(_q("tr"))
    matcher = difflib.SequenceMatcher(None, [_row_key(r) for r in old_rows], [_row_key(r) for r in new_rows],
                                      autojunk=False)
    result = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(new_rows[j1:j2])
            continue
        olds, news = old_rows[i1:i2], new_rows[j1:j2]
        i = j = 0
        while i < len(olds) or j < len(news):
            if i < len(olds) and j < len(news) and _same_row(olds[i], news[j]):
                for oc, nc in zip(olds[i].findall(_q("tc")), news[j].findall(_q("tc")), strict=True):
                    body = [c for c in nc if c.tag != _q("tcPr")]
                    merged = merge_blocks([c for c in oc if c.tag != _q("tcPr")], body, marks)
                    for c in body:
                        nc.remove(c)
                    nc.extend(merged)
                result.append(news[j])
                i += 1
                j += 1
            elif i < len(olds) and (j >= len(news) or not any(_same_row(olds[i], n) for n in news[j:])):
                gone = copy.deepcopy(olds[i])
                _mark_block_row(gone, "del", marks, old=True)
                result.append(gone)
                i += 1
            else:
                _mark_block_row(news[j], "ins", marks, old=False)
                result.append(news[j])
                j += 1
    for row in new_rows:
        new_tbl.remove(row)
    new_tbl.extend(result)
    return new_tbl


def _mark_block_row(row, kind: str, marks: _Marks, old: bool) -> None:
    if old:
        _as_deleted_content(row)
    for p in row.iter(_q("p")):
        _wrap_runs(p, kind, marks)
        _mark_paragraph_mark(p, kind, marks)
    _mark_row(row, kind, marks)


# --- the package ----------------------------------------------------------------------

def redline_docx(old_docx: bytes, new_docx: bytes, date: str) -> bytes:
    """new_docx with its body marked against old_docx's; date: ISO date of the new edition."""
    with zipfile.ZipFile(io.BytesIO(old_docx)) as z:
        old_doc = etree.fromstring(z.read("word/document.xml"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(new_docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                new_doc = etree.fromstring(data)
                ids = [int(v) for v in new_doc.xpath("//@w:id", namespaces={"w": W}) if v.lstrip("-").isdigit()]
                marks = _Marks(max(ids, default=0) + 1, f"{date}T00:00:00Z")
                body = new_doc.find(_q("body"))
                merged = merge_blocks(list(old_doc.find(_q("body"))), list(body), marks)
                for child in list(body):
                    body.remove(child)
                body.extend(merged)
                data = etree.tostring(new_doc, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data, compress_type=item.compress_type)
    return out.getvalue()
