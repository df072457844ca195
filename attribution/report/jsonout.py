"""The JSON report: the contract other tools and the evaluation read.

``{"schema_version": "1", "files": [...]}``; every span is
``{"start", "end", "text"}`` with offsets into the input text as decoded
(UTF-8, newlines untouched). The schema lives in
``attribution/schema/report.schema.json`` and a test validates against it.
"""

from __future__ import annotations

import json

from attribution.model import ArticleReport, Attribution, Claim, Finding

SCHEMA_VERSION = "1"


def attribution_json(a: Attribution) -> dict:
    return {
        "id": a.id,
        "cue": a.cue.to_json(),
        "source": a.source.to_json() if a.source else None,
        "content": [c.to_json() for c in a.content],
        "form": a.form,
        "direct": a.direct,
        "sentence": a.sentence,
        "strength": a.strength,
        "strength_reasons": list(a.strength_reasons),
    }


def claim_json(c: Claim) -> dict:
    return {
        "id": c.id,
        "span": c.span.to_json(),
        "sentence": c.sentence,
        "attribution": c.attribution,
        "status": c.status,
        "reason": c.reason,
        "has_figure": c.has_figure,
        "common_knowledge": c.common_knowledge,
    }


def finding_json(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "span": f.span.to_json(),
        "claim": f.claim,
        "attribution": f.attribution,
        "suppressed": f.suppressed,
        "metadata": f.metadata,
    }


def file_json(r: ArticleReport) -> dict:
    if r.error is not None:
        return {"path": r.path, "error": r.error}
    return {
        "path": r.path,
        "attributions": [attribution_json(a) for a in r.attributions],
        "claims": [claim_json(c) for c in r.claims],
        "findings": [finding_json(f) for f in r.findings],
        "summary": r.summary,
    }


def report_json(reports: list[ArticleReport]) -> dict:
    return {"schema_version": SCHEMA_VERSION, "files": [file_json(r) for r in reports]}


def render_json(reports: list[ArticleReport]) -> str:
    return json.dumps(report_json(reports), ensure_ascii=False, indent=2) + "\n"
