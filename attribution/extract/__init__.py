"""The extraction stage: a parsed document in, attributions and claims out.

It reads only the frozen data model (never stanza), so it runs on cached
CoNLL-U parses as well as on fresh ones. The steps, each in its own module, in the order :func:`extract` runs them:

1. :mod:`.quotes` finds quotation spans in the raw text;
2. :mod:`.cues` finds cue verbs, inverted and relative-clause cues and
   according-to phrases with their grammatical source and content;
   :mod:`.surface` finds speaker labels and dashes, and :mod:`.fallback` the
   verbs of saying the parse lost (cues that only explain anonymity, "asked
   not to be named", are dropped by :mod:`.anonymity`);
3. :mod:`.content` gives "X said:" the quote that follows; :mod:`.coref`
   lends subjects to subjectless cues ("..., describing ...");
4. :mod:`.classify` gives each source a kind and its attributes;
5. :mod:`.content` widens content over whole quotes and marks direct speech;
6. :mod:`.coref` adds continuation sentences and resolves pronouns, relative
   pronouns and definite descriptions; :mod:`.content` gives speakerless quote
   paragraphs to the last speaker (or none: an orphan quote);
7. :mod:`.parties` marks interested parties, :mod:`.anonymity` links stated
   reasons for anonymity;
8. :mod:`.learned` (the learned pass, after the rules: :func:`rule_pass`, then
   :func:`learned_pass`) adds cues from PolNeAR's long tail at content words the rules
   left, scored by a model trained on what the rules miss, and its veto drops the rules'
   attributions that a second model, trained on the rules' errors, scores low;
9. :mod:`.claims` turns every sentence into a claim or says why it is none.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from attribution.extract import anonymity, content, coref, learned, parties, tree
from attribution.extract.claims import build_claims, not_claim_reason
from attribution.extract.classify import classify, person_names
from attribution.extract.cues import Found, find_cues
from attribution.extract.fallback import as_clauses, comma_parentheticals, find_missed, poll_stances
from attribution.extract.lexicon import Lexicon, LexiconError, default_lexicon, load_lexicon
from attribution.extract.quotes import find_quotes
from attribution.extract.surface import find_surface
from attribution.model import Attribution, Extraction, ParsedDocument, SourceKind


def extract(
    doc: ParsedDocument, lexicon: Lexicon | None = None, learned_cues: bool | learned.CueModel = True
) -> Extraction:
    """Attributions and claims of one parsed document, ids in text order.

    ``learned_cues=False`` leaves out the learned second pass (:mod:`.learned`): the
    rules alone, which is what that pass is trained on top of; a :class:`~.learned.CueModel`
    is used instead of the shipped one (training scores its folds that way)."""
    lex = lexicon or default_lexicon()
    rules = rule_pass(doc, lex)
    model = learned.load_model() if learned_cues is True else (learned_cues or None)
    found = rules.found
    if model is not None:
        scored = learned.score_candidates(doc, rules.found, model, rules.quotes, lex)
        found = learned.veto(doc, rules.found, model, rules.quotes) + learned_pass(doc, rules, lex, scored)
    attributions = _freeze(found)
    claims = build_claims(doc, attributions, rules.notes, lex)
    return Extraction(attributions=tuple(attributions), claims=tuple(claims))


@dataclass
class RulePass:
    """What the rules found in a document, with what the learned pass needs to go on."""

    found: list[Found]
    notes: set[int]  # sentences that only explain a source's anonymity
    quotes: list
    people: frozenset[str]


def rule_pass(doc: ParsedDocument, lex: Lexicon) -> RulePass:
    """The rule-based extraction, steps 1-7 of the module docstring."""
    text = doc.text
    quotes = find_quotes(text)
    found: list[Found] = []
    for sent in doc.sentences:
        found.extend(find_cues(text, sent, lex))
    found.extend(find_surface(doc, quotes, lex))
    by_sentence: dict[int, list[Found]] = {}
    for f in found:
        by_sentence.setdefault(f.sentence, []).append(f)
    for sent in doc.sentences:
        found.extend(find_missed(doc, sent, by_sentence.get(sent.index, []), quotes, lex))
        found.extend(as_clauses(doc, sent, found, lex))
        found.extend(comma_parentheticals(doc, sent, found, lex))
        found.extend(poll_stances(doc, sent, found, quotes, lex))
    explaining = [f for f in found if anonymity.inside_anonymity_phrase(doc, f, lex)]
    for d in explaining:
        # "An adviser who asked not to be named ... said ...": the explained one is the speaker
        for g in found:
            if g.sentence == d.sentence and g.cue.span.start > d.cue.span.start and not g.source_words:
                sent = doc.sentences[d.sentence]
                words = [i for i in d.source_words if sent.word(i).text.lower() not in ("who", "which", "that")]
                if words:
                    g.source_words, g.form, g.inherit_subject_from = words, "verb", 0
    found = [f for f in found if f not in explaining and not _in_discourse_phrase(doc, f, lex)]
    for f in found:
        _drop_dateline(doc, f)
    found = [f for f in found if not _quoted_cue(f, quotes)]
    found = content.fill_awaited(text, found, quotes, doc)
    found = coref.borrow_subjects(doc, found, lex)
    for f in found:
        _drop_dateline(doc, f)  # a borrowed subject may be a dateline too
    people = person_names(doc, lex)
    for f in found:
        sent = doc.sentences[f.source_sentence]
        f.source = classify(text, sent, f.source_words, lex, people)
    for f in found:
        if (
            f.form == "verb"
            and f.source is not None
            and f.source.kind == SourceKind.DOCUMENT
            or (f.form == "verb" and f.source is not None and _nominal_head(doc, f, lex))
        ):
            f.form = "nominal"  # "A statement from the ministry said", "Estimates say"
    content.expand_to_quotes(text, found, quotes)
    content.mark_direct(found, quotes)
    found.extend(coref.continuations(doc, found, lex))
    coref.resolve(doc, found, lex)
    found.extend(content.floating_quotes(doc, found, quotes))
    found = _dedupe(found)
    found = _drop_nested_attitudes(doc, found)
    parties.mark_interested(doc, found, lex)
    notes = anonymity.link_reasons(doc, found, lex)
    found = [f for f in found if not _in_furniture(doc, f, lex)]
    return RulePass(found, notes, quotes, people)


def learned_pass(
    doc: ParsedDocument, rules: RulePass, lex: Lexicon, scored: list[learned.Scored], threshold: float | None = None
) -> list[Found]:
    """New attributions at the candidate words scored at or above the threshold (the
    model's own unless given), classified and resolved like the rules' own; the rules'
    attributions are read, never changed."""
    # "asked not to be named", "did not respond to a request for comment": phrases the rules
    # read as notes on a source or a claim, never as attributions
    extra = [
        f
        for f in learned.find_learned(doc, scored, lex, threshold)
        if not _in_furniture(doc, f, lex)
        and not anonymity.inside_anonymity_phrase(doc, f, lex)
        and not _in_phrase(doc, f, lex["declined_comment_phrases"])
        and not _in_discourse_phrase(doc, f, lex)
        and not _quoted_cue(f, rules.quotes)
        and not learned.rules_reject(doc.sentences[f.sentence], f, lex, learned.confident(f))
    ]
    for f in extra:
        _drop_dateline(doc, f)
        f.source = classify(doc.text, doc.sentences[f.source_sentence], f.source_words, lex, rules.people)
    # "Mud covered the square": a learned cue whose subject cannot speak reports an event
    # (unless the model is confident: it read more of the context than that test does)
    extra = [f for f in extra if learned.confident(f) or learned.can_speak(doc.sentences[f.source_sentence], f, lex)]
    content.mark_direct(extra, rules.quotes)
    coref.resolve(doc, extra, lex, earlier=rules.found)
    # "Half said they want a change": a belief reported inside what was said, as for the rules
    kept = _drop_nested_attitudes(doc, rules.found + extra)
    return [f for f in extra if any(f is k for k in kept)]


_DASHES = ("\u2014", "\u2013", "--", "-")


def _dateline_end(sent) -> int:
    """Index of the dash that closes a dateline opening the sentence ("WASHINGTON (AP) —",
    "PARIS, Aug 31 (Reuters) -"), or 0 when the sentence has none."""
    words = sent.words
    if not words or not (words[0].text.isupper() and sum(c.isalpha() for c in words[0].text) >= 2):
        return 0
    for w in words[1:12]:
        if w.text in _DASHES:
            return w.index
        if w.upos == "VERB":
            return 0
    return 0


def _drop_dateline(doc: ParsedDocument, f: Found) -> None:
    """A compact parse may make the dateline the subject ("WASHINGTON (AP) — A news report
    said"): the source is then the words between the dateline's dash and the cue."""
    if f.source_sentence != f.sentence or not f.source_words or not f.cue_word:
        return
    sent = doc.sentences[f.sentence]
    dash = _dateline_end(sent)
    if not dash or min(f.source_words) > dash or f.cue_word <= dash:
        return
    after = [i for i in f.source_words if i > dash]
    if not after:
        for i in range(dash + 1, f.cue_word):  # the noun phrase after the dash, up to a verb
            if sent.word(i).upos in ("VERB", "AUX"):
                break
            after.append(i)
        after = tree.trim(sent, after, keep_quotes=False)
    if after and any(sent.word(i).upos in ("NOUN", "PROPN", "PRON") for i in after):
        f.source_words = after


def _in_discourse_phrase(doc: ParsedDocument, f: Found, lex: Lexicon) -> bool:
    """ "That said, ...", "Needless to say, ...": set phrases whose cue word reports nothing;
    and "say" set off by commas with no subject of its own ("better than, say, a tax cut"),
    which gives an example."""
    return _in_phrase(doc, f, lex["discourse_phrases"]) or _say_for_example(doc.sentences[f.sentence], f)


def _say_for_example(sent, f: Found) -> bool:
    if not f.cue_word or f.cue_word in (1, len(sent.words)):
        return False
    word = sent.word(f.cue_word)
    return (
        word.text.lower() == "say"
        and sent.word(f.cue_word - 1).text == ","
        and sent.word(f.cue_word + 1).text == ","
        and not any(w.head == word.index and w.deprel.startswith("nsubj") for w in sent.words)
    )


def _in_phrase(doc: ParsedDocument, f: Found, phrases) -> bool:
    """The cue lies inside one of the ``phrases`` (whole words, any case) in its sentence."""
    sent = doc.sentences[f.sentence]
    low = doc.text[sent.start : sent.end].lower()
    for phrase in phrases:
        for m in regex.finditer(r"\b" + regex.escape(phrase) + r"\b", low):
            if sent.start + m.start() <= f.cue.span.start < sent.start + m.end():
                return True
    return False


def _nominal_head(doc: ParsedDocument, f: Found, lex: Lexicon) -> bool:
    sent = doc.sentences[f.source_sentence]
    if not f.source_words:
        return False
    inside = set(f.source_words)
    head = next((i for i in f.source_words if sent.word(i).head not in inside), f.source_words[0])
    return sent.word(head).lemma.lower() in lex["nominal"]


def _quoted_cue(f: Found, quotes: list) -> bool:
    """A cue inside someone's quotation ("“I think he is right,” she said") is part of
    what the quoted speaker said, not an attribution of the article's own."""
    return any(q.inner.start <= f.cue.span.start and f.cue.span.end <= q.inner.end for q in quotes)


def _in_furniture(doc: ParsedDocument, f: Found, lex: Lexicon) -> bool:
    """Bylines, credit lines and datelines report nothing ("Ahmed reported from ...");
    a headline may ("Pence: Flowers won't be at debate") and keeps its attribution."""
    reason = not_claim_reason(doc, doc.sentences[f.sentence], lex)
    return reason in ("credit", "byline", "dateline")


def _dedupe(found: list[Found]) -> list[Found]:
    """One attribution per cue word (a cue can be reached by two patterns)."""
    seen: set[tuple[int, int, int]] = set()
    out: list[Found] = []
    for f in sorted(found, key=lambda g: (g.sentence, g.cue.span.start, g.form == "quote")):
        key = (f.sentence, f.cue.span.start, f.cue.span.end)
        if key in seen and f.form != "quote":
            continue
        seen.add(key)
        out.append(f)
    return out


_COORDINATED = regex.compile(r"[,;]\s*(?:and|but|while|whereas)\b|;")

#: relations by which a clause is what a cue verb says, thinks or wants ("said [that ...]",
#: "urged them [to ...]", "denied [the report]"); an adverbial ("added, while also *saying*
#: ...") or a coordinated verb is an act of its own
_COMPLEMENT_RELS = frozenset({"ccomp", "xcomp", "csubj", "obj"})


def _drop_nested_attitudes(doc: ParsedDocument, found: list[Found]) -> list[Found]:
    """An attribution reported inside what another one says is part of that content, not an
    attribution of the article's own: "Half said they *want* a change", "Carter said critics
    had been *predicting* a withdrawal", "he hopes Americans *consider* moving". PolNeAR
    annotates none (no gold cue of train's 19,833 or dev's 2,192 lies inside another
    attribution's content), and a report that lists them credits the outer speaker's words
    to someone the article only quotes second-hand.

    A belief or wish inside the content is dropped wherever it stands; any other cue (never
    "according to") only when it heads a clause the outer cue takes as its complement, or
    the outer cue is "according to": the rules' content may run wider than the complement
    ("he added, while also saying ..."). A coordinated clause with its own subject (", and
    Pakistan also wants ...") is no part of the content. Two attributions inside each
    other's content (both too wide) are both kept, and so is one whose source is the outer
    one's ("The union said the strike would continue, *citing* safety concerns"): the
    speaker going on, not someone reported."""
    inside = {
        (id(g), id(f))
        for g in found
        for f in found
        if f is not g and f.sentence == g.sentence and _nested_in(doc, g, f)
    }
    return [
        g for g in found if not any((id(g), id(f)) in inside and (id(f), id(g)) not in inside for f in found)
    ]


def _nested_in(doc: ParsedDocument, g: Found, f: Found) -> bool:
    """``g`` is reported inside what ``f`` says (same sentence assumed)."""
    if g.cue.category == "according_to":
        return False
    if not any(c.start <= g.cue.span.start and g.cue.span.end <= c.end for c in f.content):
        return False
    if g.source_words and (g.source_sentence, set(g.source_words)) == (f.source_sentence, set(f.source_words)):
        return False  # "The union said the strike would continue, citing safety concerns": one speaker goes on
    sent = doc.sentences[g.source_sentence]
    own = [sent.word(i).start for i in g.source_words] if g.source_sentence == g.sentence else []
    start = min([g.cue.span.start, *own])
    between = (f.cue.span.end, start) if f.cue.span.end <= start else (g.cue.span.end, f.cue.span.start)
    if _COORDINATED.search(doc.text, *between):
        return False
    if g.cue.category in ("thought", "intention"):
        return True
    if f.cue.category == "according_to":
        # "Prices fell, according to exchange data, after the smelter *said* ...": a clause of
        # time or cause is the article's own narrative, not what the data report
        inner = doc.sentences[g.sentence]
        # "after" read as a preposition, before the subject or inside its mention
        lead = [w for w in inner.words if w.end <= start][-1:] + [w for w in inner.words if w.start == start]
        opened = any(w.text.lower() in _NARRATIVE_MARKS for w in lead)
        return not (opened or _in_adverbial_clause(inner, g.cue_word))
    return _in_complement(doc.sentences[g.sentence], f.cue_word, g.cue_word)


#: subordinators of a clause of time or cause
_NARRATIVE_MARKS = frozenset({"after", "before", "when", "since", "because", "as", "while", "until", "once"})


def _in_adverbial_clause(sent, word: int) -> bool:
    """Word ``word`` lies in (or heads) a clause of time or cause ("after X said ...")."""
    seen: set[int] = set()
    i = word
    while i and i not in seen:
        seen.add(i)
        w = sent.word(i)
        if w.deprel.split(":")[0] == "advcl" and any(
            k.head == i and k.deprel == "mark" and k.lemma.lower() in _NARRATIVE_MARKS for k in sent.words
        ):
            return True
        i = w.head
    return False


def _in_complement(sent, outer: int, inner: int) -> bool:
    """Word ``inner`` lies in a clause that word ``outer`` takes as a complement."""
    if not outer or not inner:
        return True  # a cue with no word (a speaker label, a dash): the content is all there is
    seen: set[int] = set()
    i, below = inner, 0
    while i and i not in seen:
        if i == outer:
            return bool(below) and sent.word(below).deprel.split(":")[0] in _COMPLEMENT_RELS
        seen.add(i)
        i, below = sent.word(i).head, i
    return False


def _freeze(found: list[Found]) -> list[Attribution]:
    ordered = sorted(
        found, key=lambda f: (f.sentence, min([f.cue.span.start] + [c.start for c in f.content if f.form == "quote"]))
    )
    return [
        Attribution(
            id=f"a{i}",
            cue=f.cue,
            source=f.source,
            content=tuple(f.content),
            form=f.form,
            direct=f.direct,
            sentence=f.sentence,
        )
        for i, f in enumerate(ordered, start=1)
    ]


__all__ = ["Lexicon", "LexiconError", "RulePass", "extract", "learned_pass", "load_lexicon", "rule_pass"]
