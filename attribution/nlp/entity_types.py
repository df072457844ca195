"""Entity spans and types repaired from the names themselves, after the NER model.

The compact NER model tags each sentence from its words alone, and an unknown
capitalised word mostly comes out a PERSON: on GUM dev (352 gold names) 45 of
its 161 errors were names found with the wrong type ("Harrow School" a place,
"Tasmania" a person) and 37 names with the wrong edges ("I'm Isabel Ruiz",
"Morris and Goscinny" as one person). A name often says what it is: an
institution's name ends in the word for the institution ("Aberdeen Grammar
School", "San Francisco Bulletin"), a place's in the word for the place
("Hudson River", "Grand Central Station"), and a country or a large city is a
place whoever writes about it.

:func:`repair_entities` applies these rules, as a post-processing step of the
NLP layer (no stanza here; any backend's parse works), before
:func:`~attribution.nlp.names.propagate_names` spreads the names to their
untagged repeats (so the repaired type is the one that spreads):

- no proper noun: a span none of whose words is a proper noun ("Voters",
  "American", "OK") is no name (:func:`_no_proper_noun`);
- era markers: "BC" or "AD" after a year or "century" is no organisation;
- number labels: a one-word "name" that labels the number after it ("Tab 3",
  "Table 2", "May 18"; ``number_labels``) is no name;
- edges: a token that cannot start or end a name (a pronoun with a verb, "I'm",
  "There's"; an interjection, "Hey Frank"; a lowercase function word, a dangling
  "of the") is cut off;
- coordination: a PERSON span that joins names with "and" or "&" ("Morris and
  Goscinny") becomes one person per name (GUM's gold keeps about two such
  pairs apart for every one it joins);
- possessives: a possessive inside a span ends one name and starts another
  ("Platt's" + "Music Hall", "DAB's" + "Ben Chan"); the owner stays tagged only
  when its own words type it (:func:`_split_possessive`);
- joint institutions: a place, "and", and an ORG that a head word types are one
  organisation ("Newfoundland and Labrador Court of Appeal");
- head words: a name of two or more words whose last word heads an
  institution's name (``org_heads`` in ``attribution/lexicons/names.yaml``) is
  an ORG, a place's name (``place_heads``) a PLACE; "X of Y" goes by the word
  before "of" ("University of Copenhagen", "Medical Journal of Australia", "Bay
  of Bengal"; ``org_heads_of``, ``place_heads_of``);
- gazetteer: a name the model tagged a PERSON that is a country, a continent, a
  US state or a large city (``places``) is a PLACE (an ORG is left alone: GUM
  tags a country that acts, a government or a team, an ORG);
- titles: a capitalised title, "of" (and "the") and a name are one PERSON
  ("Emperor of the United States", "Director of the National Study"), as GUM
  tags them; it is also the source a story quotes;
- untagged names: a run of capitalised proper nouns the model left untagged
  that a head word types ("World Health Organisation") is tagged, with a name
  tagged just before it that it completes ("Sydney" + "Morning Herald");
- the document: a one-word name the model tagged a PERSON somewhere, and that
  is no part of a longer person's name, takes the type of a longer name it
  starts ("Harrow" beside "Harrow School", "Coron" beside "Coron Island"), or
  is a PLACE when written "in X" twice or more (:func:`_document_types`); a
  storm's name ("Cyclone Phailin"; ``storm_words``) is no entity anywhere in the
  document (:func:`_storm_names`), and nor is an acronym the document defines for
  words that are no name ("sea surface salinity (SSS)"; :func:`_undefined_acronyms`).

The lists and rules follow GUM's annotation (schools, universities, churches,
courts and newspapers are organisations; museums, stations, hotels and centres
are places), checked on GUM train's gold names, and the GUM dev error
analysis; no rule names a document's string.

Measured on GUM dev (352 gold names; ``attribution models evaluate --ner``),
exact-span F1 65.84 -> 77.79 (PERSON 73.0 -> 85.4, ORG 52.2 -> 69.9, PLACE
63.5 -> 72.8; P 63.9 -> 75.6, R 67.9 -> 80.1; overlapping spans 73.0 ->
82.5). Without one rule at a time: head words 72.95, document 72.83, edges
75.82, titles 76.10, untagged names 76.84, coordination 76.90, gazetteer
77.24, era markers 77.37. Added on 2026-12-05 (decided on GUM dev, checked on
GUM train): number labels, possessives, joint institutions and storms, dev
77.79 -> 80.17 (PERSON 85.4 -> 85.9, ORG 69.9 -> 76.1, PLACE 72.8 -> 75.3; P
75.6 -> 78.8, R 80.1 -> 81.5; overlapping spans 82.5 -> 83.5); without one of
them: joint institutions 79.00 (one name written three times), possessives
79.61, number labels 79.83, storms 79.83. GUM train 93.41 -> 94.33, all from the
possessives (42 spans). Not kept: a GeoNames / ISO 3166 gazetteer (cities over
15,000 people, countries, subdivisions; 35,836 names) in ``places``: dev 77.79
-> 71.45 (surnames that are towns: "Norton", "Isabel"), train 93.41 -> 90.62;
only 6 of the 121 dev errors hold such a name. Not kept: the gazetteer for ORG-tagged names too
(dev +0.3, GUM train -1.4: the teams and governments) and for untagged proper
nouns (no change on dev).

Checked on 2026-12-06 by 3-fold cross-validation over GUM train's 84 documents
(NER models trained on two folds, the product on the third: 3,494 held-out
names; model recipe of version 2026.12.05.1827): every rule above helps or is
neutral there (without the head words 65.81 against 67.36, without propagation
66.02, without the possessives 66.77; coordination -0.02, era markers and
titles about 0). Added that day on this evidence: no proper noun, undefined
acronyms and interjections at the edges, 67.36 -> 68.09 (folds 72.79 -> 74.05,
65.10 -> 65.21, 65.04 -> 66.03); GUM dev 77.14 ->
76.79 (two names lost: "Barracuda", a common noun to the tagger, and "UKB");
GUM test, measured once with the rules fixed, 67.96 -> 68.09. Not added: a
country as the subject of a verb as an ORG (+15 names, but 23 of the 24
gains from two documents, and GUM tags "Germany destroyed ..." a place).
Re-checked with the recipe of version 2026.12.06.0500 (embedding fine-tuning;
cross-validation 69.23): every rule still helps or is neutral (without the
head words 67.92, propagation 66.90, possessives 68.58, coordination 68.82).
Not added: a gazetteer place the model left untagged as a PLACE (+0.07,
about four names of 3,494); a name the text defines ("Phoenix is the capital
of ...", "X, a city in ...", "the city of X": an untagged proper-noun subject
of a copula, apposition or "of" under a place or organisation noun) typed so
at every untagged mention in the document: +0.81 (70.04), but 43 of the 49
errors it removed were in three travel guides (Łódź, Phoenix, Guadeloupe,
whose topic the model never tags), it added errors in seven other documents,
and GUM dev went 81.26 -> 81.03.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from attribution.model import ParsedDocument, Sentence, Word
from attribution.nlp.conllu import entities_from_tags

NAMES_FILE = Path(__file__).resolve().parent.parent / "lexicons" / "names.yaml"

#: the lists ``names.yaml`` must hold, and what each is for (see the file)
LIST_KEYS = (
    "org_heads",
    "org_heads_of",
    "place_heads",
    "place_heads_of",
    "person_titles_of",
    "places",
    "number_labels",
    "storm_words",
)

#: parts of speech of the function words that no name starts or ends with, when lowercase
FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX", "ADV", "PUNCT", "INTJ"})
#: words that join two names in one span
COORDINATORS = frozenset({"and", "&"})
#: era markers after a year ("508 BC"), which the model takes for acronyms of organisations
ERA_MARKERS = frozenset({"BC", "AD", "BCE", "CE", "B.C.", "A.D."})
#: the share of a one-word name's mentions written "in X" that makes it a place (and two at least)
IN_SHARE = 0.15
#: words after which an era marker stands, besides a number
ERA_AFTER = frozenset({"century", "centuries", "millennium"})


class NameListError(ValueError):
    """``names.yaml`` is malformed; the message names the file, the line and the key."""


@dataclass(frozen=True)
class NameLists:
    """The word lists of ``names.yaml`` as lower-case frozensets (places keep their spaces)."""

    org_heads: frozenset[str]
    org_heads_of: frozenset[str]
    place_heads: frozenset[str]
    place_heads_of: frozenset[str]
    person_titles_of: frozenset[str]
    places: frozenset[str]
    number_labels: frozenset[str]
    storm_words: frozenset[str]


def parse_name_lists(text: str, name: str = "names.yaml") -> NameLists:
    """Validate the YAML text of a names file: every key known and present once, every entry a
    non-empty lower-case string given once. Errors name the file, the line and the key."""

    def fail(line: int, key: str, message: str) -> NameListError:
        return NameListError(f"{name}:{line}: key {key!r}: {message}")

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise NameListError(f"{name}:{mark.line + 1 if mark else 0}: not valid YAML: {exc}") from exc
    if not isinstance(root, yaml.MappingNode):
        raise NameListError(f"{name}:1: top level must be a mapping of lists")
    lists: dict[str, frozenset[str]] = {}
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key not in LIST_KEYS:
            raise fail(line, key, f"unknown key (expected one of: {', '.join(LIST_KEYS)})")
        if key in lists:
            raise fail(line, key, "key given twice")
        if not isinstance(value_node, yaml.SequenceNode):
            raise fail(line, key, "value must be a list of strings")
        seen: set[str] = set()
        for item in value_node.value:
            iline = item.start_mark.line + 1
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                raise fail(iline, key, f"entry must be a string, got {getattr(item, 'value', item)!r}")
            entry = str(item.value)
            if not entry.strip() or entry != entry.strip() or "  " in entry:
                raise fail(iline, key, f"entry {entry!r} is empty or has stray spaces")
            if entry != entry.lower():
                raise fail(iline, key, f"entry {entry!r} must be lower case")
            if entry in seen:
                raise fail(iline, key, f"duplicate entry {entry!r}")
            seen.add(entry)
        lists[key] = frozenset(seen)
    for key in LIST_KEYS:
        if key not in lists:
            raise NameListError(f"{name}:1: key {key!r}: missing")
    return NameLists(**lists)


@lru_cache(maxsize=1)
def default_name_lists() -> NameLists:
    """The shipped lists, read and validated once."""
    try:
        text = NAMES_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise NameListError(f"{NAMES_FILE.name}:0: cannot read the file ({exc})") from exc
    return parse_name_lists(text, NAMES_FILE.name)


# ---------------------------------------------------------------- the rules

Span = tuple[int, int, str]  # [first, last] token index, entity type


def _bare(text: str) -> str:
    """A token's text without a possessive: "Harrow's" -> "Harrow"."""
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _head_word(sent: Sentence, ti: int) -> Word | None:
    tok = sent.tokens[ti]
    return sent.word(tok.word_indices[0]) if tok.word_indices else None


