"""House policy for ``attribution check``: what runs, what is shown, what fails.

Settings come from the project config (:mod:`attribution.config`, discovered
per file) and the command line; a command-line value replaces the config's
(ruff's habit), except ``per-path-ignores`` which only config can give.

``select``/``ignore`` are rule-id prefixes and the longest matching prefix
wins (flake8); the decision itself is :meth:`attribution.config.Config.selected`
so ``check`` and the rule engine can never disagree about it. The ``SUP``
rules belong to ``check`` (suppression bookkeeping), not to the rule engine, so
their ids are kept out of the config handed to the engine (which rejects ids it
does not know) and decided here.

Severities are ordered (info < warning < error): ``min-severity`` hides
findings below it, ``fail-on`` is the lowest severity that fails the run
(``never`` to only report), ``fail-under`` fails an article whose score is
below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from attribution.check.suppress import SUPPRESSION_RULES
from attribution.config import OFF, Config
from attribution.model import Finding, Severity

FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("info", "warning", "error")

#: the summary key that holds the 0-100 article score (see attribution.rules.engine)
SCORE_KEY = "score"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_PROCESSING = 3


def _check_only(prefix: str) -> bool:
    """A prefix that can only name check's own SUP rules."""
    return prefix.startswith("SUP")


@dataclass(frozen=True)
class Overrides:
    """Command-line values; ``None`` leaves the config's value in force."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    min_severity: str | None = None
    fail_under: float | None = None


@dataclass(frozen=True)
class Policy:
    """The effective settings for the files under one config."""

    config: Config  # with command-line select/ignore folded in
    fail_on: str = "error"
    min_severity: str = "info"
    fail_under: float | None = None

    @classmethod
    def build(cls, config: Config, overrides: Overrides = Overrides()) -> Policy:
        select = config.select if overrides.select is None else overrides.select
        ignore = (config.ignore if overrides.ignore is None else overrides.ignore) + overrides.extend_ignore
        return cls(
            config=replace(config, select=tuple(select), ignore=tuple(ignore)),
            fail_on=overrides.fail_on or config.fail_on,
            min_severity=overrides.min_severity or config.min_severity,
            fail_under=overrides.fail_under if overrides.fail_under is not None else config.fail_under,
        )

    # ------------------------------------------------------------- engine

    def engine_config(self) -> Config:
        """The config for :func:`attribution.rules.load_ruleset`, without check's own SUP ids.

        When ``select`` names only SUP rules, every engine rule is switched off
        (``select = ignore = ["ALL"]``: an ignore as long as the select wins).
        """
        cfg = self.config
        select = tuple(p for p in cfg.select if not _check_only(p))
        ignore = tuple(p for p in cfg.ignore if not _check_only(p))
        if cfg.select and not select:
            select, ignore = ("ALL",), ("ALL",)
        severity = {k: v for k, v in cfg.severity.items() if not _check_only(k)}
        per_path = {g: tuple(p for p in ps if not _check_only(p)) for g, ps in cfg.per_path_ignores.items()}
        per_path = {g: ps for g, ps in per_path.items() if ps}
        return replace(cfg, select=select, ignore=ignore, severity=severity, per_path_ignores=per_path)

    # --------------------------------------------------------- decisions

    def enabled(self, rule_id: str) -> bool:
        """Whether a rule (or a suppression's id prefix, ``""`` for all) runs under this policy."""
        if rule_id == "":
            return True
        return self.config.enabled(rule_id)

    def check_rule_severity(self, rule_id: str) -> Severity:
        """Severity of a SUP rule after a config ``severity`` override."""
        level = self.config.severity.get(rule_id)
        return Severity(level) if level in SEVERITIES else SUPPRESSION_RULES[rule_id][1]

    def shown(self, finding: Finding, path: str | Path | None) -> bool:
        """Whether a finding is reported at all: enabled, not ignored for the path, at or above min-severity."""
        if finding.rule in SUPPRESSION_RULES:
            if not self.enabled(finding.rule) or self.config.severity.get(finding.rule) == OFF:
                return False
        if self.config.ignored_for_path(finding.rule, path):
            return False
        return finding.severity.rank >= Severity(self.min_severity).rank

    def failing(self, findings: Iterable[Finding]) -> list[Finding]:
        """Unsuppressed findings at or above ``fail-on``."""
        if self.fail_on == "never":
            return []
        level = Severity(self.fail_on).rank
        return [f for f in findings if not f.suppressed and f.severity.rank >= level]

    def score_fails(self, summary: Mapping) -> float | None:
        """The article score when it is below ``fail-under`` (else ``None``); no score never fails."""
        if self.fail_under is None:
            return None
        score = summary.get(SCORE_KEY)
        if isinstance(score, int | float) and not isinstance(score, bool) and score < self.fail_under:
            return float(score)
        return None


def exit_code(*, failed: bool, processing_error: bool, exit_zero: bool = False) -> int:
    """0 clean; 1 findings or a score under fail-under (0 with ``--exit-zero``); 3 a file failed (never hidden)."""
    if processing_error:
        return EXIT_PROCESSING
    if failed and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_PROCESSING",
    "EXIT_USAGE",
    "FAIL_ON",
    "SCORE_KEY",
    "Overrides",
    "Policy",
    "exit_code",
]
