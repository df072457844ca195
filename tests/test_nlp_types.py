"""Entity span and type repair (attribution/nlp/entity_types.py) on hand-built parses."""

from __future__ import annotations

import pytest
from nlp_docs import build_doc, entity_pairs

from attribution.nlp import conllu
from attribution.nlp.entity_types import (
    NAMES_FILE,
    NameListError,
    default_name_lists,
    parse_name_lists,
    repair_entities,
)
from attribution.nlp.names import propagate_names


def test_the_head_word_of_a_name_gives_its_type() -> None:
    doc = build_doc(
        "He/PRON left/VERB Harrow/PROPN/B-PLACE School/PROPN/E-PLACE for/ADP the/DET"
        " Hudson/PROPN/B-PERSON River/PROPN/E-PERSON ./PUNCT",
        "The/DET San/PROPN/B-PLACE Francisco/PROPN/I-PLACE Bulletin/PROPN/E-PLACE ran/VERB it/PRON ./PUNCT",
        # "X of Y" goes by the word before "of"
        "The/DET University/PROPN/B-PLACE of/ADP/I-PLACE Copenhagen/PROPN/E-PLACE and/CCONJ the/DET"
        " Medical/PROPN/B-PLACE Journal/PROPN/I-PLACE of/ADP/I-PLACE Australia/PROPN/E-PLACE"
        " and/CCONJ the/DET Bay/PROPN/B-ORG of/ADP/I-ORG Bengal/PROPN/E-ORG ./PUNCT",
    )
    out = repair_entities(doc)
    assert entity_pairs(out) == [
        ("Harrow School", "ORG"),
        ("Hudson River", "PLACE"),
        ("San Francisco Bulletin", "ORG"),
        ("University of Copenhagen", "ORG"),
        ("Medical Journal of Australia", "ORG"),
        ("Bay of Bengal", "PLACE"),
    ]
    # the token tags agree with the entities: the CoNLL-U cache rebuilds them from the tags
    assert conllu.loads(conllu.dumps(out)).entities == out.entities
    assert [w.ner for w in out.sentences[0].words[2:4]] == ["B-ORG", "E-ORG"]


def test_a_one_word_name_keeps_the_models_type_and_a_surname_is_no_head_word() -> None:
    # "School" alone, and "Park" ending a person's name, say nothing; GUM tags "County of X" an ORG
    doc = build_doc(
        "School/PROPN/S-ORG starts/VERB ./PUNCT",
        "Judge/PROPN/B-PERSON Shanlyn/PROPN/I-PERSON Park/PROPN/E-PERSON spoke/VERB for/ADP"
        " the/DET County/PROPN/B-ORG of/ADP/I-ORG Maui/PROPN/E-ORG ./PUNCT",
    )
    assert repair_entities(doc) is doc


def test_a_country_or_large_city_tagged_a_person_is_a_place_but_an_organisation_stays() -> None:
    doc = build_doc(
        "Tasmania/PROPN/S-PERSON and/CCONJ Denmark's/PROPN/S-PERSON whales/NOUN left/VERB ./PUNCT",
        # a team or a government: GUM tags a country that acts an ORG; "Jordan" is a person's name too
        "England/PROPN/S-ORG beat/VERB Jordan/PROPN/S-PERSON ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Tasmania", "PLACE"),
        ("Denmark's", "PLACE"),
        ("England", "ORG"),
        ("Jordan", "PERSON"),
    ]


def test_words_that_cannot_edge_a_name_are_cut_off() -> None:
    doc = build_doc(
        "And/CCONJ ,/PUNCT I'm/PRON/B-PERSON Isabel/PROPN/I-PERSON Ruiz/PROPN/E-PERSON ./PUNCT",
        "There's/PRON/B-PERSON Jeff/PROPN/E-PERSON ./PUNCT",
        # a lowercase noun after a hyphen stays ("Yeung-tat"), and so does a capitalised "A"
        "Wong/PROPN/B-PERSON Yeung/PROPN/I-PERSON -/PUNCT/I-PERSON tat/NOUN/E-PERSON won/VERB in/ADP"
        " A/DET/B-PLACE Coruña/PROPN/E-PLACE ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Isabel Ruiz", "PERSON"),
        ("Jeff", "PERSON"),
        ("Wong Yeung - tat", "PERSON"),
        ("A Coruña", "PLACE"),
    ]


