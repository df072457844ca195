"""NER training-data augmentation (training/augment.py) and checkpoint averaging (training/average.py)."""

from __future__ import annotations

import json
import random

import pytest

from training import augment
from training.average import average_states


def sent(*pairs: str) -> list[dict]:
    return [{"text": w, "ner": t} for w, t in (p.rsplit("/", 1) for p in pairs)]


TRAIN = [
    sent("Anna/B-PERSON", "Lee/E-PERSON", "works/O", "for/O", "Acme/B-ORG", "Corp/E-ORG", "in/O", "Paris/S-PLACE",
         "./O"),
    sent("Bob/S-PERSON", "flew/O", "to/O", "New/B-PLACE", "South/I-PLACE", "Wales/E-PLACE", "./O"),
    sent("The/O", "University/B-ORG", "of/I-ORG", "Oslo/E-ORG", "hired/O", "Carla/B-PERSON", "Maria/I-PERSON",
         "Diaz/E-PERSON", "./O"),
    sent("Nothing/O", "here/O", "./O"),
]


def test_spans_reads_bioes_and_rejects_broken_sequences() -> None:
    assert augment.spans([w["ner"] for w in TRAIN[0]]) == [(0, 1, "PERSON"), (4, 5, "ORG"), (7, 7, "PLACE")]
    for bad in (["I-ORG"], ["B-ORG", "O"], ["B-ORG", "E-PLACE"], ["B-ORG"], ["S-ORG", "E-ORG"], ["X-ORG"]):
        with pytest.raises(ValueError):
            augment.spans(bad)


def test_pool_has_every_distinct_name_by_type() -> None:
    pool = augment.name_pool(TRAIN)
    assert pool["PERSON"] == [("Anna", "Lee"), ("Bob",), ("Carla", "Maria", "Diaz")]
    assert pool["PLACE"] == [("New", "South", "Wales"), ("Paris",)]
    assert pool["ORG"] == [("Acme", "Corp"), ("University", "of", "Oslo")]


@pytest.mark.parametrize("seed", range(20))
def test_replacement_keeps_context_types_and_well_formed_tags(seed: int) -> None:
    pool = augment.name_pool(TRAIN)
    rng = random.Random(seed)
    for s in TRAIN:
        new = augment.replace_names(s, pool, rng)
        old_spans = augment.spans([w["ner"] for w in s])
        new_spans = augment.spans([w["ner"] for w in new])   # raises on broken BIOES
        # same number of names, same types, in the same order
        assert [t for _, _, t in new_spans] == [t for _, _, t in old_spans]
        # every name comes from the pool of its type and differs from the one it replaced
        words = [w["text"] for w in new]
        for (s0, e0, t), (s1, e1, _) in zip(old_spans, new_spans, strict=True):
            name = tuple(words[s1:e1 + 1])
            assert name in pool[t]
            assert name != tuple(w["text"] for w in s[s0:e0 + 1])
        # the words outside the names are the original context, untouched and tagged O
        ctx_old = [w["text"] for i, w in enumerate(s) if not any(a <= i <= b for a, b, _ in old_spans)]
        ctx_new = [w for i, w in enumerate(words) if not any(a <= i <= b for a, b, _ in new_spans)]
        assert ctx_new == ctx_old
        assert all(w["ner"] == "O" for i, w in enumerate(new) if not any(a <= i <= b for a, b, _ in new_spans))


def test_augment_appends_copies_of_sentences_with_names_only_and_is_reproducible() -> None:
    out = augment.augment(TRAIN, copies=2, seed=7)
    assert out[:len(TRAIN)] == TRAIN
    assert len(out) == len(TRAIN) + 2 * 3
    assert out == augment.augment(TRAIN, copies=2, seed=7)
    assert TRAIN[1][0] == {"text": "Bob", "ner": "S-PERSON"}     # the input is not modified


def test_lexicon_places_join_the_place_pool_capitalised() -> None:
    places = augment.lexicon_places()
    assert ("Australia",) in places
    assert all(w[:1].isupper() or not w[:1].isalpha() for p in places for w in p)
    out = augment.augment(TRAIN, copies=5, seed=1, lexicon=True)
    names = {tuple(w["text"] for w in s[a:b + 1]) for s in out for a, b, t in augment.spans([w["ner"] for w in s])
             if t == "PLACE"}
    assert names - {("Paris",), ("New", "South", "Wales")}


def test_write_augmented_reads_train_only(tmp_path) -> None:
    from training.common import Paths
    paths = Paths(str(tmp_path / "data"), str(tmp_path / "work"))
    with open(f"{paths.ner}/train.json", "w") as f:
        json.dump(TRAIN, f)
    with open(f"{paths.ner}/dev.json", "w") as f:
        json.dump([sent("Zed/S-PERSON", "./O")], f)
    dst = augment.write_augmented(paths, copies=3)
    out = json.load(open(dst))
    assert len(out) == 4 + 9
    assert "Zed" not in {w["text"] for s in out for w in s}


def test_average_states_means_floats_and_keeps_the_rest() -> None:
    torch = pytest.importorskip("torch")
    a = {"w": torch.tensor([1.0, 3.0]), "n": torch.tensor([2])}
    b = {"w": torch.tensor([3.0, 5.0]), "n": torch.tensor([9])}
    out = average_states([a, b])
    assert out["w"].tolist() == [2.0, 4.0]
    assert out["n"].tolist() == [2]
    with pytest.raises(ValueError):
        average_states([a, {"w": torch.zeros(3), "n": torch.tensor([1])}])
    with pytest.raises(ValueError):
        average_states([a, {"w": torch.zeros(2)}])


def test_a_continued_ner_model_trains_at_the_given_learning_rate(monkeypatch) -> None:
    """stanza builds a --finetune run's optimizer from the saved model's lr; threaded applies --lr."""
    ner_tagger = pytest.importorskip("stanza.models.ner_tagger")
    from training import threaded

    class Trainer:
        def __init__(self) -> None:
            self.optimizer = type("Opt", (), {"param_groups": [{"lr": 0.1}, {"lr": 0.1}]})()
            self.args = {"lr": 0.1}

    trainer = Trainer()
    monkeypatch.setattr(ner_tagger, "load_model", lambda args, model_file: ({"lr": 0.1}, trainer, None))
    threaded._ner_finetune_lr(0.02)
    loaded_args, got, _ = ner_tagger.load_model({"mode": "train"}, "model.pt")
    assert got is trainer
    assert [g["lr"] for g in trainer.optimizer.param_groups] == [0.02, 0.02]
    assert loaded_args["lr"] == trainer.args["lr"] == 0.02
    trainer2 = Trainer()
    monkeypatch.setattr(ner_tagger, "load_model", lambda args, model_file: ({"lr": 0.1}, trainer2, None))
    threaded._ner_finetune_lr(0.02)
    ner_tagger.load_model({"mode": "predict"}, "model.pt")          # prediction: nothing to set
    assert trainer2.optimizer.param_groups[0]["lr"] == 0.1
