"""A learned second pass over the cues the rules left: PolNeAR's long tail.

The rule patterns of :mod:`.cues` find the frequent cues ("said", "according to",
"told") with high precision, but human annotators of real news also mark a long,
flat tail of cues that no word list holds without swamping precision: verbs with a
stance ("embraced the plan", "pointed out"), light verbs with a noun ("lent support to"),
noun cues ("his criticism of"). Whether such a word reports someone's position depends
on its context — its subject, its complements, its prepositions — more than on the word.

This module scores each content word that no rule took as a cue with a logistic
regression over sparse features of the word and its dependency context (trained on
PolNeAR train by ``python -m training.cue_detector``; the weights ship as package data
in ``attribution/data/cue_model.json.gz``, described in ``attribution/data/CUE_MODEL.md``).
A word scoring at or above the model's threshold becomes a cue; its source and content
come from the parse (subject or possessor; the complements). With no weight file the pass
adds nothing, and extraction is the rules alone.

What the pass never adds: a cue verb of the lexicon that the rules turned down for one of
their reasons (:func:`rules_reject`; where the parse hid it from them, it may), verbs of
physical action (``action_verbs``: an event is no attribution), cues in the phrases the
rules read as notes (anonymity, declined comment, "that said") or inside a quotation, and
attributions whose subject cannot hold a view (:func:`can_speak`).

The same file may hold a second model, the veto (:func:`veto`): it scores each of the
rules' own attributions (quotations, inverted "said X" and "according to" exempt) and
drops those below its threshold; PolNeAR's annotators leave out many grammatical readings
of a cue verb that the rules cannot tell from the rest by the words alone.

The features use the rules' own output as context (is the word inside a found content,
inside a found source, how far is the nearest found cue), so the model must be retrained
whenever the rules change what they find; the weight file records the commit it was
trained at, and ``attribution eval`` is the check.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from attribution.extract import tree
from attribution.extract.classify import head_of
from attribution.extract.cues import (
    NAMING_VERBS,
    PHRASAL_NOT_CUES,
    Found,
    _content_span_words,
    _group_by_opinion,
    _names_the_noun_before,
    _purpose_or_question,
    _subject,
    controller,
    cue_lemma,
    given_name,
    source_words_of,
)
from attribution.extract.lexicon import Lexicon
from attribution.model import Cue, ParsedDocument, Sentence, SourceKind, Span, Word
from attribution.nlp import clusters
from attribution.nlp.clusters import CLUSTER_PREFIXES

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "cue_model.json.gz"
#: the cluster features the veto reads: the word's short prefixes
VETO_CLUSTER_FEATURES = ("k4=", "k6=", "k8=")
#: the prefixes of the cluster features' names (the word's and its subject's)
CLUSTER_FEATURE_NAMES = ("k=", "sk=", *(f"{n}{k}=" for n in ("k", "sk") for k in CLUSTER_PREFIXES))

#: word classes a cue can be headed by (a compact tagger may call a capitalised verb PROPN)
CANDIDATE_UPOS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN"})
#: relations that open a new clause under a cue ("said he *believes*"): such a word may be a cue
CLAUSE_RELS = frozenset({"ccomp", "xcomp", "advcl", "parataxis", "conj", "csubj", "acl", "acl:relcl"})


@dataclass(frozen=True)
class Context:
    """What the rules found in one document, as character positions: the learned pass
    reads it as features and never adds a cue where the rules already put one."""

    cue_spans: tuple[Span, ...]
    content_spans: tuple[Span, ...]
    source_spans: tuple[Span, ...]

    @classmethod
    def of(cls, found: list[Found]) -> Context:
        """The context of the rules' attributions (their sources already classified)."""
        return cls(
            tuple(f.cue.span for f in found),
            tuple(s for f in found for s in f.content),
            tuple(f.source.span for f in found if f.source is not None and f.source.span is not None),
        )

    def _inside(self, spans: tuple[Span, ...], w: Word) -> bool:
        return any(s.start <= w.start < s.end for s in spans)

    def in_cue(self, w: Word) -> bool:
        return any(s.start < w.end and w.start < s.end for s in self.cue_spans)

    def in_content(self, w: Word) -> bool:
        return self._inside(self.content_spans, w)

    def in_source(self, w: Word) -> bool:
        return self._inside(self.source_spans, w)


