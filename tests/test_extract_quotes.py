"""Quotation spans from raw text: curly, straight, multi-paragraph, stray marks."""

from __future__ import annotations

from attribution.extract.quotes import find_quotes, quoted_share


def texts(text: str) -> list[str]:
    return [q.outer.text for q in find_quotes(text)]


def test_curly_and_straight_double_quotes() -> None:
    t = 'He called it \u201can act of terrorism.\u201d She said "we will help."'
    assert texts(t) == ["\u201can act of terrorism.\u201d", '"we will help."']


def test_apostrophes_are_not_quotes_but_single_curly_quotes_are() -> None:
    t = "It\u2019s the region\u2019s \u2018best hope\u2019, officials say."
    assert texts(t) == ["\u2018best hope\u2019"]


def test_quote_over_two_sentences() -> None:
    t = "\u201cWe failed. We will try again,\u201d said Ali."
    qs = find_quotes(t)
    assert len(qs) == 1 and qs[0].inner.text == "We failed. We will try again,"


def test_quote_running_over_paragraphs() -> None:
    t = '"First part.\n\n"Second part," he said.'
    qs = find_quotes(t)
    assert [q.outer.text for q in qs] == ['"First part.', '"Second part,"']
    assert qs[0].group == qs[1].group and not qs[0].closed and qs[1].closed


def test_one_stray_mark_does_not_stop_the_rest() -> None:
    t = 'A stray " mark here.\n\nLater "a real quote" and \u201canother\u201d.\n\n"Open only\n\nNo resume "ok" here.'
    assert texts(t) == ['"a real quote"', "\u201canother\u201d", '"ok"']


def test_offsets_index_the_original_text() -> None:
    t = 'x "a" y \u201cb\u201d'
    for q in find_quotes(t):
        assert t[q.outer.start : q.outer.end] == q.outer.text
        assert t[q.inner.start : q.inner.end] == q.inner.text
    assert quoted_share(find_quotes(t), 2, 5) == 1.0


def test_typewriter_pairs_are_double_quotes_two_characters_wide() -> None:
    t = "''We won,'' he said, and ``nobody'' doubted it. It's Jones' car; a ''' is noise."
    qs = find_quotes(t)
    assert [q.outer.text for q in qs] == ["''We won,''", "``nobody''"]
    assert [q.inner.text for q in qs] == ["We won,", "nobody"]


def test_marks_typed_the_wrong_way_round() -> None:
    # "“Apparently not,“ he said.": the second opening mark ends the quotation;
    # a closing mark that opens a paragraph before a word starts one
    text = "\u201cApparently not,\u201c he said.\n\n\u201dThe harbour is ours.\u201d \u2015 Ruth Okafor"
    got = [text[q.outer.start : q.outer.end] for q in find_quotes(text)]
    assert got == ["\u201cApparently not,\u201c", "\u201dThe harbour is ours.\u201d"]
