"""Cue detection over the dependency parse: where does someone say, write,
think or want something, who is the grammatical source, and what is said?

The patterns, read off UD v2 relations where the parse allows:

- verb cues: a cue verb whose ``nsubj`` is the source and whose ``ccomp`` /
  ``xcomp`` / ``parataxis`` (or, for verbs like *condemn*, ``obj``) is the
  content; the inverted order ("..., said spokesman X") is a cue verb attached
  as ``parataxis``/``ccomp`` to the content's head;
- relative-clause cues: "whose members say ..." (the cue verb heads an
  ``acl:relcl``);
- according-to phrases: "..., according to three officials" (``according``
  is the ``case`` of the source, ``to`` its ``fixed`` part);
- speech nouns with a that-clause ("Trump's claim that ...");
- the tail after a closing quote mark ("“...,” Viguerie notes."), read off the
  surface so that it survives a wrong tree.

A compact model's parse is often wrong in predictable ways ("said spokesman X"
with X as object, the reported clause as obj/conj instead of ccomp, a title
cut off the name), so each pattern has a surface fallback, noted where it is.

The records produced here are working notes (mutable); :mod:`attribution.extract`
turns them into frozen :class:`~attribution.model.Attribution` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from attribution.extract import tree
from attribution.extract.lexicon import Lexicon
from attribution.extract.quotes import wrong_way_open
from attribution.model import Cue, Sentence, Source, Span, Word

SUBJECT_RELS = ("nsubj", "nsubj:outer")
PASSIVE_RELS = ("nsubj:pass", "expl", "expl:pass", "csubj:pass")
CLAUSE_RELS = ("ccomp", "xcomp", "parataxis")
OBJECT_RELS = ("obj",)
#: prepositions that carry the rest of a reported proposition ("suspect X *of* Y")
CONTENT_CASES = ("of", "as", "about", "for", "that")
#: verbs of saying that never take a person as object ("said spokesman X" is inversion)
INVERSION_VERBS = (
    "say",
    "add",
    "write",
    "state",
    "explain",
    "note",
    "insist",
    "claim",
    "declare",
    "reply",
    "recall",
    "argue",
    "conclude",
    "caution",
    "announce",
    "comment",
    "observe",
    "remark",
    "admit",
    "acknowledge",
    "tweet",
    "continue",
    "concede",
    "stress",
    "emphasize",
)
#: cue verbs that close a quotation ("“...,” she *said*.")
SPEECH_TAIL = INVERSION_VERBS + (
    "tell",
    "ask",
    "warn",
    "write",
    "tweet",
    "post",
    "answer",
    "respond",
    "shout",
    "joke",
    "quip",
    "conclude",
    "predict",
    "promise",
    "say",
    "echo",
)
#: passive cue verbs without an agent that pass on hearsay ("it is believed", "is said to")
HEARSAY_PASSIVES = ("believe", "say", "report", "understand", "think", "rumor", "rumour", "allege", "claim", "fear")
#: particles that make a cue verb a phrasal verb that reports nothing ("back up", "back off")
PHRASAL_NOT_CUES = {"back": ("up", "down", "off", "out")}
#: verbs that name what the noun before them is called ("a company called Harmony Enterprises")
NAMING_VERBS = ("call", "name", "dub")
#: determiners that open a noun phrase introducing something new, which is then named
INDEFINITE = ("a", "an", "one", "another", "some", "two", "three", "several")
#: prepositions that introduce content when a cue verb has no clause or object ("warned of a crisis")
PREP_CONTENT = ("about", "of", "against", "for")


@dataclass
class Found:
    """One attribution as it is being assembled."""

    sentence: int
    cue: Cue
    cue_word: int  # 1-based word index of the cue head (0 when not a word)
    source_words: list[int]  # word indices of the source mention in ``sentence``
    content: list[Span]
    form: str
    direct: bool = False
    source_sentence: int = -1  # sentence holding the source words (defaults to ``sentence``)
    source: Source | None = None
    inherit_subject_from: int = 0  # word whose subject a subjectless cue borrows
    notes: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.source_sentence < 0:
            self.source_sentence = self.sentence


def given_name(sent: Sentence, index: int) -> bool:
    """The word is a capitalised cue word right before a name, in a sentence written in
    ordinary case: a given name ("Trump spokesman *Hope* Hicks confirmed ..."), not a verb.
    A headline in title case ("Pence *Endorses* Paul Ryan") and a word after punctuation
    keep their reading."""
    if index <= 1 or index >= len(sent.words):
        return False
    w, prev, nxt = sent.word(index), sent.word(index - 1), sent.word(index + 1)
    if not w.text[:1].isupper() or prev.upos == "PUNCT" or nxt.upos != "PROPN" or not nxt.text[:1].isupper():
        return False
    long_words = [x for x in sent.words if x.text[:1].isalpha() and len(x.text) > 3]
    return 2 * sum(x.text[:1].isupper() for x in long_words) <= len(long_words)


def find_cues(text: str, sent: Sentence, lex: Lexicon) -> list[Found]:
    """All verb, relative-clause and according-to attributions in one sentence."""
    found = _according_to(text, sent, lex)
    taken = {w for f in found for w in f.source_words}
    for word in sent.words:
        if word.index in taken or given_name(sent, word.index):
            continue
        f = (
            _verb_cue(text, sent, word.index, lex)
            or _noun_cue(text, sent, word.index, lex)
            or _adjective_cue(text, sent, word.index, lex)
        )
        if f is not None:
            found.append(f)
    tail = _quote_tail(text, sent, lex)
    if tail is not None:
        # the parse may give the verb a subject from inside the quotation ("“One of us ran
        # against Obama,” Sanders said" read with "One" as the subject): the tail is right
        quoted = tail.content[0].end if tail.content else -1
        found = [
            f
            for f in found
            if f.cue_word != tail.cue_word or not f.source_words or sent.word(f.source_words[0]).start >= quoted
        ]
        if not any(f.cue_word == tail.cue_word for f in found):
            found.append(tail)
    if not found:
        found.extend(_in_document(text, sent, lex))
    found.sort(key=lambda f: f.cue.span.start)
    return found


def _quote_tail(text: str, sent: Sentence, lex: Lexicon) -> Found | None:
    """ "“...,” Viguerie notes." / "“...,” said X, an analyst.": the commonest pattern in
    news, read off the surface after the closing quote mark so that it survives a
    parse that gets the clause structure wrong."""
    # a tokenizer may glue the mark to the sentence's end ("!\u201d", "?\u201d")
    closers = [
        w.index
        for w in sent.words
        if w.index > 1
        and (
            w.text in ("\u201d", '"', "''")
            or (w.text[-1:] in ("\u201d", '"') and _all_marks(w.text[:-1]))
            or (w.text == "\u201c" and wrong_way_open(text, w.start))
        )
    ]
    # the quotation that the verb closes: its mark ends a clause ("...,” / "...?”"); a quoted
    # phrase ("“the gold standard” of trade deals") is no quotation of this kind
    closers = [
        i
        for i in closers
        if text[max(0, sent.word(i).start - 1) : sent.word(i).start] in (",", "?", "!", ".", "\u2014", "\u2013", "-")
        or text[sent.word(i).end : sent.word(i).end + 1] == ","
        or (len(sent.word(i).text) > 1 and _all_marks(sent.word(i).text[:-1]))
    ]
    for close in reversed(closers):  # the last one that a speech verb follows
        found = _tail_after(text, sent, lex, close)
        if found is not None:
            return found
    return None


def _relative_stretch(sent: Sentence, start: int, end: int) -> set[int]:
    """Words of the relative clauses set off by commas between word ``start`` and ``end``
    (", who used to work on the city council,"): from the relative word to the next comma."""
    out: set[int] = set()
    inside = False
    for i in range(start + 1, end):
        w = sent.word(i)
        if w.text == ",":
            inside = False
        elif w.text.lower() in ("who", "which", "whose") and sent.word(i - 1).text == ",":
            inside = True
        if inside:
            out.add(i)
    return out


def _holds_a_clause(sent: Sentence, words: list[int], end: int) -> bool:
    """Whether a mention before word ``end`` holds a finite verb or an auxiliary outside its
    relative clauses: a clause of its own, not a name with a parenthetical."""
    relative = _relative_stretch(sent, words[0] - 1, end)
    return any(
        sent.word(i).upos == "AUX" or "VerbForm=Fin" in sent.word(i).feats for i in words if i not in relative
    )


def _possessive_mark(text: str, w) -> bool:
    """The apostrophe of a plural possessive ("the Greens' campaign manager"), glued to its
    noun: no quotation mark, though it is the same character."""
    # the words of a multi-word token ("Greens'" = Greens + ') share the token's offsets,
    # so the mark is read at the end of the span
    return (
        w.text in ("'", "\u2019")
        and (w.xpos == "POS" or w.deprel == "case")
        and w.end >= 2
        and text[w.end - 1] == w.text
        and not text[w.end - 2].isspace()
    )


def _all_marks(s: str) -> bool:
    """Sentence punctuation and inner quote marks only ("!", ",\u2019", "?'")."""
    return bool(s) and all(c in "!?.,\u2019'" for c in s)


def _tail_after(text: str, sent: Sentence, lex: Lexicon, close: int) -> Found | None:
    tail = [w for w in sent.words[close:] if w.upos != "PUNCT" and w.text not in tree.QUOTE_CHARS]
    candidates = [k for k, w in enumerate(tail[:26]) if cue_lemma(w, lex) in SPEECH_TAIL]
    # a verb first: "Ana Reyes, assistant secretary of state for ports, said" holds the noun "state"
    cue_at = next((k for k in candidates if tail[k].upos == "VERB"), candidates[0] if candidates else None)
    # a capitalised "verb" after the closing mark is a name the tagger misread ("Husted said");
    # participles and the verbs of a relative clause describe the speaker ("Morales, who used to
    # work on the city council, said", "Mr. Berg, now retired in Leeds, said")
    describing = _relative_stretch(sent, close, tail[cue_at].index) if cue_at is not None else set()
    if (
        not tail
        or cue_at is None
        or any(
            w.upos == "VERB"
            and not w.text[:1].isupper()
            and w.index not in describing
            and not any(f in w.feats for f in ("VerbForm=Part", "VerbForm=Ger"))
            for w in tail[:cue_at]
        )
    ):
        return None
    if any(
        w.text in tree.QUOTE_CHARS and not _possessive_mark(text, w) for w in sent.words[close : tail[cue_at].index]
    ):
        return None  # another quotation opens before the verb
    cue = tail[cue_at]
    if cue.upos not in ("VERB", "NOUN", "PROPN") or tree.children(sent, cue.index, "det", "case"):
        return None
    # the mention keeps its inner commas and hyphens ("Syed Muhammad Ali, an Islamabad-based ...")
    before = list(range(tail[0].index, cue.index)) if cue_at else []
    after = tree.trim(sent, [w.index for w in sent.words if w.index > cue.index], keep_quotes=False)
    after = _cut_at_relative(sent, after)  # "said Cuban, who is also a host ...": Cuban
    source = before if before else after
    # a name with its title in apposition may run long ("Ana Reyes, assistant secretary of state
    # for ports, fisheries, and migration, said"; "the economist Jared Hall, a former adviser to
    # the Treasury, wrote"): a name at or near the start
    named = any(sent.word(i).upos == "PROPN" and sent.word(i).text[:1].isupper() for i in before[:4])
    limit = 24 if named else 11
    if not source or len(before) > limit:
        return None
    if (
        before
        and tree.is_pronoun(sent.word(before[-1])) is False
        and sent.word(before[0]).upos == "VERB"
        and not sent.word(before[0]).text[:1].isupper()
    ):
        return None
    first_quoted = next(
        (w.index for w in sent.words[:close] if w.text not in tree.QUOTE_CHARS and w.upos != "PUNCT"), None
    )
    if first_quoted is None:
        return None
    content = _content_span_words(text, sent, list(range(first_quoted, close + 1)))
    lemma = cue_lemma(cue, lex) or cue.lemma.lower()
    return Found(
        sentence=sent.index,
        cue=Cue(
            tree.make_span(text, cue.start, cue.end), lemma, lex.verb_category(lemma) or "speech", lex.is_loaded(lemma)
        ),
        cue_word=cue.index,
        source_words=source,
        content=content,
        form="inverted" if not before else "verb",
        direct=True,
    )


# ---------------------------------------------------------------- verb cues


def _subject(sent: Sentence, index: int, lex: Lexicon | None = None) -> list[int]:
    subj = [w for w in tree.children(sent, index) if w.deprel in SUBJECT_RELS and w.index != index]
    if not subj:
        return []
    # "Thursday at the conference, Sen. Graham called ...", "A few minutes later they said":
    # a time the parse made a second subject is not who spoke
    if lex is not None:
        # "Hunter, meanwhile, told ...", "Regardless, the department said": a sentence adverb
        # (tagged PROPN when capitalised) the parse made a subject speaks for no one
        subj = [w for w in subj if w.text.lower() not in lex["connectives"]]
        if not subj:
            return []
    timeless = [w for w in subj if w.lemma.lower() not in TIME_HEADS | TIME_SUBJECTS]
    if not timeless and all(w.index > index for w in subj):
        # "..., spokesman Benali Cherif Abdelaziz said Thursday.": a time after the verb
        # is when, not who; the callers look for the speaker before the verb instead
        return []
    subj = timeless or subj
    first = subj[0]
    before = [w for w in subj if w.index < index]
    after = [w for w in subj if w.index > index]
    if (
        before
        and after
        and index > 1
        and (sent.word(index - 1).text == "," or sent.word(index - 1).text in tree.QUOTE_CHARS)
    ):
        # "LOMAS ALTAS, Chile — Floodwaters swept ..., said Mayor Tomas Ferrer.": a verb set off
        # by a comma with a subject right after it is inverted; what the parse also made its
        # subject before the comma (a dateline, the content's own subject) did not speak
        words = source_words_of(sent, after[0].index)
        if words and words[0] == index + 1:
            return _titled(sent, words, lex)
    if len(before) > 1 and _stray_clause_subject(sent, index) == before[0].index:
        # "The extension of the line will open late, the committee said": the parse gave the
        # verb the reported clause's subject too; the speaker is the subject after that clause
        return _titled(sent, source_words_of(sent, before[-1].index), lex)
    if len(before) > 1 and sent.word(before[0].index + 1).text == ",":
        appositive = _appositive_subjects(sent, before[0].index, before[1].index)
        if appositive:
            return appositive
        # "Last September, Babar says": an opener the parse made a subject, set off by its
        # comma; the subject nearest the verb is the speaker
        first = before[-1]
        subj = [first] + [w for w in subj if w is not first]
    words = source_words_of(sent, first.index)
    for extra in subj[1:]:
        # a compact parse may give the verb two subjects: "director Paul" + "Okafor"
        more = source_words_of(sent, extra.index)
        if more and words and (more[0] == words[-1] + 1 or words[0] == more[-1] + 1):
            words = sorted(set(words) | set(more))
    while len(words) > 1 and sent.word(words[0]).text.lower() in ("whose", "which", "who"):
        words = words[1:]  # "whose members": the relative word is no part of the mention
    return _titled(sent, words, lex)


def _titled(sent: Sentence, words: list[int], lex: Lexicon | None) -> list[int]:
    """A subject's mention with the title a compact parse cut off it (without a lexicon, as is)."""
    return _with_title(sent, words, lex) if lex is not None else words


