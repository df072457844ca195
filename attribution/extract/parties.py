"""Interested parties: a side in the story speaking about its own actions.

An organisation source counts as interested when the article shows it acting
in the events it reports: it is the subject of at least ``MIN_ACTIONS``
non-attribution verbs elsewhere ("The BLA regularly targets ...", "The BLA
carried out a suicide bombing ..."). A party only mentioned ("China
condemned") is not.
"""

from __future__ import annotations

from dataclasses import replace

from attribution.extract.cues import SUBJECT_RELS, Found
from attribution.extract.lexicon import Lexicon
from attribution.model import ParsedDocument, SourceKind

MIN_ACTIONS = 2
NON_ACTIONS = {"be", "have", "become", "seem", "remain", "host", "border", "include", "lie"}


def _key(name: str) -> str:
    words = [w for w in name.lower().split() if w not in ("the",)]
    return " ".join(words)


def _subject_name(sent, subj) -> str:
    """The proper-name words of a subject phrase ("the BLA separatists" -> "bla")."""
    words = [w for w in sent.words if w.upos == "PROPN" and (w.head == subj.index or w.index == subj.index)]
    return _key(" ".join(w.text for w in words))


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def mark_interested(doc: ParsedDocument, found: list[Found], lex: Lexicon) -> None:
    """Flag organisation sources that act in the story they report on."""
    names = {
        _key(f.source.name or "")
        for f in found
        if f.source is not None and f.source.kind == SourceKind.NAMED_ORGANIZATION and f.source.name
    }
    names.discard("")
    cue_words = {(f.sentence, f.cue_word) for f in found}
    actions: dict[str, int] = dict.fromkeys(names, 0)
    for sent in doc.sentences:
        for subj in sent.words:
            if subj.deprel not in SUBJECT_RELS or not subj.head:
                continue
            verb = sent.word(subj.head)
            if verb.upos != "VERB" or (sent.index, verb.index) in cue_words:
                continue
            if verb.lemma.lower() in NON_ACTIONS or lex.verb_category(verb.lemma):
                continue
            who = _subject_name(sent, subj)
            # a conjoined predicate shares the subject: "targets ... and has attacked"
            shared = sum(
                1
                for c in sent.words
                if c.head == verb.index
                and c.deprel == "conj"
                and c.upos == "VERB"
                and not any(g.head == c.index and g.deprel in SUBJECT_RELS for g in sent.words)
            )
            for name in names:
                if _same(name, who):
                    actions[name] += 1 + shared
    sides: set[str] = set()  # words naming the interested bodies ("union", "logistics", "utility")
    for f in found:
        if f.source is None or f.source.kind != SourceKind.NAMED_ORGANIZATION:
            continue
        acting = bool(f.source.name) and actions.get(_key(f.source.name), 0) >= MIN_ACTIONS
        if acting or _about_itself(doc, f):
            f.source = replace(f.source, interested_party=True)
            mention = (f.source.name or (f.source.span.text if f.source.span else "")).lower()
            sides |= {w for w in mention.replace("\u2019", " ").split() if len(w) > 3 and w not in ("the",)}
    # people who speak for an interested body ("Union organiser Dave Pruitt", "Utility director ...")
    for f in found:
        s = f.source
        if s is None or s.kind != SourceKind.NAMED_PERSON or s.interested_party:
            continue
        described = f"{s.role or ''} {s.affiliation or ''}".lower().split()
        if sides and any(w in sides for w in described):
            f.source = replace(s, interested_party=True)
    _spread(found)


def _spread(found: list[Found]) -> None:
    """Every mention of an interested source is interested ("The company" ... "It said")."""
    keys = {
        (f.source.resolved_from or f.source.span)
        for f in found
        if f.source is not None and f.source.interested_party and (f.source.resolved_from or f.source.span)
    }
    names = {f.source.name for f in found if f.source is not None and f.source.interested_party and f.source.name}
    for f in found:
        s = f.source
        if s is None or s.interested_party:
            continue
        if (s.resolved_from or s.span) in keys or (s.name and s.name in names) or (s.span in keys):
            f.source = replace(s, interested_party=True)


def _about_itself(doc: ParsedDocument, f: Found) -> bool:
    """The content speaks of the source's own people or deeds ("The BLA said *its*
    fighters had killed 50 soldiers")."""
    assert f.source is not None
    own = {"its", "our", "we", "us"} | ({"their", "they"} if f.source.plural else set())
    for c in f.content:
        for sent in doc.sentences:
            if sent.end <= c.start or sent.start >= c.end:
                continue
            for w in sent.words:
                if c.start <= w.start < c.end and w.text.lower() in own and w.upos == "PRON":
                    return True
    return False
