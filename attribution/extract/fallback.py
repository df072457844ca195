"""Verbs of saying that the parse lost, found again on the surface.

A compact model tags "say" in "Six in 10 say he is decisive" as a noun, makes
"close" the root of "sources close to her campaign say ...", or hangs the
reported clause anywhere; :mod:`.cues` then finds no attribution although the
sentence plainly reports speech. This pass looks only at word forms that are
verbs of saying in practically every use ("said", "says", "told"), and only
where no cue was found at that word, and reads the source and content off
the word order:

- source: the noun phrase right before the verb, back to the sentence start
  or a clause boundary (the same helpers :mod:`.cues` uses when the parse
  gives a verb no subject);
- content: the words after the verb (after "that" when a prepositional phrase
  or an addressee comes first), or, for a bare "Weaver said." that a sentence
  splitter cut off its quotation, the quotation that ends the sentence before.
"""

from __future__ import annotations

from attribution.extract import tree
from attribution.extract.cues import Found, _content_span_words, _name_before, _stretch_before
from attribution.extract.lexicon import Lexicon
from attribution.extract.quotes import Quote
from attribution.model import Cue, ParsedDocument, Sentence

#: verb forms of saying that are (almost) never nouns or adjectives, with their lemma
FORMS = {
    "say": "say",
    "says": "say",
    "said": "say",
    "saying": "say",
    "tells": "tell",
    "told": "tell",
    "adds": "add",
    "added": "add",
    "wrote": "write",
    "writes": "write",
    "argued": "argue",
    "argues": "argue",
    "insisted": "insist",
    "insists": "insist",
    "explained": "explain",
    "stated": "state",
    "announced": "announce",
    "acknowledged": "acknowledge",
    "admitted": "admit",
    "warned": "warn",
    "warns": "warn",
    "tweeted": "tweet",
    "asked": "ask",
    "suggested": "suggest",
    "predicted": "predict",
    "believes": "believe",
    "believed": "believe",
    "thinks": "think",
}
#: words before the verb that make it something else ("their say", "the said", "to say")
_NOT_AFTER = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "my",
    "our",
    "your",
    "to",
    "be",
    "been",
    "being",
    "is",
    # relative clauses are the parse's to read ("voters who said ..." may define a poll group)
    "who",
    "which",
    "that",
}
#: the words a split-off tail may hold besides its source and verb ("Weaver said.")
_TAIL_MAX = 8


def find_missed(
    doc: ParsedDocument, sent: Sentence, found: list[Found], quotes: list[Quote], lex: Lexicon
) -> list[Found]:
    """Attributions at verbs of saying in ``sent`` that no parse pattern produced."""
    text = doc.text
    taken = {f.cue_word for f in found if f.sentence == sent.index}
    spans = [(f.cue.span.start, f.cue.span.end) for f in found if f.sentence == sent.index]
    claimed = {i for f in found if f.sentence == sent.index and f.source_sentence == sent.index for i in f.source_words}
    out: list[Found] = []
    for w in sent.words:
        lemma = FORMS.get(w.text.lower())
        if lemma is None or w.index in taken or w.index in claimed or w.index < 2:
            continue
        if any(s < w.end and w.start < e for s, e in spans):
            continue
        if any(q.inner.start <= w.start and w.end <= q.inner.end for q in quotes):
            continue  # inside somebody's quotation
        prev = sent.word(w.index - 1)
        if prev.text.lower() in _NOT_AFTER or prev.xpos in ("PRP$", "POS", "DT", "TO", "MD"):
            continue
        if prev.text in tree.QUOTE_CHARS or prev.upos == "PUNCT" and prev.text not in (",",):
            continue  # after a quotation the tail reading of :mod:`.cues` decides
        source = _source_before(sent, w.index, lex)
        if not source:
            continue
        content = _content_after(text, sent, w.index)
        direct = False
        form = "verb"
        if not content:
            content = _split_tail(doc, sent, w.index, source, quotes)
            direct = bool(content)
            form = "quote" if direct else form
        if not content:
            content = _content_before(text, sent, w.index, source)
            form = "inverted" if content else form
        if not content:
            continue
        cue = Cue(
            tree.make_span(text, w.start, w.end), lemma, lex.verb_category(lemma) or "speech", lex.is_loaded(lemma)
        )
        out.append(
            Found(
                sentence=sent.index,
                cue=cue,
                cue_word=w.index,
                source_words=source,
                content=content,
                form=form,
                direct=direct,
                notes={"surface": True},
            )
        )
        taken.add(w.index)
    return out


