"""Shared fixtures: a built set of default briefs, and readers for what we wrote."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefing.cli import cli
from ooxml_validator import validate as validate_docx

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
ARTICLES = SHARED / "articles"
AUDIENCES = ("board", "security", "developers")
LANGS = ("ko", "en")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Charts and compiled templates are cached in the user's cache folder; tests use their own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("BRIEFING_NO_CACHE", None)


def assert_valid_docx(path: Path) -> None:
    """Word's strictness, offline: our validator (tests/ooxml_validator.py) must find no problem."""
    problems = validate_docx(str(path))
    assert problems == [], "\n".join(problems[:20])


def run_cli(*args, cwd: Path | None = None):
    runner = CliRunner()
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)


def assert_handled(result) -> None:
    """Under CliRunner a handled error ends in SystemExit (click's exit); a bug leaves its own exception
    in result.exception (CliRunner never prints a traceback, so stderr cannot show one: see
    run_process for that)."""
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)


def process_env() -> dict[str, str]:
    """Child processes import the same briefing package as the tests do."""
    import briefing

    root = str(Path(briefing.__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def run_process(*args, cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """The command line in a real process (as cron would run it)."""
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=process_env(), **kwargs)


def docx_text(path: Path) -> str:
    """Every paragraph of body and tables, in order."""
    d = docx.Document(str(path))
    parts = []
    body = d.element.body
    for el in body.iter():
        if el.tag.endswith("}p"):
            text = "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t"))
            if text:
                parts.append(text)
    return "\n".join(parts)


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The built-in default, Korean and English, built once for the whole session."""
    out = tmp_path_factory.mktemp("default")
    result = run_cli("build", "--lang", "ko", "--lang", "en", "--emit-markdown", cwd=out)
    assert result.exit_code == 0, result.output + str(result.exception)
    folder = out / "briefs"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {(o["audience"], o["lang"]): folder / o["path"] for o in manifest["outputs"]}


def edition_of(path: Path) -> dt.date:
    """The edition date of a brief in a build folder, from its manifest."""
    manifest = json.loads((path.parent / "manifest.json").read_text(encoding="utf-8"))
    return dt.date.fromisoformat(next(o["edition"] for o in manifest["outputs"] if o["path"] == path.name))


@pytest.fixture()
def tmp_config(tmp_path):
    """Write a run config (text) into tmp_path and return its path."""
    def write(text: str, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


MINIMAL_CONFIG = """\
organization:
  name: 테스트상사
  name_en: Test Trading
document:
  date: 2025-03-01
  classification: 대외비
  classification_en: Confidential
  owner: 보안팀장
  owner_en: Head of Security
languages: [ko]
output:
  dir: out
"""
