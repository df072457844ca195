"""A learned last word on each name: keep it, retype it, drop it, or add an untagged one.

The NER model tags each sentence on its own from word vectors built from the treebanks;
:mod:`.entity_types` and :mod:`.names` mend its spans with hand-written rules. What neither
sees is the whole picture a reader uses to type a name: its words and their clusters, the
words around it ("in X", "X said"), its place in the parse (the subject of "said", the
object of "at"), and what the rest of the document did with the same name.

This module scores each candidate name of a parsed document, after the repair and the
propagation, with a multinomial logistic regression over sparse features of that picture:
the classes are no name, PERSON, ORG and PLACE. The candidates are the document's entities
and the runs of capitalised proper nouns that no entity covers; a candidate becomes (or
stays) an entity of the class with the highest score. Spans keep their edges: the model
only types them (no name being a type).

The weights are trained by ``python -m training.name_model`` on the NER model's output for
GUM train documents it had not seen in training (the folds of ``python -m training.ner_cv``),
so they learn the errors the model makes on new text; they ship as package data in
``attribution/data/name_model.json.gz`` (card: ``attribution/data/NAME_MODEL.md``). With no
weight file the pass changes nothing.

With a sentence encoder (:mod:`.encoder`, all-MiniLM-L6-v2 fine-tuned on these candidates) the
model also reads each candidate in its sentence: a contextual part scores the encoder's states
over the candidate's pieces (:func:`span_vectors`), which tell "Volaris" the airline from a town
by the words around.

Measured on 2026-12-07 through the product, exact-span F1: the cross-validation over GUM train's
3,494 names (weights and encoder tuning from the other folds) 69.05 without the pass -> 69.96
with its sparse features -> 72.63 with the original encoder -> 74.14 with the tuned one, every
fold up; GUM test (516 names, once after each choice) 68.49 -> 68.82 -> 69.57 -> 72.58; GUM dev
81.26 -> 79.76 -> 77.31 -> 76.06 (the repair rules were written on dev's errors, which the pass
undoes; court-case names, titles and one town retyped throughout cost the rest;
``attribution/data/NAME_MODEL.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from attribution.model import ParsedDocument, Sentence
from attribution.nlp.clusters import cluster_features
from attribution.nlp.encoder import ENCODER_PATH, load_encoder
from attribution.nlp.encoder import fingerprint as encoder_fingerprint
from attribution.nlp.entity_types import NameLists, _bare, _retag, _spans, default_name_lists

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "name_model.json.gz"
#: the classes, in the order of each feature's weights
LABELS = ("NONE", "PERSON", "ORG", "PLACE")
#: relations that join names of one kind
LINKS = frozenset({"conj", "appos"})
FORMAT = "attribution-name-model/2"
#: formats the loader reads: /1 has no contextual part
FORMATS = ("attribution-name-model/1", FORMAT)


@dataclass(frozen=True)
class Candidate:
    """A token run ``[first, last]`` of sentence ``sentence``; ``model`` is the type the NER
    model and the repair gave it, or ``NONE`` for an untagged proper-noun run."""

    sentence: int
    first: int
    last: int
    model: str


def _proper_token(sent: Sentence, ti: int) -> bool:
    tok = sent.tokens[ti]
    return bool(tok.word_indices) and tok.text[:1].isupper() and any(
        sent.word(wi).upos == "PROPN" for wi in tok.word_indices
    )


def candidates(doc: ParsedDocument) -> list[Candidate]:
    """The document's entities and the maximal runs of capitalised proper nouns outside them."""
    out: list[Candidate] = []
    for sent in doc.sentences:
        spans = _spans(sent)
        inside = {ti for a, b, _ in spans for ti in range(a, b + 1)}
        found = [Candidate(sent.index, a, b, t) for a, b, t in spans]
        ti = 0
        while ti < len(sent.tokens):
            if ti in inside or not _proper_token(sent, ti):
                ti += 1
                continue
            first = ti
            while ti + 1 < len(sent.tokens) and ti + 1 not in inside and _proper_token(sent, ti + 1):
                ti += 1
            found.append(Candidate(sent.index, first, ti, "NONE"))
            ti += 1
        out.extend(sorted(found, key=lambda c: c.first))
    return out


def _key(sent: Sentence, c: Candidate) -> tuple[str, ...]:
    texts = [sent.tokens[ti].text for ti in range(c.first, c.last + 1)]
    texts[-1] = _bare(texts[-1])
    return tuple(texts)


