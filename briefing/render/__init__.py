"""Rendering: a Brief becomes Markdown with front matter, and Markdown becomes a document.

markdown (sandboxed Jinja2 -> Markdown) and frontmatter (the metadata the writers
read) sit between the templates and the writers; tree (markdown-it tokens -> a
syntax tree), charts and fonts serve every writer; docx/ is the Word writer.
The rendered Markdown with its front matter is a writer's only input.

May import: brief, knowledge and the top-level base modules.
"""
