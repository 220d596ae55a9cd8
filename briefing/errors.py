"""The error types a user sees.

Every expected failure is a `BriefingError`: click prints its one-paragraph
message and exits with its code, so no command needs its own try/except and no
traceback reaches the user (`--debug` re-raises for developers).
"""
from __future__ import annotations

from pathlib import Path

import click

EXIT_OK = 0
EXIT_OUTPUT_FAILED = 1
EXIT_BAD_INPUT = 2


class BriefingError(click.ClickException):
    """Bad input: names the file (and line), says what is wrong and what to do."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, hint: str | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        self.problem = message
        self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = where + self.problem.rstrip(".") + "."
        if self.hint:
            text += " " + self.hint.rstrip(".") + "."
        return text

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)

    def __reduce__(self):
        # Errors travel back from --jobs worker processes; keep file, line and hint.
        return _restore, (type(self), dict(self.__dict__))


def _restore(cls, state):
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class OutputError(BriefingError):
    """An output could not be written; the other outputs may still be fine."""

    exit_code = EXIT_OUTPUT_FAILED


class ManyErrors(BriefingError):
    """Several input problems found in one pass (used by `briefing check`)."""

    def __init__(self, errors: list[BriefingError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problems found")

    def _compose(self) -> str:
        return "\n".join(e.format_message() for e in self.errors)
