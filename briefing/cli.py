"""The `briefing` command: parse options, call the pipeline, print, exit.

Exit codes: 0 everything written (or nothing to do); 1 some outputs failed, or
warnings under --strict, or another build holds the lock; 2 bad input or usage.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from briefing import __version__
from briefing.errors import EXIT_BAD_INPUT, EXIT_OUTPUT_FAILED, BriefingError
from briefing.resources import DEFAULT_CONFIG_NAME, config_paths

log = logging.getLogger("briefing")
EXIT_CODES = """\b
Exit codes:
  0  all briefs written (or unchanged with --if-changed)
  1  some outputs failed (the others were written), another build is
     running, or warnings under --strict
  2  bad input or usage: the message names the file and line"""


_config_flag = click.option(
    "-c", "--config", "configs", multiple=True, type=click.Path(path_type=Path),
    help=f"Run config YAML (repeat for several organisations; config files may also be given as "
         f"arguments, so a shell glob works). Default: ./{DEFAULT_CONFIG_NAME} if present, else the "
         "built-in example.")
_config_args = click.argument("config_files", nargs=-1, type=click.Path(path_type=Path), metavar="[CONFIG]...")


def config_option(f):
    """-c/--config (repeatable) plus configs as arguments (`briefing build orgs/*.yaml`), merged into `configs`."""
    @functools.wraps(f)
    def merged(*args, configs=(), config_files=(), **kwargs):
        return f(*args, configs=tuple(configs) + tuple(config_files), **kwargs)
    return _config_flag(_config_args(merged))


def _one_config_option(f):
    """Commands that read one run config: -c, or one argument."""
    @functools.wraps(f)
    def merged(*args, configs=(), config_files=(), **kwargs):
        paths = tuple(configs) + tuple(config_files)
        if len(paths) > 1:
            raise click.UsageError("this command reads one run config; got " + ", ".join(map(str, paths)))
        return f(*args, configs=paths, **kwargs)
    return _config_flag(_config_args(merged))


def _set_global(ctx: click.Context, param: click.Parameter, value):
    """A global option given after the subcommand: merged with the values given before it."""
    if ctx.resilient_parsing or ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
        return value
    obj = ctx.ensure_object(dict)
    obj[param.name] = value
    _configure_logging(obj)
    return value


def _configure_logging(obj: dict) -> None:
    from briefing.run import logs

    logs.configure(-1 if obj.get("quiet") else (1 if obj.get("verbose") else 0), obj.get("log_format", "text"))


_GLOBAL_OPTIONS = (
    (("-q", "--quiet"), dict(is_flag=True, help="Only warnings and errors on stderr (for cron).")),
    (("-v", "--verbose"), dict(is_flag=True, help="Debug messages on stderr.")),
    (("--log-format",), dict(type=click.Choice(["text", "json"]), default=None,
                             help="json: one JSON object per line, for log collectors.")),
    (("--debug",), dict(is_flag=True, help="Show Python tracebacks (for developers).")),
)


def _global_params() -> list[click.Option]:
    return [click.Option(list(decls), expose_value=False, callback=_set_global, **kwargs)
            for decls, kwargs in _GLOBAL_OPTIONS]


def global_options(f):
    """-q, -v, --log-format and --debug after the subcommand too (`briefing build -q`)."""
    for decls, kwargs in reversed(_GLOBAL_OPTIONS):
        f = click.option(*decls, expose_value=False, callback=_set_global, **kwargs)(f)
    return f


def _with_global_options(command: click.Command) -> click.Command:
    """The same for commands defined elsewhere (a group and its subcommands)."""
    command.params[:0] = _global_params()
    for sub in getattr(command, "commands", {}).values():
        _with_global_options(sub)
    return command


class _Progress:
    def __init__(self, total: int):
        self.bar = click.progressbar(length=total, label="building briefs", file=sys.stderr)
        self.bar.__enter__()

    def update(self, n: int) -> None:
        self.bar.update(n)

    def finish(self) -> None:
        self.bar.__exit__(None, None, None)


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Debug messages on stderr.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one JSON object per line, for log collectors.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, log_format: str, debug: bool) -> None:
    """Compile the AI-policy knowledge base into Word briefs for the board,
    the security team and developers."""
    ctx.obj = {"debug": debug, "quiet": quiet, "verbose": verbose, "log_format": log_format}
    _configure_logging(ctx.obj)


@cli.command(epilog=EXIT_CODES)
@global_options
@config_option
@click.option("--lang", "languages", multiple=True, type=click.Choice(["ko", "en"]),
              help="Languages to write, replacing the config's list (repeat: --lang ko --lang en).")
@click.option("--audience", "audiences", multiple=True, help="Only these audiences (repeatable).")
@click.option("-o", "--output-dir", type=click.Path(path_type=Path), help="Write here instead of output.dir.")
@click.option("--reference-docx", type=click.Path(path_type=Path),
              help="Word file whose styles, page setup, header and footer the briefs use.")
@click.option("--pdf/--no-pdf", default=None, help="Also write PDFs with LibreOffice (default: output.pdf).")
@click.option("--update-fields/--no-update-fields", default=None,
              help="Fill in the table of contents' page numbers by laying the brief out with LibreOffice "
                   "(default: output.update_fields; always with --pdf).")
@click.option("--if-changed", is_flag=True, help="Rebuild only briefs whose inputs changed since the last run.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings (e.g. a recommendation past its review-by date).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Seconds to wait for another build of the same folder to finish.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest (what was written) as JSON on stdout.")
@click.option("--emit-markdown", is_flag=True, help="Also write each brief's intermediate Markdown.")
@click.option("--redline", is_flag=True, default=None,
              help="Also write <brief>_redline.docx: the brief with Word tracked changes against the previous "
                   "edition in the folder (as output.redline: true).")
@click.option("--hwpx/--no-hwpx", default=None, help="Also write <brief>.hwpx (Hangul; needs the hwpx extra).")
@click.option("--xlsx", "register", is_flag=True, default=None,
              help="Also write the edition's action register (Excel) beside the briefs (as output.register: true); "
                   "`briefing register import` reads it back.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Build the edition of this date: only what was known by then (default: document.date, "
                   "else today).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True,
              help="The day the run takes as today (the edition date when the config sets none).")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=64), default=None,
              help="Parallel worker processes (default: number of cores).")
@click.pass_context
def build(ctx, configs, languages, audiences, output_dir, reference_docx, pdf, update_fields, if_changed, strict,
          wait, as_json, emit_markdown, redline, hwpx, register, as_of, today, jobs):
    """Write the briefs (DOCX) for every audience and language of the run config."""
    from briefing.run.batch import build_many
    from briefing.run.options import BuildOptions

    interactive = sys.stderr.isatty() and not ctx.obj["quiet"] and ctx.obj["log_format"] == "text"
    options = BuildOptions(if_changed=if_changed, strict=strict, wait=wait, pdf=pdf, update_fields=update_fields,
                           emit_markdown=emit_markdown, redline=redline, register=register, hwpx=hwpx,
                           today=today.date() if today else None,
                           progress=_Progress if interactive else None)
    overrides = {"languages": list(languages) or None, "audiences": list(audiences) or None,
                 "reference_docx": str(reference_docx.resolve()) if reference_docx else None,
                 "document.date": as_of.date().isoformat() if as_of else None,
                 "output.dir": str(output_dir.resolve()) if output_dir else None}
    paths = config_paths(configs)
    if output_dir and len(paths) > 1:
        raise click.UsageError("-o/--output-dir names one folder, and several run configs would overwrite each "
                               "other's briefs there: set 'dir:' under 'output:' in each run config instead")
    if jobs is None:
        from briefing.run.pool import default_jobs

        jobs = default_jobs()
    outcomes = build_many(paths, overrides, options, jobs)
    if len(outcomes) == 1 and outcomes[0].error is not None:
        raise outcomes[0].error
    failures, warnings = [], []
    for outcome in outcomes:
        if outcome.error is not None:
            outcome.error.show()
        failures += outcome.failures
        warnings += outcome.warnings
    from briefing.run.logs import summarise_warnings

    for line in summarise_warnings(warnings):
        log.warning("warning: %s", line)
    if as_json:
        manifests = [o.manifest for o in outcomes if o.manifest is not None]
        click.echo(json.dumps(manifests[0] if len(paths) == 1 else manifests, ensure_ascii=False, indent=2))
    if failures:
        if len(failures) > 1 or len(paths) > 1:
            log.error("%d failure(s):\n  %s", len(failures), "\n  ".join(failures))
        all_bad = all(o.bad_input for o in outcomes)
        ctx.exit(EXIT_BAD_INPUT if all_bad else EXIT_OUTPUT_FAILED)
    if strict and warnings:
        log.error("%d warning(s) and --strict: exit 1", len(warnings))
        ctx.exit(EXIT_OUTPUT_FAILED)


@cli.command(epilog=EXIT_CODES)
@global_options
@config_option
@click.option("--reference-docx", type=click.Path(path_type=Path),
              help="Check this Word file as the reference document, as `build --reference-docx` would use it.")
@click.option("--sources-dir", type=click.Path(path_type=Path, file_okay=False), envvar="BRIEFING_SOURCES",
              help="Folder of the source articles named by the sources' 'file:' (env BRIEFING_SOURCES); "
                   "a knowledge folder's own sources/ is always searched.")
@click.option("--strict", is_flag=True, help="Exit 1 when the fact check reports anything.")
@click.option("--review", is_flag=True,
              help="Also list, for a content reviewer, template sentences without a citation and sentences "
                   "of the rendered briefs that state a figure or date without a footnote (information only).")
@click.pass_context
def check(ctx, configs, reference_docx, sources_dir, strict, review):
    """Validate run config, knowledge base, templates and reference document, and fact-check
    findings against their cited lines; write nothing."""
    from briefing.run.checks import check_all

    if sources_dir is not None and not sources_dir.is_dir():
        raise BriefingError("the sources folder does not exist", file=sources_dir,
                            hint="Pass the folder holding the source articles to --sources-dir (or BRIEFING_SOURCES)")
    problems = warnings = 0
    for path in config_paths(configs):
        errors, summary, reports, to_review = check_all(path, reference_docx, sources_dir, review=review)
        for e in errors:
            click.echo(f"error: {e.format_message()}", err=True)
        for report in reports:
            click.echo(f"warning: {report.format()}", err=True)
        for item in to_review:
            click.echo(f"review: {item.format()}")
        if review:
            click.echo(f"{len(to_review)} sentence(s) to review.")
        problems += len(errors)
        warnings += len(reports)
        if not errors:
            click.echo(summary)
    if warnings:
        click.echo(f"{warnings} fact-check report(s).", err=True)
    if problems:
        click.echo(f"{problems} problem(s) found.", err=True)
        ctx.exit(EXIT_BAD_INPUT)
    if strict and warnings:
        click.echo("fact-check reports and --strict: exit 1", err=True)
        ctx.exit(EXIT_OUTPUT_FAILED)


@cli.command(epilog=EXIT_CODES)
@global_options
@click.argument("markdown", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="The file to write (default: beside it).")
@click.option("--to", type=click.Choice(["docx", "hwpx"]), help="Format (default: -o's extension, else docx).")
@click.option("--reference-docx", type=click.Path(path_type=Path),
              help="Word file whose styles, page setup, header and footer the brief uses (default: built-in).")
@click.option("--update-fields", is_flag=True,
              help="Fill in the table of contents' page numbers with LibreOffice, as build --update-fields does.")
def render(markdown, output, to, reference_docx, update_fields):
    """Render one brief's Markdown, as `build --emit-markdown` writes it (front matter
    included), to DOCX or HWPX: the very file the build wrote (DOCX: same reference)."""
    from briefing.run.render_file import render_file

    log.info("wrote %s", render_file(markdown, output, to, reference_docx, update_fields))


@cli.command()
@global_options
@click.argument("old", required=False, metavar="[OLD]")
@click.argument("new", required=False, metavar="[NEW]")
@_config_flag  # -c only: the arguments are editions
@click.option("-o", "--output-dir", type=click.Path(path_type=Path),
              help="The folder whose editions to compare (default: the run config's output.dir).")
@click.option("--audience", "audiences", multiple=True, help="Only these audiences (repeatable).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["ko", "en"]), help="Only these languages.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def diff(old, new, configs, output_dir, audiences, languages, as_json):
    """Say what changed between two editions of the briefs.

    \b
    briefing diff 2025-02-10 2025-02-20   two editions in the output folder
    briefing diff 2025-02-20              that edition and the one before it
    briefing diff                         the newest edition and the one before it
    briefing diff old-briefs/ briefs/     the newest editions of two folders
    """
    from briefing.brief.edition_diff import compares_folders, diff_editions, format_text

    folder = output_dir
    if folder is None and not compares_folders(old, new):
        from briefing.knowledge.config import load_config

        folder = load_config(config_paths(configs)[0]).output_dir
    diffs = diff_editions(old, new, folder, tuple(audiences), tuple(languages))
    if as_json:
        click.echo(json.dumps(diffs, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(diffs))


@cli.command(epilog="Exit codes: 0 no corrections; 1 corrections found; 2 bad input or usage.")
@global_options
@_config_flag
@click.option("-o", "--output-dir", type=click.Path(path_type=Path),
              help="The folder whose editions to check (default: the run config's output.dir).")
@click.option("--json", "as_json", is_flag=True, help="Print the corrections as JSON.")
@click.pass_context
def errata(ctx, configs, output_dir, as_json):
    """List editions already published whose findings or recommendations were corrected since.

    Compares what each edition in the folder published with what the knowledge base now
    says for the same date (same id, different text): which brief, which item, old and new
    wording. Exit 1 when there are corrections, for scheduled jobs.
    """
    from briefing.knowledge.config import load_config
    from briefing.run.errata import find_errata, format_errata

    loaded = load_config(config_paths(configs)[0])
    items = find_errata(loaded, output_dir if output_dir is not None else loaded.output_dir)
    click.echo(json.dumps(items, ensure_ascii=False, indent=2) if as_json else format_errata(items))
    if items:
        ctx.exit(1)


@cli.command(name="list")
@global_options
@_one_config_option
@click.option("--framework", metavar="ID", default=None,
              help="Show one framework's coverage instead: each item, the recommendations serving it, and the "
                   "items relevant to generative AI that none serves.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="With --framework: the coverage on this date (default: document.date, else today).")
@click.option("--json", "as_json", is_flag=True, help="With --framework: print the coverage as JSON.")
def list_(configs, framework, as_of, as_json):
    """Show audiences, topics and recommendation ids of the knowledge base, or one framework's coverage."""
    from briefing.knowledge.config import load_config
    from briefing.knowledge.loader import load_knowledge

    loaded = load_config(config_paths(configs)[0])
    kb = load_knowledge(loaded.knowledge_dirs)
    if framework:
        from briefing.run.coverage import coverage_listing

        click.echo(coverage_listing(loaded, kb, framework, as_of.date() if as_of else None, as_json))
        return
    if as_of or as_json:
        raise click.UsageError("--as-of and --json go with --framework")
    click.echo(f"Event: {kb.event.id}  {kb.event.title.en} / {kb.event.title.ko}")
    click.echo("Audiences:")
    for a in kb.audiences.values():
        click.echo(f"  {a.id:<12} {a.title.en} / {a.title.ko}")
    click.echo("Topics:")
    for tid in kb.event.topics:
        t = kb.topics[tid]
        click.echo(f"  {t.id:<14} {t.title.en} / {t.title.ko}")
    click.echo("Recommendations:")
    excluded = set(loaded.config.exclude)
    for r in sorted(kb.recommendations.values(), key=lambda r: r.id):
        mark = " (excluded)" if r.id in excluded else ""
        click.echo(f"  {r.id:<12} {r.topic:<14} {r.priority:<8} {','.join(r.audiences):<26} {r.title.en}{mark}")
    if kb.industries:
        click.echo("Industries (organization.industry: an id or any of its aliases):")
        for ind in kb.industries.values():
            click.echo(f"  {ind.id:<14} {ind.title.en} / {ind.title.ko}: {', '.join(ind.aliases)}")
    if kb.frameworks:
        click.echo("Frameworks (briefing list --framework ID):")
        for fw in kb.frameworks.values():
            click.echo(f"  {fw.id:<18} {fw.title.en}")