def candidates(sent: Sentence, ctx: Context, lex: Lexicon) -> list[Word]:
    """Words the learned pass may score: content words outside every found cue, not part
    of a found cue's phrase, not a cue verb of the lexicon and not a verb of physical action
    (``action_verbs``). The rules own the lexicon's verbs: where one is not a cue they decided
    so on purpose ("Voters who said the economy was their top issue split evenly": a poll
    group, not an attribution)."""
    owned = {
        w.index
        for w in sent.words
        if ctx.in_cue(w)
        # "regularly attacks army posts": an event, whatever PolNeAR's politics say
        or (w.upos == "VERB" and w.lemma.lower() in lex["action_verbs"] and not _at_a_person(sent, w))
    }
    out = []
    for w in sent.words:
        if w.upos not in CANDIDATE_UPOS or w.index in owned:
            continue
        if w.head in owned and w.deprel not in CLAUSE_RELS:
            continue  # "can't *be* said", "told *reporters*", "*regularly* attacks": that verb's phrase
        if not any(c.isalpha() for c in w.text):
            continue
        out.append(w)
    return out


def _person(w: Word) -> bool:
    return w.ner.endswith("PERSON") or w.text.lower() in ("him", "her")


def _by_agent(sent: Sentence, k: Word) -> bool:
    """``k`` is a "by" phrase hanging off its head: a passive's agent ("was attacked by Clinton")."""
    return k.deprel in ("obl:agent", "obl", "nmod") and [
        c.lemma.lower() for c in tree.children(sent, k.index, "case")
    ] == ["by"]


def _at_a_person(sent: Sentence, w: Word) -> bool:
    """The verb's object (or its object's possessor, or a passive's agent) is a named person or
    "him"/"her": "attacked Rubio for not answering", "attacked Clinton's record", "was
    attacked by Clinton" are words, not blows, in news. The model still scores them; what is
    done to a place, a group or a thing ("attacked trains", "attacked army posts") stays an event."""
    return any(
        (k.deprel == "obj" and (_person(k) or any(map(_person, tree.children(sent, k.index, "nmod:poss")))))
        or (_person(k) and _by_agent(sent, k))
        for k in tree.children(sent, w.index)
    )


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+" if n < 6 else "6+"


