"""training/ner_vectors.py: the NER model's own word vectors (cluster dims + encoder dims)."""

from __future__ import annotations

import json

import pytest

np = pytest.importorskip("numpy")

from training import ner_vectors  # noqa: E402


def test_encoder_dims_are_unit_rows_whose_directions_the_fit_rows_decide() -> None:
    rng = np.random.default_rng(0)
    table = {f"w{i}": rng.standard_normal(12).astype(np.float32) for i in range(40)}

    def encode(words):
        return np.stack([table[w] for w in words])

    words = [f"w{i}" for i in range(40)]
    out = ner_vectors.encoder_dims(words, encode, dim=4, fit_rows=30, batch=7)
    assert out.shape == (40, 4)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)
    # batching does not change the result, and the same input gives the same vectors
    again = ner_vectors.encoder_dims(words, encode, dim=4, fit_rows=30, batch=40)
    assert np.allclose(np.abs(out), np.abs(again), atol=1e-5)
    # words with the same features get the same vector
    table["w39"] = table["w1"]
    same = ner_vectors.encoder_dims(words, encode, dim=4, fit_rows=30)
    assert np.allclose(same[39], same[1], atol=1e-5)


def test_build_appends_encoder_columns_to_the_shared_vectors(tmp_path, monkeypatch) -> None:
    torch = pytest.importorskip("torch")
    from stanza.models.common.pretrain import Pretrain

    from training.common import Paths

    paths = Paths(str(tmp_path / "data"), str(tmp_path / "work"))
    shared = ["the", "said", "london", "of", "kigali"]
    txt = tmp_path / "shared.txt"
    txt.write_text("5 2\n" + "".join(f"{w} 0.{i} -0.{i}\n" for i, w in enumerate(shared, 1)), encoding="utf-8")
    Pretrain(paths.model("pretrain"), str(txt), max_vocab=-1).load()
    monkeypatch.setattr(ner_vectors, "ENCODER_DIM", 3)
    rng = np.random.default_rng(1)
    feats = {w: rng.standard_normal(8).astype(np.float32) for w in shared}

    out = ner_vectors.build(paths, encode=lambda words: np.stack([feats[w] for w in words]))
    made = Pretrain(out)
    assert made.vocab._id2unit[4:] == shared  # the shared words, in the shared order
    emb = made.emb.numpy()[4:]
    assert emb.shape == (5, 2 + 3)
    # the shared columns are copied as they are; the encoder columns are unit rows
    assert np.allclose(emb[:, :2], [[i / 10, -i / 10] for i in range(1, 6)], atol=1e-5)
    assert np.allclose(np.linalg.norm(emb[:, 2:], axis=1), 1.0, atol=1e-3)
    meta = json.loads((tmp_path / "work" / "models" / "ner_pretrain_info.json").read_text())
    assert meta == {"words": 5, "dims": 5, "shared_dims": 2, "encoder_dims": 3, "encoder": ner_vectors.ENCODER}
    assert torch.load(out, weights_only=False)["emb"].dtype == torch.float32