def test_people_joined_by_and_become_one_person_each() -> None:
    doc = build_doc(
        "Morris/PROPN/B-PERSON and/CCONJ/I-PERSON Goscinny/PROPN/E-PERSON and/CCONJ"
        " Kirk/PROPN/B-PERSON M./PROPN/I-PERSON Bart/PROPN/I-PERSON &/CCONJ/I-PERSON"
        " Celeste/PROPN/I-PERSON Pollock/PROPN/E-PERSON wrote/VERB ./PUNCT",
        # an organisation's name may hold "and"
        "The/DET Food/PROPN/B-ORG Standards/PROPN/I-ORG of/ADP/I-ORG Australia/PROPN/I-ORG"
        " and/CCONJ/I-ORG Canada/PROPN/E-ORG met/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Morris", "PERSON"),
        ("Goscinny", "PERSON"),
        ("Kirk M. Bart", "PERSON"),
        ("Celeste Pollock", "PERSON"),
        ("Food Standards of Australia and Canada", "ORG"),
    ]


def test_a_title_of_a_name_is_one_person() -> None:
    doc = build_doc(
        # the model's "Emperor of the" (its "of the" dangling) and "United States"
        "Norton/PROPN/S-PERSON ,/PUNCT Emperor/PROPN/B-PERSON of/ADP/I-PERSON the/DET/E-PERSON"
        " United/PROPN/B-PLACE States/PROPN/E-PLACE ,/PUNCT died/VERB ./PUNCT",
        "He/PRON was/AUX Protector/PROPN of/ADP Mexico/PROPN/S-PLACE too/ADV ./PUNCT",
        "The/DET Director/PROPN/B-ORG of/ADP/I-ORG the/DET/I-ORG National/PROPN/I-ORG Study/PROPN/E-ORG spoke/VERB",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Norton", "PERSON"),
        ("Emperor of the United States", "PERSON"),
        ("Protector of Mexico", "PERSON"),
        ("Director of the National Study", "PERSON"),
    ]


