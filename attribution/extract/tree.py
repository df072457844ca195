"""Small helpers over one sentence's dependency tree (UD v2).

Everything works on 1-based word indices of a :class:`Sentence`; spans are
cut from the original document text so that ``span.text`` always equals
``text[start:end]``.
"""

from __future__ import annotations

from collections.abc import Iterable

from attribution.model import Sentence, Span, Word

PUNCT_EDGE = set(".,;:!?-\u2014\u2013()[]{}")
#: quote marks as word texts; "''" and "``" are the typewriter pairs of some feeds
QUOTE_CHARS = set("\"\u201c\u201d\u2018\u2019'") | {"''", "``"}


def children(sent: Sentence, index: int, *deprels: str) -> list[Word]:
    """Dependents of word ``index``; when ``deprels`` are given, only those
    relations (a bare relation also matches its subtypes: ``nsubj`` ⊇ ``nsubj:pass``
    unless the subtype is asked for explicitly)."""
    out = []
    for w in sent.words:
        if w.head != index:
            continue
        if not deprels or w.deprel in deprels or w.deprel.split(":")[0] in deprels:
            out.append(w)
    return out


def subtree(sent: Sentence, index: int, exclude: Iterable[int] = ()) -> list[int]:
    """Indices of ``index`` and all its descendants, minus the subtrees rooted
    at ``exclude``; sorted."""
    blocked = set(exclude)
    kids: dict[int, list[int]] = {}
    for w in sent.words:
        kids.setdefault(w.head, []).append(w.index)
    out: set[int] = set()
    stack = [index]
    while stack:
        i = stack.pop()
        if i in blocked or i in out:
            continue  # the visited check also keeps a malformed (cyclic) parse from looping
        out.add(i)
        stack.extend(kids.get(i, []))
    return sorted(out)


def ancestors(sent: Sentence, index: int) -> list[int]:
    """Heads from ``index`` up to the root (exclusive of ``index``)."""
    out: list[int] = []
    seen = {index}
    i = sent.word(index).head
    while i and i not in seen:
        out.append(i)
        seen.add(i)
        i = sent.word(i).head
    return out


def contiguous(indices: list[int]) -> list[list[int]]:
    """Split sorted indices into runs of consecutive numbers."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def trim(sent: Sentence, indices: list[int], keep_quotes: bool = True) -> list[int]:
    """Drop punctuation (and, unless ``keep_quotes``, quote marks) from both edges."""
    idx = sorted(indices)

    def edge(i: int) -> bool:
        w = sent.word(i)
        if w.text in QUOTE_CHARS or all(c in QUOTE_CHARS for c in w.text):
            return not keep_quotes
        return w.upos == "PUNCT" or all(c in PUNCT_EDGE for c in w.text)

    while idx and (edge(idx[0]) or sent.word(idx[0]).deprel == "cc"):
        idx.pop(0)  # also a leading "and": "..., and Pakistan also wants"
    while idx and edge(idx[-1]) and not closes_bracket(sent, idx):
        idx.pop()
    return idx


def closes_bracket(sent: Sentence, idx: list[int]) -> bool:
    """The last word closes a bracket the span opened ("Sen. Ruth Okafor (D-Ore.)"): kept,
    so that the span does not end inside the bracket."""
    texts = [sent.word(i).text for i in idx]
    return texts[-1] == ")" and texts.count("(") == texts.count(")")


def span(text: str, sent: Sentence, indices: Iterable[int]) -> Span | None:
    """The text span from the first to the last of ``indices`` (None if empty)."""
    idx = list(indices)
    if not idx:
        return None
    start = min(sent.word(i).start for i in idx)
    end = max(sent.word(i).end for i in idx)
    return Span(start, end, text[start:end])


def make_span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def is_pronoun(word: Word) -> bool:
    return word.upos == "PRON" or word.xpos in ("PRP", "PRP$", "WP", "WP$", "WDT")
