"""The DOCX writer: Markdown with front matter -> a Word document, styled by a reference.

reference (which reference document, checked), prepare (any Word template made
ready for the writer), body (the Markdown's blocks and inlines as WordprocessingML),
furniture (headers, footers, core properties), ooxml (raw WordprocessingML helpers
python-docx lacks) and package (the zip, byte for byte reproducible).

May import: the rest of render, brief, knowledge and the top-level base modules.
"""
