"""Who is "he", "they", "the officials"? Link source mentions to earlier ones.

- subjectless cues borrow the subject of the cue they hang off
  ("said X, describing ...", "X said ... and added ...");
- relative pronouns ("who said") point to the noun the clause modifies;
- personal pronouns ("He added", "They said") take the nearest earlier source
  of compatible number within a few paragraphs;
- definite descriptions ("the three security officials") take the nearest
  earlier source with the same head noun, filling ``resolved_from``;
- continuation: a later sentence of the same paragraph whose subject is such a
  description ("although the officials gave no details") is attributed to the
  same source (form ``continuation``).
"""

from __future__ import annotations

from dataclasses import replace

from attribution.extract import tree
from attribution.extract.classify import PLURAL_PRONOUNS, SINGULAR_PRONOUNS, classify, head_of
from attribution.extract.cues import SUBJECT_RELS, Found, controller, source_words_of, subjects_mention
from attribution.extract.lexicon import Lexicon
from attribution.model import Cue, ParsedDocument, Sentence, Source, SourceKind, Span

#: how many paragraphs back a pronoun or description may look for its antecedent
PRONOUN_WINDOW = 3
DESCRIPTION_WINDOW = 8
PERSONAL = SINGULAR_PRONOUNS | PLURAL_PRONOUNS | {"it", "its"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}


def borrow_subjects(doc: ParsedDocument, found: list[Found], lex: Lexicon | None = None) -> list[Found]:
    """Give subjectless cues (advcl/xcomp/conj) the source of the cue they depend on, or,
    for an infinitive a verb like "lead" or "let" controls through its object, that object
    (with ``lex``); drop them when there is none."""
    kept: list[Found] = []
    for f in found:
        if f.source_words or not f.inherit_subject_from:
            kept.append(f)
            continue
        sent = doc.sentences[f.sentence]
        head = f.inherit_subject_from
        governing = next((g for g in found if g.sentence == f.sentence and g.cue_word == head), None)
        if governing is not None and sent.word(f.cue_word).deprel == "xcomp":
            continue  # "wants Tehran to deny ...": part of what is wanted, no attribution of its own
        if lex is not None and (ctl := controller(sent, sent.word(f.cue_word), lex)):
            f.source_words = ctl  # "The victory led Priebus to declare ...": Priebus declares
            kept.append(f)
            continue
        donor = next((g for g in found if g.sentence == f.sentence and g.cue_word == head and g.source_words), None)
        if donor is None:
            # "..., said X, describing ...": the nearest earlier cue of the sentence
            earlier = [
                g
                for g in found
                if g.sentence == f.sentence and g.cue_word and g.cue_word < f.cue_word and g.source_words
            ]
            donor = earlier[-1] if earlier else None
        if donor is not None:
            f.source_words = list(donor.source_words)
        else:
            # "they reversed themselves, rushed everyone inside and said ...": up a chain of
            # conjoined verbs to the one that has the subject; "She went on to attack X,
            # saying ...": up a controlled verb (xcomp) to its controller's subject; and from a
            # participle up the clause it modifies ("..., sinking his teeth into Rubio and
            # vouching for Trump")
            subj = _subject_up(sent, head, 4, _in_clause_chain)
            if not subj and sent.word(f.cue_word).deprel == "conj":
                # a passive verb's subject is the subject of the verbs conjoined with it too
                # ("Police officials were angered by the deal and predicted ..."); not so for a
                # raised or controlled infinitive ("she is expected to claim ...")
                subj = _subject_up(sent, head, 4, lambda w: w.deprel == "conj", (*SUBJECT_RELS, "nsubj:pass"))
            cue = sent.word(f.cue_word)
            if not subj and cue.xpos == "VBG" and cue.index > 1 and sent.word(cue.index - 1).text == ",":
                # "Petrilli tied those scores to improved rates, saying ...": a participle after
                # a comma speaks with the subject of the clause it closes, however deep the
                # parse hung it (here off "improved", a modifier of "scores")
                subj = _subject_up(sent, head, 5, lambda w: True)
            if not subj:
                continue
            f.source_words = subjects_mention(sent, [w.index for w in subj])
        kept.append(f)
    return kept


