"""The brat reader on the real PolNeAR folders (skipped cleanly without ../shared)."""

from __future__ import annotations

import pytest

from attribution.evaluation.brat import load_folder
from tests.conftest import SHARED

POLNEAR = SHARED / "data" / "polnear"


@pytest.mark.shared
@pytest.mark.parametrize(("split", "articles"), [("dev", 84), ("train", 840)])
def test_every_article_loads_and_spans_index_the_text(split, articles):
    if not (POLNEAR / split).is_dir():
        pytest.skip("../shared/data/polnear is not present")
    arts = load_folder(POLNEAR / split)
    assert len(arts) == articles
    for art in arts:
        for g in art.attributions:
            for s in (*g.cue, *g.source, *g.content):
                assert art.text[s.start : s.end] == s.text
