"""The NLP seam: text in, :class:`~attribution.model.ParsedDocument` out.

Extraction and rules depend only on this package's interface and on the
frozen data model, never on stanza. ``load_parser`` is the one way in; the
Stanza backend lives in :mod:`attribution.nlp.stanza_backend` and is imported
lazily so that commands which never parse (``rules list``, ``--help``) start
fast and tests on cached parses need no model at all.
"""

from __future__ import annotations

from typing import Protocol

from attribution.model import ParsedDocument


class ModelError(RuntimeError):
    """A model could not be found or loaded (the CLI maps this to exit code 3)."""


class TextTooLarge(ValueError):
    """The text is longer than the parser accepts in one call (``MAX_CHARS``)."""


#: one parse call refuses longer texts with :class:`TextTooLarge` rather than
#: running for a quarter of an hour on a 2-core laptop
MAX_CHARS = 5_000_000


class Parser(Protocol):
    """Anything that turns text into a parsed document."""

    name: str

    def parse(self, text: str) -> ParsedDocument: ...

    def parse_many(self, texts: list[str]) -> list[ParsedDocument]: ...


def load_parser(model: str | None = None, *, use_gpu: bool | None = None) -> Parser:
    """Load a parser by model name or path (default: the shipped compact model).

    Never touches the network: a model that is not installed is a
    :class:`ModelError` naming ``attribution models download``.
    """
    from attribution.nlp.stanza_backend import StanzaParser

    return StanzaParser.load(model, use_gpu=use_gpu)


__all__ = ["MAX_CHARS", "ModelError", "Parser", "TextTooLarge", "load_parser"]
