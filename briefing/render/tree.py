"""markdown-it's flat token stream as a tree, in one linear pass.

The same shape as markdown_it.tree.SyntaxTreeNode (an `_open`/`_close` pair becomes one
node named without the suffix; an inline token's children become child nodes), with
only what the DOCX writer reads. SyntaxTreeNode copies the remaining tokens at every
nesting level, which cost 8% of a build.
"""
from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token


class Node:
    __slots__ = ("type", "tag", "attrs", "meta", "content", "info", "children")

    def __init__(self, type_: str, token: Token):
        self.type = type_
        self.tag = token.tag
        self.attrs = token.attrs
        self.meta = token.meta
        self.content = token.content
        self.info = token.info
        self.children: list[Node] = []

    def __repr__(self) -> str:
        return f"Node({self.type!r}, {len(self.children)} children)"


def build_tree(tokens: Sequence[Token]) -> list[Node]:
    """The top-level nodes of a token stream."""
    top: list[Node] = []
    open_lists = [top]
    for token in tokens:
        if token.nesting == 1:
            node = Node(token.type[:-5] if token.type.endswith("_open") else token.type, token)
            open_lists[-1].append(node)
            open_lists.append(node.children)
        elif token.nesting == -1:
            if len(open_lists) == 1:
                raise ValueError(f"unbalanced token {token.type}")
            open_lists.pop()
        else:
            node = Node(token.type, token)
            if token.children:
                node.children = build_tree(token.children)
            open_lists[-1].append(node)
    if len(open_lists) != 1:
        raise ValueError("unclosed tokens")
    return top
