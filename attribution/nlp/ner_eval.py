"""Named-entity evaluation against GUM gold, end to end from raw text.

Gold names come from GUM's entity layer (``Entity=`` in MISC) by the rule the
training recipe uses to build the NER training data (``training/prep.py``
imports it from here, so there is one copy; MODEL_CARD.md documents it):

1. mentions of type person, organization, place (-> ``PERSON``, ``ORG``, ``PLACE``);
2. a mention counts only if its syntactic head (the first word whose head lies
   outside the mention) is PROPN;
3. the name is the contiguous run of name words around the head inside the
   mention: PROPN, or capitalised ADJ/NOUN/NUM/X/VERB, bridging lowercase
   connectors (of, the, and, &, -, de, von, ...) between name words;
4. among overlapping names the outermost (longest) is kept.

The raw text of each gold file is rebuilt exactly like
:func:`attribution.nlp.evaluate.raw_text` does for the UD scores, every gold
word is placed in it (from ``# text`` and ``SpaceAfter=No``, its characters
checked), the text is parsed from scratch through the parser seam, and the
predicted entity spans are scored against the gold name spans as character
spans of the raw text:

- exact: a prediction is right when its start, end and type equal a gold name's;
- overlap (lenient): a prediction is right when it overlaps a gold name of the
  same type, and a gold name is found when a prediction of its type overlaps it.
  End to end, the system's tokens need not match the gold words, which the
  exact measure punishes twice (one false positive, one false negative).

Words of a multi-word token share the token's characters, so a name ending in
one spans the whole token: GUM splits the possessive "NASA's" into NASA + 's,
and the gold name is the token "NASA's", which is also what a parser's
token-level entity covers.

No stanza import here: any :class:`~attribution.nlp.Parser` works.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from attribution.nlp import Parser
from attribution.nlp.evaluate import raw_text

# ---------------------------------------------------------------- the gold-name rule
# (shared with training/prep.py; rows are CoNLL-U lines split into 10 fields)

#: GUM entity types that are named-entity classes, and the label each gets
NER_TYPES = {"person": "PERSON", "organization": "ORG", "place": "PLACE"}

#: lowercase words bridged between name words ("Bank of England", "Ludwig van Beethoven")
CONNECTORS = {"of", "the", "and", "&", "-", "de", "du", "la", "le", "von", "van", "der", "for", "on", "upon"}

#: predicted labels of other label sets (OntoNotes, CoNLL) scored as ours; everything else
#: that is not PERSON / ORG / PLACE (DATE, NORP, MISC, ...) is left out of the scores
PRED_TYPE_MAP = {
    "PER": "PERSON",
    "ORGANIZATION": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "LOCATION": "PLACE",
    "FAC": "PLACE",
}


def parse_entity_field(value):
    """Split a GUM Entity= value into events: ('open', id, type, fields) / ('close', id)."""
    events, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            body = value[i + 1 : j]
            fields = body.split("-")
            closes_here = j < len(value) and value[j] == ")"
            events.append(("open", fields[0], fields[1] if len(fields) > 1 else "", fields))
            if closes_here:
                events.append(("close", fields[0]))
                j += 1
            i = j
        elif ch.isdigit():
            j = i
            while j < len(value) and value[j].isdigit():
                j += 1
            if j < len(value) and value[j] == ")":
                events.append(("close", value[i:j]))
                j += 1
            i = j
        else:
            i += 1
    return events


def gum_mentions(rows):
    """Return (words, mentions): mentions as (start, end, etype, identity) over word indexes (0-based, inclusive)."""
    words = [r for r in rows if r[0].isdigit()]
    open_stack, mentions = {}, []
    for wi, r in enumerate(words):
        ent = [m[len("Entity=") :] for m in r[9].split("|") if m.startswith("Entity=")]
        if not ent:
            continue
        for ev in parse_entity_field(ent[0]):
            if ev[0] == "open":
                _, eid, etype, fields = ev
                # GRP-etype-infstat-salience-centering-minspan-link-identity
                identity = fields[7] if len(fields) > 7 and fields[7] not in ("", "_") else None
                open_stack.setdefault(eid, []).append((wi, etype, identity))
            else:
                eid = ev[1]
                if open_stack.get(eid):
                    start, etype, identity = open_stack[eid].pop()
                    mentions.append((start, wi, etype, identity))
    return words, mentions


def namey(w):
    """A token that can be part of a name: a proper noun, or a capitalised ADJ/NOUN/NUM/X
    inside a proper-noun-headed mention ("National Library", "United States")."""
    return w[3] == "PROPN" or (w[3] in ("ADJ", "NOUN", "NUM", "X", "VERB") and w[1][:1].isupper())


def mention_head(words, start, end):
    """Index of the mention's syntactic head: the first token whose head lies outside the span."""
    ids = {w[0] for w in words[start : end + 1]}
    for i in range(start, end + 1):
        if words[i][6] not in ids:
            return i
    return start


