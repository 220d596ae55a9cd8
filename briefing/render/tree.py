"""The brief's Markdown as a tree, the one input of every writer: the parser with the
brief's plugins, the tree, its plain text and the table-of-contents entries.

markdown-it's flat token stream becomes a tree in one linear pass.

The same shape as markdown_it.tree.SyntaxTreeNode (an `_open`/`_close` pair becomes one
node named without the suffix; an inline token's children become child nodes), with
only what the DOCX writer reads. SyntaxTreeNode copies the remaining tokens at every
nesting level, which cost 8% of a build.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from briefing.render.frontmatter import split_front_matter

CONTAINERS = ("cover", "summary", "toc", "note", "sources", "pagebreak", "keep")


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


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    # Raw HTML stays text: templates ask for layout through containers and attributes only.
    md = MarkdownIt("commonmark", {"typographer": False, "html": False}).enable("table")
    md.use(footnote_plugin).use(attrs_plugin, spans=True)
    # Briefs cite a source in almost every sentence. Tried first, "[^12]" is a footnote at
    # once; after "link" and "span" (the plugin's order) both scan it as a label and give
    # up. Same tree, a quarter less parsing time.
    md.inline.ruler.before("link", "footnote_ref_first", functools.partial(footnote_ref, always_match=False))
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


def plain_text(node: Node) -> str:
    """The text a reader sees in a node (footnote marks left out)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type in ("footnote_ref", "footnote_anchor"):
        return ""
    return "".join(plain_text(c) for c in node.children)


def split_footnotes(tree: list[Node]) -> tuple[list[Node], dict[int, str]]:
    """(the body's top-level nodes, each footnote's plain text by its markdown id)."""
    body, notes = [], {}
    for node in tree:
        if node.type == "footnote_block":
            for fn in node.children:
                notes[fn.meta["id"]] = " ".join(plain_text(p) for p in fn.children).strip()
        else:
            body.append(node)
    return body, notes


def notes_in_order(children: list[Node], numbers: dict[int, int]) -> list[Node]:
    """Each cluster of note references in ascending number ("2,5,31", not "31,2,5"), once each.

    numbers: the document's number of each note cited so far. A source cited before keeps
    its earlier number; new notes are numbered in the order they come, so earlier notes
    first and then new ones reads in ascending order.
    """
    ordered, cluster = [], []

    def flush():
        unique = {c.meta["id"]: c for c in cluster}.values()  # keys keep first-seen order
        ordered.extend(sorted(unique, key=lambda c: numbers.get(c.meta["id"], float("inf"))))
        cluster.clear()

    for child in children:
        if child.type == "footnote_ref":
            cluster.append(child)
            continue
        flush()
        ordered.append(child)
    flush()
    return ordered


def image_width_share(image: Node, default: float = 0.82) -> float:
    """The share of the text width a picture takes: its `{width="44%"}` attribute, else the default."""
    match = re.fullmatch(r"(\d{1,3})%", str(image.attrs.get("width", "")))
    return min(int(match[1]), 100) / 100 if match else default


def collect_headings(nodes) -> list[tuple[int, str, str]]:
    """(level, text, bookmark) of the headings a table of contents lists, in order."""
    found: list[tuple[int, str, str]] = []

    def walk(items):
        for node in items:
            if node.type == "container_cover":
                continue
            if node.type == "heading" and int(node.tag[1]) <= 2:
                found.append((int(node.tag[1]), plain_text(node).strip(), f"_Toc{len(found) + 1:05d}"))
            if node.type.startswith("container"):
                walk(node.children)

    walk(nodes)
    return found


def toc_headings(markdown: str) -> list[tuple[int, str, str]]:
    """The table-of-contents entries of a brief, or [] when it asks for no table of contents."""
    _, body = split_front_matter(markdown)
    tree = build_tree(markdown_parser().parse(body))
    if not any(n.type == "container_toc" for n in tree):
        return []
    return collect_headings([n for n in tree if n.type != "footnote_block"])
