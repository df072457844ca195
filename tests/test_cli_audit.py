"""`attribution audit` end to end: formats, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from attribution.cli.main import main

pytestmark = pytest.mark.model

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "attribution/schema/report.schema.json").read_text())
ARTICLE = (
    "Officials say the bridge will reopen on Monday. The repairs cost $4 million, "
    "according to a statement from the transport ministry.\n\n"
    '"We are confident," said ministry spokeswoman Ana Ruiz.\n\n'
    "At least 12 people were injured when it collapsed.\n"
)


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_json_validates_and_offsets_index_input(runner, article):
    res = runner.invoke(main, ["audit", "--format", "json", str(article)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    f = data["files"][0]
    text = article.read_bytes().decode("utf-8")
    assert f["attributions"], "no attribution found"
    for a in f["attributions"]:
        spans = [a["cue"], *a["content"]] + ([a["source"]] if a["source"] and a["source"]["start"] is not None else [])
        for s in spans:
            assert text[s["start"] : s["end"]] == s["text"]
    for c in f["claims"]:
        assert text[c["span"]["start"] : c["span"]["end"]] == c["span"]["text"]
    rules = {x["rule"] for x in f["findings"]}
    assert "UNS001" in rules  # "At least 12 people were injured" stands on nobody


def test_table_and_markdown_and_csv(runner, article):
    res = runner.invoke(main, ["audit", str(article)])
    assert res.exit_code == 0, res.output
    assert "claim" in res.stdout and "strength" in res.stdout and "summary" in res.stdout
    md = runner.invoke(main, ["audit", "--format", "markdown", str(article)]).stdout
    assert "| claim" in md and "|---" in md.replace(":", "-").replace(" ", "")
    rows = list(csv.DictReader(io.StringIO(runner.invoke(main, ["audit", "--format", "csv", str(article)]).stdout)))
    assert rows and {"path", "claim", "source", "kind", "cue", "strength", "findings"} <= set(rows[0])


def test_bad_inputs_reported_and_others_still_audited(runner, tmp_path, article):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"All quiet. " * 1_000_000)  # 11 MB
    paths = [str(tmp_path / "missing.txt"), str(tmp_path), str(empty), str(binary), str(latin), str(huge), str(article)]
    res = runner.invoke(main, ["audit", "--format", "json", *paths])
    assert res.exit_code == 3
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    errors = {Path(f["path"]).name: f.get("error") for f in data["files"]}
    assert errors["missing.txt"] == "no such file"
    assert "directory" in errors[tmp_path.name]
    assert errors["empty.txt"] == "empty file"
    assert "binary" in errors["image.txt"]
    assert "UTF-8" in errors["latin1.txt"]
    assert "too large" in errors["huge.txt"]
    assert errors["story.txt"] is None
    for name in ("missing.txt", "empty.txt", "image.txt", "latin1.txt", "huge.txt"):
        assert any(line.startswith("attribution: ") and name in line for line in res.stderr.splitlines())


def test_output_file_written_atomically(runner, tmp_path, article):
    out = tmp_path / "report.json"
    res = runner.invoke(main, ["audit", "--format", "json", "-o", str(out), str(article)])
    assert res.exit_code == 0
    assert json.loads(out.read_text())["schema_version"] == "1"
    assert out.stat().st_mode & 0o044, "written with private permissions"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_stdin(runner):
    res = runner.invoke(main, ["audit", "--format", "json", "-"], input=ARTICLE.encode())
    assert res.exit_code == 0
    assert json.loads(res.stdout)["files"][0]["path"] == "<stdin>"
    bad = runner.invoke(main, ["audit", "-"], input=b"\xff\xfe\x00bad")
    assert bad.exit_code == 3


def test_unknown_model_exits_3(runner, article, no_network):
    res = runner.invoke(main, ["audit", "--model", "nonexistent", str(article)])
    assert res.exit_code == 3
    assert "attribution models" in res.stderr


def test_damaged_cue_model_file_exits_3_with_its_name(runner, article, tmp_path, monkeypatch):
    from attribution.extract import learned

    bad = tmp_path / "cue_model.json.gz"
    bad.write_bytes(b"not a weight file")
    monkeypatch.setattr(learned, "MODEL_PATH", bad)
    res = runner.invoke(main, ["audit", str(article)])
    assert res.exit_code == 3
    assert "cue_model.json.gz" in res.stderr and "Traceback" not in res.stderr