def _stray_clause_subject(sent: Sentence, index: int) -> int:
    """The subject of a reported clause that the parse hung off the cue verb instead: the
    first of two subjects before the verb with the verb's clause between them ("The
    extension [...] will open late, the committee said"); 0 when there is none."""
    subj = [w.index for w in tree.children(sent, index) if w.deprel in SUBJECT_RELS and w.index < index]
    clauses = [c.index for c in tree.children(sent, index, "ccomp", "parataxis")]
    if len(subj) > 1 and any(subj[0] < c < subj[-1] for c in clauses):
        return subj[0]
    return 0


def _with_title(sent: Sentence, words: list[int], lex: Lexicon) -> list[int]:
    """Take back a title a compact parse cut off the name: in "and foreign ministry
    spokeswoman Mao Ning said", the subject may come out as just "Ning"."""
    if not words or not sent.word(words[0]).text[:1].isupper():
        return words
    extra: list[int] = []
    i = words[0] - 1
    while i >= 1:
        w = sent.word(i)
        if w.upos in ("NOUN", "PROPN", "ADJ") or w.text in ("-", "\u2013"):
            extra.insert(0, i)
            i -= 1
            continue
        break
    titled = [j for j in extra if sent.word(j).lemma.lower() in lex["role_nouns"]]
    if not titled:
        return words
    return extra[extra.index(titled[0]) - _modifiers_before(sent, extra, titled[0]) :] + words


def _modifiers_before(sent: Sentence, extra: list[int], role: int) -> int:
    """How many of the words before the role noun modify it ("foreign ministry")."""
    n = 0
    for j in reversed(extra[: extra.index(role)]):
        if sent.word(j).upos in ("NOUN", "ADJ") and sent.word(j).text[:1].islower():
            n += 1
        else:
            break
    return n


def source_words_of(sent: Sentence, head: int) -> list[int]:
    """The source mention: the subject's subtree without trailing punctuation, without
    a leading relative determiner ("whose members" -> "members") and without a
    relative clause ("Carol Brennan, who has lived here since 1990," -> "Carol
    Brennan"); an appositive stays ("Ana Ribeiro, a researcher at ...")."""
    relcl = [w.index for w in sent.words if w.deprel == "acl:relcl" and w.head != 0 and w.index != head]
    words = tree.subtree(sent, head, exclude=[i for i in relcl if i in tree.subtree(sent, head)])
    words = _cut_at_relative(sent, words)
    words = tree.trim(sent, words, keep_quotes=False)
    while (
        words
        and words[0] != head
        and (sent.word(words[0]).xpos in ("WP$", "WDT") or sent.word(words[0]).text.lower() in ("whose", "which"))
    ):
        words = words[1:]
    return words