def features(sent: Sentence, w: Word, ctx: Context, quoted: bool) -> list[str]:
    """Sparse features of one candidate word: its own form and class, its relation and
    head, its dependents (relations, prepositions, subject type), its neighbours, and
    what the rules found around it."""
    lem = w.lemma.lower()
    up = w.upos
    rel = w.deprel
    head = sent.word(w.head) if w.head else None
    kids = [k for k in sent.words if k.head == w.index]
    feats = [
        "bias",
        f"l={lem}",
        f"u={up}",
        f"x={w.xpos}",
        f"r={rel}",
        f"lu={lem}|{up}",
        f"lr={lem}|{rel}",
        f"ur={up}|{rel}",
        f"suf={lem[-3:]}|{up}",
        f"cap={w.text[:1].isupper()}|{w.index == 1}",
    ]
    feats += cluster_features("k", w)
    if "VerbForm=" in w.feats:
        form = next(f for f in w.feats.split("|") if f.startswith("VerbForm="))
        feats += [f"vf={form}", f"lvf={lem}|{form}"]
    if head is not None:
        hl = head.lemma.lower()
        feats += [f"h={hl}", f"hu={head.upos}", f"rhu={rel}|{head.upos}", f"lh={lem}|{hl}", f"hr={head.deprel}"]
    else:
        feats.append("root")
    rels = sorted({k.deprel for k in kids})
    feats += [f"c={r}" for r in rels]
    feats += [f"lc={lem}|{r}" for r in rels if r.split(":")[0] in ("ccomp", "xcomp", "obj", "nsubj", "obl", "nmod")]
    feats.append(f"nkids={_bucket(len(kids))}")
    for k in kids:
        r = k.deprel.split(":")[0]
        kl = k.lemma.lower()
        if r in ("nsubj", "csubj") or k.deprel == "nmod:poss":
            kind = _mention_kind(k)
            feats += [f"s={k.deprel}|{kind}", f"ls={lem}|{kind}"]
            if k.upos in ("NOUN", "PRON"):
                feats.append(f"sl={kl}")  # "critics", "officials", "campaign", "he"
            if k.upos in ("NOUN", "PROPN"):
                feats += cluster_features("sk", k)  # "spokesman" with "aide", "mud" with "dust"
        elif r in ("obl", "nmod", "advcl", "acl"):
            for c in tree.children(sent, k.index, "case", "mark"):
                p = c.lemma.lower()
                feats += [f"p={r}|{p}", f"lp={lem}|{p}"]
        elif r in ("mark", "case"):
            feats += [f"m={kl}", f"lm={lem}|{kl}"]
        elif k.deprel == "compound:prt":
            feats.append(f"prt={lem}|{kl}")
        elif r in ("ccomp", "xcomp"):
            feats.append(f"cc={k.upos}")
        elif r == "obj":
            feats += [f"o={kl}", f"lo={lem}|{kl}"]  # "offered support", "raised questions"
        elif r == "aux":
            feats.append(f"aux={kl}")  # "would", "could", "will": said or only possible
        elif k.deprel == "advmod" and kl in ("not", "never", "n't"):
            feats.append("neg")
    before = [x.index for x in sent.words if x.index < w.index and ctx.in_cue(x)]
    after = [x.index for x in sent.words if x.index > w.index and ctx.in_cue(x)]
    feats.append(f"cue_before={_bucket(w.index - before[-1]) if before else None}")
    feats.append(f"cue_after={_bucket(after[0] - w.index) if after else None}")
    if sent.text.rstrip().rstrip("\u201d\"'").endswith("?"):
        feats.append("question")
    nxt = sent.word(w.index + 1) if w.index < len(sent.words) else None
    prv = sent.word(w.index - 1) if w.index > 1 else None
    if nxt is not None:
        feats += [f"n={nxt.text.lower()}", f"ln={lem}|{nxt.text.lower()}"]
    if prv is not None:
        feats += [f"pv={prv.text.lower()}", f"lpv={lem}|{prv.text.lower()}"]
    feats += [
        f"q={quoted}",
        f"inc={ctx.in_content(w)}",
        f"ins={ctx.in_source(w)}",
        f"sentcue={any(ctx.in_cue(x) for x in sent.words)}",
    ]
    if head is not None and ctx.in_cue(head):
        feats.append(f"headcue|{rel}")
    return feats


def cluster_features(name: str, w: Word) -> list[str]:
    """The word's cluster path prefixes as features (none for a word the table lacks)."""
    return clusters.cluster_features(name, w.text)


def _mention_kind(k: Word) -> str:
    if k.ner != "O":
        return "ent:" + k.ner.split("-", 1)[-1]
    if k.upos == "PRON":
        return "pron:" + k.text.lower()
    return k.upos


@dataclass(frozen=True)
class CueModel:
    """Feature weights of the logistic regression and the decision threshold, with the
    optional veto model over the rules' own cues (:func:`veto`)."""

    weights: dict[str, float]
    threshold: float
    info: dict
    veto_weights: dict[str, float] | None = None
    veto_threshold: float = 0.0

    def probability(self, feats: list[str]) -> float:
        return _logistic(self.weights, feats)

    def veto_probability(self, feats: list[str]) -> float:
        """Probability that a rule's cue is one PolNeAR's annotators would mark (1.0 with no veto model)."""
        return _logistic(self.veto_weights, feats) if self.veto_weights else 1.0


