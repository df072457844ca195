"""Document-level name propagation (attribution/nlp/names.py) on hand-built parses."""

from __future__ import annotations

from nlp_docs import build_doc, entity_pairs

from attribution.model import ParsedDocument
from attribution.nlp import conllu
from attribution.nlp.names import propagate_names


def test_surname_and_full_name_repeats_get_the_person_tag() -> None:
    doc = build_doc(
        "Senator/PROPN/B-PERSON Maria/PROPN/I-PERSON Lopez/PROPN/E-PERSON said/VERB it/PRON ./PUNCT",
        "Lopez/PROPN added/VERB that/SCONJ Maria/PROPN Lopez/PROPN agreed/VERB ./PUNCT",
        "Lopez's/PROPN aide/NOUN spoke/VERB ./PUNCT",
    )
    out = propagate_names(doc)
    assert entity_pairs(out) == [
        ("Senator Maria Lopez", "PERSON"),
        ("Lopez", "PERSON"),
        ("Maria Lopez", "PERSON"),
        ("Lopez's", "PERSON"),
    ]
    # the token tags agree with the entities: the CoNLL-U cache rebuilds them from the tags
    assert conllu.loads(conllu.dumps(out)).entities == out.entities
    second = out.sentences[1]
    assert [w.ner for w in second.words[3:5]] == ["B-PERSON", "E-PERSON"]
    assert second.words[0].ner == "S-PERSON"


def test_organisation_and_place_names_repeat_whole_but_not_in_parts() -> None:
    # "Times" alone is no repeat: only a person's name is split into parts
    doc = build_doc(
        "The/DET New/PROPN/B-ORG York/PROPN/I-ORG Times/PROPN/E-ORG reported/VERB it/PRON"
        " in/ADP Ohio/PROPN/S-PLACE ./PUNCT",
        "Times/PROPN editors/NOUN in/ADP Ohio/PROPN agreed/VERB"
        " with/ADP New/PROPN York/PROPN Times/PROPN staff/NOUN ./PUNCT",
    )
    assert entity_pairs(propagate_names(doc))[2:] == [("Ohio", "PLACE"), ("New York Times", "ORG")]


def test_adjectives_lowercase_words_and_fragments_of_longer_names_are_left_alone() -> None:
    doc = build_doc(
        "Dutch/PROPN/S-ORG officials/NOUN met/VERB Will/PROPN/B-PERSON Hart/PROPN/E-PERSON ./PUNCT",
        "Dutch/ADJ banks/NOUN will/AUX wait/VERB ./PUNCT",  # "Dutch" the adjective; "will" the verb
        "Hart/PROPN Foundation/PROPN staff/NOUN agreed/VERB ./PUNCT",  # part of another name
        "Gov./PROPN Hart/PROPN spoke/VERB ./PUNCT",  # a title before the surname is fine
    )
    assert entity_pairs(propagate_names(doc))[2:] == [("Hart", "PERSON")]
    assert propagate_names(doc).sentences[3].entities[0].text == "Hart"


def test_a_stray_tag_does_not_spread_to_many_untagged_mentions() -> None:
    # "Athens" tagged once as a person among five mentions: a fifth is the least share trusted
    many = ["Athens/PROPN grew/VERB ./PUNCT"] * 4
    stray = build_doc("Athens/PROPN/S-PERSON fell/VERB ./PUNCT", *many)
    assert entity_pairs(propagate_names(stray)) == [("Athens", "PERSON")] + [("Athens", "PERSON")] * 4
    stray = build_doc("Athens/PROPN/S-PERSON fell/VERB ./PUNCT", *many, "Athens/PROPN won/VERB ./PUNCT")
    assert entity_pairs(propagate_names(stray)) == [("Athens", "PERSON")]


def test_the_most_frequent_type_wins_and_documents_without_names_are_unchanged() -> None:
    doc = build_doc(
        "Jordan/PROPN/S-PLACE and/CCONJ Jordan/PROPN/S-PERSON and/CCONJ Jordan/PROPN/S-PERSON met/VERB ./PUNCT",
        "Jordan/PROPN left/VERB ./PUNCT",
    )
    assert entity_pairs(propagate_names(doc))[-1] == ("Jordan", "PERSON")
    plain = build_doc("nothing/PRON here/ADV ./PUNCT")
    assert propagate_names(plain) is plain
    assert propagate_names(ParsedDocument(text="", sentences=())).sentences == ()


def test_an_acronym_the_text_defines_is_the_names_repeat_whatever_its_tag() -> None:
    doc = build_doc(
        "The/DET World/PROPN/B-ORG Health/PROPN/I-ORG Organisation/PROPN/E-ORG"
        " (/PUNCT WHO/PRON )/PUNCT agreed/VERB ./PUNCT",
        *["WHO/PRON said/VERB so/ADV ./PUNCT"] * 5,  # defined once, used often: still a name
        "US/PRON and/CCONJ IT/PRON staff/NOUN ./PUNCT",  # capitals alone are no name
    )
    ents = entity_pairs(propagate_names(doc))
    assert ents == [("World Health Organisation", "ORG")] + [("WHO", "ORG")] * 6


def test_an_honorific_makes_the_proper_nouns_after_it_a_person_and_the_surname_then_repeats() -> None:
    doc = build_doc(
        "Mr./PROPN Okafor/PROPN said/VERB it/PRON ./PUNCT",  # the model tagged nothing
        "Okafor/PROPN left/VERB ./PUNCT",
        "Ms/PROPN Li/PROPN Wen/PROPN and/CCONJ Dr./PROPN the/DET team/NOUN agreed/VERB ./PUNCT",
    )
    assert entity_pairs(propagate_names(doc)) == [
        ("Mr. Okafor", "PERSON"),
        ("Okafor", "PERSON"),
        ("Ms Li Wen", "PERSON"),
    ]
