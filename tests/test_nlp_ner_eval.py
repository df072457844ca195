"""NER evaluation against GUM gold (`attribution models evaluate --ner`).

Unit tests run on a hand-written GUM-style CoNLL-U document and a fake parser;
the integration test parses one short GUM test document with the shipped model
(skipped cleanly without ../shared).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli import models_cmd
from attribution.cli.main import main
from attribution.model import Entity, ParsedDocument, Sentence, Token
from attribution.nlp import ner_eval
from attribution.nlp.evaluate import raw_text
from attribution.nlp.ner_eval import NerGoldError, evaluate_ner, gold_from_string, gold_names, read_sentences

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"  # as in conftest.py (importable only under `python -m pytest`)


def _conllu(*sentences: str) -> str:
    """Tab-separate rows written with runs of spaces (comments are kept as they are)."""
    out = []
    for block in sentences:
        for line in block.strip("\n").split("\n"):
            out.append(line if line.startswith("#") else "\t".join(line.split()))
        out.append("")
    return "\n".join(out) + "\n"


S1 = """
# newdoc id = t
# newpar
# sent_id = t-1
# text = The Bank of England said Ana Ruiz, a spokeswoman, won't resign.
1 The the DET DT _ 2 det _ Entity=(1-organization-new-_-_-_-_-Bank_of_England
2 Bank Bank PROPN NNP _ 5 nsubj _ _
3 of of ADP IN _ 4 case _ _
4 England England PROPN NNP _ 2 nmod _ Entity=(2-place-new-_-_-_-_-England)1)
5 said say VERB VBD _ 0 root _ _
6 Ana Ana PROPN NNP _ 14 nsubj _ Entity=(3-person-new-_-_-_-_-Ana_Ruiz
7 Ruiz Ruiz PROPN NNP _ 6 flat _ SpaceAfter=No
8 , , PUNCT , _ 10 punct _ _
9 a a DET DT _ 10 det _ _
10 spokeswoman spokeswoman NOUN NN _ 6 appos _ Entity=3)|SpaceAfter=No
11 , , PUNCT , _ 10 punct _ _
12-13 won't _ _ _ _ _ _ _ _
12 wo will AUX MD _ 14 aux _ _
13 n't not PART RB _ 14 advmod _ _
14 resign resign VERB VB _ 5 ccomp _ SpaceAfter=No
15 . . PUNCT . _ 5 punct _ _
"""

S2 = """
# sent_id = t-2
# text = Officials in New York City agreed.
1 Officials official NOUN NNS _ 6 nsubj _ Entity=(4-person-new-_-_-_-_-_
2 in in ADP IN _ 5 case _ _
3 New New ADJ JJ _ 5 amod _ Entity=(5-place-new-_-_-_-_-New_York_City
4 York York PROPN NNP _ 5 compound _ _
5 City City PROPN NNP _ 1 nmod _ Entity=5)4)
6 agreed agree VERB VBD _ 0 root _ SpaceAfter=No
7 . . PUNCT . _ 6 punct _ _
"""

S3 = """
# newpar
# sent_id = t-3
# text = He met Gov. Hochul in Albany.
1 He he PRON PRP _ 2 nsubj _ Entity=(7-person-giv-_-_-_-_-_)
2 met meet VERB VBD _ 0 root _ _
3 Gov. Gov. NOUN NN _ 4 compound _ Entity=(8-person-new-_-_-_-_-Kathy_Hochul
4 Hochul Hochul PROPN NNP _ 2 obj _ Entity=8)
5 in in ADP IN _ 6 case _ _
6 Albany Albany PROPN NNP _ 2 obl _ Entity=(9-place-new-_-_-_-_-Albany)|SpaceAfter=No
7 . . PUNCT . _ 2 punct _ _
"""

GOLD = _conllu(S1, S2, S3)
TEXT = (
    "The Bank of England said Ana Ruiz, a spokeswoman, won't resign. Officials in New York City agreed."
    "\n\nHe met Gov. Hochul in Albany.\n"
)

EWT_STYLE = _conllu(
    """
