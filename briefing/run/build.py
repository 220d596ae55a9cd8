"""The build: plan outputs, render each brief, write it atomically, record a manifest.

    knowledge + config -> select_brief -> MarkdownRenderer -> write_docx -> write_atomic

One failing output does not stop the others; the result says what was written,
skipped and failed, and the CLI turns that into exit code 0, 1 or 2.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from briefing import __version__, resources
from briefing.atomic import write_atomic
from briefing.brief import english_defaults
from briefing.brief.select import check_selection, edition_day, select_brief
from briefing.errors import BriefingError, OutputError
from briefing.knowledge.config import LoadedConfig
from briefing.knowledge.loader import load_knowledge
from briefing.knowledge.model import Knowledge
from briefing.knowledge.sectors import for_industry
from briefing.knowledge.timeline import knowledge_as_of
from briefing.run import hwpx_output
from briefing.run import manifest as run_manifest
from briefing.run.fingerprint import MANIFEST_NAME, output_intact, read_manifest
from briefing.run.options import BuildOptions
from briefing.run.outputs import (
    build_lock,
    inside,
    manifest_reserve_size,
    output_name,
    prepare_folder,
    prune_versions,
    release_space,
    remove_stale_temporaries,
    reserve_space,
    tidy_folder,
)

log = logging.getLogger("briefing")


@dataclass
class OutputRecord:
    audience: str
    lang: str
    path: str
    status: str  # written | unchanged | failed
    sha256: str = ""
    size: int = 0
    input_hash: str = ""
    built_at: str = ""
    recommendations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    pdf: str | None = None
    hwpx: str | None = None  # the brief in Hangul's format, <brief>.hwpx
    markdown: str | None = None
    latest: str | None = None
    edition: str = ""  # the edition's date
    record: str | None = None  # its edition record, editions/<audience>_<lang>_<date>.json
    redline: str | None = None  # <brief>_redline.docx, tracked changes against the previous edition


@dataclass
class BuildResult:
    config: str
    output_dir: Path
    outputs: list[OutputRecord]
    warnings: list[str]
    inputs: str | None = None  # the run fingerprint, when known
    stale: list[str] = field(default_factory=list)  # files in the folder this run did not write
    reference_warnings: list[str] = field(default_factory=list)  # what was repaired in the reference
    config_key: str = ""  # which config file, absolute (briefing.run.manifest)
    register: dict | None = None  # the action register written: path, sha256, size

    @property
    def failed(self) -> list[OutputRecord]:
        return [o for o in self.outputs if o.status == "failed"]

    def manifest(self) -> dict:
        return {
            "tool": "briefing",
            "version": __version__,
            "config": self.config,
            "config_key": self.config_key,
            "inputs": self.inputs,
            "status": "failed" if self.failed else "ok",
            "warnings": self.warnings,
            "reference_warnings": self.reference_warnings,
            "outputs": [o.__dict__ for o in self.outputs],
            "register": self.register,
            "stale": self.stale,
        }


def output_digest(brief, markdown: str, reference_digest: str, extra: str) -> str:
    """What one output depends on: its Brief, its Markdown, the reference document, the version.

    Judged per output, so a recommendation for the security team alone leaves the
    board's brief untouched under --if-changed.
    """
    h = hashlib.sha256()
    for part in (__version__, reference_digest, extra, repr(brief), markdown):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def stale_recommendations(knowledge: Knowledge, audience: str, excluded: set[str], day: dt.date) -> list[str]:
    """Recommendations an edition dated day shows although their review-by date is before it."""
    return [f"{rid}: review-by date {r.review_by.isoformat()} is before the edition date {day.isoformat()}"
            for rid, r in sorted(knowledge_as_of(knowledge, day).recommendations.items())
            if audience in r.audiences and rid not in excluded and r.review_by < day]


def _unchanged(previous: dict, folder: Path, name: str, digest: str) -> dict | None:
    """The previous manifest's entry for this brief, if made from the same inputs and intact."""
    for entry in previous.get("outputs", []):
        if entry.get("path") == name and entry.get("input_hash") == digest and output_intact(folder, entry):
            return entry
    return None


def _write_register(folder: Path, cfg, planned: list, edition: dt.date) -> dict | None:
    """The edition's action register from every brief of the run (none when every brief failed)."""
    from briefing.render.xlsx.register import register_bytes

    briefs = [p.brief for p in planned if p.record.status != "failed"]
    if not briefs:
        return None
    name = Path(output_name(cfg.output.filename, date=edition, org=briefs[0].organization, audience="register",
                            lang="-".join(cfg.languages), version=cfg.document.version)).with_suffix(".xlsx").name
    data = register_bytes(briefs, edition, list(cfg.languages))
    path = inside(folder, name)
    if not (path.is_file() and path.read_bytes() == data):  # an unchanged register keeps its mtime
        write_atomic(path, data)
        log.info("wrote %s (action register, %s bytes)", path, f"{len(data):,}")
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def dated(loaded: LoadedConfig, day: dt.date) -> LoadedConfig:
    """The run config for the edition of day (as --as-of day sets it)."""
    cfg = loaded.config
    return dataclasses.replace(loaded, config=dataclasses.replace(
        cfg, document=dataclasses.replace(cfg.document, date=day)))


