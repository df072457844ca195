"""The rule engine: strengths, findings and the article summary for one document.

A :class:`RuleSet` is an ordinary value (loaded rules + scoring + config); there
is no global registry to mutate, so two rule sets with different configs can
score the same extraction side by side (tests do exactly that).

Evaluation flattens every attribution, claim and the article into *facts*
(dicts keyed by the field names documented in ``rules/README.md``), runs each
rule's compiled match over the facts of its scope, and then:

1. strength of each attribution = base for its source kind + matching scoring
   adjustments + ``strength`` of every enabled attribution/claim rule that fired
   on it, clamped to 0-100 (the reasons are kept in ``strength_reasons``);
2. the article score = mean strength over claims (see ``rules/scoring.yaml``);
3. article-scope rules run last, since they may read the score.

Findings are sorted by position, then rule id, so output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from attribution.config import Config, ConfigError
from attribution.model import (
    ArticleReport,
    Attribution,
    Claim,
    Extraction,
    Finding,
    Severity,
    Source,
    SourceKind,
    Span,
)
from attribution.rules.loader import SCORING_FILE, Rule, builtin_rules_dir, load_builtin_rules, load_rules
from attribution.rules.schema import FIELDS, KINDS
from attribution.rules.scoring import Scoring, load_scoring
from attribution.textpos import LineIndex

_UNATTRIBUTED = SourceKind.UNATTRIBUTED.value
_NAMED = (SourceKind.NAMED_PERSON.value, SourceKind.NAMED_ORGANIZATION.value)
_NAMED_SOURCES = (*_NAMED, SourceKind.DOCUMENT.value)
_DETERMINERS = {"the", "a", "an", "some", "several", "many", "two", "three", "four", "five", "one"}
#: every source.* field but source.kind: all null when there is no source
_SOURCE_ATTRIBUTES = tuple(f for f in FIELDS if f.startswith("source.") and f != "source.kind")
_IRREGULAR = {"people": "person", "children": "child", "police": "police"}


@dataclass(frozen=True)
class Evaluation:
    """What the rules made of one document."""

    attributions: tuple[Attribution, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    summary: dict = field(default_factory=dict)

    def at_least(self, severity: Severity | str) -> tuple[Finding, ...]:
        """Findings at or above ``severity`` (``min-severity`` is a comparison, as in Vale)."""
        level = Severity(severity).rank
        return tuple(f for f in self.findings if f.severity.rank >= level)

    def report(self, path: str, text: str) -> ArticleReport:
        """Package the evaluation as the shared :class:`ArticleReport`."""
        return ArticleReport(
            path=path,
            text=text,
            attributions=self.attributions,
            claims=self.claims,
            findings=self.findings,
            summary=self.summary,
        )


class RuleSet:
    """Loaded rules, scoring and config overrides; call :meth:`evaluate` per document."""

    def __init__(self, rules: Iterable[Rule], scoring: Scoring, config: Config | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda r: r.id))
        self.config = config or Config()
        self.scoring = scoring
        self._by_id = {r.id: r for r in self.rules}
        self.active: tuple[Rule, ...] = tuple(r for r in self.rules if self.config.enabled(r.id))

    # ---------------------------------------------------------------- lookup

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if there is none)."""
        return self._by_id[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def enabled(self, rule_id: str) -> bool:
        """Whether the rule runs under this config (selected and not ``off``)."""
        return rule_id in self._by_id and self.config.enabled(rule_id)

    def severity_of(self, rule: Rule | str) -> Severity:
        """The rule's severity after config overrides."""
        r = self._by_id[rule] if isinstance(rule, str) else rule
        level = self.config.severity.get(r.id)
        return Severity(level) if level in ("info", "warning", "error") else r.severity

    # -------------------------------------------------------------- evaluate

    def evaluate(self, text: str, extraction: Extraction, *, path: str | Path | None = None) -> Evaluation:
        """Score every attribution, run every enabled rule, and summarise the article.

        ``path`` is only used for ``per-path-ignores``; findings those globs
        ignore are dropped (the strength effect of the rule still applies, so an
        article's score does not depend on where the file lives).
        """
        ctx = _Article(extraction)
        attr_facts = {a.id: ctx.attribution_facts(a) for a in extraction.attributions}
        claim_facts = {c.id: ctx.claim_facts(c, attr_facts) for c in extraction.claims}

        fired: list[tuple[Rule, Attribution | None, Claim | None]] = []
        rule_points: dict[str, dict[str, Rule]] = {a.id: {} for a in extraction.attributions}
        for rule in self.active:
            if rule.scope == "attribution":
                for a in extraction.attributions:
                    if rule.match.holds(attr_facts[a.id]):
                        fired.append((rule, a, ctx.first_claim(a.id)))
                        if rule.strength:
                            rule_points[a.id][rule.id] = rule
            elif rule.scope == "claim":
                for c in extraction.claims:
                    if rule.match.holds(claim_facts[c.id]):
                        a = ctx.attribution_of(c)
                        fired.append((rule, a, c))
                        if rule.strength and a is not None:
                            rule_points[a.id][rule.id] = rule

        scored = tuple(self._score(a, attr_facts[a.id], rule_points[a.id].values()) for a in extraction.attributions)
        strength_of = {a.id: a.strength for a in scored}
        ctx.set_strengths(strength_of, self.scoring)

        article_facts = ctx.article_facts(with_score=True)
        for rule in self.active:
            if rule.scope == "article" and rule.match.holds(article_facts):
                fired.append((rule, None, None))

        lines = LineIndex(text)
        by_id = {a.id: a for a in scored}
        findings: dict[tuple, Finding] = {}
        for rule, a, c in fired:
            if self.config.ignored_for_path(rule.id, path):
                continue
            a = by_id.get(a.id) if a is not None else None
            f = self._finding(rule, a, c, ctx, lines)
            key = (f.rule, f.span.start, f.span.end, f.message, f.claim if rule.scope == "claim" else None)
            findings.setdefault(key, f)
        ordered = tuple(
            sorted(
                findings.values(), key=lambda f: (f.span.start, f.span.end, f.rule, f.claim or "", f.attribution or "")
            )
        )
        summary = ctx.summary(ordered)
        return Evaluation(attributions=scored, claims=tuple(extraction.claims), findings=ordered, summary=summary)

    # -------------------------------------------------------------- helpers

    def _score(self, a: Attribution, facts: Mapping[str, Any], rules: Iterable[Rule]) -> Attribution:
        kind = facts["source.kind"]
        total = self.scoring.base[kind]
        reasons = [f"base {kind} {total}"]
        for adj in self.scoring.adjustments:
            if adj.points and adj.match.holds(facts):
                total += adj.points
                reasons.append(f"{adj.points:+d} {adj.reason}")
        for rule in sorted(rules, key=lambda r: r.id):
            total += rule.strength or 0
            reasons.append(f"{rule.strength:+d} {rule.id} {rule.name}")
        clamped = max(0, min(100, total))
        if clamped != total:
            reasons.append(f"clamped to {clamped}")
        return replace(a, strength=clamped, strength_reasons=tuple(reasons))

    def _finding(self, rule: Rule, a: Attribution | None, c: Claim | None, ctx: _Article, lines: LineIndex) -> Finding:
        span = _target_span(rule.span, a, c)
        line, column = lines.line_col(span.start)
        try:
            message = rule.message.format_map(ctx.placeholders(rule, a, c))
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            # a format spec that does not suit the value ({count:d} with no count): the template beats a crash
            message = rule.message
        return Finding(
            rule=rule.id,
            severity=self.severity_of(rule),
            message=message,
            span=span,
            line=line,
            column=column,
            claim=c.id if c is not None else None,
            attribution=a.id if a is not None else None,
            metadata=dict(rule.metadata),
        )


def _target_span(target: str, a: Attribution | None, c: Claim | None) -> Span:
    """The span a finding points at, falling back to the nearest thing that exists."""
    candidates: list[Span | None] = []
    if target == "article":
        return Span(0, 0, "")
    if target == "claim":
        candidates = [c.span if c else None]
    elif target == "source":
        candidates = [a.source.span if a and a.source else None, c.span if c else None, a.cue.span if a else None]
    elif target == "cue":
        candidates = [a.cue.span if a else None, c.span if c else None]
    elif target == "content":
        candidates = [a.content[0] if a and a.content else None, c.span if c else None, a.cue.span if a else None]
    for s in (*candidates, c.span if c else None, a.cue.span if a else None):
        if s is not None:
            return s
    return Span(0, 0, "")


# ------------------------------------------------------------- the article


def _norm(text: str) -> str:
    """Comparable form of a source mention: lower case, no leading determiner, no possessive."""
    words = re.findall(r"[\w'’-]+", text.lower().replace("’", "'"))
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(w.removesuffix("'s").removesuffix("'") for w in words)


def singular(word: str) -> str:
    """Rough English singular of a role noun ('analysts' -> 'analyst', 'spokesmen' -> 'spokesman')."""
    w = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("men") and len(w) > 4:
        return w[:-3] + "man"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _position(a: Attribution) -> tuple[int, int]:
    """Where an attribution's source appears (its cue when the source has no span)."""
    start = a.source.span.start if a.source is not None and a.source.span is not None else a.cue.span.start
    return start, a.cue.span.start


def _kind(source: Source | None) -> str:
    return source.kind.value if source is not None else _UNATTRIBUTED


def _percent(x: float | None) -> str:
    return "n/a" if x is None else f"{round(x * 100)}%"


class _Article:
    """Article-level facts computed once per evaluation."""

    def __init__(self, extraction: Extraction) -> None:
        self.attributions = tuple(extraction.attributions)
        self.claims = tuple(extraction.claims)
        self._by_id = {a.id: a for a in self.attributions}
        self._first_claim: dict[str, Claim] = {}
        for c in self.claims:
            if c.attribution is not None and c.attribution not in self._first_claim:
                self._first_claim[c.attribution] = c
        self.real_claims = tuple(c for c in self.claims if c.status == "claim")
        self._keys = {a.id: self.source_key(a.source) for a in self.attributions if a.source is not None}
        # anonymity reasons follow coreference: any mention of the same source that states one counts
        self._reasons: dict[str, str] = {}
        for a in self.attributions:
            if a.source is not None and a.source.anonymity_reason is not None:
                self._reasons.setdefault(self._keys[a.id], a.source.anonymity_reason.text)
        # the first attribution of each source in text order (findings once per source, not per mention)
        self._first_mentions: set[str] = set()
        seen: set[str] = set()
        for a in sorted(self._keyed(), key=_position):
            if self._keys[a.id] not in seen:
                seen.add(self._keys[a.id])
                self._first_mentions.add(a.id)
        self._strengths: dict[str, int] = {}
        self._noun_cache: dict[int, set[str]] = {}
        self._peer_cache: dict[str, int] = {}
        self._scoring: Scoring | None = None
        self._base = self._article_counts()

    # ---- sources

    def _keyed(self) -> list[Attribution]:
        return [a for a in self.attributions if a.source is not None]

    @staticmethod
    def source_key(source: Source) -> str:
        """Identity of a source across mentions: name, else what it was resolved from, else its text."""
        ref = source.name or (source.resolved_from.text if source.resolved_from else None)
        if not ref and source.span is not None:
            ref = source.span.text
        return _norm(ref or source.kind.value) or source.kind.value

    def _nouns(self, source: Source) -> set[str]:
        key = id(source)
        if key not in self._noun_cache:
            text = " ".join(t for t in (source.role, source.span.text if source.span else None) if t)
            self._noun_cache[key] = {singular(w) for w in re.findall(r"[A-Za-z]+", text)}
        return self._noun_cache[key]

    def _head_noun(self, source: Source) -> str | None:
        for text in (source.role, source.span.text if source.span else None):
            if text:
                words = re.findall(r"[A-Za-z]+", text)
                if words:
                    return singular(words[-1])
        return None

    def role_peers(self, a: Attribution) -> int:
        if a.id not in self._peer_cache:
            self._peer_cache[a.id] = self._role_peers(a)
        return self._peer_cache[a.id]

    def _role_peers(self, a: Attribution) -> int:
        src = a.source
        if src is None:
            return 0
        head = self._head_noun(src)
        if head is None:
            return 0
        own = self._keys[a.id]
        peers = set()
        for b in self.attributions:
            s = b.source
            if s is None or s.plural or (s.count or 1) > 1 or self._keys[b.id] == own:
                continue
            if head in self._nouns(s):
                peers.add(self._keys[b.id])
        return len(peers)

    # ---- lookups

    def attribution_of(self, c: Claim) -> Attribution | None:
        return self._by_id.get(c.attribution) if c.attribution is not None else None

    def first_claim(self, attribution_id: str) -> Claim | None:
        return self._first_claim.get(attribution_id)

    def claim_kind(self, c: Claim) -> str:
        a = self.attribution_of(c)
        return _kind(a.source) if a is not None else _UNATTRIBUTED

    # ---- facts

    def _article_counts(self) -> dict[str, Any]:
        keys = set(self._keys.values())
        named = {
            self._keys[a.id] for a in self.attributions if a.source is not None and _kind(a.source) in _NAMED_SOURCES
        }
        facts: dict[str, Any] = {
            "article.claims": len(self.real_claims),
            "article.attributions": len(self.attributions),
            "article.sources": len(keys),
            "article.named_sources": len(named),
        }
        for kind in KINDS:
            facts[f"article.count.{kind}"] = sum(1 for a in self.attributions if _kind(a.source) == kind)
        n = len(self.real_claims)
        kinds = [self.claim_kind(c) for c in self.real_claims]
        for kind in KINDS:
            facts[f"article.share.{kind}"] = (kinds.count(kind) / n) if n else 0.0
        unsourced = sum(
            1 for c, k in zip(self.real_claims, kinds, strict=True) if k == _UNATTRIBUTED and not c.common_knowledge
        )
        facts["article.share.unsourced"] = unsourced / n if n else 0.0
        facts["article.share.named"] = sum(1 for k in kinds if k in _NAMED) / n if n else 0.0
        return facts

    def attribution_facts(self, a: Attribution) -> dict[str, Any]:
        s = a.source
        facts = dict(self._base)
        facts.update(
            {
                "attribution": a.id,
                "attribution.form": a.form,
                "attribution.direct": a.direct,
                "source": None if s is None else (s.span.text if s.span else s.kind.value),
                "source.kind": _kind(s),
                "cue.text": a.cue.span.text,
                "cue.lemma": a.cue.lemma,
                "cue.category": a.cue.category,
                "cue.loaded": a.cue.loaded,
                "content.text": " ".join(sp.text for sp in a.content),
            }
        )
        if s is None:
            facts.update(dict.fromkeys(_SOURCE_ATTRIBUTES))
        else:
            reason = s.anonymity_reason.text if s.anonymity_reason else self._reasons.get(self._keys[a.id])
            facts.update(
                {
                    "source.text": s.span.text if s.span else None,
                    "source.name": s.name,
                    "source.role": s.role,
                    "source.affiliation": s.affiliation,
                    "source.count": s.count,
                    "source.on_record": s.on_record,
                    "source.anonymity_reason": reason,
                    "source.interested_party": s.interested_party,
                    "source.plural": s.plural,
                    "source.resolved": s.resolved_from is not None,
                    "source.first_mention": a.id in self._first_mentions,
                    "source.role_peers": self.role_peers(a),
                }
            )
        return facts

    def claim_facts(self, c: Claim, attr_facts: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
        a = self.attribution_of(c)
        if a is not None:
            facts = dict(attr_facts[a.id])
        else:
            facts = dict(self._base)
            for name in (
                "attribution",
                "attribution.form",
                "attribution.direct",
                "source",
                "cue.text",
                "cue.lemma",
                "cue.category",
                "cue.loaded",
                "content.text",
            ):
                facts[name] = None
            facts["source.kind"] = _UNATTRIBUTED
        facts.update(
            {
                "claim.text": c.span.text,
                "claim.status": c.status,
                "claim.reason": c.reason or None,
                "claim.has_figure": c.has_figure,
                "claim.common_knowledge": c.common_knowledge,
                "claim.attribution": c.attribution,
                "claim.sourced": a is not None and a.source is not None and a.source.kind != SourceKind.UNATTRIBUTED,
            }
        )
        return facts

    # ---- score and summary

    def set_strengths(self, strengths: Mapping[str, int], scoring: Scoring) -> None:
        self._strengths = dict(strengths)
        self._scoring = scoring

    def score(self) -> float | None:
        """Mean claim strength; unsourced claims count as ``scoring.unsourced``."""
        assert self._scoring is not None
        values = []
        for c in self.real_claims:
            a = self.attribution_of(c)
            if a is not None and a.source is not None and a.source.kind != SourceKind.UNATTRIBUTED:
                values.append(self._strengths.get(a.id, 0))
            elif c.common_knowledge and self._scoring.common_knowledge == "exclude":
                continue
            else:
                values.append(self._scoring.unsourced)
        return round(sum(values) / len(values), 1) if values else None

    def article_facts(self, *, with_score: bool) -> dict[str, Any]:
        facts = dict(self._base)
        if with_score:
            facts["article.score"] = self.score()
        return facts

    def placeholders(self, rule: Rule, a: Attribution | None, c: Claim | None) -> _Defaults:
        base = self._base
        share_field = next((f for f in sorted(rule.match.fields()) if f.startswith("article.share.")), None)
        values: dict[str, Any] = {
            "claims": base["article.claims"],
            "attributions": base["article.attributions"],
            "sources": base["article.sources"],
            "named_sources": base["article.named_sources"],
            "score": self.score() if self._scoring else None,
            "share": _percent(base[share_field]) if share_field else "",
            "anonymous_share": _percent(base["article.share.anonymous"]),
            "vague_share": _percent(base["article.share.vague"]),
            "unsourced_share": _percent(base["article.share.unsourced"]),
            "named_share": _percent(base["article.share.named"]),
        }
        if a is not None or c is not None:
            s = a.source if a is not None else None
            values.update(
                {
                    "source": (s.span.text if s and s.span else (s.name if s else None)) or "no source",
                    "kind": _kind(s),
                    "cue": a.cue.span.text if a else "",
                    "lemma": a.cue.lemma if a else "",
                    "category": a.cue.category if a else "",
                    "form": a.form if a else "",
                    "name": (s.name if s else None) or "",
                    "role": (s.role if s else None) or "",
                    "affiliation": (s.affiliation if s else None) or "",
                    "count": s.count if s and s.count is not None else "",
                    "reason": (s.anonymity_reason.text if s and s.anonymity_reason else ""),
                    "peers": self.role_peers(a) if a else 0,
                    "content": _clip(" ".join(sp.text for sp in a.content)) if a else "",
                    "claim": _clip(c.span.text) if c else "",
                }
            )
        return _Defaults(values)

    def summary(self, findings: tuple[Finding, ...]) -> dict:
        base = self._base
        claim_kinds = {k: 0 for k in KINDS}
        for c in self.real_claims:
            claim_kinds[self.claim_kind(c)] += 1
        return {
            "claims": base["article.claims"],
            "attributions": base["article.attributions"],
            "sources": base["article.sources"],
            "named_sources": base["article.named_sources"],
            "source_kinds": {k: base[f"article.count.{k}"] for k in KINDS},
            "claim_kinds": claim_kinds,
            "shares": {
                **{k: round(base[f"article.share.{k}"], 4) for k in KINDS},
                "unsourced": round(base["article.share.unsourced"], 4),
                "named": round(base["article.share.named"], 4),
            },
            "score": self.score(),
            "findings": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
        }


class _Defaults(dict):
    """Placeholder values; a placeholder the scope cannot fill renders empty, never raises."""

    def __missing__(self, key: str) -> str:
        return ""


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------- loading


def load_ruleset(config: Config | None = None) -> RuleSet:
    """The shipped rules plus the config's rule packs, scoring overrides and severities.

    ``config=None`` means the defaults: no file is discovered here (callers that
    want discovery call :func:`attribution.config.load_config` first), so library
    use and tests never depend on the working folder.
    """
    cfg = config or Config()
    builtin = load_builtin_rules()
    extra = load_rules(cfg.extend_rules, existing=builtin) if cfg.extend_rules else ()
    rules = (*builtin, *extra)
    scoring = load_scoring(builtin_rules_dir() / SCORING_FILE, shown=f"<builtin>/{SCORING_FILE}")
    if cfg.scoring:
        try:
            scoring = scoring.with_overrides(cfg.scoring)
        except ValueError as exc:
            raise ConfigError(cfg.path, "scoring", str(exc)) from None
    _check_config_ids(cfg, {r.id for r in rules})
    return RuleSet(rules, scoring, cfg)


def _check_config_ids(cfg: Config, ids: set[str]) -> None:
    """Rule ids and prefixes in the config must name something: a typo should not silently do nothing."""
    for rule_id in cfg.severity:
        if rule_id not in ids:
            close = [i for i in sorted(ids) if i[:3] == rule_id[:3]][:3]
            hint = f" (known: {', '.join(close)})" if close else ""
            raise ConfigError(cfg.path, f"severity.{rule_id}", f"severity.{rule_id}: unknown rule id {rule_id!r}{hint}")
    groups: list[tuple[str, tuple[str, ...]]] = [("select", cfg.select), ("ignore", cfg.ignore)]
    groups += [(f"per-path-ignores.{g}", p) for g, p in cfg.per_path_ignores.items()]
    for key, prefixes in groups:
        for prefix in prefixes:
            if prefix != "ALL" and not any(i.startswith(prefix) for i in ids):
                raise ConfigError(cfg.path, key, f"{key}: prefix {prefix!r} matches no rule")
