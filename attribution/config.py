"""Project configuration: ``.attribution.toml`` or ``pyproject.toml [tool.attribution]``.

Discovery walks upward from a start folder; in each folder ``.attribution.toml``
wins over ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.attribution]`` table is passed over (ruff's habit). Keys are kebab-case
and spelled the same here, in the docs and in error messages. An unknown key,
a wrong type or a missing rule pack is a :class:`ConfigError` naming the file
and the key; the CLI maps it to exit code 2.

Keys (all optional)::

    extend-rules      = ["house-rules/", "extra/ANO100.yaml"]  # relative to the config file
    severity          = { VAG001 = "info", STY001 = "off" }    # info | warning | error | off
    scoring           = { base = { anonymous = 30 }, adjustments = { direct-quote = 10 },
                          unsourced = 0, common-knowledge = "exclude" }
    select            = ["UNS", "ANO"]     # rule-id prefixes; "ALL" selects everything
    ignore            = ["ANO003"]         # longest matching prefix (select vs ignore) wins
    per-path-ignores  = { "opinion/*.md" = ["ANO002", "VRB"] }
    fail-on           = "error"            # info | warning | error | never
    min-severity      = "info"             # info | warning | error
    fail-under        = 60                 # article score below this fails (0-100)
"""

from __future__ import annotations

import difflib
import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

CONFIG_FILES = (".attribution.toml", "pyproject.toml")
SEVERITY_LEVELS = ("info", "warning", "error")
FAIL_ON_LEVELS = (*SEVERITY_LEVELS, "never")
OFF = "off"

#: key -> what it holds (for messages and `attribution config` style listings)
KEYS: dict[str, str] = {
    "extend-rules": "list of rule files or folders, relative to the config file",
    "severity": "table of rule id -> info|warning|error|off",
    "scoring": "overrides of rules/scoring.yaml: base, adjustments, unsourced, common-knowledge",
    "select": "list of rule-id prefixes to run (default: all)",
    "ignore": "list of rule-id prefixes not to run",
    "per-path-ignores": "table of glob -> list of rule-id prefixes ignored for matching paths",
    "fail-on": "lowest severity that makes `check` exit 1: info|warning|error|never",
    "min-severity": "lowest severity reported: info|warning|error",
    "fail-under": "article score (0-100) under which `check` exits 1",
}


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the file and the key."""

    def __init__(self, path: str | Path | None, key: str | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.key = key
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


@dataclass(frozen=True)
class Config:
    """Validated settings. ``Config()`` is the default (no file)."""

    path: Path | None = None  # the file the settings came from
    extend_rules: tuple[Path, ...] = ()  # absolute paths
    severity: Mapping[str, str] = field(default_factory=dict)
    scoring: Mapping[str, Any] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    min_severity: str = "info"
    fail_under: float | None = None

    @property
    def root(self) -> Path:
        """Folder that relative paths in the config (and per-path-ignores globs) are resolved from."""
        return self.path.parent if self.path else Path.cwd()

    def selected(self, rule_id: str) -> bool:
        """select/ignore by prefix, flake8-style: the longest matching prefix decides.

        With no ``select`` every rule is selected; an ignore prefix as long as a
        select prefix wins (ignoring is the more specific wish).
        """
        best_select = max((len(p) for p in self.select if _prefix(rule_id, p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if _prefix(rule_id, p)), default=-1)
        if best_ignore >= 0 and best_ignore >= best_select:
            return False
        return best_select >= 0 or not self.select

    def enabled(self, rule_id: str) -> bool:
        """Selected and not switched off in the severity table."""
        return self.selected(rule_id) and self.severity.get(rule_id) != OFF

    def ignored_for_path(self, rule_id: str, path: str | Path | None) -> bool:
        """Whether per-path-ignores drops ``rule_id`` findings for ``path``.

        Globs match the path relative to the config folder (POSIX slashes); a glob
        without a slash also matches the bare file name.
        """
        if path is None or not self.per_path_ignores:
            return False
        p = Path(path)
        try:
            rel = p.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            rel = PurePath(p).as_posix()
        for glob, prefixes in self.per_path_ignores.items():
            hit = fnmatch.fnmatch(rel, glob) or ("/" not in glob and fnmatch.fnmatch(p.name, glob))
            if hit and any(_prefix(rule_id, pre) for pre in prefixes):
                return True
        return False


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice (kept here so config never imports the rules package)."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _prefix(rule_id: str, prefix: str) -> bool:
    return prefix == "ALL" or rule_id.startswith(prefix)


# -------------------------------------------------------------- discovery


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (default: the working folder)."""
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        dot = folder / ".attribution.toml"
        if dot.is_file():
            return dot
        py = folder / "pyproject.toml"
        if py.is_file() and _has_tool_table(py):
            return py
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # a broken pyproject that may not be ours: pass over it rather than fail the run
        return False
    return isinstance(data.get("tool"), dict) and "attribution" in data["tool"]


