"""What a rule file may say: keys, match fields, operators, and their types.

This module is the single description of the rule-file format. The loader
validates against it (with file, line and key in every message, the way spaCy
refuses an unknown pattern key instead of ignoring it), and
:func:`json_schema` turns the same tables into the published
``attribution/schema/rule.schema.json`` so that editors and CI can check rule
files without running Python. A test keeps the two in step.

Regenerate the published file after changing a table here::

    python -c "from attribution.rules.schema import write_schema; write_schema()"
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from attribution.model import Severity, SourceKind

# ----------------------------------------------------------------- errors


class RuleError(ValueError):
    """A rule or scoring file that cannot be used; the message names file, line and key.

    ``path``, ``line`` and ``key`` are kept as attributes so a CLI or an editor
    integration can point at the place without parsing the message.
    """

    def __init__(self, path: str | Path | None, line: int | None, key: str | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key
        self.problem = problem
        where = self.path or "<rules>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ------------------------------------------------------------ rule keys

SCOPES = ("attribution", "claim", "article")
SEVERITIES = tuple(s.value for s in Severity)
KINDS = tuple(k.value for k in SourceKind)
FORMS = ("verb", "inverted", "according_to", "quote", "partial_quote", "nominal", "relative", "continuation")
CUE_CATEGORIES = ("speech", "writing", "thought", "intention", "according_to", "nominal", "hearsay")
CLAIM_STATUSES = ("claim", "not_claim", "declined_comment", "anonymity_note")
SPAN_TARGETS = ("source", "cue", "content", "claim", "article")

ID_PATTERN = r"^[A-Z]{2,5}[0-9]{3}$"
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

#: top-level keys of a rule file: key -> (required, description)
RULE_KEYS: dict[str, tuple[bool, str]] = {
    "id": (True, "stable code, e.g. ANO001 (2-5 capitals and 3 digits)"),
    "name": (True, "kebab-case name, e.g. anonymous-without-reason"),
    "severity": (True, "default severity: info, warning or error"),
    "scope": (True, "what the rule looks at: attribution, claim or article"),
    "message": (True, "finding text; may use {placeholders}"),
    "rationale": (True, "why the rule exists (the standard it encodes)"),
    "match": (True, "conditions that must all hold for the rule to fire"),
    "examples": (True, "fail: texts it must fire on; pass: texts it must not fire on"),
    "strength": (False, "points added to the attribution's strength when the rule fires"),
    "span": (False, "where the finding points: source, cue, content, claim or article"),
    "metadata": (False, "free-form mapping passed through to every finding"),
}

#: the span a finding points at when the rule does not say
DEFAULT_SPAN = {"attribution": "source", "claim": "claim", "article": "article"}
#: span targets each scope may name
SCOPE_SPANS = {
    "attribution": ("source", "cue", "content"),
    "claim": ("claim", "source", "cue", "content"),
    "article": ("article",),
}

# ---------------------------------------------------------- match fields


@dataclass(frozen=True, slots=True)
class Field:
    """One value the matcher can read.

    ``type`` is one of ``bool``, ``int``, ``number``, ``str``, ``enum`` or
    ``object`` (an object field only supports a null test: ``source: null``).
    Every field may be null when the thing it belongs to is missing
    (no attribution, no source).
    """

    name: str
    type: str
    scopes: tuple[str, ...]
    doc: str
    choices: tuple[str, ...] = ()


_A = ("attribution", "claim")  # fields of an attribution, also seen from its claim
_C = ("claim",)
_ALL = SCOPES
_ART = ("article",)


def _fields() -> dict[str, Field]:
    out: list[Field] = [
        Field("attribution", "object", _A, "the attribution itself; `attribution: null` = the claim has none"),
        Field("attribution.form", "enum", _A, "how the source is tied to the content", FORMS),
        Field("attribution.direct", "bool", _A, "the content is a direct quotation"),
        Field("source", "object", _A, "the source; null when none was found (orphan quote, hearsay, unsourced)"),
        Field("source.kind", "enum", _A, "source kind; `unattributed` whenever there is no source", KINDS),
        Field("source.text", "str", _A, "the source mention as written"),
        Field("source.name", "str", _A, "the person's or body's name, when given"),
        Field("source.role", "str", _A, "role or title, e.g. 'spokesman'"),
        Field("source.affiliation", "str", _A, "organisation the source speaks for"),
        Field("source.count", "int", _A, "how many people the mention stands for ('three officials' -> 3)"),
        Field("source.on_record", "bool", _A, "the source speaks on the record"),
        Field(
            "source.anonymity_reason",
            "str",
            _A,
            "text of the stated reason for anonymity; followed through coreference to the first mention",
        ),
        Field("source.interested_party", "bool", _A, "the source is a side in the story (a group about itself)"),
        Field("source.plural", "bool", _A, "the mention is plural ('analysts', 'officials')"),
        Field("source.resolved", "bool", _A, "the mention was resolved to an earlier one (pronoun, 'the officials')"),
        Field(
            "source.first_mention",
            "bool",
            _A,
            "this is the first attribution (in text order) of its source; later mentions of the same source are not",
        ),
        Field(
            "source.role_peers",
            "int",
            _A,
            "number of OTHER distinct singular sources in the article whose role noun matches this "
            "source's head noun ('Analysts' vs 'Syed Ali, a security analyst' -> 1)",
        ),
        Field("cue.text", "str", _A, "the cue as written ('told', 'according to', 'reportedly')"),
        Field("cue.lemma", "str", _A, "lemma of the cue ('say', 'claim')"),
        Field("cue.category", "enum", _A, "cue category", CUE_CATEGORIES),
        Field("cue.loaded", "bool", _A, "the cue verb is loaded (claimed, admitted, insisted)"),
        Field("content.text", "str", _A, "the attributed content, spans joined by a space"),
        Field("claim.text", "str", _C, "the claim's text"),
        Field("claim.status", "enum", _C, "claim, or why it is not one", CLAIM_STATUSES),
        Field("claim.reason", "str", _C, "why a non-claim is not a claim (heading, question, credit ...)"),
        Field("claim.has_figure", "bool", _C, "the claim states a number, figure or casualty count"),
        Field("claim.common_knowledge", "bool", _C, "background / established fact that needs no source"),
        Field("claim.attribution", "str", _C, "id of the claim's attribution, or null"),
        Field(
            "claim.sourced",
            "bool",
            _C,
            "the claim has an attribution with a source (false for no attribution, orphan quotes, bare hearsay)",
        ),
        Field("article.claims", "int", _ALL, "number of claims (status `claim`)"),
        Field("article.attributions", "int", _ALL, "number of attributions"),
        Field("article.sources", "int", _ALL, "number of distinct sources (coreferent mentions counted once)"),
        Field("article.named_sources", "int", _ALL, "distinct named_person / named_organization / document sources"),
        Field("article.score", "number", _ART, "article score 0-100 (null when there are no scored claims)"),
    ]
    for kind in (*KINDS, "unsourced", "named"):
        what = {
            "unattributed": "with no source at all",
            "unsourced": "with no source that are not common knowledge",
            "named": "resting on a named person or named organization",
        }.get(kind, f"resting on a {kind} source")
        out.append(Field(f"article.share.{kind}", "number", _ALL, f"share (0-1) of claims {what}"))
    for kind in KINDS:
        out.append(Field(f"article.count.{kind}", "int", _ALL, f"number of attributions whose source is {kind}"))
    return {f.name: f for f in out}


FIELDS: dict[str, Field] = _fields()

#: operators of a condition mapping: operator -> field types it applies to
OPERATORS: dict[str, tuple[str, ...]] = {
    "eq": ("bool", "int", "number", "str", "enum", "object"),
    "ne": ("bool", "int", "number", "str", "enum", "object"),
    "in": ("int", "number", "str", "enum"),
    "not_in": ("int", "number", "str", "enum"),
    "gt": ("int", "number"),
    "ge": ("int", "number"),
    "lt": ("int", "number"),
    "le": ("int", "number"),
    "matches": ("str", "enum"),
}
#: keys of a match mapping that combine sub-matches instead of naming a field
COMBINATORS = ("any", "not")

# ---------------------------------------------------------- scoring file

SCORING_KEYS: dict[str, tuple[bool, str]] = {
    "base": (True, "strength 0-100 per source kind"),
    "adjustments": (True, "named adjustments: {points, reason, match}"),
    "aggregate": (True, "how the article score is built from claim strengths"),
}
ADJUSTMENT_KEYS: dict[str, tuple[bool, str]] = {
    "points": (True, "points added (negative subtracts)"),
    "reason": (True, "short text shown in strength_reasons"),
    "match": (True, "attribution-scope match"),
}
AGGREGATE_KEYS: dict[str, tuple[bool, str]] = {
    "method": (True, "mean (the only method for now)"),
    "unsourced": (True, "strength counted for a claim with no source (0-100)"),
    "common-knowledge": (
        True,
        "exclude: unsourced common-knowledge claims do not count; count: they count as unsourced",
    ),
}
AGGREGATE_METHODS = ("mean",)
COMMON_KNOWLEDGE_MODES = ("exclude", "count")

# ----------------------------------------------------------- JSON Schema


def _condition_schema(field: Field) -> dict:
    """JSON Schema of the value a match may give for ``field``."""
    scalar: dict
    if field.type == "bool":
        scalar = {"type": ["boolean", "null"]}
    elif field.type == "int":
        scalar = {"type": ["integer", "null"]}
    elif field.type == "number":
        scalar = {"type": ["number", "null"]}
    elif field.type == "enum":
        scalar = {"enum": [*field.choices, None]}
    elif field.type == "object":
        scalar = {"type": "null"}
    else:
        scalar = {"type": ["string", "null"]}
    ops: dict = {}
    for op, types in OPERATORS.items():
        if field.type not in types:
            continue
        if op in ("in", "not_in"):
            ops[op] = {"type": "array", "items": scalar, "minItems": 1}
        elif op in ("gt", "ge", "lt", "le"):
            ops[op] = {"type": "number"}
        elif op == "matches":
            ops[op] = {"type": "string", "minLength": 1}
        else:
            ops[op] = scalar
    variants = [scalar, {"type": "object", "properties": ops, "additionalProperties": False, "minProperties": 1}]
    if "in" in ops:
        variants.insert(1, {"type": "array", "items": scalar, "minItems": 1})
    return {"description": field.doc, "anyOf": variants}


def json_schema() -> dict:
    """The rule-file JSON Schema (draft 2020-12), built from the tables above."""
    match_props = {name: _condition_schema(f) for name, f in FIELDS.items()}
    match_props["any"] = {
        "description": "at least one of these match mappings holds",
        "type": "array",
        "items": {"$ref": "#/$defs/match"},
        "minItems": 1,
    }
    match_props["not"] = {"description": "this match mapping does not hold", "$ref": "#/$defs/match"}
    examples = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://attribution.invalid/schema/rule.schema.json",
        "title": "attribution rule file",
        "description": "One rule per YAML file. See rules/README.md for the meaning of each field.",
        "type": "object",
        "required": [k for k, (req, _) in RULE_KEYS.items() if req],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "description": RULE_KEYS["id"][1]},
            "name": {"type": "string", "pattern": NAME_PATTERN, "description": RULE_KEYS["name"][1]},
            "severity": {"enum": list(SEVERITIES), "description": RULE_KEYS["severity"][1]},
            "scope": {"enum": list(SCOPES), "description": RULE_KEYS["scope"][1]},
            "message": {"type": "string", "minLength": 1, "description": RULE_KEYS["message"][1]},
            "rationale": {"type": "string", "minLength": 1, "description": RULE_KEYS["rationale"][1]},
            "match": {"$ref": "#/$defs/match", "description": RULE_KEYS["match"][1]},
            "strength": {"type": "integer", "minimum": -100, "maximum": 100, "description": RULE_KEYS["strength"][1]},
            "span": {"enum": list(SPAN_TARGETS), "description": RULE_KEYS["span"][1]},
            "metadata": {"type": "object", "description": RULE_KEYS["metadata"][1]},
            "examples": {
                "type": "object",
                "description": RULE_KEYS["examples"][1],
                "required": ["fail", "pass"],
                "additionalProperties": False,
                "properties": {"fail": examples, "pass": examples},
            },
        },
        "$defs": {
            "match": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": match_props,
            }
        },
    }


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "rule.schema.json"


def json_schema_text() -> str:
    """The schema as written to ``attribution/schema/rule.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a ``matches`` pattern the way the matcher uses it (case-insensitive)."""
    return re.compile(pattern, re.IGNORECASE)


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the published schema file (a test fails while it is stale)."""
    path.write_text(json_schema_text(), encoding="utf-8")
    return path
