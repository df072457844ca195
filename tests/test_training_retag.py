"""The training recipe's retag stage: predicted tags, gold words and trees.

The parser is trained on data whose UPOS/XPOS/FEATS/LEMMA columns come from our own
tagger (``training/retag.py``); everything else of the gold file must survive
untouched, multi-word token lines and comments included, or the parser would learn
from corrupted trees.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

GOLD = """\
# sent_id = t1
# text = She doesn't think the ferry will run.
1\tShe\tshe\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdoesn't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdoes\tdo\tAUX\tVBZ\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tthink\tthink\tVERB\tVB\t_\t0\troot\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tferry\tferry\tNOUN\tNN\t_\t8\tnsubj\t_\t_
7\twill\twill\tAUX\tMD\t_\t8\taux\t_\t_
8\trun\trun\tVERB\tVB\t_\t4\tccomp\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = t2
# text = Officials said so.
1\tOfficials\tX\tX\tX\t_\t2\tnsubj\t_\t_
2\tsaid\tX\tX\tX\t_\t0\troot\t_\t_
3\tso\tX\tX\tX\t_\t2\tobj\t_\tSpaceAfter=No
4\t.\tX\tX\tX\t_\t2\tpunct\t_\t_

"""


def test_retag_keeps_words_trees_and_comments(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))  # training/ is not installed
    from training import retag

    src, dst = tmp_path / "gold.conllu", tmp_path / "retag.conllu"
    src.write_text(GOLD, encoding="utf-8")
    kept = retag.retag_file(str(src), str(dst))
    gold_lines = GOLD.strip("\n").split("\n")
    out_lines = dst.read_text(encoding="utf-8").strip("\n").split("\n")
    assert len(out_lines) == len(gold_lines)
    for g, o in zip(gold_lines, out_lines, strict=True):
        if not g or g.startswith("#") or "-" in g.split("\t", 1)[0]:
            assert o == g  # comments, blank lines and multi-word token ranges stay as they were
            continue
        gc, oc = g.split("\t"), o.split("\t")
        assert (oc[0], oc[1], oc[6], oc[7], oc[8], oc[9]) == (gc[0], gc[1], gc[6], gc[7], gc[8], gc[9])
    # the second sentence had nonsense tags: the tagger's replace them
    tags = [line.split("\t")[3] for line in out_lines[-4:]]
    assert "X" not in tags and tags[-1] == "PUNCT"
    said = out_lines[-3].split("\t")
    assert said[2] == "say" and said[3] == "VERB"
    assert 0.0 <= kept <= 100.0
