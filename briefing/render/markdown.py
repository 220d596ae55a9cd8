"""Render a Brief to Markdown with a sandboxed Jinja2 template.

Templates are untrusted input (an organisation's override folder): they run in
Jinja2's SandboxedEnvironment with StrictUndefined, and every error names the
template and line. Text from the knowledge base is escaped on output, so a '|'
or '*' in a finding can never break a table or turn into emphasis: `finalize`
backslash-escapes Markdown's punctuation and autoescape turns < > & into
entities, which markdown-it decodes back to text. Macro results and filters that
produce Markdown on purpose are `Markup` (alias `Md`) and pass untouched.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from briefing.brief.select import Brief, CitationView, FindingView
from briefing.cache import cache_dir
from briefing.errors import BriefingError
from briefing.render.frontmatter import front_matter, meta_from_brief

LABELS = {
    "priority": {"critical": ("긴급", "Critical"), "high": ("높음", "High"),
                 "medium": ("보통", "Medium"), "low": ("낮음", "Low")},
    "horizon": {"immediate": ("즉시", "Immediately"), "30d": ("30일 이내", "Within 30 days"),
                "90d": ("90일 이내", "Within 90 days"), "12m": ("12개월 이내", "Within 12 months")},
    "verdict": {"allowed": ("허용", "Allowed"), "conditional": ("조건부 허용", "Conditional"),
                "not_allowed": ("금지", "Not allowed")},
    "status": {"planned": ("계획", "Planned"), "in_progress": ("진행 중", "In progress"),
               "done": ("완료", "Done"), "not_applicable": ("해당 없음", "Not applicable")},
    "confidence": {"high": ("높음", "high"), "medium": ("중간", "medium"),
                   "low": ("낮음(보도된 주장)", "low (reported claim)")},
}
VERDICT_COLOUR = {"allowed": "low", "conditional": "medium", "not_allowed": "critical"}
# < > & are left to autoescape (entities), the rest are backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!~^])")
Md = Markup  # text that is already Markdown and must not be escaped again


def md_escape(value) -> str:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    text = str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("\n", " ")
    # A line that starts with '1.' or '-' would become a list item.
    if text[:1].isdigit():
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return "\\" + text if text and text[0] in "-+" else text


class _Citations:
    """Assigns footnote labels to citations in the order the template uses them."""

    def __init__(self, lang: str):
        self.lang = lang
        self.defs: dict[str, str] = {}
        self.sources: dict[str, object] = {}

    def label(self, c: CitationView) -> str:
        key = f"{c.source.id}:{c.lines or ''}"
        if key not in self.defs:
            self.defs[key] = str(escape(md_escape(c.source.short_reference(self.lang, c.lines))))
        self.sources.setdefault(c.source.id, c.source)
        return key

    def footnotes(self) -> str:
        return "".join(f"\n[^{k}]: {v}\n" for k, v in self.defs.items())


def _date(value: dt.date | str, lang: str) -> str:
    if isinstance(value, str):
        return value
    if lang == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _number(value: float, lang: str) -> str:
    """4930000 -> '493만' (ko) or '4.93 million' (en)."""
    v = float(value)
    if lang == "ko":
        if abs(v) >= 1e8:
            return f"{v / 1e8:,.2f}".rstrip("0").rstrip(".") + "억"
        if abs(v) >= 1e4:
            return f"{v / 1e4:,.1f}".rstrip("0").rstrip(".") + "만"
        return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
    if abs(v) >= 1e9:
        return f"{v / 1e9:,.2f}".rstrip("0").rstrip(".") + " billion"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f}".rstrip("0").rstrip(".") + " million"
    return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"


def _loader(override: Path | None, builtin: Path) -> jinja2.BaseLoader:
    loaders = [jinja2.FileSystemLoader(str(override))] if override else []
    loaders.append(jinja2.FileSystemLoader(str(builtin)))
    return jinja2.ChoiceLoader(loaders)


def _template_position(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line a runtime error came from (Jinja keeps them in the traceback)."""
    name = line = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line


