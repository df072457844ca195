"""Attributions written with punctuation instead of a verb, found on the surface.

- speaker labels at the start of a line: "PENCE: Well, look, ...", headlines
  such as "Poll: Wealthy voters abandon ..." (the colon is the cue);
- a dash after a quotation: "“... our greatest shame.” ― Sonya Herridge", or opening the
  next line, a credit under a quoted paragraph ("“...”" then "- Bernie Sanders.").

Neither needs the parse for its shape; the parse is only used to classify the
source words.
"""

from __future__ import annotations

import regex

from attribution.extract import tree
from attribution.extract.cues import Found
from attribution.extract.lexicon import Lexicon
from attribution.extract.quotes import Quote, quoted_share
from attribution.model import Cue, ParsedDocument, Sentence, Span

_NAME = r"\p{Lu}[\p{L}.'\u2019-]*"
#: later words of a label may be lower-case nouns ("Clinton camp:", "Republican pollster Daron Shaw:")
_LABEL_WORD = rf"(?:{_NAME}|\p{{Ll}}[\p{{Ll}}'\u2019-]*)"
_LABEL = regex.compile(
    rf"^[ \t]*[\"\u201c]?(?P<label>{_NAME}(?:[ \t]+{_LABEL_WORD}){{0,3}})(?P<colon>:)[ \t]+(?P<rest>\S.*)$"
)
#: a headline naming whom or what the speaker addressed: "Clinton to Planned Parenthood: Trump
#: will ...", "CNN President On Trump: ‘We Do Not Pay ...’" (the label is the words before "to")
_ADDRESSED = regex.compile(
    rf"^[ \t]*(?P<label>{_NAME}(?:[ \t]+{_LABEL_WORD}){{0,3}})[ \t]+(?i:to|on|about)[ \t]+[^:\n]{{1,80}}?"
    r"(?P<colon>:)[ \t]+(?P<rest>\S.*)$"
)
#: a speaker label after a dash inside a line, before a quotation: a digest's "RED STATES
#: OUTNUMBER BLUE STATES - Jeffrey M. Jones: “Gallup’s analysis ...”", "- More from Jones: “...”"
_DASH_LABEL = regex.compile(
    rf"[ \t\u00a0][-\u2013\u2014][ \t\u00a0]+(?:More[ \t]+from[ \t]+)?"
    rf"(?P<label>{_NAME}(?:[ \t]+(?:{_NAME}|and|&)){{0,5}})(?P<colon>:)[ \t]*(?P<rest>[\"\u201c]\S.*)$"
)
#: a name after a dash, to the end of the line: "― Sonya Herridge", "- Bernie Sanders."
_CREDITED_NAME = r"[ \t\u00a0]*(?P<name>\p{Lu}[^\n\"\u201c\u201d]{0,60}?)[ \t\u00a0.]*$"
_DASH = regex.compile(r"[\"\u201d][ \t\u00a0]*(?P<dash>[\u2015\u2014\u2013])" + _CREDITED_NAME)
#: a line that only credits the quotation ending the line before: "- Bernie Sanders."
_CREDIT = regex.compile(r"^[ \t\u00a0]*(?P<dash>[-\u2015\u2014\u2013])" + _CREDITED_NAME)
#: line labels that announce furniture, not a speaker
NOT_SPEAKERS = {
    "note",
    "update",
    "correction",
    "editor's note",
    "editor’s note",
    "photo",
    "video",
    "watch",
    "related",
    "source",
    "via",
    "credit",
    "caption",
    "transcript",
    "q",
    "a",
    "see",
    "also",
    "read",
    "more",
    "click",
    "follow",
    "subscribe",
    "warning",
    "disclaimer",
    "tags",
    "filed",
    "image",
    "name",
    "age",
    "city",
    "job",
    "pay",
    "location",
    "date",
    "time",
    "price",
    "score",
    # contact lines and bylines ("Twitter: @Milbank.", "BYLINE: Amber Phillips.")
    "twitter",
    "email",
    "e-mail",
    "byline",
    # kickers that open a headline ("EXCLUSIVE: ...", "Wow: ...", "BOOM: ..."), not speakers
    "exclusive",
    "breaking",
    "developing",
    "wow",
    "boom",
    "bombshell",
    "so",
}


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _sentence_at(doc: ParsedDocument, offset: int) -> Sentence | None:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s
    return None


def _words_in(sent: Sentence, start: int, end: int) -> list[int]:
    return [w.index for w in sent.words if start <= w.start and w.end <= end]