def controller(sent: Sentence, w: Word, lex: Lexicon) -> list[int]:
    """The source of an infinitive that a verb of causing, letting or perceiving controls
    through its object (``object_control``): "The victory led Priebus *to declare* him the
    nominee", "Let me *say* ...", "heard him *say*": the object declares or says, and the
    subject of "led" (the victory) does not. A compact parse often makes the infinitive an
    adverbial clause marked "to", as of purpose; it counts here only with an object that
    can speak (a name, a pronoun, a noun of the speaker lists), so that "pushed the bill to
    win votes" keeps its subject. [] when ``w`` is no such infinitive."""
    if not w.head or "VerbForm=Inf" not in w.feats or w.deprel not in ("xcomp", "advcl"):
        return []
    head = sent.word(w.head)
    if head.lemma.lower() not in lex["object_control"]:
        return []
    if head.lemma.lower() == "let" and w.lemma.lower() == "know":
        return []  # "is letting them know he believes ...": a way of telling; the subject speaks
    objs = [k for k in tree.children(sent, head.index, "obj", "iobj") if k.index < w.index]
    if not objs:
        return []
    obj = objs[-1]
    if obj.upos not in ("NOUN", "PROPN", "PRON", "NUM") or obj.text.lower() == "it" or obj.text.endswith("-"):
        return []  # "made it easier for courts to dismiss ...": no one, or a broken parse
    if w.deprel == "advcl":
        to = [m for m in tree.children(sent, w.index, "mark") if m.lemma.lower() == "to"]
        lists = ("role_nouns", "speaker_nouns", "organization_nouns", "vague_collectives")
        speaker = obj.upos in ("PROPN", "PRON") or any(obj.lemma.lower() in lex[key] for key in lists)
        if not to or not speaker:
            return []
    return source_words_of(sent, obj.index)


def subjects_mention(sent: Sentence, subjects: list[int]) -> list[int]:
    """The mention of several subjects a compact parse gave one verb: a name cut in two
    ("Ted" + "Cruz", "Mrs." + "Clinton") is one mention, and so is a name with its
    appositive ("Lindqvist, the harbour spokesman"); otherwise ("A few minutes later
    they ...") the last, nearest one is the subject."""
    if subjects == list(range(subjects[0], subjects[0] + len(subjects))):
        return sorted({i for j in subjects for i in source_words_of(sent, j)})
    if len(subjects) == 2 and (appositive := _appositive_subjects(sent, subjects[0], subjects[1])):
        return appositive
    return source_words_of(sent, subjects[-1])


def _appositive_subjects(sent: Sentence, first: int, second: int) -> list[int]:
    """ "Dawson, a former banker who ..., told": an appositive the parse made a second
    subject; the name and its description are one mention (else [])."""
    first_words = source_words_of(sent, first)
    second_words = source_words_of(sent, second)
    if (
        first_words
        and second_words
        and second_words[0] == first_words[-1] + 2
        and sent.word(first_words[-1] + 1).text == ","
        and sent.word(second_words[0]).text.lower() in ("a", "an", "the")
    ):
        return first_words + [first_words[-1] + 1] + second_words
    return []


def _cut_at_relative(sent: Sentence, words: list[int]) -> list[int]:
    """Stop a mention at ", who/which ..." even when the parse did not mark the clause."""
    out: list[int] = []
    for i in words:
        w = sent.word(i)
        if out and w.text.lower() in ("who", "which", "whom") and sent.word(out[-1]).text == ",":
            return out[:-1]
        if out and w.text.lower() in ("who", "which", "whom") and w.upos == "PRON" and i > out[0] + 1:
            return out
        out.append(i)
    return out


def _content_heads(sent: Sentence, index: int, lemma: str, lex: Lexicon) -> list[int]:
    """Dependents of a cue verb that carry what was said/thought."""
    kids = tree.children(sent, index)
    clause_only = lemma in lex["clause_only"]
    heads = [w.index for w in kids if w.deprel in ("ccomp", "xcomp", "csubj:pass")]
    if any(h > index for h in heads):
        heads = [h for h in heads if h > index]  # a clause before the verb is its subject's, not what was said
    if not heads:
        heads = [w.index for w in kids if w.deprel == "parataxis" and w.index > index]
    if not heads:
        heads = [w.index for w in kids if w.deprel == "parataxis" and w.index < index and _has_subject(sent, index)]
    if clause_only:
        heads = [h for h in heads if sent.word(h).upos in ("VERB", "AUX") or tree.children(sent, h, "cop", "nsubj")]
        if not heads and lex.content_preps(lemma):
            heads = _prep_object(sent, index, kids, lex.content_preps(lemma))
        if not heads:
            heads = _object_as(sent, index, kids)  # "sees Cruz as a uniter": a small clause
        if not heads and lemma in lex["document_objects"] and _document_subject(sent, index, lex):
            # "a Fox News poll shows Sanders with 47 percent", "records show a payment"
            heads = [w.index for w in kids if w.deprel in ("obj", "xcomp") and w.index > index]
        return heads
    if lemma in lex["object_content"]:
        objs = [w.index for w in kids if w.deprel in OBJECT_RELS]
        if objs and not heads:
            heads = objs
            # "suspect each other of supporting ...", "describing the attack as ..."
            for w in kids:
                if w.deprel in ("obl", "advcl") and w.index > index:
                    cases = [c.lemma.lower() for c in tree.children(sent, w.index, "case", "mark")]
                    if any(c in CONTENT_CASES for c in cases):
                        heads.append(w.index)
        elif objs and heads and sent.word(heads[0]).deprel == "xcomp":
            heads = objs + heads  # "wants Tehran to deny ..."
    if not heads:
        # "said during a rally in Michigan that ...": a compact parse may hang the
        # that-clause off the verb as advcl/conj/obl; the "that" marks it as the content
        heads = [
            w.index
            for w in kids
            if w.index > index
            and w.deprel.split(":")[0] in ("advcl", "conj", "obl", "obj", "dep", "acl")
            and any(m.lemma.lower() == "that" for m in tree.children(sent, w.index, "mark"))
        ][:1]
    if not heads:
        heads = _that_clause_under_phrase(sent, index, kids)
    if not heads and lex.content_preps(lemma):
        heads = _prep_object(sent, index, kids, lex.content_preps(lemma))  # "called on X to ...", "called for X"
    if not heads:
        # "the candidate said no": a one-word answer
        heads = [
            w.index for w in kids if w.deprel == "discourse" and w.index > index and w.lemma.lower() in ("yes", "no")
        ]
    if not heads:
        # "warned of ...", "call for ...", "complained about ..."
        for w in kids:
            if w.deprel == "obl" and w.index > index:
                cases = [c.lemma.lower() for c in tree.children(sent, w.index, "case")]
                if any(c in PREP_CONTENT for c in cases):
                    heads.append(w.index)
                    break
    return heads


def _that_clause_under_phrase(sent: Sentence, index: int, kids: list) -> list[int]:
    """ "said in a recent interview that parliament had told the bank ...", "had said in an
    interview taped before the vote that the city had contained ...": a compact parse may make
    the that-clause a relative clause of the phrase's noun. A relative "that" fills a gap in its
    clause ("the interview that aired"); here the clause opens with "that" and has a subject of
    its own after it, so it is complete: what was said."""
    for phrase in kids:
        if phrase.deprel.split(":")[0] != "obl" or phrase.index < index:
            continue
        for i in tree.subtree(sent, phrase.index):
            w = sent.word(i)
            if w.deprel not in ("acl:relcl", "acl") or w.upos not in ("VERB", "AUX", "ADJ"):
                continue
            clause = tree.subtree(sent, i)
            first = sent.word(clause[0])
            if first.lemma.lower() != "that" or first.head != i:
                continue
            subjects = [c for c in tree.children(sent, i, "nsubj", "nsubj:pass") if c.index > first.index]
            if subjects:
                return [i]
    return []


def _object_as(sent: Sentence, index: int, kids: list) -> list[int]:
    """ "sees Cruz as a uniter", "consider the deal as dead": an object with an as-phrase
    after the verb is a small clause, what is seen or considered."""
    objs = [w.index for w in kids if w.deprel in OBJECT_RELS and w.index > index]
    if not objs:
        return []
    # the as-phrase may hang off the verb or, in a compact parse, off the object itself
    for w in [*kids, *tree.children(sent, objs[0], "nmod", "acl")]:
        if w.deprel.split(":")[0] in ("obl", "advcl", "xcomp", "nmod", "acl") and w.index > objs[0]:
            if [c.lemma.lower() for c in tree.children(sent, w.index, "case", "mark")][:1] == ["as"]:
                return [objs[0], w.index] if w.head == index else [objs[0]]
    return []


WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
#: time nouns a compact parse may make a verb's subject ("A few minutes later they said")
TIME_SUBJECTS = frozenset({"minute", "hour", "second", "moment", "today", "yesterday", "tonight"})
#: heads of prepositional phrases that give a time, not a topic ("spoke on Tuesday")
TIME_HEADS = WEEKDAYS | {
    "day",
    "night",
    "morning",
    "afternoon",
    "evening",
    "week",
    "weekend",
    "month",
    "year",
    "occasion",
    "behalf",
    "camera",
    "record",
    "stage",
    "phone",
    "television",
    "air",
    "twitter",
    "facebook",
    "condition",
    # venues: "spoke on the same show", "on the Senate floor", "on the campaign trail"
    "show",
    "program",
    "programme",
    "radio",
    "broadcast",
    "podcast",
    "floor",
    "trail",
    "panel",
}


