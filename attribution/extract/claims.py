"""Every sentence becomes a :class:`Claim`, or says why it is not one.

Not claims: headings and subheads (a short line alone in its paragraph with
no final period), questions, bylines and credit lines, datelines. Declined
comment disclosures and anonymity notes get their own status. A claim points
to the attribution whose content covers most of it, or to none.
"""

from __future__ import annotations

import regex

from attribution.extract.lexicon import Lexicon
from attribution.model import Attribution, Claim, ParsedDocument, Sentence, Span

HEADING_MAX_WORDS = 12
#: share of a sentence an attribution's content must cover to carry the claim
MIN_COVER = 0.3
#: the same for an attribution made in the sentence itself ("China condemned the attack")
MIN_COVER_OWN = 0.12
_DATELINE = regex.compile(r"^\p{Lu}[\p{Lu}\p{Lu} .,'-]{2,}(?:\([^)]*\))?\s*[\u2014\u2013-]+\s*$")
#: verbs of state that describe standing facts ("borders Iran", "typically have guards")
STATIVE = {
    "be",
    "have",
    "border",
    "lie",
    "include",
    "contain",
    "cover",
    "remain",
    "belong",
    "consist",
    "host",
    "sit",
    "span",
    "stretch",
    "comprise",
    "mean",
    "number",
    "lack",
}
_DATELINE_PREFIX = regex.compile(
    r"\p{Lu}[\p{Lu}\p{M} .'-]{2,}(?:,[ \p{L}.'-]{2,30})?\s*(?:\([^)\n]{2,40}\))?\s*[\u2014\u2013-]{1,2}\s+"
)
_BYLINE = regex.compile(r"^By\s+\p{Lu}[\p{L}.'-]+(?:\s+(?:\p{Lu}[\p{L}.'-]+|and|&|,))*\s*$")
_YEAR = regex.compile(r"^(1[89]|20)\d\d$")
_NUMBER_WORDS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "percent",
}


def _alone_in_paragraph(doc: ParsedDocument, sent: Sentence) -> bool:
    return sum(1 for s in doc.sentences if s.paragraph == sent.paragraph) == 1


def not_claim_reason(doc: ParsedDocument, sent: Sentence, lex: Lexicon) -> str:
    """Why a sentence is no claim ('' when it is one)."""
    text = sent.text.strip()
    low = text.lower()
    words = [w for w in sent.words if w.upos != "PUNCT"]
    if any(p in low for p in lex["credit_phrases"]):
        return "credit"
    if _DATELINE.match(text):
        return "dateline"
    if _BYLINE.match(text) and len(words) <= HEADING_MAX_WORDS:
        return "byline"
    quoted = any(ch in text for ch in '"\u201c\u201d')
    if (
        _alone_in_paragraph(doc, sent)
        and len(words) <= HEADING_MAX_WORDS
        and not quoted
        and not text.endswith((".", "\u201d", '"'))
    ):
        return "heading"
    if text.endswith("?"):
        return "question"
    return ""


def has_figure(sent: Sentence) -> bool:
    """Numbers and counts ("At least 30 militants", "killing 26 people"), not years."""
    for w in sent.words:
        t = w.text.lower().replace(",", "")
        if w.upos == "NUM" or t.replace(".", "", 1).isdigit():
            if _YEAR.match(t):
                continue
            if t in ("one",):
                continue
            nxt = sent.word(w.index + 1) if w.index < len(sent.words) else None
            if t == "half" and nxt is not None and nxt.text == "-" and nxt.start == w.end:
                continue  # "half-time", "half-hour": a compound, not a count
            return True
        if t in _NUMBER_WORDS:
            return True
    return False


def is_common_knowledge(sent: Sentence) -> bool:
    """Background: a present-tense state ("X is Pakistan's largest province", "X has long
    been the scene of ...", "trains typically have guards") rather than an event.

    Read off the first finite verb of the main clause (skipping relative and
    subordinate clauses), which survives a parse that gets the tree wrong."""
    words = list(sent.words)
    finite = None
    for k, w in enumerate(words):
        if not _is_finite(w):
            continue
        lead = [x.text.lower() for x in words[max(0, k - 3) : k]]
        if any(x in SUBORDINATORS for x in lead):
            continue  # "which borders Iran", "when it came under attack"
        finite = k
        break
    if finite is None:
        # "Seagrass stores large amounts of carbon" with "stores" tagged a plural noun: the parser
        # still makes it the root and gives it an object, so it is a verb in the simple present
        root = next((x for x in words if x.head == 0), None)
        return bool(
            root is not None
            and root.upos == "NOUN"
            and root.xpos == "NNS"
            and root.text.lower().endswith("s")
            and any(x.head == root.index and x.deprel == "obj" for x in words)
        )
    w = words[finite]
    if "Tense=Past" in w.feats or w.xpos in ("VBD", "MD"):
        return False
    lemma = w.lemma.lower()
    if lemma == "be":
        # "is building ports" describes what is going on; "is the largest province" a standing fact
        nxt = words[finite + 1 : finite + 3]
        return not any(x.xpos == "VBG" and x.upos == "VERB" for x in nxt)
    if lemma == "have":
        after = words[finite + 1 : finite + 4]
        if any(x.lemma.lower() == "be" for x in after):
            return True  # "has long been the scene"
        # "has carried out many attacks" is an event; "trains typically have guards" a state
        return not any(x.xpos == "VBN" or "VerbForm=Part" in x.feats for x in after)
    # a simple present states what is generally so ("Home batteries store electricity")
    return lemma in STATIVE or ("Tense=Pres" in w.feats and w.upos == "VERB")


