"""Turn pydantic validation errors into messages that name the file and line."""
from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from briefing.errors import BriefingError, ManyErrors
from briefing.yamlfile import line_of

M = TypeVar("M", bound=pydantic.BaseModel)


def _model_at(model: type, loc: tuple) -> type | None:
    """The pydantic model class that holds the last part of loc, if one does."""
    current: Any = model
    for part in loc:
        while True:
            origin = typing.get_origin(current)
            if origin in (list, tuple, typing.Union, dict) or str(origin) == "types.UnionType":
                args = [a for a in typing.get_args(current) if a is not type(None)]
                current = args[-1] if args else None
                if origin in (list, tuple, dict) and isinstance(part, (int, str)) and not (
                        isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
                    break
                if origin in (list, tuple) and isinstance(part, int):
                    break
                continue
            break
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return current
            current = field.annotation
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, pydantic.BaseModel) else None


def _describe(model: type, err: dict) -> tuple[str, str | None]:
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc if not str(p).startswith("function-")) or "the document"
    kind = err["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = ", ".join(owner.model_fields) if owner else None
        return f"unknown key '{loc[-1]}' in {'.'.join(map(str, loc[:-1])) or 'the top level'}", (
            f"allowed keys there: {allowed}" if allowed else "remove it")
    if kind == "missing":
        return f"'{where}' is required but missing", "add it"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    value = err.get("input")
    shown = f" (got {value!r})" if isinstance(value, (str, int, float, bool)) and len(repr(value)) < 80 else ""
    return f"'{where}': {msg[0].lower() + msg[1:]}{shown}", None


def validation_errors(model: type, data: Any, exc: pydantic.ValidationError, path: Path) -> list[BriefingError]:
    out = []
    for err in exc.errors(include_url=False):
        message, hint = _describe(model, err)
        out.append(BriefingError(message, file=path, line=line_of(data, tuple(err["loc"])), hint=hint))
    return out


def parse(model: type[M], data: Any, path: Path) -> M:
    """Validate data read from path; problems become one BriefingError (or ManyErrors)."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = validation_errors(model, data, exc, path)
        raise (errors[0] if len(errors) == 1 else ManyErrors(errors)) from None