def _source_before(sent: Sentence, index: int, lex: Lexicon) -> list[int]:
    words = _segments_before(sent, index, lex) or _name_before(sent, index, lex) or _stretch_before(sent, index)
    if not words:
        words = _counted_before(sent, index)
    if not words or not any(
        sent.word(i).upos in ("NOUN", "PROPN", "PRON", "NUM") or _name_like(sent.word(i)) for i in words
    ):
        return []
    return words


#: hard clause boundaries for a source read off the surface
_HARD = {";", ":", "(", ")", "\u2014", "\u2013", "--"}
#: words a tagger may call verbs inside a source mention ("sources close to ...")
_MENTION_VERBS = {"close", "familiar", "involved", "briefed", "knowledgeable", "based", "led", "named"}
_TIME_WORDS = {
    "yesterday",
    "today",
    "tonight",
    "now",
    "then",
    "later",
    "earlier",
    "meanwhile",
    "however",
    "still",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


def _segments_before(sent: Sentence, index: int, lex: Lexicon) -> list[int]:
    """The mention before a verb of saying, comma-separated parts included: "One
    Republican hopeful, Carly Fiorina, says", "In a statement, her senior policy
    adviser, Jake Sullivan, said:" (the adverbial opening is no part of it)."""
    start = 1
    for w in sent.words[: index - 1]:
        if w.text in _HARD or w.text in tree.QUOTE_CHARS:
            start = w.index + 1
    segments: list[list[int]] = [[]]
    for i in range(start, index):
        if sent.word(i).text == ",":
            segments.append([])
        else:
            segments[-1].append(i)
    if not segments[-1]:
        segments.pop()  # "X, a Y, said": the comma before the verb closes an appositive
        if not segments or not segments[-1]:
            return []
        if len(segments) < 2:
            return []
    taken: list[list[int]] = []
    for seg in reversed(segments):
        if not _mention_part(sent, seg, lex, first=not taken):
            break
        taken.insert(0, seg)
        if len(taken) == 3:
            break
    if not taken:
        return []
    words = list(range(taken[0][0], taken[-1][-1] + 1))
    while (
        len(words) > 1 and sent.word(words[0]).upos in ("ADV", "CCONJ") or (words and sent.word(words[0]).text == ",")
    ):
        words = words[1:]
    return words if len(words) <= 24 else []


def _mention_part(sent: Sentence, seg: list[int], lex: Lexicon, first: bool) -> bool:
    if not seg or len(seg) > 14:
        return False
    ws = [sent.word(i) for i in seg]
    body = [w for w in ws if w.upos not in ("CCONJ", "ADV")] or ws
    if body[0].upos in ("ADP", "SCONJ") or body[0].text.lower() in _TIME_WORDS:
        return False  # "In a statement", "After the vote", "Yesterday"
    for k, w in enumerate(ws):
        if w.upos in ("AUX", "SCONJ") or w.deprel == "mark":
            return False
        if w.upos == "VERB" and w.text.lower() not in _MENTION_VERBS and "VerbForm=Fin" in w.feats:
            # "another unaligned Iowa strategist": a tagger's finite verb between a determiner
            # and a noun is an adjective; anywhere else it makes the part a clause
            prenominal = 0 < k < len(ws) - 1 and ws[k - 1].upos in ("DET", "ADJ", "ADV", "NUM")
            if not (prenominal and ws[k + 1].upos in ("NOUN", "PROPN", "ADJ")) and not _name_like(w):
                return False
    if all(w.text.lower() in _TIME_WORDS or w.upos in ("ADV", "CCONJ") for w in ws):
        return False
    if first:
        return any(w.upos in ("NOUN", "PROPN", "PRON", "NUM") or _name_like(w) for w in ws)
    # an earlier part joins only as a name, a title or an age: "Carly Fiorina", "35"
    return any(w.upos == "PROPN" or _name_like(w) or w.lemma.lower() in lex["role_nouns"] for w in ws) or all(
        w.upos == "NUM" for w in ws
    )


def _name_like(w) -> bool:
    """A capitalised word inside the sentence that the tagger called a verb or adjective:
    a compact tagger does that to unfamiliar surnames ("Like a family member, Ebeling said")."""
    return w.index > 1 and w.text[:1].isupper() and w.text[1:].islower() and w.upos in ("VERB", "ADJ", "NOUN")


def _counted_before(sent: Sentence, index: int) -> list[int]:
    """ "Six in 10 say", "About 4 in 10 say", "55 percent said": a poll share as source."""
    start = index - 1
    while start > 1 and sent.word(start - 1).text not in (",", ";", ":") and index - start < 6:
        start -= 1
    words = list(range(start, index))
    while words and sent.word(words[0]).upos in ("ADV", "CCONJ", "SCONJ") and len(words) > 1:
        words = words[1:]
    if words and any(sent.word(i).upos == "NUM" for i in words):
        if not any(sent.word(i).upos in ("VERB", "AUX") for i in words):
            return words
    return []


def _content_after(text: str, sent: Sentence, index: int) -> list:
    """What was said, from the words after the verb."""
    rest = [w for w in sent.words if w.index > index]
    # "said on Twitter that", "told reporters that", "said — on Twitter, as it happens — that"
    that = next(
        (k for k, w in enumerate(rest[:15]) if w.text.lower() == "that" and (w.upos == "SCONJ" or w.deprel == "mark")),
        None,
    )
    if that is not None and not any(w.upos in ("VERB", "AUX") and w.text.lower() not in FORMS for w in rest[:that]):
        rest = rest[that + 1 :]
    elif rest and rest[0].text == ":":
        rest = rest[1:]
    elif len(rest) > 1 and rest[0].text == "," and rest[1].text in tree.QUOTE_CHARS:
        rest = rest[1:]  # 'said, "No."'
    elif rest and (rest[0].upos in ("ADP", "PRON", "PROPN", "DET") or rest[0].text.lower() in ("so", "this", "it")):
        # "said so in December", "told CNBC in August": nothing said in this sentence
        if not any(w.upos in ("VERB", "AUX") for w in rest) or rest[0].text.lower() in ("so",):
            return []
    words = [w.index for w in rest]
    while words and (sent.word(words[-1]).upos == "PUNCT" and sent.word(words[-1]).text not in tree.QUOTE_CHARS):
        words.pop()
    if not any(sent.word(i).upos in ("VERB", "AUX", "ADJ") for i in words) and not any(
        sent.word(i).text in tree.QUOTE_CHARS for i in words
    ):
        return []
    return _content_span_words(text, sent, words)


def _content_before(text: str, sent: Sentence, index: int, source: list[int]) -> list:
    """ "Seeing his brother suffer led him to avoid alcohol, he said.": the source and verb
    close the sentence after a comma, and what was said is everything before that comma
    (or before it from the last colon or quotation mark)."""
    rest = [w for w in sent.words if w.index > index]
    if any(w.upos != "PUNCT" or w.text in tree.QUOTE_CHARS for w in rest):
        return []
    first = min(source)
    if first < 3 or sent.word(first - 1).text != ",":
        return []
    start = 1
    for w in sent.words[: first - 2]:
        if w.text in (":", ";") or w.text in tree.QUOTE_CHARS:
            start = w.index + 1
    words = list(range(start, first - 1))
    if not any(sent.word(i).upos in ("VERB", "AUX") for i in words):
        return []
    return _content_span_words(text, sent, words)


def _split_tail(doc: ParsedDocument, sent: Sentence, index: int, source: list[int], quotes: list[Quote]) -> list:
    """ "Weaver said." standing alone after a sentence that ends with a quotation; an
    addressee or a time may follow the verb ("Todd asked the mogul.", "he told CNN on Monday.")."""
    body = [w for w in sent.words if w.upos != "PUNCT"]
    if len(body) > _TAIL_MAX or sent.index == 0:
        return []
    after = [w for w in body if w.index > index]
    if any(w.upos not in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "ADP") for w in after):
        return []
    if any(w.text in tree.QUOTE_CHARS for w in sent.words if w.index > index):
        return []
    prev = doc.sentences[sent.index - 1]
    if prev.paragraph != sent.paragraph:
        return []
    end = prev.end
    q = next((q for q in quotes if q.outer.start >= prev.start and prev.end - 2 <= q.outer.end <= end + 1), None)
    if q is None:
        return []
    group = [p for p in quotes if p.group == q.group]
    return [group[0].outer if len(group) == 1 else q.outer]