def load_config(path: str | Path | None = None, start: str | Path | None = None, isolated: bool = False) -> Config:
    """Load settings.

    ``path`` names a config file explicitly (``.attribution.toml`` style, or a
    ``pyproject.toml`` whose ``[tool.attribution]`` is read). Without it the
    nearest file at or above ``start`` is used. ``isolated`` ignores every file
    and returns the defaults (``--isolated``).
    """
    if isolated:
        return Config()
    if path is None:
        found = find_config(start)
        if found is None:
            return Config()
        path = found
    p = Path(path)
    if not p.is_file():
        raise ConfigError(p, None, "no such config file")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(p, None, f"cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(p, None, f"invalid TOML: {exc}") from None
    if p.name == "pyproject.toml":
        table = data.get("tool", {}).get("attribution", {}) if isinstance(data.get("tool"), dict) else {}
        prefix = "tool.attribution."
    else:
        table = data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(p, "tool.attribution", "[tool.attribution] must be a table")
    return parse_config(table, p, prefix=prefix)


def parse_config(table: Mapping[str, Any], path: Path, *, prefix: str = "") -> Config:
    """Validate a config table read from ``path`` (keys shown with ``prefix``)."""
    for key in table:
        if key == "tool" and not prefix:
            raise ConfigError(
                path, key, f"unknown key 'tool': {path.name} holds the settings at top level, not in [tool.attribution]"
            )
        if key not in KEYS:
            raise ConfigError(path, prefix + key, f"unknown key {prefix + key!r}{did_you_mean(key, list(KEYS))}")

    def err(key: str, problem: str) -> ConfigError:
        return ConfigError(path, prefix + key, f"{prefix + key}: {problem}")

    def str_list(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise err(key, "must be a list of non-empty strings")
        return tuple(value)

    extend = []
    for item in str_list("extend-rules"):
        target = (path.parent / item).resolve()
        if not target.exists():
            raise err("extend-rules", f"rule pack {item!r} not found (looked for {target})")
        extend.append(target)

    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise err("severity", "must be a table of rule id = level")
    for rule_id, level in severity.items():
        if level not in (*SEVERITY_LEVELS, OFF):
            raise err(f"severity.{rule_id}", f"bad level {level!r}; expected info, warning, error or off")

    scoring = table.get("scoring", {})
    if not isinstance(scoring, dict):
        raise err("scoring", "must be a table (base, adjustments, unsourced, common-knowledge)")

    ppi_raw = table.get("per-path-ignores", {})
    if not isinstance(ppi_raw, dict):
        raise err("per-path-ignores", "must be a table of glob = [rule prefixes]")
    per_path: dict[str, tuple[str, ...]] = {}
    for glob, prefixes in ppi_raw.items():
        if not isinstance(prefixes, list) or not all(isinstance(v, str) and v for v in prefixes):
            raise err(f"per-path-ignores.{glob}", "must be a list of rule-id prefixes")
        per_path[glob] = tuple(prefixes)

    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON_LEVELS:
        raise err("fail-on", f"bad level {fail_on!r}; expected one of: {', '.join(FAIL_ON_LEVELS)}")
    min_severity = table.get("min-severity", "info")
    if min_severity not in SEVERITY_LEVELS:
        raise err("min-severity", f"bad level {min_severity!r}; expected one of: {', '.join(SEVERITY_LEVELS)}")
    fail_under = table.get("fail-under")
    if fail_under is not None and (
        not isinstance(fail_under, int | float) or isinstance(fail_under, bool) or not 0 <= fail_under <= 100
    ):
        raise err("fail-under", f"must be a number from 0 to 100, not {fail_under!r}")

    return Config(
        path=path.resolve(),
        extend_rules=tuple(extend),
        severity=dict(severity),
        scoring=dict(scoring),
        select=str_list("select"),
        ignore=str_list("ignore"),
        per_path_ignores=per_path,
        fail_on=fail_on,
        min_severity=min_severity,
        fail_under=fail_under,
    )
