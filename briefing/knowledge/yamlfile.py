"""Load untrusted YAML safely, remembering where every key and item stood.

Configs and knowledge files come from many hands, so loading is defensive:
safe constructors only (no Python tags), a size, depth and alias limit
(billion-laughs documents are refused before they expand), duplicate keys
reported, text that XML cannot hold removed, and non-UTF-8 files refused with
advice. Mappings and lists carry the 1-based line of each key and item so that
validation errors can name the line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import BriefingError

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 200

# Characters XML 1.0 cannot hold; python-docx raises on them, so they go at load time.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


class LineDict(dict):
    """A mapping that knows the line of each key."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}


class LineList(list):
    """A sequence that knows the line of each item."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []


class _Limits(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


class _Loader(_BASE):
    """Safe constructors that remember lines; limits checked on the token stream first.

    The token scan is flat (no recursion), so a document nested a million levels deep is
    refused before the composer, which recurses, ever sees it.
    """


def _check_limits(text: str) -> None:
    depth = aliases = 0
    for token in yaml.scan(text, Loader=_BASE):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Limits(f"nested deeper than {MAX_DEPTH} levels", token.start_mark.line + 1)
        elif isinstance(token, _CLOSE):
            depth -= 1
        elif isinstance(token, yaml.AliasToken):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _Limits(f"more than {MAX_ALIASES} aliases (*name)", token.start_mark.line + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise _Limits("a key must be plain text", line)
        if key in mapping:
            raise _Limits(f"duplicate key {key!r} (first at line {mapping.key_lines[key]})", line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    seq = LineList()
    seq.line = node.start_mark.line + 1
    for child in node.value:
        seq.append(loader.construct_object(child, deep=True))
        seq.item_lines.append(child.start_mark.line + 1)
    return seq


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    return xml_safe(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
# Dates stay text here; the models parse them, so a bad date gets the model's message and its line.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a user's text file as UTF-8, refusing what we cannot read right."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BriefingError(f"the file is {size:,} bytes, more than the {max_bytes:,} allowed",
                                file=path, hint="split it into smaller files")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BriefingError("this is a folder, not a file", file=path) from None
    except FileNotFoundError:
        raise BriefingError("no such file", file=path, hint="check the path") from None
    except OSError as e:
        raise BriefingError(f"cannot read the file ({e.strerror})", file=path) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("cp949")
            guess = " It looks like CP949/EUC-KR (a Korean Windows encoding)"
        except UnicodeDecodeError:
            pass
        raise BriefingError(
            f"the file is not UTF-8 text.{guess}", file=path, line=line,
            hint="save it as UTF-8 (in Notepad: Save as > Encoding: UTF-8; in VS Code: "
                 "'Reopen with Encoding' CP949, then 'Save with Encoding' UTF-8)") from None


def load_yaml(path: Path) -> Any:
    """Parse one YAML file into LineDict / LineList / scalars."""
    text = read_text(path)
    try:
        _check_limits(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _Limits as e:
        raise BriefingError(str(e), file=path, line=e.line,
                            hint="fix the YAML; this limit protects unattended runs") from None
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        raise BriefingError(f"YAML tag not allowed ({e.problem})", file=path,
                            line=mark.line + 1 if mark else None,
                            hint="remove the '!!python/...' or other custom tag; only plain YAML is read") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = (e.problem or e.context or "invalid YAML").strip()
        raise BriefingError(f"invalid YAML: {problem}", file=path,
                            line=mark.line + 1 if mark else None,
                            hint="check indentation and quote text that contains ':' or '#'") from None
    except yaml.YAMLError as e:
        raise BriefingError(f"invalid YAML: {e}", file=path) from None


def line_of(data: Any, loc: tuple) -> int | None:
    """The line where the value at a schema error location (briefing.knowledge.schema) stands, or its nearest parent."""
    line = getattr(data, "line", None) or None
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