def _logistic(weights: dict[str, float], feats: list[str]) -> float:
    z = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_model(path: Path | None = None) -> CueModel | None:
    """The shipped (or given) weight file; None when there is none."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> CueModel | None:
    p = Path(path)
    if not p.is_file():
        return None
    try:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        threshold = float(data["threshold"])
        veto = data.get("veto")
        veto_weights = {str(k): float(v) for k, v in veto["weights"].items()} if veto else None
        veto_threshold = float(veto["threshold"]) if veto else 0.0
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{p}: not a cue model weight file ({exc})") from exc
    return CueModel(weights, threshold, dict(data.get("info", {})), veto_weights, veto_threshold)


# ------------------------------------------------------------------ the pass


@dataclass(frozen=True)
class Scored:
    """A candidate word with the model's probability that it is a cue."""

    sentence: int
    word: int
    probability: float
    threshold: float  # the model's


def score_candidates(
    doc: ParsedDocument, found: list[Found], model: CueModel, quotes: list, lex: Lexicon
) -> list[Scored]:
    """The model's probability for every candidate word, given what the rules ``found``
    (their sources already classified)."""
    ctx = Context.of(found)
    return [
        Scored(sent.index, w.index, model.probability(features(sent, w, ctx, in_quotes(quotes, w))), model.threshold)
        for sent in doc.sentences
        for w in candidates(sent, ctx, lex)
    ]


def find_learned(
    doc: ParsedDocument, scored: list[Scored], lex: Lexicon, threshold: float | None = None
) -> list[Found]:
    """New attributions at the scored words at or above the threshold (the model's own
    unless given): one per phrase, the word nearest the root, except that a word opening a
    clause of its own under another ("promised to *fight*", "..., *offering* support") is a
    cue of its own. Each carries its probability in ``notes["probability"]``."""
    probability = {
        (s.sentence, s.word): s.probability
        for s in scored
        if s.probability >= (s.threshold if threshold is None else threshold)
    }
    picked: dict[int, set[int]] = {}
    for si, i in probability:
        picked.setdefault(si, set()).add(i)
    out: list[Found] = []
    for si, words in sorted(picked.items()):
        sent = doc.sentences[si]
        for i in sorted(words):
            w = sent.word(i)
            if w.head in words and w.deprel not in CLAUSE_RELS:
                continue  # one cue per phrase: "voiced *support*" is part of "voiced"
            if given_name(sent, i):
                continue  # "spokesman *Hope* Hicks"
            f = build(doc.text, sent, w, lex)
            if f is not None:
                f.notes["probability"] = probability[(si, i)]
                out.append(f)
    return out


#: a learned cue scored at least this high stands against :func:`can_speak`, which reads
#: only the subject's head where the model read the whole context (chosen by
#: cross-validation on PolNeAR train: cue F1 +0.0018 with 0.6, 0.5 and 0.7 within 0.0004 of
#: it). The rules' own reasons (:func:`rules_reject`) stand whatever the score: they are
#: decisions about the product ("Voters who said ..." is a poll group), not guesses.
CONFIDENT = 0.6


def confident(f: Found) -> bool:
    """The learned attribution's cue scored at least :data:`CONFIDENT`."""
    return f.notes.get("probability", 0.0) >= CONFIDENT


# ------------------------------------------------------------------ the veto


#: forms the veto never reads: a quotation with its speaker, an inverted "said X" and
#: "according to" are attributions by their shape
VETO_EXEMPT_FORMS = frozenset({"quote", "inverted", "according_to"})


