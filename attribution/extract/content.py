"""What was said: stretch content over the quotes it touches, decide direct vs
indirect speech, and give speakerless quote paragraphs to the last speaker.

The parse sees one sentence at a time, but a quote often runs over several
sentences ("“... civilians. This may ... objective,” said X"): content that
touches a quote is widened to the whole quote (all its pieces), so the
earlier sentences of the quote belong to the same attribution.
"""

from __future__ import annotations

from attribution.extract.cues import Found
from attribution.extract.quotes import Quote, quoted_share
from attribution.model import Cue, ParsedDocument, Span

#: at or above this quoted share the content counts as a direct quote rather than a partial one
FULL_QUOTE_SHARE = 0.85
#: how many paragraphs back the last speaker of a floating quote may be
FLOAT_WINDOW = 1


def fill_awaited(text: str, found: list[Found], quotes: list[Quote], doc: ParsedDocument) -> list[Found]:
    """Give cues that end their sentence with ':' or ',' the quote that follows
    ("Rathbun stated: “...”"); drop them when no quote follows within two sentences."""
    kept: list[Found] = []
    for f in found:
        if f.notes.get("after_quote"):
            # "“...?” Sanders replied.": the quotation (all its parts) that ends right before
            start = doc.sentences[f.sentence].start
            before = [q for q in quotes if q.outer.end <= start and not text[q.outer.end : start].strip()]
            last = before[-1] if before else None
            if last is not None:
                group = [q for q in quotes if q.group == last.group]
                f.content = [Span(group[0].outer.start, last.outer.end, text[group[0].outer.start : last.outer.end])]
                kept.append(f)
            continue
        if not f.notes.get("awaits_quote"):
            kept.append(f)
            continue
        limit_sent = min(f.sentence + 2, len(doc.sentences) - 1)
        limit = doc.sentences[limit_sent].end
        nxt = next((q for q in quotes if q.outer.start >= f.cue.span.end and q.outer.start < limit), None)
        if nxt is not None:
            start, end = _quote_run(doc, quotes, nxt, found)
        elif f.sentence + 1 < len(doc.sentences) and text[
            f.cue.span.end : doc.sentences[f.sentence].end
        ].rstrip().endswith(":"):
            # "He wrote:" over an unquoted block: the next paragraph is what he wrote
            para = doc.sentences[f.sentence + 1].paragraph
            block = [s for s in doc.sentences if s.paragraph == para and s.index > f.sentence]
            start, end = block[0].start, block[-1].end
        else:
            continue
        f.content = [Span(start, end, text[start:end])]
        kept.append(f)
    return kept


def _quote_run(doc: ParsedDocument, quotes: list[Quote], first: Quote, found: list[Found]) -> tuple[int, int]:
    """The quote after a colon and the quote paragraphs that follow it straight on
    ("He listed them:" followed by one quoted question per paragraph)."""
    group = [q for q in quotes if q.group == first.group]
    start, end = group[0].outer.start, group[-1].outer.end
    cue_paragraphs = {doc.sentences[g.sentence].paragraph for g in found if not g.notes.get("awaits_quote")}
    while True:
        last_para = _paragraph_of(doc, end - 1)
        nxt = next((q for q in quotes if q.outer.start >= end), None)
        if nxt is None:
            break
        para = _paragraph_of(doc, nxt.outer.start)
        if para != last_para + 1 or para in cue_paragraphs or not _opens_paragraph(doc, nxt.outer.start):
            break
        group = [q for q in quotes if q.group == nxt.group]
        end = group[-1].outer.end
    return start, end


def _paragraph_of(doc: ParsedDocument, offset: int) -> int:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.paragraph
    return -1


def _opens_paragraph(doc: ParsedDocument, offset: int) -> bool:
    return any(
        s.start == offset or (s.start <= offset <= s.start + 1)
        for s in doc.sentences
        if s.index == 0 or doc.sentences[s.index - 1].paragraph != s.paragraph
    )


