"""The run config: which organisation, audiences, languages and output.

`load_config(path)` reads and validates a run-config YAML file; `None` means the
built-in default. Relative paths in the file are resolved against the file's
folder (the built-in default's output folder against the working directory).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import string
from pathlib import Path
from typing import Literal

from briefing import resources
from briefing.errors import BriefingError, ManyErrors
from briefing.knowledge.schema import Invalid, field, plain, validate
from briefing.knowledge.validation import describe, parse
from briefing.knowledge.yamlfile import LineDict, line_of, load_yaml

Language = Literal["ko", "en"]
Status = Literal["planned", "in_progress", "done", "not_applicable"]
Format = Literal["docx", "hwpx"]
# Statuses that close an item: it leaves the decision table and is never overdue.
CLOSED = ("done", "not_applicable")
PLACEHOLDERS = ("org", "date", "audience", "lang", "version")
# Settings that command-line options replace, and the option: messages about them name the option.
OPTION_NAMES = {"languages": "--lang", "audiences": "--audience", "reference_docx": "--reference-docx",
                "output.dir": "--output-dir"}


_strict = dataclasses.dataclass(frozen=True, kw_only=True)


def _version_text(v: str) -> str:
    if not v.strip():
        raise ValueError("version must not be empty")
    return v


def _safe_pattern(v: str) -> str:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(v) if f is not None]
    except ValueError as e:
        raise ValueError(f"broken placeholder in the file name pattern ({e})") from None
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; allowed: "
                         + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
    if "/" in v or "\\" in v or v.startswith(".") or ":" in v:
        raise ValueError("the file name pattern must be a plain file name, not a path "
                         "(no '/', '\\', ':' or leading '.')")
    if not v.lower().endswith(".docx"):
        raise ValueError("the file name pattern must end in .docx")
    if "{audience}" not in v or "{lang}" not in v:
        raise ValueError("the file name pattern must contain {audience} and {lang}, "
                         "or the briefs would overwrite each other")
    return v


def _docx_first(v: list) -> list:
    if "docx" not in v:
        raise ValueError("formats must list docx: the HWPX is written beside the DOCX, which the PDF, "
                         "the redline and the page count come from (write formats: [docx, hwpx])")
    return _no_repeats(v)


def _no_repeats(v: list) -> list:
    if len(set(v)) != len(v):
        raise ValueError("an entry is listed twice")
    return v


@_strict
class Organization:
    name: str = field(min_length=1, max_length=100)
    name_en: str | None = field(default=None, max_length=100)
    industry: str | None = field(default=None, max_length=100)


@_strict
class Approval:
    """One box of the approval block on the cover (결재란): a role, who holds it, and when they
    signed. Without a date the cell stays empty, for signing by hand."""

    role: str = field(min_length=1, max_length=20)
    role_en: str | None = field(default=None, min_length=1, max_length=30)
    name: str | None = field(default=None, max_length=40)
    name_en: str | None = field(default=None, max_length=40)
    date: dt.date | None = None


@_strict
class Document:
    date: dt.date | None = None
    version: str = field(default="1.0", max_length=20, check=_version_text)
    classification: str = field(default="대외비", max_length=40)
    classification_en: str | None = field(default=None, max_length=40)
    owner: str = field(default="정보보호최고책임자(CISO)", max_length=100)
    owner_en: str | None = field(default=None, max_length=100)
    distribution: str | None = field(default=None, max_length=200)
    distribution_en: str | None = field(default=None, max_length=200)
    # The approval block on the cover, left to right: e.g. 작성 / 검토 / 승인, or 담당 / 팀장 / 본부장 / CISO.
    approvals: list[Approval] = field(default=[], max_length=8)


@_strict
class Output:
    dir: str = "briefs"
    filename: str = field(default="{date}_{audience}_{lang}.docx", check=_safe_pattern)
    pdf: bool = False
    update_fields: bool = False
    keep: int | None = field(default=None, ge=1, le=1000)
    latest: bool = False
    redline: bool = False  # also <brief>_redline.docx: tracked changes against the previous edition
    register: bool = False  # also the edition's action register, <date>_register_<langs>.xlsx
    # The formats of each brief: docx always, hwpx (Hangul) beside it with the `hwpx` extra.
    formats: list[Format] = field(default=["docx"], min_length=1, check=_docx_first)


def _budget_text(v):
    """A budget may be written as a number (50000000) or as text ("5천만 원"); numbers get separators."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}"


@_strict
class StatusChange:
    """One dated step of an organisation's work on a recommendation (`history: [{date, status}]`)."""

    date: dt.date
    status: Status
    note: str | None = field(default=None, min_length=1, max_length=300)


