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
