"""Loading rule files and the scoring file, with errors that say file:line: key.

One rule per YAML file (Vale's habit): a rule pack is a folder of ``*.yaml`` /
``*.yml`` files, and ``scoring.yaml`` in a folder is the scoring file, not a
rule. The shipped pack lives in the repository's top-level ``rules/`` folder
and is installed as package data ``attribution.builtin_rules``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from attribution.model import Severity
from attribution.rules.match import Match, compile_match
from attribution.rules.schema import (
    DEFAULT_SPAN,
    ID_PATTERN,
    NAME_PATTERN,
    RULE_KEYS,
    SCOPE_SPANS,
    SCOPES,
    SEVERITIES,
    RuleError,
    did_you_mean,
)
from attribution.rules.yamlsrc import KeyPath, Located, display_path, load_file

SCORING_FILE = "scoring.yaml"

#: message placeholders each scope fills (see rules/README.md)
_ARTICLE_PLACEHOLDERS = (
    "claims",
    "attributions",
    "sources",
    "named_sources",
    "score",
    "share",
    "anonymous_share",
    "vague_share",
    "unsourced_share",
    "named_share",
)
_ATTRIBUTION_PLACEHOLDERS = (
    "source",
    "kind",
    "cue",
    "lemma",
    "category",
    "form",
    "name",
    "role",
    "affiliation",
    "count",
    "reason",
    "peers",
    "content",
    "claim",
)
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "attribution": _ATTRIBUTION_PLACEHOLDERS + _ARTICLE_PLACEHOLDERS,
    "claim": _ATTRIBUTION_PLACEHOLDERS + _ARTICLE_PLACEHOLDERS,
    "article": _ARTICLE_PLACEHOLDERS,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule file."""

    id: str
    name: str
    severity: Severity
    scope: str
    message: str
    rationale: str
    match: Match
    fail_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    strength: int | None = None
    span: str = "source"
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
    path: str = ""  # where it was loaded from, as shown in messages
    line: int = 1

    @property
    def builtin(self) -> bool:
        return self.path.startswith("<builtin>")

    def describe(self) -> str:
        """What ``attribution explain RULE`` prints: ruff's 'what, why, example' page."""
        lines = [f"{self.id} {self.name} ({self.severity.value}, {self.scope} scope)", "", self.rationale.strip(), ""]
        if self.strength:
            lines += [f"Strength effect: {self.strength:+d} on the attribution.", ""]
        lines.append("Fires on:")
        lines += [f"  - {t.strip()}" for t in self.fail_examples]
        lines.append("Does not fire on:")
        lines += [f"  - {t.strip()}" for t in self.pass_examples]
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ rules


