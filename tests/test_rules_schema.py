"""The published rule-file JSON Schema agrees with the loader and documents every field."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from attribution.rules import RuleError, builtin_rules_dir, json_schema
from attribution.rules.loader import parse_rule
from attribution.rules.schema import FIELDS, OPERATORS, SCHEMA_PATH, json_schema_text
from attribution.rules.yamlsrc import load_located

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "rules" / "README.md"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_published_schema_is_current():
    """Regenerate with ``attribution.rules.schema.write_schema()``."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema_text()
    assert json.loads(json_schema_text()) == json_schema()


def shipped_rule_files() -> list[Path]:
    return sorted(p for p in builtin_rules_dir().glob("*.yaml") if p.name != "scoring.yaml")


@pytest.mark.parametrize("path", shipped_rule_files(), ids=lambda p: p.name)
def test_shipped_rules_valid_under_schema(validator, path):
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert errors == []


BASE = {
    "id": "TST001",
    "name": "test-rule",
    "severity": "warning",
    "scope": "attribution",
    "message": "m",
    "rationale": "r",
    "match": {"source.kind": "vague"},
    "examples": {"fail": ["a"], "pass": ["b"]},
}


@pytest.mark.parametrize(
    "change",
    [
        {"serverity": "warning"},
        {"severity": "fatal"},
        {"scope": "sentence"},
        {"id": "tst1"},
        {"match": {"source.knd": "vague"}},
        {"match": {"source.kind": "vauge"}},
        {"match": {"source.count": {"gte": 2}}},
        {"match": {"source.plural": "yes"}},
        {"examples": {"fail": ["a"]}},
        {"examples": {"fail": [], "pass": ["b"]}},
        {"strength": "high"},
    ],
)
def test_bad_rules_rejected_by_schema_and_loader(validator, change):
    doc = {**BASE, **change}
    assert list(validator.iter_errors(doc)), change
    text = yaml.safe_dump(doc, sort_keys=False)
    with pytest.raises(RuleError):
        parse_rule(load_located(text, "x.yaml"))


def test_good_rule_accepted_by_both(validator):
    doc = {
        **BASE,
        "match": {
            "any": [{"cue.loaded": True}, {"content.text": {"matches": "x"}, "source.count": {"ge": 2}}],
            "not": {"source": None},
        },
        "strength": -5,
        "metadata": {"anything": [1, 2]},
    }
    assert list(validator.iter_errors(doc)) == []
    parse_rule(load_located(yaml.safe_dump(doc), "x.yaml"))


def test_readme_documents_every_field_and_operator():
    text = README.read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"`{name}`" in text, name
    for op in OPERATORS:
        assert f"`{op}`" in text, op
    for key in ("`any`", "`not`", "`strength`", "`metadata`", "`examples`", "`span`"):
        assert key in text
