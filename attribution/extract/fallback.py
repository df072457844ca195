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
from attribution.extract.cues import (
    PHRASAL_NOT_CUES,
    WEEKDAYS,
    Found,
    _content_span_words,
    _name_before,
    _stretch_before,
    cue_lemma,
    subjects_mention,
)
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
        tail_only = False
        if lemma is None and _ends_sentence(sent, w.index):
            # "..., Fox found.", "..., fundraising documents show.": any cue verb that closes
            # the sentence after a comma, read only as a source and verb after the content
            guess = cue_lemma(w, lex)
            if guess and w.upos == "VERB" and lex.verb_category(guess) in ("speech", "writing", "thought"):
                lemma, tail_only = guess, True
        participle = False
        if w.text.lower().endswith("ing") and w.index > 2 and not tail_only:
            # "..., claiming the move would cost ...", "... by warning that ...": a participle
            # of a verb of saying whose subject is the main clause's
            guess = lemma or cue_lemma(w, lex)
            prev = sent.word(w.index - 1)
            if guess and lex.verb_category(guess) in ("speech", "writing") and prev.text.lower() in _PARTICIPLE_AFTER:
                lemma, participle = guess, True
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
        if participle and not source:
            source = _main_subject(sent, w.index)
        elif participle and not any(sent.word(i).upos == "PUNCT" for i in source):
            participle = False  # "Smith, saying ...": the words before are its own source
        if not source:
            continue
        content = [] if tail_only else _content_after(text, sent, w.index)
        if participle and not content:
            continue
        direct = False
        form = "verb"
        if not content and not tail_only:
            content = _split_tail(doc, sent, w.index, source, quotes)
            direct = bool(content)
            form = "quote" if direct else form
        if not content:
            content = _content_before(text, sent, w.index, source)
            form = "inverted" if content else form
        if not content:
            continue
        out.append(_surface_found(text, sent, w, lemma, lex, source, content, form=form, direct=direct))
        taken.add(w.index)
    return out


def _surface_found(
    text: str, sent: Sentence, w, lemma: str, lex: Lexicon, source: list[int], content: list, **kw
) -> Found:
    """A surface reading as a working record; ``kw`` may set ``form`` (default "verb"),
    ``direct``, ``category`` (default: the lemma's cue category, else speech) and ``cue_end``
    (where a cue of several words ends; default: the word's end)."""
    category = kw.pop("category", None) or lex.verb_category(lemma) or "speech"
    cue = Cue(tree.make_span(text, w.start, kw.pop("cue_end", w.end)), lemma, category, lex.is_loaded(lemma))
    return Found(
        sentence=sent.index,
        cue=cue,
        cue_word=w.index,
        source_words=source,
        content=content,
        form=kw.pop("form", "verb"),
        direct=kw.pop("direct", False),
        notes={"surface": True},
    )


def _correct(same: list[Found], sent: Sentence, source: list[int], content: list) -> None:
    """Replace what the parse read at a verb with the surface reading."""
    for f in same:
        f.source_words, f.source_sentence, f.content, f.form = source, sent.index, content, "verb"
        f.inherit_subject_from = 0


#: words a participle of saying may follow ("..., claiming", "by warning", "while insisting")
_PARTICIPLE_AFTER = {",", "by", "while", "after", "before", "when", "in", "\u2014"}


def _main_subject(sent: Sentence, index: int) -> list[int]:
    """The subject of the nearest finite verb before ``index`` that has one: who does
    what a participle after it describes ("Clinton echoed the criticism, saying ...")."""
    for k in range(index - 1, 0, -1):
        v = sent.word(k)
        if v.upos not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        subj = [c for c in tree.children(sent, k) if c.deprel in ("nsubj", "nsubj:pass") and c.index < k]
        if subj:
            words = subjects_mention(sent, [c.index for c in subj])
            return words if all(i < index for i in words) else []
    return []


def _ends_sentence(sent: Sentence, index: int) -> bool:
    """Only punctuation (no quote mark) follows the word."""
    return all(w.upos == "PUNCT" and w.text not in tree.QUOTE_CHARS for w in sent.words[index:])


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
} | WEEKDAYS


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
    # the quotation that closes the sentence before; it may have opened sentences earlier
    # ('"On abortion, ... extremists. Why doesn't the media ask her?" Rubio said.')
    q = next((q for q in quotes if q.outer.start < prev.end and prev.end - 2 <= q.outer.end <= end + 1), None)
    if q is None:
        return []
    group = [p for p in quotes if p.group == q.group]
    return [group[0].outer if len(group) == 1 else q.outer]


