"""Rule and scoring files: the shipped pack loads, and every bad file says file:line: key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.model import Severity
from attribution.rules import (
    RuleError,
    builtin_rules_dir,
    load_builtin_rules,
    load_rule_file,
    load_rules,
    load_scoring,
    validate_paths,
)
from attribution.rules.loader import parse_rule
from attribution.rules.schema import FIELDS, RULE_KEYS
from attribution.rules.yamlsrc import load_located

CATALOGUE = {
    "UNS001": ("unsourced-figure", "error", "claim"),
    "UNS002": ("unsourced-claim", "warning", "claim"),
    "UNS003": ("unsourced-background", "info", "claim"),
    "ANO001": ("anonymous-without-reason", "warning", "attribution"),
    "ANO002": ("anonymous-opinion", "warning", "attribution"),
    "ANO003": ("anonymous-heavy-story", "warning", "article"),
    "VAG001": ("vague-source", "warning", "attribution"),
    "VAG002": ("plural-for-one", "warning", "attribution"),
    "VAG003": ("hearsay", "warning", "claim"),
    "QUO001": ("orphan-quote", "error", "claim"),
    "INT001": ("interested-party-only", "info", "claim"),
    "VRB001": ("loaded-verb", "info", "attribution"),
    "STY001": ("single-source-story", "info", "article"),
}

GOOD = """\
id: TST001
name: test-rule
severity: warning
scope: attribution
message: "Vague source '{source}'"
rationale: Because.
match:
  source.kind: vague
examples:
  fail: ["Officials said so."]
  pass: ["Jane Doe said so."]
"""


def write(tmp_path: Path, text: str, name: str = "tst001.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def error_for(tmp_path: Path, text: str) -> RuleError:
    p = write(tmp_path, text)
    with pytest.raises(RuleError) as info:
        load_rule_file(p)
    return info.value


# ------------------------------------------------------------- shipped pack


def test_shipped_catalogue_exact():
    rules = {r.id: r for r in load_builtin_rules()}
    assert set(rules) >= set(CATALOGUE)
    for rule_id, (name, severity, scope) in CATALOGUE.items():
        r = rules[rule_id]
        assert (r.name, r.severity.value, r.scope) == (name, severity, scope), rule_id


@pytest.mark.parametrize("rule", load_builtin_rules(), ids=lambda r: r.id)
def test_every_shipped_rule_has_examples_and_docs(rule):
    assert len(rule.fail_examples) >= 1
    assert len(rule.pass_examples) >= 1
    assert all(t.strip() for t in (*rule.fail_examples, *rule.pass_examples))
    assert set(rule.fail_examples).isdisjoint(rule.pass_examples)
    assert len(rule.rationale.split()) >= 10
    assert rule.path == f"<builtin>/{rule.id.lower()}.yaml"  # one rule per file, named after its id
    assert rule.id in rule.describe() and rule.fail_examples[0].strip() in rule.describe()


def test_builtin_folder_is_a_package_with_scoring():
    folder = builtin_rules_dir()
    assert (folder / "scoring.yaml").is_file()
    init = (folder / "__init__.py").read_text(encoding="utf-8")
    assert init.strip().startswith('"""')
    scoring = load_scoring(folder / "scoring.yaml")
    assert scoring.base["named_person"] > scoring.base["named_organization"] >= scoring.base["anonymous"]
    assert scoring.base["anonymous"] > scoring.base["vague"] > scoring.base["unattributed"] == 0
    ids = {a.id for a in scoring.adjustments}
    assert {"direct-quote", "role-given", "count-given", "anonymity-reason-stated"} <= ids
    assert {"loaded-verb", "interested-party", "hearsay"} <= ids
    assert all(a.points < 0 for a in scoring.adjustments if a.id in {"loaded-verb", "interested-party", "hearsay"})


def test_good_rule_loads(tmp_path):
    r = load_rule_file(write(tmp_path, GOOD))
    assert (r.id, r.name, r.severity, r.scope, r.span, r.strength) == (
        "TST001",
        "test-rule",
        Severity.WARNING,
        "attribution",
        "source",
        None,
    )
    assert r.line == 1


# --------------------------------------------------------------- bad rules


