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