#: auxiliaries that may stand between an as-clause's source and its verb ("as Smith has noted")
_AS_AUX = {"has", "have", "had", "did", "does", "do", "once", "first", "later", "rightly", "correctly", "recently"}
#: what the source of an as-clause may be made of ("the Post's editors", "many of us")
_AS_SOURCE_TAGS = ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART", "ADP")
#: cue categories an as-clause reports ("as we know", "as the Post reported")
_AS_CATEGORIES = ("speech", "writing", "thought")


def as_clauses(doc: ParsedDocument, sent: Sentence, found: list[Found], lex: Lexicon) -> list[Found]:
    """ "As the Post observed, Republicans control 30 states." / "The talks stalled, as
    Reuters reported on Monday.": a parenthetical as-clause names the source and a cue
    verb, and the rest of the sentence is what was said. A compact parse rarely gets
    this right ("As" becomes the source's case marker, the main clause the verb's
    complement), so it is read off the surface. An attribution the parse found at the
    same verb is corrected in place; the new ones are returned."""
    text = doc.text
    out: list[Found] = []
    for w in sent.words:
        seg = _as_segment(sent, w.index, lex)
        if seg is None:
            continue
        start, verb, end, source = seg
        rest = [
            i
            for i in range(1, len(sent.words) + 1)
            if not start <= i <= end and not (i in (start - 1, end + 1) and sent.word(i).text == ",")
        ]
        while rest and sent.word(rest[-1]).upos == "PUNCT" and sent.word(rest[-1]).text not in tree.QUOTE_CHARS:
            rest.pop()
        if not any(sent.word(i).upos in ("VERB", "AUX") for i in rest):
            continue
        content = _content_span_words(text, sent, rest)
        if not content:
            continue
        v = sent.word(verb)
        same = [f for f in found if f.sentence == sent.index and f.cue_word == verb]
        if same:
            _correct(same, sent, source, content)
            continue
        if _puts_it(sent, verb):  # the idiom is the cue: "as one senator *put it*"
            lemma, cue_end = "put it", sent.word(verb + 1).end
        else:
            lemma, cue_end = cue_lemma(v, lex) or v.lemma.lower(), v.end
        out.append(_surface_found(text, sent, v, lemma, lex, source, content, cue_end=cue_end))
    return out


#: forms of "put" in the idiom of saying "as X put it"
_PUT = frozenset({"put", "puts", "putting"})
#: words after "put it" that make it a deed: "As she put it away, the phone rang."
_PUT_PLACES = frozenset(
    {"away", "down", "aside", "back", "off", "out", "up", "on", "onto", "into", "over", "under", "there", "here"}
)


def _puts_it(sent: Sentence, index: int) -> bool:
    """ "as one senator *put it*", "as Smith puts it": no verb of saying, but the idiom reports
    how someone said what the sentence says (read only inside an as-clause)."""
    n = len(sent.words)
    if not (sent.word(index).text.lower() in _PUT and index < n and sent.word(index + 1).text.lower() == "it"):
        return False
    return index + 1 == n or sent.word(index + 2).text.lower() not in _PUT_PLACES


def _as_segment(sent: Sentence, index: int, lex: Lexicon) -> tuple[int, int, int, list[int]] | None:
    """(first word, verb, last word, source words) of an as-clause starting at ``index``."""
    w = sent.word(index)
    if w.text.lower() != "as":
        return None
    prev = sent.word(index - 1) if index > 1 else None
    if prev is not None and prev.text != "," and not (index == 2 and prev.text in tree.QUOTE_CHARS):
        return None  # "left as she said goodbye", "such as", "as well as"
    n = len(sent.words)
    source: list[int] = []
    verb = 0
    for j in range(index + 1, min(index + 10, n + 1)):
        x = sent.word(j)
        if source and _puts_it(sent, j):
            verb = j
            break
        lemma = cue_lemma(x, lex)
        if source and lemma and lex.verb_category(lemma) in _AS_CATEGORIES and x.upos != "PUNCT":
            if x.xpos.startswith("VB") or x.upos == "VERB" or x.text.lower() in FORMS:
                verb = j
                break
        if x.text.lower() in _AS_AUX and source:
            continue
        if x.upos not in _AS_SOURCE_TAGS or x.text.lower() in ("as", "where", "when", "well", "if"):
            return None
        source.append(j)
    if not verb or not any(sent.word(i).upos in ("NOUN", "PROPN", "PRON") for i in source):
        return None
    end = verb
    # a time or a place may follow ("as Reuters reported on Monday", "as he wrote in his memoir")
    while end < n and end - verb < 8:
        x = sent.word(end + 1)
        if x.text == "," or (x.upos == "PUNCT" and end + 1 == n):
            break
        if x.upos in ("VERB", "AUX", "SCONJ") or x.text.lower() == "that" or x.upos == "PUNCT":
            return None  # "as he said that ...", "as she told him to ...": not parenthetical
        end += 1
    after = sent.word(end + 1) if end < n else None
    if after is None or not (after.text == "," or (after.upos == "PUNCT" and end + 1 == n)):
        return None
    if prev is None and after.text != ",":
        return None  # "As X said." alone is no parenthetical
    source = [i for i in source if sent.word(i).text.lower() not in _AS_AUX or sent.word(i).upos != "AUX"]
    return index, verb, end, source


