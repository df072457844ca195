"""The learned name pass (attribution/nlp/name_classifier.py) on hand-built parses."""

from __future__ import annotations

import gzip
import json

import pytest
import torch
from nlp_docs import build_doc, entity_pairs

from attribution.nlp import conllu
from attribution.nlp.entity_types import default_name_lists
from attribution.nlp.name_classifier import (
    FORMAT,
    LABELS,
    MODEL_PATH,
    Candidate,
    DocContext,
    NameModel,
    candidates,
    classify_names,
    features,
    load_name_model,
)


def _model(weights: dict[str, dict[str, float]]) -> NameModel:
    return NameModel({f: tuple(w.get(label, 0.0) for label in LABELS) for f, w in weights.items()}, {})


#: keeps every candidate as the model typed it, untagged runs included as nothing
KEEP = {f"m={t}": {t: 5.0} for t in LABELS}


def test_candidates_are_the_entities_and_the_untagged_proper_noun_runs() -> None:
    doc = build_doc(
        "Maria/PROPN/B-PERSON Lopez/PROPN/E-PERSON flew/VERB to/ADP Coron/PROPN Island/PROPN"
        " with/ADP the/DET team/NOUN ./PUNCT",
        "She/PRON met/VERB Kofi/PROPN/S-PERSON in/ADP lowercase/PROPN town/NOUN ./PUNCT",
    )
    assert candidates(doc) == [
        Candidate(0, 0, 1, "PERSON"),
        Candidate(0, 4, 5, "NONE"),
        Candidate(1, 2, 2, "PERSON"),
    ]


def test_with_no_model_the_document_is_unchanged(monkeypatch) -> None:
    doc = build_doc("Maria/PROPN/S-PERSON spoke/VERB ./PUNCT")
    monkeypatch.setattr("attribution.nlp.name_classifier.MODEL_PATH", MODEL_PATH.with_name("absent.json.gz"))
    assert classify_names(doc) is doc


def test_the_model_keeps_retypes_drops_and_adds_names() -> None:
    doc = build_doc(
        "Maria/PROPN/S-PERSON went/VERB to/ADP Coron/PROPN/S-PERSON and/CCONJ Voters/PROPN/S-ORG"
        " met/VERB Harrow/PROPN ./PUNCT",
    )
    weights = dict(KEEP)
    weights["p1=to"] = {"PLACE": 20.0}  # "to X": a place
    weights["hw=voters"] = {"NONE": 20.0}  # no name
    weights["hw=harrow"] = {"ORG": 20.0}  # an untagged run that is a name
    out = classify_names(doc, _model(weights))
    assert entity_pairs(out) == [("Maria", "PERSON"), ("Coron", "PLACE"), ("Harrow", "ORG")]
    # the token tags agree with the entities: the CoNLL-U cache rebuilds them from the tags
    assert conllu.loads(conllu.dumps(out)).entities == out.entities
    assert [w.ner for w in out.sentences[0].words] == ["S-PERSON", "O", "O", "S-PLACE", "O", "O", "O", "S-ORG", "O"]
    # a model that agrees with everything leaves the sentence as it was
    assert classify_names(doc, _model(KEEP)).sentences[0] is doc.sentences[0]


def test_features_read_the_words_the_context_the_parse_and_the_document() -> None:
    doc = build_doc(
        "Harrow/PROPN/B-ORG School/PROPN/E-ORG is/AUX in/ADP Harrow/PROPN/S-PERSON ./PUNCT",
        "Harrow/PROPN/S-PERSON grew/VERB ./PUNCT",
    )
    cands = candidates(doc)
    ctx = DocContext.of(doc, cands)
    feats = features(doc, cands[1], ctx, default_name_lists())
    assert {"m=PERSON", "hw=harrow", "p1=in", "n1=.", "same=PERSON", "word=ORG", "mentions=2"} <= set(feats)
    assert "bos" in features(doc, cands[2], ctx, default_name_lists())
    assert "head=org" in features(doc, cands[0], ctx, default_name_lists())


def _write(path, data) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "other", "labels": list(LABELS), "weights": {}}, "format"),
        ({"format": FORMAT, "labels": ["NONE", "PERSON"], "weights": {}}, "labels"),
        ({"format": FORMAT, "labels": list(LABELS), "weights": {"bias": [1.0]}}, "'bias'"),
        ({"format": FORMAT, "labels": list(LABELS)}, "weights"),
        ({"format": FORMAT, "labels": list(LABELS), "weights": {}, "dense": {"weights": [[1.0]], "bias": [0] * 4}},
         "dense weights"),
        ({"format": FORMAT, "labels": list(LABELS), "weights": {}, "dense": {"weights": [[0.0] * 4], "bias": [0]}},
         "dense bias"),
    ],
)
def test_a_malformed_weight_file_is_an_error_that_names_it(tmp_path, data, message) -> None:
    bad = tmp_path / "bad.json.gz"
    _write(bad, data)
    with pytest.raises(ValueError, match="bad.json.gz") as err:
        load_name_model(bad)
    assert message in str(err.value)


def test_a_weight_file_that_is_not_gzip_is_an_error(tmp_path) -> None:
    bad = tmp_path / "plain.json.gz"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="plain.json.gz: not a name model"):
        load_name_model(bad)