def veto_features(sent: Sentence, source_sent: Sentence, f: Found, ctx: Context, quoted: bool) -> list[str]:
    """Sparse features of one of the rules' attributions: its form, cue and source, and the
    cue word's context as :func:`features` reads it for a candidate."""
    lem = f.cue.lemma
    feats = [
        "bias",
        f"form={f.form}",
        f"cat={f.cue.category}",
        f"lem={lem}",
        f"lemform={lem}|{f.form}",
        f"direct={f.direct}",
        f"srcsent={f.source_sentence == f.sentence}",
    ]
    feats += [f"note={k}" for k in sorted(f.notes)]
    if f.source is None:
        feats.append("src=none")
    else:
        kind = f.source.kind.value
        feats += [f"src={kind}", f"lemsrc={lem}|{kind}", f"resolved={f.source.resolved_from is not None}"]
        feats.append(f"count={f.source.count is not None}")
    if f.source_words:
        head = source_sent.word(head_of(source_sent, f.source_words))
        feats += [f"sh={head.upos}", f"shl={head.lemma.lower()}" if head.upos in ("NOUN", "PRON", "NUM") else "shl=_"]
        feats.append(f"shner={head.ner.split('-', 1)[-1]}")
        if any(source_sent.word(i).upos == "NUM" or source_sent.word(i).text == "%" for i in f.source_words):
            feats.append("src_num")  # "79 percent of Democrats said": a poll's figure, not a speaker
    if f.cue_word:
        # only the word's coarse clusters: on the veto's 12k rows a long path's weight learns
        # the few articles it occurs in (with them it dropped the reference article's "Their
        # governments suspect")
        feats += [
            "w:" + x
            for x in features(sent, sent.word(f.cue_word), ctx, quoted)
            if x != "bias" and (not x.startswith(CLUSTER_FEATURE_NAMES) or x.startswith(VETO_CLUSTER_FEATURES))
        ]
    return feats


def veto(doc: ParsedDocument, found: list[Found], model: CueModel, quotes: list) -> list[Found]:
    """The rules' attributions the veto model keeps: those of an exempt form
    (:data:`VETO_EXEMPT_FORMS`) and those it scores at or above its threshold.

    The rules read a cue verb wherever the grammar allows; PolNeAR's annotators leave out
    many such readings (a poll's respondents, a verb of saying under another act, "made
    this statement"), and the cue words alone cannot tell them apart. The veto reads the
    same context the learned pass does. With no veto model every attribution is kept."""
    if not model.veto_weights:
        return list(found)
    ctx = Context.of(found)
    dropped = {
        id(f)
        for f in vetoable(found)
        if model.veto_probability(veto_features_in(doc, f, ctx, quotes)) < model.veto_threshold
    }
    return [f for f in found if id(f) not in dropped]


def vetoable(found: list[Found]) -> list[Found]:
    """The rules' attributions the veto reads: all but the exempt forms."""
    return [f for f in found if f.form not in VETO_EXEMPT_FORMS]


def veto_features_in(doc: ParsedDocument, f: Found, ctx: Context, quotes: list) -> list[str]:
    """:func:`veto_features` of ``f`` in its document (the product's veto and the trainer read
    an attribution the same way)."""
    sent = doc.sentences[f.sentence]
    quoted = bool(f.cue_word) and in_quotes(quotes, sent.word(f.cue_word))
    return veto_features(sent, doc.sentences[f.source_sentence], f, ctx, quoted)


def in_quotes(quotes: list, w: Word) -> bool:
    """The word stands inside one of the quotations (their inner spans)."""
    return any(q.inner.start <= w.start < q.inner.end for q in quotes)


#: relations of a cue's dependents that hold what was said, done or thought
CONTENT_RELS = ("ccomp", "xcomp", "obj", "iobj", "obl", "nmod", "advcl", "parataxis", "csubj", "dep", "acl")


