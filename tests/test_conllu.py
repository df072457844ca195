"""CoNLL-U round trip of parsed documents (the cache format of unit tests)."""

from __future__ import annotations

from attribution.model import ParsedDocument, Sentence, Token, Word
from attribution.nlp import conllu


def _doc() -> ParsedDocument:
    text = "Mao Ning said it.\n\nWe don't know."
    w = [
        Word(1, "Mao", "Mao", "PROPN", "NNP", "Number=Sing", 3, "nsubj", 0, 3, 0, "B-PERSON"),
        Word(2, "Ning", "Ning", "PROPN", "NNP", "Number=Sing", 1, "flat", 4, 8, 1, "E-PERSON"),
        Word(3, "said", "say", "VERB", "VBD", "Tense=Past", 0, "root", 9, 13, 2),
        Word(4, "it", "it", "PRON", "PRP", "", 3, "obj", 14, 16, 3),
        Word(5, ".", ".", "PUNCT", ".", "", 3, "punct", 16, 17, 4),
    ]
    s1 = Sentence(
        0,
        0,
        17,
        text[0:17],
        tuple(Token(i, text[x.start : x.end], x.start, x.end, (x.index,)) for i, x in enumerate(w)),
        tuple(w),
    )
    w2 = [
        Word(1, "We", "we", "PRON", "PRP", "", 3, "nsubj", 19, 21, 0),
        Word(2, "do", "do", "AUX", "VBP", "", 3, "aux", 22, 27, 1),
        Word(3, "n't", "not", "PART", "RB", "", 4, "advmod", 22, 27, 1),
        Word(4, "know", "know", "VERB", "VB", "", 0, "root", 28, 32, 2),
        Word(5, ".", ".", "PUNCT", ".", "", 4, "punct", 32, 33, 3),
    ]
    t2 = (
        Token(0, "We", 19, 21, (1,)),
        Token(1, "don't", 22, 27, (2, 3)),
        Token(2, "know", 28, 32, (4,)),
        Token(3, ".", 32, 33, (5,)),
    )
    s2 = Sentence(1, 19, 33, text[19:33], t2, tuple(w2), (), 1)
    s1 = Sentence(0, 0, 17, text[0:17], s1.tokens, s1.words, conllu.entities_from_tags(s1, text), 0)
    return ParsedDocument(text, (s1, s2), "test")


def test_round_trip_is_identity():
    doc = _doc()
    again = conllu.loads(conllu.dumps(doc))
    assert again == doc


def test_entities_rebuilt_from_bioes_tags():
    doc = conllu.loads(conllu.dumps(_doc()))
    ents = doc.entities
    assert [(e.text, e.type) for e in ents] == [("Mao Ning", "PERSON")]
    assert doc.text[ents[0].start : ents[0].end] == "Mao Ning"


def test_multiword_tokens_share_offsets():
    doc = conllu.loads(conllu.dumps(_doc()))
    s = doc.sentences[1]
    assert s.tokens[1].text == "don't" and s.tokens[1].word_indices == (2, 3)
    assert s.word(2).start == s.word(3).start == 22