def _in_clause_chain(w) -> bool:
    """Relations a borrowed subject is looked for across: conjoined and controlled verbs, and
    a participle's adverbial clause."""
    rel = w.deprel.split(":")[0]
    return rel in ("conj", "xcomp") or (rel == "advcl" and w.xpos == "VBG")


def _subject_up(sent: Sentence, start: int, steps: int, climbs, rels: tuple[str, ...] = SUBJECT_RELS) -> list:
    """The subjects of word ``start`` or, while it has none and ``climbs(word)`` allows,
    of its heads, at most ``steps`` words up."""
    hop = sent.word(start)
    subj = [w for w in tree.children(sent, hop.index) if w.deprel in rels]
    for _ in range(steps):
        if subj or not hop.head or not climbs(hop):
            break
        hop = sent.word(hop.head)
        subj = [w for w in tree.children(sent, hop.index) if w.deprel in rels]
    return subj


def _head_word(doc: ParsedDocument, f: Found):
    sent = doc.sentences[f.source_sentence]
    return sent.word(head_of(sent, f.source_words))


def resolve(doc: ParsedDocument, found: list[Found], lex: Lexicon, earlier: list[Found] = ()) -> None:
    """Fill kind and ``resolved_from`` of pronoun and definite-description sources of
    ``found``; ``earlier`` are attributions already resolved, candidates as antecedents only."""
    text = doc.text
    done: list[Found] = []
    for f in sorted(found, key=_position):
        if f.source is None or not f.source_words:
            done.append(f)
            continue
        sent = doc.sentences[f.source_sentence]
        head = _head_word(doc, f)
        low = head.text.lower()
        if head.xpos in ("WP", "WDT") or low in ("who", "which", "that"):
            f.source = _relative_antecedent(text, doc, f, lex) or f.source
        elif low in FIRST_PERSON and tree.is_pronoun(head):
            pass  # resolved below, once the quote's own speaker is known
        elif low in PERSONAL and tree.is_pronoun(head):
            ante = _pronoun_antecedent(doc, _before(earlier, done, f), f, low)
            if ante is not None:
                f.source = _copy(ante.source, f.source.span)
        elif any(c.lemma.lower() == "the" for c in tree.children(sent, head.index, "det")) and head.upos != "PROPN":
            ante = _description_antecedent(doc, _before(earlier, done, f), f, head.lemma.lower())
            if ante is not None:
                src = _copy(ante.source, f.source.span)
                f.source = replace(src, count=f.source.count or src.count, role=f.source.role or src.role)
        elif head.upos == "NOUN" and _possessed_by_pronoun(sent, head.index):
            # "Their governments": the bodies of the places or groups just mentioned
            owner = _possessor_antecedent(text, doc, f, lex)
            if owner is not None:
                f.source = replace(f.source, resolved_from=owner)
        elif head.upos == "NOUN" and f.form == "relative":
            # "whose members say": the members of the noun the relative clause modifies
            owner = _relcl_owner(text, doc, f)
            if owner is not None:
                f.source = replace(f.source, resolved_from=owner)
        done.append(f)
    for f in found:
        if f.source is None or f.source.span is None or not f.source_words:
            continue
        head = _head_word(doc, f)
        if head.text.lower() in FIRST_PERSON and tree.is_pronoun(head):
            speaker = _quote_speaker(found, f)
            if speaker is not None and speaker.source is not None:
                f.source = _copy(speaker.source, f.source.span)


def _position(f: Found) -> tuple[int, int]:
    return (f.sentence, f.cue.span.start)


def _before(earlier: list[Found], done: list[Found], f: Found) -> list[Found]:
    """The attributions before ``f`` in text order: those resolved in this call and the
    ``earlier`` ones (from a previous call) that stand before it."""
    if not earlier:
        return done
    return sorted([g for g in earlier if _position(g) < _position(f)] + done, key=_position)


def _quote_speaker(found: list[Found], f: Found) -> Found | None:
    """The attribution whose quoted content holds this first-person mention."""
    assert f.source is not None and f.source.span is not None
    at = f.source.span
    for g in found:
        if g is f or not g.direct or g.source is None:
            continue
        if g.source.span is not None and g.source.span.text.lower() in FIRST_PERSON:
            continue
        if any(c.start <= at.start and at.end <= c.end for c in g.content):
            return g
    return None


