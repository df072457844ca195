"""``attribution check``: house sourcing policy on drafts, for CI and pre-commit hooks.

The linter face of the tool: ``path:line:col: RULE severity message``, a
total, and an exit code a CI job can act on. The work itself lives in
:mod:`attribution.check`; this module only turns options into a policy, runs
it and maps failures to exit codes (2: usage/config/rules, 3: a file).
"""

from __future__ import annotations

import re
import sys

import click

from attribution.cli.common import EXIT_USAGE, Fail, model_option, progress, warn, write_output
from attribution.inputs import MAX_BYTES, InputError, decode

FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("info", "warning", "error")
_PREFIX = re.compile(r"ALL|[A-Z]{1,5}[0-9]{0,3}")


def _prefixes(values: tuple[str, ...], option: str) -> tuple[str, ...] | None:
    """``--select UNS,ANO001 --select VAG`` -> ("UNS", "ANO001", "VAG"); None when not given."""
    if not values:
        return None
    out = tuple(p.strip() for v in values for p in v.split(",") if p.strip())
    for p in out:
        if not _PREFIX.fullmatch(p):
            raise Fail(f"{option}: {p!r} is not a rule id or prefix (e.g. UNS001, ANO, ALL)", EXIT_USAGE)
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
    help="text: path:line:col: RULE severity message; json: the audit report contract with suppression marks; "
    "sarif: SARIF 2.1.0 for code scanning; github: workflow annotations; junit: JUnit XML for CI test reports.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically) instead of stdout.")
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Files to check inside folders (repeatable; default: *.txt *.md *.markdown *.html *.htm).",
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip inside folders (repeatable).")
@click.option(
    "--stdin-filename", metavar="NAME", help="Name for standard input (-): picks the markup, config and output path."
)
@click.option("--select", multiple=True, metavar="PREFIXES", help="Only these rule ids/prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="PREFIXES", help="Not these rule ids/prefixes (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that fails the run with exit code 1 (config fail-on; default error).",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    help="Hide findings below this severity (config min-severity; default info).",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="SCORE",
    help="Fail (exit 1) when an article's score (0-100) is below SCORE.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with failing findings (never hides exit codes 2 and 3).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file for every path.")
@click.option("--isolated", is_flag=True, help="Ignore .attribution.toml and pyproject.toml settings.")
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True, help="Refuse larger inputs."
)
@model_option
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    min_severity: str | None,
    fail_under: float | None,
    exit_zero: bool,
    config_path: str | None,
    isolated: bool,
    workers: int,
    max_bytes: int,
    model: str | None,
) -> None:
    """Check drafts against the house sourcing policy (files, folders, or - for stdin).

    Plain text, Markdown and HTML are read; markup is stripped for analysis
    and every finding points at the line and column of the original file.
    Settings come from the nearest .attribution.toml or pyproject.toml
    [tool.attribution] above each file; options given here win.

    \b
    Suppress a finding in Markdown or HTML with a comment:
      <!-- attribution: ignore[ANO001] source protected, see desk note -->
      <!-- attribution: disable[VAG] --> ... <!-- attribution: enable[VAG] -->
      <!-- attribution: ignore-file[STY001] -->
    and in plain text with a line of its own: # attribution: ignore[ANO001] reason

    \b
    Exit codes: 0 clean; 1 findings at or above --fail-on, or a score under
    --fail-under; 2 usage, config or rule-file error; 3 a file could not be
    processed (the other files are still checked).
    """
    from importlib.metadata import PackageNotFoundError, version

    from attribution.check.formats import catalogue, render
    from attribution.check.policy import Overrides, exit_code
    from attribution.check.runner import DEFAULT_INCLUDE, STDIN, CheckJob, PolicyResolver, discover, run_jobs
    from attribution.config import ConfigError
    from attribution.rules import RuleError, load_ruleset

    if config_path and isolated:
        raise Fail("--config and --isolated cannot be used together", EXIT_USAGE)
    overrides = Overrides(
        select=_prefixes(select, "--select"),
        ignore=_prefixes(ignore, "--ignore"),
        fail_on=fail_on,
        min_severity=min_severity,
        fail_under=fail_under,
    )
    files = discover(paths, include or DEFAULT_INCLUDE, exclude)
    if not files:
        warn("no files to check (see --include/--exclude)")

    resolver = PolicyResolver(config_path, isolated, overrides)
    jobs: list[CheckJob] = []
    try:
        for name in files:
            if name == STDIN:
                shown = stdin_filename or "<stdin>"
                index = resolver.for_path(stdin_filename)
                try:
                    jobs.append(CheckJob(shown, index, text=decode(sys.stdin.buffer.read(), max_bytes=max_bytes)))
                except InputError as exc:
                    jobs.append(CheckJob(shown, index, error=str(exc)))
            else:
                jobs.append(CheckJob(name, resolver.for_path(name)))
    except ConfigError as exc:
        raise Fail(str(exc), EXIT_USAGE) from exc

    policies = resolver.policies
    rulesets = []
    for policy in policies:
        try:
            rulesets.append(load_ruleset(policy.engine_config()))
        except ConfigError as exc:
            cli = {"select": overrides.select, "ignore": overrides.ignore}
            if exc.key in cli and cli[exc.key] is not None:
                raise Fail(f"--{exc.key}: {exc.problem.split(': ', 1)[-1]}", EXIT_USAGE) from exc
            raise Fail(str(exc), EXIT_USAGE) from exc
        except RuleError as exc:
            raise Fail(str(exc), EXIT_USAGE) from exc

    tick, clear = progress(len(jobs))
    results = run_jobs(
        jobs,
        policies,
        workers=workers,
        model=model,
        max_bytes=max_bytes,
        rulesets=rulesets,
        on_done=lambda result: tick(result.path),
    )
    clear()
    if fmt != "text" or (output and output != "-"):
        for r in results:
            if r.error:
                warn(f"{r.path}: {r.error}")
    try:
        pkg_version = version("attribution")
    except PackageNotFoundError:
        pkg_version = "0"
    write_output(render(results, fmt, catalogue(rulesets), version=pkg_version), output)
    code = exit_code(
        failed=any(r.failed for r in results), processing_error=any(r.error for r in results), exit_zero=exit_zero
    )
    sys.exit(code)


__all__ = ["check"]
