"""JSON Schemas for editors: generated from the validating dataclasses, shipped, and true to them."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from briefing.setup.editor_schema import SCHEMA_DIR, documents, file_name, render
from conftest import REPO, run_cli

jsonschema = pytest.importorskip("jsonschema")


def _plain(data):
    """YAML as an editor's language server sees it: dates are text."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def _errors(kind: str, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(documents()[kind])
    return [e.message for e in validator.iter_errors(_plain(data))]


def _examples() -> list[tuple[Path, str]]:
    found = [(REPO / "config" / "default.yaml", "config")]
    found += [(p, "config") for p in sorted((REPO / "config").glob("scaffold*/briefing.yaml"))]
    for folder in [REPO / "knowledge", *sorted((REPO / "config").glob("scaffold*/knowledge"))]:
        found += [(p, p.stem) for p in sorted(folder.glob("*.yaml"))]
    return found


def test_the_shipped_schemas_are_what_the_code_generates():
    expected = {file_name(name): render(schema) for name, schema in documents().items()}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.schema.json")}
    assert shipped == expected, "run `python -m briefing.setup.editor_schema` and commit briefing/schemas/"


@pytest.mark.parametrize("path,kind", _examples(), ids=[str(p.relative_to(REPO)) for p, _ in _examples()])
def test_every_shipped_example_validates(path, kind):
    assert _errors(kind, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_every_knowledge_kind_has_an_example():
    kinds = {kind for _, kind in _examples()}
    assert set(documents()) == kinds, set(documents()) ^ kinds


def _first_item(kind: str) -> dict:
    data = yaml.safe_load((REPO / "knowledge" / f"{kind}.yaml").read_text(encoding="utf-8"))
    return data


# (kind, how to break the first item or the config, what the loader says)
BREAKS = [
    ("config", lambda d: d.update(colour="blue"), "unknown key"),
    ("config", lambda d: d.update(languages=["ko", "jp"]), "'ko' or 'en'"),
    ("config", lambda d: d["output"].update(keep=0), "greater than or equal"),
    ("config", lambda d: d.pop("organization"), "required"),
    ("findings", lambda d: d["findings"][0].update(confidence="sure"), "input should be"),
    ("findings", lambda d: d["findings"][0].pop("citations"), "required"),
    ("findings", lambda d: d["findings"][0].update(id="has space"), "pattern"),
    ("findings", lambda d: d["findings"][0].update(date="20 Feb"), "date"),
    ("recommendations", lambda d: d["recommendations"][0].update(priority="urgent"), "input should be"),
    ("recommendations", lambda d: d["recommendations"][0].update(audiences=[]), "at least 1"),
    ("sources", lambda d: d["sources"][0].update(url="ftp://x"), "pattern"),
    ("topics", lambda d: d["topics"][0].update(colour="red"), "unknown key"),
    ("rules", lambda d: d["rules"][0].update(verdict="maybe"), "input should be"),
    ("audiences", lambda d: d["audiences"][0]["length"].update(min_pages=0), "greater than or equal"),
]


@pytest.mark.parametrize("kind,breaking,said", BREAKS, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(BREAKS)])
def test_bad_examples_fail_the_schema_and_the_loader_alike(tmp_path, kind, breaking, said):
    from briefing.errors import BriefingError
    from briefing.knowledge.config import load_config
    from briefing.knowledge.loader import load_knowledge

    source = REPO / ("config/default.yaml" if kind == "config" else f"knowledge/{kind}.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert _errors(kind, data) == []
    bad = copy.deepcopy(data)
    breaking(bad)
    assert _errors(kind, bad), "the schema lets it through"
    path = tmp_path / ("c.yaml" if kind == "config" else f"k/{kind}.yaml")
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(_plain(bad), allow_unicode=True), encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        load_config(path) if kind == "config" else load_knowledge([path.parent])
    assert said in str(caught.value.format_message()), caught.value.format_message()


def test_init_points_each_file_at_its_schema(tmp_path):
    result = run_cli("init", str(tmp_path / "acme"))
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "acme"
    for path in [folder / "briefing.yaml", *sorted((folder / "knowledge").glob("*.yaml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, (path, first)
        schema_file = (path.parent / match.group(1)).resolve()
        kind = "config" if path.name == "briefing.yaml" else path.stem
        assert schema_file.name == file_name(kind)
        assert json.loads(schema_file.read_text(encoding="utf-8")) == documents()[kind]
        assert _errors(kind, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_schema_command_prints_the_schema():
    result = run_cli("schema", "recommendations")
    assert result.exit_code == 0
    assert json.loads(result.output) == documents()["recommendations"]
    assert run_cli("schema", "colours").exit_code == 2


def test_the_wheel_ships_the_schemas(tmp_path):
    import importlib.util

    setuptools = pytest.importorskip("setuptools")
    if importlib.util.find_spec("wheel") is None and tuple(map(int, setuptools.__version__.split(".")[:2])) < (70, 1):
        pytest.skip(f"setuptools {setuptools.__version__} without the 'wheel' package cannot build a wheel offline")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in documents():
        assert f"briefing/schemas/{file_name(name)}" in names, name
    assert "briefing/_config/default.yaml" in names
