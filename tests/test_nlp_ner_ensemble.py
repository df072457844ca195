"""attribution/nlp/ner_ensemble.py: NER models voting through their averaged CRF scores, on tiny
real stanza models (trained here, about 10 s each) and on the shipped package."""

from __future__ import annotations

import shutil

import pytest

torch = pytest.importorskip("torch")

from test_training_package import _train_tiny  # noqa: E402

from attribution.nlp import ModelError  # noqa: E402

SENTENCES = [
    ["Alice", "said", "Bob", "lives", "in", "Paris", "."],
    ["Acme", "works", "in", "Paris", "."],
    ["Zed", "said", "Quux", "works", "in", "Paris", "."],
    ["Paris", "said", "Alice", "works", "in", "Acme", "."],
]


def _pipeline(folder, model_file):
    import stanza

    from attribution.nlp.stanza_backend import float32_vectors

    kw = dict(
        lang="en",
        dir=str(folder),
        download_method=None,
        processors="tokenize,ner",
        tokenize_pretokenized=True,
        ner_model_path=str(model_file),
        ner_pretrain_path=str(folder / "vectors.pt"),
        logging_level="WARN",
    )
    cache = float32_vectors(kw)
    return stanza.Pipeline(foundation_cache=cache, **kw), cache


def _tags(nlp) -> list[list[str]]:
    return [[t.ner for t in s.tokens] for s in nlp(SENTENCES).sentences]


@pytest.fixture(scope="module")
def two_models(tmp_path_factory):
    """Two runs of one tiny recipe that differ in their seed, on the same vectors."""
    d = _train_tiny(tmp_path_factory.mktemp("ens"), finetune=False, seed=1)
    shutil.move(d / "ner.pt", d / "ner1.pt")
    other = _train_tiny(tmp_path_factory.mktemp("ens2"), finetune=False, seed=2)
    shutil.copy(other / "ner.pt", d / "ner2.pt")
    return d


def _valid_bioes(tags: list[str]) -> bool:
    inside = None
    for tag in tags + ["O"]:
        if inside is not None and not (tag.startswith(("I-", "E-")) and tag[2:] == inside):
            return False
        if tag.startswith(("I-", "E-")) and inside is None:
            return False
        inside = tag[2:] if tag.startswith(("B-", "I-")) else None
    return True


def test_a_model_voting_with_itself_tags_as_it_does_alone(two_models) -> None:
    from attribution.nlp.ner_ensemble import attach_members

    nlp, cache = _pipeline(two_models, two_models / "ner1.pt")
    alone = _tags(nlp)
    assert any(t != "O" for s in alone for t in s)  # the model learned something
    attach_members(nlp, [(str(two_models / "ner1.pt"), cache.pretrains[str(two_models / "vectors.pt")])], cache)
    assert type(nlp.processors["ner"]).__name__ == "EnsembleNERProcessor"
    assert len(nlp.processors["ner"].trainers) == 2
    assert _tags(nlp) == alone
    assert [e.text for e in nlp(SENTENCES).entities]  # the document's entities are built from the tags


def test_two_models_vote_for_the_sequence_with_the_best_mean_score(two_models) -> None:
    from stanza.models.common.crf import viterbi_decode
    from stanza.models.ner.data import DataLoader
    from stanza.models.ner.trainer import fix_singleton_tags

    from attribution.nlp.ner_ensemble import attach_members, member_scores

    one, cache = _pipeline(two_models, two_models / "ner1.pt")
    two, _ = _pipeline(two_models, two_models / "ner2.pt")
    tags1, tags2 = _tags(one), _tags(two)
    attach_members(one, [(str(two_models / "ner2.pt"), cache.pretrains[str(two_models / "vectors.pt")])], cache)
    voted = _tags(one)
    assert all(_valid_bioes(s) for s in voted)
    for a, b, v in zip(tags1, tags2, voted, strict=True):
        if a == b:
            assert v == a  # where the two agree, so does the vote
    # the vote is the Viterbi path of the mean scores, recomputed here from each member's scores
    proc = one.processors["ner"]
    doc = one.processors["tokenize"].process(SENTENCES)
    scores = []
    for trainer, config in zip(proc.trainers, proc.configs, strict=True):
        batch = next(iter(DataLoader(doc, 32, config, vocab=trainer.vocab, evaluation=True, preprocess_tags=False)))
        scores.append(member_scores(trainer, batch))
    order = scores[0][2]
    trans = (scores[0][1] + scores[1][1]) / 2
    vocab = proc.trainers[0].vocab["tag"]
    for pos, sent in enumerate(order):
        ids = viterbi_decode((scores[0][0][pos] + scores[1][0][pos]) / 2, trans)[0]
        units = [u[0] if isinstance(u, list | tuple) else u for u in vocab.unmap([(i,) for i in ids])]
        assert voted[sent] == fix_singleton_tags(units)


def test_a_member_with_another_tag_set_is_refused(two_models, tmp_path) -> None:
    from attribution.nlp.ner_ensemble import attach_members

    other = _train_tiny(tmp_path, finetune=False, seed=1, drop_org=True)
    nlp, cache = _pipeline(two_models, two_models / "ner1.pt")
    with pytest.raises(ModelError, match="tags differ"):
        attach_members(nlp, [(str(other / "ner.pt"), cache.pretrains[str(two_models / "vectors.pt")])], cache)


def test_the_manifests_members_are_checked(tmp_path) -> None:
    from attribution.nlp.models import ModelInfo
    from attribution.nlp.stanza_backend import ner_members

    (tmp_path / "m.pt").write_bytes(b"x")
    (tmp_path / "v.pt").write_bytes(b"x")

    def info(members):
        return ModelInfo(name="t", path=tmp_path, manifest={"ner_members": members})

    assert ner_members(info([])) == []
    assert ner_members(info([{"model": "m.pt", "pretrain": "v.pt"}])) == [
        (str(tmp_path / "m.pt"), str(tmp_path / "v.pt"), None)
    ]
    with pytest.raises(ModelError, match="must be a list"):
        ner_members(info({"model": "m.pt"}))
    with pytest.raises(ModelError, match=r"ner_members\[0\] needs"):
        ner_members(info([{"model": "m.pt"}]))
    with pytest.raises(ModelError, match="missing for ner_members.0.: .*d.pt"):
        ner_members(info([{"model": "m.pt", "pretrain": "v.pt", "delta": "d.pt"}]))