def name_span(words, start, end):
    """Named-entity rule (documented in MODEL_CARD.md).

    A person/organization/place mention yields a NAME if its syntactic head is a proper noun
    (PROPN); the name is the contiguous run of PROPN tokens around the head inside the mention,
    also bridging lowercase connectors between proper nouns ("Bank of England",
    "Trinity College", not "the", appositions or relative clauses). Returns (s, e) or None.
    """
    h = mention_head(words, start, end)
    if words[h][3] != "PROPN":
        return None
    s = e = h
    while True:
        moved = False
        if s - 1 >= start and namey(words[s - 1]):
            s -= 1
            moved = True
        elif s - 1 >= start and words[s - 1][1].lower() in CONNECTORS:
            j = s - 1
            while j >= start and words[j][1].lower() in CONNECTORS:
                j -= 1
            if j >= start and namey(words[j]):
                s = j
                moved = True
        if e + 1 <= end and namey(words[e + 1]):
            e += 1
            moved = True
        elif e + 1 <= end and words[e + 1][1].lower() in CONNECTORS:
            j = e + 1
            while j <= end and words[j][1].lower() in CONNECTORS:
                j += 1
            if j <= end and namey(words[j]):
                e = j
                moved = True
        if not moved:
            return s, e


def gold_names(rows):
    """The sentence's gold names: (words, [(s, e, label), ...]) over word indexes, outermost kept.

    ``words`` are the syntactic word rows (no multi-word-token ranges, no empty nodes).
    """
    words, mentions = gum_mentions(rows)
    named = []
    for s, e, t, _ident in mentions:
        if t in NER_TYPES:
            span = name_span(words, s, e)
            if span:
                named.append((span[0], span[1], NER_TYPES[t]))
    # outermost qualifying names: longer spans first, drop anything overlapping a kept span
    named.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken, kept = set(), []
    for s, e, t in named:
        if any(i in taken for i in range(s, e + 1)):
            continue
        kept.append((s, e, t))
        taken.update(range(s, e + 1))
    return words, kept


# ---------------------------------------------------------------- gold documents


class NerGoldError(ValueError):
    """A gold file cannot be used for NER evaluation (no entity layer, text and words disagree)."""


@dataclass(frozen=True)
class GoldName:
    start: int  # character offsets into the rebuilt raw text
    end: int
    text: str
    type: str


@dataclass(frozen=True)
class GoldDocument:
    path: str
    text: str  # the raw text, as attribution.nlp.evaluate.raw_text builds it
    names: tuple[GoldName, ...]
    word_offsets: tuple[tuple[tuple[int, int], ...], ...]  # per sentence, per syntactic word
    sentences: int
    entity_annotations: int  # words carrying an Entity= annotation


def read_sentences(data: str) -> list[tuple[list[str], list[list[str]]]]:
    """CoNLL-U text as sentences of (comment lines, rows of 10 fields)."""
    sents: list[tuple[list[str], list[list[str]]]] = []
    comments: list[str] = []
    rows: list[list[str]] = []
    for raw in data.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            if rows:
                sents.append((comments, rows))
            comments, rows = [], []
        elif line.startswith("#"):
            comments.append(line)
        else:
            cols = line.split("\t")
            if len(cols) != 10:
                raise NerGoldError(f"bad CoNLL-U line (expected 10 tab-separated columns): {line[:80]!r}")
            rows.append(cols)
    if rows:
        sents.append((comments, rows))
    return sents


def _sentence_text(comments: list[str]) -> str | None:
    for c in comments:
        if c.startswith("# text = "):
            return c[len("# text = ") :].strip()
    return None


