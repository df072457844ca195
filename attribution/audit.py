"""Parse → extract → score: the audit of one article, and of many.

This is the one place that strings the stages together, so `audit`, `check`
and `report` all see the same analysis of a text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from attribution.extract import extract
from attribution.inputs import MAX_BYTES, InputError, read_text
from attribution.model import ArticleReport, ParsedDocument
from attribution.nlp import Parser
from attribution.rules import RuleSet


def audit_document(doc: ParsedDocument, ruleset: RuleSet, path: str = "<text>") -> ArticleReport:
    """Audit an already parsed document (the fast path for cached parses)."""
    extraction = extract(doc)
    return ruleset.evaluate(doc.text, extraction, path=path).report(path, doc.text)


def audit_text(text: str, parser: Parser, ruleset: RuleSet, path: str = "<text>") -> ArticleReport:
    return audit_document(parser.parse(text), ruleset, path)


@dataclass(frozen=True)
class Job:
    """One input: a path to read, or text already in hand (stdin)."""

    path: str
    text: str | None = None
    error: str | None = None  # already known to be unreadable (e.g. stdin that is not UTF-8)


def audit_jobs(
    jobs: Iterable[Job],
    parser_factory: Callable[[], Parser],
    ruleset: RuleSet,
    *,
    max_bytes: int = MAX_BYTES,
    on_done: Callable[[ArticleReport], None] | None = None,
) -> Iterator[ArticleReport]:
    """Audit inputs in order; a bad input yields a report with ``error`` set and the rest go on.

    The parser is created on first need, so a run whose inputs all fail to
    read never pays for loading a model.
    """
    parser: Parser | None = None
    for job in jobs:
        try:
            if job.error is not None:
                raise InputError(job.error)
            text = job.text if job.text is not None else read_text(job.path, max_bytes=max_bytes)
        except InputError as exc:
            report = ArticleReport(path=job.path, error=str(exc))
        else:
            if parser is None:
                parser = parser_factory()
            report = audit_text(text, parser, ruleset, job.path)
        if on_done:
            on_done(report)
        yield report
