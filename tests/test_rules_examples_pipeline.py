"""Every shipped rule's examples, run through the real pipeline.

Each rule file carries sentences on which it must fire and sentences on
which it must stay quiet; here they go through the shipped model, the
extractor and the rule engine exactly as `attribution audit` runs them.
"""

from __future__ import annotations

import pytest

from attribution.audit import audit_document
from attribution.rules import load_ruleset

pytestmark = pytest.mark.model

_RULES = load_ruleset(None).rules
CASES = [(r.id, "fail", i, t) for r in _RULES for i, t in enumerate(r.fail_examples)] + [
    (r.id, "pass", i, t) for r in _RULES for i, t in enumerate(r.pass_examples)
]


@pytest.fixture(scope="module")
def parsed(parser):
    texts = sorted({c[3] for c in CASES})
    return dict(zip(texts, parser.parse_many(texts), strict=True))


@pytest.mark.parametrize(("rule_id", "kind", "index", "text"), CASES, ids=[f"{c[0]}-{c[1]}{c[2]}" for c in CASES])
def test_rule_example(rule_id, kind, index, text, parsed, ruleset):
    report = audit_document(parsed[text], ruleset, "<example>")
    fired = sorted({f.rule for f in report.findings})
    if kind == "fail":
        assert rule_id in fired, f"{rule_id} should fire on: {text!r}; fired {fired}"
    else:
        assert rule_id not in fired, f"{rule_id} should not fire on: {text!r}"
