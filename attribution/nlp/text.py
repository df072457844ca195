"""Text preparation for the parser, all of it offset-preserving.

The parser must never see anything that would shift offsets, so every
operation here keeps the string length: control characters become spaces,
and long inputs are cut into chunks at paragraph breaks whose start offsets
are remembered and added back afterwards.
"""

from __future__ import annotations

import regex

# C0/C1 controls and other invisible format characters that trip tokenizers;
# tab, newline and carriage return are kept because they carry layout.
_CONTROL = regex.compile(r"[\p{Cc}\p{Cs}\p{Co}\p{Cn}--[\t\n\r]]", regex.V1)
_PARAGRAPH_BREAK = regex.compile(r"\r?\n[ \t]*(?:\r?\n[ \t]*)+")

#: bump when :func:`sanitize`, the split repair (:mod:`.splits`, "its" included), the entity repair
#: (:mod:`.entity_types`, ``lexicons/names.yaml``) or the name propagation (:mod:`.names`) changes
#: what the parser produces (it keys the parse cache; the name model's weights key it by their hash)
PREPARE_VERSION = 10

#: chunks handed to the parser in one call are at most about this long
CHUNK_CHARS = 20_000


def sanitize(text: str) -> str:
    """Replace control and unassigned characters with spaces (same length), turn
    typewriter quote pairs into a double quote the tokenizer knows, and curly
    double marks typed the wrong way round into the right one."""
    return _wrong_way_marks(_quote_pairs(_CONTROL.sub(" ", text)))


# A curly opening mark that ends a quotation ("“Apparently not,“ he said.": after the
# quotation's last punctuation, before a space) or a closing mark that opens one ("let
# aides ”get close"): the tokenizer glues the first to the punctuation ("?“") and the
# parser reads the quotation's end as its start. Each becomes its twin (one character for
# one, so offsets do not move); ``attribution.extract.quotes`` reads the marks the same way.
_WRONG_OPEN = regex.compile(r"(?<=[,.?!])\u201c(?=\s|$)")
_WRONG_CLOSE = regex.compile(r"(?<=^|\s)\u201d(?=\w)")


def _wrong_way_marks(text: str) -> str:
    if "\u201c" not in text and "\u201d" not in text:
        return text
    return _WRONG_CLOSE.sub("\u201c", _WRONG_OPEN.sub("\u201d", text))


# ``''`` (two apostrophes, the closing mark of some wire feeds and of the New York
# Times archive) and ````` `` ````` (its opening twin): the tokenizer glues them to the
# next word ("''I") and the tagger takes them for apostrophes. Each becomes one
# straight double quote plus a space, on the side away from the word it touches,
# so offsets do not move; the backend gives the token back its two characters.
_PAIR = regex.compile(r"(?<!['`])(?:''|``)(?!['`])")


def _quote_pairs(text: str) -> str:
    if "''" not in text and "``" not in text:
        return text

    def repl(m: regex.Match) -> str:
        i = m.start()
        before = text[i - 1] if i > 0 else " "
        closing = m.group() == "''" and not before.isspace() and before not in "([{"
        return '" ' if closing else ' "'

    return _PAIR.sub(repl, text)


#: the two-character quote marks that :func:`sanitize` hands to the parser as one ``"``
QUOTE_PAIRS = ("''", "``")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank paragraph (blank-line separated)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def paragraph_index(paragraph_spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the paragraph that contains ``offset`` (the last one before it)."""
    lo, hi = 0, len(paragraph_spans) - 1
    best = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if paragraph_spans[mid][0] <= offset:
            best = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return best


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` chunks of whole paragraphs.

    A paragraph longer than ``limit`` is cut at the last sentence-like break
    (``. `` or newline) before the limit, or hard at the limit.
    """
    out: list[tuple[int, str]] = []
    cur_start: int | None = None
    cur_end = 0
    for start, end in paragraphs(text):
        if cur_start is not None and end - cur_start > limit:
            out.append((cur_start, text[cur_start:cur_end]))
            cur_start = None
        if cur_start is None:
            cur_start = start
        cur_end = end
        while cur_end - cur_start > limit:
            cut = _soft_cut(text, cur_start, cur_start + limit)
            out.append((cur_start, text[cur_start:cut]))
            cur_start = cut
    if cur_start is not None and text[cur_start:cur_end].strip():
        out.append((cur_start, text[cur_start:cur_end]))
    return out


def _soft_cut(text: str, start: int, hard: int) -> int:
    window = text[start:hard]
    for sep in ("\n", ". ", "? ", "! ", " "):
        i = window.rfind(sep)
        if i > len(window) // 2:
            return start + i + len(sep)
    return hard