def load_inputs(loaded: LoadedConfig) -> Knowledge:
    knowledge = load_knowledge(loaded.knowledge_dirs)
    check_selection(loaded, knowledge)
    return knowledge


def reference_document(loaded: LoadedConfig, warnings: list[str] | None = None) -> Path:
    """The reference document, checked; its repairs are logged, or added to `warnings` when given."""
    from briefing.render.docx.reference import check_reference

    ref = loaded.reference_docx or resources.default_reference_docx()
    found = check_reference(ref, log_warnings=warnings is None)
    if warnings is not None:
        warnings += found
    return ref


@dataclass
class _Planned:
    brief: object
    markdown: str
    path: Path
    names: dict
    record: OutputRecord
    future: object = None  # a concurrent.futures.Future of the DOCX bytes, with a pool
    hwpx_future: object = None  # and of the HWPX bytes


def render_docx_bytes(markdown: str, reference: Path, paginate: bool = False) -> bytes:
    """The expensive step, run in worker processes with --jobs. The Markdown (front matter
    included) is the writer's only input, so `briefing render` gives the same bytes.

    paginate: fill in the table of contents' page numbers with LibreOffice (briefing.run.pdfpass).
    A build does that for all its briefs at once instead, with one LibreOffice process.
    """
    return render_docx_measured(markdown, reference, paginate)[0]


def render_docx_measured(markdown: str, reference: Path, paginate: bool = False,
                         measure: bool = False) -> tuple[bytes, int | None]:
    """render_docx_bytes, and the page count when the brief was laid out (for max_pages).

    measure: lay it out even without a table of contents, to count its pages.
    """
    from briefing.render.charts import render_chart
    from briefing.render.docx.body import write_docx

    data = write_docx(markdown, reference, render_chart)
    if not (paginate or measure):
        return data, None
    from briefing.run.pdfpass import number_pages

    return number_pages(markdown, reference, data, paginate=paginate, measure=measure)


