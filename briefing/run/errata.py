"""Errata: editions already sent out whose findings or recommendations have been corrected since.

Each edition record keeps what its brief published (a finding's text, a recommendation's
title and action). Selecting the same brief for the same date from today's knowledge base
and comparing by id shows what an edition got wrong: same id, same edition date, different
text. `briefing errata` lists them (exit 1 when there are any, for scheduled jobs).
"""
from __future__ import annotations

from pathlib import Path

from briefing.brief import editions
from briefing.brief.select import select_brief
from briefing.errors import BriefingError
from briefing.knowledge.config import LoadedConfig
from briefing.run.build import dated, load_inputs
from briefing.run.outputs import output_name


def find_errata(loaded: LoadedConfig, folder: Path) -> list[dict]:
    """One entry per corrected item of every edition in folder, oldest edition first."""
    if not folder.is_dir():
        raise BriefingError("the output folder does not exist", file=folder,
                            hint="pass the folder the briefs are built into (-o), or the run config (-c)")
    found = editions.editions_in(folder)
    if not found:
        raise BriefingError("the folder holds no edition records (editions/*.json)", file=folder,
                            hint="build into it first: briefing build -o FOLDER")
    knowledge = load_inputs(loaded)
    cfg = loaded.config
    out = []
    for edition in found:
        if edition.audience not in knowledge.audiences:
            continue
        published = editions.read_record(edition.path)
        day_config = dated(loaded, edition.date)
        now = select_brief(day_config, knowledge, edition.audience, edition.lang, today=edition.date)
        brief = output_name(cfg.output.filename, org=now.organization, date=edition.date,
                            audience=edition.audience, lang=edition.lang, version=cfg.document.version)
        for item in editions.corrections(published, now):
            out.append({"edition": edition.date.isoformat(), "audience": edition.audience, "lang": edition.lang,
                        "brief": brief if (folder / brief).is_file() else None,
                        "record": f"{editions.EDITIONS_DIR}/{edition.path.name}", **item})
    return out


def format_errata(items: list[dict]) -> str:
    if not items:
        return "no corrections: every edition in the folder says what the knowledge base says for its date"
    lines = []
    for item in items:
        what = f"{item['kind']} {item['id']}" + (f" ({item['field']})" if item.get("field") else "")
        lines.append(f"{item['edition']} {item['audience']}/{item['lang']} "
                     f"{item['brief'] or item['record']}: {what} corrected since publication")
        lines.append(f"  published: {item['old'] if item['old'] is not None else '(wording not recorded)'}")
        lines.append(f"  now:       {item['new']}")
    editions_ = {(i["edition"], i["audience"], i["lang"]) for i in items}
    lines.append(f"{len(items)} correction(s) in {len(editions_)} edition(s)")
    return "\n".join(lines)
