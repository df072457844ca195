"""Suppression comments: an editor's "I know, and here is why" written in the copy.

Forms (``RULES`` is a comma-separated list of rule ids or id prefixes, e.g.
``UNS001`` or ``ANO``; leaving out ``[RULES]`` means every rule):

Markdown and HTML, as comments::

    <!-- attribution: ignore[RULES] reason -->      the next paragraph
    <!-- attribution: disable[RULES] -->            from here ...
    <!-- attribution: enable[RULES] -->             ... to here (or the end of the file)
    <!-- attribution: ignore-file[RULES] -->        the whole file

Plain text, as a line of its own (removed before analysis)::

    # attribution: ignore[RULES] reason

Suppressed findings are kept, marked ``suppressed``, so JSON consumers can see
what an editor waived. A directive that waives nothing is itself reported as
``SUP001`` (it has gone stale, or names the wrong rule), and a comment that
starts with ``attribution:`` but cannot be read is ``SUP002``: a typo in a
suppression must not silently leave a finding in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from attribution.check.markup import Stripped
from attribution.model import Finding, Severity, Span
from attribution.textpos import LineIndex

VERBS = ("ignore", "disable", "enable", "ignore-file")
UNUSED_RULE = "SUP001"
MALFORMED_RULE = "SUP002"

#: the pseudo-rules ``check`` itself reports: id -> (name, default severity, help)
SUPPRESSION_RULES: dict[str, tuple[str, Severity, str]] = {
    UNUSED_RULE: (
        "unused-suppression",
        Severity.WARNING,
        "A suppression comment waives no finding: the finding it was written for has gone, or it names the wrong "
        "rule. Remove it, or fix the rule id.",
    ),
    MALFORMED_RULE: (
        "malformed-suppression",
        Severity.WARNING,
        "A comment starting with 'attribution:' is not a directive check understands "
        "(ignore, disable, enable, ignore-file with optional [RULES]). It waives nothing.",
    ),
}

_DIRECTIVE = re.compile(
    r"\s*attribution\s*:\s*(?P<verb>[A-Za-z-]+)(?:\s*\[(?P<codes>[^\]]*)\])?(?:\s+(?P<reason>.*?))?\s*", re.S
)
_CODE = re.compile(r"[A-Z]{1,5}[0-9]{0,3}")
_PARAGRAPH_END = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True, slots=True)
class Directive:
    """One parsed suppression comment; ``codes`` empty means every rule."""

    verb: str
    codes: tuple[str, ...]
    reason: str
    start: int  # original offsets of the comment
    end: int
    at: int  # analysed offset just after the comment

    def label(self) -> str:
        return f"{self.verb}[{','.join(self.codes)}]" if self.codes else self.verb


@dataclass(frozen=True, slots=True)
class Problem:
    """A comment that looks like a directive but is not one."""

    message: str
    start: int
    end: int


def parse_directives(stripped: Stripped) -> tuple[list[Directive], list[Problem]]:
    """The directives among a file's comments, in file order; other comments are ignored."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    for c in stripped.comments:
        if not re.match(r"\s*attribution\s*:", c.body):
            continue
        m = _DIRECTIVE.fullmatch(c.body)
        if not m:
            problems.append(Problem(f"unreadable suppression comment {c.body.strip()!r}", c.start, c.end))
            continue
        verb = m.group("verb").lower()
        if verb not in VERBS:
            problems.append(
                Problem(f"unknown suppression directive {verb!r}; expected one of: {', '.join(VERBS)}", c.start, c.end)
            )
            continue
        raw_codes = m.group("codes")
        codes: tuple[str, ...] = ()
        if raw_codes is not None:
            codes = tuple(x.strip() for x in raw_codes.split(",") if x.strip())
            bad = [x for x in codes if not _CODE.fullmatch(x)]
            if bad or not codes:
                what = ", ".join(repr(x) for x in bad) if bad else "an empty list"
                problems.append(
                    Problem(f"bad rule id {what} in {verb}[...]; expected ids or prefixes such as UNS001 or ANO",
                            c.start, c.end)
                )
                continue
        directives.append(Directive(verb, codes, (m.group("reason") or "").strip(), c.start, c.end, c.at))
    return directives, problems


def _covers(code: str, rule: str) -> bool:
    return rule.startswith(code)


