"""`attribution report` / `sources`: totals add up and agree with `audit --format json`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli.main import main

pytestmark = pytest.mark.model

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "articles").glob("0[1-4]_*.txt"))
KINDS = ("named_person", "named_organization", "document", "anonymous", "vague", "unattributed")


@pytest.fixture(scope="module")
def outputs():
    r = CliRunner()
    paths = [str(p) for p in ARTICLES]
    report = r.invoke(main, ["report", "--format", "json", *paths])
    audit = r.invoke(main, ["audit", "--format", "json", *paths])
    assert report.exit_code == 0 and audit.exit_code == 0, report.output + audit.output
    return json.loads(report.stdout), json.loads(audit.stdout), r, paths


def test_totals_are_the_sum_of_rows(outputs):
    rep, _, _, _ = outputs
    rows, tot = rep["articles"], rep["totals"]
    for key in ("words", "claims", "attributed", "anonymous_with_reason", "anonymous_without_reason"):
        assert tot[key] == sum(r[key] for r in rows), key
    for k in KINDS:
        assert tot["kinds"][k] == sum(r["kinds"][k] for r in rows), k
    for s in ("error", "warning", "info"):
        assert tot["findings"][s] == sum(r["findings"][s] for r in rows), s


def test_rows_agree_with_audit_json(outputs):
    rep, aud, _, _ = outputs
    by_path = {f["path"]: f for f in aud["files"]}
    for row in rep["articles"]:
        f = by_path[row["path"]]
        atts = {a["id"]: a for a in f["attributions"]}
        claims = [c for c in f["claims"] if c["status"] == "claim"]
        assert row["claims"] == len(claims)
        kinds = dict.fromkeys(KINDS, 0)
        for c in claims:
            a = atts.get(c["attribution"]) if c["attribution"] else None
            kinds[a["source"]["kind"] if a and a["source"] else "unattributed"] += 1
        assert row["kinds"] == kinds
        sev = {"error": 0, "warning": 0, "info": 0}
        for x in f["findings"]:
            sev[x["severity"]] += not x["suppressed"]
        assert row["findings"] == sev
        assert row["score"] == f["summary"]["score"]


def test_csv_parses_back_and_sources_ledger(outputs):
    _, aud, r, paths = outputs
    rows = list(csv.DictReader(io.StringIO(r.invoke(main, ["report", "--format", "csv", *paths]).stdout)))
    assert len(rows) == len(paths) + 1 and rows[-1]["article"] == "TOTAL"
    md = r.invoke(main, ["report", "--format", "markdown", *paths]).stdout
    assert md.splitlines()[1].startswith("|--")
    ledger = json.loads(r.invoke(main, ["sources", "--format", "json", *paths]).stdout)
    n_sourced = sum(1 for f in aud["files"] for a in f["attributions"] if a["source"])
    assert sum(e["claims"] for e in ledger) == n_sourced