def test_unknown_key_did_you_mean(tmp_path):
    err = error_for(tmp_path, GOOD.replace("severity: warning", "serverity: warning"))
    assert str(err).endswith("tst001.yaml:3: unknown key 'serverity' (did you mean 'severity'?)")
    assert (err.line, err.key) == (3, "serverity")


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("severity: warning", "severity: fatal", 3, "bad severity 'fatal'; expected one of: info, warning, error"),
        ("severity: warning", "severity: warn", 3, "bad severity 'warn' (did you mean 'warning'?)"),
        ("scope: attribution", "scope: sentence", 4, "bad scope 'sentence'"),
        ("id: TST001", "id: tst-1", 1, "bad id 'tst-1'"),
        ("name: test-rule", "name: Test Rule", 2, "bad name 'Test Rule'"),
        ("message: \"Vague source '{source}'\"", "message: 42", 5, "'message' must be a non-empty string"),
        (
            "message: \"Vague source '{source}'\"",
            'message: "{sorce} said"',
            5,
            "unknown placeholder {sorce} in message (did you mean 'source'?)",
        ),
        (
            "  source.kind: vague",
            "  source.knd: vague",
            8,
            "unknown match field 'source.knd' (did you mean 'source.kind'?)",
        ),
        (
            "  source.kind: vague",
            "  source.kind: vauge",
            8,
            "bad value 'vauge' for 'source.kind' (did you mean 'vague'?)",
        ),
        (
            "  source.kind: vague",
            "  source.plural: 'yes'",
            8,
            "bad value 'yes' for 'source.plural': expected true/false",
        ),
        ("  source.kind: vague", "  source.count: {gte: 2}", 8, "unknown operator 'gte' (did you mean 'ge'?)"),
        ("  source.kind: vague", "  source.count: {matches: '2'}", 8, "operator 'matches' does not apply to int field"),
        ("  source.kind: vague", "  source.text: {matches: '('}", 8, "invalid regular expression for 'source.text'"),
        (
            "  source.kind: vague",
            "  claim.has_figure: true",
            8,
            "match field 'claim.has_figure' is not available in scope 'attribution'",
        ),
        ("  source.kind: vague", "  source: anonymous", 8, "'source' can only be tested for null"),
        ("  source.kind: vague", "  any: []", 8, "'any' must be a non-empty list"),
        ("match:\n  source.kind: vague", "match: vague", 7, "'match' must be a mapping of field: condition"),
        ('  pass: ["Jane Doe said so."]', "  pass: []", 11, "'examples.pass' must be a non-empty list"),
        ('  pass: ["Jane Doe said so."]', '  passes: ["x"]', 11, "unknown key 'passes' in examples (did you mean"),
        ("rationale: Because.", "rationale: Because.\nstrength: high", 7, "'strength' must be an integer"),
        ("rationale: Because.", "rationale: Because.\nmetadata: [1]", 7, "'metadata' must be a mapping"),
        ("rationale: Because.", "rationale: Because.\nspan: claim", 7, "bad span 'claim' for scope 'attribution'"),
        ("rationale: Because.", "rationale: Because.\nmetadata:\n  added: 2024-05-01", 8, "metadata value"),
    ],
)
def test_bad_values_name_line_and_key(tmp_path, old, new, line, fragment):
    assert old in GOOD
    err = error_for(tmp_path, GOOD.replace(old, new))
    assert re.search(rf"tst001\.yaml:{line}: ", str(err)), str(err)
    assert fragment in str(err), str(err)


def test_nested_any_error_names_nested_key(tmp_path):
    text = GOOD.replace("  source.kind: vague", "  any:\n    - source.kind: vague\n    - cue.lodaed: true")
    err = error_for(tmp_path, text)
    assert ":10: unknown match field 'cue.lodaed' (did you mean 'cue.loaded'?)" in str(err)
    assert err.key == "match.any[1].cue.lodaed"


def test_missing_required_key(tmp_path):
    err = error_for(tmp_path, GOOD.replace("rationale: Because.\n", ""))
    assert "tst001.yaml:1: missing required key 'rationale'" in str(err)
    assert err.key == "rationale"


def test_strength_not_allowed_on_article_scope(tmp_path):
    text = (
        GOOD.replace("scope: attribution", "scope: article")
        .replace("  source.kind: vague", "  article.share.vague: {gt: 0.5}")
        .replace("'{source}'", "{share}")
        + "strength: -5\n"
    )
    err = error_for(tmp_path, text)
    assert ":12: 'strength' applies to attributions" in str(err)