def _to_clause(sent: Sentence, w) -> bool:
    """An xcomp, or an advcl a compact parse made of one, marked "to", "if" or "whether"."""
    if w.deprel == "xcomp":
        return True
    marks = [m.lemma.lower() for m in tree.children(sent, w.index, "mark")]
    return w.deprel == "advcl" and any(m in ("to", "if", "whether") for m in marks)


def _prep_object(sent: Sentence, index: int, kids: list, preps: frozenset[str]) -> list[int]:
    """ "spoke about X", "pointed to X", "asked about X", "called on X to Y", "thanked X for Y":
    the prepositional object (with an object and a to-clause that come along)."""
    heads: list[int] = []
    # the topic phrase, or one a compact parse hung off an earlier phrase of the verb
    # ("spoke at the town hall on Tuesday [about the flooding]")
    candidates = [w for w in kids if w.deprel.split(":")[0] in ("obl", "nmod") and w.index > index]
    candidates += [n for w in list(candidates) for n in tree.children(sent, w.index, "nmod")]
    # "called for denying entry": a clause marked by the preposition
    candidates += [w for w in kids if w.deprel.split(":")[0] == "advcl" and w.index > index]
    for w in sorted(candidates, key=lambda w: w.index):
        if w.lemma.lower() not in TIME_HEADS and w.upos != "NUM":
            cases = [c.lemma.lower() for c in tree.children(sent, w.index, "case", "mark")]
            if any(c in preps for c in cases):
                heads.append(w.index)
                break
    clauses = [w.index for w in kids if w.index > index and _to_clause(sent, w)]
    objs = [w.index for w in kids if w.deprel == "obj" and w.index > index]
    if heads:
        heads += clauses[:1]  # "called on Muslims to stand up"
        heads = objs[:1] + heads if objs and objs[0] < heads[0] else heads
    elif objs and (x := [c for c in clauses if c > objs[0]]):
        heads = objs[:1] + x[:1]  # "asked workers if they planned", "asked the campaign to cease"
    elif clauses:
        heads = clauses[:1]
    return heads


def _document_subject(sent: Sentence, index: int, lex: Lexicon) -> bool:
    """The subject is a document ("Records show", "A new poll finds"); also when a compact
    parse heads it with the pollster's name ("A University of New Hampshire poll out
    this week shows ...", headed by "University"): a poll, survey or study inside the
    name's mention counts."""
    subj = [w for w in tree.children(sent, index) if w.deprel in SUBJECT_RELS]
    if not subj:
        return False
    nominal = lex["nominal"]
    if subj[0].lemma.lower() in nominal or subj[0].text.lower() in nominal:
        return True
    mention = [sent.word(i) for i in tree.subtree(sent, subj[0].index) if i < index]
    nouns = [w for w in mention if w.upos == "NOUN" and w.deprel in ("nmod", "compound", "nsubj", "appos")]
    return bool(nouns) and subj[0].upos == "PROPN" and nouns[0].lemma.lower() in ("poll", "survey", "study")


def _has_subject(sent: Sentence, index: int) -> bool:
    return any(w.deprel in SUBJECT_RELS for w in tree.children(sent, index))


def _content_span(text: str, sent: Sentence, heads: list[int], cue: int) -> list[Span]:
    words: list[int] = []
    for h in heads:
        words.extend(tree.subtree(sent, h, exclude=[cue]))
    words = sorted(set(words))
    out: list[Span] = []
    for run in tree.contiguous(words):
        run = tree.trim(sent, run)
        s = tree.span(text, sent, run)
        if s is not None:
            out.append(s)
    return out


def _verb_cue(text: str, sent: Sentence, index: int, lex: Lexicon) -> Found | None:
    word = sent.word(index)
    lemma = cue_lemma(word, lex)
    complement = _complement(sent, word, lex) if lemma is None else None
    if complement is not None:
        lemma = f"{word.lemma.lower()} {complement.lemma.lower()}"  # "make clear"
    # ("read" is otherwise only a verb that introduces a colon's quotation)
    reads = not (lemma and lex.verb_category(lemma)) and _reads_quote(sent, index, lex)
    if reads:
        lemma = "read"  # "“...,” the statement read.": the document's words
    if lemma is None:
        return None
    introduces = _introduces_colon(sent, index)
    category = ("writing" if reads else None) or (
        lex.verb_category(lemma) or ("speech" if introduces or complement is not None else None)
    )
    if category is None:
        return None  # "continue", "release" report something only before a colon
    if word.upos != "VERB" and not (
        word.upos in ("NOUN", "PROPN", "ADJ", "AUX")
        and _has_subject(sent, index)
        and not tree.children(sent, index, "cop", "det")
    ):
        return None  # a compact tagger may call "notes" in "..., Viguerie notes." a noun
    nxt = sent.word(index + 1) if index < len(sent.words) else None
    if lemma in NAMING_VERBS and _names_the_noun_before(sent, index, lex):
        return None  # "A company called Harmony Enterprises gave ...": a name, nobody said anything
    if nxt is not None and nxt.text.lower() in PHRASAL_NOT_CUES.get(lemma, ()):
        return None  # "helicopters were backing up the advance": a phrasal verb that reports nothing
    acl_source = _participle_source(sent, word, lemma, category, lex)
    if word.deprel in ("amod", "compound") or (word.deprel == "acl" and not acl_source):
        # "the reported attack", "separatists demanding ...": modifiers, not attributions
        return None
    if _purpose_or_question(sent, word, category):
        return None
    cue_end = complement.end if complement is not None else word.end
    cue = Cue(tree.make_span(text, word.start, cue_end), lemma, category, lex.is_loaded(lemma))
    source = _subject(sent, index, lex) or acl_source
    if source and min(source) > index and _quote_follows(sent, index):
        source = []  # 'said, “No.”' with "No" parsed as the subject: it is what was said
    passive = _passive(sent, word)
    if passive and source and not any(w.deprel in PASSIVE_RELS for w in tree.children(sent, index)):
        # "The demonstration is expected to ...", "when asked about ...": the parse made the
        # passive's subject (or the main clause's) a plain subject; it was expected or asked,
        # it did not speak
        source = [i for i in source if i in (acl_source or [])]
    if not source and passive:
        # "was reported by the BBC" (a compact parse may call the agent a plain obl)
        agents = tree.children(sent, index, "obl:agent") or [
            w
            for w in tree.children(sent, index, "obl")
            if w.index > index and [c.lemma.lower() for c in tree.children(sent, w.index, "case")] == ["by"]
        ]
        if agents:
            source = [i for i in source_words_of(sent, agents[0].index) if sent.word(i).deprel != "case"]
    heads = _content_heads(sent, index, lemma, lex)
    if complement is not None:
        heads = [h for h in heads if h != complement.index] or [
            w.index
            for w in tree.children(sent, index)
            if w.index > complement.index
            and w.deprel.split(":")[0] in ("advcl", "conj", "obl", "dep", "ccomp", "parataxis")
            and (w.upos in ("VERB", "AUX") or tree.children(sent, w.index, "cop", "nsubj"))
        ][:1]
        if not heads:
            return None  # "made it clear" with nothing made clear in this sentence
    if not heads and source and passive and lemma in lex["object_content"]:
        # "O'Malley's move was first reported by MSNBC": the passive subject is what was reported
        heads = [w.index for w in tree.children(sent, index, "nsubj:pass")]
    form = "verb"
    inherit = 0
    awaits = False
    after_quote = False
    participle = _participle_clause(sent, word)
    sourceless = lemma in lex["sourceless"]
    if sourceless:
        source = []
    if participle and source and min(source) > index:
        source = []  # "..., saying the nominee hasn't ...": the noun after it is what was said about
    if (not source or min(source) > index) and not passive and not participle and not sourceless:
        # "“...,” Jeff Sessions, a close adviser to Trump, told AFP.": a name and its
        # parenthetical before the comma speak, though the parse made "AFP" the subject; what
        # follows the verb is whom they told or what they said
        fronted = _fronted_subject(sent, index, lex, after_quote=bool(source))
        # first, and against a subject after the verb, only a mention with no clause of its own
        # ("In Alver, the yard is hanging on, ..., said its chief")
        if fronted and not _holds_a_clause(sent, fronted, index):
            source = fronted
    if not source and not passive and not participle and not sourceless:
        inverted_subject = _object_as_inverted_subject(sent, word)
        if inverted_subject and all(h in inverted_subject for h in heads):
            # "..., said spokeswoman Ingrid Solhaug": the name may come out as the verb's
            # object or (a title tagged an adjective) its xcomp, which is then no content
            source = inverted_subject
            heads = []
    if not source and not passive and not participle and not sourceless:
        source = _name_before(sent, index, lex) or _fronted_subject(sent, index, lex) or _stretch_before(sent, index)
    source = _name_to_the_right(sent, source, index)
    if source and source[0] > index:
        source = _with_appositive(sent, source, lex)
    while len(source) > 1 and (
        sent.word(source[-1]).text.lower() in lex["connectives"]
        or (sent.word(source[-1]).upos == "PUNCT" and not tree.closes_bracket(sent, source))
    ):
        source = source[:-1]  # "Hunter, meanwhile, told": the adverb is no part of the name
    nobody = (bool(source) and not _can_be_source(sent, source, lex)) or (
        not source and any(w.deprel in SUBJECT_RELS for w in tree.children(sent, index))
    )
    if nobody:
        source = []  # "... and said that", "Hunter, meanwhile, told": the parse's subject names nobody
    if introduces and (source or word.deprel.split(":")[0] in ("advcl", "xcomp", "conj")):
        # "Cruz continued:", "Clinton released the following statement:": what follows
        content = []
        awaits = True
    elif heads:
        stray = _stray_clause_subject(sent, index)
        content = _content_span(text, sent, ([stray] if stray else []) + heads, index)
    elif _inverted(sent, word, source):
        # inverted: the content clause heads the sentence and the cue hangs off it
        h = word.head
        words = [i for i in tree.subtree(sent, h, exclude=[index]) if i < index]
        content = _content_span_words(text, sent, words)
        form = "inverted" if source and source[0] > index else "verb"
    elif (source or word.deprel.split(":")[0] in ("conj", "advcl")) and (
        rest := _clause_after(sent, index, source, lemma, lex)
    ):
        # a compact parser may hang the reported clause off "said" as obj/obl/conj
        content = _content_span_words(text, sent, rest)
    elif source and _awaits_quote(sent, index, source):
        # "Rathbun stated:" / "said," with the quote in the next sentence: content comes later
        content = []
        awaits = True
    elif _quote_follows(sent, index):
        # "... shook her head and said, “No.”": the parse makes the quoted word anything
        content = []
        awaits = True
    elif source and category in ("speech", "writing", "thought") and _closes_quoted_turn(text, sent, index, source):
        # "“Why would anyone vote for that?” Sanders replied.": the question mark ended the
        # sentence before the speaker; the quotation just before is what was said
        content = []
        after_quote = True
    elif (
        participle
        and category in ("speech", "writing")
        # a trailing participle; an opening one ("Speaking on the show, X said") runs into the main clause
        and word.head < index
        and (rest := [w.index for w in sent.words if w.index > index])
    ):
        # "..., saying the former banker “has no plan”": whatever the parse made of it,
        # the rest of the sentence is what the participle reports
        content = _content_span_words(text, sent, rest)
    else:
        return None
    if not content and not awaits and not after_quote:
        return None
    if all(sent.word(h).upos == "PRON" and "PronType=Int" in sent.word(h).feats for h in heads) and heads:
        return None  # "What do the hijackers want?": a question, nothing is reported
    if not source and passive and lemma in HEARSAY_PASSIVES:
        # "It is believed that ...", "the minister is said to ...": nobody stands behind it
        cue = Cue(cue.span, lemma, "hearsay", cue.loaded)
    if not source:
        if sourceless or passive or (nobody and word.deprel.split(":")[0] not in ("advcl", "xcomp", "conj")):
            # the writer's own inference, or a passive with no agent ("when asked about
            # it, she said"): the one the sentence is about was asked, and did not ask
            pass
        elif word.deprel.split(":")[0] in ("advcl", "xcomp", "conj") and word.head:
            inherit = word.head  # "describing the attack as ...", "... and added that ..."
        elif word.deprel == "parataxis" and word.head and heads and min(heads) > index:
            inherit = word.head  # "Kasich offered the man a job, then says he'll welcome advice"
        elif word.deprel == "acl:relcl":
            form = "relative"
        elif not passive:
            return None
    elif (
        word.deprel == "acl:relcl"
        or (
            len(source) == 1
            and (sent.word(source[0]).xpos in ("WP", "WDT") or sent.word(source[0]).text.lower() in ("who", "which"))
        )
        or (source[0] > 1 and sent.word(source[0] - 1).text.lower() == "whose")
    ):
        form = "relative"  # "who said", "whose members say"
    if form == "relative" and _group_by_opinion(sent, word):
        return None  # "Those who said the economy was their top issue split evenly": a poll group
    if form == "relative":
        content = _close_relative(text, sent, index, content)
    if (
        source
        and form == "verb"
        and not passive
        and source[0] > index
        and word.deprel.split(":")[0] not in ("parataxis", "ccomp")
    ):
        form = "inverted"  # "said the minister that ..." with the subject after the verb
    return Found(
        sentence=sent.index,
        cue=cue,
        cue_word=index,
        source_words=source,
        content=_without_source(text, sent, content, source),
        form=form,
        inherit_subject_from=inherit,
        notes={"awaits_quote": True} if awaits else {"after_quote": True} if after_quote else {},
    )


