"""Tabular renderings of audits: terminal table, CSV and Markdown.

One row per sentence that matters to a reviewer: each claim with its source,
kind, cue, strength and the rule ids raised on it; sentences that are not
claims (subheads, credits) are left out of the table but stay in JSON.
"""

from __future__ import annotations

import csv
import io

from tabulate import tabulate

from attribution.model import ArticleReport

COLUMNS = ("claim", "source", "kind", "cue", "strength", "findings")
EXCERPT = 60


def excerpt(text: str, width: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def claim_rows(report: ArticleReport, width: int | None = EXCERPT) -> list[list]:
    by_id = {a.id: a for a in report.attributions}
    rule_hits: dict[str, list[str]] = {}
    for f in report.findings:
        if f.claim and not f.suppressed:
            rule_hits.setdefault(f.claim, []).append(f.rule)
    rows = []
    for c in report.claims:
        if c.status not in ("claim", "declined_comment"):
            continue
        a = by_id.get(c.attribution) if c.attribution else None
        src = a.source if a else None
        rows.append(
            [
                excerpt(c.span.text, width) if width else " ".join(c.span.text.split()),
                (src.span.text if src and src.span else (src.name if src else "—")) or "—",
                src.kind.value if src else ("declined_comment" if c.status == "declined_comment" else "unattributed"),
                a.cue.span.text if a else "—",
                a.strength if a else 0,
                " ".join(sorted(set(rule_hits.get(c.id, [])))),
            ]
        )
    return rows


def summary_rows(report: ArticleReport) -> list[list]:
    rows: list[list] = []
    for key, value in report.summary.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {_num(v)}" for k, v in value.items()) or "—"
        elif isinstance(value, float):
            value = f"{value:.2f}"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "—"
        rows.append([key.replace("_", " "), value])
    return rows


def _num(v) -> str:
    """Shares (floats in 0..1) read as percentages; counts stay as they are."""
    if isinstance(v, float) and 0.0 <= v <= 1.0:
        return f"{100 * v:.0f}%"
    return str(v)


def render_table(reports: list[ArticleReport], fmt: str = "simple") -> str:
    out: list[str] = []
    for r in reports:
        out.append(f"== {r.path} ==")
        if r.error is not None:
            out.append(f"error: {r.error}\n")
            continue
        rows = claim_rows(r)
        out.append(tabulate(rows, headers=COLUMNS, tablefmt=fmt, disable_numparse=True) if rows else "(no claims)")
        out.append("")
        out.append(tabulate(summary_rows(r), headers=("summary", ""), tablefmt=fmt, disable_numparse=True))
        out.append("")
    return "\n".join(out)


def render_markdown(reports: list[ArticleReport]) -> str:
    out: list[str] = []
    for r in reports:
        out.append(f"## {r.path}\n")
        if r.error is not None:
            out.append(f"**error:** {r.error}\n")
            continue
        rows = [[_md(c) for c in row] for row in claim_rows(r)]
        out.append(tabulate(rows, headers=COLUMNS, tablefmt="github", disable_numparse=True) if rows else "_no claims_")
        out.append("")
        srows = [[_md(c) for c in row] for row in summary_rows(r)]
        out.append(tabulate(srows, headers=("summary", "value"), tablefmt="github", disable_numparse=True))
        out.append("")
    return "\n".join(out)


def _md(value) -> str:
    return str(value).replace("|", "\\|")


def render_csv(reports: list[ArticleReport]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("path", *COLUMNS, "error"))
    for r in reports:
        if r.error is not None:
            writer.writerow((r.path, "", "", "", "", "", "", r.error))
            continue
        for row in claim_rows(r, width=None):
            writer.writerow((r.path, *row, ""))
    return buf.getvalue()
