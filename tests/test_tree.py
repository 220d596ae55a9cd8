"""briefing.render.tree builds the same tree as markdown-it's SyntaxTreeNode, faster."""
from __future__ import annotations

import pytest
from markdown_it.tree import SyntaxTreeNode

from briefing.render.tree import build_tree, markdown_parser

SAMPLE = """\
::: cover
# Title
:::

Text with **bold [span]{.priority-high}**, a [link](https://example.com) and a note.[^1][^2]

- item *one*
  - nested
1. first

| a | b |
|---|:-:|
| `x` | y |

> quoted

[^1]: First note.
[^2]: Second note.
"""


def _same(mine, theirs, where="root"):
    assert mine.type == theirs.type, where
    for attr in ("tag", "attrs", "meta", "content", "info"):
        assert getattr(mine, attr) == getattr(theirs, attr), f"{where}.{attr}"
    assert len(mine.children) == len(theirs.children), where
    for i, (a, b) in enumerate(zip(mine.children, theirs.children, strict=True)):
        _same(a, b, f"{where}/{i}:{b.type}")


@pytest.mark.parametrize("which", ["sample", "board_ko", "security_en", "developers_ko"])
def test_same_tree_as_markdown_it(which, default_build):
    if which == "sample":
        text = SAMPLE
    else:
        audience, lang = which.split("_")
        text = default_build[(audience, lang)].with_suffix(".md").read_text(encoding="utf-8")
    tokens = markdown_parser().parse(text)
    mine, theirs = build_tree(tokens), SyntaxTreeNode(tokens).children
    assert len(mine) == len(theirs) > 3
    for a, b in zip(mine, theirs, strict=True):
        _same(a, b)


def test_unbalanced_tokens_are_refused():
    tokens = markdown_parser().parse("- a\n- b\n")
    with pytest.raises(ValueError):
        build_tree(tokens[:-1])
    with pytest.raises(ValueError):
        build_tree(tokens[1:])
