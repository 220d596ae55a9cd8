"""Setting up: a new organisation's folder, scheduler configuration, editor schemas.

scaffold (`briefing init`), schedule (`briefing schedule`: cron, systemd, CronJob
text) and editor_schema (`briefing schema`: JSON Schemas for editors, shipped in
briefing/schemas/).

May import: knowledge and the top-level base modules.
"""