def _without_source(text: str, sent: Sentence, content: list[Span], source: list[int]) -> list[Span]:
    """Content never holds its own source: "The ferry will stay in port, harbour spokesman
    Tomas Lindqvist said." parsed with the name inside the reported clause."""
    src = set(source)
    inside = [w.index for w in sent.words if any(c.start <= w.start and w.end <= c.end for c in content)]
    if not src & set(inside):
        return content
    return _content_span_words(text, sent, [i for i in inside if i not in src])


def _can_be_source(sent: Sentence, source: list[int], lex: Lexicon) -> bool:
    """A mention that can name a speaker: not a lone sentence adverb, and not a stretch
    that runs into a coordination ("... infrastructure and [said]")."""
    words = [sent.word(i) for i in source]
    if words[-1].upos == "CCONJ" or words[-1].text.lower() in ("and", "but", "or"):
        return False
    if len(words) == 1 and words[0].text.lower() in lex["connectives"]:
        return False
    return any(w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ", "DET") for w in words)


def _names_the_noun_before(sent: Sentence, index: int, lex: Lexicon) -> bool:
    """ "a company called Harmony Enterprises", "one PAC called Stop Hillary": a participle of
    naming right after an indefinite noun phrase and before a name or a quotation gives the
    thing its name; a compact parse may tag it a past tense and make it the root. "Trump
    called Rubio a lightweight" (a name before), "An aide called Trump's remarks reckless"
    (someone who speaks) and "the group has called for" stay cues."""
    if index < 3 or index >= len(sent.words):
        return False
    noun, nxt = sent.word(index - 1), sent.word(index + 1)
    if noun.upos != "NOUN" and not (noun.upos == "PROPN" and noun.text.isupper()):
        return False
    if noun.lemma.lower() in lex["role_nouns"] or noun.text.lower() in lex["role_nouns"]:
        return False
    if not (nxt.text[:1].isupper() or nxt.text in tree.QUOTE_CHARS):
        return False
    i = index - 2
    while i >= 1 and sent.word(i).upos in ("ADJ", "NOUN", "NUM") and sent.word(i).text.lower() not in INDEFINITE:
        i -= 1  # "a new super PAC called ...": modifiers of the noun
    return i >= 1 and sent.word(i).text.lower() in INDEFINITE


def _passive(sent: Sentence, word) -> bool:
    """A passive cue: a passive subject, a passive auxiliary ("is expected", which a compact
    parse may give a plain nsubj), or a bare past participle heading an adverbial clause
    ("when asked about it, she said"; "Asked whether ..., he said"), a reduced passive."""
    kids = tree.children(sent, word.index)
    if any(w.deprel in PASSIVE_RELS or w.deprel == "aux:pass" for w in kids):
        return True
    if any(w.deprel in ("aux", "nsubj", "cop") for w in kids):
        return False
    # "Asked why ..., Sanders said", "When asked about it, ...": the parse may make the
    # opening participle the root and tag it as a past tense
    opening = word.index == 1 or (word.index == 2 and sent.word(1).text.lower() in ("when", "if", "once", "after"))
    # a participle with a direct object is a past tense the tagger misread: "One lawmaker, who
    # asked not to be named because ..., described Holt's rival as ..." parsed as an advcl
    has_object = any(w.deprel == "obj" for w in kids)
    return (word.xpos == "VBN" and word.deprel.split(":")[0] == "advcl" and not has_object) or (
        opening and word.xpos in ("VBN", "VBD") and word.text.lower().endswith("ed")
    )


def _participle_clause(sent: Sentence, word) -> bool:
    """ "She went on to attack Trump, saying ...": a participle after a comma that hangs off
    another verb speaks with that verb's subject (borrowed later), never with a noun
    next to it: "Trump" before it is the one attacked, the noun after it is content."""
    return (
        word.xpos == "VBG"
        and word.index > 1
        and sent.word(word.index - 1).text == ","
        and word.deprel.split(":")[0] in ("advcl", "conj", "xcomp")
        and 0 < word.head < word.index
    )


def _complement(sent: Sentence, word, lex: Lexicon):
    """The complement word that makes ``word`` a verb of saying ("made *clear* that"), or None."""
    wanted = lex.complements(word.lemma)
    if not wanted or word.upos not in ("VERB", "AUX"):
        return None
    for c in tree.children(sent, word.index, "xcomp", "obj", "ccomp", "advmod", "amod"):
        if c.lemma.lower() in wanted and c.index > word.index and c.index - word.index <= 3:
            return c
    return None


def _participle_source(sent: Sentence, word, lemma: str, category: str, lex: Lexicon) -> list[int]:
    """ "911 calls saying shots had been fired", "emails showing that officials knew", "a
    statement apologizing to Sanders": a speech verb in -ing that modifies a noun reports
    what the noun's bearer says. Verbs of wanting or thinking are left out ("separatists
    demanding ...", "voters favoring ..." describe a group, they report nothing)."""
    if word.deprel != "acl" or not word.head or not word.text.lower().endswith("ing"):
        return []
    if category not in ("speech", "writing") and lemma not in lex["document_objects"]:
        return []
    head = sent.word(word.head)
    if head.upos not in ("NOUN", "PROPN") or head.index > word.index:
        return []
    # a document or message "saying" something reports it whatever the parse made of what follows
    # ("a statement saying the city “does not have the capacity”", "a text message saying:")
    carrier = head.lemma.lower() in lex["nominal"] or head.lemma.lower() in lex["message_nouns"]
    if (
        not tree.children(sent, word.index, "ccomp", "parataxis")
        and lemma not in lex["document_objects"]
        and not carrier
    ):
        return []  # "Germans protesting against the deal": a description, not a report
    if carrier and head.deprel == "obj" and head.head:
        # "The mayor's office put out a statement saying ...", "Lind held up a sign saying ...": the one who
        # issued the message says it (PolNeAR's source), not the paper it is written on
        bearer = tree.children(sent, head.head, "nsubj")
        if bearer and bearer[0].index < head.index:
            return source_words_of(sent, bearer[0].index)
    inside = set(tree.subtree(sent, word.index))
    for c in tree.children(sent, head.index, "expl", "cop", "aux", "advmod", "nsubj", "mark", "cc", "punct"):
        inside.update(tree.subtree(sent, c.index))  # "There were also emails ...": the noun phrase only
    return tree.trim(sent, [i for i in source_words_of(sent, head.index) if i not in inside and i < word.index])


def _close_relative(text: str, sent: Sentence, index: int, content: list[Span]) -> list[Span]:
    """ "The mayor, who said the bridge was safe, resigned": what was said ends at the comma
    that closes the relative clause, where the main clause's verb takes up again."""
    for w in sent.words[index:]:
        nxt = sent.word(w.index + 1) if w.index < len(sent.words) else None
        if w.text == "," and nxt is not None and nxt.upos in ("VERB", "AUX") and "VerbForm=Ger" not in nxt.feats:
            limit = w.start
            out = []
            for c in content:
                if c.start >= limit:
                    continue
                end = min(c.end, limit)
                while end > c.start and text[end - 1].isspace():
                    end -= 1
                out.append(Span(c.start, end, text[c.start : end]))
            return out or content
    return content


#: heads of a restrictive relative that define a group by its opinion ("those who say ...")
GROUP_ANTECEDENTS = {
    "those",
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "people",
    "voters",
    "others",
    "respondents",
    "americans",
    "democrats",
    "republicans",
    "independents",
    "supporters",
    "participants",
    "one",
    "ones",
}


def _group_by_opinion(sent: Sentence, word) -> bool:
    """ "Those who said the economy was their top issue", "voters who want more liberal
    policies": a restrictive relative that picks out a group of poll respondents by what
    they think; the sentence reports the group's numbers, not their words."""
    if word.deprel != "acl:relcl" or not word.head:
        return False
    head = sent.word(word.head)
    if head.lemma.lower() not in GROUP_ANTECEDENTS and head.text.lower() not in GROUP_ANTECEDENTS:
        return False
    between = [w for w in sent.words if head.index < w.index < word.index]
    return not any(w.text == "," for w in between)  # ", who said ..." describes, it does not define


def _purpose_or_question(sent: Sentence, word, category: str) -> bool:
    """ "turned out to support Clinton", "ads supporting Rubio": a wish or stance in a purpose
    clause reports nobody's view; "Who do you think will win?" asks, it reports nothing."""
    if category in ("thought", "intention") and not _has_subject(sent, word.index):
        marks = [m.lemma.lower() for m in tree.children(sent, word.index, "mark")]
        if "to" in marks and word.deprel.split(":")[0] in ("advcl", "acl"):
            return True
    last = sent.words[-1].text if sent.words else ""
    if "?" in last or (len(sent.words) > 1 and "?" in sent.words[-2].text and last in tree.QUOTE_CHARS):
        subj = [c for c in tree.children(sent, word.index) if c.deprel in SUBJECT_RELS]
        if any(c.text.lower() == "you" for c in subj):
            return True
    return False


def _object_as_inverted_subject(sent: Sentence, word) -> list[int]:
    """ "..., said spokesman X": a compact parser may make X the object of "said".
    Verbs of saying take no person as object, so after a comma or closing quote
    the object right after the verb is the inverted subject."""
    if word.lemma.lower() not in INVERSION_VERBS or word.index < 2:
        return []
    before = sent.word(word.index - 1)
    if not (before.upos == "PUNCT" or before.text in tree.QUOTE_CHARS):
        return []
    objs = [
        c
        for c in tree.children(sent, word.index, "obj", "iobj", "nsubj:pass", "xcomp")
        if c.index > word.index and (c.deprel != "xcomp" or c.upos in ("NOUN", "PROPN", "ADJ"))
    ]
    if not objs:
        return []
    words = source_words_of(sent, objs[0].index)
    for extra in objs[1:]:  # "said [Syed] [Muhammad Ali]": a name split into two objects
        more = source_words_of(sent, extra.index)
        if more and words and more[0] == words[-1] + 1:
            words = sorted(set(words) | set(more))
    return words if words and words[0] == word.index + 1 else []


def _name_before(sent: Sentence, index: int, lex: Lexicon) -> list[int]:
    """ "... and foreign ministry spokeswoman Mao Ning said ...": when the parse gives
    the verb no subject, a name (with its title) right before it is the speaker."""
    if index < 2 or sent.word(index - 1).upos != "PROPN":
        return []
    words: list[int] = []
    i = index - 1
    while i >= 1:
        w = sent.word(i)
        if w.upos not in ("PROPN", "NOUN", "ADJ"):
            break  # the title's modifiers ("foreign ministry") come along, "and" stops it
        words.insert(0, i)
        i -= 1
    return words


def _stretch_before(sent: Sentence, index: int) -> list[int]:
    """ "People close to the negotiations said ...": when the parse gives the verb no
    subject, the noun phrase that runs from the sentence start (or the last comma)
    to the verb is the speaker, if it holds no verb of its own."""
    start = 1
    for w in sent.words[: index - 1]:
        if w.text in (",", ";", ":") or w.text in tree.QUOTE_CHARS:
            start = w.index + 1
    stretch = [sent.word(i) for i in range(start, index)]
    if not stretch or len(stretch) > 8:
        return []
    if any(w.upos in ("AUX", "SCONJ") or "VerbForm=Fin" in w.feats or w.deprel == "mark" for w in stretch):
        return []
    if not any(w.upos in ("NOUN", "PROPN", "PRON") for w in stretch):
        return []
    words = [w.index for w in stretch]
    while words and sent.word(words[0]).upos in ("ADV", "CCONJ", "ADP"):
        words = words[1:]
    return words


def _fronted_subject(sent: Sentence, index: int, lex: Lexicon, after_quote: bool = False) -> list[int]:
    """ "Councillor Ruth Adeyemi, who represents the east side, said ...": the sentence
    opens with a name or title and a parenthetical set off by commas, then the cue.
    The whole opening is the source (PolNeAR keeps the parenthetical in it). The mention
    may follow an opening phrase of its own ("Speaking later on the same program, Sen. Ruth
    Okafor, who has endorsed the mayor, said ...") and may open with an age ("52-year-old
    Tomas Berg, a retired teacher, said ...")."""
    if index < 4 or sent.word(index - 1).text != ",":
        return []
    opening = [w for w in sent.words if w.index < index - 1]
    commas = [w.index for w in opening if w.text == ","]
    # with ``after_quote``, the mention may follow a quotation ("“...,” Sen. Ruth Okafor, an ally
    # of the mayor, told Harbour Radio", where the parse made the station the subject; without
    # a subject the quote tail reads such a speaker, relative clause and all)
    closers = [w.index + 1 for w in opening if after_quote and w.text in tree.QUOTE_CHARS and w.index + 1 < index - 1]
    for start in sorted({1, *(c + 1 for c in commas[:-1]), *closers}):
        words = _fronted_from(sent, [w for w in opening if w.index >= start], lex)
        if words:
            return words
    return []


def _fronted_from(sent: Sentence, opening: list, lex: Lexicon) -> list[int]:
    """The fronted mention of :func:`_fronted_subject` when it starts at ``opening[0]``."""
    commas = [w.index for w in opening if w.text == ","]
    if not commas:
        return []
    head_part = [w for w in opening if w.index < commas[0]]
    if (
        not head_part
        or sum(w.upos != "PUNCT" for w in head_part) > 8
        or not (head_part[0].text[:1].isupper() or head_part[0].upos == "NUM")
    ):
        return []
    if any(w.upos in ("VERB", "AUX") for w in head_part):
        return []
    named = any(w.upos == "PROPN" or w.ner != "O" or _is_role_word(w, lex) for w in head_part)
    between = [w for w in opening if w.index > commas[0]]
    parenthetical = between and between[0].text.lower() in ("who", "whose", "a", "an", "the", "which")
    # "Small, who attended the rally, said": "who" marks a person whatever the tagger made of the name
    relative = bool(between) and between[0].text.lower() in ("who", "whose")
    if not (named or relative) or not parenthetical:
        return []
    if between[0].text.lower() in ("who", "whose", "which"):
        return [w.index for w in head_part]  # the relative clause describes, it is not the mention
    return _cut_at_relative(sent, [w.index for w in opening])


def _is_role_word(word, lex: Lexicon) -> bool:
    return word.lemma.lower() in lex["role_nouns"] or word.text.lower() in lex["role_nouns"]


def _name_to_the_right(sent: Sentence, source: list[int], cue: int) -> list[int]:
    """ "said Mayor [Tomas Ferrer]", "director Paul [Okafor] told": take back the rest of a
    name the parse hung elsewhere (capitalised PROPN words right after the mention)."""
    if not source:
        return source
    out = list(source)
    i = out[-1] + 1
    while i <= len(sent.words) and i != cue:
        w = sent.word(i)
        if w.upos != "PROPN" or not w.text[:1].isupper() or i in out:
            break
        out.append(i)
        i += 1
    return out


def _with_appositive(sent: Sentence, source: list[int], lex: Lexicon) -> list[int]:
    """ "said Syed Muhammad Ali, an Islamabad-based independent security analyst.":
    the appositive that closes the sentence belongs to the inverted source even when
    the parse hangs it elsewhere."""
    last = max(source)
    rest = [w for w in sent.words if w.index > last]
    if len(rest) < 3 or rest[0].text != ",":
        return source
    body = [w for w in rest[1:]]
    while body and (body[-1].upos == "PUNCT" or body[-1].text in tree.QUOTE_CHARS):
        body.pop()
    if not body or any(w.text in (",", ";") for w in body):
        return source
    if not any(w.lemma.lower() in lex["role_nouns"] or w.text.lower() in lex["role_nouns"] for w in body):
        return source
    return sorted(set(source) | {w.index for w in rest[: 1 + len(body)]})


def _clause_after(sent: Sentence, index: int, source: list[int], lemma: str, lex: Lexicon) -> list[int]:
    """The words after a verb of saying up to the end of the sentence, when they hold a
    verb: "Analysts said the attack could backfire" parsed with obj/conj instead of ccomp."""
    if lemma in lex["object_content"] or lemma in lex["clause_only"] or (source and index < max(source)):
        return []
    words = [w.index for w in sent.words if w.index > index]
    while words and (sent.word(words[0]).deprel == "mark" or sent.word(words[0]).upos == "PUNCT"):
        if sent.word(words[0]).text in tree.QUOTE_CHARS:
            break
        words = words[1:]
    if not any(sent.word(i).upos in ("VERB", "AUX") for i in words):
        return []
    if words and sent.word(words[0]).upos == "ADP":
        # "said on Tuesday that ...", "said in the letter that ...": the clause starts
        # after a "that" reached before any other verb; without one, nothing is taken
        for k, i in enumerate(words[:15]):
            w = sent.word(i)
            if w.upos in ("VERB", "AUX"):
                return []
            if w.text.lower() == "that" and (w.upos == "SCONJ" or w.deprel == "mark"):
                rest = words[k + 1 :]
                return rest if any(sent.word(j).upos in ("VERB", "AUX") for j in rest) else []
        return []
    return words


IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "sought": "seek",
    "felt": "feel",
    "found": "find",
    "spoke": "speak",
    "spoken": "speak",
    "meant": "mean",
    "understood": "understand",
    "forgot": "forget",
    "chose": "choose",
}