def build(text: str, sent: Sentence, w: Word, lex: Lexicon) -> Found | None:
    """An attribution around a learned cue word: the source is the subject (or a noun's
    possessor, a passive's agent, the subject of the clause the word hangs off); the
    content its complements, else the rest of the clause after it."""
    lemma = w.lemma.lower()
    prt = [k for k in sent.words if k.head == w.index and k.deprel == "compound:prt" and k.index == w.index + 1]
    end = prt[0].end if prt else w.end
    if prt:
        lemma = f"{lemma} {prt[0].lemma.lower()}"
    category = lex.verb_category(lemma) or {"NOUN": "nominal", "PROPN": "nominal", "ADJ": "thought"}.get(
        w.upos, "speech"
    )
    cue = Cue(tree.make_span(text, w.start, end), lemma, category, lex.is_loaded(lemma))
    pred = sent.word(w.head) if w.upos == "AUX" and w.head else w  # "is [against] the deal": the predicate
    if any(k.head == pred.index and k.deprel.startswith("expl") for k in sent.words):
        return None  # "It is clear that ...": the writer's own judgement, nobody's view
    source = _source(sent, pred, lex)
    taken = set(source) | {w.index} | {k.index for k in prt}
    words: set[int] = set()
    for k in sent.words:
        if k.head == pred.index and k.deprel.split(":")[0] in CONTENT_RELS and k.index not in taken:
            words.update(i for i in tree.subtree(sent, k.index) if i not in taken)
    if pred is not w:
        words.add(pred.index)
    if not words:
        # a bare word ("also", "openly"): the rest of its clause after it
        clause = tree.subtree(sent, w.head) if w.head else [x.index for x in sent.words]
        words = {i for i in clause if i > w.index and i not in taken}
    content = _content_span_words(text, sent, sorted(words))
    if not content:
        return None
    return Found(
        sentence=sent.index,
        cue=cue,
        cue_word=w.index,
        source_words=source,
        content=content,
        form="nominal" if w.upos in ("NOUN", "PROPN") else "verb",
        notes={"learned": True},
    )


def rules_reject(sent: Sentence, f: Found, lex: Lexicon, confident: bool = False) -> bool:
    """A cue verb of the lexicon that the rules did not take may be one the parse hid from
    them ("said" under a wrong head) or one they turned down on purpose; the learned pass
    takes it only past the rules' own reasons: a modifier ("the reported attack"), a
    naming participle ("a company called Harmony"), a phrasal verb that reports nothing
    ("backing up"), a purpose clause or a question to "you", a poll group defined by its
    opinion ("Voters who said the economy was their top issue").

    A ``confident`` model (:data:`CONFIDENT`) stands against the reasons that read the shape
    of the phrase more than its meaning (a modifier, a purpose clause or question, a lone
    object: "he said *that*", "Politicians know *this*", "offered *ideas* for ..." are
    PolNeAR cues, "said goodbye" is not, and the model reads which); the others are
    decisions about what the product reports and stand whatever the score."""
    w = sent.word(f.cue_word)
    lemma = cue_lemma(w, lex)
    if lemma is None:
        return False
    nxt = sent.word(w.index + 1) if w.index < len(sent.words) else None
    category = lex.verb_category(lemma) or "speech"
    kids = [k for k in sent.words if k.head == w.index]
    bare_object = (
        lemma not in lex["object_content"]
        and not any(k.deprel.split(":")[0] in ("ccomp", "xcomp", "parataxis") for k in kids)
        and any(k.deprel == "obj" and not any(x.head == k.index for x in sent.words) for k in kids)
    )
    firm = (
        # "He put it on the table": a verb that reports only before a colon ("put", "release");
        # "as she said goodbye": a greeting or a prayer reports nothing
        (bare_object and not lex.verb_category(lemma))
        or any(k.deprel == "obj" and k.lemma.lower() in lex["ritual_objects"] for k in kids)
        or (lemma in NAMING_VERBS and _names_the_noun_before(sent, w.index, lex))
        or (nxt is not None and nxt.text.lower() in PHRASAL_NOT_CUES.get(lemma, ()))
        or _group_by_opinion(sent, w)
    )
    # "as she said goodbye": a saying verb with a lone noun most often reports nothing
    shape = bare_object or w.deprel in ("amod", "compound") or _purpose_or_question(sent, w, category)
    return firm or (not confident and shape)


