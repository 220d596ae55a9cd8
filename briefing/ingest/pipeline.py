"""`sources add` end to end: extract, split, filter, classify, draft, store."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BriefingError


@dataclass
class AddResult:
    source: dict
    drafts: list[dict]
    lines: list[str]
    format: str
    notes: list[str]
    kept_approved: list[str]

    def as_json(self) -> dict:
        keys = ("id", "topic", "text", "citations", "figures", "confidence", "status")
        drafts = [{k: ({"ko": d["text"]["ko"]} if k == "text" else d.get(k, [])) for k in keys} for d in self.drafts]
        return {"source": self.source, "drafts": drafts}


def _language(lines: list[str]) -> str:
    text = "".join(lines)
    letters = [c for c in text if c.isalpha()]
    hangul = sum("\uac00" <= c <= "\ud7a3" for c in letters)
    return "ko" if letters and hangul / len(letters) > 0.2 else "en"


def _require() -> None:
    """A clear message, not an ImportError, when the ingest extra is not installed."""
    import importlib.util

    missing = [m for m in ("kiwipiepy", "sklearn", "trafilatura") if importlib.util.find_spec(m) is None]
    if missing:
        raise BriefingError(f"`briefing sources add` needs {', '.join(missing)}, which are not installed",
                            hint="install the ingest extra: pip install 'briefing[ingest]'")


def _refuse_a_built_in_id(source_id: str, folder: Path, replace: bool) -> None:
    """A folder's source replaces a built-in one of the same id in every brief built with it, so
    its findings would cite the user's file: only on purpose."""
    from briefing.knowledge.loader import load_knowledge

    built_in = load_knowledge([]).sources.get(source_id)
    if built_in is None or replace:
        return
    raise BriefingError(
        f"--id '{source_id}' is a built-in source: \"{built_in.title}\" ({built_in.outlet.ko}, {built_in.date})",
        hint=f"choose another --id; or pass --replace to make your file stand for it in every brief built with "
             f"{folder}, where the built-in findings citing '{source_id}' would then cite your text")


def add_source(file: Path, folder: Path, *, source_id: str, title: str | None, outlet: str | None,
               date: str | None, url: str | None, kind: str, replace: bool) -> AddResult:
    from briefing.ingest import store

    _require()
    if folder.exists() and not folder.is_dir():
        raise BriefingError("the knowledge folder is a file", file=folder, hint="pass a folder with -k")
    if not replace and folder.is_dir():
        found = store.existing_source(folder, source_id)
        if found:
            raise BriefingError(f"a source with the id '{source_id}' already exists", file=found[0], line=found[1],
                                hint="pass --replace to replace its text and drafts (approved findings are kept), "
                                     "or choose another --id")

    _refuse_a_built_in_id(source_id, folder, replace)
    from briefing.ingest.extract import extract

    extracted = extract(file)
    date_note = None if date or not extracted.date_from else f"{extracted.date_from} used as the source date"
    date = date or extracted.date
    if not date:
        raise BriefingError(
            "the source has no date: its metadata gives none and --date was not passed", file=file,
            hint="editions select sources and findings by the date they became known, so every source needs one: "
                 "pass --date YYYY-MM-DD (the publication date)")
    lines = extracted.paragraphs
    title = (title or extracted.title or lines[0])[:300].strip()
    outlet = (outlet or extracted.outlet or "").strip()
    source = {"id": source_id, "title": title,
              "outlet": {"ko": outlet or "매체 미상", "en": outlet or "Unknown outlet"}}
    if extracted.author:
        source["author"] = extracted.author[:200]
    source.update({"date": date, "language": _language(lines), "file": f"{source_id}.txt",
                   "url": url or extracted.url, "kind": kind})
    if not source["url"] or not str(source["url"]).startswith(("http://", "https://")):
        source["url"] = None

    from briefing.ingest.classify import TopicClassifier, finding_examples, read_labelled
    from briefing.ingest.drafts import draft_id, make_drafts
    from briefing.ingest.sentences import statements
    from briefing.knowledge.loader import load_knowledge

    folder_dirs = [folder] if folder.is_dir() else []
    kb = load_knowledge(folder_dirs)
    classifier = TopicClassifier.train(read_labelled() + finding_examples(kb.findings.values()),
                                       allowed=tuple(kb.topics))
    facts = statements(lines)
    if replace and folder.is_dir():  # lines approved findings already cite get no new drafts
        done = store.approved_lines(folder, source_id)
        facts = [s for s in facts if s.line not in done]
    topics = classifier.predict([s.text for s in facts])
    first = store.next_draft_number(folder, draft_id(source_id, 0)[:-2], replace=replace) if folder.is_dir() else 1
    drafts = make_drafts(facts, topics, source_id=source_id, source_date=date, kind=kind, first_number=first)
    finding_data = [d.as_finding() for d in drafts]
    folder.mkdir(parents=True, exist_ok=True)
    plan = store.plan(folder, source, lines, finding_data, replace=replace)
    store.write(plan)
    notes = list(extracted.notes) + ([date_note] if date_note else [])
    if plan.removed_drafts:
        notes.append(f"replaced {len(plan.removed_drafts)} earlier draft(s)")
    return AddResult(source, finding_data, lines, extracted.format, notes, plan.kept_approved)
