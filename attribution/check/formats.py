"""One list of checked files, many renderings: text, JSON, SARIF, GitHub, JUnit.

Like ruff, every format renders the same :class:`~attribution.check.runner.FileResult`
records and none recomputes anything, so the text a desk editor reads, the
SARIF a code-scanning dashboard shows and the JUnit a CI server counts always
agree. Suppressed findings are left out of the human formats (text, GitHub,
JUnit), kept with ``suppressed: true`` in JSON, and carried as SARIF
``suppressions`` so dashboards can show what an editor waived.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from attribution.check.runner import FileResult
from attribution.check.suppress import SUPPRESSION_RULES
from attribution.model import Finding, Severity
from attribution.report.jsonout import report_json

FORMATS = ("text", "json", "sarif", "github", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@dataclass(frozen=True)
class RuleInfo:
    """A rule as output formats describe it (SARIF ``tool.driver.rules``)."""

    id: str
    name: str
    severity: Severity  # the rule file's own severity: SARIF's default level
    short: str
    full: str
    help: str


def catalogue(rulesets: Iterable) -> list[RuleInfo]:
    """Every rule of the given rule sets (first definition of an id wins) plus check's SUP rules, by id."""
    found: dict[str, RuleInfo] = {}
    for ruleset in rulesets:
        for r in ruleset.rules:
            if r.id not in found:
                short = re.sub(r"\{[^{}]*\}", "…", r.message)
                found[r.id] = RuleInfo(r.id, r.name, r.severity, short, r.rationale.strip(), r.describe())
    for rule_id, (name, severity, text) in SUPPRESSION_RULES.items():
        found.setdefault(rule_id, RuleInfo(rule_id, name, severity, text.split(". ")[0] + ".", text, text + "\n"))
    return [found[k] for k in sorted(found)]


def _shown(result: FileResult) -> list[tuple[Finding, object]]:
    return list(zip(result.report.findings, result.notes, strict=True))