def can_speak(sent: Sentence, f: Found, lex: Lexicon) -> bool:
    """A learned attribution keeps its place when it has no source (PolNeAR marks
    sourceless cues too) or a source that can hold a view: a pronoun, a name, a role or
    group noun of the lexicon, or a document. The model reads no meaning, and a verb of
    action with a thing for its subject ("Mud covered the square") is an event."""
    if f.source is None or not f.source_words:
        return True
    if f.source.kind == SourceKind.DOCUMENT:
        return True
    head = sent.word(head_of(sent, f.source_words))
    # a capitalised first word is tagged PROPN whatever it is: a name needs its entity tag there
    named = head.upos == "PROPN" and (head.index > 1 or head.ner != "O")
    if head.upos in ("PRON", "NUM") or named or head.ner != "O":
        return True
    words = {head.lemma.lower(), head.text.lower()}
    return any(
        words & lex[key]
        for key in (
            "role_nouns",
            "organization_nouns",
            "speaker_nouns",
            "quantity_heads",
            "vague_collectives",
            "speech_nouns",
            "message_nouns",
            "nominal",
        )
    )


#: determiners that make a noun phrase of a quantity ("Some say ...", "Many support ..."),
#: unlike an article ("The reports that ...": a noun)
QUANTIFIERS = frozenset({"some", "many", "most", "few", "all", "both", "several", "others"})


def _verb_read_as_noun(sent: Sentence, w: Word, lex: Lexicon) -> list[int]:
    """ "CBS News reports that ...", "Two-thirds support reducing ...", "Some say they ...":
    a verb of the lexicon that the parse read as the root noun of a noun phrase, with the
    speaker as its modifiers. The words before it are the source when they name someone (a
    name, a number, a noun, a quantity) and a clause follows it; "the reports that ..." (an
    article) and "voter support for Clinton" (no clause) stay nouns."""
    if w.upos != "NOUN" or w.head or not lex.verb_category(w.lemma.lower()):
        return []
    clauses = [k for k in tree.children(sent, w.index) if k.deprel.split(":")[0] in ("acl", "ccomp", "xcomp")]
    if not any(k.index > w.index for k in clauses):
        return []
    before = [i for i in tree.subtree(sent, w.index) if i < w.index]
    if not before or before != list(range(before[0], w.index)):
        return []
    words = [sent.word(i) for i in before]
    if len(words) > 6 or any(
        x.text == "," or x.upos in ("VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ")
        or (x.upos == "DET" and x.text.lower() not in QUANTIFIERS)
        for x in words
    ):
        return []  # "even a passing mention", "In a message ..., McDonough heaps praise": no speaker
    if not any(x.upos in ("NOUN", "PROPN", "NUM", "PRON") or x.text.lower() in QUANTIFIERS for x in words):
        return []
    return tree.trim(sent, before, keep_quotes=False)


def _source(sent: Sentence, w: Word, lex: Lexicon) -> list[int]:
    subject = _subject(sent, w.index, lex)
    if subject:
        return subject
    poss = [k for k in sent.words if k.head == w.index and k.deprel == "nmod:poss"]
    if poss:
        return source_words_of(sent, poss[0].index)
    # "was attacked by Clinton", "criticism by the board"; an active verb's "by" phrase is a
    # manner ("did not mention Trump by name", "told by phone"), not who spoke
    passive = w.upos != "VERB" or "VerbForm=Part" in w.feats or bool(tree.children(sent, w.index, "aux:pass"))
    agents = [k for k in tree.children(sent, w.index) if _by_agent(sent, k)] if passive else []
    if agents:
        return [i for i in source_words_of(sent, agents[0].index) if sent.word(i).deprel != "case"]
    if ctl := controller(sent, w, lex):
        return ctl  # "The victory led Priebus to declare ...": Priebus declares
    if disguised := _verb_read_as_noun(sent, w, lex):
        return disguised
    if w.head and (w.deprel.split(":")[0] in ("xcomp", "advcl", "conj", "obj") or w.upos in ("NOUN", "PROPN")):
        # "..., offering support", "voiced *support* for": the subject of the verb it hangs off
        return _subject(sent, w.head, lex)
    return []