SUBORDINATORS = {
    "which",
    "who",
    "that",
    "whose",
    "when",
    "if",
    "because",
    "while",
    "although",
    "though",
    "since",
    "as",
    "after",
    "before",
    "until",
    "where",
    "whom",
}


def _is_finite(w) -> bool:
    return w.upos in ("VERB", "AUX") and ("VerbForm=Fin" in w.feats or w.xpos in ("VBZ", "VBP", "VBD", "MD"))


def _is_fragment(doc: ParsedDocument, sent: Sentence) -> bool:
    """A piece the sentence splitter cut off the front of the next sentence: it ends
    with a comma and the next sentence goes on in the same paragraph."""
    nxt = doc.sentences[sent.index + 1] if sent.index + 1 < len(doc.sentences) else None
    return (
        nxt is not None
        and nxt.paragraph == sent.paragraph
        and sent.text.rstrip().endswith((",", ";"))
        and not any(w.upos in ("VERB", "AUX") for w in sent.words)
    )


def build_claims(
    doc: ParsedDocument,
    attributions: list[Attribution],
    notes: set[int],
    lex: Lexicon,
) -> list[Claim]:
    claims: list[Claim] = []
    carry_from: int | None = None  # start of a fragment the tokenizer cut off ("In November,")
    for sent in doc.sentences:
        if _is_fragment(doc, sent):
            carry_from = sent.start if carry_from is None else carry_from
            continue
        start = sent.start if carry_from is None else carry_from
        carry_from = None
        dateline = _DATELINE_PREFIX.match(doc.text, start, sent.end)
        if dateline and dateline.end() < sent.end:
            # "PORT ALVER, Norway (Northwind Wire) — A fire broke out ...": the dateline is no claim
            cut = dateline.end()
            d_end = cut
            while d_end > start and doc.text[d_end - 1].isspace():
                d_end -= 1
            claims.append(
                Claim(
                    f"c{len(claims) + 1}",
                    Span(start, d_end, doc.text[start:d_end]),
                    sent.index,
                    None,
                    status="not_claim",
                    reason="dateline",
                )
            )
            start = cut
        span = Span(start, sent.end, doc.text[start : sent.end])
        cid = f"c{len(claims) + 1}"
        reason = not_claim_reason(doc, sent, lex)
        if reason:
            claims.append(Claim(cid, span, sent.index, None, status="not_claim", reason=reason))
            continue
        if sent.index in notes:
            claims.append(Claim(cid, span, sent.index, None, status="anonymity_note", reason="anonymity reason"))
            continue
        low = sent.text.lower()
        if any(p in low for p in lex["declined_comment_phrases"]):
            claims.append(
                Claim(
                    cid,
                    span,
                    sent.index,
                    None,
                    status="declined_comment",
                    reason="declined comment",
                    has_figure=has_figure(sent),
                )
            )
            continue
        attr = carrier(sent, attributions)
        figure = has_figure(sent)
        common = attr is None and not figure and is_common_knowledge(sent)
        claims.append(
            Claim(cid, span, sent.index, attr.id if attr else None, has_figure=figure, common_knowledge=common)
        )
    return claims


def carrier(sent: Sentence, attributions: list[Attribution]) -> Attribution | None:
    """The attribution that carries a sentence: its content covers the largest share
    of the sentence (at least ``MIN_COVER``)."""
    length = max(1, sent.end - sent.start)
    best: tuple[float, Attribution] | None = None
    for a in attributions:
        cover = sum(max(0, min(sent.end, c.end) - max(sent.start, c.start)) for c in a.content) / length
        need = MIN_COVER
        if a.sentence == sent.index:
            cover += 0.01  # prefer an attribution made in the sentence itself
            need = MIN_COVER_OWN
        if cover >= need and (best is None or cover > best[0]):
            best = (cover, a)
    if best is None:
        # "Rathbun stated:" — the sentence is the cue of a quote that follows it
        own = [a for a in attributions if a.sentence == sent.index]
        return own[0] if own else None
    return best[1]