def _not_name(sent: Sentence, ti: int) -> bool:
    """Token ``ti`` cannot start or end a name: a pronoun with a verb ("I'm", "There's"), or a
    lowercase function word ("of", "the", "and"). A lowercase noun stays ("Bohai sea", and the
    "tat" of "Wong Yeung-tat", which the tokenizer cuts off at the hyphen), and so does a
    capitalised function word ("A Coruña")."""
    tok = sent.tokens[ti]
    word = _head_word(sent, ti)
    if word is None:
        return True
    if word.upos == "PRON":
        return len(tok.word_indices) > 1 or not word.text[:1].isupper()
    if word.upos == "INTJ":  # "Hey Frank", "Uh Mitchell": a greeting or hesitation, capitalised or not
        return True
    return not word.text[:1].isupper() and word.upos in FUNCTION_POS


def _trim(sent: Sentence, span: Span) -> Span | None:
    first, last, typ = span
    while first <= last and _not_name(sent, first):
        first += 1
    while last >= first and _not_name(sent, last):
        last -= 1
    return (first, last, typ) if first <= last else None


def _split_people(sent: Sentence, span: Span) -> list[Span]:
    """A PERSON span joining names with "and" / "&", one span per name ("Morris and Goscinny")."""
    first, last, typ = span
    if typ != "PERSON":
        return [span]
    cuts = [ti for ti in range(first + 1, last) if sent.tokens[ti].text.lower() in COORDINATORS]
    if not cuts:
        return [span]
    out, start = [], first
    for cut in [*cuts, last + 1]:
        part = _trim(sent, (start, cut - 1, typ)) if start <= cut - 1 else None
        if part:
            out.append(part)
        start = cut + 1
    return out


