"""Attribution patterns on a hand-written UD parse (no model needed).

``tests/data/parses/basic_news.conllu`` is a short made-up news text parsed by
hand following UD v2 English conventions; each test checks one pattern of
the product brief.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.extract import extract
from attribution.extract.claims import has_figure
from attribution.model import Attribution, Extraction, Sentence, SourceKind
from attribution.nlp.conllu import loads

PARSES = Path(__file__).resolve().parent / "data" / "parses"


@pytest.fixture(scope="module")
def doc():
    return loads((PARSES / "basic_news.conllu").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ex(doc) -> Extraction:
    return extract(doc)


def by_source(ex: Extraction, text: str) -> Attribution:
    hits = [a for a in ex.attributions if a.source and a.source.span and a.source.span.text == text]
    assert hits, f"no attribution with source {text!r}: {[a.source.span.text for a in ex.attributions if a.source]}"
    return hits[0]


def claim_of(ex: Extraction, start: str):
    return next(c for c in ex.claims if c.span.text.startswith(start))


def test_every_span_indexes_the_original_text(doc, ex) -> None:
    for a in ex.attributions:
        spans = [a.cue.span, *a.content]
        if a.source and a.source.span:
            spans.append(a.source.span)
        for s in spans:
            assert doc.text[s.start : s.end] == s.text
    for c in ex.claims:
        assert doc.text[c.span.start : c.span.end] == c.span.text


def test_ids_in_text_order(ex) -> None:
    assert [a.id for a in ex.attributions] == [f"a{i}" for i in range(1, len(ex.attributions) + 1)]
    assert [c.id for c in ex.claims] == [f"c{i}" for i in range(1, len(ex.claims) + 1)]
    starts = [a.cue.span.start for a in ex.attributions if a.form != "quote"]
    assert starts == sorted(starts)


def test_verb_after_vague_source(ex) -> None:
    a = by_source(ex, "Officials")
    assert a.form == "verb" and a.cue.lemma == "say" and a.cue.category == "speech"
    assert a.source.kind == SourceKind.VAGUE and a.source.plural
    assert [c.text for c in a.content] == ["the bridge was closed before the storm"]


def test_continuation_by_definite_description(ex) -> None:
    a = by_source(ex, "the officials")
    assert a.form == "continuation"
    assert a.source.resolved_from.text == "Officials"
    assert [c.text for c in a.content] == ["The driver was hurt"]
    assert claim_of(ex, "The driver").attribution == a.id


def test_according_to_anonymous_with_count_and_reason(ex) -> None:
    a = by_source(ex, "two senior police officials")
    assert a.form == "according_to" and a.cue.span.text == "according to"
    assert a.source.kind == SourceKind.ANONYMOUS
    assert a.source.count == 2 and a.source.role == "senior police officials"
    assert a.source.anonymity_reason.text == "they were not authorized to brief reporters"
    assert [c.text for c in a.content] == ["At least 12 people were hurt"]
    note = claim_of(ex, "They spoke on condition")
    assert note.status == "anonymity_note" and note.attribution is None
    figure = claim_of(ex, "At least 12")
    assert figure.has_figure and figure.attribution == a.id


def test_inverted_said_with_partial_quote(ex) -> None:
    a = by_source(ex, "spokeswoman Jane Doe")
    assert a.form == "inverted" and a.source.kind == SourceKind.NAMED_PERSON
    assert a.source.role == "spokeswoman" and a.source.name == "Jane Doe" and a.source.on_record
    assert [c.text for c in a.content] == ["Rescue teams reached the site"]
    partial = [b for b in ex.attributions if b.form == "partial_quote" and b.sentence == a.sentence]
    assert len(partial) == 1 and partial[0].cue.lemma == "call" and partial[0].direct
    assert partial[0].source.name == "Jane Doe"
    assert partial[0].content[0].text.endswith('"a tragedy."')


def test_heading_and_credit_are_not_claims(ex) -> None:
    assert claim_of(ex, "What happens next?").reason == "heading"
    credit = claim_of(ex, "Smith reported")
    assert credit.status == "not_claim" and credit.reason == "credit"


def test_document_and_vague_nominal_sources(ex) -> None:
    doc_src = by_source(ex, "A statement from the ministry")
    assert doc_src.source.kind == SourceKind.DOCUMENT
    est = by_source(ex, "Estimates")
    assert est.source.kind == SourceKind.VAGUE


def test_quote_over_two_sentences_and_floating_quote(ex) -> None:
    """A quote over two sentences is one content span; a floating quote joins it."""
    a = by_source(ex, "Mayor Ann Lee")
    assert a.form == "inverted" and a.direct and a.source.role == "Mayor" and a.source.name == "Ann Lee"
    assert a.content[0].text == '"We will rebuild. It will take time,"'
    assert claim_of(ex, '"We will rebuild.').attribution == a.id
    # the speakerless quote paragraph that follows goes to the same speaker and attribution
    assert claim_of(ex, '"The town is strong."').attribution == a.id
    assert a.content[-1].text == '"The town is strong."'


def test_pronoun_resolved_to_nearest_compatible_source(ex) -> None:
    a = by_source(ex, "she")
    assert a.cue.lemma == "add" and a.source.kind == SourceKind.NAMED_PERSON
    assert a.source.resolved_from.text == "Ann Lee"  # the name of the earlier mention


def test_organization_and_person_with_role_and_affiliation(ex) -> None:
    china = by_source(ex, "China")
    assert china.source.kind == SourceKind.NAMED_ORGANIZATION and china.cue.lemma == "condemn"
    assert [c.text for c in china.content] == ["the attack"]
    mao = by_source(ex, "foreign ministry spokeswoman Mao Ning")
    assert mao.source.name == "Mao Ning" and mao.source.role == "foreign ministry spokeswoman"
    assert mao.source.affiliation == "foreign ministry"
    assert mao.direct and mao.content[0].text == 'her country "will help."'


def test_relative_clause_source(ex) -> None:
    a = by_source(ex, "members")
    assert a.form == "relative" and a.source.kind == SourceKind.VAGUE
    assert a.source.resolved_from.text == "the Kalash minority"
    assert [c.text for c in a.content] == ["they face bias"]


# ------------------------------------------------------- organisations, intent


@pytest.fixture(scope="module")
def conflict():
    doc = loads((PARSES / "conflict_news.conllu").read_text(encoding="utf-8"))
    return extract(doc)


def test_declined_comment_is_its_own_status(conflict) -> None:
    c = claim_of(conflict, "There has been no comment")
    assert c.status == "declined_comment"


def test_thought_and_intention_cues(conflict) -> None:
    gov = by_source(conflict, "Their governments")
    assert gov.cue.category == "thought" and gov.source.kind == SourceKind.NAMED_ORGANIZATION
    assert [c.text for c in gov.content] == ["each other of helping the rebels"]
    assert gov.source.resolved_from.text == "both countries"
    want = by_source(conflict, "Vesk")
    assert want.cue.category == "intention" and [c.text for c in want.content] == ["Arlan to close the camps"]


def test_group_speaking_about_itself_is_interested(conflict) -> None:
    said = [a for a in conflict.attributions if a.source and a.source.name == "Red Hand Front"]
    assert {a.cue.lemma for a in said} == {"say", "warn"}
    assert all(a.source.interested_party and a.source.kind == SourceKind.NAMED_ORGANIZATION for a in said)
    assert not by_source(conflict, "Vesk").source.interested_party


def test_unsourced_figures_and_background(conflict) -> None:
    bombing = claim_of(conflict, "In May")
    assert bombing.attribution is None and bombing.has_figure and not bombing.common_knowledge
    background = claim_of(conflict, "Oil-rich Tarsk")
    assert background.attribution is None and background.common_knowledge
    perfect = claim_of(conflict, "Tarsk, which borders")
    assert perfect.attribution is None and perfect.common_knowledge
    event = claim_of(conflict, "Tension on the border has frustrated")
    assert event.attribution is None and not event.common_knowledge
    # a habitual present is background too ("regularly attacks"), reported at info level by the rules
    assert claim_of(conflict, "The Red Hand Front regularly").common_knowledge


def test_vague_plural_source(conflict) -> None:
    a = by_source(conflict, "Analysts")
    assert a.source.kind == SourceKind.VAGUE and a.source.plural
    assert claim_of(conflict, "Analysts said").attribution == a.id


# ----------------------------------------------- patterns the rule examples use


@pytest.fixture(scope="module")
def rule_examples():
    doc = loads((PARSES / "rule_examples.conllu").read_text(encoding="utf-8"))
    return extract(doc)


def test_orphan_quote_has_no_source(rule_examples) -> None:
    a = rule_examples.attributions[0]
    assert a.form == "quote" and a.direct and a.source is None
    assert claim_of(rule_examples, '"We will not').attribution == a.id


def test_reason_inside_the_source_mention(rule_examples) -> None:
    a = next(b for b in rule_examples.attributions if b.cue.lemma == "say" and b.source)
    assert a.source.kind == SourceKind.ANONYMOUS and a.source.role == "government adviser"
    assert a.source.anonymity_reason.text == "the sensitivity of the talks"
    # "asked not to be named" explains the source; it is no attribution of its own
    assert not [b for b in rule_examples.attributions if b.cue.lemma == "ask"]


def test_passive_belief_is_hearsay(rule_examples) -> None:
    a = next(b for b in rule_examples.attributions if b.cue.lemma == "believe")
    assert a.cue.category == "hearsay" and a.source is None
    assert [c.text for c in a.content] == ["that the hostages are in the mountains"]


def test_group_speaking_of_its_own_fighters_is_interested(rule_examples) -> None:
    a = by_source(rule_examples, "The Front")
    assert a.source.kind == SourceKind.NAMED_ORGANIZATION and a.source.interested_party


def test_speech_noun_with_that_clause() -> None:
    doc = loads((PARSES / "nominal_claim.conllu").read_text(encoding="utf-8"))
    ex = extract(doc)
    (a,) = ex.attributions
    assert a.form == "nominal" and a.cue.lemma == "claim" and a.cue.category == "nominal"
    assert a.source.span.text == "The ministry" and a.source.kind == SourceKind.NAMED_ORGANIZATION
    assert [c.text for c in a.content] == ["that the road was safe"]


def test_kinds_hold_without_named_entity_tags(doc) -> None:
    """A weak NER model must not turn countries into people or people into bodies."""
    from dataclasses import replace

    bare = replace(
        doc,
        sentences=tuple(
            replace(s, words=tuple(replace(w, ner="O") for w in s.words), entities=()) for s in doc.sentences
        ),
    )
    ex = extract(bare)
    assert by_source(ex, "China").source.kind == SourceKind.NAMED_ORGANIZATION
    assert by_source(ex, "spokeswoman Jane Doe").source.kind == SourceKind.NAMED_PERSON
    assert by_source(ex, "Mayor Ann Lee").source.kind == SourceKind.NAMED_PERSON


def test_speaker_label_and_dash_attribution() -> None:
    doc = loads((PARSES / "surface_cues.conllu").read_text(encoding="utf-8"))
    ex = extract(doc)
    label, dash = ex.attributions
    assert label.cue.span.text == ":" and label.source.span.text == "PENCE"
    assert [c.text for c in label.content] == ["We will win."]
    assert dash.cue.lemma == "dash" and dash.source.name == "Jane Roe" and dash.direct
    assert dash.source.kind == SourceKind.NAMED_PERSON
    assert [c.text for c in dash.content] == ["\u201cHe is our shame.\u201d"]
    assert [c.status for c in ex.claims] == ["claim", "claim"]


def test_a_credit_line_under_a_quoted_paragraph() -> None:
    # "“...”" then "- Ruth Okafor.": the dash on the next line credits the whole quotation;
    # "- Budget items." under a plain sentence credits nothing
    doc = loads((PARSES / "surface_credits.conllu").read_text(encoding="utf-8"))
    ex = extract(doc, learned_cues=False)
    (credit,) = ex.attributions
    assert credit.cue.lemma == "dash" and credit.cue.span.text == "-" and credit.direct
    assert credit.source.name == "Ruth Okafor" and credit.source.kind == SourceKind.NAMED_PERSON
    assert [c.text for c in credit.content] == [
        "\u201cWe will fix the ferry before winter. Nobody will be stranded.\u201d"
    ]


def _tagged_doc(text: str, rows: list[tuple[str, str, int, str]]):
    """A one-sentence document from (form, upos, head, deprel) rows; offsets are found in ``text``."""
    lines = [f"# doc_text_json = {json.dumps(text + chr(10))}", "# sent_id = 1", f"# text = {text}"]
    pos = 0
    for i, (form, upos, head, rel) in enumerate(rows, 1):
        start = text.index(form, pos)
        pos = start + len(form)
        misc = f"start_char={start}|end_char={pos}"
        lines.append(f"{i}\t{form}\t{form.lower()}\t{upos}\t_\t_\t{head}\t{rel}\t_\t{misc}")
    return loads("\n".join(lines) + "\n\n")


def _tagged(text: str, rows: list[tuple[str, str, int, str]]) -> Sentence:
    return _tagged_doc(text, rows).sentences[0]


def test_half_in_a_compound_is_no_figure() -> None:
    # a tagger may call "half" in "half-time" a number: the compound counts nothing
    time = [
        ("He", "PRON", 3, "nsubj"),
        ("was", "AUX", 3, "aux"),
        ("hurt", "VERB", 0, "root"),
        ("before", "ADP", 7, "case"),
        ("half", "NUM", 7, "compound"),
        ("-", "PUNCT", 7, "punct"),
        ("time", "NOUN", 3, "obl"),
        (".", "PUNCT", 3, "punct"),
    ]
    assert not has_figure(_tagged("He was hurt before half-time.", time))
    share = [("Half", "NUM", 2, "nsubj"), ("voted", "VERB", 0, "root"), (".", "PUNCT", 2, "punct")]
    assert has_figure(_tagged("Half voted.", share))


def test_a_time_made_subject_is_not_the_speaker() -> None:
    # "Thursday" parsed as a second subject of "said" (a compact parse's error)
    rows = [
        ("Thursday", "PROPN", 3, "nsubj"),
        ("Graham", "PROPN", 3, "nsubj"),
        ("said", "VERB", 0, "root"),
        ("the", "DET", 5, "det"),
        ("plan", "NOUN", 6, "nsubj"),
        ("failed", "VERB", 3, "ccomp"),
        (".", "PUNCT", 3, "punct"),
    ]
    [a] = extract(_tagged_doc("Thursday Graham said the plan failed.", rows)).attributions
    assert a.source.span.text == "Graham"


def test_headline_labels_and_set_phrases() -> None:
    # "Okafor to City Council: ..." names its speaker before "to"; kickers ("EXCLUSIVE:"),
    # a label with no proper noun before "on" and a contact line ("Twitter: @...") name nobody;
    # "too soon to say" and "than, say, a cut" report nothing
    doc = loads((PARSES / "headline_labels.conllu").read_text(encoding="utf-8"))
    got = [
        (a.sentence, a.cue.span.text, a.source.span.text if a.source and a.source.span else None)
        for a in extract(doc).attributions
    ]
    assert got == [(0, ":", "Okafor"), (2, "backs", "Mayor Reyes"), (7, "said", "Reyes")]
    label = extract(doc).attributions[0]
    assert [c.text for c in label.content] == ["The budget will pass."]


def test_quote_marks_typed_the_wrong_way_round_and_labels_after_a_dash() -> None:
    # "“Keep the ferry running,“ Okafor said.": an opening mark typed for the closing one;
    # "”The harbour ...” ― Ruth Okafor": a closing mark for the opening one; a digest's
    # "HEADLINE - Daniel Reyes: “...”" and "- More from Reyes: “...”" label the quotation
    # after the dash; "- Update: “...”" is no speaker
    doc = loads((PARSES / "quote_marks.conllu").read_text(encoding="utf-8"))
    got = [
        (a.sentence, a.cue.span.text, a.source.span.text, [c.text for c in a.content])
        for a in extract(doc, learned_cues=False).attributions
    ]
    assert got == [
        (0, "said", "Okafor", ["\u201cKeep the ferry running,\u201c", "\u201cThe island needs it.\u201d"]),
        (2, "\u2015", "Ruth Okafor", ["\u201dThe harbour is our livelihood.\u201d"]),
        (3, ":", "Daniel Reyes", ["\u201cThe council has no other choice this year.\u201d"]),
        (4, ":", "Reyes", ["\u201cWe will publish the figures in March.\u201d"]),
    ]


def test_a_quote_whose_speaker_follows_in_a_sentence_of_its_own() -> None:
    # "“...?” Okafor replied.": the splitter cuts after the question mark, so the speaker's
    # sentence holds no content; the quotation just before is what was said. "“...,” it read."
    # and "the statement read" credit a sign and a document; "The room went quiet." nothing
    doc = loads((PARSES / "quoted_turns.conllu").read_text(encoding="utf-8"))
    got = [
        (a.sentence, a.cue.span.text, a.source.span.text, a.content[0].text)
        for a in extract(doc, learned_cues=False).attributions
    ]
    assert got == [
        (2, "replied", "Okafor", "\u201cWhy would anyone vote for that?\u201d"),
        (4, "read", "it", "\u201cKeep the library open,\u201d"),
        (5, "read", "the statement", "\u201cThe council will meet on Monday,\u201d"),
    ]


def rules_speakers(fixture: str) -> list[tuple[int, str, str]]:
    """(sentence, cue, source) of each attribution the rules find in a stored parse."""
    doc = loads((PARSES / fixture).read_text(encoding="utf-8"))
    return [(a.sentence, a.cue.span.text, a.source.span.text) for a in extract(doc, learned_cues=False).attributions]


def test_an_infinitive_that_a_verb_of_causing_controls_speaks_for_the_object() -> None:
    # "The defeat led Okafor to declare ...", "Let me say ...", "The vote prompted the board
    # to announce ...": the object declares, says, announces, not the subject of the verb of
    # causing; "made it easier for critics to argue" has no speaker for object, and "letting
    # them know" is a way of telling, so the subject stays the source in both
    assert rules_speakers("object_control.conllu") == [
        (0, "declare", "council member Ruth Okafor"),
        (1, "say", "me"),
        (2, "announce", "the harbour board"),
        (3, "argue", "The ruling"),
        (4, "know", "Okafor"),
    ]


def test_a_fronted_speaker_with_a_parenthetical_beats_a_subject_after_the_verb() -> None:
    # "“...,” Senator Ruth Okafor, a close ally of the mayor, told Harbour Radio.": the parse made
    # the radio station the subject of "told"; the name and its parenthetical before the comma
    # speak. A fronted clause with a verb of its own ("In nearby Alver, the boatyard is hanging
    # on, ..., said its chief executive, Tomas Ferrer.") leaves the inverted speaker standing
    assert rules_speakers("fronted_speakers.conllu") == [
        (0, "told", "Senator Ruth Okafor, a close ally of the mayor"),
        (1, "said", "Lena Berg, a senior planner at the port authority"),
        (2, "said", "its chief executive, Tomas Ferrer"),
    ]
