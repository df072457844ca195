"""The fixture article set is well formed: every expectation points at real text.

``fixtures/articles/NN_slug.txt`` are short news articles written for this project;
``NN_slug.expected.yaml`` beside each is the ground truth the extraction engine is
judged on (format: ``fixtures/README.md``). This test needs no model: it checks that
every sentence prefix occurs exactly once, that source and cue texts sit inside the
sentence's paragraph, that kinds, forms and rule ids come from the allowed lists,
that the expectations are consistent with the house rules (a vague source is flagged
VAG001, a loaded verb VRB001, ...), and that the set as a whole covers every
attribution form, feature and rule id.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"

KINDS = {"named_person", "named_organization", "document", "anonymous", "vague"}
FORMS = {"verb", "inverted", "according_to", "quote", "partial_quote", "nominal", "relative", "continuation"}
UNSOURCED_RULES = {"UNS001", "UNS002", "UNS003"}
FINDING_RULES = {"ANO001", "ANO002", "ANO003", "VAG001", "VAG002", "VAG003", "QUO001", "INT001", "VRB001", "STY001"}
ARTICLE_LEVEL_RULES = {"ANO003", "STY001"}
RULES = UNSOURCED_RULES | FINDING_RULES

# cue verbs beyond "say" that the set must exercise (the exact form used as cue text)
REQUIRED_CUES = set(
    "told added warned confirmed denied claimed condemned estimated announced insisted acknowledged accused"
    " believes wants fears".split()
)
LOADED_CUES = {"claim", "claims", "claimed", "admit", "admits", "admitted", "insist", "insists", "insisted"}
PRONOUNS = {"he", "she", "they", "it", "we", "i"}

FEATURES = {
    "quote_verb_before",  # speech verb before a direct quote:  X said: "..."
    "quote_verb_after",  # speech verb after a direct quote:   "...," X said.
    "multi_sentence_quote",  # one quotation running over several sentences
    "multi_paragraph_quote",  # a paragraph opening with a quote mark inherits the speaker (floating)
    "pronoun_subject",  # He added / They said, resolved to an earlier source
    "anonymity_reason_separate",  # "They spoke on condition of anonymity because ..."
    "declined_comment",  # "X did not respond to a request for comment"
    "subhead",
    "question",
    "byline",
    "credit_line",
    "dateline",
    "stray_quote",  # an unbalanced quote mark early in the text
    "curly_quotes",
    "straight_quotes",
    "clean",  # well sourced: no warnings or errors expected
    "non_ascii",  # names with non-ASCII letters
}
COVER_TAGS = FORMS | FEATURES | RULES | {f"cue_{c}" for c in REQUIRED_CUES}

ATTRIBUTION_KEYS = set(
    "sentence source kind cue form count role affiliation anonymity_reason interested_party direct resolves_to"
    " floating note".split()
)
TOP_KEYS = set(
    "title licence covers attributions unsourced not_claims findings declined_comment anonymity_notes notes".split()
)
ANO003_SHARE = 0.4  # rules/ano003.yaml: more than 40% of the story rests on anonymous sources
QUOTE_CHARS = '"“”'


def _fixtures() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt"))


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _expected(article: Path) -> dict:
    return yaml.safe_load(_read(article.with_suffix(".expected.yaml")))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


class Article:
    def __init__(self, path: Path):
        self.path = path
        self.text = _read(path)
        self.exp = _expected(path)
        self.paras = _paragraphs(self.text)

    def find_once(self, prefix: str) -> int:
        assert isinstance(prefix, str) and prefix.strip(), f"{self.path.name}: empty prefix"
        n = self.text.count(prefix)
        assert n == 1, f"{self.path.name}: prefix {prefix!r} occurs {n} times (must be exactly once)"
        return self.text.index(prefix)

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        for start, end in self.paras:
            if start <= pos < end:
                return start, end
        raise AssertionError(f"{self.path.name}: offset {pos} is in no paragraph")

    def attributions(self) -> list[dict]:
        return self.exp.get("attributions") or []

    def findings(self) -> list[dict]:
        return self.exp.get("findings") or []

    def unsourced(self) -> list[dict]:
        return self.exp.get("unsourced") or []

    def not_claims(self) -> list[str]:
        return self.exp.get("not_claims") or []

    def finding_rules_at(self, prefix: str | None) -> set[str]:
        return {f["rule"] for f in self.findings() if f.get("sentence") == prefix}

    def covered_rules(self) -> set[str]:
        return {f["rule"] for f in self.findings()} | {u["rule"] for u in self.unsourced()}


ALL = [Article(p) for p in _fixtures()]
IDS = [a.path.stem for a in ALL]


def test_fixture_set_exists():
    assert len(ALL) >= 14
    names = [a.path.name for a in ALL]
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.txt", n) for n in names), names
    for a in ALL:
        assert a.path.with_suffix(".expected.yaml").is_file(), a.path.name
    # no stray expectation files without an article
    for y in ARTICLES.glob("*.expected.yaml"):
        assert (ARTICLES / (y.name.removesuffix(".expected.yaml") + ".txt")).is_file(), y.name


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_article_text(art: Article):
    words = len(art.text.split())
    assert 150 <= words <= 450, f"{art.path.name}: {words} words"
    assert "\r" not in art.text
    assert "\n\n" in art.text, "paragraphs are separated by blank lines"
    assert art.text.endswith("\n")


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_header(art: Article):
    exp = art.exp
    assert isinstance(exp, dict)
    assert set(exp) <= TOP_KEYS, set(exp) - TOP_KEYS
    assert isinstance(exp.get("title"), str) and exp["title"].strip()
    assert exp.get("licence") == "CC0-1.0, written for the attribution project"
    covers = exp.get("covers")
    assert isinstance(covers, list) and covers
    unknown = set(covers) - COVER_TAGS
    assert not unknown, f"unknown cover tags {unknown}"


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_attributions(art: Article):
    last = -1
    for att in art.attributions():
        assert set(att) <= ATTRIBUTION_KEYS, set(att) - ATTRIBUTION_KEYS
        where = f"{art.path.name}: {att.get('sentence')!r}"
        pos = art.find_once(att["sentence"])
        assert pos >= last, f"{where}: attributions must be listed in text order"
        last = pos
        pstart, pend = art.paragraph_at(pos)
        para = art.text[pstart:pend]
        assert att["kind"] in KINDS, where
        assert att["form"] in FORMS, where
        src, cue = att.get("source"), att.get("cue")
        if src is None:
            assert att.get("resolves_to"), f"{where}: an implied source needs resolves_to"
        else:
            assert src in para, f"{where}: source {src!r} not in the paragraph"
        if cue is None:
            assert att["form"] == "continuation" or att.get("floating"), (
                f"{where}: only continuations and floating quotes may lack a cue"
            )
        else:
            assert cue in para, f"{where}: cue {cue!r} not in the paragraph"
        if att.get("resolves_to") is not None:
            assert att["resolves_to"] in art.text[: pos + len(att["sentence"])], (
                f"{where}: resolves_to must name an earlier mention"
            )
        if att.get("floating"):
            assert att["form"] == "quote" and art.text[pos] in QUOTE_CHARS and pos == pstart, (
                f"{where}: a floating quote opens its paragraph with a quote mark"
            )
        if "count" in att:
            assert isinstance(att["count"], int) and att["count"] > 0, where
        for key in ("role", "affiliation"):
            if key in att:
                assert att[key] in para, f"{where}: {key} {att[key]!r} not in the paragraph"
        if "anonymity_reason" in att:
            assert att["kind"] == "anonymous", where
            assert att["anonymity_reason"] in art.text, f"{where}: anonymity reason not in the text"
        for key in ("interested_party", "direct", "floating"):
            if key in att:
                assert isinstance(att[key], bool), where
        if att["form"] in {"quote"} or att.get("floating"):
            assert att.get("direct") is True, f"{where}: a quote form is direct speech"


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_unsourced_not_claims_and_findings(art: Article):
    attributed = {a["sentence"] for a in art.attributions()}
    for u in art.unsourced():
        assert set(u) <= {"sentence", "rule", "note"}
        art.find_once(u["sentence"])
        assert u["rule"] in UNSOURCED_RULES, u
        assert u["sentence"] not in attributed, f"{u['sentence']!r} is both attributed and unsourced"
    for prefix in art.not_claims():
        art.find_once(prefix)
        assert prefix not in attributed
    for key in ("declined_comment", "anonymity_notes"):
        for prefix in art.exp.get(key) or []:
            art.find_once(prefix)
            assert prefix not in attributed
    for f in art.findings():
        assert set(f) <= {"rule", "sentence", "note"}
        assert f["rule"] in FINDING_RULES, f
        if f["rule"] in ARTICLE_LEVEL_RULES:
            assert f.get("sentence") is None, f"{f['rule']} is article-level: sentence must be null"
        else:
            art.find_once(f["sentence"])


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_expectations_consistent_with_house_rules(art: Article):
    atts = art.attributions()
    for att in atts:
        here = art.finding_rules_at(att["sentence"])
        if att["kind"] == "vague":
            assert "VAG001" in here, f"{art.path.name}: vague source {att['source']!r} needs VAG001"
        if att["kind"] == "anonymous" and "anonymity_reason" not in att:
            assert "ANO001" in here, f"{art.path.name}: anonymous source without reason needs ANO001"
        if att.get("cue") and att["cue"].lower() in LOADED_CUES:
            assert "VRB001" in here, f"{art.path.name}: loaded verb {att['cue']!r} needs VRB001"
    for f in art.findings():
        if f["rule"] == "VAG002":
            assert "VAG001" in art.finding_rules_at(f["sentence"])
        if f["rule"] in {"ANO001", "ANO002"}:
            assert any(a["sentence"] == f["sentence"] and a["kind"] == "anonymous" for a in atts), f
        if f["rule"] == "VAG001":
            assert any(a["sentence"] == f["sentence"] and a["kind"] == "vague" for a in atts), f
        if f["rule"] == "INT001":
            assert any(a["sentence"] == f["sentence"] and a.get("interested_party") for a in atts), f
        if f["rule"] == "VRB001":
            assert any(a["sentence"] == f["sentence"] and (a.get("cue") or "").lower() in LOADED_CUES for a in atts), f
    anon = sum(a["kind"] == "anonymous" for a in atts)
    rules = {f["rule"] for f in art.findings()}
    if atts:
        share = anon / len(atts)
        assert ("ANO003" in rules) == (share > ANO003_SHARE), f"{art.path.name}: anonymous share {share:.2f}"
    if "STY001" in rules:
        assert atts, "a single-source story still has attributions"


def _first_quote(text: str, start: int, end: int) -> int:
    hits = [text.find(q, start, end) for q in QUOTE_CHARS]
    hits = [h for h in hits if h >= 0]
    return min(hits) if hits else -1


@pytest.mark.parametrize("art", ALL, ids=IDS)
def test_covers_are_backed_by_the_expectations(art: Article):
    covers = set(art.exp["covers"])
    atts = art.attributions()
    forms = {a["form"] for a in atts}
    cues = {(a.get("cue") or "").lower() for a in atts}
    for tag in covers:
        name = f"{art.path.name}: covers {tag}"
        if tag in FORMS:
            assert tag in forms, name
        elif tag in RULES:
            assert tag in art.covered_rules(), name
        elif tag.startswith("cue_"):
            assert tag[4:] in cues, name
    for rule in art.covered_rules():
        assert rule in covers, f"{art.path.name}: rule {rule} expected but not listed in covers"
    for form in forms:
        assert form in covers, f"{art.path.name}: form {form} used but not listed in covers"

    nc = art.not_claims()
    text = art.text
    checks = {
        "multi_paragraph_quote": lambda: any(a.get("floating") for a in atts),
        "pronoun_subject": lambda: any(
            (a.get("source") or "").lower() in PRONOUNS and a.get("resolves_to") for a in atts
        ),
        "anonymity_reason_separate": lambda: bool(art.exp.get("anonymity_notes")),
        "declined_comment": lambda: bool(art.exp.get("declined_comment")),
        "question": lambda: any(p.rstrip().endswith("?") for p in nc),
        "byline": lambda: any(p.startswith("By ") for p in nc),
        "credit_line": lambda: any(re.search(r"report|contribut|editing", p, re.I) for p in nc),
        "dateline": lambda: any(re.fullmatch(r"[^\n]+\([^)]+\) —", p) for p in nc),
        "subhead": lambda: any(any(text[s:e] == p for s, e in art.paras) and not p.endswith(".") for p in nc),
        "curly_quotes": lambda: "“" in text and "”" in text,
        "straight_quotes": lambda: '"' in text and "“" not in text and "”" not in text,
        "stray_quote": lambda: text.count('"') % 2 == 1 or text.count("“") != text.count("”"),
        "non_ascii": lambda: any(ord(c) > 127 and c.isalpha() for c in text),
        "clean": lambda: not art.findings() and all(u["rule"] == "UNS003" for u in art.unsourced()),
        "multi_sentence_quote": lambda: any(a.get("direct") for a in atts),
    }

    def quote_order(before: bool) -> bool:
        for a in atts:
            if not a.get("direct") or not a.get("cue") or a.get("floating"):
                continue
            pos = art.find_once(a["sentence"])
            _, end = art.paragraph_at(pos)
            # from the start of the attribution's sentence: does the cue come before the quote opens?
            q, c = _first_quote(text, pos, end), text.find(a["cue"], pos, end)
            if q >= 0 and c >= 0 and ((c < q) == before):
                return True
        return False

    checks["quote_verb_before"] = lambda: quote_order(True)
    checks["quote_verb_after"] = lambda: quote_order(False)
    for tag in covers & FEATURES:
        assert checks[tag](), f"{art.path.name}: covers {tag} but the text/expectations do not show it"


def test_set_covers_every_form_feature_and_rule():
    covered: dict[str, list[str]] = {}
    for art in ALL:
        for tag in art.exp["covers"]:
            covered.setdefault(tag, []).append(art.path.stem)
    missing = sorted(COVER_TAGS - set(covered))
    assert not missing, f"not covered by any fixture: {missing}"
    # the rules must also be really expected somewhere, not just listed
    expected_rules = set().union(*(a.covered_rules() for a in ALL))
    assert RULES <= expected_rules, sorted(RULES - expected_rules)
    all_forms = {att["form"] for a in ALL for att in a.attributions()}
    assert FORMS <= all_forms, sorted(FORMS - all_forms)
