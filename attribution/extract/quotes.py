"""Quotation spans found in the raw text, independent of the parse.

Quote marks are matched paragraph by paragraph. A paragraph that opens a
quote and does not close it continues into the next paragraph when that one
opens with a quote mark (the newspaper convention for multi-paragraph
quotes). Anything else unbalanced is dropped at the paragraph end, so one
stray mark never spoils the rest of the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from attribution.model import Span

DOUBLE_OPEN = "\u201c"
DOUBLE_CLOSE = "\u201d"
SINGLE_OPEN = "\u2018"
SINGLE_CLOSE = "\u2019"
STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    """One quoted stretch within a paragraph.

    ``outer`` includes the marks; ``inner`` is the quoted words. Pieces of a
    quote that runs over several paragraphs share ``group``.
    """

    outer: Span
    inner: Span
    group: int
    closed: bool = True  # False for a piece that runs on into the next paragraph


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs; a single newline also ends a paragraph
    for quoting purposes when the next line opens with a quote mark."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        if text[i] == "\n":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if text[start:i].strip():
                spans.append((start, i))
            start = j
            i = j
            continue
        i += 1
    if text[start:].strip():
        spans.append((start, n))
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def wrong_way_open(text: str, i: int, end: int | None = None) -> bool:
    """Whether the opening mark at ``i`` was typed for a closing one: right after the
    quotation's last punctuation and before a space or the end ("“Apparently not,“ he said.")."""
    end = len(text) if end is None else end
    return i > 0 and text[i - 1] in ",.?!" and (i + 1 >= end or text[i + 1].isspace())


def _marks(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """Quote marks in ``text[start:end]`` as (offset, role, width).

    Roles are ``"dopen"``, ``"dclose"``, ``"sopen"`` and ``"sclose"``. Straight
    double quotes are decided by their neighbours, and so is a curly mark typed the
    wrong way round (an opening mark after the closing comma, before a space); a right single quote between
    letters is an apostrophe, not a mark. The typewriter pairs ``''`` and
    ````` `` ````` are double marks two characters wide.
    """
    out: list[tuple[int, str, int]] = []
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        pair = text[i : i + 2] if i + 1 < end else ""
        if pair in ("''", "``") and (i + 2 >= end or text[i + 2] not in "'`") and prev not in "'`":
            after = text[i + 2] if i + 2 < end else " "
            if pair == "``" or prev.isspace() or prev in "([{\u2014-/" or i == start:
                out.append((i, "dopen", 2))
            elif after.isspace() or after in ".,;:!?)]}\u2014-" or i + 2 == end or _is_word(prev):
                out.append((i, "dclose", 2))
            else:
                out.append((i, "dopen", 2))
            i += 2
            continue
        nxt = text[i + 1] if i + 1 < end else " "
        if ch == DOUBLE_OPEN:
            out.append((i, "dclose" if wrong_way_open(text, i, end) else "dopen", 1))
        elif ch == DOUBLE_CLOSE:
            # the reverse slip: a closing mark after a space, before a word ("let aides ”get close")
            wrong_way = (prev.isspace() or i == start) and _is_word(nxt)
            out.append((i, "dopen" if wrong_way else "dclose", 1))
        elif ch == STRAIGHT:
            if prev.isspace() or prev in "([{\u2014-/" or i == start:
                out.append((i, "dopen", 1))
            elif nxt.isspace() or nxt in ".,;:!?)]}\u2014-" or i + 1 == end:
                out.append((i, "dclose", 1))
            else:
                out.append((i, "dclose" if _is_word(prev) else "dopen", 1))
        elif ch == SINGLE_OPEN:
            if not _is_word(prev):
                out.append((i, "sopen", 1))
        elif ch == SINGLE_CLOSE:
            if not (_is_word(prev) and _is_word(nxt)):
                out.append((i, "sclose", 1))
        i += 1
    return out


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text``, in order (double quotes; single curly quotes
    only where they are not nested inside a double quote)."""
    quotes: list[Quote] = []
    next_group = 0
    running: int | None = None  # group of a double quote that runs on from the last paragraph
    for p_start, p_end in _paragraphs(text):
        marks = _marks(text, p_start, p_end)
        open_at: int | None = None
        open_w = 1
        group = -1
        s_open: int | None = None
        if running is not None and marks and marks[0][:2] == (p_start, "dopen"):
            open_at, group = p_start, running  # the opening mark resumes the running quote
            open_w = marks[0][2]
            marks = marks[1:]
        running = None
        for off, role, width in marks:
            if role == "dopen":
                # a second opener while one is open means the first was stray
                open_at, open_w, group = off, width, next_group
                next_group += 1
                s_open = None
            elif role == "dclose" and open_at is not None:
                quotes.append(_quote(text, open_at, off + width, group, open_w=open_w, close_w=width))
                open_at = None
            elif role == "sopen" and open_at is None:
                s_open = off
            elif role == "sclose" and open_at is None and s_open is not None:
                if off > s_open + 1:
                    quotes.append(_quote(text, s_open, off + 1, next_group))
                    next_group += 1
                s_open = None
        if open_at is not None:
            # unclosed at the paragraph end: part of a multi-paragraph quote if the
            # next paragraph resumes it; _finish drops it otherwise
            quotes.append(_quote(text, open_at, _rstrip(text, p_start, p_end), group, closed=False, open_w=open_w))
            running = group
    return _finish(quotes)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _quote(
    text: str, start: int, end: int, group: int, closed: bool = True, open_w: int = 1, close_w: int = 1
) -> Quote:
    inner_start = start + open_w
    inner_end = end - close_w if closed else end
    return Quote(
        outer=Span(start, end, text[start:end]),
        inner=Span(inner_start, inner_end, text[inner_start:inner_end]),
        group=group,
        closed=closed,
    )


def _finish(quotes: list[Quote]) -> list[Quote]:
    """Drop unclosed pieces whose group never continued, and renumber groups 0.."""
    by_group: dict[int, list[Quote]] = {}
    for q in quotes:
        by_group.setdefault(q.group, []).append(q)
    kept: list[Quote] = []
    for pieces in by_group.values():
        if len(pieces) == 1 and not pieces[0].closed:
            continue  # a stray opener: resync, lose nothing else
        kept.extend(pieces)
    kept.sort(key=lambda q: q.outer.start)
    renum: dict[int, int] = {}
    out = []
    for q in kept:
        renum.setdefault(q.group, len(renum))
        out.append(Quote(q.outer, q.inner, renum[q.group], q.closed))
    return out


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The quote whose marks enclose ``[start, end)``, if any."""
    for q in quotes:
        if q.outer.start <= start and end <= q.outer.end:
            return q
    return None


def quoted_share(quotes: list[Quote], start: int, end: int) -> float:
    """Share of the characters of ``[start, end)`` that lie inside quotes."""
    if end <= start:
        return 0.0
    inside = 0
    for q in quotes:
        lo, hi = max(start, q.outer.start), min(end, q.outer.end)
        if hi > lo:
            inside += hi - lo
    return inside / (end - start)
