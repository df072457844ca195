"""`attribution check` plumbing without the model: mapping back, discovery, config, exit codes.

Parse + extract + rules are replaced by :mod:`check_fakes` (findings by
pattern at predictable offsets), so everything here runs in the fast layer.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from check_fakes import ARTICLE_HTML, ARTICLE_MD, ARTICLE_TXT, fake_analyse
from click.testing import CliRunner

from attribution.check.policy import Policy
from attribution.check.runner import Checker, CheckJob, discover
from attribution.cli.main import main
from attribution.config import Config

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "attribution/schema/report.schema.json").read_text())


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(Checker, "analyse", fake_analyse)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A drafts folder with one article per markup kind; the working folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "drafts"
    d.mkdir()
    (d / "bridge.md").write_text(ARTICLE_MD, encoding="utf-8")
    (d / "bridge.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (d / "bridge.txt").write_text(ARTICLE_TXT, encoding="utf-8")
    return d


def line_of(text: str, needle: str) -> tuple[int, int]:
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_findings_map_back_to_original_markdown(fake):
    checker = Checker([Policy.build(Config())])
    res = checker.check(CheckJob("story.md", text=ARTICLE_MD))
    assert res.error is None
    by_rule = {f.rule: f for f in res.report.findings}
    assert (by_rule["VAG001"].line, by_rule["VAG001"].column) == line_of(ARTICLE_MD, "Officials")
    uns = [f for f in res.report.findings if f.rule == "UNS001"]
    assert [(f.line, f.column) for f in uns] == [line_of(ARTICLE_MD, "12 people"), line_of(ARTICLE_MD, "3 dead")]
    assert [f.suppressed for f in uns] == [True, False]
    assert by_rule["VRB001"].span.text == "claimed"
    # spans index the original file, as the JSON contract promises
    for f in res.report.findings:
        assert ARTICLE_MD[f.span.start : f.span.end] == f.span.text
    sup = by_rule["SUP001"]
    assert (sup.line, sup.column) == line_of(ARTICLE_MD, "<!-- attribution: ignore[ANO001]")
    assert res.failing == 1  # UNS001 on "3 dead"; the suppressed one does not count


def test_findings_map_back_to_original_html(fake):
    res = Checker([Policy.build(Config())]).check(CheckJob("story.html", text=ARTICLE_HTML))
    lines = {(f.rule, f.line, f.column) for f in res.report.findings}
    assert lines == {("VAG001", *line_of(ARTICLE_HTML, "Officials")), ("UNS001", *line_of(ARTICLE_HTML, "12 people"))}


def test_unreadable_input_is_a_result_not_an_exception(fake, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    res = Checker([Policy.build(Config())]).check(CheckJob(str(bad)))
    assert res.error and "binary" in res.error


def test_discovery_include_exclude(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ("a/one.md", "a/two.txt", "a/skip.py", "a/old/three.html", "a/.hidden/x.md", "b.rst"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    assert discover(["a"]) == ["a/old/three.html", "a/one.md", "a/two.txt"]
    assert discover(["a"], exclude=["old"]) == ["a/one.md", "a/two.txt"]
    assert discover(["a"], include=["*.md"]) == ["a/one.md"]
    assert discover(["a"], exclude=["old/*.html", "two.*"]) == ["a/one.md"]
    # a file named on the command line is checked whatever its extension; duplicates are dropped
    assert discover(["b.rst", "a/one.md", "a"]) == ["b.rst", "a/one.md", "a/old/three.html", "a/two.txt"]


# ------------------------------------------------------------------- CLI


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["check", *args], input=input)


def test_text_output_and_exit_code(fake, desk):
    res = run("drafts")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert "drafts/bridge.md:3:1: VAG001 warning Vague source 'Officials' [Officials]" in lines
    assert "drafts/bridge.md:8:19: UNS001 error Claim with a figure rests on no source [3 dead]" in lines
    assert not any("12 people" in line and "bridge.md" in line for line in lines)  # suppressed
    assert any(line.startswith("drafts/bridge.md:10:1: SUP001 warning unused suppression") for line in lines)
    assert lines[-1].startswith("8 findings (3 errors, 4 warnings, 1 info) in 3 files, 1 suppressed")


def test_exit_zero_fail_on_min_severity_select(fake, desk):
    assert run("--exit-zero", "drafts").exit_code == 0
    assert run("--fail-on", "never", "drafts").exit_code == 0
    res = run("--min-severity", "error", "drafts/bridge.txt")
    assert [line.split()[1] for line in res.stdout.splitlines()[:-1]] == ["UNS001"]
    res = run("--select", "VAG,VRB", "--fail-on", "warning", "drafts/bridge.md")
    assert res.exit_code == 1
    assert {line.split()[1] for line in res.stdout.splitlines()[:-1]} == {"VAG001", "VRB001"}
    res = run("--ignore", "UNS,VAG", "drafts/bridge.txt")
    assert res.exit_code == 0 and res.stdout.startswith("0 findings in 1 file")


def test_fail_under(fake, desk):
    res = run("--fail-on", "never", "--fail-under", "50", "drafts/bridge.txt")
    assert res.exit_code == 1
    assert "drafts/bridge.txt: score 40 is under fail-under 50" in res.stdout
    assert run("--fail-on", "never", "--fail-under", "40", "drafts/bridge.txt").exit_code == 0


def test_stdin_with_filename_picks_markdown(fake, desk):
    res = run("--stdin-filename", "drafts/piped.md", "-", input=ARTICLE_MD)
    assert res.exit_code == 1
    assert "drafts/piped.md:8:19: UNS001 error" in res.stdout


def test_json_marks_suppressed_and_validates(fake, desk):
    res = run("--format", "json", "drafts/bridge.md")
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA)
    findings = data["files"][0]["findings"]
    waived = [f for f in findings if f["suppressed"]]
    assert len(waived) == 1 and waived[0]["rule"] == "UNS001"
    assert waived[0]["suppression"] == {"directive": "ignore[UNS001]", "reason": "figure from the court filing"}
    text = (desk / "bridge.md").read_text(encoding="utf-8")
    for f in findings:
        assert text[f["span"]["start"] : f["span"]["end"]] == f["span"]["text"]


def test_config_discovered_upward_and_per_path_ignores(fake, desk):
    (desk / ".attribution.toml").write_text(
        'select = ["UNS", "VAG"]\nmin-severity = "warning"\n[per-path-ignores]\n"*.txt" = ["VAG"]\n', encoding="utf-8"
    )
    res = run("drafts")
    rules = {(line.split(":")[0], line.split()[1]) for line in res.stdout.splitlines()[:-1]}
    assert ("drafts/bridge.txt", "VAG001") not in rules
    assert ("drafts/bridge.md", "VAG001") in rules
    assert not any(rule in ("VRB001", "SUP001") for _, rule in rules)
    assert run("--isolated", "drafts").stdout.count("VRB001") == 1


def test_bad_config_exits_2_naming_file_and_key(fake, desk):
    cfg = desk / ".attribution.toml"
    cfg.write_text('fail-on = "sometimes"\n', encoding="utf-8")
    res = run("drafts")
    assert res.exit_code == 2
    assert str(cfg) in res.stderr and "fail-on" in res.stderr
    cfg.write_text('selekt = ["UNS"]\n', encoding="utf-8")
    res = run("drafts/bridge.md")
    assert res.exit_code == 2 and "selekt" in res.stderr and "did you mean 'select'" in res.stderr
    res = run("--config", str(desk / "missing.toml"), "drafts")
    assert res.exit_code == 2 and "missing.toml" in res.stderr


def test_bad_rule_pack_exits_2(fake, desk):
    (desk / "house").mkdir()
    (desk / "house" / "x.yaml").write_text("id: HSE001\nname: house-rule\n", encoding="utf-8")
    (desk / ".attribution.toml").write_text('extend-rules = ["house"]\n', encoding="utf-8")
    res = run("drafts")
    assert res.exit_code == 2 and "x.yaml" in res.stderr


def test_bad_select_exits_2(fake, desk):
    res = run("--select", "XYZ", "drafts")
    assert res.exit_code == 2 and "--select" in res.stderr and "XYZ" in res.stderr
    res = run("--select", "not a rule", "drafts")
    assert res.exit_code == 2
    assert run("--config", "x.toml", "--isolated", "drafts").exit_code == 2


def test_one_unreadable_file_among_many(fake, desk):
    (desk / "empty.md").write_bytes(b"")
    (desk / "latin1.txt").write_bytes("Caf\xe9 owners said 3 people left.".encode("latin-1"))
    res = run("--exit-zero", "drafts", "drafts/missing.md")
    assert res.exit_code == 3  # --exit-zero never hides a processing error
    out = res.stdout
    assert "drafts/empty.md: error: empty file" in out
    assert "drafts/latin1.txt: error: not valid UTF-8" in out
    assert "drafts/missing.md: error: no such file" in out
    assert "drafts/bridge.html:" in out and "drafts/bridge.md:" in out and "drafts/bridge.txt:" in out
    assert out.splitlines()[-1].endswith("3 files could not be checked.")


def test_select_only_sup_runs_no_engine_rule(fake, desk):
    res = run("--select", "SUP", "drafts/bridge.md")
    # no engine rule runs, and ignore[ANO001] is not "unused" while ANO rules are not running
    assert res.stdout.splitlines() == ["0 findings in 1 file."]
    res = run("--select", "SUP,ANO", "drafts/bridge.md")
    assert [line.split()[1] for line in res.stdout.splitlines()[:-1]] == ["SUP001"]
    assert res.exit_code == 0  # warnings do not fail under the default fail-on error


def test_worker_pool_keeps_input_order_without_loading_a_model(tmp_path):
    """--jobs N plumbing (spawned workers, ordered results); unreadable inputs never load the model."""
    from attribution.check.runner import run_jobs

    names = ["missing-a.md", "empty.txt", "missing-b.html", "dir"]
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "dir").mkdir()
    jobs = [CheckJob(str(tmp_path / n)) for n in names]
    seen: list[str] = []
    results = run_jobs(jobs, [Policy.build(Config())], workers=2, model="no-such-model",
                       on_done=lambda r: seen.append(r.path))
    assert [r.path for r in results] == [j.path for j in jobs] == seen
    assert [r.error for r in results] == ["no such file", "empty file", "no such file", "is a directory, not a file"]


# ----------------------------------------------- real extraction and rules, cached parse


def test_markdown_through_real_extraction_and_rules_on_a_cached_parse():
    """The whole chain except the model: a Markdown draft whose analysed text is a cached parse's text."""
    from attribution.nlp import conllu

    doc = conllu.loads((Path(__file__).parent / "data/parses/basic_news.conllu").read_text(encoding="utf-8"))
    md = (
        doc.text.replace("What happens next?", "## What happens next?")
        .replace("Jane Doe", "**Jane Doe**")
        .replace("Mayor Ann Lee", "[Mayor Ann Lee](https://example.org/lee)")
        .replace("\n\nA statement from", "\n\n<!-- attribution: ignore[VAG001] desk accepts it -->\nA statement from")
    )

    class CachedParse:
        name = "cached"

        def parse(self, text: str):
            assert text == doc.text, "the analysed Markdown differs from the parsed text"
            return doc

    res = Checker([Policy.build(Config())], parser_factory=CachedParse).check(CheckJob("basic.md", text=md))
    assert res.error is None, res.error
    assert res.report.findings, "the rules found nothing at all"
    lines = md.split("\n")
    for f in res.report.findings:
        assert md[f.span.start : f.span.end] == f.span.text
        if f.span.text:
            assert lines[f.line - 1][f.column - 1 :].startswith(f.span.text.split("\n")[0])
    for c in res.report.claims:
        assert md[c.span.start : c.span.end] == c.span.text
    # the directive either waived a VAG001 in its paragraph or is reported as unused
    para = md.index("A statement from"), md.index("\n\n", md.index("A statement from"))
    waived = [f for f in res.report.findings if f.suppressed]
    unused = [f for f in res.report.findings if f.rule == "SUP001"]
    assert bool(waived) != bool(unused)
    assert all(f.rule == "VAG001" and para[0] <= f.span.start < para[1] for f in waived)
    assert isinstance(res.report.summary.get("score"), int | float)


