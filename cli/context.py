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
    """The parser, and a check that the learned cue pass's weight file (read by every
    extraction that follows a parse) is sound, so that a damaged install fails here with a
    message instead of a traceback in the middle of a batch."""
    from attribution.extract.learned import load_model
    from attribution.nlp import ModelError, load_parser

    try:
        parser = load_parser(model)
    except ModelError as exc:
        raise Fail(str(exc), EXIT_PROCESSING) from exc
    try:
        load_model()
    except ValueError as exc:
        raise Fail(
            f"{exc}; reinstall the package, or retrain it with `python -m training.cue_detector`", EXIT_PROCESSING
        ) from exc
    return parser


def parser_factory(model: str | None) -> Callable:
    return lambda: load_parser_or_fail(model)