def _retype(sent: Sentence, span: Span, lists: NameLists) -> str:
    """The type the name's own words give it, or the model's."""
    first, last, typ = span
    texts = [sent.tokens[ti].text for ti in range(first, last + 1)]
    texts[-1] = _bare(texts[-1])
    lower = [t.lower() for t in texts]
    if "of" in lower[1:-1]:  # "University of Copenhagen", "Medical Journal of Australia", "Bay of Bengal"
        head = lower[lower.index("of") - 1]
        if head in lists.person_titles_of and lower.index("of") == 1:
            return "PERSON"
        if head in lists.org_heads_of or head in lists.org_heads:
            return "ORG"
        if head in lists.place_heads_of:
            return "PLACE"
    elif len(lower) > 1 and "of" not in lower:
        if lower[-1] in lists.org_heads:
            return "ORG"
        if lower[-1] in lists.place_heads:
            return "PLACE"
    if typ == "PERSON" and _is_place(" ".join(texts), lists):
        return "PLACE"
    return typ


def _is_place(text: str, lists: NameLists) -> bool:
    """A gazetteer place, written as a name: capitalised, short entries all in capitals ("UK")."""
    if text.lower() not in lists.places or not text[:1].isupper():
        return False
    return len(text) > 3 or text.isupper()


