"""The cross-validation scorer of the training recipe (training/ner_cv.py) on hand-built parses."""

from __future__ import annotations

from nlp_docs import build_doc

from attribution.nlp import entity_types, names
from attribution.nlp.ner_eval import GoldDocument, GoldName
from training import ner_cv


def _fold():
    doc = build_doc(
        "Voters/NOUN/S-PERSON saw/VERB Maria/PROPN/B-PERSON Lopez/PROPN/E-PERSON in/ADP Tasmania/PROPN/S-PERSON ./PUNCT"
    )
    text = doc.text
    spans = (("Maria Lopez", "PERSON"), ("Tasmania", "PLACE"))
    gold_names = tuple(GoldName(text.index(t), text.index(t) + len(t), t, typ) for t, typ in spans)
    gold = GoldDocument("/x/GUM_news_test.conllu", text, gold_names, (), 1, 2)
    return {"golds": [gold], "docs": [doc]}


def test_scores_the_repaired_parse_and_writes_the_errors(tmp_path):
    # the repair drops "Voters" (no proper noun) and makes "Tasmania" a place (gazetteer)
    exact, overlap, per_fold = ner_cv.score_folds([_fold()], errors=tmp_path / "errors.tsv")
    assert (exact["ALL"]["F1"], exact["ALL"]["gold"], exact["ALL"]["pred"], per_fold) == (100.0, 2, 2, [100.0])
    assert (tmp_path / "errors.tsv").read_text() == "error\ttype\ttext\tdocument\n"


def test_an_ablated_rule_shows_in_the_score_and_every_ablation_names_a_real_rule(monkeypatch):
    monkeypatch.setattr(entity_types, "_is_place", lambda text, lists: False)
    exact, _, _ = ner_cv.score_folds([_fold()])
    assert exact["ALL"]["F1"] == 50.0  # "Tasmania" stays a person: one of two names right, of two predicted
    modules = {"entity_types": entity_types, "names": names}
    for module, attr, _ in ner_cv.ABLATIONS.values():
        assert callable(getattr(modules[module], attr)), (module, attr)


def _paths_with_three_documents(tmp_path, monkeypatch):
    from training.common import Paths

    monkeypatch.setattr(ner_cv, "gum_files", lambda data, split: ["a", "b", "c"] if split == "train" else [])
    monkeypatch.setattr(ner_cv, "_sentences", lambda files: [])
    return Paths(str(tmp_path / "data"), str(tmp_path / "work"))


def test_the_folds_refuse_to_start_without_the_base_ner_vectors(tmp_path, monkeypatch):
    """The package's NER vectors may hold a delta trained on all of GUM train, held-out folds
    included, so the folds never take them: they need the work folder's own base vectors."""
    import pytest

    paths = _paths_with_three_documents(tmp_path, monkeypatch)
    with pytest.raises(SystemExit, match="ner_pretrain"):
        ner_cv.make_folds(paths)


def test_the_folds_take_the_work_folders_base_ner_vectors_as_float32(tmp_path, monkeypatch):
    import torch

    from training.common import MODEL_FILES

    paths = _paths_with_three_documents(tmp_path, monkeypatch)
    base = {"vocab": {"_id2unit": ["<PAD>", "<UNK>", "x"]}, "emb": torch.ones(3, 4, dtype=torch.float16)}
    torch.save(base, f"{paths.models}/{MODEL_FILES['ner_pretrain']}")
    ner_cv.make_folds(paths)
    saved = torch.load(f"{paths.work}/ner_cv/vectors.pt", weights_only=False)
    assert saved["emb"].dtype == torch.float32 and torch.equal(saved["emb"], torch.ones(3, 4))
    assert [(tmp_path / "work" / "ner_cv" / f"fold{k}.txt").read_text() for k in range(3)] == ["a\n", "b\n", "c\n"]


def test_a_fold_package_keeps_none_of_the_packages_ensemble_members(tmp_path):
    """The members were trained on all of GUM train, held-out folds included."""
    import json

    pkg = tmp_path / "package0"
    pkg.mkdir()
    for fn in ("nertagger.pt", "nertagger_s2.pt", "delta_s2.pt", "parser.pt"):
        (pkg / fn).write_bytes(b"x")
    manifest = {"name": "en_compact", "ner_members": [{"model": "nertagger_s2.pt", "pretrain": "v.pt",
                                                       "delta": "delta_s2.pt"}]}
    (pkg / "manifest.json").write_text(json.dumps(manifest))
    ner_cv._drop_members(str(pkg))
    assert json.loads((pkg / "manifest.json").read_text()) == {"name": "en_compact"}
    assert sorted(p.name for p in pkg.iterdir()) == ["manifest.json", "nertagger.pt", "parser.pt"]
