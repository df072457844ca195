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
