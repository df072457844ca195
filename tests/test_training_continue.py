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


def test_the_ensemble_members_are_the_ner_recipe_with_their_own_seeds(paths, monkeypatch) -> None:
    """`ner_members` runs stanza's NER trainer once per seed of NER_MEMBER_SEEDS, each into its
    own file, with the recipe's hyper-parameters but its seed (the main model keeps HPARAMS')."""
    from training import train

    calls = []
    monkeypatch.setattr(train, "run_module", lambda module, args, log, threads, **kw: calls.append(args) or 1.0)
    monkeypatch.setattr(train, "pretrain_dim", lambda path: 214)
    assert train.train_ner_members(paths, extra=["--max_steps", "10"]) == len(train.NER_MEMBER_SEEDS)
    assert len(calls) == len(train.NER_MEMBER_SEEDS) >= 2
    main_seed = train.HPARAMS["ner"][train.HPARAMS["ner"].index("--seed") + 1]
    for seed, args in zip(train.NER_MEMBER_SEEDS, calls, strict=True):
        args = [str(a) for a in args]
        assert args[args.index("--seed") + 1] == str(seed) != str(main_seed)
        assert args.count("--seed") == 1 and args[args.index("--max_steps") + 1] == "10"
        assert args[args.index("--save_name") + 1] == train.ner_member_file(seed) != train.MODEL_FILES["ner"]
