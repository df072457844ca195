"""CoNLL-U round trip for parsed documents.

Cached parses are the fixtures of the fast unit tests: a document written
here and read back is equal to the original, offsets and entities included,
without loading a model. The original text travels JSON-encoded in a
``# doc_text_json`` comment so that a ``.conllu`` file is self-contained;
token offsets, paragraph numbers and BIOES entity tags live in MISC, the way
stanza writes them.
"""

from __future__ import annotations

import json

from attribution.model import Entity, ParsedDocument, Sentence, Token, Word


def dumps(doc: ParsedDocument) -> str:
    lines = [f"# doc_text_json = {json.dumps(doc.text, ensure_ascii=False)}"]
    if doc.model:
        lines.append(f"# model = {doc.model}")
    for sent in doc.sentences:
        lines.append(f"# sent_id = {sent.index + 1}")
        lines.append(f"# paragraph = {sent.paragraph}")
        lines.append("# text = " + " ".join(sent.text.split()))
        for tok in sent.tokens:
            misc = f"start_char={tok.start}|end_char={tok.end}"
            words = [sent.word(i) for i in tok.word_indices]
            ner = words[0].ner if words else "O"
            if ner != "O":
                misc += f"|ner={ner}"
            if len(words) > 1:
                lines.append(f"{words[0].index}-{words[-1].index}\t{_esc(tok.text)}\t_\t_\t_\t_\t_\t_\t_\t{misc}")
                misc_w = "_"
            else:
                misc_w = misc
            for w in words:
                lines.append(
                    "\t".join(
                        [
                            str(w.index),
                            _esc(w.text),
                            _esc(w.lemma),
                            w.upos or "_",
                            w.xpos or "_",
                            w.feats or "_",
                            str(w.head),
                            w.deprel or "_",
                            "_",
                            misc_w,
                        ]
                    )
                )
        lines.append("")
    return "\n".join(lines) + "\n"


def _esc(s: str) -> str:
    # CoNLL-U fields cannot hold tabs or newlines; spaces are allowed in v2.
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ") or "_"


def loads(data: str) -> ParsedDocument:
    text: str | None = None
    model = ""
    sentences: list[Sentence] = []
    block: list[str] = []
    paragraph = 0
    for raw in data.split("\n"):
        line = raw.rstrip("\r")
        if line.startswith("# doc_text_json = "):
            text = json.loads(line[len("# doc_text_json = ") :])
            continue
        if line.startswith("# model = "):
            model = line[len("# model = ") :]
            continue
        if line.startswith("# paragraph = "):
            paragraph = int(line[len("# paragraph = ") :])
            continue
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                if text is None:
                    raise ValueError("CoNLL-U parse cache lacks '# doc_text_json'")
                sentences.append(_sentence(block, text, len(sentences), paragraph))
                block = []
            continue
        block.append(line)
    if block:
        if text is None:
            raise ValueError("CoNLL-U parse cache lacks '# doc_text_json'")
        sentences.append(_sentence(block, text, len(sentences), paragraph))
    if text is None:
        text = ""
    return ParsedDocument(text=text, sentences=tuple(sentences), model=model)


def _misc(field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if field in ("", "_"):
        return out
    for part in field.split("|"):
        k, _, v = part.partition("=")
        out[k] = v
    return out


def _sentence(block: list[str], text: str, index: int, paragraph: int) -> Sentence:
    tokens: list[Token] = []
    words: list[Word] = []
    pending: tuple[int, int, int, int, str, dict[str, str]] | None = None
    for line in block:
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"bad CoNLL-U line (expected 10 columns): {line!r}")
        wid = cols[0]
        if "." in wid:
            continue  # empty nodes are not used
        if "-" in wid:
            a, b = (int(x) for x in wid.split("-"))
            m = _misc(cols[9])
            pending = (a, b, int(m["start_char"]), int(m["end_char"]), cols[1], m)
            tokens.append(
                Token(
                    len(tokens),
                    text[int(m["start_char"]) : int(m["end_char"])],
                    int(m["start_char"]),
                    int(m["end_char"]),
                    tuple(range(a, b + 1)),
                )
            )
            continue
        i = int(wid)
        if pending and pending[0] <= i <= pending[1]:
            start, end, m = pending[2], pending[3], pending[5]
            tok_index = len(tokens) - 1
            if i == pending[1]:
                pending = None
        else:
            m = _misc(cols[9])
            start, end = int(m["start_char"]), int(m["end_char"])
            tok_index = len(tokens)
            tokens.append(Token(tok_index, text[start:end], start, end, (i,)))
        words.append(
            Word(
                index=i,
                text=cols[1],
                lemma=cols[2] if cols[2] != "_" or cols[1] == "_" else "_",
                upos=cols[3],
                xpos=cols[4],
                feats="" if cols[5] == "_" else cols[5],
                head=int(cols[6]) if cols[6] != "_" else 0,
                deprel=cols[7],
                start=start,
                end=end,
                token_index=tok_index,
                ner=m.get("ner", "O"),
            )
        )
    start = tokens[0].start if tokens else 0
    end = tokens[-1].end if tokens else 0
    sent = Sentence(index, start, end, text[start:end], tuple(tokens), tuple(words), (), paragraph)
    ents = entities_from_tags(sent, text)
    return Sentence(index, start, end, text[start:end], tuple(tokens), tuple(words), ents, paragraph)


def entities_from_tags(sent: Sentence, text: str) -> tuple[Entity, ...]:
    """Rebuild entity spans from BIOES (or BIO) tags on the surface tokens."""
    ents: list[Entity] = []
    open_type: str | None = None
    open_start = 0
    last_end = 0
    for tok in sent.tokens:
        tag = sent.word(tok.word_indices[0]).ner if tok.word_indices else "O"
        prefix, _, etype = tag.partition("-")
        if prefix in ("B", "S") or (prefix in ("I", "E") and open_type != etype):
            if open_type:
                ents.append(Entity(open_start, last_end, text[open_start:last_end], open_type, sent.index))
            open_type, open_start = etype, tok.start
        elif prefix == "O":
            if open_type:
                ents.append(Entity(open_start, last_end, text[open_start:last_end], open_type, sent.index))
            open_type = None
        last_end = tok.end
        if prefix in ("E", "S") and open_type:
            ents.append(Entity(open_start, last_end, text[open_start:last_end], open_type, sent.index))
            open_type = None
    if open_type:
        ents.append(Entity(open_start, last_end, text[open_start:last_end], open_type, sent.index))
    return tuple(ents)
