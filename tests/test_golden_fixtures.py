"""Golden test: the fixture articles against the expectations written beside them.

Each ``fixtures/articles/NN_slug.expected.yaml`` lists what a careful editor
marks. Through the shipped model and the real extractor and rules we score,
per item kind, how much of that is found:

- attributions: the sentence has an attribution whose source overlaps the
  expected source text (or, for implicit sources, any attribution) — and,
  separately, whether its kind matches;
- unsourced: the sentence is a claim with no source and the expected rule fires;
- not_claims: the sentence is not reported as a claim;
- findings: the rule fires on that sentence (or anywhere, for article rules).

The extractor is not perfect, so the test asserts floors measured on this
set (a regression guard) and prints every miss; raise the floors as
extraction improves. Individual articles are listed in the failure message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from attribution.audit import audit_document

pytestmark = pytest.mark.model

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FIXTURES = sorted(ARTICLES.glob("*.txt"))

# measured 2026-12-02 with en_compact 2026.12.02.0022: attribution 98% (118/121), kind 92%
# (109/118), unsourced 76%, not_claim 100%, finding 71% (2026-11-29 with 2026.11.29.0700: 98%, 92%, 76%,
# 100%, 69%; with 2026.11.25.1041: 97%, 95%, 76%, 100%, 60%); the floors sit a few points below
# to absorb model retraining. With en_compact 2026.12.02.1244 (cluster word vectors): 98% (119/121),
# 94% (112/119), unsourced 71% (15/21: "Home batteries store electricity ..." now reads "store" as a
# noun), 100%, 71%; with 2026.12.02.1539: the same counts (its tagger calls "stores" in "Seagrass
# stores ..." a plural noun, which the background rule reads as the verb it is since that day); with
# 2026.12.05.1827 (NER retrained on its own word vectors): 98% (119/121), 92% (110/119: "The
# contractor, Brennard Civil" is now a named person, not a named organisation), 71%, 100%, 71%; with
# 2026.12.06.0500 (NER with embedding fine-tuning): 98%, 94% (112/119: Brennard Civil an organisation
# again), 71%, 100%, 71%
FLOORS = {"attribution": 0.93, "kind": 0.9, "unsourced": 0.7, "not_claim": 0.93, "finding": 0.62}


def _sentence_span(text: str, prefix: str) -> tuple[int, int]:
    """From the prefix to the end of its sentence (first full stop or question mark after it)."""
    start = text.index(prefix)
    ends = [i for i in (text.find(". ", start), text.find(".\n", start), text.find("?", start)) if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@pytest.fixture(scope="module")
def audits(parser, ruleset):
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    docs = parser.parse_many(texts)
    return {p.name: audit_document(d, ruleset, p.name) for p, d in zip(FIXTURES, docs, strict=True)}


def _score(report, expected: dict) -> dict[str, tuple[int, int, list[str]]]:
    text = report.text
    out: dict[str, list] = {k: [0, 0, []] for k in FLOORS}

    def tally(key: str, ok: bool, what: str) -> None:
        out[key][1] += 1
        out[key][0] += ok
        if not ok:
            out[key][2].append(what)

    claims_at = {}
    for c in report.claims:
        claims_at.setdefault(c.span.start, c)
    for item in expected.get("attributions") or []:
        s0, s1 = _sentence_span(text, item["sentence"])
        cands = [
            a for a in report.attributions if any(_overlaps(s0, s1, x.start, x.end) for x in (a.cue.span, *a.content))
        ]
        src = item.get("source")
        if src:
            # every occurrence of the source text near the sentence counts: "Tate" in "Tate said"
            # must not be judged against the "manager Colin Tate" three sentences before
            lo, hi = max(0, s0 - 400), min(len(text), s1 + 400)
            places = [m.start() for m in re.finditer(re.escape(src), text[lo:hi])]
            hits = [
                a
                for a in cands
                if a.source
                and a.source.span
                and any(_overlaps(a.source.span.start, a.source.span.end, lo + i, lo + i + len(src)) for i in places)
            ]
            if not hits and item.get("resolves_to"):
                hits = [a for a in cands if a.source is not None]
        else:
            hits = [a for a in cands if a.source is not None]
        tally("attribution", bool(hits), f"attribution {item['sentence']!r} ← {src!r}")
        if hits:
            ok = any(a.source.kind.value == item["kind"] for a in hits)
            tally("kind", ok, f"kind {src!r}: expected {item['kind']}, got {[a.source.kind.value for a in hits]}")
    findings = [(f.rule, f.span.start, f.span.end) for f in report.findings if not f.suppressed]
    for item in expected.get("unsourced") or []:
        s0, s1 = _sentence_span(text, item["sentence"])
        ok = any(r == item["rule"] and _overlaps(s0, s1, a, b) for r, a, b in findings)
        tally("unsourced", ok, f"unsourced {item['rule']} {item['sentence']!r}")
    for prefix in expected.get("not_claims") or []:
        s0, s1 = _sentence_span(text, prefix)
        bad = [
            c
            for c in report.claims
            if c.status == "claim" and _overlaps(s0, s0 + len(prefix), c.span.start, c.span.end)
        ]
        tally("not_claim", not bad, f"not a claim: {prefix!r}")
    for item in expected.get("findings") or []:
        if item.get("sentence"):
            s0, s1 = _sentence_span(text, item["sentence"])
            ok = any(r == item["rule"] and _overlaps(s0, s1, a, b) for r, a, b in findings)
        else:
            ok = any(r == item["rule"] for r, _, _ in findings)
        tally("finding", ok, f"finding {item['rule']} {item.get('sentence')!r}")
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def test_fixture_expectations_are_met_above_the_floors(audits):
    totals = {k: [0, 0] for k in FLOORS}
    misses: list[str] = []
    for path in FIXTURES:
        expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
        for key, (ok, n, what) in _score(audits[path.name], expected).items():
            totals[key][0] += ok
            totals[key][1] += n
            misses.extend(f"{path.name}: {w}" for w in what)
    rates = {k: (ok / n if n else 1.0) for k, (ok, n) in totals.items()}
    summary = ", ".join(f"{k} {totals[k][0]}/{totals[k][1]} ({rates[k]:.0%})" for k in FLOORS)
    print("\nfixture golden scores:", summary)
    below = [k for k in FLOORS if rates[k] < FLOORS[k]]
    assert not below, f"below the floor for {below}: {summary}\n" + "\n".join(misses)


def test_every_fixture_audits_without_error(audits):
    for name, report in audits.items():
        assert report.error is None, name
        assert report.claims, name
