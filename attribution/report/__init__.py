"""One report model, many renderings.

Every formatter takes the same list of :class:`~attribution.model.ArticleReport`
and returns text; none of them recomputes anything, so the table, CSV,
Markdown and JSON views of one audit always agree.
"""

from __future__ import annotations

from attribution.model import ArticleReport
from attribution.report.jsonout import render_json, report_json
from attribution.report.tables import render_csv, render_markdown, render_table

FORMATS = ("table", "json", "csv", "markdown")


def render(reports: list[ArticleReport], fmt: str) -> str:
    if fmt == "json":
        return render_json(reports)
    if fmt == "csv":
        return render_csv(reports)
    if fmt == "markdown":
        return render_markdown(reports)
    if fmt == "table":
        return render_table(reports)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "report_json"]