def cue_lemma(word, lex: Lexicon) -> str | None:
    """The word's lemma when it is a cue verb; otherwise a guess from its form (a
    compact lemmatizer may leave "notes" or "tweeted" unlemmatised), or None."""
    lemma = word.lemma.lower()
    if lex.verb_category(lemma) or lemma in lex["quote_intro"]:
        return lemma
    low = word.text.lower()
    if low in IRREGULAR:
        return IRREGULAR[low]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("s", ""),
        ("d", ""),
    ):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            base = low[: -len(suffix)] + repl
            if lex.verb_category(base) or base in lex["quote_intro"]:
                return base
            if len(base) > 3 and base[-1] == base[-2] and lex.verb_category(base[:-1]):
                return base[:-1]  # "admitted" -> "admit"
    return None


def _introduces_colon(sent: Sentence, index: int) -> bool:
    """The sentence ends with a colon and this is its last verb: what follows the colon
    is what was said ("He wrote:", "... released the following statement:")."""
    words = [w for w in sent.words if w.text not in tree.QUOTE_CHARS]
    if not words or words[-1].text != ":":
        return False
    # "released the following statement:": a participle before a noun is no later verb
    return not any(w.upos == "VERB" and w.index > index and w.deprel not in ("amod", "compound") for w in words)


