"""The name model's trainer (training/name_model.py) on hand-built parses: real fits, small data."""

from __future__ import annotations

import gzip
import json
import os

from nlp_docs import build_doc

from attribution.nlp.name_classifier import LABELS, NameModel, classify_names, load_name_model
from attribution.nlp.ner_eval import GoldDocument, GoldName
from training import name_model


def _fold(n: int):
    """``n`` documents where the model calls a place after "in" a person, and a gold person
    it tagged right; the untagged "Acme" run is an organisation."""
    golds, docs = [], []
    for i in range(n):
        doc = build_doc(
            f"Maria{i}/PROPN/S-PERSON lives/VERB in/ADP Coron/PROPN/S-PERSON with/ADP Acme/PROPN ./PUNCT"
        )
        text = doc.text
        spans = ((f"Maria{i}", "PERSON"), ("Coron", "PLACE"), ("Acme", "ORG"))
        gold_names = tuple(GoldName(text.index(t), text.index(t) + len(t), t, typ) for t, typ in spans)
        golds.append(GoldDocument(f"/x/GUM_news_{i}.conllu", text, gold_names, (), 1, 3))
        docs.append(doc)
    return {"golds": golds, "docs": docs}


def test_rows_are_labelled_by_the_gold_span_and_the_fit_learns_them():
    prepared = name_model._prepare([_fold(4), _fold(4), _fold(4)])
    rows = [r for docs in prepared for _, _, rs in docs for r in rs]
    assert [LABELS[y] for _, y, _ in rows[:3]] == ["PERSON", "PLACE", "ORG"]
    assert all(v is None for _, _, v in rows)  # no encoder given: no vectors
    weights, dense = name_model.fit(rows, l2=0.1, min_count=1)
    assert dense is None
    model = NameModel({f: tuple(w) for f, w in weights.items()}, {})
    doc = prepared[0][0][0]
    assert [(e.text, e.type) for e in classify_names(doc, model).entities] == [
        ("Maria0", "PERSON"),
        ("Coron", "PLACE"),
        ("Acme", "ORG"),
    ]


def test_with_the_encoder_rows_carry_vectors_and_the_fit_a_contextual_part():
    from attribution.nlp.encoder import load_encoder

    encoder = load_encoder()
    prepared = name_model._prepare([_fold(3), _fold(3), _fold(3)], encoder)
    rows = [r for docs in prepared for _, _, rs in docs for r in rs]
    assert all(v.shape == (768,) for _, _, v in rows)
    weights, (matrix, bias) = name_model.fit(rows, l2=0.1, min_count=1, dim=4, l2_dense=0.1)
    assert len(matrix) == 768 and all(len(r) == len(LABELS) for r in matrix) and len(bias) == len(LABELS)
    model = name_model.name_model(weights, (matrix, bias), 0.0)
    # the folded matrix scores a row's vector as the fit's components did: the rows are learned
    doc = prepared[0][0][0]
    assert [(e.text, e.type) for e in classify_names(doc, model, encoder).entities] == [
        ("Maria0", "PERSON"),
        ("Coron", "PLACE"),
        ("Acme", "ORG"),
    ]
    results = name_model.cross_validate(prepared, l2=0.1, min_count=1, encoder=encoder, dim=4, l2_dense=0.1)
    assert results["with margin 0.00"][2] == [100.0, 100.0, 100.0]


def test_cross_validation_scores_each_fold_with_the_other_folds_weights():
    results = name_model.cross_validate(name_model._prepare([_fold(3), _fold(3), _fold(3)]), l2=0.1, min_count=1)
    without, with_model = results["without"], results["with margin 0.00"]
    # the model's own tags get one of three names right; learned from the other folds, all three
    assert round(without[0]["ALL"]["F1"], 2) == 40.0
    assert with_model[0]["ALL"]["F1"] == 100.0
    assert with_model[2] == [100.0, 100.0, 100.0]


def test_write_stores_a_file_the_product_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(name_model, "_load_parsed", lambda paths: [_fold(2), _fold(2), _fold(2)])
    out = tmp_path / "names.json.gz"
    name_model.main(["write", "--out", str(out), "--l2", "0.1", "--min-count", "1"])
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["info"]["rows"] == 18
    assert load_name_model(out).weights.keys() == data["weights"].keys()
    # the contextual part, read through the shipped encoder, and the encoder it was fitted on
    assert len(data["dense"]["weights"]) == 768 and load_name_model(out).dense is not None
    from attribution.nlp.encoder import fingerprint

    assert data["info"]["encoder"] == fingerprint()
    name_model.main(["write", "--out", str(tmp_path / "plain.json.gz"), "--no-encoder", "--min-count", "1"])
    assert load_name_model(tmp_path / "plain.json.gz").dense is None
    # the same rows give the same bytes (no time stamp in the gzip header)
    again = tmp_path / "again.json.gz"
    name_model.main(["write", "--out", str(again), "--l2", "0.1", "--min-count", "1"])
    assert again.read_bytes() == out.read_bytes()


def test_other_runs_parses_add_training_rows_but_not_scored_documents(tmp_path, monkeypatch):
    folds = {"main": [_fold(2), _fold(2), _fold(2)], "other": [_fold(1), _fold(1), _fold(1)]}
    monkeypatch.setattr(name_model, "_load_parsed", lambda paths: folds[os.path.basename(paths.work)])
    out = tmp_path / "names.json.gz"
    args = ["--work", str(tmp_path / "main"), "--extra-work", str(tmp_path / "other"), "--min-count", "1"]
    name_model.main(["write", "--out", str(out), *args])
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        assert json.load(fh)["info"]["rows"] == 18 + 9
    prepared = name_model._prepare(folds["main"])
    extra = [name_model._prepare(folds["other"])]
    results = name_model.cross_validate(prepared, l2=0.1, min_count=1, extra=extra)
    assert results["without"][0]["ALL"]["gold"] == 18  # the main run's documents only
    assert results["with margin 0.00"][2] == [100.0, 100.0, 100.0]


def test_cv_refuses_an_encoder_tuned_on_the_folds_it_would_score(tmp_path):
    import pytest
    from test_training_encoder import _base

    from training import encoder as enc_mod

    data, config, vocab = _base()
    tuned = tmp_path / "tuned.pt"
    stored = enc_mod.convert(data["tensors"], config, vocab, bits=8)
    stored["info"]["tuned"] = {"sentences": 1}
    __import__("torch").save(stored, tuned)
    with pytest.raises(SystemExit, match="fine-tuned on these candidates"):
        name_model.main(["cv", "--encoder", str(tuned)])
