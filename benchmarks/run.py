"""Measure briefing against pandoc and itself; print a table. Not a test: run it by hand.

    python benchmarks/run.py            # all five figures (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repetitions, smaller batch
    python benchmarks/run.py --ingest   # only `sources add` of a 5,000-character article (no pandoc needed)
    python benchmarks/run.py --hwpx     # only figure 8: the HWPX writer against the DOCX writer

Every figure comes from fresh processes on this machine, side by side in one run,
as the median of --repeat runs. pandoc (Debian: apt-get install pandoc) is the
yardstick: it converts the very Markdown briefing emits (--emit-markdown).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BRIEFING = [sys.executable, "-m", "briefing", "-q"]
CONFIG = """\
organization: {{name: "{name}", name_en: "{name_en}"}}
document: {{date: 2025-02-20, classification: 대외비, classification_en: Confidential}}
audiences: {audiences}
languages: {languages}
output: {{dir: "{out}"}}
"""


def timed(cmd, cwd, env=None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def interleaved(contenders: dict, repeat: int) -> dict[str, float]:
    """Median seconds of each contender (a function returning seconds), run in turns."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, run in contenders.items():
            times[name].append(run())
    return {name: statistics.median(values) for name, values in times.items()}


def peak_rss_mb(cmd, cwd) -> float:
    """Largest resident set of the command or any one of its worker processes."""
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL,"
            "stderr=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def write_configs(folder: Path, count: int, audiences="[board, security, developers]",
                  languages="[ko, en]") -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"org{i:03d}.yaml"
        path.write_text(CONFIG.format(name=f"계열사{i:03d}", name_en=f"Affiliate {i:03d}", audiences=audiences,
                                      languages=languages, out=f"out/org{i:03d}"), encoding="utf-8")
        paths.append(path)
    return paths