def render(results: Sequence[FileResult], fmt: str, rules: Sequence[RuleInfo] = (), *, version: str = "0") -> str:
    if fmt == "text":
        return render_text(results)
    if fmt == "json":
        return render_json(results)
    if fmt == "sarif":
        return render_sarif(results, rules, version=version)
    if fmt == "github":
        return render_github(results)
    if fmt == "junit":
        return render_junit(results)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------- text


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def total_line(results: Sequence[FileResult]) -> str:
    """The one-line total: findings by severity, files, suppressed, failures."""
    active = [f for r in results for f in r.report.findings if not f.suppressed]
    suppressed = sum(1 for r in results for f in r.report.findings if f.suppressed)
    errors = sum(1 for r in results if r.error)
    checked = len(results) - errors
    by = [(s, sum(1 for f in active if f.severity is s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    parts = [_plural(len(active), "finding")]
    if active:
        names = {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
                 Severity.INFO: ("info", "info")}
        parts[0] += " (" + ", ".join(f"{n} {names[s][n != 1]}" for s, n in by if n) + ")"
    parts[0] += f" in {_plural(checked, 'file')}"
    if suppressed:
        parts.append(f"{suppressed} suppressed")
    under = sum(1 for r in results if r.score_below is not None)
    if under:
        parts.append(f"{_plural(under, 'file')} under fail-under")
    if errors:
        parts.append(f"{_plural(errors, 'file')} could not be checked")
    return ", ".join(parts) + "."


def render_text(results: Sequence[FileResult]) -> str:
    """``path:line:col: RULE severity message [excerpt]``, one per finding, then the total."""
    out: list[str] = []
    for r in results:
        if r.error:
            out.append(f"{r.path}: error: {r.error}")
            continue
        for f, note in _shown(r):
            if f.suppressed:
                continue
            tail = f" [{note.excerpt}]" if note.excerpt else ""
            out.append(f"{r.path}:{f.line}:{f.column}: {f.rule} {f.severity.value} {f.message}{tail}")
        if r.score_below is not None:
            out.append(f"{r.path}: score {_num(r.score_below)} is under fail-under {_num(r.fail_under)}")
    out.append(total_line(results))
    return "\n".join(out) + "\n"


def _num(x: float | None) -> str:
    if x is None:
        return "-"
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


# --------------------------------------------------------------------- JSON


def render_json(results: Sequence[FileResult]) -> str:
    """The audit JSON contract (schema_version 1) with per-finding suppression details."""
    data = report_json([r.report for r in results])
    for r, entry in zip(results, data["files"], strict=True):
        if r.error:
            continue
        for f_json, note in zip(entry["findings"], r.notes, strict=True):
            if f_json["suppressed"]:
                f_json["suppression"] = {"directive": note.directive, "reason": note.reason}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -------------------------------------------------------------------- SARIF


def artifact_uri(path: str) -> str:
    """A SARIF artifact URI: relative paths as URI references with forward slashes, absolute as file: URIs."""
    p = PurePath(path)
    if p.is_absolute():
        try:
            return p.as_uri()
        except ValueError:
            pass
    return quote(path.replace(os.sep, "/"), safe="/")


def render_sarif(results: Sequence[FileResult], rules: Sequence[RuleInfo], *, version: str = "0") -> str:
    """SARIF 2.1.0: one run, the rule catalogue in ``tool.driver.rules``."""
    index = {r.id: i for i, r in enumerate(rules)}
    sarif_rules = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.short},
            "fullDescription": {"text": r.full},
            "help": {"text": r.help},
            "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
        }
        for r in rules
    ]
    sarif_results = []
    notifications = []
    for res in results:
        uri = artifact_uri(res.path)
        if res.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{res.path}: {res.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        for f, note in _shown(res):
            region: dict = {"startLine": f.line, "startColumn": f.column}
            if f.span.end > f.span.start:
                region.update(endLine=note.end_line, endColumn=note.end_column, snippet={"text": f.span.text})
            item: dict = {
                "ruleId": f.rule,
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            }
            if f.rule in index:
                item["ruleIndex"] = index[f.rule]
            if f.suppressed:
                sup: dict = {"kind": "inSource"}
                if note.reason:
                    sup["justification"] = note.reason
                item["suppressions"] = [sup]
            sarif_results.append(item)
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "attribution", "version": version, "rules": sarif_rules}},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------- GitHub


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult]) -> str:
    """GitHub Actions workflow commands: ``::warning file=...,line=...,col=...,title=...::message``."""
    out: list[str] = []
    for r in results:
        if r.error:
            out.append(f"::error file={_gh_prop(r.path)},title={_gh_prop('attribution: file not checked')}::"
                       f"{_gh_data(r.error)}")
            continue
        for f, note in _shown(r):
            if f.suppressed:
                continue
            props = [f"file={_gh_prop(r.path)}", f"line={f.line}", f"col={f.column}"]
            if f.span.end > f.span.start:
                props += [f"endLine={note.end_line}", f"endColumn={note.end_column}"]
            props.append(f"title={_gh_prop(f'{f.rule} ' + f.severity.value)}")
            out.append(f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_data(f'{f.rule} {f.message}')}")
        if r.score_below is not None:
            out.append(
                f"::error file={_gh_prop(r.path)},title={_gh_prop('attribution: score')}::"
                f"{_gh_data(f'score {_num(r.score_below)} is under fail-under {_num(r.fail_under)}')}"
            )
    return "\n".join(out) + ("\n" if out else "")


# -------------------------------------------------------------------- JUnit


def render_junit(results: Sequence[FileResult]) -> str:
    """JUnit XML: a test suite per file, a failing test case per finding, a passing one for a clean file."""
    suites = ET.Element("testsuites", name="attribution check")
    total_tests = total_failures = total_errors = 0
    for r in results:
        suite = ET.SubElement(suites, "testsuite", name=r.path)
        tests = failures = errors = 0
        if r.error:
            case = ET.SubElement(suite, "testcase", name="read and analyse", classname=r.path)
            ET.SubElement(case, "error", message=r.error, type="processing").text = r.error
            tests, errors = 1, 1
        else:
            for f, note in _shown(r):
                if f.suppressed:
                    continue
                case = ET.SubElement(suite, "testcase", name=f"{f.rule} at {f.line}:{f.column}", classname=r.path)
                body = f"{r.path}:{f.line}:{f.column}: {f.rule} {f.severity.value} {f.message}"
                if note.excerpt:
                    body += f" [{note.excerpt}]"
                ET.SubElement(case, "failure", message=f.message, type=f.rule).text = body
                tests += 1
                failures += 1
            if r.score_below is not None:
                case = ET.SubElement(suite, "testcase", name="article score", classname=r.path)
                msg = f"score {_num(r.score_below)} is under fail-under {_num(r.fail_under)}"
                ET.SubElement(case, "failure", message=msg, type="fail-under").text = msg
                tests += 1
                failures += 1
            if tests == 0:
                ET.SubElement(suite, "testcase", name="no findings", classname=r.path)
                tests = 1
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        total_tests += tests
        total_failures += failures
        total_errors += errors
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", str(total_errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


__all__ = ["FORMATS", "RuleInfo", "catalogue", "render", "render_github", "render_json", "render_junit",
           "render_sarif", "render_text", "total_line"]