def test_the_shipped_weight_file_loads_and_types_a_plain_sentence() -> None:
    model = load_name_model()
    if model is None:
        pytest.fail(f"no name model at {MODEL_PATH}: python -m training.name_model write")
    assert all(len(w) == len(LABELS) for w in model.weights.values())
    doc = build_doc(
        "Senator/PROPN/B-PERSON Maria/PROPN/I-PERSON Lopez/PROPN/E-PERSON said/VERB the/DET"
        " University/PROPN/B-ORG of/ADP/I-ORG Toronto/PROPN/E-ORG will/AUX close/VERB ./PUNCT",
    )
    assert entity_pairs(classify_names(doc, model)) == [
        ("Senator Maria Lopez", "PERSON"),
        ("University of Toronto", "ORG"),
    ]


def test_the_parse_cache_keys_on_the_weight_files_hash(tmp_path, monkeypatch) -> None:
    from attribution.nlp import name_classifier
    from attribution.nlp.cache import CachedParser

    class Stub:
        name, version = "stub", "1"

    one, two = tmp_path / "one.json.gz", tmp_path / "two.json.gz"
    _write(one, {"format": FORMAT, "labels": list(LABELS), "weights": {}})
    _write(two, {"format": FORMAT, "labels": list(LABELS), "weights": {"bias": [1, 0, 0, 0]}})
    keys = []
    for path in (one, two, tmp_path / "absent.json.gz"):
        monkeypatch.setattr(name_classifier, "MODEL_PATH", path)
        keys.append(CachedParser(Stub(), tmp_path / "cache")._path("Same text."))
    assert len(set(keys)) == 3
    # the name model's part is "none" without a file; the encoder's hash follows it
    assert name_classifier.fingerprint(tmp_path / "absent.json.gz").startswith("none+")


def test_the_shipped_model_reads_the_encoder_and_each_candidate_gets_a_vector() -> None:
    from attribution.nlp.encoder import load_encoder
    from attribution.nlp.name_classifier import span_vectors

    model, encoder = load_name_model(), load_encoder()
    assert model is not None and model.dense is not None and encoder is not None
    doc = build_doc(
        "Passengers/NOUN flew/VERB Volaris/PROPN/S-ORG and/CCONJ WestJet/PROPN/S-ORG to/ADP Cancun/PROPN ./PUNCT",
    )
    cands = candidates(doc)
    vectors = span_vectors(doc, cands, encoder)
    assert [v.shape for v in vectors] == [(768,)] * 3 == [(model.dense.weights.shape[0],)] * 3
    assert not torch.equal(vectors[0], vectors[1])
    # the same candidate in another sentence gets another vector: the context is read
    other = build_doc("Volaris/PROPN/S-ORG said/VERB no/INTJ ./PUNCT")
    assert not torch.allclose(span_vectors(other, candidates(other), encoder)[0], vectors[0])


def test_a_candidate_past_the_encoders_length_is_read_in_a_window() -> None:
    from attribution.nlp.encoder import load_encoder
    from attribution.nlp.name_classifier import span_vectors

    encoder = load_encoder()
    words = " ".join(["supercalifragilistic/NOUN"] * 200)
    doc = build_doc(f"{words} met/VERB Maria/PROPN/S-PERSON ./PUNCT")
    (c,) = candidates(doc)
    (v,) = span_vectors(doc, [c], encoder)
    assert v.abs().sum() > 0  # the sentence is over 512 pieces; the name still has its states


def test_a_model_with_a_contextual_part_needs_the_encoder(tmp_path, monkeypatch) -> None:
    from attribution.nlp import encoder as enc
    from attribution.nlp.name_classifier import Dense

    shipped = enc.load_encoder()
    doc = build_doc("Maria/PROPN/S-PERSON spoke/VERB ./PUNCT")
    # a contextual part whose bias calls every candidate a place
    dense = Dense(torch.zeros(768, len(LABELS)), (0.0, 0.0, 0.0, 10.0))
    model = NameModel({}, {}, 0.2, dense)
    assert entity_pairs(classify_names(doc, model)) == [("Maria", "PLACE")]
    with pytest.raises(ValueError, match="give each its vector"):
        model.scores(["bias"])
    monkeypatch.setattr(enc, "ENCODER_PATH", tmp_path / "absent.pt")
    with pytest.raises(ValueError, match="needs the sentence encoder"):
        classify_names(doc, model)
    wrong = NameModel({}, {}, 0.2, Dense(torch.zeros(10, len(LABELS)), (0.0,) * 4))
    with pytest.raises(ValueError, match="do not belong together"):
        classify_names(doc, wrong, shipped)


def test_the_parse_cache_keys_on_the_encoders_hash(tmp_path, monkeypatch) -> None:
    from attribution.nlp import encoder as enc
    from attribution.nlp import name_classifier

    keys = set()
    for content in (b"one", b"two"):
        path = tmp_path / content.decode()
        path.write_bytes(content)
        monkeypatch.setattr(enc, "ENCODER_PATH", path)
        keys.add(name_classifier.fingerprint())
    assert len(keys) == 2
