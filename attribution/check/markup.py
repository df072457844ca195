"""Markup stripped for analysis, with every character traced back to the file.

The parser must see prose, not ``**``, ``[text](url)`` or ``<p>`` — yet a
finding has to point at the line and column the writer sees in their editor.
So stripping builds two things at once: the analysed text, and for each of its
characters the ``[start, end)`` stretch of the original file it came from.
A decoded entity (``&amp;`` -> ``&``) maps to the whole entity; a paragraph
break we insert (around a heading, between HTML blocks) maps to an empty
stretch at the place it stands for. Both arrays never decrease, which is what
lets comments (suppression directives) be placed in the analysed text with a
binary search.

Markdown is handled line by line in the CommonMark spirit, not to the letter:
ATX and setext headings, fenced code (dropped), front matter (dropped), block
quotes, list items (each its own paragraph), thematic breaks, link reference
definitions, and inline emphasis, code spans (backticks dropped, text kept),
links (text kept), images (dropped), autolinks, raw HTML tags, escapes and
entities. Indented code blocks and tables are read as prose: newsroom copy
rarely has them and misreading an indented paragraph as code would hide it.
HTML goes through the standard library's ``html.parser``: block elements become
paragraph breaks, ``script``/``style``/``head``/``title`` and friends are
dropped, and so is the site chrome (``nav``, ``footer``, ``aside``, ``form``:
"© 2024 ...", "We use cookies" and related links are no article copy). A head
left open, its ``</head>`` omitted as HTML allows, ends at the first tag or
text that cannot stand in it, as in a browser. Whitespace is collapsed as a
browser would, entities are decoded.
Plain text is analysed as it is, less the ``# attribution: ...`` directive
lines (see :mod:`attribution.check.suppress`).
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment met while stripping: where it sits in the file and in the analysed text.

    ``body`` is the text inside ``<!-- -->`` (or after ``#`` for a plain-text
    directive line); ``at`` is the analysed offset of the first character after
    it, which is what "the next paragraph" is counted from.
    """

    start: int
    end: int
    body: str
    at: int


@dataclass(frozen=True, slots=True)
class Stripped:
    """The analysed text of one file and the way back to the original."""

    original: str
    text: str
    starts: array
    ends: array
    comments: tuple[Comment, ...]
    kind: str  # text | markdown | html

    def to_original(self, offset: int) -> int:
        """Original offset of analysed ``offset``; the end of the analysed text maps past its last source."""
        if offset < len(self.text):
            return self.starts[max(offset, 0)]
        return self.ends[-1] if self.text else 0

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering analysed ``[start, end)``."""
        if end <= start:
            at = self.to_original(start)
            return at, at
        start = max(start, 0)
        end = min(end, len(self.text))
        if start >= end:
            at = self.to_original(start)
            return at, at
        return self.starts[start], max(self.ends[end - 1], self.starts[start])

    def analysed_at(self, original_offset: int) -> int:
        """First analysed offset whose character comes from at or after ``original_offset``."""
        return bisect_left(self.starts, original_offset)


def kind_for(path: str) -> str:
    """Markup kind by file name; unknown extensions (and stdin without a name) are plain text."""
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def strip(text: str, kind: str) -> Stripped:
    """Strip ``text`` of ``kind`` markup (``text``, ``markdown`` or ``html``)."""
    if kind == "markdown":
        return strip_markdown(text)
    if kind == "html":
        return strip_html(text)
    if kind == "text":
        return strip_plain(text)
    raise ValueError(f"unknown markup kind {kind!r}")


# ----------------------------------------------------------------- builder


class _Builder:
    """Appends analysed characters together with the original stretch of each."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")

    def raw(self, original: str, start: int, end: int) -> None:
        """Copy ``original[start:end]`` one character for one."""
        for i in range(start, end):
            self.chars.append(original[i])
            self.starts.append(i)
            self.ends.append(i + 1)

    def mapped(self, value: str, start: int, end: int) -> None:
        """Characters that stand for ``original[start:end]`` as a whole (a decoded entity, a synthetic break)."""
        for ch in value:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def trailing_newlines(self) -> int:
        n = 0
        for ch in reversed(self.chars):
            if ch != "\n":
                break
            n += 1
        return n

    def trim_spaces(self) -> None:
        while self.chars and self.chars[-1] in " \t\r":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()

    def newline(self, start: int, end: int) -> None:
        """A line end standing for ``original[start:end]``; at most one blank line in a row, none at the start."""
        self.trim_spaces()
        if not self.chars or self.trailing_newlines() >= 2:
            return
        self.mapped("\n", start, end)

    def paragraph_break(self, at: int) -> None:
        """Make sure what follows starts a new paragraph (a blank line before it)."""
        self.trim_spaces()
        if not self.chars:
            return
        missing = 2 - self.trailing_newlines()
        if missing > 0:
            self.mapped("\n" * missing, at, at)

    def build(self, original: str, comments: list[Comment], kind: str) -> Stripped:
        return Stripped(original, "".join(self.chars), self.starts, self.ends, tuple(comments), kind)


