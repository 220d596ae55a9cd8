"""`briefing sources`: turn an article, press release or guideline into a stored source
and cited draft findings for a person to review.

One job per module: extract (file -> paragraphs + metadata), sentences (Korean
sentence split and the statement-of-fact filter), figures (numbers with units),
classify (topic of a sentence), drafts (sentences -> draft findings), store
(sources.yaml, findings.yaml and sources/ID.txt, written atomically), copycheck
(`briefing check`: approved findings must not copy their source), commands (click).

The heavy imports (kiwipiepy, scikit-learn, trafilatura) happen only inside
`sources add`, never when `build`, `check` or `list` run.

May import: knowledge and the top-level base modules.
"""