@dataclass(slots=True)
class _Region:
    directive: Directive
    code: str  # "" for every rule
    start: int  # analysed offsets
    end: int
    used: bool = False


def _regions(directives: list[Directive], text: str) -> tuple[list[_Region], list[tuple[Directive, str]]]:
    """Analysed ranges each (directive, code) waives; and ``enable`` codes that closed nothing."""
    regions: list[_Region] = []
    stray_enables: list[tuple[Directive, str]] = []
    open_: dict[str, _Region] = {}
    for d in directives:
        codes = d.codes or ("",)
        if d.verb == "ignore-file":
            regions += [_Region(d, code, 0, len(text)) for code in codes]
        elif d.verb == "ignore":
            m = re.compile(r"\S").search(text, d.at)
            start = m.start() if m else len(text)
            end_m = _PARAGRAPH_END.search(text, start)
            regions += [_Region(d, code, start, end_m.start() if end_m else len(text)) for code in codes]
        elif d.verb == "disable":
            for code in codes:
                if code not in open_:
                    region = _Region(d, code, d.at, len(text))
                    open_[code] = region
                    regions.append(region)
        elif d.verb == "enable":
            closing = list(open_) if not d.codes else [c for c in d.codes if c in open_]
            if not closing:
                stray_enables += [(d, code) for code in codes]
            for code in closing:
                open_.pop(code).end = d.at
    return regions, stray_enables


@dataclass(frozen=True, slots=True)
class Suppressed:
    """What the directives did to one file's findings."""

    findings: tuple[Finding, ...]  # the input findings, waived ones marked ``suppressed``
    directives: tuple[Directive | None, ...]  # for each finding, the directive that waived it
    extra: tuple[Finding, ...]  # SUP001/SUP002 findings, already in original coordinates


def apply_suppressions(
    findings: Iterable[Finding],
    stripped: Stripped,
    *,
    is_enabled: Callable[[str], bool] = lambda code: True,
    severity_of: Callable[[str], Severity] | None = None,
) -> Suppressed:
    """Mark findings waived by the file's directives and report stale or unreadable directives.

    Findings are in analysed coordinates (as the rule engine produced them). A
    directive's code counts as unused only when its rule is enabled in this
    run (``is_enabled``): ``--select UNS`` must not flag every ``ignore[ANO001]``.
    """
    directives, problems = parse_directives(stripped)
    regions, stray = _regions(directives, stripped.text)
    marked: list[Finding] = []
    waived_by: list[Directive | None] = []
    for f in findings:
        by: Directive | None = None
        for r in regions:
            inside = r.start <= f.span.start < r.end or r.directive.verb == "ignore-file"
            if inside and _covers(r.code, f.rule):
                r.used = True
                by = by or r.directive
        marked.append(replace(f, suppressed=True) if by and not f.suppressed else f)
        waived_by.append(by)

    lines = LineIndex(stripped.original)
    severity_of = severity_of or (lambda rule: SUPPRESSION_RULES[rule][1])

    def report(rule: str, message: str, start: int, end: int) -> Finding:
        line, col = lines.line_col(start)
        return Finding(rule, severity_of(rule), message, Span(start, end, stripped.original[start:end]), line, col)

    extra: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    where = {"ignore": "in the next paragraph", "ignore-file": "in this file", "disable": "in the disabled block"}
    for r in regions:
        key = (r.directive.start, r.code)
        if r.used or key in seen or not is_enabled(r.code):
            continue
        seen.add(key)
        d = r.directive
        what = f"{r.code} finding" if r.code else "finding"
        extra.append(report(UNUSED_RULE, f"unused suppression {d.label()}: no {what} {where[d.verb]}", d.start, d.end))
    for d, code in stray:
        if (d.start, code) in seen or not is_enabled(code):
            continue
        seen.add((d.start, code))
        extra.append(report(UNUSED_RULE, f"unused suppression {d.label()}: nothing was disabled", d.start, d.end))
    for p in problems:
        extra.append(report(MALFORMED_RULE, p.message, p.start, p.end))
    return Suppressed(tuple(marked), tuple(waived_by), tuple(extra))


__all__ = ["SUPPRESSION_RULES", "Directive", "Problem", "Suppressed", "apply_suppressions", "parse_directives"]