def pandoc_times(markdown: list[Path], cwd: Path, parallel: int) -> float:
    """One pandoc process per file, `parallel` at a time, as a user's shell loop or xargs -P would."""
    start = time.perf_counter()
    running: list[subprocess.Popen] = []
    for md in markdown:
        while len(running) >= parallel:
            running.pop(0).wait()
        command = ["pandoc", str(md), "-f", "markdown", "-o", str(md.with_suffix(".pandoc.docx"))]
        running.append(subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for p in running:
        p.wait()
    return time.perf_counter() - start


def ingest_rows(work: Path, repeat: int) -> list[tuple]:
    """6. `briefing sources add` of a 5,000-character Korean article, fresh process, model load included:
    with the trained topic model cached (the usual case) and with no cache at all (training included)."""
    sys.path.insert(0, str(REPO / "tests"))
    import ingest_samples

    body = ingest_samples.PARAGRAPHS[2:8]
    paragraphs, n = [ingest_samples.TITLE], 0
    while len("\n\n".join(paragraphs)) < 5000:
        paragraphs.append(body[n % len(body)].replace("다섯", f"{n + 5}개").replace("120만", f"{120 + n}만"))
        n += 1
    article = work / "article.txt"
    article.write_text("\n\n".join(paragraphs)[:5000], encoding="utf-8")
    counter = iter(range(10_000))

    def add(env=None):
        folder = work / f"kb{next(counter)}"
        return timed(BRIEFING + ["sources", "add", str(article), "-k", str(folder), "--id", "bench",
                                 "--date", "2025-02-07"], work, env)
    add()  # fills the cache with the trained model
    no_cache = {**os.environ, "BRIEFING_NO_CACHE": "1"}
    times = interleaved({"cached": add, "cold": lambda: add(no_cache)}, repeat)
    return [("6a. sources add, 5,000-char article (model cached)", f"{times['cached']:.2f} s", "", "", "(none)"),
            ("6b. the same, no cache (training included)", f"{times['cold']:.2f} s", "", "", "(none)")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=50, help="organisations in the batch (x 6 briefs)")
    parser.add_argument("--quick", action="store_true", help="--repeat 3 --batch 10")
    parser.add_argument("--ingest", action="store_true", help="only measure `sources add` (6a, 6b)")
    parser.add_argument("--pdf-only", action="store_true", help="only figure 7 (--pdf against bare LibreOffice)")
    parser.add_argument("--hwpx", action="store_true", help="only figure 8 (HWPX writer against DOCX writer)")
    args = parser.parse_args()
    # Measure this working tree, installed or not.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    # As installed by pip: modules compiled to bytecode once, not on every start.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.quick:
        args.repeat, args.batch = 3, 10
    if args.pdf_only:
        print_rows([pdf_figure(args.repeat)], args.repeat, "")
        return 0
    if args.hwpx:
        print_rows(hwpx_figure(args.repeat), args.repeat, "")
        return 0
    if args.ingest:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
            print_rows(ingest_rows(Path(tmp), args.repeat), args.repeat, "")
        return 0
    if shutil.which("pandoc") is None:
        print("pandoc is not installed (Debian: apt-get install pandoc); it is the yardstick.", file=sys.stderr)
        return 2
    pandoc_version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        # 1. Default build, cold process, versus pandoc on the same six Markdown files.
        default_out = work / "default"
        md_dir = work / "markdown"

        def build_default():
            return BRIEFING + ["build", "--lang", "ko", "--lang", "en", "-o", str(default_out)]
        subprocess.run(build_default() + ["--emit-markdown"], cwd=work, check=True, stderr=subprocess.DEVNULL)
        md_dir.mkdir()
        for md in default_out.glob("*.md"):
            shutil.move(str(md), md_dir / md.name)
        six = sorted(md_dir.glob("*.md"))

        def cold_build():
            shutil.rmtree(default_out, True)
            return timed(build_default(), work)
        # Each repetition runs every contender once, so a slow spell of a shared machine
        # falls on all of them alike.
        first = interleaved({"ours": cold_build, "pandoc": lambda: pandoc_times(six, work, 1),
                             "unchanged": lambda: timed(build_default() + ["--if-changed"], work)}, args.repeat)
        ours, theirs, nothing = first["ours"], first["pandoc"], first["unchanged"]
        rows.append(("1. default build (6 briefs), cold process", f"{ours:.2f} s", f"pandoc x6: {theirs:.2f} s",
                     f"{ours / theirs:.2f}", "<= 0.50"))

        # 3. --if-changed with nothing changed (run just after a full build), versus the full build.
        rows.append(("3. --if-changed, nothing changed", f"{nothing:.2f} s", f"full build: {ours:.2f} s",
                     f"{nothing / ours:.2f}", "<= 0.20"))

        # 4a. Peak memory of the default build.
        shutil.rmtree(default_out, True)
        rss_default = peak_rss_mb(build_default(), work)
        rows.append(("4a. peak RSS, default build", f"{rss_default:.0f} MB", "", "", "<= 150 MB"))

        # 2. Batch of N organisations x 6 briefs, --jobs 2 versus --jobs 1, and versus pandoc.
        batch_dir = work / "batch"
        batch_dir.mkdir()
        configs = write_configs(batch_dir, args.batch)

        def batch_cmd(jobs):
            return BRIEFING + ["build", "--jobs", str(jobs)] + [a for c in configs for a in ("-c", str(c))]

        def clean():
            return shutil.rmtree(batch_dir / "out", True)
        subprocess.run(batch_cmd(2) + ["--emit-markdown"], cwd=batch_dir, check=True, stderr=subprocess.DEVNULL)
        batch_md = work / "batch-markdown"
        for md in (batch_dir / "out").rglob("*.md"):
            target = batch_md / md.parent.name / md.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(md), target)
        all_md = sorted(batch_md.rglob("*.md"))

        def batch(jobs):
            clean()
            return timed(batch_cmd(jobs), batch_dir)
        second = interleaved({"one": lambda: batch(1), "two": lambda: batch(2),
                              "pandoc": lambda: pandoc_times(all_md, batch_dir, 2)}, args.repeat)
        one, two, pandoc_batch = second["one"], second["two"], second["pandoc"]
        n = len(all_md)
        rows.append((f"2a. batch {n} briefs, --jobs 2 vs --jobs 1", f"{two:.1f} s", f"--jobs 1: {one:.1f} s",
                     f"{one / two:.2f}x", ">= 1.7x"))
        rows.append((f"2b. batch {n} briefs vs pandoc (2 at a time)", f"{two:.1f} s",
                     f"pandoc: {pandoc_batch:.1f} s", f"{two / pandoc_batch:.2f}", "<= 0.35"))
        clean()
        rss_batch = peak_rss_mb(batch_cmd(2), batch_dir)
        rows.append(("4b. peak RSS per process, batch --jobs 2", f"{rss_batch:.0f} MB", "", "", "<= 200 MB"))

        # 5. Cost per brief as the batch grows.
        scaling = []
        for briefs in (1, 10, 100, 300):
            folder = work / f"scale{briefs}"
            folder.mkdir()
            if briefs == 1:
                cfgs = write_configs(folder, 1, "[board]", "[ko]")
            elif briefs == 10:
                cfgs = write_configs(folder, 5, "[security]", "[ko, en]")
            else:
                cfgs = write_configs(folder, briefs // 6 + (1 if briefs % 6 else 0))
            count = briefs if briefs in (1, 10) else len(cfgs) * 6
            cmd = BRIEFING + ["build", "--jobs", "2"] + [a for c in cfgs for a in ("-c", str(c))]
            seconds = timed(cmd, folder)
            scaling.append(f"{count}: {seconds / count * 1000:.0f} ms")
        rows.append(("5. time per brief (1, 10, 100, 300 briefs)", "; ".join(scaling), "", "", "flat or falling"))
        rows += ingest_rows(work, args.repeat)

    rows.append(pdf_figure(args.repeat))
    rows += hwpx_figure(args.repeat)
    print_rows(rows, args.repeat, f", {pandoc_version}")
    return 0


def print_rows(rows, repeat: int, extra: str) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
          f"{extra}; medians of {repeat} runs, {time.strftime('%Y-%m-%d')}")
    print(f"{'measure':<{width}}  {'briefing':>12}  {'compared with':<22}  {'ratio':>7}  target")
    for name, ours, other, ratio, target in rows:
        print(f"{name:<{width}}  {ours:>12}  {other:<22}  {ratio:>7}  {target}")


