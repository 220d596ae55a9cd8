"""Load the knowledge base from YAML folders and check its cross-references.

The built-in folder comes first; each extra folder is merged over it: an item
with a known id replaces the earlier one, `disabled: true` removes it. A folder
whose `event.yaml` names another event (a different id) starts a new subject: the
folders before it are not merged in. Every
problem is reported with its file and line, all of them in one pass.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from briefing import cache, resources
from briefing.errors import BriefingError, ManyErrors
from briefing.knowledge import model, schema
from briefing.knowledge.model import (
    Audience,
    Event,
    Finding,
    Framework,
    Industry,
    Knowledge,
    Recommendation,
    Rule,
    Source,
    Topic,
    industry_key,
)
from briefing.knowledge.schema import Invalid, validate
from briefing.knowledge.validation import validation_errors
from briefing.knowledge.wording import problems, reader_texts, rule_problems
from briefing.knowledge.yamlfile import LineDict, LineList, load_yaml

KINDS: dict[str, type] = {
    "sources": Source,
    "topics": Topic,
    "findings": Finding,
    "recommendations": Recommendation,
    "rules": Rule,
    "audiences": Audience,
    "frameworks": Framework,
    "industries": Industry,
}
EVENT_FILE = "event.yaml"


@dataclass(frozen=True)
class Origin:
    file: Path
    line: int | None
    key_lines: tuple[tuple[str, int], ...] = ()  # where each key of the item is

    def error(self, message: str, hint: str | None = None, key: str | None = None) -> BriefingError:
        """An error at the item, or at one of its keys when given."""
        line = dict(self.key_lines).get(key, self.line) if key else self.line
        return BriefingError(message, file=self.file, line=line, hint=hint)


class _Collector:
    def __init__(self):
        self.errors: list[BriefingError] = []
        self.items: dict[str, dict[str, object]] = {k: {} for k in KINDS}
        self.origins: dict[tuple[str, str], Origin] = {}
        self.disabled: dict[str, set[str]] = {k: set() for k in KINDS}
        self.event: Event | None = None
        self.event_origin: Origin | None = None
        self.unread: set[str] = set()  # kinds with a file that could not be read: no follow-on errors

    def read_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            self.errors.append(BriefingError("knowledge folder not found", file=folder,
                                             hint="check the 'knowledge:' list in the run config"))
            return
        known = {f"{k}.yaml" for k in KINDS}
        event_file = folder / EVENT_FILE
        if event_file.is_file():
            try:
                self._read_event(event_file)
            except BriefingError as e:
                self.errors.append(e)
        for path in sorted(folder.glob("*.y*ml")):
            if path.name == EVENT_FILE:
                continue
            if path.name not in known:
                self.errors.append(BriefingError(
                    "unknown knowledge file", file=path,
                    hint="knowledge files are named " + ", ".join(sorted(known))))
                continue
            try:
                self._read_file(path, path.name.split(".")[0])
            except BriefingError as e:
                self.errors.append(e)
                self.unread.add(path.name.split(".")[0])

    def _read_file(self, path: Path, kind: str) -> None:
        data = load_yaml(path)
        if data is None:
            return
        if not isinstance(data, LineDict) or set(data) != {kind}:
            raise BriefingError(f"the file must hold one key, '{kind}:', with a list of items",
                                file=path, line=getattr(data, "line", 1))
        items = data[kind]
        if items is None:
            return
        if not isinstance(items, LineList):
            raise BriefingError(f"'{kind}' must be a list of items ('- id: ...')", file=path,
                                line=data.key_lines[kind])
        model = KINDS[kind]
        seen_here: dict[str, int] = {}
        for index, raw in enumerate(items):
            line = items.item_lines[index]
            try:
                item = validate(model, raw)
            except Invalid as exc:
                self.errors.extend(_item_errors(raw, line, exc, path))
                continue
            if item.id in seen_here:
                self.errors.append(BriefingError(
                    f"duplicate {kind[:-1]} id '{item.id}' (first at line {seen_here[item.id]})",
                    file=path, line=line, hint="give each item its own id"))
                continue
            seen_here[item.id] = line
            if getattr(item, "disabled", False):
                self.items[kind].pop(item.id, None)
                self.disabled[kind].add(item.id)
                continue
            self.items[kind][item.id] = item
            origin = Origin(path, line, tuple(getattr(raw, "key_lines", {}).items()))
            self.origins[(kind, item.id)] = origin
            for key, lang, text in reader_texts(kind, item):
                found = problems(text, lang) + (rule_problems(text) if kind == "rules" and lang == "ko" else [])
                for problem in found:
                    self.errors.append(origin.error(f"{kind[:-1]} '{item.id}' ({key}, {lang}): {problem}", key=key))

    def _read_event(self, path: Path) -> None:
        """event.yaml: one mapping; a later folder's event replaces an earlier one whole."""
        data = load_yaml(path)
        if not isinstance(data, LineDict) or set(data) != {"event"}:
            raise BriefingError("the file must hold one key, 'event:', with the subject's title, topics and "
                                "chart settings", file=path, line=getattr(data, "line", 1))
        line = data.key_lines["event"]
        try:
            event = validate(Event, data["event"])
        except Invalid as exc:
            self.errors.extend(_item_errors(data["event"], line, exc, path))
            return
        if self.event is not None and event.id != self.event.id:
            # Another subject: what earlier folders said about theirs does not belong in its briefs.
            self.items = {k: {} for k in KINDS}
            self.origins.clear()
            self.disabled = {k: set() for k in KINDS}
        self.event, self.event_origin = event, Origin(path, line)

    def origin(self, kind: str, item_id: str) -> Origin:
        return self.origins[(kind, item_id)]