def _line_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end without the line break, start of the next line) for each line."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            yield pos, n, n
            return
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        yield pos, end, nl + 1
        pos = nl + 1


def _place_comments(result: Stripped, found: list[tuple[int, int, str]]) -> Stripped:
    comments = [Comment(s, e, body, result.analysed_at(e)) for s, e, body in found]
    return Stripped(result.original, result.text, result.starts, result.ends, tuple(comments), result.kind)


# -------------------------------------------------------------- plain text

#: a whole line holding a directive in a plain-text file: ``# attribution: ignore[UNS001] reason``
PLAIN_DIRECTIVE = re.compile(r"[ \t]*#[ \t]*(attribution[ \t]*:.*?)[ \t]*$")


def strip_plain(text: str) -> Stripped:
    """Plain text unchanged, less its directive lines (recorded as comments)."""
    b = _Builder()
    found: list[tuple[int, int, str]] = []
    for start, end, nxt in _line_spans(text):
        m = PLAIN_DIRECTIVE.fullmatch(text, start, end)
        if m:
            found.append((start, end, m.group(1)))
            continue
        b.raw(text, start, nxt)
    return _place_comments(b.build(text, [], "text"), found)


# ---------------------------------------------------------------- Markdown

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r" {0,3}> ?")
_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_LINKDEF = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+.*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*")
_FRONT = re.compile(r"---[ \t]*\r?\n")

_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<codetext>.+?)(?P=ticks))"
    r"|(?P<image>!\[[^\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\]))"
    r"|(?P<link>\[(?P<linktext>[^\]]*)\](?:\((?P<url>(?:[^()]|\([^()]*\))*)\)|\[[^\]]*\]))"
    r"|(?P<autolink><(?P<autotext>(?:https?|ftp|mailto):[^>\s]+|[^@<>\s]+@[^@<>\s]+\.[^@<>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<delim>\*+|_+|~~)"
)
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _fences(text: str) -> list[tuple[int, int]]:
    """Original ranges of fenced code blocks (opening to closing fence, inclusive)."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    fence = ""
    for start, end, nxt in _line_spans(text):
        m = _FENCE.match(text, start, end)
        if open_at is None:
            if m:
                open_at, fence = start, m.group(1)
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not text[m.end() : end].strip():
            out.append((open_at, nxt))
            open_at = None
    if open_at is not None:
        out.append((open_at, len(text)))
    return out


def _mask_comments(text: str, fences: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with HTML comments blanked out (same length, newlines kept), and the comments."""
    found: list[tuple[int, int, str]] = []
    chars: list[str] | None = None
    for m in _COMMENT.finditer(text):
        if any(a <= m.start() < b for a, b in fences):
            continue
        found.append((m.start(), m.end(), m.group(1)))
        if chars is None:
            chars = list(text)
        for i in range(m.start(), m.end()):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return ("".join(chars) if chars is not None else text), found


