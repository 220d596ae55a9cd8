"""Validate data read from YAML into frozen dataclasses, reporting every problem with its place.

The models (briefing.knowledge.model, briefing.knowledge.config) are plain dataclasses whose fields carry
their constraints in `field(...)`. `validate(cls, data)` converts and checks a mapping
against them and raises `Invalid` with every problem found, each located by a path
such as ("recommendations", 3, "title", "ko") that briefing.knowledge.yamlfile.line_of turns
into a line number.

This replaces pydantic, which did the same job but cost about 130 ms per process in
import and model building: over a third of a cold `briefing build`. The schema uses
few types (str, int, float, bool, date, Literal, X | None, list, dict, dataclasses),
so a small interpreter of those suffices.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

_BAD = object()  # a value that failed; its problem is already recorded
_NONE_TYPE = type(None)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def field(default: Any = dataclasses.MISSING, *, min_length: int | None = None, max_length: int | None = None,
          pattern: str | None = None, ge: float | None = None, le: float | None = None,
          before: Callable[[Any], Any] | None = None, check: Callable[[Any], Any] | None = None) -> Any:
    """A dataclass field with constraints.

    before: runs on the raw value before type conversion; check: runs on the converted
    value and returns it. Either may raise ValueError, whose text becomes the problem.
    """
    rules = {"min_length": min_length, "max_length": max_length, "ge": ge, "le": le,
             "pattern": re.compile(pattern) if pattern else None, "before": before, "check": check}
    metadata = {k: v for k, v in rules.items() if v is not None}
    if isinstance(default, (list, dict)):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass
class Problem:
    loc: tuple
    kind: Literal["extra", "missing", "value"]
    message: str
    value: Any = None
    allowed: tuple[str, ...] = ()


class Invalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def validate(cls: type, data: Any) -> Any:
    """An instance of the dataclass cls made from data, or Invalid with every problem."""
    problems: list[Problem] = []
    value = _convert(cls, data, (), problems)
    if problems:
        raise Invalid(problems)
    return value


def plain(instance: Any) -> Any:
    """A dataclass instance as plain dicts and lists, ready for validate() again."""
    return dataclasses.asdict(instance)


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    type: Any
    required: bool
    rules: dict


_fields_cache: dict[type, tuple[_Field, ...]] = {}


def _fields(cls: type) -> tuple[_Field, ...]:
    if cls not in _fields_cache:
        hints = typing.get_type_hints(cls)
        _fields_cache[cls] = tuple(
            _Field(f.name, hints[f.name],
                   f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                   dict(f.metadata))
            for f in dataclasses.fields(cls) if f.init)
    return _fields_cache[cls]


def _convert(tp: Any, value: Any, loc: tuple, problems: list[Problem]) -> Any:
    def bad(message: str) -> object:
        problems.append(Problem(loc, "value", message, value))
        return _BAD

    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = typing.get_args(tp)
        if value is None and _NONE_TYPE in options:
            return None
        (inner,) = [t for t in options if t is not _NONE_TYPE]  # the models use X | None only
        return _convert(inner, value, loc, problems)
    if origin is Literal:
        choices = typing.get_args(tp)
        if isinstance(value, str) and value in choices:
            return value
        shown = [repr(c) for c in choices]
        return bad("Input should be " + (", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]))
    if origin is list:
        if not isinstance(value, list):
            return bad("Input should be a valid list")
        (item_type,) = typing.get_args(tp)
        items = [_convert(item_type, v, (*loc, i), problems) for i, v in enumerate(value)]
        return _BAD if any(v is _BAD for v in items) else items
    if origin is dict:
        if not isinstance(value, dict):
            return bad("Input should be a valid dictionary")
        _, item_type = typing.get_args(tp)
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                problems.append(Problem((*loc, key), "value", "Keys should be text", key))
                out[key] = _BAD
            else:
                out[key] = _convert(item_type, v, (*loc, key), problems)
        return _BAD if any(v is _BAD for v in out.values()) else out
    if dataclasses.is_dataclass(tp):
        return _dataclass(tp, value, loc, problems)
    if tp is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return bad("Input should be text: put numbers that are meant as text in quotes, like '1.0'")
        return bad("Input should be a valid string")
    if tp is bool:
        return value if isinstance(value, bool) else bad("Input should be a valid boolean")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return bad("Input should be a valid integer")
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return bad("Input should be a valid number")
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as e:
                return bad(f"Input should be a valid date, {e}")
        return bad("Input should be a valid date in the format YYYY-MM-DD")
    if tp is object or tp is Any:
        return value
    raise TypeError(f"schema: unsupported field type {tp!r}")  # a programming error, not bad input


def _dataclass(cls: type, value: Any, loc: tuple, problems: list[Problem]) -> Any:
    if isinstance(value, cls):
        return value
    if not isinstance(value, dict):
        problems.append(Problem(loc, "value", "Input should be a mapping of keys", value))
        return _BAD
    fields = _fields(cls)
    names = {f.name for f in fields}
    allowed = tuple(f.name for f in fields)
    failed = False
    for key in value:
        if key not in names:
            problems.append(Problem((*loc, key), "extra", "unknown key", value[key], allowed))
            failed = True
    kwargs = {}
    for f in fields:
        where = (*loc, f.name)
        if f.name not in value:
            if f.required:
                problems.append(Problem(where, "missing", "required"))
                failed = True
            continue
        converted = _field_value(f, value[f.name], where, problems)
        if converted is _BAD:
            failed = True
        else:
            kwargs[f.name] = converted
    if failed:
        return _BAD
    instance = cls(**kwargs)
    check = getattr(instance, "check", None)
    if callable(check):  # a model's own check(); a field named `check` holds data
        try:
            check()
        except ValueError as e:
            problems.append(Problem(loc, "value", str(e), None))
            return _BAD
    return instance


def _field_value(f: _Field, raw: Any, loc: tuple, problems: list[Problem]) -> Any:
    rules = f.rules
    if "before" in rules:
        try:
            raw = rules["before"](raw)
        except ValueError as e:
            problems.append(Problem(loc, "value", str(e), raw))
            return _BAD
    value = _convert(f.type, raw, loc, problems)
    if value is _BAD or value is None:
        return value
    message = _constraint_problem(value, rules)
    if message is None and "check" in rules:
        try:
            value = rules["check"](value)
        except ValueError as e:
            message = str(e)
    if message is not None:
        problems.append(Problem(loc, "value", message, raw))
        return _BAD
    return value


def _constraint_problem(value: Any, rules: dict) -> str | None:
    if isinstance(value, (str, list, dict)):
        what, unit = (("String", "character") if isinstance(value, str)
                      else ("List" if isinstance(value, list) else "Dictionary", "item"))
        size = len(value)
        if "min_length" in rules and size < rules["min_length"]:
            n = rules["min_length"]
            return f"{what} should have at least {n} {unit}{'s' if n != 1 else ''}"
        if "max_length" in rules and size > rules["max_length"]:
            n = rules["max_length"]
            return f"{what} should have at most {n} {unit}{'s' if n != 1 else ''}"
        if "pattern" in rules and isinstance(value, str) and not rules["pattern"].search(value):
            return f"String should match pattern '{rules['pattern'].pattern}'"
    if isinstance(value, (int, float)):
        if "ge" in rules and value < rules["ge"]:
            return f"Input should be greater than or equal to {rules['ge']}"
        if "le" in rules and value > rules["le"]:
            return f"Input should be less than or equal to {rules['le']}"
    return None
