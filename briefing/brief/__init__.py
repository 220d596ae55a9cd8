"""The brief: what one audience reads in one language on one edition date.

select turns (run config, knowledge, audience, language) into a Brief; overrides
applies an organisation's status, owner and budget; editions keeps the record of
each edition and says what changed; edition_diff is `briefing diff`.

May import: knowledge and the top-level base modules.
"""