def strip_markdown(text: str) -> Stripped:
    """Markdown to prose; headings become paragraphs of their own so extraction sees subheads."""
    fences = _fences(text)
    masked, found = _mask_comments(text, fences)
    b = _Builder()
    lines = list(_line_spans(masked))
    i = 0
    if masked.startswith("---") and _FRONT.match(masked):
        for j in range(1, len(lines)):
            s, e, _ = lines[j]
            if masked[s:e].strip() in ("---", "..."):
                i = j + 1
                break
    in_paragraph = False  # the previous line was paragraph text (a setext underline may follow)
    fence_starts = {a: b_ for a, b_ in fences}
    while i < len(lines):
        start, end, nxt = lines[i]
        if start in fence_starts:
            b.paragraph_break(start)
            stop = fence_starts[start]
            while i < len(lines) and lines[i][0] < stop:
                i += 1
            in_paragraph = False
            continue
        i += 1
        pos = start
        quoted = False
        while m := _QUOTE.match(masked, pos, end):
            pos = m.end()
            quoted = True
        if quoted and not in_paragraph:
            b.paragraph_break(start)
        line = masked[pos:end]
        if not line.strip():
            if nxt > end:
                b.newline(nxt - 1, nxt)
            in_paragraph = False
            continue
        if in_paragraph and _SETEXT.fullmatch(masked, pos, end):
            b.paragraph_break(start)  # the paragraph above was a heading
            in_paragraph = False
            continue
        if _THEMATIC.fullmatch(masked, pos, end) or _LINKDEF.fullmatch(masked, pos, end) or (
            _TABLE_RULE.fullmatch(masked, pos, end)
        ):
            b.paragraph_break(start)
            in_paragraph = False
            continue
        if m := _ATX.match(masked, pos, end):
            content_end = end
            close = _ATX_CLOSE.search(masked, m.end(), end)
            if close:
                content_end = close.start()
            b.paragraph_break(start)
            _inline(b, masked, m.end(), content_end)
            b.paragraph_break(end)
            in_paragraph = False
            continue
        if m := _LIST.match(masked, pos, end):
            b.paragraph_break(start)
            pos = m.end()
        content_end = end
        if i < len(lines) and masked[lines[i][0] : lines[i][1]].strip() and _hard_break(masked, pos, end):
            content_end = end - 1  # a backslash hard line break: the line break stays, the backslash goes
        _inline(b, masked, pos, content_end)
        if nxt > end:
            b.newline(nxt - 1, nxt)
        in_paragraph = True
    return _place_comments(b.build(text, [], "markdown"), found)


