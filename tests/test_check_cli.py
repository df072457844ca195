"""`attribution check` end to end through the shipped model (integration layer).

Snapshots record the arguments' stdout and exit code for every format on
two small drafts (Markdown with suppressions, plain text). They change when
the model or the rules change on purpose: re-record them with
``ATTRIBUTION_UPDATE_SNAPSHOTS=1 pytest tests/test_check_cli.py`` and review
the diff like any other change of output. A snapshot that does not exist yet
is recorded on the first run (the test then reports itself skipped).
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner
from test_check_formats import assert_snapshot, normalise, sarif_schema, validate_sarif_structure

from attribution.check.formats import FORMATS
from attribution.cli.main import main

pytestmark = pytest.mark.model

TXT = (
    "Officials say the bridge will reopen on Monday. The repairs cost $4 million, "
    "according to a statement from the transport ministry.\n\n"
    '"We are confident," said ministry spokeswoman Ana Ruiz.\n\n'
    "At least 12 people were injured when it collapsed.\n"
)
MD = (
    "# Bridge to reopen\n\n"
    "Officials say the **bridge** will reopen on Monday. The repairs cost $4 million, according to a "
    "[statement](https://example.org/statement) from the transport ministry.\n\n"
    "<!-- attribution: ignore[UNS001] casualty figure confirmed by the desk -->\n"
    "At least 12 people were injured when it collapsed.\n\n"
    '"We are confident," said ministry spokeswoman *Ana Ruiz*.\n\n'
    "<!-- attribution: ignore[QUO001] nothing to waive here -->\n"
    "Ana Ruiz said the work would take three weeks.\n"
)


@pytest.fixture
def drafts(tmp_path, monkeypatch, parser):
    """Two drafts in tmp_path/drafts; in-process runs reuse the session's model instead of loading their own."""
    monkeypatch.setattr("attribution.nlp.load_parser", lambda model=None, **kwargs: parser)
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "drafts"
    d.mkdir()
    (d / "bridge.md").write_text(MD, encoding="utf-8")
    (d / "bridge.txt").write_text(TXT, encoding="utf-8")
    return d


def run(*args: str):
    return CliRunner().invoke(main, ["check", "--isolated", *args])


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot_every_format(drafts, fmt):
    res = run("--format", fmt, "drafts")
    assert res.exit_code in (0, 1), res.output
    assert_snapshot(f"model-{fmt}.txt", res.exit_code, normalise(fmt, res.stdout), record_missing=True)


def test_unsourced_figure_fails_and_suppression_holds(drafts):
    res = run("--format", "json", "drafts")
    assert res.exit_code == 1  # UNS001 (error) on the plain-text copy
    files = {f["path"]: f for f in json.loads(res.stdout)["files"]}
    txt = [f for f in files["drafts/bridge.txt"]["findings"] if f["rule"] == "UNS001"]
    assert txt and not txt[0]["suppressed"] and txt[0]["line"] == 5 and txt[0]["column"] == 1
    md_uns = [f for f in files["drafts/bridge.md"]["findings"] if f["rule"] == "UNS001"]
    assert md_uns and all(f["suppressed"] for f in md_uns)
    assert md_uns[0]["line"] == 6 and md_uns[0]["column"] == 1  # the original Markdown line, not the analysed one
    sup = [f for f in files["drafts/bridge.md"]["findings"] if f["rule"] == "SUP001"]
    assert len(sup) == 1 and sup[0]["line"] == 10 and "QUO001" in sup[0]["message"]
    md_text = (drafts / "bridge.md").read_text(encoding="utf-8")
    for f in files["drafts/bridge.md"]["findings"]:
        assert md_text[f["span"]["start"] : f["span"]["end"]] == f["span"]["text"]
    for c in files["drafts/bridge.md"]["claims"]:
        assert md_text[c["span"]["start"] : c["span"]["end"]] == c["span"]["text"]
    # the heading is a subhead, not a claim
    assert not any(c["span"]["text"].startswith("Bridge to reopen") and c["status"] == "claim"
                   for c in files["drafts/bridge.md"]["claims"])


def test_text_lines_and_exit_codes(drafts):
    res = run("drafts/bridge.txt")
    assert res.exit_code == 1
    assert any(line.startswith("drafts/bridge.txt:5:1: UNS001 error ") for line in res.stdout.splitlines())
    assert run("--exit-zero", "drafts/bridge.txt").exit_code == 0
    assert run("--ignore", "UNS001", "drafts/bridge.txt").exit_code == 0
    assert run("--fail-on", "never", "--fail-under", "100", "drafts/bridge.txt").exit_code == 1


def test_sarif_from_the_model_validates(drafts):
    data = json.loads(run("--format", "sarif", "drafts").stdout)
    validate_sarif_structure(data)
    schema = sarif_schema()
    if schema is not None:
        jsonschema.validate(data, schema)


def test_jobs_2_gives_the_same_findings_as_jobs_1(drafts):
    (drafts / "empty.txt").write_bytes(b"")
    one = run("--format", "json", "--jobs", "1", "drafts")
    two = run("--format", "json", "--jobs", "2", "drafts")
    assert one.exit_code == two.exit_code == 3
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_one_unreadable_file_among_many(drafts):
    (drafts / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    res = run("--exit-zero", "drafts", "drafts/missing.txt")
    assert res.exit_code == 3
    assert "drafts/binary.md: error: binary file" in res.stdout
    assert "drafts/missing.txt: error: no such file" in res.stdout
    assert "drafts/bridge.txt:5:1: UNS001" in res.stdout  # the readable files are still checked
