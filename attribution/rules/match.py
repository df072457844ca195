"""The declarative matcher: a rule's ``match`` mapping, checked and compiled.

A match is a mapping of *field* -> *condition*; every entry must hold (AND).
A condition is a scalar (equality), a list (membership) or a mapping of
operators (``eq ne in not_in gt ge lt le matches``), all of which must hold.
Two reserved keys combine sub-matches: ``any`` (a list of match mappings, at
least one holds) and ``not`` (a match mapping that must not hold).

The matcher never sees data-model objects: the engine flattens each
attribution, claim and article into a dict of *facts* keyed by field name, so
that what a rule can read is exactly the documented field list and nothing
else (spaCy's "patterns are data" habit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from attribution.rules.schema import (
    COMBINATORS,
    FIELDS,
    OPERATORS,
    Field,
    compile_regex,
    did_you_mean,
)
from attribution.rules.yamlsrc import KeyPath, Located

#: spellings from other query languages, for a precise "did you mean"
_OP_ALIASES = {
    "gte": "ge",
    "lte": "le",
    "neq": "ne",
    "nin": "not_in",
    "not-in": "not_in",
    "regex": "matches",
    "match": "matches",
    "equals": "eq",
}


@dataclass(frozen=True, slots=True)
class Test:
    """One comparison of one field."""

    field: str
    op: str
    value: Any

    def holds(self, facts: Mapping[str, Any]) -> bool:
        fact = facts.get(self.field)
        op = self.op
        if op == "eq":
            return _same(fact, self.value)
        if op == "ne":
            return not _same(fact, self.value)
        if op == "in":
            return any(_same(fact, v) for v in self.value)
        if op == "not_in":
            return not any(_same(fact, v) for v in self.value)
        if op == "matches":
            return isinstance(fact, str) and self.value.search(fact) is not None
        if not isinstance(fact, int | float) or isinstance(fact, bool):
            return False  # null or non-numeric never compares
        if op == "gt":
            return fact > self.value
        if op == "ge":
            return fact >= self.value
        if op == "lt":
            return fact < self.value
        return fact <= self.value  # "le"


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps ``True`` apart from ``1`` (YAML authors mean different things)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


@dataclass(frozen=True, slots=True)
class Match:
    """A compiled match mapping."""

    tests: tuple[Test, ...] = ()
    any_of: tuple[Match, ...] = ()
    none_of: Match | None = None

    def holds(self, facts: Mapping[str, Any]) -> bool:
        if not all(t.holds(facts) for t in self.tests):
            return False
        if self.any_of and not any(m.holds(facts) for m in self.any_of):
            return False
        return not (self.none_of is not None and self.none_of.holds(facts))

    def fields(self) -> set[str]:
        """Every field this match reads (used to pick message placeholders)."""
        out = {t.field for t in self.tests}
        for m in self.any_of:
            out |= m.fields()
        if self.none_of is not None:
            out |= self.none_of.fields()
        return out


# ------------------------------------------------------------- compiling


def compile_match(doc: Located, keypath: KeyPath, scope: str) -> Match:
    """Validate and compile the match mapping found at ``keypath`` in ``doc``."""
    raw = _at(doc.value, keypath)
    if not isinstance(raw, dict):
        raise doc.error(keypath, f"{_key(keypath)!r} must be a mapping of field: condition, not {_typename(raw)}")
    if not raw:
        raise doc.error(keypath, f"{_key(keypath)!r} is empty; give at least one condition")
    tests: list[Test] = []
    any_of: tuple[Match, ...] = ()
    none_of: Match | None = None
    for key, cond in raw.items():
        kp = (*keypath, key)
        if key == "any":
            if not isinstance(cond, list) or not cond:
                raise doc.error(kp, "'any' must be a non-empty list of match mappings")
            any_of = tuple(compile_match(doc, (*kp, i), scope) for i in range(len(cond)))
            continue
        if key == "not":
            none_of = compile_match(doc, kp, scope)
            continue
        field = FIELDS.get(key)
        if field is None:
            choices = [*FIELDS, *COMBINATORS]
            raise doc.error(kp, f"unknown match field {key!r}{did_you_mean(key, choices)}")
        if scope not in field.scopes:
            raise doc.error(
                kp, f"match field {key!r} is not available in scope {scope!r} (it is for: {', '.join(field.scopes)})"
            )
        tests.extend(_compile_condition(doc, kp, field, cond))
    return Match(tuple(tests), any_of, none_of)


def _compile_condition(doc: Located, kp: KeyPath, field: Field, cond: Any) -> list[Test]:
    if isinstance(cond, list):
        return [_compile_op(doc, kp, field, "in", cond)]
    if isinstance(cond, dict):
        if not cond:
            raise doc.error(kp, f"condition for {field.name!r} is an empty mapping")
        out = []
        for op, value in cond.items():
            if op not in OPERATORS:
                hint = (
                    f" (did you mean {_OP_ALIASES[op]!r}?)" if op in _OP_ALIASES else did_you_mean(op, list(OPERATORS))
                )
                raise doc.error((*kp, op), f"unknown operator {op!r}{hint}")
            out.append(_compile_op(doc, (*kp, op), field, op, value))
        return out
    return [_compile_op(doc, kp, field, "eq", cond)]


def _compile_op(doc: Located, kp: KeyPath, field: Field, op: str, value: Any) -> Test:
    if field.type not in OPERATORS[op]:
        raise doc.error(kp, f"operator {op!r} does not apply to {field.type} field {field.name!r}")
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise doc.error(kp, f"{op!r} on {field.name!r} needs a non-empty list, not {_typename(value)}")
        for i, item in enumerate(value):
            _check_scalar(doc, (*kp, i), field, item)
        return Test(field.name, op, tuple(value))
    if op in ("gt", "ge", "lt", "le"):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise doc.error(kp, f"{op!r} on {field.name!r} needs a number, not {_typename(value)}")
        return Test(field.name, op, value)
    if op == "matches":
        if not isinstance(value, str) or not value:
            raise doc.error(kp, f"'matches' on {field.name!r} needs a regular expression string")
        try:
            return Test(field.name, op, compile_regex(value))
        except re.error as exc:
            raise doc.error(kp, f"invalid regular expression for {field.name!r}: {exc}") from None
    _check_scalar(doc, kp, field, value)
    return Test(field.name, op, value)


def _check_scalar(doc: Located, kp: KeyPath, field: Field, value: Any) -> None:
    if value is None:
        return
    t = field.type
    ok = (
        (t == "bool" and isinstance(value, bool))
        or (t == "int" and isinstance(value, int) and not isinstance(value, bool))
        or (t == "number" and isinstance(value, int | float) and not isinstance(value, bool))
        or (t == "str" and isinstance(value, str))
        or (t == "enum" and value in field.choices)
    )
    if ok:
        return
    if t == "object":
        hint = f"; test a sub-field such as '{field.name}.kind'" if field.name == "source" else ""
        raise doc.error(kp, f"{field.name!r} can only be tested for null{hint}")
    if t == "enum":
        hint = did_you_mean(str(value), list(field.choices)) if isinstance(value, str) else ""
        raise doc.error(
            kp, f"bad value {value!r} for {field.name!r}{hint}; expected one of: {', '.join(field.choices)}, null"
        )
    expected = {"bool": "true/false", "int": "an integer", "number": "a number", "str": "a string"}[t]
    raise doc.error(kp, f"bad value {value!r} for {field.name!r}: expected {expected} or null")


def _at(value: Any, keypath: KeyPath) -> Any:
    for part in keypath:
        value = value[part]
    return value


def _key(keypath: KeyPath) -> str:
    for part in reversed(keypath):
        if isinstance(part, str):
            return part
    return "match"


def _typename(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