@dataclass(frozen=True)
class DocContext:
    """What the document did with each name: the types its candidates with the same words got
    (``same``), those of the candidates holding each word (``word``), and the words it also
    writes in lower case (``lower``: "the storm" beside "Storm" says the word is no name)."""

    same: dict[tuple[str, ...], Counter[str]]
    word: dict[str, Counter[str]]
    lower: frozenset[str]
    #: (sentence, word index) -> the type of the candidate holding that word
    at: dict[tuple[int, int], str]

    @classmethod
    def of(cls, doc: ParsedDocument, cands: list[Candidate]) -> DocContext:
        same: dict[tuple[str, ...], Counter[str]] = {}
        word: dict[str, Counter[str]] = {}
        at: dict[tuple[int, int], str] = {}
        for c in cands:
            sent = doc.sentences[c.sentence]
            for ti in range(c.first, c.last + 1):
                for wi in sent.tokens[ti].word_indices:
                    at[(c.sentence, wi)] = c.model
            key = _key(sent, c)
            same.setdefault(key, Counter())[c.model] += 1
            for w in set(key):
                word.setdefault(w, Counter())[c.model] += 1
        lower = frozenset(t.text for sent in doc.sentences for t in sent.tokens if t.text[:1].islower())
        return cls(same, word, lower, at)


def _shape(text: str) -> str:
    out = []
    for ch in text:
        s = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:6]


def features(doc: ParsedDocument, c: Candidate, ctx: DocContext, lists: NameLists) -> list[str]:
    """The candidate's sparse features (strings; see the module doc)."""
    sent = doc.sentences[c.sentence]
    toks = sent.tokens
    key = _key(sent, c)
    low = [t.lower() for t in key]
    n = c.last - c.first + 1
    m = f"m={c.model}"
    feats = ["bias", m, f"{m}|n={min(n, 4)}", f"hw={low[-1]}", f"fw={low[0]}", f"{m}|hw={low[-1]}"]
    feats += [f"w={w}" for w in sorted(set(low))]
    feats += cluster_features("hk", key[-1]) + cluster_features("fk", key[0])
    feats.append("shape=" + "_".join(_shape(t) for t in key[:3]))
    prev1 = toks[c.first - 1].text.lower() if c.first > 0 else "<s>"
    prev2 = toks[c.first - 2].text.lower() if c.first > 1 else "<s>"
    next1 = toks[c.last + 1].text.lower() if c.last + 1 < len(toks) else "</s>"
    feats += [f"p1={prev1}", f"p2={prev2}|{prev1}", f"n1={next1}", f"{m}|p1={prev1}", f"{m}|n1={next1}"]
    feats += cluster_features("pk", prev1) if prev1 != "<s>" else ["pk=<s>"]
    # the head of the span: its one word whose head lies outside
    indices = {wi for ti in range(c.first, c.last + 1) for wi in toks[ti].word_indices}
    heads = [sent.word(wi) for wi in sorted(indices) if sent.word(wi).head not in indices]
    if heads:
        h = heads[0]
        gov = sent.word(h.head).lemma.lower() if h.head > 0 else "<root>"
        rel = h.deprel
        feats += [f"rel={rel}", f"gov={gov}", f"rel={rel}|gov={gov}"]
        outside = [w for w in sent.children(h.index) if w.index not in indices]
        # a list or an apposition: "Delta, Frontier, Hawaiian" share a type
        linked = [h.head] if rel in LINKS and h.head > 0 else []  # h.head lies outside the span
        linked += [w.index for w in outside if w.deprel in LINKS]
        feats += [f"link={ctx.at.get((c.sentence, wi), 'O')}" for wi in linked]
        for child in outside:
            if child.deprel in ("case", "det"):
                feats += [f"{child.deprel}={child.text.lower()}", f"rel={rel}|{child.deprel}={child.text.lower()}"]
    feats.append("pos=" + "_".join(sent.word(wi).upos for wi in sorted(indices)[:4]))
    text = " ".join(low)
    if text in lists.places:
        feats.append("lex=place")
    if low[-1] in lists.org_heads:
        feats.append("head=org")
    if low[-1] in lists.place_heads:
        feats.append("head=place")
    if c.first == 0:
        feats.append("bos")
    others = ctx.same.get(key, Counter()).copy()
    others[c.model] -= 1
    feats += [f"same={t}" for t in sorted(t for t, k in others.items() if k > 0)]
    feats += [f"{m}|same={t}" for t in sorted(t for t, k in others.items() if k > 0)]
    for w in sorted(set(key)):
        near = ctx.word.get(w, Counter()).copy()
        near[c.model] -= 1
        feats += [f"word={t}" for t in sorted(t for t, k in near.items() if k > 0 and t != "NONE")]
    if low[-1] in ctx.lower:
        feats.append("lower=head")
    if low[0] in ctx.lower:
        feats.append("lower=first")
    total = sum(ctx.same.get(key, Counter()).values())
    feats.append(f"mentions={min(total, 3)}")
    return feats


