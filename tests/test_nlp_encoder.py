"""The sentence encoder of the name pass (attribution/nlp/encoder.py) and its file (training/encoder.py).

The shipped file is checked against what the original model does: the expected pieces below are
those of the transformers library's tokenizer for all-MiniLM-L6-v2 (recorded 2026-12-07), and a
float32 file of a small random BERT is compared with a forward pass written out here step by step.
"""

from __future__ import annotations

import math

import pytest
import torch

from attribution.nlp.encoder import ENCODER_PATH, FORMAT, MAX_PIECES, Encoder, basic_split, fingerprint, load_encoder
from training.encoder import GROUP, convert, quantize, quantize4


@pytest.fixture(scope="module")
def shipped() -> Encoder:
    encoder = load_encoder()
    assert encoder is not None, f"{ENCODER_PATH} is missing"
    return encoder


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("Volaris", ["vol", "##aris"]),
        ("Zahā", ["za", "##ha"]),  # accents stripped
        ("naïve", ["naive"]),
        ("U.S.", ["u", ".", "s", "."]),  # punctuation apart
        ("樋口", ["[UNK]", "口"]),  # ideographs one by one
        ("\x07bell", ["bell"]),  # control characters dropped
        ("Cloud9", ["cloud", "##9"]),
        ("don't", ["don", "'", "t"]),
        ("Mühlenberg-Straße", ["mu", "##hl", "##enberg", "-", "st", "##raße"]),
        ("O\u2019Neill", ["o", "\u2019", "neill"]),
        ("x" * 101, ["[UNK]"]),  # over 100 characters
        ("\u200b", []),  # a format character alone: nothing
        ("\U0001f642", ["[UNK]"]),
    ],
)
def test_pieces_are_those_of_the_original_tokenizer(shipped: Encoder, word: str, pieces: list[str]) -> None:
    vocab = {i: p for p, i in shipped.tokenizer.vocab.items()}
    assert [vocab[i] for i in shipped.tokenizer.ids(word)] == pieces


def test_basic_split_lowercases_and_splits_punctuation() -> None:
    assert basic_split("Hello,  World!") == ["hello", ",", "world", "!"]
    assert basic_split("") == []


def test_states_cover_every_word_with_its_pieces(shipped: Encoder) -> None:
    words = ["The", "finals", "saw", "Cloud9", "and", "Immortals", "."]
    states, owner = shipped.states(words)
    assert len(states) == shipped.config.layers + 1  # the embeddings, then each layer
    n = len(owner)
    assert all(s.shape == (n, shipped.config.hidden) for s in states)
    assert owner[0] == owner[-1] == -1  # [CLS] and [SEP]
    assert sorted(set(owner[1:-1])) == list(range(len(words)))
    again, _ = shipped.states(words)
    assert all(torch.equal(a, b) for a, b in zip(states, again, strict=True))  # deterministic


def test_a_sequence_over_the_position_table_is_cut_at_a_word(shipped: Encoder) -> None:
    words = ["Washington"] * 300 + ["supercalifragilistic"] * 100
    states, owner = shipped.states(words)
    assert len(owner) <= MAX_PIECES
    assert 0 < max(owner) < len(words) - 1
    # the last word kept has all its pieces
    last = max(owner)
    assert owner.count(last) == len(shipped.tokenizer.ids(words[last]))
    assert shipped.states([])[1] == [-1, -1]