def _item_errors(raw, line, exc, path) -> list[BriefingError]:
    errors = validation_errors(raw, exc, path)
    for e in errors:
        if e.line is None:
            e.line = line
            e.message = e._compose()
    return errors


def _check_event(c: _Collector) -> None:
    """The event names every topic once, and the topics its briefs and charts use exist."""
    items, err = c.items, c.errors.append
    if c.event is None:
        err(BriefingError(f"the knowledge base has no {EVENT_FILE}",
                          hint=f"the built-in {EVENT_FILE} is missing; `briefing init` writes one to start from"))
        return
    event, where = c.event, c.event_origin
    listed = set(event.topics)
    if len(listed) != len(event.topics):
        err(where.error("event 'topics' names a topic twice"))
    for tid in event.topics:
        if tid not in items["topics"]:
            err(where.error(f"event 'topics' names unknown topic '{tid}'",
                            hint="topics are defined in topics.yaml: " + ", ".join(sorted(items["topics"]))))
    for tid in items["topics"]:
        if tid not in listed:
            err(c.origin("topics", tid).error(f"topic '{tid}' is not listed in the event's 'topics'",
                                              hint=f"add it to 'topics:' in {EVENT_FILE} where briefs should show it"))
    if event.background is not None and event.background not in listed:
        err(where.error(f"event 'background' names unknown topic '{event.background}'"))
    series = {fig.series for f in items["findings"].values() for fig in f.figures}
    for chart in event.charts:
        if chart.series not in series:
            err(where.error(f"event chart asks for figure series '{chart.series}', which no finding has",
                            hint="known series: " + (", ".join(sorted(series)) or "none")))


def _check_supersedes(c: _Collector, kind: str) -> None:
    """`supersedes` names an earlier item of the same kind, and never goes round in a circle."""
    items, err = c.items[kind], c.errors.append
    for iid, item in items.items():
        old = item.supersedes
        if old is None:
            continue
        where = c.origin(kind, iid)
        if old in c.disabled[kind]:
            continue  # the organisation disabled the older item: nothing left to replace
        if old == iid or old not in items:
            err(where.error(f"{kind[:-1]} '{iid}' supersedes unknown {kind[:-1]} '{old}'", key="supersedes"))
            continue
        older, newer = items[old], item
        if kind == "findings" and newer.date < older.date:
            err(where.error(f"finding '{iid}' ({newer.date}) supersedes '{old}', which is dated later ({older.date})",
                            hint="a finding can only replace an earlier one", key="supersedes"))
        seen, cur = {iid}, old
        while cur is not None and cur in items:
            if cur in seen:
                err(where.error(f"'supersedes' goes round in a circle through '{iid}'"))
                break
            seen.add(cur)
            cur = items[cur].supersedes


