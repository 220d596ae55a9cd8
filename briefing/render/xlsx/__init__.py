"""The action register: the edition's recommendations as an Excel workbook a security office works in.

register (the workbook: columns, sheets, validation, deterministic bytes) and columns (the
register's column names, shared with `briefing register import`, which reads them back).
Written with openpyxl, the optional `register` extra.

May import: brief, knowledge and the top-level base modules.
"""