def pdf_figure(repeat: int) -> tuple:
    """7. `briefing build --pdf` (3 briefs, tables of contents numbered) against ONE bare
    `soffice --convert-to pdf` of the same three DOCX files, side by side.

    The bare call gets a private profile that an earlier call has already set up (as a
    user's own LibreOffice would have); briefing copies the one its first run prepared.
    """
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    name = "7. --pdf, 3 briefs, vs one soffice --convert-to"
    if exe is None:
        return (name, "skipped", "LibreOffice not installed", "", "<= 1.5x")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-pdf-") as tmp:
        work = Path(tmp)
        out = work / "out"
        ours = BRIEFING + ["build", "--lang", "ko", "--pdf", "-o", str(out)]
        subprocess.run(ours, cwd=work, check=True, stderr=subprocess.DEVNULL)
        docx = sorted(out.glob("*.docx"))
        bare = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(work / "bare"), *map(str, docx)]
        subprocess.run(bare, cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def build_pdf():
            shutil.rmtree(out, True)
            return timed(ours, work)
        times = interleaved({"ours": build_pdf, "bare": lambda: timed(bare, work)}, repeat)
    ratio = times["ours"] / times["bare"]
    return (name, f"{times['ours']:.2f} s", f"soffice: {times['bare']:.2f} s", f"{ratio:.2f}x", "<= 1.5x")


def hwpx_figure(repeat: int) -> list[tuple]:
    """8. Writing one brief as HWPX against writing it as DOCX: the same six Markdown files, both
    writers in this one warm process (charts cached for both), in turns; and the whole default
    build with --hwpx against without (fresh processes)."""
    sys.path.insert(0, str(REPO))
    try:
        import hwpx  # noqa: F401
    except ImportError:
        return [("8. HWPX writer vs DOCX writer", "skipped", "python-hwpx not installed", "", "<= 1.0")]
    from briefing import resources
    from briefing.render.charts import render_chart
    from briefing.render.docx.body import write_docx
    from briefing.render.hwpx.body import write_hwpx

    with tempfile.TemporaryDirectory(prefix="briefing-bench-hwpx-") as tmp:
        work = Path(tmp)
        base = BRIEFING + ["build", "--lang", "ko", "--lang", "en", "-o", str(work / "out")]
        subprocess.run(base + ["--emit-markdown"], cwd=work, check=True, stderr=subprocess.DEVNULL)
        texts = [md.read_text(encoding="utf-8") for md in sorted((work / "out").glob("*.md"))]
        reference = resources.default_reference_docx()
        for text in texts:  # warm: imports, prepared reference, chart cache
            write_docx(text, reference, render_chart)
            write_hwpx(text, render_chart)

        def each(write):
            def run():
                start = time.perf_counter()
                for text in texts:
                    write(text)
                return (time.perf_counter() - start) / len(texts)
            return run
        writers = interleaved({"docx": each(lambda t: write_docx(t, reference, render_chart)),
                               "hwpx": each(lambda t: write_hwpx(t, render_chart))}, repeat)

        def build(extra):
            shutil.rmtree(work / "out", True)
            return timed(base + extra, work)
        builds = interleaved({"with": lambda: build(["--hwpx"]), "without": lambda: build([])}, repeat)
    return [("8a. write one brief: HWPX vs DOCX (warm)", f"{writers['hwpx'] * 1000:.0f} ms",
             f"DOCX: {writers['docx'] * 1000:.0f} ms", f"{writers['hwpx'] / writers['docx']:.2f}", "<= 1.0"),
            ("8b. default build --hwpx vs without", f"{builds['with']:.2f} s",
             f"without: {builds['without']:.2f} s", f"{builds['with'] / builds['without']:.2f}", "(cost of both)")]


if __name__ == "__main__":
    sys.exit(main())
