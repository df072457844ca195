"""Suppression comments: parsing, scope (next paragraph, block, file), unused and malformed ones."""

from __future__ import annotations

from attribution.check.markup import strip_html, strip_markdown, strip_plain
from attribution.check.suppress import apply_suppressions, parse_directives
from attribution.model import Finding, Severity, Span


def finding_at(stripped, needle: str, rule: str = "UNS001", severity: Severity = Severity.ERROR) -> Finding:
    """A finding on ``needle`` in analysed coordinates, as the rule engine would produce it."""
    i = stripped.text.index(needle)
    return Finding(rule, severity, f"{rule} here", Span(i, i + len(needle), needle), 1, i + 1)


def test_parse_forms_and_reasons():
    s = strip_markdown(
        "<!-- attribution: ignore[UNS001, ANO] confirmed by two editors -->\n"
        "A.\n\n<!-- attribution: disable -->\nB.\n<!-- attribution:enable[VAG001]-->\n"
        "<!-- attribution: ignore-file[STY001] -->\n<!-- an ordinary comment -->\n"
    )
    directives, problems = parse_directives(s)
    assert not problems
    assert [(d.verb, d.codes, d.reason) for d in directives] == [
        ("ignore", ("UNS001", "ANO"), "confirmed by two editors"),
        ("disable", (), ""),
        ("enable", ("VAG001",), ""),
        ("ignore-file", ("STY001",), ""),
    ]
    assert directives[0].label() == "ignore[UNS001,ANO]"


def test_malformed_directives_are_reported():
    s = strip_markdown("<!-- attribution: ignroe[UNS001] -->\nA.\n<!-- attribution: ignore[uns001] -->\nB.\n")
    directives, problems = parse_directives(s)
    assert directives == []
    assert len(problems) == 2
    assert "unknown suppression directive 'ignroe'" in problems[0].message
    result = apply_suppressions([], s)
    assert [f.rule for f in result.extra] == ["SUP002", "SUP002"]
    assert result.extra[0].line == 1 and result.extra[1].line == 3


def test_ignore_covers_the_next_paragraph_only():
    text = (
        "First 12 dead.\n\n"
        "<!-- attribution: ignore[UNS001] figure from the court filing -->\n"
        "Second 12 dead,\nstill the same paragraph 7 hurt.\n\n"
        "Third 12 dead.\n"
    )
    s = strip_markdown(text)
    findings = [finding_at(s, "First"), finding_at(s, "Second"), finding_at(s, "still"), finding_at(s, "Third")]
    result = apply_suppressions(findings, s)
    assert [f.suppressed for f in result.findings] == [False, True, True, False]
    assert result.directives[1].reason == "figure from the court filing"
    assert result.extra == ()


def test_ignore_matches_by_prefix_and_other_rules_stay():
    s = strip_markdown("<!-- attribution: ignore[ANO] -->\nA senior official said so.\n")
    findings = [finding_at(s, "A senior", "ANO001", Severity.WARNING), finding_at(s, "said", "VAG001")]
    result = apply_suppressions(findings, s)
    assert [f.suppressed for f in result.findings] == [True, False]


def test_disable_enable_block_and_file_level():
    text = (
        "<!-- attribution: ignore-file[STY001] -->\n"
        "A 1.\n\n<!-- attribution: disable[VAG] -->\nB 2.\n\nC 3.\n<!-- attribution: enable[VAG] -->\n\nD 4.\n"
    )
    s = strip_markdown(text)
    findings = [finding_at(s, n, "VAG001") for n in ("A 1", "B 2", "C 3", "D 4")]
    findings.append(finding_at(s, "D 4", "STY001", Severity.INFO))
    result = apply_suppressions(findings, s)
    assert [f.suppressed for f in result.findings] == [False, True, True, False, True]
    assert result.extra == ()


def test_disable_without_enable_runs_to_the_end():
    s = strip_html("<p>A 1.</p><!-- attribution: disable --><p>B 2.</p><div>C 3.</div>")
    result = apply_suppressions([finding_at(s, n) for n in ("A 1", "B 2", "C 3")], s)
    assert [f.suppressed for f in result.findings] == [False, True, True]


def test_unused_suppressions_are_findings_at_the_comment():
    text = "Intro.\n\n<!-- attribution: ignore[ANO001] no longer needed -->\nA named source said so.\n"
    s = strip_markdown(text)
    result = apply_suppressions([finding_at(s, "Intro", "UNS002", Severity.WARNING)], s)
    assert len(result.extra) == 1
    sup = result.extra[0]
    assert sup.rule == "SUP001" and sup.severity is Severity.WARNING
    assert (sup.line, sup.column) == (3, 1)
    assert sup.span.text.startswith("<!-- attribution: ignore[ANO001]")
    assert "unused suppression ignore[ANO001]" in sup.message


def test_unused_not_reported_for_rules_that_are_not_running():
    s = strip_markdown("<!-- attribution: ignore[ANO001] -->\nText.\n")
    result = apply_suppressions([], s, is_enabled=lambda code: not code.startswith("ANO"))
    assert result.extra == ()


def test_stray_enable_is_unused():
    s = strip_markdown("Text.\n<!-- attribution: enable[VAG001] -->\n")
    result = apply_suppressions([], s)
    assert [f.rule for f in result.extra] == ["SUP001"]
    assert "nothing was disabled" in result.extra[0].message


def test_plain_text_form():
    text = "Intro.\n\n# attribution: ignore[UNS001] figure checked\nAt least 12 people died.\n\nMore 3 dead.\n"
    s = strip_plain(text)
    assert "attribution" not in s.text
    result = apply_suppressions([finding_at(s, "At least 12"), finding_at(s, "More 3")], s)
    assert [f.suppressed for f in result.findings] == [True, False]


def test_severity_override_for_sup_rules():
    s = strip_markdown("<!-- attribution: ignore[ANO001] -->\nText.\n")
    result = apply_suppressions([], s, severity_of=lambda rule: Severity.ERROR)
    assert result.extra[0].severity is Severity.ERROR
