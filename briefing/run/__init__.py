"""The run: plan, render and write every brief of one or many run configs.

build (plan, render, write atomically, manifest), batch (many configs, --jobs),
outputs (atomic files, lock, manifest), fingerprint and options (what a run was
asked and whether anything changed), interrupts (clean stops, no stray workers),
pdf and pdfpass (one LibreOffice process per run: page numbers and PDFs), checks
(`briefing check`), render_file (`briefing render`) and logs.

May import: render, brief, knowledge, ingest and the top-level base modules.
"""
