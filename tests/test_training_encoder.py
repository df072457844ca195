"""Fine-tuning the name pass's encoder (training/encoder.py, training/name_model.py) on a tiny BERT."""

from __future__ import annotations

import torch
from test_nlp_encoder import _tiny
from test_training_name_model import _fold

from training import encoder as enc_mod
from training import name_model


def _base():
    raw, config, vocab = _tiny()
    vocab = vocab + ["maria", "lives", "in", "coron", "with", "acme"]
    raw["embeddings.word_embeddings.weight"] = torch.randn(len(vocab), config["hidden_size"])
    return enc_mod.convert(raw, config, vocab, bits=32), config, vocab


def test_labelled_sentences_give_each_candidate_its_gold_label():
    sentences = name_model.labelled_sentences(_fold(2))
    assert len(sentences) == 2
    words, spans = sentences[0]
    assert words[:4] == ["Maria0", "lives", "in", "Coron"]
    # Maria0 PERSON, Coron PLACE (the model said PERSON), the untagged Acme ORG
    assert spans == [(0, 0, 1), (3, 3, 3), (5, 5, 2)]


def test_tuning_changes_the_encoder_the_same_way_each_time():
    data, _, _ = _base()
    sentences = name_model.labelled_sentences(_fold(3))
    logs: list[str] = []
    one = enc_mod.tune(data, sentences, epochs=2, lr=1e-3, batch=2, log=logs.append)
    two = enc_mod.tune(data, sentences, epochs=2, lr=1e-3, batch=2, log=lambda _: None)
    assert logs and logs[0].startswith("tune: step 0")
    assert one["info"]["tuned"] == {"sentences": 3, "epochs": 2, "lr": 1e-3, "head_lr": 1e-3, "batch": 2, "seed": 0}
    changed = [k for k, v in one["tensors"].items() if not torch.equal(v, data["tensors"][k])]
    assert "encoder.layer.0.attention.self.query.weight" in changed
    assert all(torch.equal(v, two["tensors"][k]) for k, v in one["tensors"].items())
    assert all(not v.requires_grad for v in one["tensors"].values())
    # the input is left as it was
    fresh = _base()[0]["tensors"]
    assert all(torch.equal(v, fresh[k]) for k, v in data["tensors"].items())


def test_cross_validation_with_a_tuned_encoder_per_fold():
    folds = [_fold(3), _fold(3), _fold(3)]
    results = name_model.cross_validate_tuned(
        folds, l2=0.1, min_count=1, margins=(0.0,), dim=4, l2_dense=0.1, epochs=1, lr=1e-3,
        base=_base(), log=lambda _: None,
    )
    assert round(results["without"][0]["ALL"]["F1"], 2) == 40.0
    assert results["with margin 0.00"][2] == [100.0, 100.0, 100.0]
