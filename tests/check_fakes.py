"""A stand-in for parse + extract + rules, so `check` plumbing is tested without the model.

It raises findings by pattern on the analysed (markup-free) text, with the
real rule ids and severities, at offsets we can predict — which is exactly
what the offset-mapping, suppression, policy and format tests need.
"""

from __future__ import annotations

import re

from attribution.check.runner import Analysis
from attribution.model import Finding, Severity, Span
from attribution.textpos import LineIndex

PATTERNS = (
    ("UNS001", Severity.ERROR, r"\d+ (?:people|dead|hurt)", "Claim with a figure rests on no source"),
    ("VAG001", Severity.WARNING, r"\bOfficials\b", "Vague source 'Officials'"),
    ("VRB001", Severity.INFO, r"\bclaimed\b", "Loaded attribution verb 'claimed'"),
)

ARTICLE_MD = """# Bridge to reopen

Officials said the **bridge** will reopen on Monday.

<!-- attribution: ignore[UNS001] figure from the court filing -->
At least 12 people were injured, the ministry [said](https://example.org).

The mayor claimed 3 dead in the *collapse*.

<!-- attribution: ignore[ANO001] stale -->
Ana Ruiz, a ministry spokeswoman, said repairs cost $4 million.
"""

ARTICLE_HTML = """<html><head><title>Bridge</title><script>var n = "5 people";</script></head>
<body>
<h1>Bridge to reopen</h1>
<p>Officials said the bridge will
reopen &amp; at least 12 people were hurt.</p>
</body></html>
"""

ARTICLE_TXT = "Officials said the bridge will reopen.\n\nAt least 12 people were injured.\n"


def fake_analyse(self, text: str, ruleset, path: str) -> Analysis:
    """Drop-in for :meth:`attribution.check.runner.Checker.analyse`."""
    lines = LineIndex(text)
    findings = []
    for rule, _default, pattern, message in PATTERNS:
        if not ruleset.enabled(rule):
            continue
        for m in re.finditer(pattern, text):
            line, col = lines.line_col(m.start())
            findings.append(Finding(rule, ruleset.severity_of(rule), message, Span(m.start(), m.end(), m.group()),
                                    line, col))
    findings.sort(key=lambda f: (f.span.start, f.rule))
    return Analysis((), (), tuple(findings), {"claims": 3, "score": 40})
