"""One name, one entity type, every mention: document-level name propagation.

News copy names a person in full once ("Senator Maria Lopez said ...") and by
surname after ("Lopez added ..."); an organisation or place keeps its name all
along. The compact NER model tags each sentence on its own and, measured on GUM
dev, misses about a third of the gold names; a quarter of those misses are a
name it did tag elsewhere in the same document (the full name, or a surname
of a tagged person). Extraction needs those later mentions most: they are the
sources of "Lopez said".

:func:`propagate_names` tags such untagged repeats with the type the document
gave the name, as a post-processing step of the NLP layer (no stanza here; any
backend's parse works). It is conservative:

- keys are the texts of tagged entities (without a possessive ``'s``) and, for
  PERSON names of two or more words, the name without its leading titles and
  each capitalised part before any "of" that is not a title or particle
  ("Senator Maria Lopez": "Maria Lopez", "Maria", "Lopez"; not "Senator", "de",
  "Jr."; not "Linguistics" of "Professor of Linguistics");
- a part that is also a whole name keeps the whole name's type;
- a repeat is a run of whole tokens whose text equals a key, none of it inside
  an existing entity, each word capitalised and tagged PROPN ("Dutch" the
  adjective is no repeat of "Dutch" the organisation's name);
- the longest key wins at each position; the type is the one the document
  gave the key most often (first seen on a tie);
- a name is propagated only when the model tagged at least a fifth of its
  mentions (:data:`MIN_SHARE`);
- an acronym the text defines for an organisation or place ("World Health
  Organisation (WHO)") is a key of that type, propagated however rarely the
  model tagged it, and matched whatever its tag ("WHO" is tagged a pronoun).

Before that, an untagged honorific and the capitalised proper nouns after it
("Mr. Okafor", "Ms Bauchtman") become a PERSON (:func:`_titled_people`), whose
surname then repeats like any other.

Measured on GUM dev (352 gold names), exact-span F1 56.2 -> 62.1; GUM test
(516 names, measured with the rules fixed) 54.1 -> 58.5 (model version
2026.12.02.0022). The parser runs :func:`~attribution.nlp.entity_types.repair_entities`
before this, so the names that spread have their repaired spans and types.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from attribution.model import ParsedDocument, Sentence, Token, Word
from attribution.nlp.conllu import entities_from_tags

#: words of a PERSON name that are not names themselves
NOT_NAME_PARTS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady jr jr. sr sr. ii iii iv
    sen. sen rep. rep gov. gov gen. gen president senator governor general judge justice
    de da di del della du la le van von der den bin al al- el ibn st. saint the of and
    """.split()
)
#: how many tokens a key may span (longer names are not searched for)
MAX_KEY_TOKENS = 6
#: a name is propagated only if the model tagged at least this share of its mentions: one
#: stray tag ("Athens" as PERSON once among seventeen mentions, "Cyclone Phailin" as a
#: person) must not spread (GUM dev: exact F1 56.2 -> 58.8 without this, 61.1 with 0.2)
MIN_SHARE = 0.2


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _first_word(sent: Sentence, tok: Token) -> Word | None:
    return sent.word(tok.word_indices[0]) if tok.word_indices else None


def _tagged(sent: Sentence) -> set[int]:
    """Indices of the tokens inside the sentence's entities."""
    return {t.index for t in sent.tokens for e in sent.entities if t.start < e.end and e.start < t.end}


def _acronym_after(sent: Sentence, last: int) -> str | None:
    """ "World Health Organisation (WHO)": the acronym a name defines right after it."""
    toks = sent.tokens[last + 1 : last + 4]
    if len(toks) == 3 and toks[0].text == "(" and toks[2].text == ")":
        acr = toks[1].text
        if 2 <= len(acr) <= 8 and acr.isalpha() and acr.isupper():
            return acr
    return None


def _keys(doc: ParsedDocument) -> tuple[dict[tuple[str, ...], tuple[str, int]], set[tuple[str, ...]]]:
    """Token-text tuples of the document's names -> (the type the document gives the name,
    how many tagged mentions it has, as a whole or as a part of a person's name); and the
    acronyms the document defines for its names."""
    full: dict[tuple[str, ...], Counter[str]] = {}
    parts: dict[tuple[str, ...], Counter[str]] = {}
    acronyms: set[tuple[str, ...]] = set()
    for sent in doc.sentences:
        for ent in sent.entities:
            toks = [t for t in sent.tokens if t.start < ent.end and ent.start < t.end]
            if not toks:
                continue
            acr = _acronym_after(sent, toks[-1].index)
            if acr and ent.type != "PERSON":
                parts.setdefault((acr,), Counter())[ent.type] += 1
                acronyms.add((acr,))
            if len(toks) > MAX_KEY_TOKENS:
                continue
            texts = [t.text for t in toks]
            texts[-1] = _strip_possessive(texts[-1])
            key = tuple(x for x in texts if x)
            if not key:
                continue
            full.setdefault(key, Counter())[ent.type] += 1
            if ent.type == "PERSON" and len(key) > 1:
                bare = key
                while bare and bare[0].lower() in NOT_NAME_PARTS:  # "Senator Maria Lopez": "Maria Lopez"
                    bare = bare[1:]
                if 1 < len(bare) < len(key):
                    parts.setdefault(bare, Counter())["PERSON"] += 1
                # "Gary Chan of DAB", "Professor of Linguistics": what follows "of" is no part of a name
                own = key[: key.index("of")] if "of" in key else key
                for part in own:
                    if part[:1].isupper() and part.lower() not in NOT_NAME_PARTS and len(part) > 1:
                        parts.setdefault((part,), Counter())["PERSON"] += 1
    # most_common sorts stably: on a tie the type seen first wins
    keys = {
        key: (votes.most_common(1)[0][0], sum(votes.values()) + sum(parts.get(key, Counter()).values()))
        for key, votes in full.items()
    }
    for key, votes in parts.items():
        keys.setdefault(key, (votes.most_common(1)[0][0], sum(votes.values())))
    return keys, acronyms