class MarkdownRenderer:
    """One Jinja2 environment for a build; `render(brief)` gives Markdown text."""

    def __init__(self, builtin_dir: Path, override_dir: Path | None = None):
        compiled = cache_dir("templates")
        self.env = SandboxedEnvironment(
            # Compiled templates are cached by source checksum: compiling costs more than rendering.
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
            loader=_loader(override_dir, builtin_dir),
            undefined=jinja2.StrictUndefined,
            finalize=md_escape,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )

    def render(self, brief: Brief) -> str:
        lang = brief.lang
        cites = _Citations(lang)

        def cite(items) -> Md:
            """Footnote markers for a finding, a citation, or a list of findings (each source line once)."""
            if isinstance(items, (FindingView, CitationView)):
                items = [items]
            labels: list[str] = []
            for item in items:
                for c in item.citations if isinstance(item, FindingView) else [item]:
                    key = cites.label(c)
                    if key not in labels:
                        labels.append(key)
            return Md("".join(f"[^{key}]" for key in labels))

        def cited_sources() -> list:
            """The sources cited so far, in order of first citation (call it at the end)."""
            return list(cites.sources.values())

        def label(kind: str, key: str) -> str:
            ko, en = LABELS[kind][key]
            return ko if lang == "ko" else en

        def tr(ko: str, en: str) -> str:
            return ko if lang == "ko" else en

        env = self.env
        env.filters.update({
            "cite": cite,
            "date": lambda v: _date(v, lang),
            "number": lambda v: _number(v, lang),
            "md": Md,
            "priority": lambda p: Md(f"[{escape(md_escape(label('priority', p)))}]{{.priority-{p}}}"),
            # Verdicts reuse the priority colours: not allowed reads as red, allowed as green.
            "verdict": lambda v: Md(f"[{escape(md_escape(label('verdict', v)))}]{{.priority-{VERDICT_COLOUR[v]}}}"),
        })
        try:
            template = env.get_template(brief.template)
            text = template.render(brief=brief, lang=lang, tr=tr, label=label, today=brief.date,
                                   cited_sources=cited_sources)
        except jinja2.TemplateNotFound as e:
            raise BriefingError(f"template '{e.name}' not found", file=brief.template,
                                hint="check the audience's 'template:' and the run config's "
                                     "'templates:' folder") from None
        except jinja2.TemplateSyntaxError as e:
            raise BriefingError(f"template syntax error: {e.message}", file=e.filename or e.name,
                                line=e.lineno, hint="fix the Jinja2 syntax") from None
        except SecurityError as e:
            name, line = _template_position(e)
            raise BriefingError(f"template refused: {e}", file=name or brief.template, line=line,
                                hint="templates may only use the brief's data, filters and tr(); "
                                     "they cannot reach Python internals, modules or files") from None
        except jinja2.UndefinedError as e:
            name, line = _template_position(e)
            if "unsafe" in (e.message or ""):
                raise BriefingError(f"template refused: {e.message}", file=name or brief.template, line=line,
                                    hint="templates may only use the brief's data, filters and tr(); "
                                         "they cannot reach Python internals, modules or files") from None
            raise BriefingError(f"template uses an undefined value: {e.message}", file=name or brief.template,
                                line=line, hint="check the variable's spelling; `briefing list` and "
                                               "docs/templates.md name what templates can use") from None
        except (TypeError, ValueError, KeyError, AttributeError, ZeroDivisionError, OverflowError,
                IndexError) as e:
            name, line = _template_position(e)
            raise BriefingError(f"template failed: {type(e).__name__}: {e}", file=name or brief.template,
                                line=line) from None
        except RecursionError:
            raise BriefingError("template recursion too deep", file=brief.template) from None
        # The front matter carries what the DOCX writer needs besides the text.
        return front_matter(meta_from_brief(brief)) + text.rstrip() + "\n" + cites.footnotes()