def _era(sent: Sentence, span: Span) -> bool:
    """ "508 BC", "the 7th century BC": an era marker after a year or a century."""
    first, last, _ = span
    if first != last or first == 0 or sent.tokens[first].text not in ERA_MARKERS:
        return False
    before = sent.tokens[first - 1].text
    return before[:1].isdigit() or before.lower() in ERA_AFTER


def _number_label(sent: Sentence, span: Span, lists: NameLists) -> bool:
    """ "Tab 3", "Table 2", "May 18": a one-word "name" that labels the number after it
    (``number_labels``) is a reference or a date, not a name."""
    first, last, _ = span
    if first != last or last + 1 >= len(sent.tokens):
        return False
    return sent.tokens[first].text.lower() in lists.number_labels and sent.tokens[last + 1].text[:1].isdigit()


def _split_possessive(sent: Sentence, span: Span, lists: NameLists) -> list[Span]:
    """ "Platt's Music Hall", "DAB's Ben Chan", "Berkeley's Department of Linguistics": a
    possessive inside a span ends one name and starts another, as GUM annotates them (the
    owner is a mention of its own; none of GUM train's 3,494 gold names holds an inner
    possessive, and the model's 42 spans that do were all wrong). The part after the
    possessive keeps the model's type (repaired by its head word); the owner is kept only
    when its own words type it (a head word, or a gazetteer place), otherwise it is left to
    :func:`~attribution.nlp.names.propagate_names`, which tags it if the document names it."""
    first, last, typ = span
    cuts = [ti for ti in range(first, last) if _bare(sent.tokens[ti].text) != sent.tokens[ti].text]
    if not cuts:
        return [span]
    out: list[Span] = []
    start = first
    for cut in cuts:
        owner = _trim(sent, (start, cut, ""))
        if owner is not None:
            owner_type = _retype(sent, owner, lists)
            if not owner_type and _is_place(" ".join(_key(sent, owner)), lists):
                owner_type = "PLACE"
            if owner_type:
                out.append((owner[0], owner[1], owner_type))
        start = cut + 1
    rest = _trim(sent, (start, last, typ))
    return [*out, rest] if rest else out


