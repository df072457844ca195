"""Property tests: extraction never fails and never invents offsets, whatever the
parse looks like (random trees, stray quote marks, odd paragraphs)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.extract import extract
from attribution.model import ParsedDocument, Sentence, Token, Word

VOCAB = [
    ("said", "say", "VERB"),
    ("says", "say", "VERB"),
    ("told", "tell", "VERB"),
    ("believe", "believe", "VERB"),
    ("wants", "want", "VERB"),
    ("according", "accord", "VERB"),
    ("to", "to", "ADP"),
    ("officials", "official", "NOUN"),
    ("spokesman", "spokesman", "NOUN"),
    ("Ali", "Ali", "PROPN"),
    ("Khan", "Khan", "PROPN"),
    ("the", "the", "DET"),
    ("three", "three", "NUM"),
    ("he", "he", "PRON"),
    ("they", "they", "PRON"),
    ("who", "who", "PRON"),
    ("whose", "whose", "PRON"),
    ("statement", "statement", "NOUN"),
    ("killed", "kill", "VERB"),
    ("30", "30", "NUM"),
    ('"', '"', "PUNCT"),
    ("\u201c", "\u201c", "PUNCT"),
    ("\u201d", "\u201d", "PUNCT"),
    (",", ",", "PUNCT"),
    (":", ":", "PUNCT"),
    ("anonymity", "anonymity", "NOUN"),
    ("condition", "condition", "NOUN"),
    ("of", "of", "ADP"),
    ("on", "on", "ADP"),
    ("because", "because", "SCONJ"),
    ("?", "?", "PUNCT"),
]
DEPRELS = [
    "nsubj",
    "nsubj:pass",
    "obj",
    "ccomp",
    "xcomp",
    "parataxis",
    "advcl",
    "acl:relcl",
    "acl",
    "conj",
    "case",
    "fixed",
    "det",
    "nmod",
    "nmod:poss",
    "obl",
    "compound",
    "flat",
    "appos",
    "nummod",
    "punct",
    "mark",
    "amod",
    "expl",
    "csubj:pass",
    "obl:agent",
    "cop",
    "aux",
]
NER = ["O", "O", "O", "S-PERSON", "B-PERSON", "E-PERSON", "S-ORG", "S-PLACE", "I-ORG"]


@st.composite
def documents(draw) -> ParsedDocument:
    n_sent = draw(st.integers(1, 6))
    text = ""
    sentences: list[Sentence] = []
    paragraph = 0
    for si in range(n_sent):
        if si and draw(st.booleans()):
            text += "\n\n"
            paragraph += 1
        elif si:
            text += " "
        n = draw(st.integers(1, 12))
        picks = [draw(st.sampled_from(VOCAB)) for _ in range(n)]
        order = draw(st.permutations(list(range(1, n + 1))))
        heads = {order[0]: 0}
        for k, i in enumerate(order[1:], start=1):
            heads[i] = order[draw(st.integers(0, k - 1))]
        tokens: list[Token] = []
        words: list[Word] = []
        for i, (form, lemma, upos) in enumerate(picks, start=1):
            if i > 1 and draw(st.booleans()):
                text += " "
            start = len(text)
            text += form
            deprel = "root" if heads[i] == 0 else draw(st.sampled_from(DEPRELS))
            xpos = draw(st.sampled_from(["NN", "NNS", "PRP", "WP", "WP$", "VBD", "_"]))
            feats = draw(st.sampled_from(["", "Number=Plur", "Tense=Pres", "Tense=Past", "Voice=Pass"]))
            words.append(
                Word(
                    i,
                    form,
                    lemma,
                    upos,
                    xpos,
                    feats,
                    heads[i],
                    deprel,
                    start,
                    len(text),
                    i - 1,
                    draw(st.sampled_from(NER)),
                )
            )
            tokens.append(Token(i - 1, form, start, len(text), (i,)))
        s_start, s_end = tokens[0].start, tokens[-1].end
        sentences.append(Sentence(si, s_start, s_end, text[s_start:s_end], tuple(tokens), tuple(words), (), paragraph))
    return ParsedDocument(text, tuple(sentences), "random")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_extraction_survives_any_parse_and_keeps_offsets(doc: ParsedDocument) -> None:
    ex = extract(doc)
    assert len(ex.claims) <= len(doc.sentences)  # a comma-ended fragment joins the next sentence
    for a in ex.attributions:
        spans = [a.cue.span, *a.content]
        if a.source is not None:
            for s in (a.source.span, a.source.resolved_from, a.source.anonymity_reason):
                if s is not None:
                    spans.append(s)
        for s in spans:
            assert 0 <= s.start <= s.end <= len(doc.text)
            assert doc.text[s.start : s.end] == s.text
    assert [a.id for a in ex.attributions] == [f"a{i}" for i in range(1, len(ex.attributions) + 1)]
    ids = {a.id for a in ex.attributions}
    assert all(c.attribution is None or c.attribution in ids for c in ex.claims)


def test_empty_document() -> None:
    ex = extract(ParsedDocument("", ()))
    assert ex.attributions == () and ex.claims == ()