def _check_references(c: _Collector) -> None:
    items = c.items
    err = c.errors.append
    _check_event(c)
    topic_ids = set(items["topics"])
    for kind in ("findings", "recommendations"):
        for iid, item in items[kind].items():
            if item.topic not in topic_ids:
                err(c.origin(kind, iid).error(f"{kind[:-1]} '{iid}' has unknown topic '{item.topic}'",
                                              hint="known topics: " + ", ".join(sorted(topic_ids)), key="topic"))
        _check_supersedes(c, kind)
    for sid, topic in items["topics"].items():
        if topic.risk:
            for fid in topic.risk.rationale:
                if fid not in items["findings"]:
                    err(c.origin("topics", sid).error(
                        f"topic '{sid}' rests its risk rating on unknown finding '{fid}'"))
    for fid, finding in items["findings"].items():
        for cit in finding.citations:
            if cit.source not in items["sources"]:
                err(c.origin("findings", fid).error(
                    f"finding '{fid}' cites unknown source '{cit.source}'",
                    hint="known sources: " + ", ".join(sorted(items["sources"]))))
    audience_ids = set(items["audiences"])
    for rid, rec in items["recommendations"].items():
        where = c.origin("recommendations", rid)
        for fid in rec.rests_on:
            if fid not in items["findings"]:
                err(where.error(f"recommendation '{rid}' rests on unknown finding '{fid}'"))
        for aud in rec.audiences:
            if aud not in audience_ids:
                err(where.error(f"recommendation '{rid}' names unknown audience '{aud}'",
                                hint="known audiences: " + ", ".join(sorted(audience_ids))))
    _check_frameworks(c)
    _check_industries(c)
    # A rule goes with the recommendation it comes from when an organisation disables that.
    for uid in [u for u, r in items["rules"].items() if r.recommendation in c.disabled["recommendations"]]:
        del items["rules"][uid]
    for uid, rule in items["rules"].items():
        if rule.recommendation not in items["recommendations"]:
            err(c.origin("rules", uid).error(f"rule '{uid}' points to unknown recommendation '{rule.recommendation}'"))
    for aid, aud in items["audiences"].items():
        for line in aud.summary:
            for fid in line.rests_on:
                if fid not in items["findings"]:
                    err(c.origin("audiences", aid).error(f"audience '{aid}' summary rests on unknown finding '{fid}'"))
        for tid in aud.topics:
            if tid not in topic_ids:
                err(c.origin("audiences", aid).error(f"audience '{aid}' reads unknown topic '{tid}'",
                                                     hint="known topics: " + ", ".join(sorted(topic_ids))))
    for kind in ("sources", "topics", "findings", "recommendations", "audiences"):
        if not items[kind]:
            err(BriefingError(f"the knowledge base has no {kind}",
                              hint=f"the built-in {kind}.yaml is missing or every item is disabled"))


def _check_industries(c: _Collector) -> None:
    """With a vocabulary (industries.yaml), every `sectors:` entry names one of its ids, and an alias
    means one industry only."""
    industries, err = c.items["industries"], c.errors.append
    if not industries:
        return
    seen: dict[str, str] = {}
    for iid, ind in industries.items():
        for alias in [iid, *ind.aliases]:
            other = seen.setdefault(industry_key(alias), iid)
            if other != iid:
                err(c.origin("industries", iid).error(f"alias '{alias}' of industry '{iid}' already means '{other}'",
                                                      hint="an alias selects one industry: remove one of them"))
    known = ", ".join(industries)
    for kind in ("findings", "recommendations", "frameworks"):
        for item_id, item in c.items[kind].items():
            for sector in item.sectors:
                if sector not in industries:
                    err(c.origin(kind, item_id).error(
                        f"{kind[:-1]} '{item_id}' names unknown sector '{sector}'",
                        hint=f"sectors are industry ids from industries.yaml: {known}", key="sectors"))


