"""Offset-preserving text preparation (no model needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.nlp.text import chunks, paragraph_index, paragraphs, sanitize

texts = st.text(
    alphabet=st.sampled_from(list("ab .?!\n\n\t\r“”\"'é中ع") + ["\x00", "\x1b", "\u200b", "\ufeff"]),
    max_size=400,
)


@given(texts)
def test_sanitize_keeps_length_and_layout(text):
    clean = sanitize(text)
    assert len(clean) == len(text)
    for a, b in zip(text, clean, strict=True):
        if a in "\n\t\r":
            assert a == b


def test_sanitize_replaces_controls():
    assert sanitize("a\x00b\x1bc\x7f") == "a b c "


@settings(max_examples=200)
@given(texts, st.integers(min_value=5, max_value=60))
def test_chunks_index_the_original_text(text, limit):
    pieces = chunks(text, limit)
    last_end = 0
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert offset >= last_end
        last_end = offset + len(piece)
    # every non-space character is in exactly one chunk
    covered = set()
    for offset, piece in pieces:
        covered.update(range(offset, offset + len(piece)))
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert i in covered


def test_paragraphs_split_on_blank_lines():
    text = "One.\n\nTwo\nstill two.\r\n\r\nThree."
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["One.", "Two\nstill two.", "Three."]
    assert paragraph_index(spans, text.index("still")) == 1
    assert paragraph_index(spans, len(text) - 1) == 2


def test_empty_and_blank_text_have_no_chunks():
    assert chunks("") == []
    assert chunks(" \n\n\t ") == []


def test_typewriter_quote_pairs_become_a_double_quote_of_the_same_length():
    text = "''We won,'' he said. ``Really?'' she asked. It's Jones' car."
    clean = sanitize(text)
    assert len(clean) == len(text)
    assert clean == ' "We won,"  he said.  "Really?"  she asked. It\'s Jones\' car.'


def test_three_apostrophes_are_left_alone():
    assert sanitize("a ''' b") == "a ''' b"


def test_curly_marks_typed_the_wrong_way_round_are_turned_for_the_parser():
    # an opening mark after the quotation's comma and before a space closes it; a closing
    # mark after a space and before a word opens one; offsets do not move
    text = "\u201cNo,\u201c he said. Aides \u201dget close\u201d to him. \u201cYes,\u201d she said."
    clean = sanitize(text)
    assert len(clean) == len(text)
    assert clean == "\u201cNo,\u201d he said. Aides \u201cget close\u201d to him. \u201cYes,\u201d she said."
