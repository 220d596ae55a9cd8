"""Stopping a run: signals end it cleanly, and workers never outlive a killed run.

LibreOffice is replaced by a script that records its pid and sleeps, so each run is
caught, deterministically, while its workers are busy converting."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, process_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ONE = MINIMAL_CONFIG + "audiences: [board]\n"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _start_busy_run(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    """Two organisations, each built in a worker, each worker waiting on its LibreOffice."""
    bin_dir, markers, tmp = tmp_path / "bin", tmp_path / "markers", tmp_path / "tmp"
    for d in (bin_dir, markers, tmp):
        d.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(f'#!/bin/sh\necho $$ > "{markers}/$$"\nexec sleep 60\n')
    fake.chmod(0o755)
    (tmp_path / "a.yaml").write_text(ONE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(ONE.replace("dir: out", "dir: out2"), encoding="utf-8")
    env = {**process_env(), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "briefing", "build", "a.yaml", "b.yaml", "--pdf", "--jobs", "2"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert _wait_for(lambda: len(list(markers.iterdir())) == 2 or proc.poll() is not None), "LibreOffice never started"
    assert proc.poll() is None, proc.communicate()
    return proc, markers, tmp


def _leftovers(tmp_path: Path, tmp: Path) -> list[Path]:
    return ([p for p in tmp.iterdir()] + list(tmp_path.glob("out*/.briefing-tmp-*"))
            + list(tmp_path.glob("out*/*.pdf")))


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)],
                         ids=["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_stops_workers_removes_temporaries_and_says_so(tmp_path, signum, code):
    proc, markers, tmp = _start_busy_run(tmp_path)
    workers = _children(proc.pid)
    assert len(workers) >= 2
    converters = [int(p.name) for p in markers.iterdir()]
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"stopped by {signal.Signals(signum).name}"), stderr
    assert "Traceback" not in stderr
    assert not [pid for pid in workers + converters if _alive(pid)]
    assert _leftovers(tmp_path, tmp) == []


def test_workers_exit_when_the_run_is_killed(tmp_path):
    proc, markers, tmp = _start_busy_run(tmp_path)
    workers = _children(proc.pid)
    assert len(workers) >= 2
    converters = [int(p.name) for p in markers.iterdir()]
    proc.kill()
    proc.wait()
    # Nothing runs in a SIGKILLed process: the workers notice by themselves and clean up.
    gone = _wait_for(lambda: not [pid for pid in workers + converters if _alive(pid)], seconds=8)
    assert gone, [pid for pid in workers + converters if _alive(pid)]
    assert _wait_for(lambda: _leftovers(tmp_path, tmp) == [], seconds=2), _leftovers(tmp_path, tmp)


def _libreoffice_of(tmp: Path, serving: bool = False) -> list[int]:
    """Pids of the LibreOffice processes whose profile lies under tmp (this test's run only);
    serving: only the one running our job macro, not the profile set-up that quits by itself."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        if proc.name.isdigit() and "soffice" in cmdline and str(tmp) in cmdline and (
                not serving or "BriefingLib.Serve" in cmdline):
            pids.append(int(proc.name))
    return pids


def test_libreoffice_quits_when_the_run_is_killed(tmp_path):
    from conftest import soffice

    if soffice() is None or not Path("/proc/self").is_dir():
        pytest.skip("needs LibreOffice (soffice) and Linux's /proc to watch the run")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**process_env(), "TMPDIR": str(tmp), "BRIEFING_NO_CACHE": "1"}
    run = subprocess.Popen([sys.executable, "-m", "briefing", "build", "--pdf", "--lang", "ko", "--lang", "en",
                            "-o", str(tmp_path / "out")], cwd=tmp_path, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _libreoffice_of(tmp, serving=True), 60), "LibreOffice never started serving"
        run.kill()
        run.wait()
        assert _wait_for(lambda: not _libreoffice_of(tmp), 15), "LibreOffice outlived the killed run"
    finally:
        run.kill()
        for pid in _libreoffice_of(tmp):
            os.kill(pid, signal.SIGKILL)