def _sent_id(comments: list[str], number: int) -> str:
    for c in comments:
        if c.startswith("# sent_id = "):
            return c[len("# sent_id = ") :].strip()
    return f"sentence {number}"


def _space_after(misc: str) -> bool:
    return "SpaceAfter=No" not in misc.split("|")


def place_words(rows: list[list[str]], text: str, base: int, where: str) -> list[tuple[int, int]]:
    """Character offsets (start, end) of each syntactic word, ``base`` + its place in ``text``.

    Surface tokens (a multi-word-token range, or a word outside any range) are found in
    ``text`` in order, skipping whitespace; after a token with ``SpaceAfter=No`` the next one
    must follow at once. The words of a multi-word token share its offsets. A token whose
    characters are not there raises :class:`NerGoldError`.
    """
    offsets: list[tuple[int, int]] = []
    pos, skip_to, glued = 0, 0, False
    span: tuple[int, int] = (base, base)
    for r in rows:
        wid = r[0]
        if "." in wid:
            continue  # empty nodes
        if "-" in wid or (wid.isdigit() and int(wid) > skip_to):
            form = r[1]
            if not glued:
                while pos < len(text) and text[pos].isspace():
                    pos += 1
            if not text.startswith(form, pos):
                found = text[pos : pos + len(form) + 10]
                raise NerGoldError(f"{where}: word {wid} {form!r} is not in the sentence text at {found!r}")
            span = (base + pos, base + pos + len(form))
            pos += len(form)
            glued = not _space_after(r[9])
            if "-" in wid:
                skip_to = int(wid.split("-")[1])
                continue
        if wid.isdigit():
            offsets.append(span)
    return offsets


def load_gold(path: str | Path) -> GoldDocument:
    """Read one gold CoNLL-U file with GUM entity annotation (raises :class:`NerGoldError`)."""
    path = Path(path)
    try:
        data = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NerGoldError(f"{path}: not UTF-8 ({exc.reason})") from exc
    return gold_from_string(data, str(path))


def gold_from_string(data: str, name: str = "<gold>") -> GoldDocument:
    text = raw_text(data)
    sents = read_sentences(data)
    if not sents:
        raise NerGoldError(f"{name}: no sentences")
    annotated = sum(1 for _, rows in sents for r in rows if "Entity=" in r[9])
    if not annotated:
        raise NerGoldError(
            f"{name}: no GUM entity annotation (Entity= in the MISC column); NER evaluation needs "
            "GUM-style gold such as gum/dep/*.conllu (UD EWT has no entity layer)"
        )
    cursor = 0
    names: list[GoldName] = []
    all_offsets: list[tuple[tuple[int, int], ...]] = []
    for number, (comments, rows) in enumerate(sents, 1):
        where = f"{name}: {_sent_id(comments, number)}"
        stext = _sentence_text(comments)
        if stext is None:
            raise NerGoldError(f"{where}: no '# text = ' comment, so its words are not in the raw text")
        at = text.find(stext, cursor)
        if at < 0 or text[cursor:at].strip():
            raise NerGoldError(f"{where}: sentence text not found in order in the rebuilt raw text")
        offsets = place_words(rows, stext, at, where)
        cursor = at + len(stext)
        all_offsets.append(tuple(offsets))
        words, kept = gold_names(rows)
        for s, e, label in sorted(kept):
            start, end = offsets[s][0], offsets[e][1]
            names.append(GoldName(start, end, text[start:end], label))
    return GoldDocument(name, text, tuple(names), tuple(all_offsets), len(sents), annotated)


# ---------------------------------------------------------------- scoring


def _prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> dict:
    p = tp_pred / pred if pred else 0.0
    r = tp_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(100 * p, 2), "R": round(100 * r, 2), "F1": round(100 * f, 2), "gold": gold, "pred": pred}


def pred_type(label: str) -> str:
    return PRED_TYPE_MAP.get(label, label)


