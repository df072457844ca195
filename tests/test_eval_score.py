"""The PolNeAR scoring rules on small hand-made cases (no model needed)."""

from __future__ import annotations

import pytest

from attribution.evaluation.brat import parse_ann
from attribution.evaluation.score import score_article, total
from attribution.model import Attribution, Cue, Source, SourceKind, Span

TEXT = "Officials said the train was late. The mayor told reporters it was fine."


def sp(text: str, start: int = 0) -> Span:
    i = TEXT.index(text, start)
    return Span(i, i + len(text), text)


ANN = "\n".join(
    [
        f"T1\tSource {sp('Officials').start} {sp('Officials').end}\tOfficials",
        f"T2\tCue {sp('said').start} {sp('said').end}\tsaid",
        f"T3\tContent {sp('the train was late').start} {sp('the train was late').end}\tthe train was late",
        f"T4\tAttribution {sp('said').start} {sp('said').end}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {sp('The mayor').start} {sp('The mayor').end}\tThe mayor",
        f"T6\tCue {sp('told').start} {sp('told').end}\ttold",
        f"T7\tContent {sp('it was fine').start} {sp('it was fine').end};"
        f"{sp('reporters').start} {sp('reporters').end}\tx",
        f"T8\tAttribution {sp('told').start} {sp('told').end}\ttold",
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
    ]
)


def pred(cue: str, source: str | None, content: str, form: str = "verb") -> Attribution:
    src = Source(sp(source), SourceKind.VAGUE) if source else None
    return Attribution("a", Cue(sp(cue), cue), src, (sp(content),), form)


def test_brat_reader_links_roles_and_discontinuous_spans():
    gold = parse_ann(ANN, TEXT)
    assert len(gold) == 2
    assert gold[0].source[0].text == "Officials" and gold[0].cue[0].text == "said"
    assert [s.text for s in gold[1].content] == ["it was fine", "reporters"]


def test_perfect_prediction_scores_one():
    gold = parse_ann(ANN, TEXT)
    p = (pred("said", "Officials", "the train was late"), pred("told", "The mayor", "it was fine"))
    sc = score_article(TEXT, p, gold)
    assert sc.cue.f1 == 1.0 and sc.source.f1 == 1.0
    assert sc.content.precision == 1.0
    assert sc.content.recall < 1.0  # "reporters" (gold content) was not predicted


def test_wrong_source_and_missing_attribution():
    gold = parse_ann(ANN, TEXT)
    p = (pred("said", "train", "the train was late"),)
    sc = score_article(TEXT, p, gold)
    assert (sc.cue.precision, sc.cue.recall) == (1.0, 0.5)
    assert (sc.source.precision, sc.source.recall) == (0.0, 0.0)
    assert [g.cue[0].text for g in sc.missed] == ["told"]


def test_source_linked_by_content_when_cues_do_not_overlap():
    gold = parse_ann(ANN, TEXT)
    p = (pred("was", "Officials", "the train was late"),)
    sc = score_article(TEXT, p, gold)
    assert sc.cue.precision == 0.0
    assert sc.source.precision == 1.0
    assert len(sc.spurious) == 1


def test_totals_add_up():
    gold = parse_ann(ANN, TEXT)
    a = score_article(TEXT, (pred("said", "Officials", "the train was late"),), gold)
    b = score_article(TEXT, (), gold)
    t = total([a, b])
    assert t.cue.gold_total == 4 and t.cue.gold_found == 1
    assert t.cue.precision == 1.0 and t.cue.recall == pytest.approx(0.25)


def test_orphan_quotes_count_for_content_but_not_as_cues():
    """A quotation credited to nobody has no cue word: no cue or source score, but its
    characters are predicted content."""
    gold = parse_ann(ANN, TEXT)
    orphan = Attribution("q", Cue(sp("it was fine"), "quote"), None, (sp("it was fine"),), "quote")
    sc = score_article(TEXT, (pred("said", "Officials", "the train was late"), orphan), gold)
    assert sc.cue.pred_total == 1 and sc.spurious == []
    both = score_article(TEXT, (pred("said", "Officials", "the train was late"),), gold)
    assert sc.content.pred_total > both.content.pred_total
    assert sc.content.gold_found > both.content.gold_found