def parse_rule(doc: Located) -> Rule:
    """Validate one parsed rule document and build the :class:`Rule`."""
    raw = doc.value
    if not isinstance(raw, dict):
        raise doc.error((), "a rule file must hold one mapping (id, name, severity, ...)")
    for key in raw:
        if key not in RULE_KEYS:
            raise doc.error((key,), f"unknown key {key!r}{did_you_mean(key, list(RULE_KEYS))}")
    for key, (required, _) in RULE_KEYS.items():
        if required and key not in raw:
            raise RuleError(doc.path, doc.line(()), key, f"missing required key {key!r}")

    def text(key: str) -> str:
        value = raw[key]
        if not isinstance(value, str) or not value.strip():
            raise doc.error((key,), f"{key!r} must be a non-empty string")
        return value

    rule_id = text("id")
    if not _fullmatch(ID_PATTERN, rule_id):
        raise doc.error(("id",), f"bad id {rule_id!r}: expected 2-5 capital letters and 3 digits, e.g. ANO001")
    name = text("name")
    if not _fullmatch(NAME_PATTERN, name):
        raise doc.error(("name",), f"bad name {name!r}: expected kebab-case, e.g. anonymous-without-reason")
    severity = text("severity")
    if severity not in SEVERITIES:
        raise doc.error(
            ("severity",),
            f"bad severity {severity!r}{did_you_mean(severity, SEVERITIES)}; expected one of: {', '.join(SEVERITIES)}",
        )
    scope = text("scope")
    if scope not in SCOPES:
        raise doc.error(
            ("scope",), f"bad scope {scope!r}{did_you_mean(scope, SCOPES)}; expected one of: {', '.join(SCOPES)}"
        )
    message = text("message")
    _check_placeholders(doc, ("message",), message, PLACEHOLDERS[scope])
    rationale = text("rationale")
    match = compile_match(doc, ("match",), scope)

    strength = raw.get("strength")
    if strength is not None:
        if not isinstance(strength, int) or isinstance(strength, bool) or not -100 <= strength <= 100:
            raise doc.error(("strength",), f"'strength' must be an integer from -100 to 100, not {strength!r}")
        if scope == "article":
            raise doc.error(("strength",), "'strength' applies to attributions; an article-scope rule cannot have it")
    span = raw.get("span", DEFAULT_SPAN[scope])
    if span not in SCOPE_SPANS[scope]:
        raise doc.error(
            ("span",), f"bad span {span!r} for scope {scope!r}; expected one of: {', '.join(SCOPE_SPANS[scope])}"
        )
    metadata = raw.get("metadata", {})
    if not isinstance(metadata, dict):
        raise doc.error(("metadata",), "'metadata' must be a mapping")
    _check_json(doc, ("metadata",), metadata)
    fail, passing = _examples(doc)
    return Rule(
        id=rule_id,
        name=name,
        severity=Severity(severity),
        scope=scope,
        message=message.strip(),
        rationale=rationale,
        match=match,
        fail_examples=fail,
        pass_examples=passing,
        strength=strength,
        span=span,
        metadata=metadata,
        path=doc.path,
        line=doc.line(("id",)) or 1,
    )


def _examples(doc: Located) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = doc.value["examples"]
    if not isinstance(raw, dict):
        raise doc.error(("examples",), "'examples' must be a mapping with 'fail' and 'pass' lists")
    for key in raw:
        if key not in ("fail", "pass"):
            raise doc.error(("examples", key), f"unknown key {key!r} in examples{did_you_mean(key, ['fail', 'pass'])}")
    out = []
    for key in ("fail", "pass"):
        if key not in raw:
            raise doc.error(("examples",), f"missing required key 'examples.{key}'")
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise doc.error(("examples", key), f"'examples.{key}' must be a non-empty list of texts")
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise doc.error(("examples", key, i), f"'examples.{key}[{i}]' must be a non-empty string")
        out.append(tuple(items))
    return out[0], out[1]


def _check_placeholders(doc: Located, kp: KeyPath, message: str, allowed: tuple[str, ...]) -> None:
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as exc:
        raise doc.error(kp, f"bad message template: {exc} (write {{{{ and }}}} for literal braces)") from None
    for _, name, _, _ in parsed:
        if name is None:
            continue
        root = name.split(".")[0].split("[")[0]
        if root not in allowed:
            raise doc.error(kp, f"unknown placeholder {{{name}}} in message{did_you_mean(root, allowed)}")


def _check_json(doc: Located, kp: KeyPath, value: Any) -> None:
    """Metadata goes straight into JSON, SARIF and HTML output: only JSON types are allowed.

    YAML would otherwise hand over dates (``added: 2024-05-01``) that the JSON writer cannot encode.
    """
    if value is None or isinstance(value, str | bool | int | float):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json(doc, (*kp, i), item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check_json(doc, (*kp, key), item)
        return
    raise doc.error(
        kp, f"metadata value {value!r} is a {type(value).__name__}; quote it to keep it as text (output is JSON)"
    )


def _fullmatch(pattern: str, value: str) -> bool:
    """Anchored match without ``$``'s allowance for a trailing newline."""
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value) is not None


