"""training/package.py: weights stored as float16 still load into float32 models."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from training.package import store_half  # noqa: E402


def test_float_weights_are_stored_half_and_load_back_as_float32(tmp_path) -> None:
    layer = torch.nn.Linear(4, 3)
    path = tmp_path / "m.pt"
    torch.save({"model": {**layer.state_dict(), "steps": torch.tensor(7)}, "config": {"x": 1}}, path)
    assert store_half(path)
    saved = torch.load(path, weights_only=False)
    assert saved["model"]["weight"].dtype == torch.float16
    assert saved["model"]["steps"].dtype == torch.int64  # only floating-point tensors change
    assert saved["config"] == {"x": 1}
    fresh = torch.nn.Linear(4, 3)
    fresh.load_state_dict({k: v for k, v in saved["model"].items() if k != "steps"})
    assert fresh.weight.dtype == torch.float32  # what stanza does when it loads a model
    assert torch.allclose(fresh.weight, layer.weight, atol=1e-3)


def test_files_without_a_model_state_dict_are_left_alone(tmp_path) -> None:
    path = tmp_path / "pretrain.pt"
    torch.save({"emb": torch.ones(2, 2), "vocab": ["a", "b"]}, path)
    before = path.read_bytes()
    assert not store_half(path)
    assert path.read_bytes() == before


def _write_pretrain(path, words, emb):
    from stanza.models.common.pretrain import Pretrain

    txt = path.with_suffix(".txt")
    rows = "".join(w + " " + " ".join(f"{x:.5f}" for x in row) + "\n" for w, row in zip(words, emb, strict=True))
    txt.write_text(f"{len(words)} {emb.shape[1]}\n" + rows, encoding="utf-8")
    Pretrain(str(path), str(txt), max_vocab=-1).load()


def test_word_vectors_are_stored_half_and_the_backend_widens_them(tmp_path) -> None:
    import numpy as np
    from stanza.models.common.pretrain import Pretrain

    from attribution.nlp.stanza_backend import float32_vectors
    from training.package import store_half_vectors

    path = tmp_path / "vectors.pt"
    emb = np.random.default_rng(3).standard_normal((3, 5)).astype(np.float32)
    _write_pretrain(path, ["alpha", "beta", "gamma"], emb)
    assert store_half_vectors(path)
    assert torch.load(path, weights_only=False)["emb"].dtype == torch.float16
    assert store_half_vectors(path)  # a second call leaves float16 as it is
    # plain stanza would hand the float16 rows to its float32 layers; the cache widens them
    assert Pretrain(str(path)).emb.dtype == torch.float16
    cache = float32_vectors({"pos_pretrain_path": str(path), "ner_pretrain_path": str(path), "pos_model_path": "x.pt"})
    assert list(cache.pretrains) == [str(path)]
    widened = cache.pretrains[str(path)]
    assert widened.emb.dtype == torch.float32
    row = widened.vocab.unit2id("beta")
    assert np.allclose(widened.emb[row].numpy(), emb[1], atol=1e-3)


# -- drop_unused_delta: a NER model trained with --no_emb_finetune ships without its zero delta --


def _sentence(text: str, tags: str) -> list[dict]:
    return [{"text": w, "ner": t} for w, t in zip(text.split(), tags.split(), strict=True)]


def _train_tiny(d, finetune: bool):
    """A real (tiny) stanza NER model, 40 steps; "Zed" is a training word without a vector."""
    import json
    import subprocess
    import sys

    import numpy as np

    words = ["alice", "bob", "paris", "said", "in", "acme", "works", "lives", "."]
    vectors = np.random.default_rng(0).standard_normal((len(words), 6)).astype(np.float32)
    _write_pretrain(d / "vectors.pt", words, vectors)
    data = [
        _sentence("Alice said Bob lives in Paris .", "S-PERSON O S-PERSON O O S-PLACE O"),
        _sentence("Bob works in Paris .", "S-PERSON O O S-PLACE O"),
        _sentence("Acme said Alice works in Paris .", "S-ORG O S-PERSON O O S-PLACE O"),
        _sentence("Zed said Acme works in Paris .", "S-PERSON O S-ORG O O S-PLACE O"),
    ] * 4
    (d / "train.json").write_text(json.dumps(data), encoding="utf-8")
    (d / "dev.json").write_text(json.dumps(data[:3]), encoding="utf-8")
    (d / "resources.json").write_text('{"en": {"lang_name": "English"}}', encoding="utf-8")
    args = ["--mode", "train", "--train_file", d / "train.json", "--eval_file", d / "dev.json",
            "--wordvec_pretrain_file", d / "vectors.pt", "--save_dir", d, "--save_name", "ner.pt",
            "--shorthand", "en_test", "--scheme", "bioes", "--word_emb_dim", 6, "--max_steps", 40,
            "--eval_interval", 20, "--hidden_dim", 8, "--char_hidden_dim", 8, "--batch_size", 4,
            "--cpu", "--seed", 1] + ([] if finetune else ["--no_emb_finetune"])
    subprocess.run([sys.executable, "-m", "stanza.models.ner_tagger", *map(str, args)], check=True,
                   capture_output=True)
    return d


@pytest.fixture(scope="module")
def tiny_ner(tmp_path_factory):
    """Trained with --no_emb_finetune: stanza saves a zero, detached word delta in it, which is
    what the package drops. About 10 s."""
    return _train_tiny(tmp_path_factory.mktemp("ner"), finetune=False)


def _tags(folder, model_file, vectors=None) -> list[str]:
    import stanza

    nlp = stanza.Pipeline(lang="en", dir=str(folder), download_method=None, processors="tokenize,ner",
                          tokenize_pretokenized=True, ner_model_path=str(model_file),
                          ner_pretrain_path=str(vectors or folder / "vectors.pt"), logging_level="WARN")
    doc = nlp([["Alice", "said", "Bob", "lives", "in", "Paris", "."], ["Acme", "works", "in", "Paris", "."],
               ["Zed", "said", "Quux", "works", "in", "Paris", "."]])
    return [t.ner for s in doc.sentences for t in s.tokens]


@pytest.fixture(scope="module")
def tiny_ner_finetuned(tmp_path_factory):
    """Trained with embedding fine-tuning: its word delta is trained. About 10 s."""
    return _train_tiny(tmp_path_factory.mktemp("ner_ft"), finetune=True)


def test_a_trained_delta_is_folded_into_the_ner_vectors_and_the_model_tags_the_same(
        tiny_ner_finetuned, tmp_path) -> None:
    import shutil

    from training.package import fold_delta

    d = tiny_ner_finetuned
    before = torch.load(d / "ner.pt", weights_only=False)
    assert before["model"]["delta_emb.weight"].any()  # fine-tuning moved the delta
    folded = tmp_path / "folded"
    folded.mkdir()
    shutil.copy(d / "ner.pt", folded / "ner.pt")
    shutil.copy(d / "vectors.pt", folded / "vectors.pt")
    assert fold_delta(folded / "ner.pt", folded / "vectors.pt") == 1  # "zed" had no vector
    after = torch.load(folded / "ner.pt", weights_only=False)
    assert "delta_emb.weight" not in after["model"] and "delta" not in after["vocab"]
    assert after["config"]["emb_finetune"] is False
    vectors = torch.load(folded / "vectors.pt", weights_only=False)
    assert vectors["vocab"]["_id2unit"][-1] == "zed" and after["vocab"]["word"]["_id2unit"][-1] == "zed"
    # what stanza's forward adds up: a word's vector + its delta; for "zed", which has no vector,
    # the unknown word's vector + zed's delta
    emb0 = torch.load(d / "vectors.pt", weights_only=False)["emb"]
    delta, ids = before["model"]["delta_emb.weight"], vectors["vocab"]["_unit2id"]
    dids = before["vocab"]["delta"]["_unit2id"]
    assert torch.allclose(vectors["emb"][ids["alice"]], emb0[ids["alice"]] + delta[dids["alice"]])
    assert torch.allclose(vectors["emb"][ids["zed"]], emb0[1] + delta[dids["zed"]])
    assert torch.allclose(vectors["emb"][1], emb0[1] + delta[1])
    tags = _tags(d, d / "ner.pt")
    assert any(t != "O" for t in tags)
    assert _tags(d, folded / "ner.pt", folded / "vectors.pt") == tags
    assert fold_delta(folded / "ner.pt", folded / "vectors.pt") is None  # nothing left to fold


def test_an_untrained_delta_is_dropped_and_the_model_tags_the_same(tiny_ner, tmp_path) -> None:
    import shutil

    from training.package import drop_unused_delta

    original = tiny_ner / "ner.pt"
    before = torch.load(original, weights_only=False)
    assert "delta_emb.weight" in before["model"] and "delta" in before["vocab"]
    assert not before["model"]["delta_emb.weight"].any()  # stanza saved zeros
    stripped = tmp_path / "ner.pt"
    shutil.copy(original, stripped)
    assert drop_unused_delta(stripped)
    after = torch.load(stripped, weights_only=False)
    assert "delta_emb.weight" not in after["model"]
    assert "delta" not in after["vocab"] and "delta" not in after["vocab"]["_key2class"]
    assert after["model"].keys() == before["model"].keys() - {"delta_emb.weight"}
    assert all(torch.equal(after["model"][k], before["model"][k]) for k in after["model"])
    tags = _tags(tiny_ner, original)
    assert any(t != "O" for t in tags)  # the model learned something, so the comparison means something
    assert _tags(tiny_ner, stripped) == tags
    assert not drop_unused_delta(stripped)  # nothing left to drop


def test_a_trained_or_fine_tuned_delta_is_kept(tiny_ner, tmp_path) -> None:
    from training.package import drop_unused_delta

    checkpoint = torch.load(tiny_ner / "ner.pt", weights_only=False)
    trained = tmp_path / "trained.pt"
    checkpoint["model"]["delta_emb.weight"][1, 0] = 0.5
    torch.save(checkpoint, trained)
    before = trained.read_bytes()
    assert not drop_unused_delta(trained)
    assert trained.read_bytes() == before
    checkpoint["model"]["delta_emb.weight"].zero_()
    checkpoint["config"]["emb_finetune"] = True  # a delta that training would have moved
    finetuned = tmp_path / "finetuned.pt"
    torch.save(checkpoint, finetuned)
    assert not drop_unused_delta(finetuned)
    assert "delta_emb.weight" in torch.load(finetuned, weights_only=False)["model"]


def test_settle_delta_drops_an_untrained_delta_and_folds_a_trained_one(tiny_ner, tiny_ner_finetuned,
                                                                      tmp_path) -> None:
    """What the packager and the cross-validation's fold packages do with a NER model's delta."""
    import shutil

    from training.package import settle_delta

    for name, d in (("fixed", tiny_ner), ("tuned", tiny_ner_finetuned)):
        (tmp_path / name).mkdir()
        for f in ("ner.pt", "vectors.pt"):
            shutil.copy(d / f, tmp_path / name / f)
    assert settle_delta(tmp_path / "fixed" / "ner.pt", tmp_path / "fixed" / "vectors.pt").startswith("untrained")
    assert settle_delta(tmp_path / "tuned" / "ner.pt", tmp_path / "tuned" / "vectors.pt") == (
        "trained: folded into vectors.pt (1 words added)")
    assert settle_delta(tmp_path / "tuned" / "ner.pt", tmp_path / "tuned" / "vectors.pt") == "none"
    shutil.copy(tiny_ner_finetuned / "ner.pt", tmp_path / "shared.pt")
    assert settle_delta(tmp_path / "shared.pt") == "trained: kept in the model"  # no vectors of its own


def test_the_shipped_ner_model_carries_no_delta() -> None:
    """The shipped NER model fine-tunes its word vectors (since version 2026.12.06); the package
    folds the trained delta (4.4 MB as a table of its own) into the model's own vectors, which is
    what keeps the package under 60 MB. The manifest says so."""
    import json

    from training.common import MODEL_FILES, PACKAGE_DIR

    checkpoint = torch.load(f"{PACKAGE_DIR}/{MODEL_FILES['ner']}", map_location="cpu", weights_only=False)
    assert checkpoint["config"]["emb_finetune"] is False
    assert "delta_emb.weight" not in checkpoint["model"] and "delta" not in checkpoint["vocab"]
    with open(f"{PACKAGE_DIR}/manifest.json") as f:
        manifest = json.load(f)
    assert manifest["ner_word_delta"].startswith("trained: folded into " + MODEL_FILES["ner_pretrain"])
    vectors = torch.load(f"{PACKAGE_DIR}/{MODEL_FILES['ner_pretrain']}", map_location="cpu", weights_only=False)
    assert checkpoint["vocab"]["word"]["_id2unit"] == vectors["vocab"]["_id2unit"]
    assert len(vectors["vocab"]["_id2unit"]) == vectors["emb"].shape[0] > manifest["ner_pretrain_info"]["words"]
