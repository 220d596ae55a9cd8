"""JSON Schemas of the run config and the knowledge-base files, for editors.

Generated from the same dataclasses that validate the YAML (briefing.knowledge.schema,
briefing.knowledge.model, briefing.knowledge.config), so a field added there appears here without
another edit. They are shipped in the package (briefing/schemas/, kept equal to
what this module generates by a test; `python -m briefing.setup.editor_schema` rewrites
them), printed by `briefing schema NAME`, and named by `briefing init` in a
`# yaml-language-server: $schema=...` line at the top of each file it writes.

A JSON Schema says what the types and simple limits are; the checks written as
code (cross-references, file-name placeholders, ...) remain `briefing check`'s.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def _fields(cls: type):
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.init:
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            yield f, hints[f.name], required


class _Builder:
    def __init__(self):
        self.defs: dict[str, dict] = {}

    def of(self, tp: Any) -> dict:
        origin = typing.get_origin(tp)
        if origin is typing.Union or origin is types.UnionType:
            options = [t for t in typing.get_args(tp) if t is not type(None)]
            inner = [self.of(t) for t in options]
            if len(options) < len(typing.get_args(tp)):
                inner.append({"type": "null"})
            return inner[0] if len(inner) == 1 else {"anyOf": inner}
        if origin is Literal:
            return {"enum": list(typing.get_args(tp))}
        if origin is list:
            (item,) = typing.get_args(tp)
            return {"type": "array", "items": self.of(item)}
        if origin is dict:
            _, item = typing.get_args(tp)
            return {"type": "object", "additionalProperties": self.of(item)}
        if dataclasses.is_dataclass(tp):
            return self.dataclass(tp)
        simple = {str: {"type": "string"}, bool: {"type": "boolean"}, int: {"type": "integer"},
                  float: {"type": "number"},
                  dt.date: {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}}
        if tp in simple:
            return dict(simple[tp])
        return {}  # object / Any: anything

    def dataclass(self, cls: type) -> dict:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            properties, required = {}, []
            for f, tp, needed in _fields(cls):
                properties[f.name] = self.field(tp, dict(f.metadata))
                if f.default is not dataclasses.MISSING and _jsonable(f.default):
                    properties[f.name]["default"] = f.default
                if needed:
                    required.append(f.name)
            body: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
            if required:
                body["required"] = required
            doc = (cls.__doc__ or "").strip()
            if doc and not doc.startswith(f"{name}("):
                body["description"] = doc.split("\n\n")[0].replace("\n", " ")
            self.defs[name] = body
        return {"$ref": f"#/$defs/{name}"}

    def field(self, tp: Any, rules: dict) -> dict:
        out = self.of(tp)
        target = out
        if "anyOf" in out:  # X | None: the limits apply to X
            target = next((o for o in out["anyOf"] if o.get("type") != "null"), out)
        kind = target.get("type")
        limits = {"string": ("minLength", "maxLength"), "array": ("minItems", "maxItems"),
                  "object": ("minProperties", "maxProperties")}.get(kind)
        if limits:
            for rule, key in zip(("min_length", "max_length"), limits, strict=True):
                if rule in rules:
                    target[key] = rules[rule]
        if kind in ("integer", "number"):
            if "ge" in rules:
                target["minimum"] = rules["ge"]
            if "le" in rules:
                target["maximum"] = rules["le"]
        if "pattern" in rules and kind == "string":
            target["pattern"] = rules["pattern"].pattern
        if "before" in rules and kind == "string":
            # A `before` hook takes other spellings (a line number written as a number): accept integers too.
            target["type"] = ["string", "integer"]
        return out


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return not dataclasses.is_dataclass(value)


def _document(title: str, root_cls: type | None, wrap: str | None, many: bool = True) -> dict:
    builder = _Builder()
    ref = builder.of(root_cls)
    if wrap is None:
        body = builder.defs.pop(root_cls.__name__)
    else:
        item = {"type": "array", "items": ref} if many else ref
        body = {"type": "object", "additionalProperties": False, "required": [wrap],
                "properties": {wrap: {"anyOf": [item, {"type": "null"}]} if many else item}}
    return {"$schema": DRAFT, "title": title, **body, "$defs": builder.defs}


def documents() -> dict[str, dict]:
    """name -> JSON Schema: 'config' and one per knowledge file (its top-level key)."""
    from briefing.knowledge import loader as knowledge
    from briefing.knowledge import model
    from briefing.knowledge.config import RunConfig

    out = {"config": _document("briefing run config", RunConfig, None)}
    for kind, cls in knowledge.KINDS.items():
        out[kind] = _document(f"briefing knowledge file {kind}.yaml", cls, kind)
    event = getattr(model, "Event", None)
    if event is not None and "event" not in out:
        out["event"] = _document("briefing knowledge file event.yaml", event, "event", many=False)
    return out


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_all(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in documents().items():
        path = folder / file_name(name)
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def modeline(schema_path: str) -> str:
    return f"# yaml-language-server: $schema={schema_path}\n"


if __name__ == "__main__":  # pragma: no cover
    for p in write_all():
        print(f"wrote {p}")