def _in_date_order(v: list) -> list:
    dates = [c.date for c in v]
    if dates != sorted(set(dates)):
        raise ValueError("history entries must be in date order, one per date")
    return v


@_strict
class Override:
    """This organisation's own plan for one recommendation (`overrides: {R-ID: {...}}`)."""

    owner: str | None = field(default=None, min_length=1, max_length=100)
    owner_en: str | None = field(default=None, min_length=1, max_length=100)
    due: dt.date | None = None
    budget: str | None = field(default=None, min_length=1, max_length=100, before=_budget_text)
    status: Status | None = None
    note: str | None = field(default=None, min_length=1, max_length=300)
    note_en: str | None = field(default=None, min_length=1, max_length=300)
    # Dated status changes, oldest first: an edition shows the status of its own day.
    # `status:` alone is a status without a date (true in every edition).
    history: list[StatusChange] = field(default=[], check=_in_date_order)


@_strict
class RunConfig:
    organization: Organization
    document: Document = Document()
    audiences: list[str] = field(default=["board", "security", "developers"], min_length=1, check=_no_repeats)
    languages: list[Language] = field(default=["ko"], min_length=1, check=_no_repeats)
    output: Output = Output()
    exclude: list[str] = field(default=[])
    overrides: dict[str, Override] = field(default={})
    knowledge: list[str] = field(default=[])
    templates: str | None = None
    reference_docx: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class LoadedConfig:
    """A validated run config with its paths resolved, and where it came from."""

    config: RunConfig
    path: Path | None  # None: the built-in default
    base_dir: Path
    raw: object = None
    overridden: frozenset = frozenset()  # settings replaced by command-line options (OPTION_NAMES keys)

    @property
    def display_path(self) -> str:
        return resources.config_name(self.path)

    def line(self, *loc) -> int | None:
        return line_of(self.raw, loc) if self.path else None

    def where(self, *loc) -> dict:
        """file= and line= for a message about the setting at loc: the option, when one replaced it."""
        key = ".".join(str(p) for p in loc[:2] if isinstance(p, str))
        for name in (key, str(loc[0]) if loc else ""):
            if name in self.overridden:
                return {"file": f"option {OPTION_NAMES[name]}", "line": None}
        return {"file": self.display_path, "line": self.line(*loc)}

    def resolve(self, value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def output_dir(self) -> Path:
        return self.resolve(self.config.output.dir)

    @property
    def knowledge_dirs(self) -> list[Path]:
        return [self.resolve(k) for k in self.config.knowledge]

    @property
    def templates_dir(self) -> Path | None:
        return self.resolve(self.config.templates) if self.config.templates else None

    @property
    def reference_docx(self) -> Path | None:
        return self.resolve(self.config.reference_docx) if self.config.reference_docx else None

    def with_overrides(self, **changes) -> LoadedConfig:
        """A copy with top-level or nested settings replaced (command-line options)."""
        data = plain(self.config)
        given = {key for key, value in changes.items() if value is not None}
        for key in given:
            section, _, name = key.partition(".")
            if name:
                data[section][name] = changes[key]
            else:
                data[section] = changes[key]
        try:
            config = validate(RunConfig, data)
        except Invalid as exc:
            errors = []
            for problem in exc.problems:
                key = ".".join(str(p) for p in problem.loc[:2] if isinstance(p, str))
                option = next((OPTION_NAMES[k] for k in (key, str(problem.loc[0]) if problem.loc else "")
                               if k in given and k in OPTION_NAMES), None)
                message, hint = describe(problem)
                errors.append(BriefingError(message, file=f"option {option}" if option
                                            else self.path or resources.default_config(), hint=hint))
            raise (errors[0] if len(errors) == 1 else ManyErrors(errors)) from None
        return dataclasses.replace(self, config=config, overridden=self.overridden | given)


def load_config(path: Path | None) -> LoadedConfig:
    """Read a run config; `None` loads the built-in default (outputs under the working directory)."""
    if path is None:
        default = resources.default_config()
        raw = load_yaml(default)
        return LoadedConfig(config=parse(RunConfig, raw, default), path=None, base_dir=Path.cwd(), raw=raw)
    path = Path(path)
    raw = load_yaml(path)
    if raw is None:
        raise BriefingError("the run config is empty", file=path,
                            hint="start from `briefing init DIR` or the README's example")
    if not isinstance(raw, LineDict):
        raise BriefingError("the run config must be a mapping of keys (organization:, document:, ...)",
                            file=path, line=getattr(raw, "line", 1))
    config = parse(RunConfig, raw, path)
    return LoadedConfig(config=config, path=path.resolve(), base_dir=path.resolve().parent, raw=raw)