@cli.command()
@global_options
@_one_config_option
@click.option("--every", metavar="CRON", default=None,
              help='When to run, as a cron expression, for every kind. Default: "0 7 * * MON".')
@click.option("--cron", "cron_expr", is_flag=False, flag_value="", default=None, metavar="[CRON]",
              help="Print a crontab line (--cron CRON is the same as --cron --every CRON).")
@click.option("--systemd", is_flag=True, help="Print a systemd service and timer.")
@click.option("--k8s", is_flag=True, help="Print a Kubernetes CronJob manifest.")
@click.option("--image", default=None, metavar="IMAGE",
              help="Container image for --k8s (default: briefing:VERSION, built from the Containerfile).")
def schedule(configs, every, cron_expr, systemd, k8s, image):
    """Print a ready crontab line, systemd units or a CronJob that run `briefing build --if-changed`."""
    from briefing.setup import schedule as sched

    chosen = sum(x for x in (cron_expr is not None, systemd, k8s))
    if chosen != 1:
        raise click.UsageError("choose exactly one of --cron, --systemd, --k8s")
    if cron_expr and every and cron_expr != every:
        raise click.UsageError("--cron CRON and --every CRON name two schedules; give one")
    when = sched.parse_every(every or cron_expr or sched.DEFAULT_EVERY)
    config = sched.check_config(config_paths(configs)[0])
    if cron_expr is not None:
        click.echo(sched.crontab_line(when, config))
    elif systemd:
        click.echo(sched.systemd_units(when, config), nl=False)
    else:
        click.echo(sched.cronjob_manifest(when, config, image or sched.DEFAULT_IMAGE), nl=False)


from briefing.setup.commands import init, schema_  # noqa: E402 - click only

cli.add_command(_with_global_options(schema_))
cli.add_command(_with_global_options(init))
from briefing.ingest.commands import sources  # noqa: E402 - click only; the analyser loads inside `sources add`

cli.add_command(_with_global_options(sources))
from briefing.run.register_commands import register  # noqa: E402 - click only until it runs

cli.add_command(_with_global_options(register))


def main() -> None:
    from briefing.run import interrupts

    debug = "--debug" in sys.argv[1:]
    interrupts.install()
    try:
        code = cli.main(prog_name="briefing", standalone_mode=False)
    except interrupts.Stopped as e:
        click.echo(f"stopped by {e.name}: briefs already written are complete, nothing half-written "
                   "or temporary is left", err=True)
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)
    except click.ClickException as e:
        if debug and isinstance(e, BriefingError):
            raise
        e.show()
        sys.exit(e.exit_code)
    except Exception as e:  # the last net: a bug must still not dump a traceback on a cron user
        if debug:
            raise
        click.echo(f"error: internal error ({type(e).__name__}: {e}). Run again with --debug and "
                   "report the traceback.", err=True)
        sys.exit(EXIT_OUTPUT_FAILED)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
