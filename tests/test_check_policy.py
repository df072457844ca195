"""Policy for `check`: prefix select/ignore, min-severity, fail-on, fail-under and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.check.policy import Overrides, Policy, exit_code
from attribution.config import Config
from attribution.model import Finding, Severity, Span


def f(rule: str, severity: str = "warning", suppressed: bool = False) -> Finding:
    return Finding(rule, Severity(severity), "m", Span(0, 1, "x"), 1, 1, suppressed=suppressed)


@pytest.mark.parametrize(
    ("select", "ignore", "rule", "expected"),
    [
        ((), (), "UNS001", True),  # nothing selected: everything runs
        (("UNS",), (), "UNS001", True),
        (("UNS",), (), "ANO001", False),
        (("UNS",), ("UNS001",), "UNS001", False),  # longer ignore wins
        (("UNS001",), ("UNS",), "UNS001", True),  # longer select wins
        (("UNS",), ("UNS",), "UNS001", False),  # a tie goes to ignore
        (("ALL",), ("VAG",), "VAG002", False),
        (("ALL",), ("VAG",), "ANO001", True),
        ((), ("SUP",), "SUP001", False),
    ],
)
def test_longest_prefix_wins(select, ignore, rule, expected):
    policy = Policy.build(Config(), Overrides(select=select, ignore=ignore))
    assert policy.enabled(rule) is expected


def test_command_line_replaces_config():
    cfg = Config(select=("UNS",), ignore=("UNS002",), fail_on="warning", min_severity="warning", fail_under=50)
    policy = Policy.build(cfg, Overrides(select=("ANO",), fail_on="never", fail_under=70))
    assert policy.enabled("ANO001") and not policy.enabled("UNS001")
    assert policy.config.ignore == ("UNS002",)  # not given on the command line: the config's stays
    assert policy.fail_on == "never" and policy.min_severity == "warning" and policy.fail_under == 70
    assert Policy.build(cfg).fail_under == 50


def test_engine_config_keeps_sup_ids_away_from_the_engine():
    cfg = Config(select=("UNS", "SUP"), ignore=("SUP002",), severity={"SUP001": "error", "VAG001": "info"},
                 per_path_ignores={"op/*.md": ("SUP", "ANO")})
    engine = Policy.build(cfg).engine_config()
    assert engine.select == ("UNS",) and engine.ignore == ()
    assert engine.severity == {"VAG001": "info"}
    assert engine.per_path_ignores == {"op/*.md": ("ANO",)}
    only_sup = Policy.build(Config(), Overrides(select=("SUP",))).engine_config()
    assert not only_sup.enabled("UNS001") and not only_sup.enabled("ANO001")


def test_sup_severity_override_and_off():
    policy = Policy.build(Config(severity={"SUP001": "error"}))
    assert policy.check_rule_severity("SUP001") is Severity.ERROR
    assert policy.check_rule_severity("SUP002") is Severity.WARNING
    off = Policy.build(Config(severity={"SUP001": "off"}))
    assert not off.shown(f("SUP001"), "a.md")


def test_min_severity_and_per_path_ignores(tmp_path: Path):
    cfg = Config(
        path=tmp_path / ".attribution.toml", per_path_ignores={"opinion/*.md": ("ANO",)}, min_severity="warning"
    )
    policy = Policy.build(cfg)
    assert not policy.shown(f("VRB001", "info"), tmp_path / "news/a.md")
    assert policy.shown(f("VAG001", "warning"), tmp_path / "news/a.md")
    assert not policy.shown(f("ANO001", "error"), tmp_path / "opinion/col.md")
    assert policy.shown(f("ANO001", "error"), tmp_path / "news/col.md")
    assert Policy.build(cfg, Overrides(min_severity="error")).shown(f("VAG001"), "x") is False


@pytest.mark.parametrize(
    ("fail_on", "severities", "failing"),
    [
        ("error", ["warning", "info"], 0),
        ("error", ["error", "warning"], 1),
        ("warning", ["error", "warning", "info"], 2),
        ("info", ["info"], 1),
        ("never", ["error"], 0),
    ],
)
def test_fail_on(fail_on, severities, failing):
    policy = Policy.build(Config(), Overrides(fail_on=fail_on))
    assert len(policy.failing([f("X", s) for s in severities])) == failing


def test_suppressed_findings_never_fail():
    policy = Policy.build(Config(), Overrides(fail_on="info"))
    assert policy.failing([f("UNS001", "error", suppressed=True)]) == []


def test_fail_under():
    policy = Policy.build(Config(), Overrides(fail_under=60))
    assert policy.score_fails({"score": 42.5}) == 42.5
    assert policy.score_fails({"score": 60}) is None
    assert policy.score_fails({"score": None}) is None  # an article without scored claims cannot fail
    assert Policy.build(Config()).score_fails({"score": 1}) is None


@pytest.mark.parametrize(
    ("failed", "processing", "exit_zero", "code"),
    [
        (False, False, False, 0),
        (True, False, False, 1),
        (True, False, True, 0),  # --exit-zero turns 1 into 0
        (False, True, False, 3),
        (True, True, True, 3),  # ... but never hides 3
    ],
)
def test_exit_codes(failed, processing, exit_zero, code):
    assert exit_code(failed=failed, processing_error=processing, exit_zero=exit_zero) == code
