"""Cue, source and content scores of predicted against gold attributions.

The measures (issue 4, comparable to PARC 3.0 overlap scores):

- cue: a predicted cue is right if it overlaps a gold cue; a gold cue is found
  if a predicted cue overlaps it;
- source: predicted and gold attributions are linked by overlapping cues, or
  else by overlapping content; a source is right when a linked pair's source
  spans overlap. Precision is over predicted attributions that have a source,
  recall over gold attributions that have one;
- content: the non-space characters covered by predicted content spans
  against those covered by gold content spans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from attribution.evaluation.brat import GoldAttribution
from attribution.model import Attribution, Span


def _any_overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> bool:
    return any(x.overlaps(y) for x in a for y in b)


def _pred_source(p: Attribution) -> tuple[Span, ...]:
    if p.source is None or p.source.span is None:
        return ()
    return (p.source.span,)


@dataclass
class Tally:
    """Counts for one measure; precision/recall numerators can differ (overlap matching)."""

    pred_total: int = 0
    pred_right: int = 0
    gold_total: int = 0
    gold_found: int = 0

    def add(self, other: Tally) -> None:
        self.pred_total += other.pred_total
        self.pred_right += other.pred_right
        self.gold_total += other.gold_total
        self.gold_found += other.gold_found

    @property
    def precision(self) -> float:
        return self.pred_right / self.pred_total if self.pred_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.pred_total,
            "gold": self.gold_total,
        }


@dataclass
class ArticleScore:
    cue: Tally = field(default_factory=Tally)
    source: Tally = field(default_factory=Tally)
    content: Tally = field(default_factory=Tally)
    missed: list[GoldAttribution] = field(default_factory=list)
    spurious: list[Attribution] = field(default_factory=list)
    by_lemma: dict[str, Tally] = field(default_factory=dict)
    by_form: dict[str, Tally] = field(default_factory=dict)


def _links(p: Attribution, golds: tuple[GoldAttribution, ...]) -> list[GoldAttribution]:
    by_cue = [g for g in golds if _any_overlap((p.cue.span,), g.cue)]
    return by_cue or [g for g in golds if _any_overlap(p.content, g.content)]


def _non_space(spans, text: str) -> set[int]:
    return {i for s in spans for i in range(s.start, min(s.end, len(text))) if not text[i].isspace()}


def is_orphan_quote(p: Attribution) -> bool:
    """A quotation nobody is credited with: the report flags it, but it has no cue word
    and no source, so it is no attribution relation in PolNeAR's sense. It is left out
    of the cue and source scores; its content still counts in the content score."""
    return p.form == "quote" and p.source is None and p.cue.lemma == "quote"


def score_article(text: str, pred: tuple[Attribution, ...], gold: tuple[GoldAttribution, ...]) -> ArticleScore:
    sc = ArticleScore()
    all_pred = pred
    pred = tuple(p for p in pred if not is_orphan_quote(p))
    gold_cues = [g for g in gold if g.cue]
    # cue
    for p in pred:
        right = any(_any_overlap((p.cue.span,), g.cue) for g in gold_cues)
        sc.cue.pred_total += 1
        sc.cue.pred_right += right
        # keyed by the cue's words, like the gold side (gold cues carry no lemma)
        lemma = sc.by_lemma.setdefault(" ".join(p.cue.span.text.lower().split()), Tally())
        lemma.pred_total += 1
        lemma.pred_right += right
        form = sc.by_form.setdefault(p.form, Tally())
        form.pred_total += 1
        form.pred_right += right
        if not right:
            sc.spurious.append(p)
    for g in gold_cues:
        found = any(_any_overlap((p.cue.span,), g.cue) for p in pred)
        sc.cue.gold_total += 1
        sc.cue.gold_found += found
        key = " ".join(" ".join(s.text.lower() for s in g.cue).split())
        lemma = sc.by_lemma.setdefault(key, Tally())
        lemma.gold_total += 1
        lemma.gold_found += found
        if not found:
            sc.missed.append(g)
    # source
    for p in pred:
        ps = _pred_source(p)
        if not ps:
            continue
        sc.source.pred_total += 1
        sc.source.pred_right += any(_any_overlap(ps, g.source) for g in _links(p, gold) if g.source)
    for g in gold:
        if not g.source:
            continue
        sc.source.gold_total += 1
        linked = [p for p in pred if _any_overlap((p.cue.span,), g.cue)] or [
            p for p in pred if _any_overlap(p.content, g.content)
        ]
        sc.source.gold_found += any(_any_overlap(_pred_source(p), g.source) for p in linked)
    # content (characters)
    pc = _non_space([s for p in all_pred for s in p.content], text)
    gc = _non_space([s for g in gold for s in g.content], text)
    both = len(pc & gc)
    sc.content = Tally(len(pc), both, len(gc), both)
    return sc


def total(scores: list[ArticleScore]) -> ArticleScore:
    out = ArticleScore()
    for s in scores:
        out.cue.add(s.cue)
        out.source.add(s.source)
        out.content.add(s.content)
        for k, t in s.by_lemma.items():
            out.by_lemma.setdefault(k, Tally()).add(t)
        for k, t in s.by_form.items():
            out.by_form.setdefault(k, Tally()).add(t)
    return out


def top(tallies: dict[str, Tally], n: int = 25) -> list[tuple[str, Tally]]:
    weight = Counter({k: t.gold_total + t.pred_total for k, t in tallies.items()})
    return [(k, tallies[k]) for k, _ in weight.most_common(n)]