def _check_frameworks(c: _Collector) -> None:
    """Each `serves` entry names a known framework and one of its items; framework sources exist."""
    frameworks, err = c.items["frameworks"], c.errors.append
    if "frameworks" in c.unread:
        return  # its own error says what is wrong; every `serves` would repeat it
    for fw_id, fw in frameworks.items():
        for sid in fw.sources:
            if sid not in c.items["sources"]:
                err(c.origin("frameworks", fw_id).error(f"framework '{fw_id}' names unknown source '{sid}'",
                                                        key="sources"))
    for rid, rec in c.items["recommendations"].items():
        where = c.origin("recommendations", rid)
        for ref in rec.serves:
            fw_id, item_id = ref.split(":", 1)
            fw = frameworks.get(fw_id)
            if fw is None:
                if fw_id in c.disabled["frameworks"]:
                    continue  # the organisation disabled the framework: its references go with it
                err(where.error(f"recommendation '{rid}' serves '{ref}', but there is no framework '{fw_id}'",
                                hint="frameworks are defined in frameworks.yaml: "
                                     + (", ".join(sorted(frameworks)) or "none yet"), key="serves"))
            elif fw.item(item_id) is None:
                near = [i.id for i in fw.items if i.id.startswith(item_id.rsplit(".", 1)[0])][:8]
                err(where.error(f"recommendation '{rid}' serves '{ref}', but framework '{fw_id}' has no item "
                                f"'{item_id}'",
                                hint=("items nearby: " + ", ".join(near)) if near else
                                f"`briefing list --framework {fw_id}` lists its items", key="serves"))


def _folder_state(folder: Path) -> tuple:
    """What a folder's files are now (name, size, mtime), to know when a cached load is stale."""
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.y*ml")))
    except OSError:
        return ("unreadable", str(folder))


_loaded: dict[tuple, Knowledge] = {}


def load_knowledge(extra_dirs: list[Path] = ()) -> Knowledge:
    """The built-in knowledge base with each extra folder merged over it, checked.

    A batch of organisations mostly shares the same folders; a load is reused while
    the files are unchanged (Knowledge is immutable). Across runs, the checked result
    is kept in the user's cache under a hash of the files' contents.
    """
    folders = [resources.knowledge_dir(), *extra_dirs]
    key = tuple((str(f), _folder_state(f)) for f in folders)
    if key not in _loaded:
        _loaded.clear()  # keep one: a batch builds organisation after organisation
        _loaded[key] = _load_cached(folders)
    return _loaded[key]


def _content_name(folders: list[Path]) -> str | None:
    """A name for this load in the cache: the hash of every file it reads and of the code
    that checks them; None when a folder is missing (that load fails anyway)."""
    digest = hashlib.sha256()
    for module in (__file__, model.__file__, schema.__file__):
        digest.update(Path(module).read_bytes())
    for folder in folders:
        if not folder.is_dir():
            return None
        for path in sorted(folder.glob("*.y*ml")):
            data = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(data)}\0".encode())
            digest.update(data)
        digest.update(b"\0folder\0")
    return digest.hexdigest() + ".json"


def _load_cached(folders: list[Path]) -> Knowledge:
    try:
        name = _content_name(folders)
    except OSError:
        name = None
    if name is not None:
        data = cache.read("knowledge", name)
        if data is not None:
            # Plain data validated again (not a pickle: a cache file must not be able to run code).
            try:
                return validate(Knowledge, json.loads(data))
            except (ValueError, Invalid):  # a damaged or foreign entry is rebuilt, never an error
                pass
    knowledge = _load(folders)
    if name is not None:
        cache.store("knowledge", name, json.dumps(schema.plain(knowledge), ensure_ascii=False, default=_isoformat,
                                                  separators=(",", ":")).encode("utf-8"))
    return knowledge


def _isoformat(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


def _load(folders: list[Path]) -> Knowledge:
    c = _Collector()
    for folder in folders:
        c.read_folder(folder)
    _check_references(c)
    if len(c.errors) == 1:
        raise c.errors[0]
    if c.errors:
        raise ManyErrors(c.errors)
    return Knowledge(event=c.event, **{k: dict(v) for k, v in c.items.items()})
