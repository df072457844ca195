"""Hand-built parsed documents for the NLP post-processing tests (names, entity types).

A sentence is a space-separated list of words, each "text", "text/UPOS" or
"text/UPOS/NER-TAG" (BIOES). A token "I'm" or "There's" is two words, a pronoun and a
verb, and a name's "'s" a second word of the same token, as stanza's mwt splits them.
"""

from __future__ import annotations

from attribution.model import ParsedDocument, Sentence, Token, Word
from attribution.nlp.conllu import entities_from_tags


def pieces(form: str, upos: str) -> list[tuple[str, str]]:
    """The words of one token, with their UPOS."""
    for clitic in ("'m", "'re", "'s"):
        if form.endswith(clitic) and len(form) > len(clitic):
            head = form[: -len(clitic)]
            if upos == "PRON" or head in ("I", "There", "You", "It"):
                return [(head, "PRON"), (clitic, "AUX")]
            return [(head, upos), (clitic, "PART")]
    return [(form, upos)]


def build_doc(*sentences: str) -> ParsedDocument:
    """A document of the given sentences, tokens separated by one space, entities read
    off the NER tags."""
    text = " ".join(item.split("/")[0] for spec in sentences for item in spec.split()) + " "
    pos = 0
    out = []
    for si, spec in enumerate(sentences):
        tokens, words = [], []
        for ti, item in enumerate(spec.split()):
            form, upos, ner = (item.split("/") + ["X", "O"])[:3]
            upos = upos if upos != "X" else ("PROPN" if form[:1].isupper() else "NOUN")
            start, end = pos, pos + len(form)
            ids = []
            for piece, piece_upos in pieces(form, upos):
                ids.append(len(words) + 1)
                words.append(
                    Word(len(words) + 1, piece, piece.lower(), piece_upos, "_", "", 0, "dep", start, end, ti, ner)
                )
            tokens.append(Token(ti, form, start, end, tuple(ids)))
            pos = end + 1
        s0, s1 = tokens[0].start, tokens[-1].end
        sent = Sentence(si, s0, s1, text[s0:s1], tuple(tokens), tuple(words))
        out.append(Sentence(si, s0, s1, sent.text, sent.tokens, sent.words, entities_from_tags(sent, text)))
    return ParsedDocument(text=text, sentences=tuple(out))


def entity_pairs(doc: ParsedDocument) -> list[tuple[str, str]]:
    """(text, type) of every entity, in document order."""
    return [(e.text, e.type) for e in doc.entities]