def _hard_break(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` end in an unescaped backslash (CommonMark's hard line break)?"""
    n = 0
    while end - n > start and text[end - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _inline(b: _Builder, text: str, start: int, end: int) -> None:
    """Inline Markdown in ``text[start:end]``: keep the words, drop the syntax."""
    pos = start
    for m in _INLINE.finditer(text, start, end):
        if m.start() > pos:
            b.raw(text, pos, m.start())
        if m.group("code") is not None:
            s, e = m.start("codetext"), m.end("codetext")
            if e - s >= 2 and text[s] == " " and text[e - 1] == " " and text[s:e].strip():
                s, e = s + 1, e - 1
            b.raw(text, s, e)
        elif m.group("image") is not None:
            pass
        elif m.group("link") is not None:
            _inline(b, text, m.start("linktext"), m.end("linktext"))
        elif m.group("autolink") is not None:
            b.raw(text, m.start("autotext"), m.end("autotext"))
        elif m.group("tag") is not None:
            if re.match(r"</?br\b", m.group("tag"), re.I):
                b.mapped(" ", m.start(), m.end())
        elif m.group("escape") is not None:
            b.mapped(text[m.start() + 1], m.start(), m.end())
        elif m.group("entity") is not None:
            decoded = html.unescape(m.group())
            if decoded == m.group():
                b.raw(text, m.start(), m.end())
            else:
                b.mapped(decoded, m.start(), m.end())
        elif not _is_emphasis(text, m.start(), m.end(), start, end):
                b.raw(text, m.start(), m.end())
        pos = m.end()
    if pos < end:
        b.raw(text, pos, end)


def _is_emphasis(text: str, s: int, e: int, lo: int, hi: int) -> bool:
    """CommonMark's flanking test, simplified: a run touching a word on one side is markup."""
    before = text[s - 1] if s > lo else " "
    after = text[e] if e < hi else " "
    left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
    right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
    if text[s] == "_":
        return (left and not before.isalnum()) or (right and not after.isalnum())
    return left or right


# -------------------------------------------------------------------- HTML

_BLOCK = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary table tbody td tfoot th thead "
    "tr ul caption".split()
)
#: elements whose text is never article copy: code, head matter, form controls, and the
#: site chrome around an article (navigation, footers, asides such as "related stories")
_DROP = frozenset(
    "script style head title template noscript svg math iframe object select textarea button "
    "nav footer aside form".split()
)
#: what may stand in ``<head>``; any other tag, or text, ends a head whose ``</head>`` was left out (as in a browser)
_HEAD_CONTENT = frozenset("base basefont bgsound link meta title noscript noframes style script template".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW_REF = re.compile(r"&#?[xX]?[A-Za-z0-9]+;?")


class _HtmlStripper(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.b = _Builder()
        self.comments: list[tuple[int, int, str]] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.dropping: list[str] = []
        self.pre = 0

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_end(self, at: int) -> int:
        gt = self.text.find(">", at)
        return gt + 1 if gt >= 0 else at

    def _in_head(self) -> bool:
        """Inside ``<head>`` itself (not inside a script, style or title in it)."""
        return bool(self.dropping) and all(t == "head" for t in self.dropping)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        at = self._here()
        if self._in_head() and tag not in _HEAD_CONTENT and tag != "head":
            self.dropping.clear()  # <body>, <p>, ...: the head ended without </head>
        if self.dropping:
            top = self.dropping[-1]
            if tag not in _VOID and (tag == top or (top == "head" and tag in _HEAD_CONTENT)):
                self.dropping.append(tag)  # nested, or a script/style/title whose text stays in the head
            return
        if tag in _DROP:
            self.dropping.append(tag)
            return
        if tag == "br":
            self.b.newline(at, self._tag_end(at))
        elif tag in _BLOCK:
            self.b.paragraph_break(at)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _VOID or tag in _BLOCK:
            self.handle_starttag(tag, attrs)
            if tag in _BLOCK and tag not in _VOID:
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        at = self._here()
        if self._in_head() and tag in ("body", "html"):
            self.dropping.clear()
            return
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK:
            self.b.paragraph_break(self._tag_end(at))

    def handle_data(self, data: str) -> None:
        if self._in_head() and data.strip():
            self.dropping.clear()  # text cannot stand in <head>: the body has begun
        if self.dropping:
            return
        at = self._here()
        if self.pre:
            self.b.raw(self.text, at, at + len(data))
            return
        for i, ch in enumerate(data):
            if ch.isspace():
                last = self.b.chars[-1] if self.b.chars else "\n"
                if last.isspace():
                    continue
                self.b.mapped(" ", at + i, at + i + 1)
            else:
                self.b.raw(self.text, at + i, at + i + 1)

    def _ref(self) -> None:
        if self._in_head():
            self.dropping.clear()
        if self.dropping:
            return
        at = self._here()
        m = _RAW_REF.match(self.text, at)
        raw = m.group() if m else "&"
        decoded = html.unescape(raw)
        if decoded == raw:
            self.b.raw(self.text, at, at + len(raw))
        else:
            self.b.mapped(decoded, at, at + len(raw))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        at = self._here()
        end = self.text.find("-->", at + 4)
        self.comments.append((at, end + 3 if end >= 0 else len(self.text), data))


def strip_html(text: str) -> Stripped:
    """HTML to prose: block elements are paragraph breaks, scripts and styles are gone."""
    p = _HtmlStripper(text)
    p.feed(text)
    p.close()
    p.b.trim_spaces()
    return _place_comments(p.b.build(text, [], "html"), p.comments)


__all__ = ["Comment", "Stripped", "kind_for", "strip", "strip_html", "strip_markdown", "strip_plain"]
