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


def _train_tiny(d, finetune: bool, seed: int = 1, drop_org: bool = False):
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
    if drop_org:  # a model with another tag set
        data = [[{**w, "ner": "O" if w["ner"].endswith("ORG") else w["ner"]} for w in sent] for sent in data]
    (d / "train.json").write_text(json.dumps(data), encoding="utf-8")
    (d / "dev.json").write_text(json.dumps(data[:3]), encoding="utf-8")
    (d / "resources.json").write_text('{"en": {"lang_name": "English"}}', encoding="utf-8")
    args = ["--mode", "train", "--train_file", d / "train.json", "--eval_file", d / "dev.json",
            "--wordvec_pretrain_file", d / "vectors.pt", "--save_dir", d, "--save_name", "ner.pt",
            "--shorthand", "en_test", "--scheme", "bioes", "--word_emb_dim", 6, "--max_steps", 40,
            "--eval_interval", 20, "--hidden_dim", 8, "--char_hidden_dim", 8, "--batch_size", 4,
            "--cpu", "--seed", seed] + ([] if finetune else ["--no_emb_finetune"])
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


# -- int8 word vectors and ensemble members' vector deltas (the NER ensemble's storage) --


def test_rows_quantized_to_int8_come_back_within_half_a_step() -> None:
    from attribution.nlp.stanza_backend import widen_vectors
    from training.package import quantize_rows

    emb = torch.randn(50, 7, generator=torch.Generator().manual_seed(1))
    emb[3] = 0  # an all-zero row (padding) stays zero, without dividing by zero
    q, scale = quantize_rows(emb)
    assert q.dtype == torch.int8 and scale.dtype == torch.float16 and scale.shape == (50,)
    back = widen_vectors({"emb": q, "emb_scale": scale})
    assert torch.equal(back[3], torch.zeros(7))
    step = scale.float()[:, None]
    assert bool(((back - emb).abs() <= step / 2 + 1e-3 * emb.abs()).all())
    assert float((back - emb).abs().max()) > 0  # it is rounded: the bound above is what is tested


def test_int8_vectors_are_widened_by_the_backend(tmp_path) -> None:
    import numpy as np

    from attribution.nlp.stanza_backend import float32_vectors
    from training.package import store_int8_vectors

    path = tmp_path / "vectors.pt"
    emb = np.random.default_rng(4).standard_normal((3, 5)).astype(np.float32)
    _write_pretrain(path, ["alpha", "beta", "gamma"], emb)
    assert store_int8_vectors(path)
    data = torch.load(path, weights_only=False)
    assert data["emb"].dtype == torch.int8 and data["emb_scale"].shape == (len(data["vocab"]["_id2unit"]),)
    assert store_int8_vectors(path)  # a second call leaves int8 as it is
    assert torch.equal(torch.load(path, weights_only=False)["emb"], data["emb"])
    widened = float32_vectors({"ner_pretrain_path": str(path)}).pretrains[str(path)]
    assert widened.emb.dtype == torch.float32
    row = widened.vocab.unit2id("gamma")
    assert np.allclose(widened.emb[row].numpy(), emb[2], atol=np.abs(emb[2]).max() / 127)


def _vectors_file(path, words, emb) -> None:
    torch.save({"vocab": {"_id2unit": ["<PAD>", "<UNK>", *words], "_unit2id": {}}, "emb": emb}, path)


def test_a_members_vectors_are_stored_as_the_rows_that_differ_and_rebuilt_by_the_backend(tmp_path) -> None:
    from stanza.models.common.foundation_cache import FoundationCache

    from attribution.nlp import ModelError
    from attribution.nlp.stanza_backend import cache_vectors
    from training.package import member_delta, store_int8_vectors

    words = [f"w{i}" for i in range(20)]
    base = torch.randn(22, 6, generator=torch.Generator().manual_seed(2))
    mine = base.clone()
    mine[[1, 5, 9]] += torch.randn(3, 6, generator=torch.Generator().manual_seed(3)) * 0.1  # training moved these
    _vectors_file(tmp_path / "base.pt", words, base)
    _vectors_file(tmp_path / "mine.pt", words, mine)
    assert member_delta(tmp_path / "base.pt", tmp_path / "mine.pt", tmp_path / "delta.pt") == 3
    assert store_int8_vectors(tmp_path / "base.pt")
    with pytest.raises(ValueError, match="int8 already"):  # the differences need the exact base
        member_delta(tmp_path / "base.pt", tmp_path / "mine.pt", tmp_path / "again.pt")
    cache = FoundationCache(local_files_only=True)
    rebuilt = cache_vectors(cache, str(tmp_path / "base.pt"), str(tmp_path / "delta.pt"))
    read_base = cache.pretrains[str(tmp_path / "base.pt")].emb
    assert rebuilt.vocab is cache.pretrains[str(tmp_path / "base.pt")].vocab  # one vocabulary for both
    # rows the member shares are the base's as read; rows it changed are its own, to int8 rounding
    # of the difference (not of the whole vector)
    assert torch.equal(rebuilt.emb[[0, 2, 3, 10]], read_base[[0, 2, 3, 10]])
    diff = (mine - read_base)[[1, 5, 9]]
    assert torch.allclose(rebuilt.emb[[1, 5, 9]], mine[[1, 5, 9]], atol=float(diff.abs().max()) / 127 + 1e-6)
    assert cache_vectors(cache, str(tmp_path / "base.pt"), str(tmp_path / "delta.pt")) is rebuilt  # cached
    # vectors of other words: refused when the delta is made, and when it is read against other vectors
    _vectors_file(tmp_path / "other.pt", [f"x{i}" for i in range(20)], mine)
    with pytest.raises(ValueError, match="different words"):
        member_delta(tmp_path / "mine.pt", tmp_path / "other.pt", tmp_path / "bad.pt")
    _vectors_file(tmp_path / "short.pt", words[:10], base[:12])
    with pytest.raises(ModelError, match="made for vectors of 22 rows"):
        cache_vectors(FoundationCache(local_files_only=True), str(tmp_path / "short.pt"), str(tmp_path / "delta.pt"))
    (tmp_path / "junk.pt").write_bytes(b"not a torch file")
    with pytest.raises(ModelError, match="junk.pt"):
        cache_vectors(FoundationCache(local_files_only=True), str(tmp_path / "junk.pt"))


