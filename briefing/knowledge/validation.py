"""Turn schema problems (briefing.knowledge.schema) into messages that name the file and line."""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from briefing.errors import BriefingError, ManyErrors
from briefing.knowledge.schema import Invalid, Problem, validate
from briefing.knowledge.yamlfile import line_of

M = TypeVar("M")


def describe(problem: Problem) -> tuple[str, str | None]:
    loc = problem.loc
    where = ".".join(str(p) for p in loc) or "the document"
    if problem.kind == "extra":
        return f"unknown key '{loc[-1]}' in {'.'.join(map(str, loc[:-1])) or 'the top level'}", (
            f"allowed keys there: {', '.join(problem.allowed)}" if problem.allowed else "remove it")
    if problem.kind == "missing":
        return f"'{where}' is required but missing", "add it"
    msg = problem.message
    value = problem.value
    shown = f" (got {value!r})" if isinstance(value, (str, int, float, bool)) and len(repr(value)) < 80 else ""
    return f"'{where}': {msg[0].lower() + msg[1:]}{shown}", None


def validation_errors(data: Any, exc: Invalid, path: Path) -> list[BriefingError]:
    out = []
    for problem in exc.problems:
        message, hint = describe(problem)
        out.append(BriefingError(message, file=path, line=line_of(data, problem.loc), hint=hint))
    return out


def parse(model: type[M], data: Any, path: Path) -> M:
    """Validate data read from path; problems become one BriefingError (or ManyErrors)."""
    try:
        return validate(model, data)
    except Invalid as exc:
        errors = validation_errors(data, exc, path)
        raise (errors[0] if len(errors) == 1 else ManyErrors(errors)) from None
