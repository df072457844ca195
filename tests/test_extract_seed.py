"""Golden test: the reference article against ``docs/seed-analysis.md``.

The article (AP copy) is not in the repository: it is read from ../shared at
test time and parsed with the shipped model, so this test skips cleanly when
either is missing. Every row of the seed analysis is one assertion.
"""

from __future__ import annotations

import pytest

from attribution.extract import extract
from attribution.model import Attribution, Extraction, SourceKind

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed(seed_text) -> tuple[str, Extraction]:
    from attribution.nlp import ModelError, load_parser

    try:
        parser = load_parser()
    except ModelError as exc:
        pytest.skip(f"shipped model not available: {exc}")
    doc = parser.parse(seed_text)
    return seed_text, extract(doc)


def attribution_for(ex: Extraction, sentence_start: str) -> Attribution:
    claim = next(c for c in ex.claims if c.span.text.startswith(sentence_start))
    assert claim.attribution, f"sentence {sentence_start!r} has no attribution"
    return next(a for a in ex.attributions if a.id == claim.attribution)


def claim_for(ex: Extraction, sentence_start: str):
    return next(c for c in ex.claims if c.span.text.startswith(sentence_start))


def src(a: Attribution):
    assert a.source is not None
    return a.source


def test_offsets(seed) -> None:
    text, ex = seed
    for a in ex.attributions:
        for s in (a.cue.span, *a.content, *([a.source.span] if a.source and a.source.span else [])):
            assert text[s.start : s.end] == s.text
    for c in ex.claims:
        assert text[c.span.start : c.span.end] == c.span.text


def test_according_to_three_senior_security_officials(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "By late Wednesday")
    s = src(a)
    assert a.form == "according_to" and s.kind == SourceKind.ANONYMOUS
    assert s.count == 3 and s.role == "senior security officials"
    assert s.anonymity_reason is not None and "not authorized to speak to the media" in s.anonymity_reason.text


def test_inverted_spokesman_with_partial_quote(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Helicopters were backing up")
    s = src(a)
    assert a.form == "inverted" and a.cue.lemma == "say"
    assert s.kind == SourceKind.NAMED_PERSON and s.role == "spokesman" and s.name == "Shahid Rind"
    partial = [b for b in ex.attributions if b.sentence == a.sentence and b.form == "partial_quote"]
    assert partial and "an act of terrorism" in partial[0].content[-1].text and partial[0].direct


def test_estimates_are_vague(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Estimates say")
    assert src(a).kind == SourceKind.VAGUE and src(a).span.text == "Estimates"


def test_china_and_mao_ning(seed) -> None:
    _, ex = seed
    china = [a for a in ex.attributions if a.cue.lemma == "condemn"]
    assert china and src(china[0]).kind == SourceKind.NAMED_ORGANIZATION and src(china[0]).span.text == "China"
    mao = [a for a in ex.attributions if a.source and a.source.name == "Mao Ning"]
    assert mao and src(mao[0]).kind == SourceKind.NAMED_PERSON
    assert src(mao[0]).role == "foreign ministry spokeswoman" and src(mao[0]).affiliation == "foreign ministry"
    assert mao[0].direct


def test_authorities_vague(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Authorities said")
    assert src(a).kind == SourceKind.VAGUE


def test_the_three_security_officials_corefer(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "An undisclosed number")
    s = src(a)
    assert s.kind == SourceKind.ANONYMOUS and s.resolved_from is not None
    assert s.resolved_from.text == "three senior security officials"
    assert s.anonymity_reason is not None
    assert claim_for(ex, "They spoke on condition").status == "anonymity_note"


def test_officials_and_continuation(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Officials say")
    assert src(a).kind in (SourceKind.VAGUE, SourceKind.ANONYMOUS)
    b = attribution_for(ex, "The driver was wounded")
    assert b.form == "continuation" and src(b).resolved_from.text == "Officials"


def test_governments_suspect_and_pakistan_wants(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Their governments suspect")
    assert a.cue.category == "thought" and src(a).kind == SourceKind.NAMED_ORGANIZATION
    wants = [b for b in ex.attributions if b.cue.lemma == "want"]
    assert wants and src(wants[0]).span.text == "Pakistan" and wants[0].cue.category == "intention"
    assert src(wants[0]).kind == SourceKind.NAMED_ORGANIZATION


def test_bla_is_an_interested_party(seed) -> None:
    _, ex = seed
    said = attribution_for(ex, "The BLA said")
    warned = attribution_for(ex, "The BLA has warned")
    assert warned.cue.lemma == "warn"
    for a in (said, warned):
        assert src(a).kind == SourceKind.NAMED_ORGANIZATION and src(a).interested_party


def test_analysts_and_syed_muhammad_ali(seed) -> None:
    _, ex = seed
    a = attribution_for(ex, "Analysts said")
    assert src(a).kind == SourceKind.VAGUE and src(a).plural
    first = attribution_for(ex, "\u201cAfter failing")
    second = attribution_for(ex, "This may give them")
    assert first.id == second.id and first.direct
    s = src(first)
    assert s.kind == SourceKind.NAMED_PERSON and s.name == "Syed Muhammad Ali"
    assert s.role == "Islamabad-based independent security analyst"


def test_members_relative_clause(seed) -> None:
    _, ex = seed
    rel = [a for a in ex.attributions if a.source and a.source.span and a.source.span.text == "members"]
    assert rel and rel[0].form == "relative" and src(rel[0]).kind == SourceKind.VAGUE


def test_declined_comment(seed) -> None:
    _, ex = seed
    assert claim_for(ex, "There has been no comment").status == "declined_comment"


@pytest.mark.parametrize(
    "start",
    ["At least 30 militants", "In January 2024", "In November, The BLA"],
)
def test_unsourced_casualty_figures(seed, start: str) -> None:
    _, ex = seed
    c = claim_for(ex, start)
    assert c.status == "claim" and c.attribution is None and c.has_figure


def test_unsourced_event_detail(seed) -> None:
    _, ex = seed
    c = claim_for(ex, "Rescued passengers")
    assert c.status == "claim" and c.attribution is None and not c.common_knowledge


@pytest.mark.parametrize("start", ["Balochistan, which borders", "Oil- and mineral-rich Balochistan"])
def test_background_is_common_knowledge(seed, start: str) -> None:
    _, ex = seed
    c = claim_for(ex, start)
    assert c.attribution is None and c.common_knowledge


@pytest.mark.parametrize(
    "start", ["What is the latest?", "A region of insurgents", "What do the hijackers want?", "Ahmed reported from"]
)
def test_not_claims(seed, start: str) -> None:
    _, ex = seed
    c = claim_for(ex, start)
    assert c.status == "not_claim"


def test_credit_paragraph_is_not_a_claim(seed) -> None:
    _, ex = seed
    credit = [c for c in ex.claims if "contributed to this report" in c.span.text]
    assert credit and all(c.status == "not_claim" for c in credit)
    assert not [a for a in ex.attributions if "contributed to this report" in a.cue.span.text]


def test_summary_mix(seed) -> None:
    _, ex = seed
    named = {a.source.name for a in ex.attributions if a.source and a.source.kind == SourceKind.NAMED_PERSON}
    assert {"Shahid Rind", "Mao Ning", "Syed Muhammad Ali"} <= named
    vague = {a.source.span.text for a in ex.attributions if a.source and a.source.kind == SourceKind.VAGUE}
    assert {"Estimates", "Authorities", "Officials", "Analysts", "members"} <= vague
    unsourced_figures = [c for c in ex.claims if c.status == "claim" and c.attribution is None and c.has_figure]
    assert len(unsourced_figures) >= 3