def _is_name(words: list[Word], acronym: bool = False) -> bool:
    """Every word capitalised and a proper noun (punctuation inside a name aside); an acronym
    the document defined counts whatever its tag ("WHO" is tagged a pronoun)."""
    if acronym:
        return len(words) == 1 and words[0].text.isupper()
    named = [w for w in words if w.text[:1].isalpha()]
    return bool(named) and all(w.text[:1].isupper() and w.upos == "PROPN" for w in named)


def _tag(sent: Sentence, spans: list[tuple[int, int, str]], text: str) -> Sentence:
    """The sentence with BIOES tags for token runs ``spans`` ([first, last] token index, type)
    and its entities rebuilt from the tags, as the CoNLL-U cache rebuilds them."""
    tags: dict[int, str] = {}
    for first, last, typ in spans:
        for ti in range(first, last + 1):
            pos = "S" if first == last else "B" if ti == first else "E" if ti == last else "I"
            tags[ti] = f"{pos}-{typ}"
    words = tuple(replace(w, ner=tags[w.token_index]) if w.token_index in tags else w for w in sent.words)
    tagged = replace(sent, words=words)
    return replace(tagged, entities=entities_from_tags(tagged, text))


def _name_goes_on(sent: Sentence, ti: int) -> bool:
    """Token ``ti`` is a capitalised noun, not a title: a run next to it is part of a longer
    name ("Gennifer" in "Gennifer Flowers" when "Flowers" lost its tag), not a repeat."""
    word = _first_word(sent, sent.tokens[ti]) if 0 <= ti < len(sent.tokens) else None
    if word is None or word.text.lower() in NOT_NAME_PARTS:  # a title: "Sen. Lopez", "President Obama"
        return False
    return word.text[:1].isupper() and word.upos in ("PROPN", "NOUN")


def _repeats(
    sent: Sentence, keys: dict, acronyms: set[tuple[str, ...]], longest: int
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Untagged runs of tokens in ``sent`` that spell a key: ([first, last] token index, key)."""
    taken = _tagged(sent)
    found: list[tuple[int, int, tuple[str, ...]]] = []
    i, n = 0, len(sent.tokens)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            toks = sent.tokens[i : i + size]
            if any(t.index in taken for t in toks):
                continue
            key = tuple(t.text for t in toks[:-1]) + (_strip_possessive(toks[-1].text),)
            if (
                key in keys
                and _is_name([w for t in toks if (w := _first_word(sent, t))], key in acronyms)
                and not _name_goes_on(sent, i - 1)
                and not _name_goes_on(sent, i + size)
            ):
                found.append((i, i + size - 1, key))
                i += size
                break
        else:
            i += 1
    return found


#: honorifics that only ever stand before a person's name
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. prof prof.".split())


def _titled_people(sent: Sentence) -> list[tuple[int, int, str]]:
    """Untagged "Mr. Okafor", "Ms Bauchtman": an honorific and the run of capitalised proper
    nouns after it ([first, last] token index, PERSON), honorific included."""
    taken = _tagged(sent)
    toks = sent.tokens

    def proper(j: int) -> bool:
        w = _first_word(sent, toks[j])
        return j not in taken and w is not None and w.upos == "PROPN" and w.text[:1].isupper()

    found = []
    i = 0
    while i < len(toks) - 1:
        j = i + 1
        if toks[i].text.lower() in HONORIFICS and i not in taken:
            while j < len(toks) and proper(j):
                j += 1
            if j > i + 1:
                found.append((i, j - 1, "PERSON"))
                i = j
                continue
        i += 1
    return found


def propagate_names(doc: ParsedDocument) -> ParsedDocument:
    """The document with untagged repeats of its tagged names tagged too (see the module doc)."""
    titled = [_titled_people(sent) for sent in doc.sentences]
    if any(titled):
        pairs = zip(doc.sentences, titled, strict=True)
        doc = replace(doc, sentences=tuple(_tag(s, found, doc.text) if found else s for s, found in pairs))
    keys, acronyms = _keys(doc)
    if not keys:
        return doc
    longest = max(len(k) for k in keys)
    per_sentence = [_repeats(sent, keys, acronyms, longest) for sent in doc.sentences]
    repeats = Counter(key for found in per_sentence for _, _, key in found)
    # an acronym the text defines is a name by the writer's word, however rarely the model tagged it
    trusted = {key for key, n in repeats.items() if key in acronyms or keys[key][1] / (keys[key][1] + n) >= MIN_SHARE}
    if not trusted:
        return doc
    out = []
    for sent, found in zip(doc.sentences, per_sentence, strict=True):
        spans = [(a, b, keys[key][0]) for a, b, key in found if key in trusted]
        out.append(_tag(sent, spans, doc.text) if spans else sent)
    return replace(doc, sentences=tuple(out))