def expand_to_quotes(text: str, found: list[Found], quotes: list[Quote]) -> None:
    """Widen content spans to cover every quote they overlap (whole quote group)."""
    for f in found:
        out: list[Span] = []
        for s in f.content:
            start, end = s.start, s.end
            for q in quotes:
                if q.outer.start < end and start < q.outer.end:
                    group = [p for p in quotes if p.group == q.group]
                    if f.cue.span.start >= min(p.outer.start for p in group) and f.cue.span.end <= max(
                        p.outer.end for p in group
                    ):
                        continue  # the cue itself is quoted: do not swallow it
                    start = min(start, min(p.outer.start for p in group))
                    end = max(end, max(p.outer.end for p in group))
            end = _with_closing_mark(text, end)
            out.append(Span(start, end, text[start:end]))
        f.content = _merge(text, out)


def _with_closing_mark(text: str, end: int) -> int:
    """Keep a closing quote mark that directly follows the content's last word/punct."""
    while end < len(text) and text[end] in ".,;:!?" and end + 1 < len(text) and text[end + 1] in '"\u201d':
        end += 1
    if end < len(text) and text[end] in '"\u201d' and (end == 0 or not text[end - 1].isspace()):
        end += 1
    return end


def _merge(text: str, spans: list[Span]) -> list[Span]:
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for s in spans:
        if out and s.start <= out[-1].end:
            end = max(out[-1].end, s.end)
            out[-1] = Span(out[-1].start, end, text[out[-1].start : end])
        else:
            out.append(s)
    return out


def mark_direct(found: list[Found], quotes: list[Quote]) -> None:
    """Set ``direct`` and the partial-quote form from how much content is quoted."""
    for f in found:
        total = sum(s.end - s.start for s in f.content)
        if not total:
            continue
        share = sum(quoted_share(quotes, s.start, s.end) * (s.end - s.start) for s in f.content) / total
        if share > 0:
            f.direct = True
            if share < FULL_QUOTE_SHARE and f.form == "verb":
                f.form = "partial_quote"  # 'said the figure was "a fantasy"'
            elif f.form == "verb" and all(c.end <= f.cue.span.start for c in f.content):
                f.form = "quote"  # '"...," Okafor said.': a direct quote with its speech verb after it


def _opens_in_quote(quotes: list[Quote], start: int) -> bool:
    """The sentence begins with a quote mark or inside a running quote."""
    return any(q.outer.start <= start < q.outer.end for q in quotes)


def floating_quotes(doc: ParsedDocument, found: list[Found], quotes: list[Quote]) -> list[Found]:
    """Quote sentences nobody claims go to the last speaker, or else are orphans.

    Only sentences that open inside a quotation and are mostly quoted qualify. A
    floating quote within ``FLOAT_WINDOW`` paragraphs of the last attribution is
    added to that attribution's content (one speaker, one attribution); the others
    become orphan quotes (form ``quote``, no source), one per quotation.
    Returns the new orphan attributions.
    """
    text = doc.text
    covered = [s for f in found for s in f.content]
    orphans: list[Found] = []
    for sent in doc.sentences:
        if quoted_share(quotes, sent.start, sent.end) < 0.8 or not _opens_in_quote(quotes, sent.start):
            continue
        if any(c.start <= sent.start and sent.end <= c.end + 1 for c in covered):
            continue
        if any(f.sentence == sent.index for f in found):
            continue
        content = Span(sent.start, sent.end, text[sent.start : sent.end])
        quote = next(q for q in quotes if q.outer.start <= sent.start < q.outer.end)
        prior = [f for f in found if f.sentence < sent.index and f.source is not None]
        last = max(prior, key=lambda f: f.notes.get("last_sentence", f.sentence)) if prior else None
        last_para = doc.sentences[last.notes.get("last_sentence", last.sentence)].paragraph if last else -99
        if last is not None and sent.paragraph - last_para <= FLOAT_WINDOW:
            last.content = _merge(text, [*last.content, content])
            last.direct = True
            last.notes["last_sentence"] = sent.index
            continue
        if orphans and orphans[-1].notes.get("group") == quote.group:
            orphans[-1].content = _merge(text, [*orphans[-1].content, content])
            continue
        mark = quote.outer.start
        orphans.append(
            Found(
                sentence=sent.index,
                cue=Cue(Span(mark, mark + 1, text[mark : mark + 1]), "quote", "speech", False),
                cue_word=0,
                source_words=[],
                content=[content],
                form="quote",
                direct=True,
                notes={"orphan": True, "group": quote.group},
            )
        )
    return orphans
