"""Rules as validated data: loading, scoring and evaluating rule files.

Public entry points::

    from attribution.rules import load_ruleset
    ruleset = load_ruleset(config)          # config: attribution.config.Config or None
    evaluation = ruleset.evaluate(text, extraction, path="story.txt")

Rule files live in the top-level ``rules/`` folder (package data
``attribution.builtin_rules``); ``rules/README.md`` documents the format.
"""

from __future__ import annotations

from attribution.rules.engine import Evaluation, RuleSet, load_ruleset
from attribution.rules.loader import (
    Rule,
    as_dict,
    builtin_rules_dir,
    load_builtin_rules,
    load_rule_file,
    load_rules,
    validate_paths,
)
from attribution.rules.schema import RuleError, json_schema
from attribution.rules.scoring import Scoring, load_scoring

__all__ = [
    "Evaluation",
    "Rule",
    "RuleError",
    "RuleSet",
    "Scoring",
    "as_dict",
    "builtin_rules_dir",
    "json_schema",
    "load_builtin_rules",
    "load_rule_file",
    "load_rules",
    "load_ruleset",
    "load_scoring",
    "validate_paths",
]
