"""Sentence-split repair on tokenizer output (no model needed)."""

from __future__ import annotations

from attribution.nlp.splits import merge_false_splits


def test_title_and_month_abbreviations_do_not_end_sentences() -> None:
    raw = "said Rep. Joseph Crowley on Sept. 11 in the morning."
    sents = [["said", "Rep."], ["Joseph", "Crowley", "on", "Sept."], ["11", "in", "the", "morning", "."]]
    assert merge_false_splits(sents, raw) == [
        ["said", "Rep.", "Joseph", "Crowley", "on", "Sept.", "11", "in", "the", "morning", "."]
    ]


def test_abbreviation_split_from_its_period_and_without_raw_text() -> None:
    sents = [["the", "Sept", "."], ["11", "attacks", "."]]
    assert merge_false_splits(sents) == [["the", "Sept", ".", "11", "attacks", "."]]


def test_mid_line_split_without_punctuation_is_joined() -> None:
    raw = "Donald Trump was using the tweet. NBC News said so."
    sents = [["Donald"], ["Trump", "was", "using", "the", "tweet", "."], ["NBC"], ["News", "said", "so", "."]]
    assert merge_false_splits(sents, raw) == [
        ["Donald", "Trump", "was", "using", "the", "tweet", "."],
        ["NBC", "News", "said", "so", "."],
    ]


def test_a_name_cut_after_a_lowercase_title_is_joined() -> None:
    raw = "Company spokeswoman Lena Hart confirmed the talks. Great food here Highly recommend"
    sents = [
        ["Company", "spokeswoman", "Lena"],
        ["Hart", "confirmed", "the", "talks", "."],
        ["Great", "food", "here"],
        ["Highly", "recommend"],
    ]
    assert merge_false_splits(sents, raw) == [
        ["Company", "spokeswoman", "Lena", "Hart", "confirmed", "the", "talks", "."],
        ["Great", "food", "here"],  # ends in a lowercase word: a web sentence without a full stop
        ["Highly", "recommend"],
    ]


def test_real_boundaries_stay() -> None:
    raw = "SAVE A QUARTER\nLet us say it pays. He moved to the U.S. He never left. It was Dr. Who?"
    sents = [
        ["SAVE", "A", "QUARTER"],
        ["Let", "us", "say", "it", "pays", "."],
        ["He", "moved", "to", "the", "U.S."],
        ["He", "never", "left", "."],
        ["It", "was", "Dr.", "Who", "?"],
    ]
    assert merge_false_splits(sents, raw) == sents


def test_a_heading_on_its_own_line_keeps_its_break_even_after_an_abbreviation() -> None:
    raw = "Meeting with Gov.\nSmith arrives today."
    sents = [["Meeting", "with", "Gov."], ["Smith", "arrives", "today", "."]]
    assert merge_false_splits(sents, raw) == sents


def test_multiword_tokens_keep_their_format_and_unalignable_text_falls_back() -> None:
    sents = [["He", ("won't", True), "go", "to", "Mt."], ["Hood", "."]]
    assert merge_false_splits(sents, "no match here") == [["He", ("won't", True), "go", "to", "Mt.", "Hood", "."]]
    assert merge_false_splits([["One"]], "One") == [["One"]]


def test_thread_setting_from_the_environment(monkeypatch) -> None:
    import pytest

    from attribution.nlp import ModelError
    from attribution.nlp.stanza_backend import cpu_threads

    monkeypatch.delenv("ATTRIBUTION_THREADS", raising=False)
    assert cpu_threads() is None
    monkeypatch.setenv("ATTRIBUTION_THREADS", "1")
    assert cpu_threads() == 1
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("ATTRIBUTION_THREADS", bad)
        with pytest.raises(ModelError, match="ATTRIBUTION_THREADS"):
            cpu_threads()


def test_possessive_its_is_never_expanded_as_a_contraction() -> None:
    # the tokenizer marks "Its" as a multi-word token ("It" + "s") now and then
    sents = [[("Its", True), "chairman", ",", ("it's", True), ("don't", True), "."]]
    assert merge_false_splits(sents, "Its chairman, it's don't.") == [
        ["Its", "chairman", ",", ("it's", True), ("don't", True), "."]
    ]