def _awaits_quote(sent: Sentence, index: int, source: list[int]) -> bool:
    """The cue and its source end the sentence, followed only by ':' or ',' (and
    perhaps an opening quote mark): the quoted words follow."""
    last = max([index, *source])
    rest = [w for w in sent.words if w.index > last]
    if not rest or not all(w.upos == "PUNCT" or w.text in tree.QUOTE_CHARS for w in rest):
        return False
    return rest[0].text in (":", ",") or rest[0].text in tree.QUOTE_CHARS


def _reads_quote(sent: Sentence, index: int, lex: Lexicon) -> bool:
    """ "“...,” the statement read.", "“...,” it reads.": "read" with no object, right after
    a quotation, its subject "it" or a document or message noun (a sign, an email)."""
    word = sent.word(index)
    if word.lemma.lower() != "read" or word.upos != "VERB" or tree.children(sent, index, "obj"):
        return False
    subjects = tree.children(sent, index, "nsubj")
    if len(subjects) != 1 or subjects[0].index > index:
        return False
    subj = subjects[0]
    noun = subj.lemma.lower()
    if not (noun == "it" or noun in lex["nominal"] or noun in lex["message_nouns"]):
        return False
    first = min(source_words_of(sent, subj.index))
    return first > 2 and sent.word(first - 1).text in tree.QUOTE_CHARS and sent.word(first - 2).text in (",", "?", "!")


#: words a sentence made of a speaker and a verb may also hold ("he replied *quietly*", "*then*")
_TURN_EXTRAS = frozenset({"punct", "advmod", "aux", "obl:tmod", "cc"})


def _closes_quoted_turn(text: str, sent: Sentence, index: int, source: list[int]) -> bool:
    """The sentence is only a speaker and the verb ("Sanders replied.", "he wondered aloud.")
    and it follows, in the same paragraph, a quotation that closed the sentence before
    (on "?", "!" or "."): the sentence splitter cut "“...?” Sanders replied." in two."""
    word = sent.word(index)
    if word.deprel != "root" or sent.start == 0:
        return False
    if any(w.index != index and w.index not in source and w.deprel not in _TURN_EXTRAS for w in sent.words):
        return False
    before = text[max(0, sent.start - 4) : sent.start]
    stripped = before.rstrip(" \t\u00a0")
    return bool(stripped) and stripped[-1] in "\u201d\"'" and len(stripped) >= 2 and stripped[-2] in "?!.,"


def _quote_follows(sent: Sentence, index: int) -> bool:
    """A comma or colon and an opening quote mark come right after the verb."""
    if index + 2 > len(sent.words):
        return False
    a, b = sent.word(index + 1), sent.word(index + 2)
    return a.text in (",", ":") and b.text in ("\u201c", '"', "''", "``") and b.deprel == "punct"


def _inverted(sent: Sentence, word, source: list[int]) -> bool:
    """ "..., said X" / "“...,” he said": the cue hangs off the content clause that
    precedes it, set off by punctuation (a comma, a closing quote mark or a dash)."""
    rel = word.deprel.split(":")[0]
    if not source or not 0 < word.head < word.index or rel not in ("parataxis", "ccomp", "conj"):
        return False
    if rel == "conj" and tree.children(sent, word.index, "cc"):
        return False  # "X condemned ... and Y said ...": a coordinated attribution, not an inversion
    head = sent.word(word.head)
    if head.index == 1 and head.text.lower() in ("asked", "pressed", "questioned", "challenged"):
        return False  # "Asked if he was bullied, the candidate said no": the question is no content
    first = min(word.index, source[0])
    before = sent.word(first - 1) if first > 1 else None
    return before is not None and (before.upos == "PUNCT" or before.text in tree.QUOTE_CHARS)


def _content_span_words(text: str, sent: Sentence, words: list[int]) -> list[Span]:
    out: list[Span] = []
    for run in tree.contiguous(sorted(words)):
        run = tree.trim(sent, run)
        s = tree.span(text, sent, run)
        if s is not None:
            out.append(s)
    return out


# --------------------------------------------------------------- noun cues


