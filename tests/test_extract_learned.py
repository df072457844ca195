"""The learned cue pass (attribution/extract/learned.py) and its trainer.

``tests/data/parses/learned_cues.conllu`` holds sentences written for this project as
the shipped compact model parsed them: two whose cue no rule knows ("embraced",
"lent support"), one the rules find ("said"), one that reports nothing, one whose subject
cannot speak ("Mud covered ..."), one verb of physical action ("Rebels regularly attack"), a
clause under a learned cue ("..., celebrating it as") and a verbal attack on a named person. The
pass is tested with small hand-set models, so these tests do not move when the
shipped weights are retrained; the shipped file is checked for shape only.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from attribution.extract import extract, learned
from attribution.extract.lexicon import default_lexicon
from attribution.nlp import clusters
from attribution.nlp.conllu import loads

PARSES = Path(__file__).resolve().parent / "data" / "parses"


@pytest.fixture(scope="module")
def doc():
    return loads((PARSES / "learned_cues.conllu").read_text(encoding="utf-8"))


def model(threshold: float = 0.5, **weights: float) -> learned.CueModel:
    return learned.CueModel({"bias": -5.0, **weights}, threshold, {})


def by_sentence(ex, i):
    return [a for a in ex.attributions if a.sentence == i]


def test_rules_alone_miss_the_tail(doc) -> None:
    ex = extract(doc, learned_cues=False)
    assert [a.cue.span.text for a in ex.attributions] == ["said"]


def test_a_learned_verb_cue_gets_its_subject_and_object(doc) -> None:
    ex = extract(doc, learned_cues=model(**{"l=embrace": 10.0}))
    (a,) = by_sentence(ex, 0)
    assert a.cue.span.text == "embraced" and a.cue.lemma == "embrace"
    assert a.source is not None and a.source.span.text == "The mayor"
    assert "the budget plan" in " ".join(s.text for s in a.content)
    assert a.form == "verb"


def test_one_cue_per_phrase_and_the_rules_cue_stays(doc) -> None:
    # "lent" and "support" both score: "support" hangs off "lent" and joins its cue
    m = model(**{"l=lent": 10.0, "l=support": 10.0, "l=say": 10.0})
    ex = extract(doc, learned_cues=m)
    (a,) = by_sentence(ex, 1)
    assert a.cue.span.text == "lent"
    assert a.source is not None and a.source.span.text == "Her office"
    assert "support to the measure" in " ".join(s.text for s in a.content)
    # the rules' "said" is no candidate: it is not doubled
    said = by_sentence(ex, 2)
    assert [x.cue.span.text for x in said].count("said") == 1


def test_a_clause_under_a_learned_cue_is_a_cue_of_its_own(doc) -> None:
    # "The council embraced the plan, celebrating it as a turning point.": "celebrating" opens a
    # clause (advcl) under "embraced"; PolNeAR marks both
    ex = extract(doc, learned_cues=model(**{"l=embrace": SURE_ENOUGH, "l=celebrate": SURE_ENOUGH}))
    cues = by_sentence(ex, 6)
    assert [a.cue.span.text for a in cues] == ["embraced", "celebrating"]
    assert all(a.source is not None and a.source.span.text == "The council" for a in cues)


def test_nothing_above_threshold_is_the_rules_alone(doc) -> None:
    rules = extract(doc, learned_cues=False)
    same = extract(doc, learned_cues=model(threshold=0.99, **{"l=embrace": 1.0}))
    assert same.attributions == rules.attributions
    assert same.claims == rules.claims


def test_candidates_skip_found_cues_and_their_phrase(doc) -> None:
    sent = doc.sentences[2]
    said = sent.word(4)
    ctx = learned.Context((said.span,), (), ())
    words = [w.text for w in learned.candidates(sent, ctx, default_lexicon())]
    assert "said" not in words
    assert "sail" in words  # a clause under a cue may hold a cue of its own
    assert "authority" not in words  # its subject: a source, not a cue


def test_features_read_the_context(doc) -> None:
    sent = doc.sentences[0]
    verb = sent.word(3)
    f = learned.features(sent, verb, learned.Context((), (), ()), quoted=False)
    assert {"l=embrace", "u=VERB", "lc=embrace|obj", "lc=embrace|nsubj", "p=obl|on", "s=nsubj|NOUN", "root"} <= set(f)
    inside = learned.features(sent, verb, learned.Context((), (sent.word(3).span,), ()), quoted=True)
    assert "inc=True" in inside and "q=True" in inside and "inc=False" in f


def test_model_probability_and_threshold() -> None:
    m = model(**{"a": 5.0})
    assert m.probability(["bias", "a"]) == pytest.approx(0.5)
    assert m.probability(["bias"]) < 0.01
    assert m.probability(["bias", "a", "unknown"]) == pytest.approx(0.5)


def test_a_malformed_weight_file_names_itself(tmp_path) -> None:
    bad = tmp_path / "cue_model.json.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"weights": {"a": 1.0}}))  # no threshold
    with pytest.raises(ValueError, match="cue_model.json.gz"):
        learned.load_model(bad)
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match="not a cue model"):
        learned.load_model(bad)
    assert learned.load_model(tmp_path / "absent.json.gz") is None


def test_the_shipped_weights_load() -> None:
    m = learned.load_model()
    assert m is not None, "attribution/data/cue_model.json.gz is missing from the package"
    assert 0.0 < m.threshold < 1.0
    assert len(m.weights) > 1000
    assert "PolNeAR train" in m.info["data"]
    assert m.veto_weights and len(m.veto_weights) > 100
    assert 0.0 <= m.veto_threshold < 1.0


def test_build_returns_nothing_without_content(doc) -> None:
    # "closed" is the root of a sentence whose only dependents are its subject and a time
    sent = doc.sentences[3]
    f = learned.build(doc.text, sent, sent.word(2), default_lexicon())  # "harbour": nothing after it
    assert f is not None  # the rest of its clause
    assert learned.build(doc.text, sent, sent.word(7), default_lexicon()) is None  # "days", the last word


def test_fit_learns_a_separating_feature() -> None:
    torch = pytest.importorskip("torch")
    assert torch is not None
    from training.cue_detector import fit

    rows = [(["bias", "good"], True)] * 20 + [(["bias", "bad"], False)] * 60 + [(["bias"], False)] * 20
    w = fit(rows, l2=0.1, min_count=2)
    m = learned.CueModel(w, 0.5, {})
    assert m.probability(["bias", "good"]) > 0.9
    assert m.probability(["bias", "bad"]) < 0.1


def test_a_subject_that_cannot_speak_makes_no_attribution(doc) -> None:
    # "Mud covered the main square": the model may score "covered" (the press "covers" a
    # story), but mud holds no view; "The mayor embraced ..." keeps its attribution
    ex = extract(doc, learned_cues=model(**{"l=cover": SURE_ENOUGH, "l=embrace": SURE_ENOUGH}))
    assert by_sentence(ex, 4) == []
    assert [a.cue.span.text for a in by_sentence(ex, 0)] == ["embraced"]


#: a weight that puts a word above the hand-set models' threshold (0.5) but below
#: learned.CONFIDENT: the rules' tests still stand against it
SURE_ENOUGH = 5.2


def test_a_confident_model_stands_against_the_speaker_test(doc) -> None:
    # can_speak reads the subject's head; a word scored at learned.CONFIDENT or above was
    # read in its whole context (PolNeAR train cross-validation: cue F1 up 0.0018)
    assert 1 / (1 + math.exp(5.0 - SURE_ENOUGH)) < learned.CONFIDENT
    ex = extract(doc, learned_cues=model(**{"l=cover": 10.0}))
    assert [a.cue.span.text for a in by_sentence(ex, 4)] == ["covered"]


def test_verbs_of_physical_action_and_their_phrase_are_never_learned_cues(doc) -> None:
    sent = doc.sentences[5]  # "Rebels regularly attack army posts."
    words = [w.text for w in learned.candidates(sent, learned.Context((), (), ()), default_lexicon())]
    assert "attack" not in words and "regularly" not in words
    ex = extract(doc, learned_cues=model(**{"l=attack": 10.0, "l=regularly": 10.0}))
    assert by_sentence(ex, 5) == []


def test_a_verb_of_action_aimed_at_a_named_person_is_a_candidate(doc) -> None:
    # "Mayor Ruth Okafor attacked Daniel Reyes over the ferry cuts.": words, not blows;
    # "Rebels regularly attack army posts." stays an event (the test above)
    sent = doc.sentences[7]
    words = [w.text for w in learned.candidates(sent, learned.Context((), (), ()), default_lexicon())]
    assert "attacked" in words
    ex = extract(doc, learned_cues=model(**{"l=attack": SURE_ENOUGH}))
    (a,) = by_sentence(ex, 7)
    assert a.cue.span.text == "attacked" and a.source.span.text == "Mayor Ruth Okafor"
    assert by_sentence(ex, 5) == []


@pytest.fixture(scope="module")
def misparses():
    return (
        loads((PARSES / "compact_misparses.conllu").read_text(encoding="utf-8")),
        loads((PARSES / "compact_misparses_2.conllu").read_text(encoding="utf-8")),
    )


def test_a_lexicon_verb_the_rules_left_is_a_candidate(misparses) -> None:
    doc2 = misparses[1]
    sent = doc2.sentences[2]  # "He left as she said goodbye."
    rules = extract(doc2, learned_cues=False)
    assert not any(a.sentence == 2 for a in rules.attributions)
    ctx = learned.Context(tuple(a.cue.span for a in rules.attributions), (), ())
    assert "said" in [w.text for w in learned.candidates(sent, ctx, default_lexicon())]


@pytest.mark.parametrize(
    ("which", "sentence"),
    [
        (0, 14),  # "Voters who said the economy was their top issue split evenly ...": a poll group
        (1, 2),  # "He left as she said goodbye.": a saying verb with a lone noun
    ],
)
def test_the_rules_reasons_stand_against_the_model(misparses, which, sentence) -> None:
    doc = misparses[which]
    ex = extract(doc, learned_cues=model(**{"l=say": 10.0}))  # however sure the model is
    assert not any(a.sentence == sentence for a in ex.attributions)


def test_a_confident_model_stands_against_a_lone_object() -> None:
    # "Voters know this.": a verb of the lexicon with a lone object most often reports nothing
    # ("as she said goodbye", which stands however sure the model is: the test above); a word
    # scored at learned.CONFIDENT or above was read in its context ("he said that", "offered
    # ideas": PolNeAR cues; train cross-validation cue F1 0.7884 -> 0.7891)
    doc = loads((PARSES / "bare_object.conllu").read_text(encoding="utf-8"))
    assert [a.sentence for a in extract(doc, learned_cues=model(**{"l=know": SURE_ENOUGH})).attributions] == [0]
    got = [
        (a.sentence, a.cue.span.text, a.source.span.text)
        for a in extract(doc, learned_cues=model(**{"l=know": 10.0})).attributions
    ]
    assert got == [(0, "promised", "The mayor"), (1, "know", "Voters")]


# ------------------------------------------------------------------ the veto


def vetoing(threshold: float = 0.5, **weights: float) -> learned.CueModel:
    """A model that adds no learned cue and vetoes what scores below ``threshold``."""
    return learned.CueModel({"bias": -5.0}, 0.5, {}, {"bias": -5.0, **weights}, threshold)


def test_the_veto_drops_a_rules_cue_it_scores_low(doc) -> None:
    said = [a.cue.span.text for a in by_sentence(extract(doc, learned_cues=model()), 2)]
    assert said == ["said"]
    assert by_sentence(extract(doc, learned_cues=vetoing()), 2) == []
    kept = extract(doc, learned_cues=vetoing(**{"lem=say": 10.0}))
    assert [a.cue.span.text for a in by_sentence(kept, 2)] == ["said"]


def test_no_veto_model_keeps_every_rules_cue(doc) -> None:
    none = learned.CueModel({"bias": -5.0}, 0.5, {})
    assert none.veto_probability(["bias"]) == 1.0
    assert extract(doc, learned_cues=none).attributions == extract(doc, learned_cues=False).attributions


def test_quotations_and_according_to_are_exempt_from_the_veto() -> None:
    news = loads((PARSES / "basic_news.conllu").read_text(encoding="utf-8"))
    rules = extract(news, learned_cues=False).attributions
    vetoed = extract(news, learned_cues=vetoing()).attributions
    exempt = [(a.cue.span, a.form) for a in rules if a.form in learned.VETO_EXEMPT_FORMS]
    assert exempt, "the fixture must hold a quotation or an according-to"
    assert any(a.form not in learned.VETO_EXEMPT_FORMS for a in rules)
    assert [(a.cue.span, a.form) for a in vetoed] == exempt


def test_veto_features_read_the_form_cue_and_source(doc) -> None:
    from attribution.extract import rule_pass

    lex = default_lexicon()
    rp = rule_pass(doc, lex)
    (f,) = [x for x in rp.found if x.sentence == 2]
    sent = doc.sentences[2]
    feats = learned.veto_features(sent, sent, f, learned.Context.of(rp.found), quoted=False)
    assert {"bias", "lem=say", "form=verb", "cat=speech", "w:l=say", "w:u=VERB"} <= set(feats)
    assert any(x.startswith("src=") for x in feats) and "src=none" not in feats
    # the veto reads only the word's coarse clusters
    word = learned.features(sent, sent.word(f.cue_word), learned.Context((), (), ()), quoted=False)
    assert any(x.startswith("k") for x in word)
    veto_clusters = {x for x in feats if x.startswith(("w:k", "w:sk"))}
    assert veto_clusters and all(x.startswith(("w:k4=", "w:k6=", "w:k8=")) for x in veto_clusters)


def test_a_weight_file_with_a_veto_loads_it(tmp_path) -> None:
    path = tmp_path / "m.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        veto = {"threshold": 0.3, "weights": {"bias": 2.0}}
        json.dump({"threshold": 0.4, "weights": {"bias": 1.0}, "veto": veto}, fh)
    m = learned.load_model(path)
    assert m is not None and m.veto_weights == {"bias": 2.0} and m.veto_threshold == 0.3
    assert m.veto_probability(["bias"]) == pytest.approx(1 / (1 + math.exp(-2.0)))


def test_thresholds_prefer_the_veto_that_drops_fewest() -> None:
    from training.cue_detector import choose

    cv = {
        (0.4, 0.0): {"cue": 0.770, "source": 0.76},
        (0.4, 0.2): {"cue": 0.7809, "source": 0.77},
        (0.4, 0.3): {"cue": 0.7811, "source": 0.77},
        (0.5, 0.3): {"cue": 0.7790, "source": 0.78},
    }
    assert choose(cv) == (0.4, 0.2)  # 0.3 is best by 0.0002: within the tolerance
    cv[(0.4, 0.3)] = {"cue": 0.7830, "source": 0.77}
    assert choose(cv) == (0.4, 0.3)  # a clear gain keeps the stricter veto
    cv[(0.4, 0.2)], cv[(0.4, 0.3)] = {"cue": 0.7875, "source": 0.77}, {"cue": 0.7880, "source": 0.77}
    assert choose(cv) == (0.4, 0.2)  # exactly the tolerance below the best is within it


def test_cluster_features_generalise_over_unseen_cue_words(tmp_path, monkeypatch) -> None:
    table = tmp_path / "word_clusters.tsv.gz"
    with gzip.open(table, "wt", encoding="utf-8") as fh:
        fh.write("# test table\nembraced\t0101101011\nmayor\t110\n")
    monkeypatch.setattr(clusters, "CLUSTERS_PATH", table)
    clusters.load_clusters.cache_clear()
    try:
        doc_sentence = loads((PARSES / "learned_cues.conllu").read_text(encoding="utf-8")).sentences[0]
        f = set(learned.features(doc_sentence, doc_sentence.word(3), learned.Context((), (), ()), quoted=False))
        # the verb's path prefixes, and its subject's (too short for any prefix: only the whole path)
        assert {"k4=0101", "k6=010110", "k10=0101101011", "k=0101101011", "sk=110"} <= f
        assert not any(x.startswith("k12=") or x.startswith("sk4=") for x in f)
        # a word the table lacks says so, and a model weighting a prefix scores it
        plan = learned.features(doc_sentence, doc_sentence.word(6), learned.Context((), (), ()), quoted=False)
        assert "k=none" in plan
        assert model(**{"k8=01011010": 10.0}).probability(sorted(f)) > 0.99
    finally:
        clusters.load_clusters.cache_clear()


def test_a_malformed_cluster_table_names_file_and_line(tmp_path) -> None:
    bad = tmp_path / "word_clusters.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        fh.write("said\t0010111\nclaimed 0010\n")
    with pytest.raises(ValueError, match=r"word_clusters.tsv.gz:2"):
        clusters.load_clusters(str(bad))
    assert clusters.load_clusters(str(tmp_path / "absent.tsv.gz")) == {}


def test_the_shipped_cluster_table_groups_verbs_of_judging() -> None:
    table = clusters.load_clusters()
    assert len(table) > 10000, "attribution/data/word_clusters.tsv.gz is missing from the package"
    assert table["criticized"][:8] == table["chided"][:8]


def test_a_verb_the_parse_read_as_a_noun_has_its_modifiers_for_speaker() -> None:
    # "Harbour Radio reports that ...", "Two-thirds support raising ...": the parse made the verb
    # the root noun of a noun phrase, so the learned pass found no subject and reported the
    # claim as nobody's; the words before it name the speaker. "The reports that the ferry
    # would close were false" keeps its noun (an article before it), and is no attribution
    doc = loads((PARSES / "verbs_read_as_nouns.conllu").read_text(encoding="utf-8"))
    lex = default_lexicon()
    assert [w.upos for s in doc.sentences[:2] for w in s.words if w.deprel == "root"] == ["NOUN", "NOUN"]
    got = [
        (a.sentence, a.cue.span.text, a.source.span.text if a.source else None)
        for a in extract(doc, learned_cues=model(**{"l=report": 10.0, "l=support": 10.0})).attributions
        if a.sentence in (0, 1)
    ]
    assert got == [(0, "reports", "Harbour Radio"), (1, "support", "Two-thirds")]
    assert learned._verb_read_as_noun(doc.sentences[3], doc.sentences[3].word(2), lex) == []


def test_a_by_phrase_names_the_speaker_of_a_passive_only() -> None:
    # "was praised by the harbour board": the agent speaks; "By big margins, those surveyed say
    # ..." (the parse found no subject for "say") and "did not mention X by name" are manners,
    # and a speaker "big margins" or "name" is worse than none
    doc = loads((PARSES / "by_phrases.conllu").read_text(encoding="utf-8"))
    lex = default_lexicon()

    def source(i: int, word: str) -> str:
        sent = doc.sentences[i]
        w = next(x for x in sent.words if x.text == word)
        return " ".join(sent.word(j).text for j in learned._source(sent, w, lex))

    assert source(1, "praised") == "the harbour board"
    assert source(0, "say") == ""
