"""Why is a source anonymous? Find the reason and attach it to the source.

Newsrooms state the reason in a sentence of its own ("They spoke on condition
of anonymity as they were not authorized to speak to the media.") or in a
relative clause on the source ("an official who spoke on condition of
anonymity because ..."). The reason span is the ``because``/``as``/``since``
clause when there is one, else the anonymity phrase's clause. A sentence that
only states the reason is an anonymity note, not a claim.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from attribution.extract import tree
from attribution.extract.cues import Found
from attribution.extract.lexicon import Lexicon
from attribution.model import ParsedDocument, Sentence, SourceKind, Span

#: anonymity phrases that describe who the source is rather than why it is unnamed
DESCRIPTIVE = ("familiar with", "with knowledge of", "briefed on", "close to")
REASON_MARKERS = ("because", "as", "since", "for")
#: how many paragraphs back a reason sentence may point
WINDOW = 2


def reason_phrases(lex: Lexicon) -> list[str]:
    return sorted((p for p in lex["anonymity_phrases"] if p not in DESCRIPTIVE), key=len, reverse=True)


def _reason_span(text: str, sent: Sentence, phrase_at: int, stop: int | None = None) -> Span:
    """The stated reason: a because/as/since clause after the phrase, else the
    sentence from the phrase on."""
    for w in sent.words:
        if w.start < phrase_at:
            continue
        # "because they were not authorized" (mark) or "because of the sensitivity" (case)
        marks = [m for m in tree.children(sent, w.index, "mark", "case") if m.lemma.lower() in REASON_MARKERS]
        if marks and marks[0].deprel == "case" and marks[0].lemma.lower() != "because":
            marks = []
        if marks and w.upos in ("VERB", "AUX", "ADJ", "NOUN"):
            drop = {m.index for m in marks} | {i for m in marks for i in tree.subtree(sent, m.index)}
            words = [i for i in tree.subtree(sent, w.index) if i not in drop]
            if stop is not None:
                words = [i for i in words if sent.word(i).end <= stop]  # not past the cue of the sentence
            while words and sent.word(words[0]).deprel in ("case", "fixed", "mark"):
                words = words[1:]  # "because of the sensitivity" -> "the sensitivity ..."
            words = tree.trim(sent, words, keep_quotes=False)
            s = tree.span(text, sent, words)
            if s is not None:
                return s
    end = sent.end
    while end > phrase_at and text[end - 1] in ".!?;, ":
        end -= 1
    return Span(phrase_at, end, text[phrase_at:end])


_PURPOSE = regex.compile(r"\s*(?:in order\s+)?to\s+(?:\w+\s+)?\Z")

#: verbs that only frame a condition of anonymity when they stand right before its phrase
FRAMING_VERBS = frozenset({"speak", "talk", "ask", "request", "agree", "insist", "demand", "comment"})


def inside_anonymity_phrase(doc: ParsedDocument, f: Found, lex: Lexicon) -> bool:
    """The cue is part of an anonymity phrase ("who asked not to be named", "spoke on
    condition of anonymity"): it explains the source, it attributes nothing."""
    sent = doc.sentences[f.sentence]
    low = doc.text[sent.start : sent.end].lower()
    for p in reason_phrases(lex):
        at = low.find(p)
        while at >= 0:
            start = sent.start + at
            # the phrase, and the verb right before it when that verb only frames the
            # condition ("spoke on condition ...", "asked not to be named"); "he said, on
            # condition of anonymity" still reports what he said
            if start <= f.cue.span.start < start + len(p):
                return True
            if start - 12 <= f.cue.span.start < start and f.cue.lemma in FRAMING_VERBS:
                return True
            # "... on condition of anonymity to speak freely about ...": the purpose clause
            end = start + len(p)
            if end <= f.cue.span.start and _PURPOSE.match(doc.text, end, f.cue.span.start):
                return True
            at = low.find(p, at + 1)
    return False


def link_reasons(doc: ParsedDocument, found: list[Found], lex: Lexicon) -> set[int]:
    """Attach reasons to anonymous sources; return the indices of sentences that are
    anonymity notes (they state a reason and carry no attribution of their own)."""
    text = doc.text
    notes: set[int] = set()
    phrases = reason_phrases(lex)
    for sent in doc.sentences:
        low = sent.text.lower()
        hit = next((p for p in phrases if p in low), None)
        if hit is None:
            continue
        phrase_at = sent.start + low.index(hit)
        reason = _reason_span(text, sent, phrase_at)
        # inside a source mention of this sentence ("an official who spoke on condition ...")
        target = next(
            (
                f
                for f in found
                if f.sentence == sent.index
                and f.source
                and f.source.span
                and f.source.span.start <= phrase_at < max(f.source.span.end, f.cue.span.start)
            ),
            None,
        )  # within the mention or its relative clause, before the cue ("an official who spoke ... said")
        if target is not None:
            reason = _reason_span(text, sent, phrase_at, stop=target.cue.span.start)
        if target is None:
            earlier = [
                f
                for f in found
                if f.source is not None
                and f.source.kind == SourceKind.ANONYMOUS
                and f.sentence < sent.index
                and sent.paragraph - doc.sentences[f.sentence].paragraph <= WINDOW
            ]
            target = max(earlier, key=lambda f: (f.sentence, f.cue.span.start)) if earlier else None
            own = [f for f in found if f.sentence == sent.index and f.form != "continuation"]
            if not own:
                notes.add(sent.index)
        if target is None or target.source is None:
            continue
        if target.source.kind != SourceKind.ANONYMOUS and target.sentence != sent.index:
            continue
        _attach(found, target, reason)
    return notes


def _attach(found: list[Found], target: Found, reason: Span) -> None:
    """Give the reason to the target source and every mention of the same source."""
    assert target.source is not None
    key = target.source.resolved_from or target.source.span
    for f in found:
        if f.source is None:
            continue
        same = f is target or (key is not None and (f.source.resolved_from == key or f.source.span == key))
        if same and f.source.anonymity_reason is None:
            f.source = replace(f.source, anonymity_reason=reason)