def test_a_model_that_cannot_load_fails_each_file_once_loaded(tmp_path):
    from attribution.nlp import ModelError

    calls = []

    def broken():
        calls.append(1)
        raise ModelError("model 'x' is not installed")

    checker = Checker([Policy.build(Config())], parser_factory=broken)
    results = [checker.check(CheckJob(f"{n}.txt", text="Officials said so.")) for n in "abc"]
    assert all("could not be loaded: model 'x' is not installed" in r.error for r in results)
    assert len(calls) == 1  # not retried for every file


def test_progress_bar_on_a_terminal_for_longer_batches(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("attribution.cli.common.stderr_is_terminal", lambda: True)
    res = run("a.md", "b.md", "c.md", "d.md")
    assert res.exit_code == 3
    assert "4/4" in res.stderr and "[" + "#" * 24 + "]" in res.stderr
    assert "[" not in run("a.md").stderr  # short runs stay quiet


def test_config_can_relevel_and_path_ignore_sup_rules(fake, desk):
    (desk / ".attribution.toml").write_text(
        'ignore = ["UNS", "VAG", "VRB"]\n[severity]\nSUP001 = "error"\n[per-path-ignores]\n"*.html" = ["SUP"]\n',
        encoding="utf-8",
    )
    res = run("drafts/bridge.md")
    assert res.exit_code == 1
    assert "drafts/bridge.md:10:1: SUP001 error unused suppression ignore[ANO001]" in res.stdout
    (desk / "x.html").write_text("<!-- attribution: ignore[ANO001] -->\n<p>Text.</p>\n", encoding="utf-8")
    assert run("drafts/x.html").exit_code == 0
