"""`attribution models`: list, offline download failure, evaluate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from attribution.cli.main import main


def test_list_shows_shipped_model():
    res = CliRunner().invoke(main, ["models", "list", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    compact = [r for r in rows if r["name"] == "en_compact"]
    assert compact and compact[0]["default"] is True
    assert 1_000_000 < compact[0]["size_bytes"] <= 60_000_000
    assert "CC BY" in compact[0]["licence"]


def test_download_offline_fails_cleanly(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("ATTRIBUTION_HOME", str(tmp_path))
    res = CliRunner().invoke(main, ["models", "download"])
    assert res.exit_code == 3
    assert "could not download" in res.stderr
    assert not any((tmp_path / "models").glob("*")) if (tmp_path / "models").exists() else True


@pytest.mark.model
def test_evaluate_on_a_tiny_gold_file(tmp_path):
    gold = tmp_path / "gold.conllu"
    gold.write_text(
        "# newdoc id = t\n# newpar\n# sent_id = 1\n# text = Officials said it rained.\n"
        "1\tOfficials\tofficial\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_\n"
        "2\tsaid\tsay\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_\n"
        "3\tit\tit\tPRON\tPRP\tCase=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs\t4\texpl\t_\t_\n"
        "4\trained\train\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t2\tccomp\t_\tSpaceAfter=No\n"
        "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["models", "evaluate", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout.strip().splitlines()[-1])
    for key in ("Tokens", "Sentences", "UPOS", "Lemmas", "UAS", "LAS"):
        assert 0 <= scores[key] <= 100
    assert scores["Tokens"] == 100.0