def build(loaded: LoadedConfig, options: BuildOptions = BuildOptions(), pool=None,
          fingerprint=None) -> BuildResult:
    """Build every (audience, language) of one run config into its output folder.

    pool: a concurrent.futures executor for the DOCX rendering, or None to render here.
    fingerprint: a callable giving the run's input hash (briefing.run.fingerprint) as the
    folder stands after the build, recorded in the manifest; the edition records this
    build writes are inputs of the next one.
    """
    from briefing.brief import editions
    from briefing.render.markdown import MarkdownRenderer
    from briefing.run.pool import fork_ready

    cfg = loaded.config
    knowledge = load_inputs(loaded)
    reference_warnings: list[str] = []  # in the manifest, and failing --strict like the others
    reference = reference_document(loaded, reference_warnings)
    templates_override = loaded.templates_dir
    if templates_override is not None and not templates_override.is_dir():
        raise BriefingError("the templates folder does not exist", file=templates_override,
                            hint="fix 'templates:' in the run config")
    renderer = MarkdownRenderer(resources.templates_dir(), templates_override)
    today = options.day
    edition = edition_day(loaded, today)
    want_pdf = cfg.output.pdf if options.pdf is None else options.pdf
    want_redline = cfg.output.redline if options.redline is None else options.redline
    want_register = cfg.output.register if options.register is None else options.register
    if want_register:
        from briefing.render.xlsx.register import require_openpyxl

        require_openpyxl()  # before anything is written
    want_hwpx = "hwpx" in cfg.output.formats if options.hwpx is None else options.hwpx
    if want_hwpx:
        hwpx_output.prepare()  # refuses a missing python-hwpx before anything is written
    # A PDF shows the table of contents' cached page numbers, so --pdf fills them in too.
    paginate = want_pdf or (cfg.output.update_fields if options.update_fields is None else options.update_fields)
    # Laid out anyway: count every brief's pages against max_pages (a PDF is counted when written).
    measure = paginate and not want_pdf
    if want_pdf or paginate:
        from briefing.run.pdf import soffice

        if soffice() is None:
            raise BriefingError("PDF output and --update-fields need LibreOffice, and 'soffice' is not on PATH",
                                hint="install it (Debian: apt-get install libreoffice-writer-nogui) "
                                     "or drop --pdf / --update-fields")
    folder = loaded.output_dir
    prepare_folder(folder)
    reference_digest = hashlib.sha256(reference.read_bytes()).hexdigest()
    excluded = set(cfg.exclude)

    with build_lock(folder, options.wait):
        remove_stale_temporaries(folder)
        reserve_space(folder, manifest_reserve_size(folder, MANIFEST_NAME, len(cfg.audiences) * len(cfg.languages)))
        key = run_manifest.config_key(loaded.path)
        on_disk = read_manifest(folder)
        earlier = run_manifest.own_run(on_disk, key)
        previous = earlier if options.if_changed else {}
        planned = []
        for audience in cfg.audiences:
            for lang in cfg.languages:
                brief = editions.with_changes(
                    select_brief(loaded, knowledge, audience, lang, today=today), folder,
                    lambda day, a=audience, la=lang: select_brief(dated(loaded, day), knowledge, a, la, today=day))
                names = dict(org=brief.organization, audience=audience, lang=lang, version=cfg.document.version)
                name = output_name(cfg.output.filename, date=brief.date, **names)
                markdown = renderer.render(brief)
                record = OutputRecord(
                    audience=audience, lang=lang, path=name, status="written",
                    input_hash=output_digest(brief, markdown, reference_digest, f"{name}:{want_pdf}:{paginate}:"
                                             f"{cfg.output.latest}:{options.emit_markdown}:{want_redline}:{want_hwpx}"),
                    recommendations=[r.id for r in brief.recommendations],
                    # The organisation's sector view: only what its briefs show can be stale.
                    warnings=stale_recommendations(for_industry(knowledge, cfg.organization.industry), audience,
                                                   excluded, edition)
                    + (english_defaults.untranslated(cfg) if lang == "en" else []),
                    edition=edition.isoformat(), record=f"{editions.EDITIONS_DIR}/"
                    f"{editions.record_name(audience, lang, edition)}")
                item = _Planned(brief, markdown, folder / name, names, record)
                planned.append(item)
                entry = _unchanged(previous, folder, name, record.input_hash) if options.if_changed else None
                if entry is not None:
                    record.status = "unchanged"
                    record.sha256, record.size = entry["sha256"], entry["size"]
                    record.built_at, record.pdf = entry.get("built_at", ""), entry.get("pdf")
                    record.markdown, record.latest = entry.get("markdown"), entry.get("latest")
                    record.redline = entry.get("redline") if want_redline else None
                    record.hwpx = entry.get("hwpx") if want_hwpx else None
                    log.info("unchanged %s", name)
                elif pool is not None:
                    # Rendered while the next brief is planned.
                    fork_ready()
                    item.future = pool.submit(render_docx_bytes, markdown, reference)
                    if want_hwpx:
                        item.hwpx_future = pool.submit(hwpx_output.render_hwpx_bytes, markdown)
        todo = [p for p in planned if p.record.status == "written"]
        finished = None
        if todo and (want_pdf or paginate):  # LibreOffice once for all briefs (briefing.run.pdfpass)
            from briefing.run.pdfpass import finish

            def first(p):
                return p.future.result() if p.future is not None else render_docx_bytes(p.markdown, reference)
            finished = finish(todo, first, reference, paginate=paginate, want_pdf=want_pdf, measure=measure,
                              pool=pool)
        progress = options.progress(len(todo)) if options.progress and todo else None
        for item in todo:
            pages = None
            if finished is not None:
                data = finished[item.path.name]
            elif item.future is not None:
                data = item.future.result()
            else:
                data = render_docx_bytes(item.markdown, reference)
            _write_output(loaded, item, data, options, want_pdf, pages, want_hwpx)
            if want_redline and item.record.status == "written":
                _write_redline(folder, item, reference)
            if progress:
                progress.update(1)
        if progress:
            progress.finish()
        release_space(folder)  # set aside for the edition records and the manifest
        for item in planned:
            if item.record.status != "failed":
                _write_edition_record(folder, item)
        records = [p.record for p in planned]
        register = _write_register(folder, cfg, planned, edition) if want_register else None
        warnings = [f"reference document {w}" for w in reference_warnings]
        warnings += [f"{r.audience}/{r.lang}: {w}" for r in records for w in r.warnings]
        others = run_manifest.other_runs(on_disk, key)
        result = BuildResult(loaded.display_path, folder, records, warnings,
                             fingerprint() if fingerprint is not None else None,
                             stale=tidy_folder(folder, records, want_pdf, options.emit_markdown, hwpx=want_hwpx,
                                               earlier=earlier,
                                               others=run_manifest.files_of(others)
                                               | ({register["path"]} if register else set())),
                             reference_warnings=reference_warnings, config_key=key, register=register)
        manifest = run_manifest.merged(result.manifest(), on_disk)
        write_atomic(folder / MANIFEST_NAME,
                     (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return result


def _write_edition_record(folder: Path, item: _Planned) -> None:
    """What the brief showed, for the next edition's "what changed" (unchanged bytes are not rewritten)."""
    from briefing.brief import editions

    data = editions.record_bytes(editions.record(item.brief))
    try:
        directory = folder / editions.EDITIONS_DIR
        directory.mkdir(exist_ok=True)
        path = inside(directory, Path(item.record.record).name)
        # The Markdown as published, beside the record: the next edition's redline compares with
        # it, so corrections to the knowledge base since do not rewrite what was sent out.
        for target, content in ((editions.markdown_path(path), item.markdown.encode("utf-8")), (path, data)):
            if not (target.is_file() and target.read_bytes() == content):
                write_atomic(target, content)
    except (OutputError, OSError) as e:
        message = e.format_message() if isinstance(e, OutputError) else str(e)
        item.record.status, item.record.error = "failed", f"edition record {item.record.record}: {message}"
        log.error("error: %s", item.record.error)


def _write_redline(folder: Path, item: _Planned, reference: Path) -> None:
    """<brief>_redline.docx: this edition with tracked changes against the previous one as published."""
    from briefing.brief import editions
    from briefing.render.docx.redline import redline_docx

    previous = editions.previous_markdown(folder, item.brief.audience, item.brief.lang, item.brief.date)
    if previous is None:
        log.info("no earlier edition of %s with its Markdown kept: no redline", item.path.name)
        return
    day, old_markdown = previous
    name = item.path.with_name(item.path.stem + "_redline.docx").name
    try:
        new = render_docx_bytes(item.markdown, reference)
        data = redline_docx(render_docx_bytes(old_markdown, reference), new, item.brief.date.isoformat())
        write_atomic(inside(folder, name), data)
    except (OutputError, BriefingError) as e:
        item.record.status, item.record.error = "failed", f"redline {name}: {e.format_message()}"
        log.error("error: %s", item.record.error)
        return
    item.record.redline = name
    log.info("wrote %s (tracked changes against the edition of %s)", folder / name, day.isoformat())


def _write_output(loaded: LoadedConfig, item: _Planned, data, options: BuildOptions, want_pdf: bool,
                  pages: int | None = None, want_hwpx: bool = False) -> None:
    """Write one brief and what goes with it; an output failure marks the record, not the build.

    data: the DOCX, or a pdfpass.Finished with its PDF and layout's page count (LibreOffice pass).
    pages: the page count of the layout, if there was one; a PDF's own count wins.
    """
    from briefing.run.pdf import length_warning

    cfg = loaded.config
    folder = loaded.output_dir
    record = item.record
    try:
        pdf = None
        if not isinstance(data, bytes):  # pdfpass.Finished: the DOCX with its PDF, or what went wrong
            if data.error is not None:
                raise data.error
            data, pdf, pages = data.docx, data.pdf, data.pages
        path = inside(folder, item.path.name)
        # Made before anything of this brief is written: a writer failure leaves no new file.
        hwpx = hwpx_output.hwpx_bytes(item, path.with_suffix(".hwpx").name) if want_hwpx else None
        if options.emit_markdown:
            write_atomic(inside(folder, path.with_suffix(".md").name), item.markdown.encode("utf-8"))
            record.markdown = path.with_suffix(".md").name
        write_atomic(path, data)
        if hwpx is not None:
            write_atomic(inside(folder, path.with_suffix(".hwpx").name), hwpx)
            record.hwpx = path.with_suffix(".hwpx").name
            log.info("wrote %s (%s bytes)", path.with_suffix(".hwpx"), f"{len(hwpx):,}")
        if want_pdf:
            from briefing.run.pdf import page_count

            pdf_path = inside(folder, path.with_suffix(".pdf").name)
            write_atomic(pdf_path, pdf)
            record.pdf = pdf_path.name
            pages = page_count(pdf)
        if cfg.output.latest and "{date}" in cfg.output.filename:
            record.latest = output_name(cfg.output.filename, date="latest", **item.names)
            write_atomic(inside(folder, record.latest), data)
            if hwpx is not None:  # latest_<audience>_<lang>.hwpx beside it
                write_atomic(inside(folder, Path(record.latest).with_suffix(".hwpx").name), hwpx)
        if cfg.output.keep:
            for old in prune_versions(folder, cfg.output.filename, cfg.output.keep, path, **item.names):
                log.info("removed old version %s", old.name)
    except OutputError as e:
        record.status, record.error = "failed", e.format_message()
        log.error("error: %s", e.format_message())
        return
    too_long = length_warning(item.brief, pages) if pages is not None else None
    if too_long:
        record.warnings.append(too_long)
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.size = len(data)
    record.built_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    log.info("wrote %s (%s bytes)", path, f"{len(data):,}")
