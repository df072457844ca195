"""Loading what commands need, with failures turned into exit codes.

Rule and config errors are the user's to fix in a file (exit 2); a model that
cannot be loaded is a processing failure (exit 3).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from attribution.cli.common import EXIT_PROCESSING, EXIT_USAGE, Fail


def load_config_or_fail(config_path: str | None, isolated: bool, start: Path | None = None):
    from attribution.config import ConfigError, load_config

    try:
        return load_config(Path(config_path) if config_path else None, start=start or Path.cwd(), isolated=isolated)
    except ConfigError as exc:
        raise Fail(str(exc), EXIT_USAGE) from exc


def load_rules_or_fail(config_path: str | None = None, isolated: bool = False, start: Path | None = None):
    from attribution.config import ConfigError
    from attribution.rules import RuleError, load_ruleset

    config = load_config_or_fail(config_path, isolated, start)
    try:
        return load_ruleset(config)
    except (RuleError, ConfigError) as exc:
        raise Fail(str(exc), EXIT_USAGE) from exc


def load_parser_or_fail(model: str | None):
    from attribution.nlp import ModelError, load_parser

    try:
        return load_parser(model)
    except ModelError as exc:
        raise Fail(str(exc), EXIT_PROCESSING) from exc


def parser_factory(model: str | None) -> Callable:
    return lambda: load_parser_or_fail(model)