def load_rule_file(path: str | Path, *, shown: str | None = None) -> Rule:
    """Load and validate one rule file."""
    doc = load_file(path)
    if shown is not None:
        doc.path = shown
    return parse_rule(doc)


def rule_files(location: str | Path) -> list[Path]:
    """Rule files at ``location``: the file itself, or a folder's ``*.yaml``/``*.yml`` except scoring.yaml."""
    p = Path(location)
    if p.is_dir():
        return sorted(
            f for f in p.iterdir() if f.is_file() and f.suffix in (".yaml", ".yml") and f.name != SCORING_FILE
        )
    if p.is_file():
        return [p]
    raise RuleError(display_path(p), None, None, "no such rule file or folder")


def load_rules(locations: Iterable[str | Path], *, existing: Iterable[Rule] = ()) -> tuple[Rule, ...]:
    """Load every rule at ``locations``; a duplicate id (also against ``existing``) is an error."""
    seen: dict[str, Rule] = {r.id: r for r in existing}
    names: dict[str, Rule] = {r.name: r for r in existing}
    out: list[Rule] = []
    for loc in locations:
        for f in rule_files(loc):
            rule = load_rule_file(f)
            _check_unique(rule, seen, names)
            out.append(rule)
    return tuple(out)


def _check_unique(rule: Rule, seen: dict[str, Rule], names: dict[str, Rule]) -> None:
    if rule.id in seen:
        first = seen[rule.id]
        raise RuleError(
            rule.path, rule.line, "id", f"duplicate rule id {rule.id!r} (also in {first.path}:{first.line})"
        )
    if rule.name in names:
        first = names[rule.name]
        raise RuleError(
            rule.path, rule.line, "name", f"duplicate rule name {rule.name!r} (also {first.id} in {first.path})"
        )
    seen[rule.id] = rule
    names[rule.name] = rule


# --------------------------------------------------------------- builtins


def builtin_rules_dir() -> Path:
    """Folder of the shipped rules: package data when installed, ``rules/`` in a source checkout."""
    try:
        base = resources.files("attribution.builtin_rules")
        path = Path(str(base))
        if (path / SCORING_FILE).is_file():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if (checkout / SCORING_FILE).is_file():
        return checkout
    raise RuleError(None, None, None, "the built-in rules are missing (attribution.builtin_rules is not installed)")


def load_builtin_rules() -> tuple[Rule, ...]:
    """The shipped rule pack; paths show as ``<builtin>/name.yaml``."""
    folder = builtin_rules_dir()
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    out = []
    for f in rule_files(folder):
        rule = load_rule_file(f, shown=f"<builtin>/{f.name}")
        _check_unique(rule, seen, names)
        out.append(rule)
    return tuple(out)


def validate_paths(locations: Iterable[str | Path]) -> list[RuleError]:
    """Check rule files without stopping at the first bad one (for ``attribution rules validate``).

    ``scoring.yaml`` files met inside a folder are validated as scoring files.
    """
    from attribution.rules.scoring import load_scoring

    errors: list[RuleError] = []
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for loc in locations:
        p = Path(loc)
        try:
            files = rule_files(p)
        except RuleError as exc:
            errors.append(exc)
            continue
        if p.is_dir() and (p / SCORING_FILE).is_file():
            try:
                load_scoring(p / SCORING_FILE)
            except RuleError as exc:
                errors.append(exc)
        for f in files:
            try:
                if f.name == SCORING_FILE:
                    load_scoring(f)
                    continue
                rule = load_rule_file(f)
                _check_unique(rule, seen, names)
            except RuleError as exc:
                errors.append(exc)
    return errors


def as_dict(rule: Rule) -> dict[str, Any]:
    """A JSON-friendly description of a rule (for ``rules list/show --format json``)."""
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "scope": rule.scope,
        "message": rule.message,
        "rationale": rule.rationale.strip(),
        "strength": rule.strength,
        "metadata": rule.metadata,
        "examples": {"fail": list(rule.fail_examples), "pass": list(rule.pass_examples)},
        "path": rule.path,
    }