def score(
    gold: Sequence[Iterable[tuple[int, int, str]]], pred: Sequence[Iterable[tuple[int, int, str]]]
) -> tuple[dict, dict]:
    """Score predicted against gold (start, end, type) spans, one collection per document.

    Returns ``(exact, overlap)``: each maps every type of the gold label set (plus any other
    type passed in ``gold``) and ``ALL`` to P, R, F1 (percentages), gold and pred counts.
    """
    types_sorted = list(NER_TYPES.values())  # PERSON, ORG, PLACE, then any other gold type
    types_sorted += sorted({t for g in gold for _, _, t in g} - set(types_sorted))
    types = set(types_sorted)
    exact = {t: [0, 0, 0] for t in types_sorted}  # tp, pred, gold
    lenient = {t: [0, 0, 0, 0] for t in types_sorted}  # pred hits, pred, gold found, gold
    for g_doc, p_doc in zip(gold, pred, strict=True):
        gs = set(g_doc)
        ps = {p for p in p_doc if p[2] in types}
        for t in types_sorted:
            g_t = {s for s in gs if s[2] == t}
            p_t = {s for s in ps if s[2] == t}
            exact[t][0] += len(g_t & p_t)
            exact[t][1] += len(p_t)
            exact[t][2] += len(g_t)
            lenient[t][0] += sum(1 for a in p_t if any(a[0] < b[1] and b[0] < a[1] for b in g_t))
            lenient[t][1] += len(p_t)
            lenient[t][2] += sum(1 for b in g_t if any(a[0] < b[1] and b[0] < a[1] for a in p_t))
            lenient[t][3] += len(g_t)
    out_exact = {t: _prf(c[0], c[1], c[0], c[2]) for t, c in exact.items()}
    out_exact["ALL"] = _prf(*(sum(c[i] for c in exact.values()) for i in (0, 1, 0, 2)))
    out_lenient = {t: _prf(*c) for t, c in lenient.items()}
    out_lenient["ALL"] = _prf(*(sum(c[i] for c in lenient.values()) for i in range(4)))
    return out_exact, out_lenient


def evaluate_ner(gold_files: Sequence[str | Path | GoldDocument], parser: Parser) -> dict:
    """Parse each gold file's raw text and score the predicted entities against its gold names.

    ``gold_files`` are paths or documents already read with :func:`load_gold`.

    Returns ``{"ner": {TYPE: {...}, "ALL": {...}, "ALL_overlap": {...}}, "ner_overlap": {TYPE: ...,
    "ALL": ...}, "words_per_second": ..., ...}``; raises :class:`NerGoldError` for unusable gold.
    """
    golds = [g if isinstance(g, GoldDocument) else load_gold(g) for g in gold_files]
    started = time.perf_counter()
    docs = parser.parse_many([g.text for g in golds])
    seconds = time.perf_counter() - started
    gold_spans = [[(n.start, n.end, n.type) for n in g.names] for g in golds]
    pred_spans = []
    ignored: dict[str, int] = {}
    scored = set(NER_TYPES.values())
    on_boundaries = 0
    for g, doc in zip(golds, docs, strict=True):
        spans = []
        for e in doc.entities:
            label = pred_type(e.type)
            if label in scored:
                spans.append((e.start, e.end, label))
            else:
                ignored[e.type] = ignored.get(e.type, 0) + 1
        pred_spans.append(spans)
        starts = {t.start for s in doc.sentences for t in s.tokens}
        ends = {t.end for s in doc.sentences for t in s.tokens}
        on_boundaries += sum(1 for n in g.names if n.start in starts and n.end in ends)
    exact, lenient = score(gold_spans, pred_spans)
    words = sum(len(s.words) for d in docs for s in d.sentences)
    gold_total = sum(len(g.names) for g in golds)
    return {
        "ner": {**exact, "ALL_overlap": lenient["ALL"]},
        "ner_overlap": lenient,
        "gold_names_on_system_token_boundaries": round(100 * on_boundaries / gold_total, 2) if gold_total else 0.0,
        "ignored_predicted_types": dict(sorted(ignored.items())),
        "words_per_second": round(words / seconds, 1) if seconds else 0.0,
        "seconds": round(seconds, 1),
        "gold_files": len(golds),
        "gold_sentences": sum(g.sentences for g in golds),
    }


__all__ = [
    "CONNECTORS",
    "NER_TYPES",
    "GoldDocument",
    "GoldName",
    "NerGoldError",
    "evaluate_ner",
    "gold_from_string",
    "gold_names",
    "gum_mentions",
    "load_gold",
    "mention_head",
    "name_span",
    "namey",
    "parse_entity_field",
    "place_words",
    "score",
]
