"""Repair sentence splits that a compact tokenizer gets wrong in news copy.

The shipped tokenizer learned sentence ends from about 17,000 sentences of web
text and reviews, and in news it ends sentences after titles and month
abbreviations ("said Rep. | Joseph Crowley", "the Sept. | 11 attacks") and
inside names that have no full stop at all ("Donald | Trump", "Washington
Post/ABC | News"). A split there cuts a source away from its verb, so the
pipeline gives the tokenizer's output to :func:`merge_false_splits` before it
tags and parses (stanza's ``tokenize_postprocessor`` hook).

Only two kinds of boundary are undone, both conservative:

- the sentence ends with a title or month abbreviation (``Sen.``, ``Gov.``,
  ``Sept.``) and the next begins with a capital letter or a digit;
- a "sentence" of at most three capitalised words, or of at most four words
  that open and end with a capital ("Company spokeswoman Lena"), without closing
  punctuation, that the next one, starting with a capital, follows on the same
  line: a name cut in two (a heading stands on its own line and keeps its
  break; web text without full stops keeps its breaks too).

The same hook keeps the possessive "its" one token (:func:`_possessive_its`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: abbreviations that precede a name or a number and so never end a sentence in news
#: copy; "U.S.", "Jr.", "Inc." and "Co." can end one and are not listed
ABBREVIATIONS = frozenset(
    """
    Sen. Sens. Rep. Reps. Gov. Govs. Gen. Lt. Col. Sgt. Capt. Adm. Maj. Cmdr. Cpl. Pvt.
    Dr. Mr. Mrs. Ms. Messrs. Prof. Rev. Hon. Pres. Supt. Atty. Gov.-elect Sen.-elect
    St. Mt. Ft. Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec. No. Nos. Vol. Ch. Art.
    """.split()
)
#: tokens that close a sentence properly
CLOSERS = frozenset(".!?:;\u201d\"')]\u2019\u2026")

Token = str | tuple[str, bool]


def _text(token: Token) -> str:
    return token if isinstance(token, str) else token[0]


def merge_false_splits(sentences: list[list[Token]], raw: str | None = None) -> list[list[Token]]:
    """Join sentences split after a title/month abbreviation or in mid-line without punctuation.

    ``sentences`` is stanza's postprocessor format (tokens as strings, or ``(text,
    is_mwt)`` pairs) and is returned in the same format. ``raw`` is the text the
    tokenizer read; without it (or when the tokens cannot be found in it in order)
    only the abbreviation rule applies.
    """
    sentences = [[_possessive_its(t) for t in sent] for sent in sentences]
    if len(sentences) < 2:
        return sentences
    gaps = _gaps(sentences, raw) if raw is not None else None
    out: list[list[Token]] = [list(sentences[0])]
    for k, sent in enumerate(sentences[1:], start=1):
        prev = out[-1]
        if sent and prev and _false_split(prev, sent, gaps[k - 1] if gaps is not None else None):
            prev.extend(sent)
        else:
            out.append(list(sent))
    return out


def _possessive_its(token: Token) -> Token:
    """ "Its" is one word. The training data spell "it's" as "its" 75 times (web text), so the
    tokenizer marks some "its" as a contraction and mwt expands "Its chairman" to "It s
    chairman", which the parser then reads as "It is chairman". Edited copy uses "its" as the
    possessive: the token stays whole."""
    if isinstance(token, tuple) and token[1] is True and token[0].lower() == "its":
        return token[0]
    return token


def _false_split(prev: Sequence[Token], nxt: Sequence[Token], gap: str | None) -> bool:
    last, first = _text(prev[-1]), _text(nxt[0])
    if len(prev) >= 2 and last == ".":
        last = _text(prev[-2]) + "."  # "Sept" "." tokenized apart
    starts_name_or_number = first[:1].isupper() or first[:1].isdigit()
    if last in ABBREVIATIONS and starts_name_or_number:
        return gap is None or "\n" not in gap
    if gap is None or "\n" in gap or gap.strip() or last[-1:] in CLOSERS:
        return False
    # a name cut in two ("Donald | Trump", "Washington Post/ABC | News", "Company spokeswoman
    # Lena | Hart confirmed"): a short stretch with no closing punctuation that ends in a
    # capitalised word, then a capitalised word on the same line
    words = [_text(t) for t in prev[-3:]]
    if not (first[:1].isupper() and first[:1].isalpha()):
        return False
    if len(prev) <= 3 and all(w[:1].isupper() for w in words):
        return True
    return len(prev) <= 4 and words[-1][:1].isupper() and words[-1].isalpha() and _text(prev[0])[:1].isupper()


def _gaps(sentences: list[list[Token]], raw: str) -> list[str] | None:
    """The raw characters between each sentence's last token and the next one's first."""
    pos = 0
    ends: list[int] = []
    starts: list[int] = []
    for sent in sentences:
        for i, tok in enumerate(sent):
            text = _text(tok)
            at = raw.find(text, pos)
            if at < 0 or raw[pos:at].strip():
                return None  # cannot align: fall back to the abbreviation rule
            if i == 0:
                starts.append(at)
            pos = at + len(text)
        ends.append(pos)
    return [raw[ends[k] : starts[k + 1]] for k in range(len(sentences) - 1)]