def test_an_era_marker_is_no_organisation() -> None:
    doc = build_doc(
        "In/ADP 508/NUM BC/PROPN/S-ORG and/CCONJ the/DET 7th/ADJ century/NOUN BC/PROPN/S-ORG"
        " ,/PUNCT BC/PROPN/S-PLACE grew/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [("BC", "PLACE")]


def test_an_untagged_name_with_a_head_word_is_tagged_and_a_partly_tagged_one_completed() -> None:
    doc = build_doc(
        "The/DET World/PROPN Health/PROPN Organisation/PROPN (/PUNCT WHO/PRON )/PUNCT agreed/VERB ./PUNCT",
        "WHO/PRON said/VERB so/ADV ./PUNCT",
        "The/DET Sydney/PROPN/S-PLACE Morning/PROPN Herald/PROPN said/VERB so/ADV ./PUNCT",
        "Jerusalem's/PROPN/S-PLACE Einstein/PROPN Institute/PROPN and/CCONJ Big/PROPN Bird/PROPN ./PUNCT",
    )
    # the acronym the repaired name defines then repeats (propagate_names)
    assert entity_pairs(propagate_names(repair_entities(doc))) == [
        ("World Health Organisation", "ORG"),
        ("WHO", "ORG"),
        ("WHO", "ORG"),
        ("Sydney Morning Herald", "ORG"),
        ("Jerusalem's", "PLACE"),
        ("Einstein Institute", "ORG"),
    ]


def test_the_document_shows_a_one_word_person_to_be_a_school_or_a_place() -> None:
    doc = build_doc(
        "He/PRON left/VERB Harrow/PROPN/B-ORG School/PROPN/E-ORG ./PUNCT",
        "Harrow/PROPN/S-PERSON boys/NOUN played/VERB ./PUNCT",
        "Coron/PROPN/S-PERSON grew/VERB ./PUNCT",
        "Ships/NOUN sank/VERB in/ADP Coron/PROPN/S-PERSON waters/NOUN ./PUNCT",
        "Tourism/NOUN grew/VERB in/ADP Coron/PROPN today/NOUN ./PUNCT",
    )
    out = propagate_names(repair_entities(doc))
    assert entity_pairs(out) == [
        ("Harrow School", "ORG"),
        ("Harrow", "ORG"),
        ("Coron", "PLACE"),
        ("Coron", "PLACE"),
        ("Coron", "PLACE"),
    ]


def test_people_named_together_stay_people_written_in_x() -> None:
    # "in Carrano and Biewener" cites a paper: the model named two people in one span
    doc = build_doc(
        "In/ADP Carrano/PROPN/B-PERSON and/CCONJ/I-PERSON Biewener/PROPN/E-PERSON ,/PUNCT it/PRON grew/VERB ./PUNCT",
        "As/ADP in/ADP Carrano/PROPN/S-PERSON ,/PUNCT it/PRON grew/VERB ./PUNCT",
        "Lopez/PROPN/S-PERSON lives/VERB in/ADP Lopez/PROPN/S-PERSON ./PUNCT",  # once is not enough
    )
    assert [t for _, t in entity_pairs(repair_entities(doc))] == ["PERSON"] * 5


def test_what_follows_of_in_a_persons_name_is_no_part_of_it() -> None:
    doc = build_doc(
        "Professor/PROPN/B-PERSON of/ADP/I-PERSON Linguistics/PROPN/E-PERSON Ann/PROPN/B-PERSON Lee/PROPN/E-PERSON"
        " spoke/VERB ./PUNCT",
        "Linguistics/PROPN grew/VERB and/CCONJ Lee/PROPN agreed/VERB ./PUNCT",
    )
    assert entity_pairs(propagate_names(doc))[2:] == [("Lee", "PERSON")]


def test_a_possessive_inside_a_span_ends_one_name_and_starts_the_next() -> None:
    doc = build_doc(
        "They/PRON met/VERB at/ADP Platt's/PROPN/B-PLACE Music/PROPN/I-PLACE Hall/PROPN/E-PLACE ./PUNCT",
        # the owner stays a name when its own words type it: a head word, a gazetteer place
        "DAB's/PROPN/B-PERSON Ben/PROPN/I-PERSON Chan/PROPN/E-PERSON and/CCONJ New/PROPN/B-PERSON"
        " People/PROPN/I-PERSON Party's/PROPN/I-PERSON Regina/PROPN/I-PERSON Ip/PROPN/E-PERSON won/VERB ./PUNCT",
        "Saudi/PROPN/B-ORG Arabia's/PROPN/I-ORG Civil/PROPN/I-ORG Defense/PROPN/I-ORG Authority/PROPN/E-ORG"
        " came/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Music Hall", "PLACE"),
        ("Ben Chan", "PERSON"),
        ("New People Party's", "ORG"),
        ("Regina Ip", "PERSON"),
        ("Saudi Arabia's", "PLACE"),
        ("Civil Defense Authority", "ORG"),
    ]


