"""Attributions reported inside another's content are part of it (extract._drop_nested_attitudes).

``tests/data/parses/nested_reports.conllu``: sentences written for this project as the
shipped compact model parsed them (arcs the tests read checked by hand). PolNeAR marks no
attribution inside another's content, and a report that listed "critics ... predicting"
as the critics' own claim would credit them with words only Carter reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.extract import extract
from attribution.nlp.conllu import loads

PARSES = Path(__file__).resolve().parent / "data" / "parses"


@pytest.fixture(scope="module")
def cues():
    doc = loads((PARSES / "nested_reports.conllu").read_text(encoding="utf-8"))
    ex = extract(doc, learned_cues=False)
    out: dict[int, list[str]] = {}
    for a in ex.attributions:
        out.setdefault(a.sentence, []).append(a.cue.span.text)
    return out


def test_a_report_inside_what_was_said_is_part_of_it(cues) -> None:
    assert cues[0] == ["said"]  # "Carter said critics had been predicting a withdrawal"
    assert cues[5] == ["said"]  # "The minister said the inspectors had found no damage"


def test_a_wish_inside_what_was_said_is_part_of_it(cues) -> None:
    assert cues[2] == ["said"]  # "Officials said most voters want a new bridge"


def test_according_to_holds_what_its_clause_reports(cues) -> None:
    assert cues[4] == ["According to"]  # "..., the agency warned residents to leave"


def test_the_same_speaker_going_on_is_an_attribution_of_its_own(cues) -> None:
    assert cues[1] == ["said", "adding"]  # "The mayor said ..., adding that work could start"


def test_a_coordinated_speaker_is_no_part_of_the_content(cues) -> None:
    assert cues[3] == ["said", "argued"]  # "..., but Ruiz argued that the deal was dead"


def test_a_clause_of_time_under_according_to_is_the_articles_own(cues) -> None:
    # "Zinc prices rose ..., according to exchange data, after the smelter said ...": the
    # smelter's statement is narrative, not what the data report
    assert cues[6] == ["according to", "said"]


def test_a_statement_reported_by_a_document_is_part_of_what_it_reports(cues) -> None:
    assert cues[7] == ["According to"]  # "According to the filing, the company said ..."
