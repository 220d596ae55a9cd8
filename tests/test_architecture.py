"""The package's layout stays as briefing/*/__init__.py declare it: imports go one way, no cycles.

knowledge <- brief <- render <- run <- cli; setup and ingest use knowledge only (run may
call ingest's copy check). The top-level base modules (errors, resources, cache, atomic)
import nothing of the package but each other. Every import counts, also those inside
functions: a lazy import is still a dependency.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
BASE = {"briefing", "briefing.errors", "briefing.resources", "briefing.cache", "briefing.atomic"}
TOP = {"briefing.cli", "briefing.__main__"}
# Each phase folder and the folders it may import, besides itself and the base modules.
MAY_IMPORT = {
    "knowledge": set(),
    "brief": {"knowledge"},
    "render": {"brief", "knowledge"},
    "run": {"render", "brief", "knowledge", "ingest"},
    "setup": {"knowledge"},
    "ingest": {"knowledge"},
}
MAX_LINES = 450
MAX_TOP_LEVEL_MODULES = 8


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports, resolved to modules (not names inside them)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target.startswith("briefing") and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _folder(module: str) -> str:
    if module in BASE:
        return "base"
    if module in TOP:
        return "top"
    return module.split(".")[1]


def test_every_module_belongs_to_a_declared_folder():
    unknown = sorted(m for m in MODULES if _folder(m) not in {"base", "top", *MAY_IMPORT})
    assert not unknown, f"modules outside the declared folders (add them to a phase folder): {unknown}"


def test_imports_go_one_way():
    wrong = []
    for module, targets in GRAPH.items():
        here = _folder(module)
        if here == "top":
            continue
        allowed = {"base"} if here == "base" else {"base", here, *MAY_IMPORT[here]}
        wrong += [f"{module} imports {t}" for t in sorted(targets) if _folder(t) not in allowed]
    assert not wrong, "imports against the declared direction:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_planted_cycle():
    planted = {**GRAPH, "briefing.knowledge.model": GRAPH["briefing.knowledge.model"] | {"briefing.knowledge.loader"}}
    assert ["briefing.knowledge.loader", "briefing.knowledge.model"] in _cycles(planted)


def test_the_import_resolver_sees_lazy_and_relative_imports(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from briefing.run.build import build\n    from briefing.knowledge import model\n")
    assert _imports("briefing.setup.probe", module) == {"briefing.run.build", "briefing.knowledge.model"}


@pytest.mark.parametrize("folder", sorted(MAY_IMPORT))
def test_each_folder_says_its_job_and_what_it_may_import(folder):
    doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    declared = re.search(r"May import: (.*)", doc)
    assert declared, f"briefing/{folder}/__init__.py: the docstring must end with 'May import: ...'"
    named = set(re.findall(r"\b(knowledge|brief|render|run|setup|ingest)\b", declared.group(1)))
    assert named == MAY_IMPORT[folder]
    assert len(doc.split("\n\n")[0]) > 20, "the first paragraph says the folder's job"


def test_no_module_holds_several_jobs():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text(encoding="utf-8").splitlines()))
            > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by job): {long}"


def test_the_top_level_stays_small():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_every_package_folder_ships_in_the_wheel():
    # setup.cfg lists packages by name: a new sub-folder missing there installs without its modules.
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(PACKAGE.parent / "setup.cfg", encoding="utf-8")
    listed = set(cfg["options"]["packages"].split())
    folders = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert folders <= listed, f"package folders missing from setup.cfg [options] packages: {sorted(folders - listed)}"