def find_surface(doc: ParsedDocument, quotes: list[Quote], lex: Lexicon) -> list[Found]:
    text = doc.text
    out: list[Found] = []
    last_end = -1  # end of the last line with text, trailing spaces left out
    for pos, line in _lines(text):
        c = _CREDIT.match(line)
        quote = _quote_ending_at(quotes, last_end) if c else None
        if quote is not None:
            f = _credited(doc, quotes, quote, pos + c.start("dash"), pos + c.start("name"), pos + c.end("name"))
            if f is not None:
                out.append(f)
        if line.strip():
            last_end = pos + len(line.rstrip(" \t\u00a0\r"))
        m = _LABEL.match(line)
        f = _label(doc, quotes, pos, m) if m and m.group("label").lower() not in NOT_SPEAKERS else None
        if f is None and (m := _ADDRESSED.match(line)) and m.group("label").lower() not in NOT_SPEAKERS:
            f = _label(doc, quotes, pos, m, named=True)
        if f is None and (m := _DASH_LABEL.search(line)) and m.group("label").lower() not in NOT_SPEAKERS:
            f = _label(doc, quotes, pos, m, named=True)
        if f is not None:
            out.append(f)
        d = _DASH.search(line)
        if d:
            f = _dash(doc, quotes, pos, d)
            if f is not None:
                out.append(f)
    return out


_FIGURE = regex.compile(r"^[\s$%\d.,:;()\-\u2013]+$")
#: a handle, address or link alone after the colon: a contact line, nothing said
_CONTACT = regex.compile(r"^\S*(?:@|https?://|www\.)\S*$")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "our", "my"}


def _label(doc: ParsedDocument, quotes: list[Quote], pos: int, m, named: bool = False) -> Found | None:
    """The attribution of a line label ``m``; ``named``: the label must hold a proper noun
    (a headline's "Clinton to Planned Parenthood:", not "Iowa at a glance:" nor "Update on X:")."""
    text = doc.text
    label, rest = m.group("label"), m.group("rest")
    if label.split()[0].lower() in _DETERMINERS or _FIGURE.match(rest) or _CONTACT.match(rest.strip()):
        # "The Latest: ...", "Clinton: 1,769.", "Email: dana@example.org" (a headline "Trump: ‘I Will Win’" stays)
        return None
    ls, le = pos + m.start("label"), pos + m.end("label")
    sent = _sentence_at(doc, ls)
    if sent is None:
        return None
    words = _words_in(sent, ls, le)
    if not words:
        return None
    if named and not any(sent.word(i).upos == "PROPN" for i in words):
        return None
    if any(sent.word(i).upos in ("VERB", "AUX", "ADP", "PART") for i in words):
        return None  # "Clinton Wades In: ...", "Big Win For Bernie: ...": a headline, not a speaker
    if any(
        sent.word(i).text[:1].islower()
        and sent.word(i).upos not in ("NOUN", "ADJ", "PROPN")
        and not (named and sent.word(i).text == "and")
        for i in words
    ):
        return None  # "Here is what he said:": a clause, not a label
    cs = pos + m.start("rest")
    ce = pos + m.end("rest")
    while ce > cs and text[ce - 1] in " \t\u00a0\r":
        ce -= 1
    if ce - cs < 3:
        return None
    colon = pos + m.start("colon")
    direct = quoted_share(quotes, cs, ce) > 0.5 or m.group(0).lstrip()[:1] in ('"', "\u201c")
    return Found(
        sentence=sent.index,
        cue=Cue(Span(colon, colon + 1, ":"), ":", "speech", False),
        cue_word=0,
        source_words=words,
        content=[Span(cs, ce, text[cs:ce])],
        form="quote" if direct else "verb",
        direct=direct,
    )


def _dash(doc: ParsedDocument, quotes: list[Quote], pos: int, d) -> Found | None:
    quote = _quote_ending_at(quotes, pos + d.start() + 1)  # d starts at the closing quote mark
    if quote is None:
        return None
    return _credited(doc, quotes, quote, pos + d.start("dash"), pos + d.start("name"), pos + d.end("name"))


def _quote_ending_at(quotes: list[Quote], end: int) -> Quote | None:
    return next((q for q in quotes if q.outer.end == end), None)


def _credited(doc: ParsedDocument, quotes: list[Quote], quote: Quote, dash: int, ns: int, ne: int) -> Found | None:
    """The quotation group of ``quote`` credited to the name at ``ns:ne`` by the dash at ``dash``."""
    text = doc.text
    while ne > ns and text[ne - 1] in " \t\u00a0.,":
        ne -= 1
    sent = _sentence_at(doc, ns) or _sentence_at(doc, ne - 1)
    if sent is None:
        return None
    words = _words_in(sent, ns, ne)
    if not words:
        return None
    group = [q for q in quotes if q.group == quote.group]
    cs, ce = group[0].outer.start, group[-1].outer.end
    return Found(
        sentence=sent.index,
        cue=Cue(tree.make_span(text, dash, dash + 1), "dash", "speech", False),
        cue_word=0,
        source_words=words,
        content=[Span(cs, ce, text[cs:ce])],
        form="quote",
        direct=True,
    )
