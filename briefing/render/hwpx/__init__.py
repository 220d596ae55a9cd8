"""The HWPX writer: Markdown with front matter -> a Hangul (Hancom Office) document.

The same input as the DOCX writer (briefing.render.docx), walked from the same tree
(briefing.render.tree); nothing upstream knows which format is written. Built on
python-hwpx (the optional `hwpx` extra), whose skeleton document carries Hangul's own
styles (바탕글, 개요 1-10, 각주 ...):

library (the optional dependency, and the fixed object ids that make the bytes
reproducible), shapes (the look of each kind of paragraph and run, fonts, outline
numbering and 개조식 bullets), furniture (page, header, footer, document properties)
and body (the Markdown's blocks and inlines as OWPML).

May import: the rest of render, brief, knowledge and the top-level base modules.
"""
