"""Fact check for `briefing check`: does each finding say only what its cited lines say?

For every finding whose citations all point to source files that can be read,
the finding's Korean text is compared with the cited lines of those files:

- figures: numbers with a unit, percentages, money, counts, years and dates
  (1,443 = 1443, 17% = 17 %, 121만 = 1,210,000, '25.1.27 = 2025년 1월 27일);
- named entities: Latin-script names (DeepSeek, R1, V3, OpenAI), Korean
  organisation names ending in …위원회, …부, …원, …청, …처 and a few more, and
  quoted titles or phrases.

What the cited lines lack is reported as a warning with the finding's file and line.
A finding may carry `check: {ignore: "reason"}` to silence this on purpose.

Templates are checked too: a sentence written in a template (not taken from the
knowledge base) that states a figure or a date must carry a footnote or a
"출처:"/"Source:" reference in the rendered Markdown. With `--review`, `check_templates(review=True)`
and `review_rendered` list what else a content reviewer should read: uncited template
sentences, and sentences of the rendered briefs with a figure or date but no footnote.

Source files: a source's `file:` is looked up in `sources/` inside each knowledge
folder and in the sources folder given with `--sources-dir` (or BRIEFING_SOURCES);
`sources/<id>.txt` in a knowledge folder serves a source without `file:`.

One module per thing compared: figures (numbers, units, dates), names (Latin names,
organisations, quotes, aliases), evidence (a text against its cited lines), findings
(each finding against its sources), templates (uncited template and rendered
sentences), support (recommendations, rules and summary lines against the findings they
cite, on every edition date), translation (the English against the Korean), anachronism
(static wording that names a term before the first finding naming it was known); report
holds what they all report.
"""
from briefing.knowledge.factcheck.anachronism import check_time
from briefing.knowledge.factcheck.evidence import compare
from briefing.knowledge.factcheck.findings import SOURCES_ENV, SourceFiles, check_findings, sources_dir_from_env
from briefing.knowledge.factcheck.report import FactCheckResult, Report
from briefing.knowledge.factcheck.support import check_support
from briefing.knowledge.factcheck.templates import check_templates, is_factual, review_rendered
from briefing.knowledge.factcheck.translation import compare_languages, review_translations

__all__ = ["SOURCES_ENV", "FactCheckResult", "Report", "SourceFiles", "check_findings", "check_support",
           "check_templates", "check_time", "compare", "compare_languages", "is_factual", "review_rendered",
           "review_translations", "sources_dir_from_env"]
