"""``attribution report`` and ``attribution sources``: sourcing across many articles."""

from __future__ import annotations

import csv
import io
import json
import sys

import click
from tabulate import tabulate

from attribution.cli.common import EXIT_PROCESSING, model_option, progress, warn, write_output
from attribution.cli.context import load_rules_or_fail, parser_factory

KIND_SHORT = {
    "named_person": "person",
    "named_organization": "org",
    "document": "doc",
    "anonymous": "anon",
    "vague": "vague",
    "unattributed": "unsourced",
}


def _audit_all(paths, model, config_path, isolated):
    from attribution.audit import Job, audit_jobs
    from attribution.check.runner import discover

    files = discover(paths)
    ruleset = load_rules_or_fail(config_path, isolated)
    tick, clear = progress(len(files))

    def on_done(report) -> None:
        if report.error:
            warn(f"{report.path}: {report.error}")
        tick(report.path)

    reports = list(audit_jobs([Job(f) for f in files], parser_factory(model), ruleset, on_done=on_done))
    clear()
    return reports


def _row_cells(r, *, with_error: bool = True) -> list:
    if r.error:
        title = f"{r.title} [error: {r.error}]" if with_error else r.title
        return [title, *[""] * (len(HEADERS) - 1)]
    return [
        r.title,
        r.words,
        r.claims,
        f"{100 * r.attributed_share:.0f}%",
        *[r.kinds[k] for k in KIND_SHORT],
        r.anonymous_with_reason,
        r.anonymous_without_reason,
        r.findings["error"],
        r.findings["warning"],
        r.findings["info"],
        "" if r.score is None else f"{r.score:.1f}",
    ]


HEADERS = (
    "article",
    "words",
    "claims",
    "attributed",
    *KIND_SHORT.values(),
    "anon+reason",
    "anon-no-reason",
    "errors",
    "warnings",
    "infos",
    "score",
)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "markdown", "json", "html"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@click.option(
    "--group-by",
    type=click.Choice(["none", "publisher", "folder"]),
    default="none",
    show_default=True,
    help="Subtotals per publisher (file-name prefix before '_') or per folder.",
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(["path", "score", "unsourced", "anonymous"]),
    default="path",
    show_default=True,
    help="Row order: path; score (weakest first); most unsourced; most anonymous.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore .attribution.toml and pyproject.toml settings.")
@model_option
def report(paths, fmt, output, group_by, sort_by, config_path, isolated, model) -> None:
    """One row per article: words, claims, attributed share, claims by source kind,
    anonymous sources with and without a stated reason, findings by severity and
    the article score; then a totals row (and subtotals with --group-by).

    PATH may be files or folders (searched for .txt, .md, .html).
    """
    from attribution.report.overview import SORT_KEYS, article_row, grouped, totals

    reports = _audit_all(paths, model, config_path, isolated)
    rows = sorted((article_row(r) for r in reports), key=SORT_KEYS[sort_by])
    groups = grouped(rows, group_by) if group_by != "none" else {"": rows}
    if fmt == "html":
        from attribution.report.html import render_html

        text = render_html(reports, rows, groups)
    elif fmt == "json":
        data = {
            "schema_version": "1",
            "articles": [r.as_dict() for r in rows],
            "groups": {k: totals(v, k).as_dict() for k, v in groups.items()} if group_by != "none" else {},
            "totals": totals(rows).as_dict(),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(("path", "group", *HEADERS, "error"))
        for key, members in groups.items():
            for r in members:
                w.writerow((r.path, key, *_row_cells(r, with_error=False), r.error or ""))
            if group_by != "none":
                w.writerow(("", key, *_row_cells(totals(members, f"subtotal {key}")), ""))
        w.writerow(("", "", *_row_cells(totals(rows)), ""))
        text = buf.getvalue()
    else:
        table: list[list] = []
        for key, members in groups.items():
            table.extend(_row_cells(r) for r in members)
            if group_by != "none":
                table.append(_row_cells(totals(members, f"subtotal {key}")))
        table.append(_row_cells(totals(rows)))
        tablefmt = "github" if fmt == "markdown" else "simple"
        text = tabulate(table, headers=HEADERS, tablefmt=tablefmt, disable_numparse=True) + "\n"
    write_output(text, output)
    if any(r.error for r in reports):
        sys.exit(EXIT_PROCESSING)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "markdown", "json"]), default="table", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore .attribution.toml and pyproject.toml settings.")
@model_option
def sources(paths, fmt, output, config_path, isolated, model) -> None:
    """Every distinct source across the articles: name, kind, role, affiliation,
    number of claims and of articles — who is quoted, how often, and who speaks
    anonymously (with or without a stated reason)."""
    from attribution.report.overview import source_ledger

    reports = _audit_all(paths, model, config_path, isolated)
    entries = [e.as_dict() for e in source_ledger(reports)]
    headers = ("name", "kind", "role", "affiliation", "claims", "articles", "anonymous_with_reason")
    if fmt == "json":
        text = json.dumps(entries, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=headers, lineterminator="\n")
        w.writeheader()
        w.writerows(entries)
        text = buf.getvalue()
    else:
        rows = [[e[h] if e[h] is not None else "" for h in headers] for e in entries]
        text = (
            tabulate(rows, headers=headers, tablefmt="github" if fmt == "markdown" else "simple", disable_numparse=True)
            + "\n"
        )
    write_output(text, output)
    if any(r.error for r in reports):
        sys.exit(EXIT_PROCESSING)
