"""`attribution check` over fixtures/batch: 50 drafts with one worker and with two (integration layer).

Acceptance for issue #5: the 50 mixed .txt/.md/.html articles give the same
report with ``--jobs 2`` as with ``--jobs 1``, and one unreadable file among
the 50 leaves the other 49 reported with exit code 3. The CLI runs as a
subprocess, as in a CI job: each run (and each worker) loads the model
itself, so the spawned workers are tested as they ship. The three runs
(about 10,000 words each) are made once and shared by the module's tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

BATCH = Path(__file__).resolve().parent.parent / "fixtures" / "batch"
#: replaced, in a copy of the folder, by text saved as Latin-1: a draft check cannot decode
BROKEN = "batch/27_housing_plan.html"
LATIN1 = "<p>Caf\u00e9 owners in Sentholm said rents had doubled.</p>\n".encode("latin-1")


def check(folder: Path, jobs: int) -> tuple[int, dict, str]:
    """``attribution check --format json --jobs N batch`` run in ``folder``: exit code, report, stderr."""
    cmd = [sys.executable, "-m", "attribution.cli.main", "check", "--isolated", "--format", "json"]
    proc = subprocess.run(
        [*cmd, "--jobs", str(jobs), "batch"], cwd=folder, capture_output=True, text=True, timeout=1800, check=False
    )
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    broken = tmp_path_factory.mktemp("broken")
    shutil.copytree(BATCH, broken / "batch")
    (broken / BROKEN).write_bytes(LATIN1)
    return {
        "one": check(BATCH.parent, 1),
        "two": check(BATCH.parent, 2),
        "broken": check(broken, 2),
    }


def by_path(report: dict) -> dict[str, dict]:
    return {f["path"]: f for f in report["files"]}


def test_the_batch_is_fifty_mixed_articles():
    names = sorted(p.name for p in BATCH.iterdir())
    assert len(names) == 50
    kinds = Counter(Path(n).suffix for n in names)
    assert kinds[".txt"] == 17 and kinds[".md"] == 17 and kinds[".html"] + kinds[".htm"] == 16
    assert kinds[".htm"] >= 2


def test_every_file_is_checked_with_one_worker(runs):
    code, report, _ = runs["one"]
    assert code == 1  # the drafts carry unsourced figures (UNS001, an error)
    files = by_path(report)
    assert sorted(files) == sorted(f"batch/{p.name}" for p in BATCH.iterdir())
    assert not [p for p, f in files.items() if f.get("error")]
    assert sum(len(f["findings"]) for f in files.values()) > 100


def test_two_workers_give_the_same_report(runs):
    code1, one, _ = runs["one"]
    code2, two, _ = runs["two"]
    assert code2 == code1
    assert [f["path"] for f in two["files"]] == [f["path"] for f in one["files"]]  # input order kept
    for path, f in by_path(one).items():
        assert by_path(two)[path]["findings"] == f["findings"], path
    assert two == one  # attributions, claims and summaries too


def test_suppressions_in_the_batch(runs):
    files = by_path(runs["one"][1])
    waived = {(p, x["rule"], x["suppression"]["directive"]) for p, f in files.items() for x in f["findings"]
              if x["suppressed"]}
    assert ("batch/08_parking_charges.md", "UNS001", "ignore[UNS001]") in waived
    assert any(p == "batch/21_port_corruption.html" and d == "disable[ANO]" for p, _, d in waived)
    unused = [x for x in files["batch/13_wildfire_evacuation.txt"]["findings"] if x["rule"] == "SUP001"]
    assert len(unused) == 1 and "ignore[QUO001]" in unused[0]["message"]
    assert (unused[0]["line"], unused[0]["column"]) == (5, 1)


def test_one_unreadable_file_among_fifty(runs):
    code, report, stderr = runs["broken"]
    assert code == 3
    files = by_path(report)
    assert len(files) == 50
    assert [p for p, f in files.items() if f.get("error")] == [BROKEN]
    assert "not valid UTF-8" in files[BROKEN]["error"]
    assert BROKEN in stderr
    # the other 49 are reported in full, exactly as in the run without the broken file
    good = by_path(runs["one"][1])
    for path, f in files.items():
        if path != BROKEN:
            assert f["findings"] == good[path]["findings"], path
