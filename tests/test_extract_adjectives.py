"""Attitude adjectives ("is confident that", "wary of", "eager to") as cues.

PolNeAR, like the product brief, counts beliefs, feelings and intentions as
attributions; an adjective with a subject and a content reports one as much as
"believes" or "wants" does. ``tests/data/parses/attitude_adjectives.conllu`` holds
sentences written for this project as the shipped model parsed them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.extract import extract
from attribution.extract.lexicon import default_lexicon
from attribution.model import Extraction
from attribution.nlp.conllu import loads

PARSES = Path(__file__).resolve().parent / "data" / "parses"


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return extract(loads((PARSES / "attitude_adjectives.conllu").read_text(encoding="utf-8")))


def in_sentence(ex: Extraction, sentence: int):
    return [a for a in ex.attributions if a.sentence == sentence]


@pytest.mark.parametrize(
    ("sentence", "cue", "source", "content", "category"),
    [
        (0, "concerned", "Dairy farmers", "the new import quota", "thought"),  # tagged a passive verb
        (1, "confident", "The coach", "his team will reach the final", "thought"),
        (2, "wary", "Local traders", "the new market rules", "thought"),
        (3, "critical", "Senator Okafor", "the ruling", "thought"),
        (4, "eager", "He", "to run for the Senate again", "intention"),
    ],
)
def test_adjective_with_subject_and_content_is_a_cue(ex, sentence, cue, source, content, category) -> None:
    (a,) = in_sentence(ex, sentence)
    assert a.cue.span.text == cue
    assert a.cue.category == category
    assert a.form == "verb"
    assert a.source is not None and a.source.span.text == source
    assert content in " ".join(s.text for s in a.content)


@pytest.mark.parametrize(
    "sentence",
    [
        5,  # "The concerned residents met": an attributive adjective
        6,  # "It is clear that ...": an expletive subject holds no view
        7,  # "The mayor was happy.": no content
    ],
)
def test_adjective_without_holder_or_content_is_no_cue(ex, sentence) -> None:
    assert in_sentence(ex, sentence) == []


def test_lexicon_entries_are_pairs_with_what_the_adjective_takes() -> None:
    lex = default_lexicon()
    assert lex.adjective_content("confident") >= {"that", "about"}
    assert lex.adjective_content("eager") == {"to"}
    assert lex.adjective_content("table") == frozenset()