def _joint_institution(spans: list[Span], sent: Sentence, lists: NameLists) -> list[Span]:
    """ "Newfoundland and Labrador Court of Appeal": a place, "and", and an institution's name
    that a head word types ORG are one organisation, named for both places (the model tags
    the first place a PLACE and the rest an ORG)."""
    out: list[Span] = []
    for span in spans:
        if out:
            a, b, t = out[-1]
            if (
                t == "PLACE"
                and span[2] == "ORG"
                and span[0] == b + 2
                and sent.tokens[b + 1].text.lower() in COORDINATORS
                and _bare(sent.tokens[b].text) == sent.tokens[b].text
                and _retype(sent, (span[0], span[1], ""), lists) == "ORG"
            ):
                out[-1] = (a, span[1], "ORG")
                continue
        out.append(span)
    return out


def _spans(sent: Sentence) -> list[Span]:
    out = []
    for ent in sent.entities:
        inside = [t.index for t in sent.tokens if t.start < ent.end and ent.start < t.end]
        if inside:
            out.append((inside[0], inside[-1], ent.type))
    return out


def _retag(sent: Sentence, spans: list[Span], text: str) -> Sentence:
    """The sentence with exactly ``spans`` as its BIOES tags and entities."""
    tags: dict[int, str] = {}
    for first, last, typ in spans:
        for ti in range(first, last + 1):
            pos = "S" if first == last else "B" if ti == first else "E" if ti == last else "I"
            tags[ti] = f"{pos}-{typ}"
    words = tuple(replace(w, ner=tags.get(w.token_index, "O")) for w in sent.words)
    tagged = replace(sent, words=words)
    return replace(tagged, entities=entities_from_tags(tagged, text))


def _no_proper_noun(sent: Sentence, span: Span) -> bool:
    """No word of the span is a proper noun: "American", "Voters", "Winning", "Your Honor".

    GUM's gold names are runs of proper nouns, and in 3-fold cross-validation over GUM train
    (2026-12-06) a span the model tagged without one was a gold name 3 times in 60 (plural
    common nouns "Monks", adjectives "Australian", interjections "OK").
    """
    for ti in range(span[0], span[1] + 1):
        for wi in sent.tokens[ti].word_indices:
            if sent.word(wi).upos == "PROPN":
                return False
    return True


def repair_spans(sent: Sentence, lists: NameLists) -> list[Span]:
    """One sentence's entity spans with their edges, coordinations and types repaired."""
    out: list[Span] = []
    for span in _spans(sent):
        if _era(sent, span) or _number_label(sent, span, lists) or _no_proper_noun(sent, span):
            continue
        trimmed = _trim(sent, span)
        if trimmed is None:
            continue
        for person in _split_people(sent, trimmed):
            for part in _split_possessive(sent, person, lists):
                out.append((part[0], part[1], _retype(sent, part, lists)))
    out = _joint_institution(sorted(out), sent, lists)
    return _headed_runs(sent, _titles(sent, out, lists), lists)


def _proper(sent: Sentence, ti: int) -> bool:
    word = _head_word(sent, ti)
    return word is not None and word.upos == "PROPN" and word.text[:1].isupper()