def _noun_cue(text: str, sent: Sentence, index: int, lex: Lexicon) -> Found | None:
    """ "Trump's claim that ...", "a warning from the ministry that ...", "officials
    expressed the hope that ...": a speech noun with a that-clause and a source; or a
    speech-act noun with its topic ("his comments on Muslims", "took swipes at Bush")."""
    word = sent.word(index)
    lemma = word.lemma.lower()
    if word.upos != "NOUN" or (lemma not in lex["speech_nouns"] and lemma not in lex["topic_nouns"]):
        return None
    clauses = [
        c
        for c in tree.children(sent, index, "acl", "ccomp")
        if c.index > index and any(m.lemma.lower() == "that" for m in tree.children(sent, c.index, "mark"))
    ]
    topic: list = []
    if not clauses and lemma in lex["topic_nouns"]:
        # "his comments on Muslims", "made these allegations against the NRA", "took swipes at
        # Bush": the topic of the speech act, in a prepositional phrase
        topic = [
            c
            for c in tree.children(sent, index, "nmod")
            if c.index > index
            and c.upos in ("NOUN", "PROPN", "PRON")
            and c.lemma.lower() not in TIME_HEADS
            and any(k.lemma.lower() in NOUN_TOPIC_CASES for k in tree.children(sent, c.index, "case"))
        ][:1]
        nxt = sent.word(index + 1) if index < len(sent.words) else None
        if not topic and nxt is not None and nxt.deprel == "case" and nxt.lemma.lower() in NOUN_TOPIC_CASES:
            # "took swipes at the board" with the phrase hung off the verb: it follows the noun
            obj = sent.word(nxt.head)
            if obj.head == word.head and obj.deprel.split(":")[0] == "obl" and obj.lemma.lower() not in TIME_HEADS:
                topic = [obj]
    if not clauses and not topic:
        return None
    source: list[int] = []
    poss = tree.children(sent, index, "nmod:poss")
    agents = [
        c
        for c in tree.children(sent, index, "nmod")
        if any(k.lemma.lower() in ("by", "from") for k in tree.children(sent, c.index, "case"))
    ]
    if poss:
        source = [i for i in source_words_of(sent, poss[0].index) if sent.word(i).xpos != "POS"]
    elif agents:
        source = [i for i in source_words_of(sent, agents[0].index) if sent.word(i).deprel != "case"]
    elif word.deprel == "obj" and word.head:
        source = _subject(sent, word.head)  # "officials expressed the hope that ..."
    if not source or tree.is_pronoun(sent.word(source[0])) and sent.word(source[0]).xpos in ("WDT",):
        return None
    if topic and any(i in tree.subtree(sent, topic[0].index) for i in source):
        return None  # "the statement of the ministry": the phrase names who spoke
    content = _content_span_words(text, sent, tree.subtree(sent, (clauses or topic)[0].index))
    if not content:
        return None
    return Found(
        sentence=sent.index,
        cue=Cue(tree.make_span(text, word.start, word.end), lemma, "nominal", lex.is_loaded(lemma)),
        cue_word=index,
        source_words=source,
        content=content,
        form="nominal",
    )


def _adjective_cue(text: str, sent: Sentence, index: int, lex: Lexicon) -> Found | None:
    """ "Clinton is confident that she will win", "Republicans are wary of Trump", "he is
    eager to run": a predicative adjective of belief, feeling or intent (``attitude_adjectives``)
    with a subject, who holds the attitude, and a content: the that-clause, the infinitive or
    the listed preposition's phrase. A compact tagger may call the participles ("concerned",
    "worried") verbs; with a copula or a passive auxiliary they count too."""
    word = sent.word(index)
    if word.upos == "ADJ":
        key = word.lemma.lower()
    elif word.upos == "VERB" and tree.children(sent, index, "cop", "aux:pass"):
        key = word.text.lower()
    else:
        return None
    takes = lex.adjective_content(key) or lex.adjective_content(word.text.lower())
    if not takes or word.deprel in ("amod", "compound"):
        return None
    subjects = tree.children(sent, index, "nsubj", "nsubj:pass")
    if not subjects:
        return None
    heads: list[int] = []
    kids = tree.children(sent, index)
    if "that" in takes or "whether" in takes or "if" in takes:
        # "confident (that) she will win", "unsure whether to run"
        heads = [
            k.index
            for k in kids
            if k.deprel in ("ccomp", "advcl")
            and k.index > index
            and k.upos in ("VERB", "AUX", "ADJ", "NOUN")
            and (k.deprel == "ccomp" or any(m.lemma.lower() in takes for m in tree.children(sent, k.index, "mark")))
        ][:1]
    if not heads and "to" in takes:
        heads = [k.index for k in kids if k.index > index and _to_clause(sent, k)][:1]
    if not heads:
        preps = takes - {"that", "to", "whether", "if"}
        heads = _prep_object(sent, index, kids, frozenset(preps))[:1] if preps else []
        # _prep_object also takes a to-clause; keep only a phrase opened by a listed preposition
        heads = [h for h in heads if any(c.lemma.lower() in preps for c in tree.children(sent, h, "case", "mark"))]
    if not heads:
        return None
    source = _subject(sent, index, lex) or source_words_of(sent, subjects[0].index)
    if not source or sent.word(source[0]).deprel == "expl":
        return None
    content = _content_span(text, sent, heads, index)
    if not content:
        return None
    category = "intention" if "to" in takes and sent.word(heads[0]).deprel == "xcomp" else "thought"
    return Found(
        sentence=sent.index,
        cue=Cue(tree.make_span(text, word.start, word.end), key, category, lex.is_loaded(key)),
        cue_word=index,
        source_words=source,
        content=content,
        form="verb",
    )


#: prepositions that give the topic of a speech noun ("statements *on* the matter")
NOUN_TOPIC_CASES = ("of", "on", "about", "against", "at", "over", "for")


# ------------------------------------------------------------- according to


def _according_to(text: str, sent: Sentence, lex: Lexicon) -> list[Found]:
    """ "..., according to X" and the other phrases listed under ``according_to``."""
    found: list[Found] = []
    lowered = [w.text.lower() for w in sent.words]
    for phrase in sorted(lex["according_to"], key=len, reverse=True):
        parts = phrase.split()
        n = len(parts)
        for i in range(len(lowered) - n + 1):
            if lowered[i : i + n] != parts:
                continue
            first, last = sent.words[i], sent.words[i + n - 1]
            if any(first.index in f.notes.get("phrase", ()) for f in found):
                continue
            phrase_words = list(range(first.index, last.index + 1))
            src_head = _phrase_object(sent, first.index, last.index)
            if src_head is None:
                continue
            source = [j for j in source_words_of(sent, src_head) if j not in phrase_words]
            source = [j for j in source if j > last.index]
            taken = set(phrase_words) | set(tree.subtree(sent, src_head))
            rest = [w.index for w in sent.words if w.index not in taken]
            content = _content_span_words(text, sent, rest)
            if not source or not content:
                continue
            cue_span = tree.make_span(text, first.start, last.end)
            found.append(
                Found(
                    sentence=sent.index,
                    cue=Cue(cue_span, phrase, "according_to", False),
                    cue_word=first.index,
                    source_words=source,
                    content=content,
                    form="according_to",
                    notes={"phrase": tuple(phrase_words)},
                )
            )
    return found


#: documents that carry a figure with "in" ("49 percent in the survey"); "in the
#: investigation", "in a statement" or "in the count" name no source of a figure
IN_DOCUMENTS = {"poll", "survey", "study", "report", "analysis", "census", "audit", "review", "assessment"}


def _in_document(text: str, sent: Sentence, lex: Lexicon) -> list[Found]:
    """ "Trump leads Clinton 49% to 41% in the survey": a poll, study or report named with
    "in" is the source of the sentence's figures (only where the sentence has a figure and
    no other cue)."""
    if not any(w.upos == "NUM" or w.text in ("%", "percent") for w in sent.words):
        return []
    for w in sent.words:
        if w.text.lower() != "in" or w.deprel != "case" or not w.head:
            continue
        head = sent.word(w.head)
        lemma = head.lemma.lower()
        if head.upos not in ("NOUN", "PROPN") or lemma not in IN_DOCUMENTS:
            continue
        source = [i for i in source_words_of(sent, head.index) if i > w.index]
        taken = set(tree.subtree(sent, head.index)) | {w.index}
        rest = [x.index for x in sent.words if x.index not in taken]
        if not source or not any(sent.word(i).upos in ("VERB", "AUX") for i in rest):
            continue
        content = _content_span_words(text, sent, rest)
        if not content:
            continue
        return [
            Found(
                sentence=sent.index,
                cue=Cue(tree.make_span(text, w.start, w.end), "in", "according_to", False),
                cue_word=w.index,
                source_words=source,
                content=content,
                form="according_to",
            )
        ]
    return []


def _phrase_object(sent: Sentence, first: int, last: int) -> int | None:
    """The nominal an according-to phrase introduces: the head the phrase's first
    word attaches to as ``case`` (UD), else the object of a verb like *citing*,
    else the first noun after the phrase."""
    w = sent.word(first)
    if w.deprel in ("case", "mark") and w.head > last:
        return w.head
    objs = [c.index for c in tree.children(sent, first, "obj", "obl", "nmod") if c.index > last]
    if objs:
        return objs[0]
    for c in sent.words[last:]:
        if c.upos in ("NOUN", "PROPN", "PRON", "NUM"):
            head = c.index
            while sent.word(head).head > last and sent.word(sent.word(head).head).upos in ("NOUN", "PROPN"):
                head = sent.word(head).head
            return head
    return None