#: stance verbs whose subject, in a poll report, is a share of respondents ("6 in 10
#: supported Sanders", "37 percent would vote for Sanders"), by form, with their lemma
POLL_FORMS = {
    **{f: "support" for f in ("support", "supports", "supported")},
    **{f: "back" for f in ("back", "backs", "backed")},
    **{f: "favor" for f in ("favor", "favors", "favored", "favour", "favours", "favoured")},
    **{f: "prefer" for f in ("prefer", "prefers", "preferred")},
    **{f: "oppose" for f in ("oppose", "opposes", "opposed")},
    **{f: "want" for f in ("want", "wants", "wanted")},
    **{f: "approve" for f in ("approve", "approves", "approved")},
    **{f: "disapprove" for f in ("disapprove", "disapproves", "disapproved")},
    **{f: "vote" for f in ("vote", "voted")},  # only with "for": "would vote for Clinton"
}
#: words that make a noun phrase a share of a poll's respondents
_SHARE_WORDS = {
    "percent",
    "%",
    "majority",
    "majorities",
    "half",
    "most",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "plurality",
    "minority",
    "fifth",
    "fifths",
    "tenth",
    "tenths",
}
#: words that may stand between the share and its verb ("would", "still", "strongly")
_POLL_BETWEEN = {"would", "will", "still", "also", "now", "strongly", "somewhat", "narrowly", "overwhelmingly"}
#: where a poll group's stance ends
_STANCE_END = {",", ";", ":", "while", "but", "whereas", "\u2014", "\u2013", "--", "("}