def _titles(sent: Sentence, spans: list[Span], lists: NameLists) -> list[Span]:
    """ "Emperor of the United States", "Protector of Mexico": a capitalised title, "of" (and
    "the") and a name make one PERSON, as GUM tags them (and the source a news story quotes)."""
    toks = sent.tokens
    starts = {a: (a, b, t) for a, b, t in spans}
    ends = {b: (a, b, t) for a, b, t in spans}
    inside = {ti for a, b, _ in spans for ti in range(a, b + 1)}
    out = list(spans)
    for ti in range(len(toks) - 2):
        title = toks[ti].text
        if not (title[:1].isupper() and title.lower() in lists.person_titles_of and toks[ti + 1].text == "of"):
            continue
        if ti in inside and not (ti in ends and ends[ti][2] == "PERSON"):
            continue
        j = ti + 3 if toks[ti + 2].text.lower() == "the" and ti + 3 < len(toks) else ti + 2
        if j in starts:
            last = starts[j][1]
        elif j not in inside and _proper(sent, j):
            last = j
            while last + 1 < len(toks) and last + 1 not in inside and _proper(sent, last + 1):
                last += 1
        else:
            continue
        first = ends[ti][0] if ti in ends else ti
        out = [sp for sp in out if sp[1] < first or sp[0] > last] + [(first, last, "PERSON")]
    return sorted(out)


def _headed_runs(sent: Sentence, spans: list[Span], lists: NameLists) -> list[Span]:
    """Untagged runs of capitalised proper nouns that a head word types ("World Health
    Organisation" the model missed), as ORG or PLACE spans."""
    toks = sent.tokens
    inside = {ti for a, b, _ in spans for ti in range(a, b + 1)}
    out = list(spans)
    ti = 0
    while ti < len(toks):
        if ti in inside or not _proper(sent, ti):
            ti += 1
            continue
        last = ti
        while last + 1 < len(toks) and last + 1 not in inside and _proper(sent, last + 1):
            last += 1
        # a name the model tagged only in part ("Sydney" in "Sydney Morning Herald") joins the
        # run, unless it ends in a possessive ("Jerusalem's Einstein Institute")
        before = next((sp for sp in out if sp[1] == ti - 1 and _bare(toks[ti - 1].text) == toks[ti - 1].text), None)
        first = before[0] if before else ti
        if last > first:
            typ = _retype(sent, (first, last, ""), lists)
            if typ in ("ORG", "PLACE"):
                out = [sp for sp in out if sp is not before] + [(first, last, typ)]
        ti = last + 1
    return sorted(out)


def _key(sent: Sentence, span: Span) -> tuple[str, ...]:
    texts = [sent.tokens[ti].text for ti in range(span[0], span[1] + 1)]
    texts[-1] = _bare(texts[-1])
    return tuple(texts)


def _document_types(
    doc: ParsedDocument, model: list[list[Span]], spans: list[list[Span]], lists: NameLists
) -> dict[str, str]:
    """One-word names the model took for people that the document shows to be something else:
    name -> its type. A one-word "person" that is never part of a longer person's name
    but starts an institution's or a place's name ("Harrow" and "Harrow School", "Coron" and
    "Coron Island") takes that name's type; one written "in X" at least twice (and in at
    least :data:`IN_SHARE` of its mentions) is a place: on GUM train's gold, every one-word
    name written so is a place (19 of 19)."""
    head_words = lists.org_heads | lists.place_heads
    votes: dict[str, Counter[str]] = {}
    in_person: set[str] = set()
    heads: dict[str, str] = {}
    for sent, found in zip(doc.sentences, model, strict=True):
        for span in found:  # the model's own spans: "Carrano and Biewener" names two people
            if span[2] == "PERSON" and span[1] > span[0]:
                in_person.update(_key(sent, span))
    for sent, found in zip(doc.sentences, spans, strict=True):
        for span in found:
            key = _key(sent, span)
            if len(key) == 1:
                votes.setdefault(key[0], Counter())[span[2]] += 1
            elif span[2] == "PERSON":
                in_person.update(key)
            elif "of" not in key and key[-1].lower() in head_words:
                heads.setdefault(key[0], span[2])
    people = {name for name, c in votes.items() if c["PERSON"] and name not in in_person}
    if not people:
        return {}
    out = {name: heads[name] for name in people if name in heads}
    mentions: Counter[str] = Counter()
    after_in: Counter[str] = Counter()
    for sent in doc.sentences:
        for tok in sent.tokens:
            name = _bare(tok.text)
            if name in people:
                mentions[name] += 1
                if tok.index > 0 and sent.tokens[tok.index - 1].text.lower() == "in":
                    after_in[name] += 1
    for name, n in after_in.items():
        if name not in out and n >= 2 and n >= IN_SHARE * mentions[name]:
            out[name] = "PLACE"
    return out