def test_eight_and_four_bit_storage_round_trip_within_half_a_step() -> None:
    from attribution.nlp.encoder import _widen

    torch.manual_seed(0)
    w = torch.randn(6, 64)
    eight = quantize(w)
    err = (_widen(eight) - w).abs().amax(dim=1)
    assert torch.all(err <= eight["scale"].float() * 0.5 + 1e-3)
    four = quantize4(w)
    assert four["q4"].shape == (6, 32) and four["scale"].shape == (6, 64 // GROUP)
    err = (_widen(four) - w).abs().view(6, -1, GROUP).amax(dim=-1)
    assert torch.all(err <= four["scale"].float() * 0.5 + 1e-3)
    with pytest.raises(ValueError, match="groups"):
        quantize4(torch.randn(2, 40))


def _tiny(hidden: int = 64, heads: int = 4, layers: int = 2, inner: int = 128) -> tuple[dict, dict, list[str]]:
    torch.manual_seed(1)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "bridge", "##s", "opened", "."]
    raw = {
        "embeddings.word_embeddings.weight": torch.randn(len(vocab), hidden),
        "embeddings.position_embeddings.weight": torch.randn(MAX_PIECES, hidden),
        "embeddings.token_type_embeddings.weight": torch.randn(2, hidden),
        "embeddings.LayerNorm.weight": torch.rand(hidden) + 0.5,
        "embeddings.LayerNorm.bias": torch.randn(hidden) * 0.1,
        "embeddings.position_ids": torch.arange(MAX_PIECES)[None],
        "pooler.dense.weight": torch.randn(hidden, hidden),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name, shape in [
            ("attention.self.query", (hidden, hidden)),
            ("attention.self.key", (hidden, hidden)),
            ("attention.self.value", (hidden, hidden)),
            ("attention.output.dense", (hidden, hidden)),
            ("intermediate.dense", (inner, hidden)),
            ("output.dense", (hidden, inner)),
        ]:
            raw[p + name + ".weight"] = torch.randn(shape) / math.sqrt(shape[1])
            raw[p + name + ".bias"] = torch.randn(shape[0]) * 0.1
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            raw[p + norm + ".weight"] = torch.rand(hidden) + 0.5
            raw[p + norm + ".bias"] = torch.randn(hidden) * 0.1
    config = {"num_hidden_layers": layers, "hidden_size": hidden, "num_attention_heads": heads, "layer_norm_eps": 1e-12}
    return raw, config, vocab


def _reference(raw: dict, config: dict, ids: list[int]) -> list[torch.Tensor]:
    """BERT's forward pass written out plainly (one sequence, no padding)."""
    h, heads = config["hidden_size"], config["num_attention_heads"]
    d = h // heads

    def norm(x, name):
        mu, var = x.mean(-1, keepdim=True), x.var(-1, unbiased=False, keepdim=True)
        return (x - mu) / torch.sqrt(var + 1e-12) * raw[name + ".weight"] + raw[name + ".bias"]

    def lin(x, name):
        return x @ raw[name + ".weight"].T + raw[name + ".bias"]

    x = raw["embeddings.word_embeddings.weight"][ids] + raw["embeddings.position_embeddings.weight"][: len(ids)]
    x = norm(x + raw["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    out = [x]
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        heads_out = []
        for k in range(heads):
            sl = slice(k * d, (k + 1) * d)
            q, kk, v = (lin(x, p + f"attention.self.{n}")[:, sl] for n in ("query", "key", "value"))
            heads_out.append(torch.softmax(q @ kk.T / math.sqrt(d), dim=-1) @ v)
        x = norm(lin(torch.cat(heads_out, dim=1), p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        inner = lin(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1 + torch.erf(inner / math.sqrt(2)))
        x = norm(lin(inner, p + "output.dense") + x, p + "output.LayerNorm")
        out.append(x)
    return out


def test_the_forward_pass_is_berts(tmp_path) -> None:
    raw, config, vocab = _tiny()
    path = tmp_path / "encoder.pt"
    torch.save(convert(raw, config, vocab, bits=32), path)
    encoder = load_encoder(path)
    states, owner = encoder.states(["The", "bridges", "opened", "."])
    ids = [2, 4, 5, 6, 7, 8, 3]  # [CLS] the bridge ##s opened . [SEP]
    assert owner == [-1, 0, 1, 1, 2, 3, -1]
    for mine, theirs in zip(states, _reference(raw, config, ids), strict=True):
        assert torch.allclose(mine, theirs, atol=1e-4)
    # the 4-bit file gives nearly the same states
    torch.save(convert(raw, config, vocab, bits=4), tmp_path / "four.pt")
    four, _ = load_encoder(tmp_path / "four.pt").states(["The", "bridges", "opened", "."])
    assert all(torch.nn.functional.cosine_similarity(a, b).min() > 0.98 for a, b in zip(four, states, strict=True))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other/1"), "format"),
        (lambda d: d["tensors"].pop("embeddings.position_embeddings.weight"), "position"),
        (lambda d: d.update(vocab=d["vocab"][:-1]), "vocabulary"),
        (lambda d: d.pop("config"), "config"),
    ],
)
def test_a_damaged_file_is_an_error_that_names_it(tmp_path, mutate, message) -> None:
    raw, config, vocab = _tiny()
    data = convert(raw, config, vocab, bits=8)
    mutate(data)
    path = tmp_path / "bad.pt"
    torch.save(data, path)
    with pytest.raises(ValueError, match=message) as err:
        load_encoder(path)
    assert str(path) in str(err.value)


def test_a_file_that_is_not_torch_at_all_is_an_error(tmp_path) -> None:
    path = tmp_path / "garbage.pt"
    path.write_bytes(b"\x00\x01not a zip")
    with pytest.raises(ValueError, match="not an encoder weight file"):
        load_encoder(path)


def test_no_file_is_no_encoder(tmp_path) -> None:
    assert load_encoder(tmp_path / "absent.pt") is None
    assert fingerprint(tmp_path / "absent.pt") == "none"
    assert len(fingerprint()) == 12


def test_the_shipped_file_is_the_4_bit_minilm(shipped: Encoder) -> None:
    assert shipped.info["bits"] == 4 and shipped.info["licence"] == "Apache-2.0"
    assert (shipped.config.layers, shipped.config.hidden, shipped.config.heads) == (6, 384, 12)
    assert len(shipped.tokenizer.vocab) == 30522
    assert ENCODER_PATH.stat().st_size < 14_000_000
    assert FORMAT == "attribution-encoder/1"