@dataclass(frozen=True)
class Dense:
    """The contextual part: class scores linear in a candidate's :func:`span_vectors` vector,
    ``vector @ weights + bias`` (``weights``: width x classes, a torch tensor)."""

    weights: object
    bias: tuple[float, ...]

    def scores(self, vector) -> list[float]:
        return [float(v) + b for v, b in zip(vector @ self.weights, self.bias, strict=True)]


@dataclass(frozen=True)
class NameModel:
    """Per-feature weights, one per class of :data:`LABELS`, and optionally a contextual part."""

    weights: dict[str, tuple[float, ...]]
    info: dict
    #: a candidate changes class only when the new class is this much more probable than the
    #: one it came with (0: the most probable class wins)
    margin: float = 0.0
    #: scores from the encoder's view of the candidate (None: the sparse features alone)
    dense: Dense | None = None

    def scores(self, feats: list[str], vector=None) -> list[float]:
        z = [0.0] * len(LABELS)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for i, v in enumerate(w):
                    z[i] += v
        if self.dense is not None:
            if vector is None:
                raise ValueError("this name model scores candidates with the encoder: give each its vector")
            z = [a + b for a, b in zip(z, self.dense.scores(vector), strict=True)]
        return z

    def probabilities(self, feats: list[str], vector=None) -> list[float]:
        z = self.scores(feats, vector)
        top = max(z)
        e = [math.exp(v - top) for v in z]
        s = sum(e)
        return [v / s for v in e]


def fingerprint(path: Path | None = None) -> str:
    """A short hash of the weight file ("none" without one) and the encoder's fingerprint: the
    parse cache keys on it, since a retrained name model or encoder changes the parser's entities."""
    p = Path(path or MODEL_PATH)
    own = hashlib.sha256(p.read_bytes()).hexdigest()[:12] if p.is_file() else "none"
    return f"{own}+{encoder_fingerprint()}"


def load_name_model(path: Path | None = None) -> NameModel | None:
    """The shipped (or given) weight file; None when there is none."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> NameModel | None:
    p = Path(path)
    if not p.is_file():
        return None
    try:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("format") not in FORMATS:
            raise ValueError(f"format {data.get('format')!r}, expected one of {list(FORMATS)!r}")
        if tuple(data["labels"]) != LABELS:
            raise ValueError(f"labels {data['labels']!r}, expected {list(LABELS)!r}")
        weights = {}
        for f, w in data["weights"].items():
            if not isinstance(w, list) or len(w) != len(LABELS):
                raise ValueError(f"feature {f!r}: expected {len(LABELS)} weights")
            weights[str(f)] = tuple(float(v) for v in w)
        margin = float(data.get("margin", 0.0))
        if not 0.0 <= margin < 1.0:
            raise ValueError(f"margin {margin} is not in [0, 1)")
        dense = _dense(data["dense"]) if data.get("dense") is not None else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{p}: not a name model weight file ({exc})") from exc
    return NameModel(weights, dict(data.get("info", {})), margin, dense)


def _dense(data: dict) -> Dense:
    import torch

    rows = data["weights"]
    if not isinstance(rows, list) or not rows or any(not isinstance(r, list) or len(r) != len(LABELS) for r in rows):
        raise ValueError(f"dense weights: expected rows of {len(LABELS)} weights")
    bias = tuple(float(v) for v in data["bias"])
    if len(bias) != len(LABELS):
        raise ValueError(f"dense bias: expected {len(LABELS)} values")
    return Dense(torch.tensor(rows, dtype=torch.float32), bias)


def span_layers(layers: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The encoder layers whose states are averaged into each half of a candidate's vector (0 is
    the embedding layer): the upper half, then the lower half ((4, 5, 6), (1, 2, 3) for MiniLM)."""
    half = layers // 2
    return tuple(range(half + 1, layers + 1)), tuple(range(1, half + 1))


