"""The scoring file: base strength per source kind, adjustments, article aggregation.

Numbers live in ``rules/scoring.yaml`` rather than in code so that a standards
desk can argue about them (and override them from config) without a release.
Adjustments use the same match language as rules, in attribution scope.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from attribution.rules.match import Match, compile_match
from attribution.rules.schema import (
    ADJUSTMENT_KEYS,
    AGGREGATE_KEYS,
    AGGREGATE_METHODS,
    COMMON_KNOWLEDGE_MODES,
    KINDS,
    NAME_PATTERN,
    SCORING_KEYS,
    did_you_mean,
)
from attribution.rules.yamlsrc import Located, load_file


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Points added to an attribution's strength when ``match`` holds."""

    id: str
    points: int
    reason: str
    match: Match


@dataclass(frozen=True, slots=True)
class Scoring:
    """Validated scoring settings."""

    base: Mapping[str, int]
    adjustments: tuple[Adjustment, ...]
    method: str = "mean"
    unsourced: int = 0
    common_knowledge: str = "exclude"
    path: str = ""

    def with_overrides(self, overrides: Mapping[str, Any], *, where: str = "scoring") -> Scoring:
        """Apply a config ``scoring`` table; raises ``ValueError`` naming the bad key.

        Accepted shape: ``{base = {kind = int}, adjustments = {id = int}, unsourced = int,
        common-knowledge = "exclude"|"count"}``. The caller wraps the ValueError into
        a ConfigError with the config file's name.
        """
        base = dict(self.base)
        adjustments = {a.id: a for a in self.adjustments}
        unsourced = self.unsourced
        common = self.common_knowledge
        for key, value in overrides.items():
            if key == "base":
                if not isinstance(value, Mapping):
                    raise ValueError(f"{where}.base must be a table of source kind = strength")
                for kind, points in value.items():
                    if kind not in KINDS:
                        raise ValueError(f"unknown source kind {where}.base.{kind}{did_you_mean(kind, KINDS)}")
                    base[kind] = _strength(points, f"{where}.base.{kind}", 0, 100)
            elif key == "adjustments":
                if not isinstance(value, Mapping):
                    raise ValueError(f"{where}.adjustments must be a table of adjustment id = points")
                for adj_id, points in value.items():
                    if adj_id not in adjustments:
                        raise ValueError(
                            f"unknown adjustment {where}.adjustments.{adj_id}{did_you_mean(adj_id, list(adjustments))}"
                        )
                    adjustments[adj_id] = replace(
                        adjustments[adj_id], points=_strength(points, f"{where}.adjustments.{adj_id}", -100, 100)
                    )
            elif key == "unsourced":
                unsourced = _strength(value, f"{where}.unsourced", 0, 100)
            elif key == "common-knowledge":
                if value not in COMMON_KNOWLEDGE_MODES:
                    raise ValueError(f"{where}.common-knowledge must be one of: {', '.join(COMMON_KNOWLEDGE_MODES)}")
                common = value
            else:
                choices = ["base", "adjustments", "unsourced", "common-knowledge"]
                raise ValueError(f"unknown key {where}.{key}{did_you_mean(key, choices)}")
        return replace(
            self,
            base=base,
            adjustments=tuple(adjustments.values()),
            unsourced=unsourced,
            common_knowledge=common,
        )


def _strength(value: Any, key: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{key} must be an integer from {low} to {high}, not {value!r}")
    return value


def parse_scoring(doc: Located) -> Scoring:
    """Validate a parsed scoring document."""
    raw = doc.value
    if not isinstance(raw, dict):
        raise doc.error((), "the scoring file must hold a mapping with base, adjustments and aggregate")
    _keys(doc, (), raw, SCORING_KEYS)

    base_raw = raw["base"]
    if not isinstance(base_raw, dict):
        raise doc.error(("base",), "'base' must map each source kind to a strength 0-100")
    base: dict[str, int] = {}
    for kind in base_raw:
        if kind not in KINDS:
            raise doc.error(("base", kind), f"unknown source kind {kind!r}{did_you_mean(kind, KINDS)}")
    for kind in KINDS:
        if kind not in base_raw:
            raise doc.error(("base",), f"missing base strength for source kind {kind!r}")
        base[kind] = _checked(doc, ("base", kind), base_raw[kind], 0, 100)

    adj_raw = raw["adjustments"]
    if not isinstance(adj_raw, dict):
        raise doc.error(("adjustments",), "'adjustments' must be a mapping of adjustment id -> {points, reason, match}")
    adjustments = []
    for adj_id, spec in adj_raw.items():
        kp = ("adjustments", adj_id)
        if re.fullmatch(NAME_PATTERN[1:-1], adj_id) is None:
            raise doc.error(kp, f"bad adjustment id {adj_id!r}: expected kebab-case")
        if not isinstance(spec, dict):
            raise doc.error(kp, f"adjustment {adj_id!r} must be a mapping with points, reason and match")
        _keys(doc, kp, spec, ADJUSTMENT_KEYS)
        points = _checked(doc, (*kp, "points"), spec["points"], -100, 100)
        reason = spec["reason"]
        if not isinstance(reason, str) or not reason.strip():
            raise doc.error((*kp, "reason"), "'reason' must be a non-empty string")
        adjustments.append(
            Adjustment(adj_id, points, reason.strip(), compile_match(doc, (*kp, "match"), "attribution"))
        )

    agg = raw["aggregate"]
    if not isinstance(agg, dict):
        raise doc.error(("aggregate",), "'aggregate' must be a mapping")
    _keys(doc, ("aggregate",), agg, AGGREGATE_KEYS)
    if agg["method"] not in AGGREGATE_METHODS:
        raise doc.error(("aggregate", "method"), f"bad method {agg['method']!r}; expected one of: mean")
    if agg["common-knowledge"] not in COMMON_KNOWLEDGE_MODES:
        raise doc.error(
            ("aggregate", "common-knowledge"),
            f"bad value {agg['common-knowledge']!r}; expected one of: {', '.join(COMMON_KNOWLEDGE_MODES)}",
        )
    return Scoring(
        base=base,
        adjustments=tuple(adjustments),
        method=agg["method"],
        unsourced=_checked(doc, ("aggregate", "unsourced"), agg["unsourced"], 0, 100),
        common_knowledge=agg["common-knowledge"],
        path=doc.path,
    )


def _keys(doc: Located, kp: tuple, raw: dict, spec: dict[str, tuple[bool, str]]) -> None:
    for key in raw:
        if key not in spec:
            raise doc.error((*kp, key), f"unknown key {key!r}{did_you_mean(key, list(spec))}")
    for key, (required, _) in spec.items():
        if required and key not in raw:
            raise doc.error(kp, f"missing required key {key!r}")


def _checked(doc: Located, kp: tuple, value: Any, low: int, high: int) -> int:
    try:
        return _strength(value, repr(kp[-1]), low, high)
    except ValueError as exc:
        raise doc.error(kp, str(exc)) from None


def load_scoring(path: str | Path, *, shown: str | None = None) -> Scoring:
    """Load and validate a scoring file."""
    doc = load_file(path)
    if shown is not None:
        doc.path = shown
    return parse_scoring(doc)
