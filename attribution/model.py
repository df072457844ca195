"""The frozen data model every stage shares.

Parsing, extraction, rules and reporting exchange only these records. They are
immutable (``frozen=True``) so that a stage can never quietly change what an
earlier stage produced, and they carry character offsets that index the
original input text (Python ``str`` indices, newlines untouched), which is what
the JSON contract promises to other tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text: ``text == document[start:end]``."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


# --------------------------------------------------------------------------- NLP


@dataclass(frozen=True, slots=True)
class Word:
    """One syntactic word (UD sense). ``index`` is 1-based within its sentence;
    ``head`` is 0 for the root. Words of a multi-word token share the token's
    character offsets."""

    index: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int
    token_index: int  # 0-based index of the surface token within the sentence
    ner: str = "O"  # BIOES tag of the surface token, e.g. "B-PERSON", or "O"

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Token:
    """A surface token: what the tokenizer cut out of the text."""

    index: int  # 0-based within the sentence
    text: str
    start: int
    end: int
    word_indices: tuple[int, ...]  # 1-based indices of its words


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention; ``type`` is e.g. PERSON, ORG, PLACE."""

    start: int
    end: int
    text: str
    type: str
    sentence: int  # index of the sentence that holds it


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # 0-based within the document
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    words: tuple[Word, ...]
    entities: tuple[Entity, ...] = ()
    paragraph: int = 0  # 0-based paragraph number (blank-line separated)

    def word(self, index: int) -> Word:
        """Word by its 1-based UD index."""
        return self.words[index - 1]

    def children(self, index: int) -> tuple[Word, ...]:
        return tuple(w for w in self.words if w.head == index)


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """The NLP layer's output: everything extraction may know about the text."""

    text: str
    sentences: tuple[Sentence, ...]
    model: str = ""  # name of the model that produced the parse

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(e for s in self.sentences for e in s.entities)


# ---------------------------------------------------------------- attribution


class SourceKind(str, Enum):
    NAMED_PERSON = "named_person"
    NAMED_ORGANIZATION = "named_organization"
    DOCUMENT = "document"
    ANONYMOUS = "anonymous"
    VAGUE = "vague"
    UNATTRIBUTED = "unattributed"


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Source:
    """Who asserted a claim, with the attributes reviewers ask about."""

    span: Span | None  # the source mention in the text (None when only implied)
    kind: SourceKind
    name: str | None = None
    role: str | None = None
    affiliation: str | None = None
    count: int | None = None
    on_record: bool = False
    anonymity_reason: Span | None = None
    interested_party: bool = False
    plural: bool = False
    resolved_from: Span | None = None  # the earlier mention a pronoun/"the officials" points to

    def to_json(self) -> dict:
        where = self.span.to_json() if self.span else {"start": None, "end": None, "text": None}
        return {
            **where,
            "kind": self.kind.value,
            "name": self.name,
            "role": self.role,
            "affiliation": self.affiliation,
            "count": self.count,
            "on_record": self.on_record,
            "anonymity_reason": self.anonymity_reason.to_json() if self.anonymity_reason else None,
            "interested_party": self.interested_party,
            "plural": self.plural,
            "resolved_from": self.resolved_from.to_json() if self.resolved_from else None,
        }


@dataclass(frozen=True, slots=True)
class Cue:
    span: Span
    lemma: str
    category: str = "speech"  # speech | writing | thought | intention | according_to | nominal | hearsay
    loaded: bool = False

    def to_json(self) -> dict:
        return {
            **self.span.to_json(),
            "lemma": self.lemma,
            "category": self.category,
            "loaded": self.loaded,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """A claim's content tied to a cue and (usually) a source."""

    id: str
    cue: Cue
    source: Source | None
    content: tuple[Span, ...]
    form: str  # verb | inverted | according_to | quote | partial_quote | nominal | relative | continuation
    direct: bool = False  # direct quotation
    sentence: int = 0
    strength: int = 0
    strength_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable assertion and the attribution that carries it, if any."""

    id: str
    span: Span
    sentence: int
    attribution: str | None  # Attribution.id
    status: str = "claim"  # claim | not_claim | declined_comment | anonymity_note
    reason: str = ""  # why it is not a claim (heading, question, credit, dateline ...)
    has_figure: bool = False
    common_knowledge: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one place in the text (flake8's tiny record)."""

    rule: str
    severity: Severity
    message: str
    span: Span
    line: int  # 1-based
    column: int  # 1-based, in characters
    claim: str | None = None
    attribution: str | None = None
    suppressed: bool = False
    metadata: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """The audit of one input; ``error`` instead of results when it failed."""

    path: str
    text: str = ""
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    summary: dict = field(default_factory=dict, compare=False, hash=False)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found in one document, before rules score it."""

    attributions: tuple[Attribution, ...]
    claims: tuple[Claim, ...]
