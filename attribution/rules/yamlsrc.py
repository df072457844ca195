"""YAML with line numbers.

``yaml.safe_load`` forgets where a value came from, and it silently keeps the
last of two duplicate keys. Rule authors need ``file:line: key`` in every
error, so we compose the node graph ourselves, build plain Python values from
it, and remember the 1-based line of every mapping key and list item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from attribution.rules.schema import RuleError

#: a location inside the document: mapping keys and list indices from the root
KeyPath = tuple[str | int, ...]


class Located:
    """A parsed YAML document plus the line of each key path in it."""

    def __init__(self, value: Any, lines: dict[KeyPath, int], path: str) -> None:
        self.value = value
        self.lines = lines
        self.path = path

    def line(self, keypath: KeyPath) -> int | None:
        """Line of ``keypath``, or of its nearest ancestor that has one."""
        kp = tuple(keypath)
        while kp:
            if kp in self.lines:
                return self.lines[kp]
            kp = kp[:-1]
        return self.lines.get((), 1)

    def error(self, keypath: KeyPath, problem: str) -> RuleError:
        return RuleError(self.path, self.line(keypath), dotted(keypath), problem)


def dotted(keypath: KeyPath) -> str:
    """``('match', 'any', 0, 'source.kind')`` -> ``match.any[0].source.kind``."""
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: str | Path) -> str:
    """The path as a user should see it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def load_located(text: str, path: str) -> Located:
    """Parse one YAML document, keeping lines; a syntax error becomes a RuleError."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise RuleError(path, line, None, f"invalid YAML: {exc.problem or exc}") from None
        except yaml.YAMLError as exc:
            raise RuleError(path, None, None, f"invalid YAML: {exc}") from None
        lines: dict[KeyPath, int] = {}
        if node is None:
            return Located(None, lines, path)
        lines[()] = node.start_mark.line + 1

        def build(n: yaml.Node, kp: KeyPath) -> Any:
            if isinstance(n, yaml.MappingNode):
                out: dict[str, Any] = {}
                for key_node, value_node in n.value:
                    key = loader.construct_object(key_node, deep=True)
                    if not isinstance(key, str):
                        raise RuleError(path, key_node.start_mark.line + 1, str(key), f"key {key!r} is not a string")
                    if key in out:
                        raise RuleError(
                            path, key_node.start_mark.line + 1, dotted((*kp, key)), f"duplicate key {key!r}"
                        )
                    lines[(*kp, key)] = key_node.start_mark.line + 1
                    out[key] = build(value_node, (*kp, key))
                return out
            if isinstance(n, yaml.SequenceNode):
                items = []
                for i, item in enumerate(n.value):
                    lines[(*kp, i)] = item.start_mark.line + 1
                    items.append(build(item, (*kp, i)))
                return items
            try:
                return loader.construct_object(n, deep=True)
            except yaml.YAMLError as exc:
                raise RuleError(path, n.start_mark.line + 1, dotted(kp), f"invalid YAML value: {exc}") from None

        return Located(build(node, ()), lines, path)
    finally:
        loader.dispose()


def load_file(path: str | Path) -> Located:
    """Read and parse a YAML file; unreadable files are RuleErrors too."""
    shown = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(shown, None, None, f"cannot read rule file: {exc}") from None
    return load_located(text, shown)