def _possessed_by_pronoun(sent, index: int) -> bool:
    return any(c.deprel == "nmod:poss" and c.text.lower() in ("their", "its") for c in tree.children(sent, index))


def _possessor_antecedent(text: str, doc: ParsedDocument, f: Found, lex: Lexicon) -> Span | None:
    """The nearest earlier noun phrase (this or the previous sentence) headed by a
    country/organisation noun or a named place/organisation: "both countries"."""
    sent = doc.sentences[f.source_sentence]
    first = min(f.source_words)
    for s in (sent, doc.sentences[sent.index - 1] if sent.index else None):
        if s is None:
            continue
        cands = [
            w
            for w in s.words
            if (s is not sent or w.index < first)
            and w.upos in ("NOUN", "PROPN")
            and (w.lemma.lower() in lex["organization_nouns"] or w.ner[2:] in ("ORG", "PLACE"))
            and w.deprel not in ("compound", "flat")
        ]
        if cands:
            w = cands[-1]
            words = [i for i in tree.subtree(s, w.index) if s.word(i).deprel != "case" or s.word(i).head != w.index]
            return tree.span(text, s, tree.trim(s, words, keep_quotes=False))
    return None


def _copy(ante: Source, span: Span | None) -> Source:
    """The antecedent's source seen through a new mention; ``resolved_from`` points at
    the name when the first mention has one ("He said" -> "Tom Achebe")."""
    first = ante.resolved_from or ante.span
    if ante.resolved_from is None and ante.span is not None and ante.name and ante.name in ante.span.text:
        at = ante.span.start + ante.span.text.index(ante.name)
        first = Span(at, at + len(ante.name), ante.name)
    return replace(ante, span=span, resolved_from=first)


def _compatible(low: str, src: Source) -> bool:
    if low in SINGULAR_PRONOUNS:
        return not src.plural and src.kind in (SourceKind.NAMED_PERSON, SourceKind.ANONYMOUS, SourceKind.VAGUE)
    if low in PLURAL_PRONOUNS:
        return src.plural or src.kind == SourceKind.NAMED_ORGANIZATION
    return src.kind in (SourceKind.NAMED_ORGANIZATION, SourceKind.DOCUMENT) and not src.plural


def _pronoun_antecedent(doc: ParsedDocument, done: list[Found], f: Found, low: str) -> Found | None:
    para = doc.sentences[f.sentence].paragraph
    for g in reversed(done):
        if g.source is None or g.source.span is None:
            continue
        if para - doc.sentences[g.sentence].paragraph > PRONOUN_WINDOW:
            break
        if g.source.span.text.lower() in PERSONAL and g.source.resolved_from is None:
            continue
        if _compatible(low, g.source):
            return g
    return None


def _description_antecedent(doc: ParsedDocument, done: list[Found], f: Found, lemma: str) -> Found | None:
    para = doc.sentences[f.sentence].paragraph
    for g in reversed(done):
        if g.source is None or not g.source_words:
            continue
        if para - doc.sentences[g.sentence].paragraph > DESCRIPTION_WINDOW:
            break
        if _head_word(doc, g).lemma.lower() == lemma:
            return g
    return None


def _relcl_owner(text: str, doc: ParsedDocument, f: Found) -> Span | None:
    """The noun phrase a relative clause holding the cue modifies (by the tree, or on
    the surface: the noun right before ", whose")."""
    sent = doc.sentences[f.sentence]
    first = min(f.source_words)
    if first > 2 and sent.word(first - 1).text.lower() == "whose":
        k = first - 2
        if sent.word(k).text == "," and k > 1:
            k -= 1
        noun = sent.word(k)
        if noun.upos in ("NOUN", "PROPN"):
            words = [i for i in tree.subtree(sent, k) if i <= k]
            words = [j for j in words if not (sent.word(j).deprel == "case" and sent.word(j).head == k)]
            return tree.span(text, sent, tree.trim(sent, words, keep_quotes=False))
    i = f.cue_word
    for _ in range(len(sent.words)):  # bounded: a malformed parse may hold a cycle
        if not i:
            break
        w = sent.word(i)
        if w.deprel == "acl:relcl":
            return tree.span(text, sent, _owner_words(sent, w.head, i))
        i = w.head
    return None


