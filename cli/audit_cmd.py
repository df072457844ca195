"""``attribution audit``: the sourcing of one or more articles, as a table or data."""

from __future__ import annotations

import sys

import click

from attribution.cli.common import EXIT_PROCESSING, model_option, progress, warn, write_output
from attribution.cli.context import load_rules_or_fail, parser_factory
from attribution.inputs import MAX_BYTES, InputError, decode


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE... | -")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help="table: one table per article and a summary; json: the documented report contract "
    "(schema_version 1); csv and markdown: one row per claim.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore .attribution.toml and pyproject.toml settings.")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True, help="Refuse larger inputs."
)
@model_option
def audit(files, fmt, output, config_path, isolated, max_bytes, model) -> None:
    """Audit the sourcing of each FILE (or - for standard input).

    For every claim: the source it rests on, the source's kind, the cue
    ("said", "according to", ...), the attribution's strength (0-100) and the
    rule findings; then a summary per article (source mix, shares of
    anonymous, vague and unsourced claims, article score).

    A file that cannot be read (missing, empty, binary, not UTF-8, too large)
    is reported on stderr and in the output; the other files are still
    audited, and the exit code is then 3.
    """
    from attribution.audit import Job, audit_jobs
    from attribution.report import render

    ruleset = load_rules_or_fail(config_path, isolated)
    jobs = []
    for name in files:
        if name == "-":
            try:
                jobs.append(Job("<stdin>", decode(sys.stdin.buffer.read(), max_bytes=max_bytes)))
            except InputError as exc:
                jobs.append(Job("<stdin>", error=str(exc)))
        else:
            jobs.append(Job(name))

    tick, clear = progress(len(jobs))

    def on_done(report) -> None:
        if report.error:
            warn(f"{report.path}: {report.error}")
        tick(report.path)

    reports = list(audit_jobs(jobs, parser_factory(model), ruleset, max_bytes=max_bytes, on_done=on_done))
    clear()
    write_output(render(reports, fmt), output)
    if any(r.error for r in reports):
        sys.exit(EXIT_PROCESSING)


__all__ = ["audit"]