# newdoc id = e
# sent_id = e-1
# text = Officials said it rained.
1 Officials official NOUN NNS _ 2 nsubj _ _
2 said say VERB VBD _ 0 root _ _
3 it it PRON PRP _ 4 expl _ _
4 rained rain VERB VBD _ 2 ccomp _ SpaceAfter=No
5 . . PUNCT . _ 2 punct _ _
"""
)


def _span(text: str, phrase: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth]
    return start, start + len(phrase), label


class FakeParser:
    """Returns, for each text, one sentence with word tokens and the entities chosen for that text."""

    name = "fake"

    def __init__(self, entities: dict[str, list[tuple[int, int, str]]]) -> None:
        self.entities = entities
        self.seen: list[str] = []

    def parse(self, text: str) -> ParsedDocument:
        return self.parse_many([text])[0]

    def parse_many(self, texts: list[str]) -> list[ParsedDocument]:
        self.seen.extend(texts)
        docs = []
        for text in texts:
            toks = tuple(
                Token(i, m.group(), m.start(), m.end(), (i + 1,))
                for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))
            )
            ents = tuple(Entity(s, e, text[s:e], t, 0) for s, e, t in self.entities.get(text, []))
            sent = Sentence(0, 0, len(text), text, toks, (), ents)
            docs.append(ParsedDocument(text=text, sentences=(sent,), model=self.name))
        return docs


# ---------------------------------------------------------------- the gold-name rule


def test_name_rule_propn_head_connectors_outermost():
    rows = read_sentences(GOLD)[0][1]
    words, kept = gold_names(rows)
    names = {(" ".join(w[1] for w in words[s : e + 1]), t) for s, e, t in kept}
    # "The" is left out, "of" bridged, the nested place "England" dropped (outermost kept);
    # the apposition ", a spokeswoman" is not part of the name
    assert names == {("Bank of England", "ORG"), ("Ana Ruiz", "PERSON")}


def test_name_rule_common_noun_heads_are_not_names_and_capitalised_modifiers_are():
    words, kept = gold_names(read_sentences(GOLD)[1][1])
    # "Officials in New York City" is a person mention headed by a NOUN: no name;
    # "New" (ADJ, capitalised) joins the proper nouns of the place
    assert [(" ".join(w[1] for w in words[s : e + 1]), t) for s, e, t in kept] == [("New York City", "PLACE")]
    words, kept = gold_names(read_sentences(GOLD)[2][1])
    assert sorted(" ".join(w[1] for w in words[s : e + 1]) for s, e, _ in kept) == ["Albany", "Gov. Hochul"]


def test_entity_field_events():
    assert ner_eval.parse_entity_field("(2-place-new-_-_-_-_-England)1)") == [
        ("open", "2", "place", ["2", "place", "new", "_", "_", "_", "_", "England"]),
        ("close", "2"),
        ("close", "1"),
    ]


def test_training_recipe_uses_the_same_rule(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))  # training/ is the recipe, not an installed package
    from training import prep

    assert prep.name_span is ner_eval.name_span and prep.gum_mentions is ner_eval.gum_mentions
    assert prep.CONNECTORS is ner_eval.CONNECTORS and prep.NER_TYPES is ner_eval.NER_TYPES
    tags = [w["ner"] for w in prep.ner_sentence(read_sentences(GOLD)[0][1])]
    assert tags == ["O", "B-ORG", "I-ORG", "E-ORG", "O", "B-PERSON", "E-PERSON"] + ["O"] * 8


# ---------------------------------------------------------------- gold words in the raw text


def test_gold_words_are_placed_in_the_rebuilt_raw_text():
    gold = gold_from_string(GOLD, "t.conllu")
    assert gold.text == raw_text(GOLD) == TEXT
    sents = read_sentences(GOLD)
    for (_, rows), offsets in zip(sents, gold.word_offsets, strict=True):
        words = [r for r in rows if r[0].isdigit()]
        assert len(words) == len(offsets)
        for w, (s, e) in zip(words, offsets, strict=True):
            if w[0] in ("12", "13") and w[1] in ("wo", "n't"):
                assert gold.text[s:e] == "won't"  # words of a multi-word token share its offsets
            else:
                assert gold.text[s:e] == w[1]
    assert [(n.text, n.type) for n in gold.names] == [
        ("Bank of England", "ORG"),
        ("Ana Ruiz", "PERSON"),
        ("New York City", "PLACE"),
        ("Gov. Hochul", "PERSON"),
        ("Albany", "PLACE"),
    ]
    assert all(gold.text[n.start : n.end] == n.text for n in gold.names)
    assert gold.names[3].start == TEXT.index("Gov. Hochul")  # in the second paragraph


def test_words_that_disagree_with_the_text_are_an_error():
    bad = GOLD.replace("# text = Officials in New York City agreed.", "# text = Officials in New York agreed.")
    with pytest.raises(NerGoldError, match="t-2: word 5 'City'"):
        gold_from_string(bad, "t.conllu")


def test_file_without_entities_is_a_clear_error():
    with pytest.raises(NerGoldError, match="no GUM entity annotation"):
        gold_from_string(EWT_STYLE, "ewt.conllu")


# ---------------------------------------------------------------- scoring


def test_perfect_predictions_score_100():
    gold = gold_from_string(GOLD)
    parser = FakeParser({TEXT: [(n.start, n.end, n.type) for n in gold.names]})
    result = evaluate_ner([gold], parser)
    assert parser.seen == [TEXT]  # the raw text is parsed end to end, once
    for key in ("PERSON", "ORG", "PLACE", "ALL", "ALL_overlap"):
        assert result["ner"][key]["F1"] == 100.0
    assert result["ner"]["PERSON"]["gold"] == 2 and result["ner"]["ORG"]["gold"] == 1
    assert result["gold_names_on_system_token_boundaries"] == 100.0


def test_exact_versus_overlap_and_per_type_counts():
    parser = FakeParser(
        {
            TEXT: [
                _span(TEXT, "Bank of England", "ORG"),  # exact
                _span(TEXT, "Ruiz", "PERSON"),  # overlaps "Ana Ruiz": lenient only
                _span(TEXT, "New York City", "ORG"),  # wrong type
                _span(TEXT, "Albany", "GPE"),  # another label set: GPE scores as PLACE
                _span(TEXT, "He", "DATE"),  # not a scored type: left out
            ]
        }
    )
    result = evaluate_ner([gold_from_string(GOLD)], parser)
    ner, overlap = result["ner"], result["ner_overlap"]
    assert list(ner) == ["PERSON", "ORG", "PLACE", "ALL", "ALL_overlap"]
    assert ner["ORG"] == {"P": 50.0, "R": 100.0, "F1": 66.67, "gold": 1, "pred": 2}
    assert ner["PERSON"] == {"P": 0.0, "R": 0.0, "F1": 0.0, "gold": 2, "pred": 1}
    assert ner["PLACE"] == {"P": 100.0, "R": 50.0, "F1": 66.67, "gold": 2, "pred": 1}
    assert ner["ALL"] == {"P": 50.0, "R": 40.0, "F1": 44.44, "gold": 5, "pred": 4}
    assert overlap["PERSON"] == {"P": 100.0, "R": 50.0, "F1": 66.67, "gold": 2, "pred": 1}
    # 3 of 4 predictions overlap a gold name of their type; 3 of 5 gold names are hit
    assert ner["ALL_overlap"] == overlap["ALL"] == {"P": 75.0, "R": 60.0, "F1": 66.67, "gold": 5, "pred": 4}
    assert result["ignored_predicted_types"] == {"DATE": 1}


def test_documents_are_scored_separately():
    other = GOLD.replace("# newdoc id = t", "# newdoc id = u")
    gold_a, gold_b = gold_from_string(GOLD, "a"), gold_from_string(other, "b")
    assert gold_a.text == gold_b.text
    # the same spans in two documents are two gold names and two predictions each
    result = evaluate_ner([gold_a, gold_b], FakeParser({TEXT: [_span(TEXT, "Albany", "PLACE")]}))
    assert result["ner"]["PLACE"] == {"P": 100.0, "R": 50.0, "F1": 66.67, "gold": 4, "pred": 2}
    assert result["gold_files"] == 2


# ---------------------------------------------------------------- the command


def test_cli_ner_json_with_a_fake_parser(tmp_path, monkeypatch):
    path = tmp_path / "gum.conllu"
    path.write_text(GOLD, encoding="utf-8")
    gold = gold_from_string(GOLD)
    fake = FakeParser({TEXT: [(n.start, n.end, n.type) for n in gold.names]})
    monkeypatch.setattr(models_cmd, "load_parser_or_fail", lambda model: fake)
    res = CliRunner().invoke(main, ["models", "evaluate", "--ner", "--json", str(path)])
    assert res.exit_code == 0, res.output
    assert "overlap F1" in res.stdout
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["model"] == "fake"
    assert set(out["ner"]) == {"PERSON", "ORG", "PLACE", "ALL", "ALL_overlap"}
    assert out["ner"]["ALL"] == {"P": 100.0, "R": 100.0, "F1": 100.0, "gold": 5, "pred": 5}
    assert "words_per_second" in out


def test_cli_ner_without_entities_exits_3_before_loading_the_model(tmp_path, monkeypatch):
    path = tmp_path / "ewt.conllu"
    path.write_text(EWT_STYLE, encoding="utf-8")

    def no_model(model):
        raise AssertionError("the model must not be loaded for unusable gold")

    monkeypatch.setattr(models_cmd, "load_parser_or_fail", no_model)
    res = CliRunner().invoke(main, ["models", "evaluate", "--ner", str(path)])
    assert res.exit_code == 3
    assert "no GUM entity annotation" in res.stderr and "ewt.conllu" in res.stderr


# ---------------------------------------------------------------- integration

GUM = SHARED / "data" / "ud-english" / "gum"
SHORT_TEST_DOC = "GUM_voyage_vavau"  # the shortest GUM test document here (about 630 words)


@pytest.mark.model
@pytest.mark.shared
def test_cli_ner_on_a_gum_test_document():
    path = GUM / "dep" / f"{SHORT_TEST_DOC}.conllu"
    if not path.is_file():
        pytest.skip("../shared/data/ud-english is not present")
    assert f"* {SHORT_TEST_DOC}" in (GUM / "splits.md").read_text(encoding="utf-8").split("## test")[1]
    res = CliRunner().invoke(main, ["models", "evaluate", "--ner", "--json", str(path)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["model"] == "en_compact"
    ner = out["ner"]
    gold = ner_eval.load_gold(path)
    assert ner["ALL"]["gold"] == len(gold.names) > 10
    assert sum(ner[t]["gold"] for t in ("PERSON", "ORG", "PLACE")) == ner["ALL"]["gold"]
    assert sum(ner[t]["pred"] for t in ("PERSON", "ORG", "PLACE")) == ner["ALL"]["pred"] > 0
    for scores in ner.values():
        assert 0 <= scores["P"] <= 100 and 0 <= scores["R"] <= 100 and 0 <= scores["F1"] <= 100
    assert ner["ALL_overlap"]["F1"] >= ner["ALL"]["F1"]
    assert ner["ALL"]["F1"] > 20  # the shipped model finds names (about 56 F1 with gold tokens)
    assert out["words_per_second"] > 0
