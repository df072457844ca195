"""Which dev score a continuation run (pos_more, ner_more) must beat (no training run)."""

from __future__ import annotations

import json
import shutil

import pytest

from training.common import MODEL_FILES, PACKAGE_DIR, Paths
from training.train import _current_dev


@pytest.fixture()
def paths(tmp_path) -> Paths:
    return Paths(str(tmp_path / "data"), str(tmp_path / "work"))


def test_the_training_log_gives_the_score(paths) -> None:
    with open(f"{paths.logs}/pos.log", "w") as f:
        f.write("\n### 2026-12-01T00:00:00Z\nstep 250: dev_score = 0.8812\nstep 500: dev_score = 0.8907\n")
    assert _current_dev(paths, "pos") == pytest.approx(0.8907)


def test_without_a_log_the_packaged_models_score_counts_only_for_the_packaged_model(paths) -> None:
    shutil.copy2(f"{PACKAGE_DIR}/{MODEL_FILES['pos']}", paths.model("pos"))
    recorded = json.load(open(f"{PACKAGE_DIR}/manifest.json"))["dev_scores"]["pos"]
    assert _current_dev(paths, "pos") == pytest.approx(recorded / 100)
    with open(paths.model("pos"), "ab") as f:
        f.write(b"\0")  # no longer the packaged weights: nobody recorded its score
    assert _current_dev(paths, "pos") is None