@pytest.fixture(scope="module")
def tiny_members(tmp_path_factory):
    """Two more fine-tuned runs of the tiny recipe (seeds 2 and 3), on the same vectors."""
    return [_train_tiny(tmp_path_factory.mktemp(f"ner_s{seed}"), finetune=True, seed=seed) for seed in (2, 3)]


def test_the_packager_ships_members_whose_rebuilt_vectors_tag_as_their_own(tiny_ner_finetuned, tiny_members,
                                                                            tmp_path, monkeypatch) -> None:
    """package(): the main NER model and two members of one recipe, each delta folded into its own
    copy of the vectors; the members ship as rows that differ from the main model's vectors, and
    every vector file as int8. Each member, loaded from the package as the product loads it, tags
    as it does from the vectors its own delta was folded into."""
    import json
    import shutil

    from stanza.models.common.foundation_cache import FoundationCache

    from attribution.nlp.stanza_backend import cache_vectors
    from training import package as pk
    from training import train
    from training.common import MODEL_FILES, Paths

    monkeypatch.setattr(train, "NER_MEMBER_SEEDS", (2, 3))
    src = tmp_path / "src"
    src.mkdir()
    for stage in ("tokenize", "mwt", "pos", "lemma", "depparse"):  # stand-ins: the packager only halves them
        torch.save({"model": {"w": torch.ones(2)}, "config": {}}, src / MODEL_FILES[stage])
    shutil.copy(tiny_ner_finetuned / "vectors.pt", src / MODEL_FILES["pretrain"])
    shutil.copy(tiny_ner_finetuned / "vectors.pt", src / MODEL_FILES["ner_pretrain"])
    shutil.copy(tiny_ner_finetuned / "ner.pt", src / MODEL_FILES["ner"])
    for seed, d in zip((2, 3), tiny_members, strict=True):
        shutil.copy(d / "ner.pt", src / train.ner_member_file(seed))
    target = tmp_path / "pkg"
    pk.package(Paths(str(tmp_path / "data"), str(tmp_path / "work")), src=str(src), target=str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert [m["seed"] for m in manifest["ner_members"]] == [2, 3]
    assert {MODEL_FILES["ner_pretrain"], MODEL_FILES["pretrain"]} <= set(manifest["stored_int8"])
    assert manifest["total_bytes"] == sum(manifest["files"].values())
    assert set(manifest["files"]) | {"manifest.json", "resources.json"} == {p.name for p in target.iterdir()}
    cache = FoundationCache(local_files_only=True)
    for member, d in zip(manifest["ner_members"], tiny_members, strict=True):
        assert member["delta_rows"] > 0
        vectors = cache_vectors(cache, str(target / member["pretrain"]), str(target / member["delta"]))
        own = tmp_path / f"own_{member['seed']}"
        own.mkdir()
        shutil.copy(d / "ner.pt", own / "ner.pt")
        shutil.copy(d / "vectors.pt", own / "vectors.pt")
        shutil.copy(d / "resources.json", own / "resources.json")
        pk.fold_delta(own / "ner.pt", own / "vectors.pt")
        theirs = torch.load(own / "vectors.pt", weights_only=False)["emb"].float()
        assert vectors.emb.shape == theirs.shape
        assert torch.allclose(vectors.emb, theirs, atol=float(theirs.abs().max()) / 100)
        torch.save({"vocab": vectors.vocab.state_dict(), "emb": vectors.emb}, own / "rebuilt.pt")
        assert _tags(own, target / member["model"], own / "rebuilt.pt") == _tags(own, own / "ner.pt")
    # without members the vectors are int8 too (since 2026-12-07: room for the sentence encoder)
    for seed in (2, 3):
        (src / train.ner_member_file(seed)).unlink()
    pk.package(Paths(str(tmp_path / "data"), str(tmp_path / "work")), src=str(src), target=str(tmp_path / "one"))
    single = json.loads((tmp_path / "one" / "manifest.json").read_text())
    assert single["ner_members"] == []
    assert {MODEL_FILES["ner_pretrain"], MODEL_FILES["pretrain"]} <= set(single["stored_int8"])
    assert not {MODEL_FILES["ner_pretrain"], MODEL_FILES["pretrain"]} & set(single["stored_float16"])
