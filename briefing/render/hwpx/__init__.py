"""The HWPX writer: Markdown with front matter -> a Hangul (Hancom Office) document.

The same input as the DOCX writer (briefing.render.docx), walked from the same tree
(briefing.render.tree); nothing upstream knows which format is written. python-hwpx
(the optional `hwpx` extra) makes, once per process, the skeleton every brief starts
from: Hancom's own empty document with its styles (바탕글, 개요 1-10, 각주 ...), our page,
font and outline numbers. Each brief is then written as OWPML text around it, so
python-hwpx's object model and its package re-validation are not paid per brief:

skeleton (the empty document, and where a brief's parts go into it), library (the
optional dependency, and the fixed object ids that make the skeleton reproducible),
shapes (the look of each kind of paragraph and run, 개조식 bullets, cell fills),
fragments (the section's markup), furniture (header, footer, document properties, the
zip) and body (the Markdown's blocks and inlines).

May import: the rest of render, brief, knowledge and the top-level base modules.
"""
