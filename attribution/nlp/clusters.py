"""The Brown-cluster table of package data, read once: word form -> cluster bit path.

Both learned passes read it (the cue model of :mod:`attribution.extract.learned` and the name
model of :mod:`attribution.nlp.name_classifier`): a word the training data never shows scores
by the words it shares a cluster with. Built by ``python -m training.clusters``.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

#: lowercased word form -> Brown cluster bit path (``python -m training.clusters``)
CLUSTERS_PATH = Path(__file__).resolve().parent.parent / "data" / "word_clusters.tsv.gz"
#: prefix lengths of a cluster path used as features: short prefixes group broad classes
#: (verbs of saying with verbs of judging), long ones near-synonyms
CLUSTER_PREFIXES = (4, 6, 8, 10, 12)


@lru_cache(maxsize=2)
def load_clusters(path: str | None = None) -> dict[str, str]:
    """The word-cluster table (empty when the file is missing: the features are then absent
    and the model scores on the rest)."""
    p = Path(path) if path else CLUSTERS_PATH
    if not p.is_file():
        return {}
    out: dict[str, str] = {}
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if n == 1 and line.startswith("# "):
                continue  # the header: where the table comes from ("#" itself is a form)
            form, sep, bits = line.rstrip("\n").partition("\t")
            if not sep or not bits or set(bits) - {"0", "1"}:
                raise ValueError(f"{p}:{n}: expected 'form<TAB>bits', got {line.strip()!r}")
            out[form] = bits
    return out


def cluster_features(name: str, form: str) -> list[str]:
    """The form's cluster path prefixes as features named ``name`` (``name=none`` for a word
    the table lacks): they let a model score a word its training never shows by the words it
    behaves like ("chided" shares its cluster with "criticized")."""
    bits = load_clusters().get(form.lower())
    if bits is None:
        return [f"{name}=none"]
    return [f"{name}{k}={bits[:k]}" for k in CLUSTER_PREFIXES if len(bits) >= k] + [f"{name}={bits}"]
