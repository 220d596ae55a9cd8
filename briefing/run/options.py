"""What a build is asked to do, beyond the run config (command-line options)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    if_changed: bool = False
    strict: bool = False
    wait: float = 0
    pdf: bool | None = None
    update_fields: bool | None = None
    emit_markdown: bool = False
    redline: bool | None = None  # None: output.redline decides
    register: bool | None = None  # None: output.register decides
    hwpx: bool | None = None  # None: output.formats decides
    today: dt.date | None = None
    progress: object = None  # callable(total) -> object with .update(n) and .finish(), or None

    @property
    def day(self) -> dt.date:
        return self.today or dt.date.today()

    @property
    def output_switches(self) -> str:
        """The options that change which files a run writes: --if-changed compares them too."""
        return (f"pdf={self.pdf}:update_fields={self.update_fields}:markdown={self.emit_markdown}"
                f":redline={self.redline}:register={self.register}:hwpx={self.hwpx}")