def poll_stances(
    doc: ParsedDocument, sent: Sentence, found: list[Found], quotes: list[Quote], lex: Lexicon
) -> list[Found]:
    """ "About 6 in 10 white men supported Sanders", "Thirty-seven percent would vote for
    Sanders": a share of poll respondents and the stance it takes. PolNeAR counts these
    as attributions (the respondents' view); a compact parse usually loses them (it makes
    the number the root and the verb a modifier), so they are read off the surface."""
    text = doc.text
    taken = {f.cue_word for f in found if f.sentence == sent.index}
    out: list[Found] = []
    n = len(sent.words)
    for w in sent.words:
        lemma = POLL_FORMS.get(w.text.lower())
        if lemma is None or w.index < 2:
            continue
        same = [f for f in found if f.sentence == sent.index and f.cue_word == w.index]
        if w.index in taken and not same:
            continue
        if any(q.inner.start <= w.start and w.end <= q.inner.end for q in quotes):
            continue
        prev = sent.word(w.index - 1)
        if prev.upos in ("ADP", "DET") or prev.text.lower() in _NOT_AFTER or prev.xpos in ("PRP$", "POS", "TO"):
            continue  # "in support of", "their backing"
        if any(f.sentence == sent.index and any(c.start <= w.start < c.end for c in f.content) for f in found):
            continue  # "polls found that most voters support a ban": inside what another cue reports
        first = w.index + 1
        if first <= n and sent.word(first).text.lower() in PHRASAL_NOT_CUES.get(lemma, ()):
            continue  # "most backed down"
        if lemma != "vote" and (first > n or sent.word(first).upos in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ")):
            continue  # "His 32% support gives him a lead", "36 percent support, followed by": a noun
        if lemma == "vote":
            if first > n or sent.word(first).text.lower() != "for":
                continue
            first += 1
        source = _share_before(sent, w.index)
        if not source:
            continue
        words: list[int] = []
        for i in range(first, n + 1):
            x = sent.word(i)
            if x.text.lower() in _STANCE_END or (x.upos == "PUNCT" and i == n):
                break
            words.append(i)
        if not any(sent.word(i).upos in ("NOUN", "PROPN", "VERB", "PRON") for i in words):
            continue
        content = _content_span_words(text, sent, words)
        if not content:
            continue
        if same:
            # the parse found the verb but not the share ("More than half of white women
            # preferred Clinton" read with "More" as the subject): take the surface reading
            _correct(
                [f for f in same if f.source_sentence == sent.index and set(f.source_words) < set(source)],
                sent,
                source,
                content,
            )
            continue
        out.append(_surface_found(text, sent, w, lemma, lex, source, content, category="thought"))
        taken.add(w.index)
    return out


def _share_before(sent: Sentence, index: int) -> list[int]:
    """The poll share right before a stance verb: "About 6 in 10 white men", "56 percent",
    "a majority of Republicans"; nothing when the words before hold a verb or no share."""
    start = index
    while start > 1 and index - start < 14:
        x = sent.word(start - 1)
        if x.text in (",", ";", ":", "(") or x.text in tree.QUOTE_CHARS:
            break
        if x.upos in ("VERB", "AUX", "SCONJ") and x.text.lower() not in _POLL_BETWEEN:
            break
        start -= 1
    words = [i for i in range(start, index) if sent.word(i).text.lower() not in _POLL_BETWEEN]
    while words and (sent.word(words[0]).upos in ("CCONJ", "ADV") and sent.word(words[0]).text.lower() != "about"):
        words = words[1:]
    low = [sent.word(i).text.lower() for i in words]
    share = any(t in _SHARE_WORDS for t in low) or (
        any(sent.word(i).upos == "NUM" for i in words) and ("in" in low or "of" in low or "percent" in low)
    )
    if not share or any(sent.word(i).upos in ("VERB", "AUX") for i in words):
        return []
    return words


def comma_parentheticals(doc: ParsedDocument, sent: Sentence, found: list[Found], lex: Lexicon) -> list[Found]:
    """ "Loyalty, he noted, has long been a core tenet", "Voters, Clinton suggested, don't
    have to worry": the source and its verb interrupt the reported clause between two
    commas. A compact parse makes the first word the verb's subject; the surface says
    who spoke. A parse reading at the same verb is corrected; new ones are returned."""
    text = doc.text
    out: list[Found] = []
    n = len(sent.words)
    for w in sent.words:
        lemma = cue_lemma(w, lex)
        if not lemma or lex.verb_category(lemma) not in ("speech", "writing", "thought") or w.upos not in ("VERB",):
            continue
        # the comma that opens the interruption, and the mention between it and the verb
        opener = next((k for k in range(w.index - 1, max(0, w.index - 9), -1) if sent.word(k).text == ","), 0)
        if opener < 2:
            continue
        source = list(range(opener + 1, w.index))
        if not source or any(
            sent.word(i).upos in ("VERB", "AUX", "SCONJ", "ADP") or sent.word(i).text in tree.QUOTE_CHARS
            for i in source
        ):
            continue
        if not any(sent.word(i).upos in ("NOUN", "PROPN", "PRON") for i in source):
            continue
        if any(sent.word(i).text.lower() in ("who", "which", "that", "whom", "whose") for i in source):
            continue  # "Smith, a Republican who said so, left": a relative clause
        # the comma that closes it, perhaps after a short time or place ("said on Tuesday,"),
        # or the end of the sentence ("..., Cuban said.")
        closer = next((k for k in range(w.index + 1, min(n, w.index + 6) + 1) if sent.word(k).text == ","), 0)
        final = _ends_sentence(sent, w.index)
        if final:
            closer = n
        if not closer or any(sent.word(k).upos in ("VERB", "AUX", "SCONJ") for k in range(w.index + 1, closer)):
            continue
        before = [i for i in range(1, opener) if sent.word(i).text not in tree.QUOTE_CHARS]
        after = [i for i in range(closer + 1, n + 1)]
        while after and sent.word(after[-1]).upos == "PUNCT" and sent.word(after[-1]).text not in tree.QUOTE_CHARS:
            after.pop()
        if any(sent.word(i).text in (";", ":") for i in before):
            continue
        clause_before = any(
            sent.word(i).upos in ("VERB", "AUX") and sent.word(i).deprel not in ("amod", "acl", "compound")
            for i in before
        )
        if final:
            if not clause_before:
                continue  # "..., Cuban said." closes a clause
        elif not before or clause_before or not any(sent.word(i).upos in ("VERB", "AUX") for i in after):
            # the clause must go on after the interruption; "He left, she said, and ...":
            # the words before are a clause of their own
            continue
        content = _content_span_words(text, sent, before) + _content_span_words(text, sent, after)
        same = [f for f in found if f.sentence == sent.index and f.cue_word == w.index]
        if same:
            _correct(same, sent, source, content)
            continue
        out.append(_surface_found(text, sent, w, lemma, lex, source, content))
    return out