def test_a_word_that_labels_a_number_is_no_name() -> None:
    doc = build_doc(
        "See/VERB Tab/PROPN/S-PLACE 3/NUM ,/PUNCT Table/PROPN/S-ORG 2/NUM and/CCONJ Terminal/PROPN/S-PLACE"
        " 2/NUM on/ADP May/PROPN/S-PERSON 18/NUM ./PUNCT",
        # "May" with no number after it may be a person's name
        "May/PROPN/S-PERSON agreed/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [("Terminal", "PLACE"), ("May", "PERSON")]


def test_a_place_and_an_institution_named_for_it_are_one_organisation() -> None:
    doc = build_doc(
        "The/DET Newfoundland/PROPN/S-PLACE and/CCONJ Labrador/PROPN/B-ORG Court/PROPN/I-ORG of/ADP/I-ORG"
        " Appeal/PROPN/E-ORG ruled/VERB ./PUNCT",
        # an organisation with no head word, and two places, stay apart
        "Texas/PROPN/S-PLACE and/CCONJ Google/PROPN/S-ORG and/CCONJ France/PROPN/S-PLACE and/CCONJ"
        " Spain/PROPN/S-PLACE agreed/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [
        ("Newfoundland and Labrador Court of Appeal", "ORG"),
        ("Texas", "PLACE"),
        ("Google", "ORG"),
        ("France", "PLACE"),
        ("Spain", "PLACE"),
    ]


def test_a_storms_name_is_no_person_anywhere_in_the_document() -> None:
    doc = build_doc(
        "David/PROPN/B-PERSON Titley/PROPN/E-PERSON studied/VERB Cyclone/PROPN Phailin/PROPN ./PUNCT",
        "T/PROPN/B-ORG C/PROPN/I-ORG Phailin/PROPN/E-ORG moved/VERB ./PUNCT",
        "Phailin's/PROPN/S-PERSON winds/NOUN fell/VERB and/CCONJ Phailin/PROPN weakened/VERB ./PUNCT",
    )
    assert entity_pairs(propagate_names(repair_entities(doc))) == [("David Titley", "PERSON")]


def test_the_shipped_lists_load_and_a_bad_file_names_its_line_and_key() -> None:
    lists = default_name_lists()
    assert "university" in lists.org_heads and "river" in lists.place_heads and "greece" in lists.places
    whole = NAMES_FILE.read_text(encoding="utf-8")
    assert parse_name_lists(whole) == lists
    for body, message in [
        (whole.replace("  - academy\n", "  - Academy\n", 1), "key 'org_heads': entry 'Academy' must be lower case"),
        (whole.replace("  - agency\n", "  - academy\n", 1), "key 'org_heads': duplicate entry 'academy'"),
        (whole + "streets:\n  - main\n", "key 'streets': unknown key"),
        (whole.replace("  - afghanistan\n", "  - 3\n", 1), "key 'places': entry must be a string"),
        ("org_heads:\n  - bank\n", "names.yaml:1: key 'org_heads_of': missing"),
        ("org_heads: bank\n", "names.yaml:1: key 'org_heads': value must be a list"),
        ("org_heads: [\n", "names.yaml:"),
    ]:
        with pytest.raises(NameListError) as err:
            parse_name_lists(body)
        assert message in str(err.value)
    line = whole.splitlines().index("  - academy") + 1
    with pytest.raises(NameListError, match=rf"^names.yaml:{line}: key 'org_heads'"):
        parse_name_lists(whole.replace("  - academy\n", "  - Academy\n", 1))


def test_a_span_without_a_proper_noun_is_no_name() -> None:
    doc = build_doc(
        "Voters/NOUN/S-PERSON and/CCONJ American/ADJ/S-ORG officials/NOUN said/VERB OK/INTJ/S-PLACE ./PUNCT",
        "Your/PRON/B-PERSON Honor/NOUN/E-PERSON ,/PUNCT Jordan/PROPN/S-PERSON spoke/VERB ./PUNCT",
    )
    assert entity_pairs(repair_entities(doc)) == [("Jordan", "PERSON")]


def test_a_greeting_before_a_name_is_cut_off() -> None:
    doc = build_doc("Hey/INTJ/B-PERSON Frank/PROPN/E-PERSON ,/PUNCT come/VERB ./PUNCT")
    assert entity_pairs(repair_entities(doc)) == [("Frank", "PERSON")]


def test_an_acronym_defined_for_words_that_are_no_name_is_no_name() -> None:
    doc = build_doc(
        "Sea/ADJ surface/NOUN salinity/NOUN (/PUNCT SSS/PROPN/S-ORG )/PUNCT rose/VERB ./PUNCT",
        "The/DET SSS/PROPN/S-ORG data/NOUN and/CCONJ Major/PROPN/B-ORG League/PROPN/I-ORG"
        " Baseball/PROPN/E-ORG (/PUNCT MLB/PROPN/S-ORG )/PUNCT agree/VERB ./PUNCT",
        "MLB/PROPN/S-ORG said/VERB so/ADV ./PUNCT",
    )
    out = propagate_names(repair_entities(doc))
    assert entity_pairs(out) == [("Major League Baseball", "ORG"), ("MLB", "ORG"), ("MLB", "ORG")]