def _storm_names(doc: ParsedDocument, lists: NameLists) -> set[str]:
    """Names the document gives a storm ("Cyclone Phailin", "Hurricane Katrina"): a storm is an
    event, so its name is no person or organisation anywhere in the document ("Phailin's
    winds", "T C Phailin"), and :func:`~attribution.nlp.names.propagate_names` must not
    spread it."""
    out: set[str] = set()
    for sent in doc.sentences:
        for tok in sent.tokens[:-1]:
            if tok.text.lower() in lists.storm_words and _proper(sent, tok.index + 1):
                out.add(_bare(sent.tokens[tok.index + 1].text))
    return out


def _undefined_acronyms(doc: ParsedDocument, spans: list[list[Span]]) -> set[str]:
    """Acronyms the document defines for words that are no name: "sea surface salinity (SSS)",
    "the Sit-Up Test (SUT)". The model tags such acronyms as organisations; a name's acronym
    follows a tagged name ("Major League Baseball (MLB)"). In 3-fold cross-validation over GUM
    train (2026-12-06) the 33 mentions of acronyms defined after untagged words were no gold
    name, and 11 of the 12 defined after a tagged name were."""
    out: set[str] = set()
    for sent, found in zip(doc.sentences, spans, strict=True):
        inside = {ti for a, b, _ in found for ti in range(a, b + 1)}
        toks = sent.tokens
        for ti in range(1, len(toks) - 2):
            acronym = toks[ti + 1].text
            if (
                toks[ti].text == "("
                and toks[ti + 2].text == ")"
                and sum(c.isupper() for c in acronym) >= 2
                and acronym[:1].isupper()
                and ti - 1 not in inside
            ):
                out.add(acronym)
    return out


def repair_entities(doc: ParsedDocument, lists: NameLists | None = None) -> ParsedDocument:
    """The document with each sentence's entities repaired (see the module doc)."""
    lists = lists or default_name_lists()
    before = [_spans(s) for s in doc.sentences]
    after = [repair_spans(s, lists) for s in doc.sentences]
    retyped = _document_types(doc, before, after, lists)
    if retyped:
        after = [
            [
                (a, b, retyped[k[0]])
                if t == "PERSON" and len(k := _key(sent, (a, b, t))) == 1 and k[0] in retyped
                else (a, b, t)
                for a, b, t in found
            ]
            for sent, found in zip(doc.sentences, after, strict=True)
        ]
    dropped = _storm_names(doc, lists) | _undefined_acronyms(doc, after)
    if dropped:
        after = [
            [sp for sp in found if _bare(sent.tokens[sp[1]].text) not in dropped]
            for sent, found in zip(doc.sentences, after, strict=True)
        ]
    if after == before:
        return doc
    sentences = tuple(
        sent if new == old else _retag(sent, new, doc.text)
        for sent, old, new in zip(doc.sentences, before, after, strict=True)
    )
    return replace(doc, sentences=sentences)