#: tokens on each side of a candidate encoded with it when its sentence is over the encoder's length
WINDOW = 60


def span_vector(states: list, owner: list[int], first: int, last: int, groups) -> object | None:
    """The vector of the words ``first``..``last`` from an encoder's states (see
    :func:`span_vectors`); None when they have no piece."""
    import torch

    idx = [i for i, w in enumerate(owner) if first <= w <= last]
    if not idx:
        return None
    sel = torch.tensor(idx)
    return torch.cat([torch.stack([states[li][sel] for li in g]).mean(0).mean(0) for g in groups])


def span_vectors(doc: ParsedDocument, cands: list[Candidate], encoder) -> list:
    """Each candidate's contextual vector: the encoder run over its sentence's tokens, the states
    of the candidate's pieces averaged over the layers of each group of :func:`span_layers` and
    over the pieces, the groups side by side (2 x 384 floats for MiniLM). A sentence too long
    for the encoder is encoded, for each candidate, as the :data:`WINDOW` tokens on either side
    of it. A candidate with no piece (nothing the tokenizer keeps) gets zeros."""
    import torch

    groups = span_layers(encoder.config.layers)
    width = encoder.config.hidden * len(groups)
    out = []
    done: dict[int, tuple] = {}
    for c in cands:
        toks = doc.sentences[c.sentence].tokens
        lo = 0
        if c.sentence not in done:
            done[c.sentence] = encoder.states([t.text for t in toks])
        states, owner = done[c.sentence]
        if max(owner) < len(toks) - 1:  # cut short: encode a window around the candidate
            lo = max(0, c.first - WINDOW)
            states, owner = encoder.states([t.text for t in toks[lo : min(len(toks), c.last + 1 + WINDOW)]])
        vector = span_vector(states, owner, c.first - lo, c.last - lo, groups)
        out.append(torch.zeros(width) if vector is None else vector)
    return out


def candidate_features(doc: ParsedDocument, lists: NameLists | None = None) -> list[tuple[Candidate, list[str]]]:
    """Each candidate of the document with its features: what the model scores, and what its
    trainer (``training.name_model``) labels."""
    lists = lists or default_name_lists()
    cands = candidates(doc)
    ctx = DocContext.of(doc, cands)
    return [(c, features(doc, c, ctx, lists)) for c in cands]


def decide(
    doc: ParsedDocument, model: NameModel, lists: NameLists | None = None, encoder=None
) -> list[tuple[Candidate, str]]:
    """Each candidate with the class the model gives it (a model with a contextual part runs the
    shipped encoder, or ``encoder``, over the candidates' sentences)."""
    out = []
    pairs = candidate_features(doc, lists)
    vectors: list = [None] * len(pairs)
    if model.dense is not None and pairs:
        encoder = encoder or load_encoder()
        if encoder is None:
            raise ValueError(f"the name model needs the sentence encoder, and {ENCODER_PATH} is missing: reinstall")
        vectors = span_vectors(doc, [c for c, _ in pairs], encoder)
        if vectors and vectors[0].shape[0] != model.dense.weights.shape[0]:
            raise ValueError(
                f"the name model expects vectors of {model.dense.weights.shape[0]} values, "
                f"the encoder gives {vectors[0].shape[0]}: the two files do not belong together"
            )
    probs = [model.probabilities(feats, vec) for (_, feats), vec in zip(pairs, vectors, strict=True)]
    for (c, _), p in zip(pairs, probs, strict=True):
        best = max(range(len(LABELS)), key=lambda i: (p[i], -i))
        if p[best] - p[LABELS.index(c.model)] < model.margin:
            best = LABELS.index(c.model)
        out.append((c, LABELS[best]))
    return out


def classify_names(doc: ParsedDocument, model: NameModel | None = None, encoder=None) -> ParsedDocument:
    """The document with its names as the model types them (unchanged with no model)."""
    model = model or load_name_model()
    if model is None:
        return doc
    per_sentence: list[list[tuple[int, int, str]]] = [[] for _ in doc.sentences]
    for c, label in decide(doc, model, encoder=encoder):
        if label != "NONE":
            per_sentence[c.sentence].append((c.first, c.last, label))
    sentences = []
    for sent, spans in zip(doc.sentences, per_sentence, strict=True):
        sentences.append(sent if sorted(spans) == sorted(_spans(sent)) else _retag(sent, sorted(spans), doc.text))
    return replace(doc, sentences=tuple(sentences))
