"""Logging for people (stderr text) and for log collectors (--log-format json)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }, ensure_ascii=False)


def configure(verbosity: int, fmt: str) -> None:
    """verbosity: -1 quiet (warnings and errors), 0 normal, 1 debug."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if fmt == "json" else logging.Formatter("%(message)s"))
    logger = logging.getLogger("briefing")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel({-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG))


def summarise_warnings(warnings: list[str]) -> list[str]:
    """One line per kind of warning, not one per brief: cron mail stays readable."""
    stale = sorted({w.split(": ", 2)[1] for w in warnings if "review-by date" in w})
    other = [w for w in warnings if "review-by date" not in w]
    lines = other
    if stale:
        lines.append(f"{len(stale)} recommendation(s) past their review-by date: {', '.join(stale)}"
                     " (update review_by in the knowledge base after checking them)")
    return lines