def _owner_words(sent, noun: int, clause: int) -> list[int]:
    """The noun phrase a relative clause modifies, without the clause and without
    the preposition that attaches it ("to the minority, whose ..." -> "the minority")."""
    words = tree.subtree(sent, noun, exclude=[clause])
    words = [j for j in words if not (sent.word(j).deprel == "case" and sent.word(j).head == noun)]
    return tree.trim(sent, words, keep_quotes=False)


def _relative_antecedent(text: str, doc: ParsedDocument, f: Found, lex: Lexicon) -> Source | None:
    sent = doc.sentences[f.sentence]
    i = f.cue_word
    for _ in range(len(sent.words)):  # bounded: a malformed parse may hold a cycle
        if not i:
            break
        w = sent.word(i)
        if w.deprel == "acl:relcl":
            words = _owner_words(sent, w.head, i)
            src = classify(text, sent, words, lex)
            if src is None:
                return None
            return replace(src, span=f.source.span if f.source else src.span, resolved_from=src.span)
        i = w.head
    # on the surface: the noun right before ", which/who" ("the government, which has rejected ...")
    first = min(f.source_words)
    k = first - 1
    if k > 1 and sent.word(k).text == ",":
        k -= 1
    if k >= 1 and sent.word(k).upos in ("NOUN", "PROPN") and k < first:
        words = [j for j in tree.subtree(sent, k) if j <= k]
        words = [j for j in words if not (sent.word(j).deprel == "case" and sent.word(j).head == k)]
        words = tree.trim(sent, words, keep_quotes=False)
        src = classify(text, sent, words, lex) if words else None
        if src is not None and f.source is not None:
            return replace(src, span=f.source.span, resolved_from=src.span)
    return None


def continuations(doc: ParsedDocument, found: list[Found], lex: Lexicon) -> list[Found]:
    """Sentences that go on about the previous source of their paragraph by a
    definite description ("although the officials gave no details")."""
    text = doc.text
    out: list[Found] = []
    with_cue = {f.sentence for f in found}
    for sent in doc.sentences:
        if sent.index in with_cue:
            continue
        low = sent.text.lower()
        if any(p in low for p in lex["anonymity_phrases"]):
            continue
        prior = [
            f
            for f in found
            if f.sentence < sent.index
            and f.source is not None
            and f.source_words
            and doc.sentences[f.sentence].paragraph == sent.paragraph
        ]
        if not prior:
            continue
        last = max(prior, key=lambda f: (f.sentence, f.cue.span.start))
        lemma = _head_word(doc, last).lemma.lower()
        for w in sent.words:
            if w.deprel not in SUBJECT_RELS or w.lemma.lower() != lemma or w.upos != "NOUN":
                continue
            if not any(c.lemma.lower() == "the" for c in tree.children(sent, w.index, "det")):
                continue
            verb = sent.word(w.head) if w.head else None
            if verb is None or verb.head == 0:
                continue  # the description heads the sentence's own main clause: no content left
            top = verb.index
            while sent.word(top).head:
                top = sent.word(top).head
            rest = tree.trim(sent, tree.subtree(sent, top, exclude=[verb.index]))
            mark = tree.children(sent, verb.index, "mark")
            span = tree.span(text, sent, rest)
            if span is None:
                continue
            words = source_words_of(sent, w.index)
            src = classify(text, sent, words, lex)
            if src is None:
                continue
            src = _copy(last.source, src.span)
            out.append(
                Found(
                    sentence=sent.index,
                    cue=Cue(
                        tree.make_span(text, verb.start, verb.end),
                        verb.lemma.lower(),
                        lex.verb_category(verb.lemma) or "speech",
                        lex.is_loaded(verb.lemma),
                    ),
                    cue_word=verb.index,
                    source_words=words,
                    content=[span],
                    form="continuation",
                    source=src,
                    notes={"continues": last, "mark": [m.text for m in mark]},
                )
            )
            break
    return out