def test_duplicate_yaml_key(tmp_path):
    err = error_for(tmp_path, GOOD + "severity: error\n")
    assert "tst001.yaml:12: duplicate key 'severity'" in str(err)


def test_invalid_yaml(tmp_path):
    err = error_for(tmp_path, GOOD.replace("scope: attribution", "scope: [attribution"))
    assert "invalid YAML" in str(err) and err.line is not None


def test_not_a_mapping(tmp_path):
    assert "must hold one mapping" in str(error_for(tmp_path, "- just\n- a list\n"))
    assert "must hold one mapping" in str(error_for(tmp_path, ""))


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("name: test-rule", "name: other-rule"), "b.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    msg = str(info.value)
    assert "b.yaml:1: duplicate rule id 'TST001' (also in" in msg and "a.yaml:1)" in msg
    assert info.value.key == "id"


def test_duplicate_of_builtin_id(tmp_path):
    write(tmp_path, GOOD.replace("TST001", "VAG001"))
    with pytest.raises(RuleError, match="duplicate rule id 'VAG001' \\(also in <builtin>/vag001.yaml:1\\)"):
        load_rules([tmp_path], existing=load_builtin_rules())


def test_missing_pack():
    with pytest.raises(RuleError, match="no such rule file or folder"):
        load_rules([Path("/nonexistent/pack")])


def test_validate_paths_collects_all_errors(tmp_path):
    write(tmp_path, GOOD.replace("severity: warning", "severity: bad"), "a.yaml")
    write(
        tmp_path,
        GOOD.replace("TST001", "TST002")
        .replace("test-rule", "rule-two")
        .replace("scope: attribution", "scpe: attribution"),
        "b.yaml",
    )
    write(tmp_path, GOOD.replace("TST001", "TST003").replace("test-rule", "rule-three"), "c.yaml")
    errors = validate_paths([tmp_path])
    assert [Path(e.path).name for e in errors] == ["a.yaml", "b.yaml"]
    assert validate_paths([builtin_rules_dir()]) == []


# ------------------------------------------------------------ scoring file


SCORING = (Path(__file__).resolve().parent.parent / "rules" / "scoring.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  vague: 20 ", "  vauge: 20 ", "unknown source kind 'vauge' (did you mean 'vague'?)"),
        ("  vague: 20 ", "  vague: 200 ", "must be an integer from 0 to 100"),
        (
            "    points: 5\n    reason: direct quotation",
            "    pionts: 5\n    reason: direct quotation",
            "unknown key 'pionts' (did you mean 'points'?)",
        ),
        ("      attribution.direct: true", "      claim.has_figure: true", "not available in scope 'attribution'"),
        ("  method: mean", "  method: median", "bad method 'median'"),
        ("aggregate:", "aggregat:", "unknown key 'aggregat' (did you mean 'aggregate'?)"),
    ],
)
def test_bad_scoring_file(tmp_path, old, new, fragment):
    assert old in SCORING
    p = write(tmp_path, SCORING.replace(old, new, 1), "scoring.yaml")
    with pytest.raises(RuleError) as info:
        load_scoring(p)
    assert fragment in str(info.value)
    assert re.search(r"scoring\.yaml:\d+: ", str(info.value))


# ------------------------------------------------------------ fuzzing


_scalars = st.none() | st.booleans() | st.integers(-200, 200) | st.floats(allow_nan=False) | st.text(max_size=8)
_keys = st.sampled_from([*RULE_KEYS, "serverity", "any", "not", "source.kind", "eq", "gt", "matches", "fail", "pass"])
_values = st.recursive(
    _scalars | st.sampled_from(["ANO001", "warning", "attribution", "vague", "(", "{source}", "{bad}"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(_keys, _values, max_size=8))
def test_any_document_loads_or_raises_rule_error(doc):
    """Whatever a YAML file holds, the loader answers with a Rule or a RuleError with a line, never a crash."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        parse_rule(load_located(text, "fuzz.yaml"))
    except RuleError as err:
        assert str(err).startswith("fuzz.yaml")
        assert err.line is None or err.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(match=st.dictionaries(st.sampled_from([*FIELDS, "any", "not", "bogus"]), _values, min_size=1, max_size=4))
def test_any_match_compiles_or_raises_rule_error(match):
    doc = yaml.safe_load(GOOD)
    doc["match"] = match
    try:
        parse_rule(load_located(yaml.safe_dump(doc), "fuzz.yaml"))
    except RuleError as err:
        assert err.line is not None
