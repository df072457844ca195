"""Word lists that drive extraction, loaded from ``attribution/lexicons/*.yaml``.

The lists are data so that editors can read and extend them without touching
code. They are validated on load (spaCy's lesson: an unknown key is an error
with its name, not a silent no-op): every problem names the file, the line and
the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"

#: the keys each lexicon file may hold; each maps to a list of lower-case strings
SCHEMA: dict[str, tuple[str, ...]] = {
    "cues.yaml": (
        "speech",
        "writing",
        "thought",
        "intention",
        "loaded",
        "object_content",
        "clause_only",
        "prep_content",
        "attitude_adjectives",
        "complement_phrases",
        "document_objects",
        "according_to",
        "nominal",
        "message_nouns",
        "speech_nouns",
        "topic_nouns",
        "quote_intro",
        "discourse_phrases",
        "ritual_objects",
        "object_control",
        "sourceless",
        "connectives",
        "action_verbs",
    ),
    "sources.yaml": (
        "role_nouns",
        "organization_nouns",
        "speaker_nouns",
        "quantity_heads",
        "vague_collectives",
        "specific_modifiers",
        "anonymity_phrases",
        "hearsay_markers",
        "declined_comment_phrases",
        "credit_phrases",
    ),
}

#: keys whose entries are "verb preposition" pairs
PAIR_KEYS = ("prep_content", "attitude_adjectives", "complement_phrases")

#: cue categories in the order a verb listed under several is classified
VERB_CATEGORIES = ("speech", "writing", "thought", "intention")


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names file, line and key."""


@dataclass(frozen=True)
class Lexicon:
    """All word lists, as frozensets (phrases keep their spaces)."""

    lists: dict[str, frozenset[str]]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.lists[key]

    def verb_category(self, lemma: str) -> str | None:
        """The cue category of a verb lemma, or None when it is no cue."""
        lemma = lemma.lower()
        for cat in VERB_CATEGORIES:
            if lemma in self.lists[cat]:
                return cat
        return None

    def content_preps(self, lemma: str) -> frozenset[str]:
        """The prepositions that introduce what a verb reports ("call *for*", "speak *about*")."""
        return self._pairs("prep_content").get(lemma.lower(), frozenset())

    def adjective_content(self, adjective: str) -> frozenset[str]:
        """What an attitude adjective takes as its content: "that" (a clause), "to" (an
        infinitive) or prepositions ("wary *of*"); empty when it is no attitude adjective."""
        return self._pairs("attitude_adjectives").get(adjective.lower(), frozenset())

    def complements(self, lemma: str) -> frozenset[str]:
        """The complements that make a verb a verb of saying ("make *clear*")."""
        return self._pairs("complement_phrases").get(lemma.lower(), frozenset())

    def _pairs(self, key: str) -> dict[str, frozenset[str]]:
        """A "verb word" list as verb -> words, built once per key."""
        cache = self.__dict__.setdefault("_pair_cache", {})
        if key not in cache:
            index: dict[str, set[str]] = {}
            for entry in self.lists[key]:
                verb, _, word = entry.partition(" ")
                index.setdefault(verb, set()).add(word)
            cache[key] = {k: frozenset(v) for k, v in index.items()}
        return cache[key]

    def is_loaded(self, lemma: str) -> bool:
        return lemma.lower() in self.lists["loaded"]


def _fail(path: Path, line: int, key: str, message: str) -> LexiconError:
    return LexiconError(f"{path.name}:{line}: key {key!r}: {message}")


def parse_lexicon_file(path: Path, text: str, allowed: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Validate one YAML lexicon and return its lists.

    Uses the YAML node tree (not plain ``safe_load``) so that errors can point
    at the line of the offending entry.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise LexiconError(f"{path.name}:{line}: not valid YAML: {exc}") from exc
    if root is None:
        raise LexiconError(f"{path.name}:1: empty lexicon file")
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(f"{path.name}:{root.start_mark.line + 1}: top level must be a mapping of lists")
    out: dict[str, frozenset[str]] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in allowed:
            raise _fail(path, line, key, f"unknown key (expected one of: {', '.join(allowed)})")
        if key in out:
            raise _fail(path, line, key, "key given twice")
        if not isinstance(value_node, yaml.SequenceNode):
            raise _fail(path, line, key, "value must be a list of strings")
        seen: set[str] = set()
        for item in value_node.value:
            iline = item.start_mark.line + 1
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                raise _fail(path, iline, key, f"entry must be a string, got {getattr(item, 'value', item)!r}")
            entry = str(item.value)
            if not entry.strip() or entry != entry.strip():
                raise _fail(path, iline, key, f"entry {entry!r} is empty or has surrounding spaces")
            if entry != entry.lower():
                raise _fail(path, iline, key, f"entry {entry!r} must be lower case")
            if entry in seen:
                raise _fail(path, iline, key, f"duplicate entry {entry!r}")
            if key in PAIR_KEYS and len(entry.split()) != 2:
                raise _fail(
                    path, iline, key, f"entry {entry!r} must be two words, a verb and a preposition or complement"
                )
            seen.add(entry)
        out[key] = frozenset(seen)
    for key in allowed:
        if key not in out:
            raise LexiconError(f"{path.name}:1: key {key!r}: missing")
    return out


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read and validate every lexicon file in ``directory`` (default: the shipped ones)."""
    directory = directory or LEXICON_DIR
    lists: dict[str, frozenset[str]] = {}
    for name, allowed in SCHEMA.items():
        path = directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise LexiconError(f"{name}:0: cannot read lexicon file ({exc})") from exc
        lists.update(parse_lexicon_file(path, text, allowed))
    return Lexicon(lists)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once (read-only, so sharing it is safe)."""
    return load_lexicon()
