"""The rule engine on hand-built extractions: strengths, findings, summary, config effects.

No model is needed: each test writes the Extraction a good extractor would
produce for a short text, so a change in the parser cannot break these tests.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.config import Config, ConfigError, load_config
from attribution.model import (
    Attribution,
    Claim,
    Cue,
    Extraction,
    Severity,
    Source,
    SourceKind,
    Span,
)
from attribution.rules import RuleSet, load_ruleset


class Doc:
    """Builds an Extraction for ``text`` by naming substrings instead of offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.attributions: list[Attribution] = []
        self.claims: list[Claim] = []

    def span(self, needle: str, after: int = 0) -> Span:
        start = self.text.index(needle, after)
        return Span(start, start + len(needle), needle)

    def attr(
        self,
        cue: str,
        source: str | None,
        content: str,
        kind: SourceKind = SourceKind.NAMED_PERSON,
        *,
        lemma: str | None = None,
        category: str = "speech",
        loaded: bool = False,
        form: str = "verb",
        direct: bool = False,
        after: int = 0,
        **source_attrs,
    ) -> Attribution:
        cue_span = self.span(cue, after)
        src = None
        if source is not None:
            reason = source_attrs.pop("anonymity_reason", None)
            resolved = source_attrs.pop("resolved_from", None)
            src = Source(
                span=self.span(source, after),
                kind=kind,
                anonymity_reason=self.span(reason) if reason else None,
                resolved_from=self.span(resolved) if resolved else None,
                **source_attrs,
            )
        a = Attribution(
            id=f"a{len(self.attributions) + 1}",
            cue=Cue(cue_span, lemma or cue.split()[0].lower(), category, loaded),
            source=src,
            content=(self.span(content, after),),
            form=form,
            direct=direct,
        )
        self.attributions.append(a)
        return a

    def claim(self, text: str, attribution: Attribution | None = None, **kw) -> Claim:
        c = Claim(
            id=f"c{len(self.claims) + 1}",
            span=self.span(text),
            sentence=len(self.claims),
            attribution=attribution.id if attribution else None,
            **kw,
        )
        self.claims.append(c)
        return c

    def extraction(self) -> Extraction:
        return Extraction(tuple(self.attributions), tuple(self.claims))


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    return load_ruleset(None)


def rules_fired(rs: RuleSet, doc: Doc, **kw) -> set[str]:
    return {f.rule for f in rs.evaluate(doc.text, doc.extraction(), **kw).findings}


# ------------------------------------------------------------------ strength


def test_named_person_with_role_and_quote_is_strong(rs):
    d = Doc('"It was an act of terrorism," said spokesman Shahid Rind.')
    a = d.attr(
        "said",
        "spokesman Shahid Rind",
        "It was an act of terrorism",
        form="inverted",
        direct=True,
        name="Shahid Rind",
        role="spokesman",
        on_record=True,
    )
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    (scored,) = ev.attributions
    assert scored.strength == 80 + 5 + 5
    assert scored.strength_reasons == ("base named_person 80", "+5 direct quotation", "+5 role or title given")
    assert ev.findings == ()
    assert ev.summary["score"] == 90.0


def test_anonymous_with_count_and_reason_beats_anonymous_without(rs):
    d = Doc(
        "Security forces rescued 190 passengers, according to three senior security officials. "
        "They spoke on condition of anonymity as they were not authorized to speak to the media."
    )
    a = d.attr(
        "according to",
        "three senior security officials",
        "Security forces rescued 190 passengers",
        SourceKind.ANONYMOUS,
        category="according_to",
        form="according_to",
        count=3,
        plural=True,
        role="senior security officials",
        anonymity_reason="not authorized to speak to the media",
    )
    d.claim("Security forces rescued 190 passengers, according to three senior security officials.", a, has_figure=True)
    d.claim(
        "They spoke on condition of anonymity as they were not authorized to speak to the media.",
        status="anonymity_note",
    )
    ev = rs.evaluate(d.text, d.extraction())
    assert ev.attributions[0].strength == 35 + 5 + 5 + 10
    assert {f.rule for f in ev.findings} == set()


def test_loaded_verb_interested_party_and_clamping(rs):
    d = Doc("The BLA claimed its fighters had killed 50 soldiers.")
    a = d.attr(
        "claimed",
        "The BLA",
        "its fighters had killed 50 soldiers",
        SourceKind.NAMED_ORGANIZATION,
        loaded=True,
        interested_party=True,
        name="BLA",
    )
    d.claim(d.text, a, has_figure=True)
    ev = rs.evaluate(d.text, d.extraction())
    assert ev.attributions[0].strength == 70 - 5 - 15
    assert [f.rule for f in ev.findings] == ["INT001", "VRB001"]
    # the cheapest source with every penalty never goes below 0
    d2 = Doc("Critics reportedly claimed the plan would fail.")
    a2 = d2.attr(
        "claimed",
        "Critics",
        "the plan would fail",
        SourceKind.VAGUE,
        category="hearsay",
        loaded=True,
        interested_party=True,
        plural=True,
    )
    d2.claim(d2.text, a2)
    s = rs.evaluate(d2.text, d2.extraction()).attributions[0]
    assert s.strength == 0
    assert s.strength_reasons[-1] == "clamped to 0"


def test_rule_strength_is_applied_and_listed(rs):
    text = 'Analysts said the attack could backfire. "It will cost them support," said Syed Ali, a security analyst.'
    d = Doc(text)
    a1 = d.attr("said", "Analysts", "the attack could backfire", SourceKind.VAGUE, plural=True)
    a2 = d.attr(
        "said",
        "Syed Ali",
        "It will cost them support",
        form="inverted",
        direct=True,
        after=40,
        name="Syed Ali",
        role="security analyst",
    )
    d.claim("Analysts said the attack could backfire.", a1)
    d.claim('"It will cost them support," said Syed Ali, a security analyst.', a2)
    ev = rs.evaluate(d.text, d.extraction())
    vague = ev.attributions[0]
    assert vague.strength == 20 - 10
    assert "-10 VAG002 plural-for-one" in vague.strength_reasons
    assert {(f.rule, f.attribution) for f in ev.findings} == {("VAG001", "a1"), ("VAG002", "a1")}


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(list(SourceKind)),
    direct=st.booleans(),
    loaded=st.booleans(),
    interested=st.booleans(),
    category=st.sampled_from(["speech", "thought", "hearsay", "according_to"]),
    role=st.none() | st.just("official"),
    count=st.none() | st.integers(1, 9),
)
def test_strength_always_within_bounds(kind, direct, loaded, interested, category, role, count):
    rs = _RS
    d = Doc("Officials said the bridge would reopen.")
    a = d.attr(
        "said",
        "Officials",
        "the bridge would reopen",
        kind,
        direct=direct,
        loaded=loaded,
        category=category,
        interested_party=interested,
        role=role,
        count=count,
    )
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    assert 0 <= ev.attributions[0].strength <= 100
    assert ev.attributions[0].strength_reasons[0].startswith("base ")
    assert 0 <= ev.summary["score"] <= 100


_RS = load_ruleset(None)


# -------------------------------------------------------------- each rule


def test_uns_rules(rs):
    text = (
        "At least 30 militants were killed in initial exchanges of gunfire.\n"
        "Rescued passengers were being treated at hospitals.\n"
        "Balochistan is Pakistan's largest province.\n"
        "What is the latest?\n"
    )
    d = Doc(text)
    d.claim("At least 30 militants were killed in initial exchanges of gunfire.", has_figure=True)
    d.claim("Rescued passengers were being treated at hospitals.")
    d.claim("Balochistan is Pakistan's largest province.", common_knowledge=True)
    d.claim("What is the latest?", status="not_claim", reason="heading")
    ev = rs.evaluate(d.text, d.extraction())
    got = [(f.rule, f.severity.value, f.line, f.column, f.claim) for f in ev.findings]
    assert got == [
        ("UNS001", "error", 1, 1, "c1"),
        ("UNS002", "warning", 2, 1, "c2"),
        ("UNS003", "info", 3, 1, "c3"),
    ]
    assert ev.summary["claims"] == 3
    assert ev.summary["shares"]["unsourced"] == pytest.approx(2 / 3, abs=1e-4)
    assert ev.summary["shares"]["unattributed"] == 1.0
    # common knowledge is left out of the score by default; two unsourced claims score 0
    assert ev.summary["score"] == 0.0


def test_figure_with_source_is_not_unsourced(rs):
    d = Doc("At least 30 militants were killed, the army said.")
    a = d.attr("said", "the army", "At least 30 militants were killed", SourceKind.NAMED_ORGANIZATION, form="inverted")
    d.claim(d.text, a, has_figure=True)
    assert not rules_fired(rs, d) & {"UNS001", "UNS002", "UNS003"}


def test_ano001_reason_followed_through_coreference(rs):
    text = (
        "Forces rescued 190 people, according to three senior security officials. "
        "They spoke on condition of anonymity as they were not authorized to speak to the media. "
        "The officials said the driver was killed."
    )
    d = Doc(text)
    a1 = d.attr(
        "according to",
        "three senior security officials",
        "Forces rescued 190 people",
        SourceKind.ANONYMOUS,
        category="according_to",
        form="according_to",
        count=3,
        plural=True,
        anonymity_reason="not authorized to speak to the media",
    )
    a2 = d.attr(
        "said",
        "The officials",
        "the driver was killed",
        SourceKind.ANONYMOUS,
        plural=True,
        resolved_from="three senior security officials",
        after=150,
    )
    d.claim("Forces rescued 190 people, according to three senior security officials.", a1, has_figure=True)
    d.claim("The officials said the driver was killed.", a2)
    ev = rs.evaluate(d.text, d.extraction())
    assert "ANO001" not in {f.rule for f in ev.findings}
    assert ev.summary["sources"] == 1
    assert "+10 reason for anonymity stated" in ev.attributions[1].strength_reasons


def test_ano001_fires_without_reason(rs):
    d = Doc("A senior official said the talks had collapsed.")
    a = d.attr("said", "A senior official", "the talks had collapsed", SourceKind.ANONYMOUS, role="senior official")
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    (f,) = [f for f in ev.findings if f.rule == "ANO001"]
    assert f.span.text == "A senior official"
    assert f.message == "Anonymous source 'A senior official' with no stated reason for anonymity"
    assert f.metadata == {"standard": "AP, NYT", "category": "anonymity"}
    assert (f.attribution, f.claim) == ("a1", "c1")


@pytest.mark.parametrize(
    ("content", "category", "fires"),
    [
        ("the minister was incompetent and should resign", "speech", True),
        ("the deal could collapse within weeks", "speech", True),
        ("the plan will fail", "thought", True),
        ("the talks ended on Tuesday", "speech", False),
    ],
)
def test_ano002_opinion_or_speculation(rs, content, category, fires):
    d = Doc(f"An official who asked not to be named said {content}.")
    a = d.attr("said", "An official who asked not to be named", content, SourceKind.ANONYMOUS, category=category)
    d.claim(d.text, a)
    assert ("ANO002" in rules_fired(rs, d)) is fires


def test_ano002_not_for_named_source(rs):
    d = Doc("Foreign Minister Ishaq Dar said the deal could collapse.")
    a = d.attr("said", "Foreign Minister Ishaq Dar", "the deal could collapse", name="Ishaq Dar")
    d.claim(d.text, a)
    assert "ANO002" not in rules_fired(rs, d)


def _two_claims(kind_a: SourceKind, kind_b: SourceKind) -> Doc:
    d = Doc("One source said the deal had collapsed. Another source said talks were off.")
    a1 = d.attr(
        "said",
        "One source",
        "the deal had collapsed",
        kind_a,
        anonymity_reason="deal" if kind_a is SourceKind.ANONYMOUS else None,
    )
    a2 = d.attr("said", "Another source", "talks were off", kind_b, after=40)
    d.claim("One source said the deal had collapsed.", a1)
    d.claim("Another source said talks were off.", a2)
    return d


def test_ano003_share_threshold(rs):
    heavy = _two_claims(SourceKind.ANONYMOUS, SourceKind.ANONYMOUS)
    ev = rs.evaluate(heavy.text, heavy.extraction())
    (f,) = [f for f in ev.findings if f.rule == "ANO003"]
    assert f.message == "100% of the story's claims rest on anonymous sources"
    assert (f.line, f.column, f.span) == (1, 1, Span(0, 0, ""))
    assert f.claim is None and f.attribution is None
    assert "ANO003" not in rules_fired(rs, _two_claims(SourceKind.NAMED_PERSON, SourceKind.NAMED_PERSON))
    # exactly 40% is not above 40%; one of two claims is 50%
    assert "ANO003" in rules_fired(rs, _two_claims(SourceKind.ANONYMOUS, SourceKind.NAMED_PERSON))


def test_vag001_and_vag002_only_when_one_peer(rs):
    d = Doc("Analysts said the attack could backfire.")
    a = d.attr("said", "Analysts", "the attack could backfire", SourceKind.VAGUE, plural=True)
    d.claim(d.text, a)
    assert rules_fired(rs, d) == {"VAG001"}

    text = (
        "Analysts said the attack could backfire. Security analyst Syed Ali said it would cost support. "
        "Political analyst Amir Rana said the group had miscalculated."
    )
    d = Doc(text)
    a1 = d.attr("said", "Analysts", "the attack could backfire", SourceKind.VAGUE, plural=True)
    a2 = d.attr(
        "said",
        "Security analyst Syed Ali",
        "it would cost support",
        name="Syed Ali",
        role="security analyst",
        after=text.index("Security"),
    )
    a3 = d.attr(
        "said",
        "Political analyst Amir Rana",
        "the group had miscalculated",
        name="Amir Rana",
        role="political analyst",
        after=text.index("Political"),
    )
    for sentence, a in zip(text.split(". "), (a1, a2, a3), strict=True):
        d.claim(sentence, a)
    assert "VAG002" not in rules_fired(rs, d)


def test_vag003_hearsay(rs):
    d = Doc("The minister reportedly resigned on Friday.")
    d.claim(d.text)
    assert {"VAG003", "UNS002"} <= rules_fired(rs, d)

    d = Doc("Police said the man allegedly stole a car.")
    a = d.attr("said", "Police", "the man allegedly stole a car", SourceKind.NAMED_ORGANIZATION)
    d.claim(d.text, a)
    assert "VAG003" not in rules_fired(rs, d)

    d = Doc("Reportedly, the minister resigned.")
    a = d.attr("Reportedly", None, "the minister resigned", category="hearsay", form="nominal")
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    assert "VAG003" in {f.rule for f in ev.findings}
    assert ev.attributions[0].strength == 0


def test_quo001_orphan_quote(rs):
    d = Doc('"We will not negotiate with people who attack trains."')
    a = d.attr('"', None, "We will not negotiate with people who attack trains.", form="quote", direct=True)
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    (f,) = [f for f in ev.findings if f.rule == "QUO001"]
    assert f.severity is Severity.ERROR
    assert f.span.text.startswith("We will not")
    assert f.column == 2


def test_sty001_single_source(rs):
    text = "Police said a man was arrested on Monday. Police said he would appear in court on Tuesday."
    d = Doc(text)
    a1 = d.attr("said", "Police", "a man was arrested on Monday", SourceKind.NAMED_ORGANIZATION)
    a2 = d.attr("said", "Police", "he would appear in court on Tuesday", SourceKind.NAMED_ORGANIZATION, after=40)
    d.claim("Police said a man was arrested on Monday.", a1)
    d.claim("Police said he would appear in court on Tuesday.", a2)
    ev = rs.evaluate(d.text, d.extraction())
    assert "STY001" in {f.rule for f in ev.findings}
    assert ev.summary["sources"] == 1 and ev.summary["attributions"] == 2


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("Analysts", "analyst"),
        ("officials", "official"),
        ("spokesmen", "spokesman"),
        ("witnesses", "witness"),
        ("authorities", "authority"),
        ("people", "person"),
        ("police", "police"),
        ("analyst", "analyst"),
    ],
)
def test_singular(plural, single):
    from attribution.rules.engine import singular

    assert singular(plural) == single


# ----------------------------------------------------- ordering and summary


def test_findings_sorted_and_deterministic(rs):
    text = "Officials say the train was inside a tunnel.\nAt least 30 people were killed.\nThe group claimed it."
    d = Doc(text)
    a1 = d.attr("say", "Officials", "the train was inside a tunnel", SourceKind.VAGUE, plural=True)
    a3 = d.attr("claimed", "The group", "it", SourceKind.NAMED_ORGANIZATION, loaded=True, after=70)
    d.claim("At least 30 people were killed.", has_figure=True)
    d.claim("Officials say the train was inside a tunnel.", a1)
    d.claim("The group claimed it.", a3)
    ev1 = rs.evaluate(d.text, d.extraction())
    ev2 = rs.evaluate(d.text, d.extraction())
    assert ev1 == ev2
    keys = [(f.span.start, f.rule) for f in ev1.findings]
    assert keys == sorted(keys)
    assert [(f.rule, f.line) for f in ev1.findings] == [("VAG001", 1), ("UNS001", 2), ("VRB001", 3)]
    s = ev1.summary
    assert s["source_kinds"]["vague"] == 1 and s["source_kinds"]["named_organization"] == 1
    assert set(s["source_kinds"]) == {k.value for k in SourceKind}
    assert s["findings"] == {"info": 1, "warning": 1, "error": 1}
    assert s["score"] == pytest.approx(round((0 + 20 + 65) / 3, 1))
    report = ev1.report("story.txt", text)
    assert report.findings == ev1.findings and report.summary == s
    assert [f.rule for f in ev1.at_least("warning")] == ["VAG001", "UNS001"]


def test_empty_extraction(rs):
    ev = rs.evaluate("Nothing here.", Extraction((), ()))
    assert ev.findings == ()
    assert ev.summary["score"] is None
    assert ev.summary["claims"] == 0


def test_input_records_not_mutated(rs):
    d = Doc("Officials said the bridge would reopen.")
    a = d.attr("said", "Officials", "the bridge would reopen", SourceKind.VAGUE)
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    assert a.strength == 0 and ev.attributions[0].strength == 20
    assert dataclasses.replace(ev.attributions[0], strength=0, strength_reasons=()) == a


# ----------------------------------------------------------- config effects


def _vague_doc() -> Doc:
    d = Doc("Officials said the bridge would reopen.")
    a = d.attr("said", "Officials", "the bridge would reopen", SourceKind.VAGUE, plural=True)
    d.claim(d.text, a)
    return d


def test_severity_override_and_off():
    d = _vague_doc()
    rs = load_ruleset(Config(severity={"VAG001": "error"}))
    (f,) = rs.evaluate(d.text, d.extraction()).findings
    assert f.severity is Severity.ERROR
    rs = load_ruleset(Config(severity={"VAG001": "off"}))
    assert rs.evaluate(d.text, d.extraction()).findings == ()
    assert not rs.enabled("VAG001")


def test_select_ignore_longest_prefix():
    d = _vague_doc()
    assert rules_fired(load_ruleset(Config(ignore=("VAG",))), d) == set()
    assert rules_fired(load_ruleset(Config(ignore=("VAG",), select=("VAG001",))), d) == {"VAG001"}
    assert rules_fired(load_ruleset(Config(select=("UNS",))), d) == set()


def test_per_path_ignores(tmp_path):
    cfg = Config(path=tmp_path / ".attribution.toml", per_path_ignores={"opinion/*.txt": ("VAG",)})
    rs = load_ruleset(cfg)
    d = _vague_doc()
    assert rules_fired(rs, d, path=tmp_path / "opinion" / "col.txt") == set()
    assert rules_fired(rs, d, path=tmp_path / "news" / "story.txt") == {"VAG001"}
    # the strength effect does not depend on where the file lives
    ev = rs.evaluate(d.text, d.extraction(), path=tmp_path / "opinion" / "col.txt")
    assert ev.attributions[0].strength == 20


def test_scoring_override():
    d = _vague_doc()
    rs = load_ruleset(Config(scoring={"base": {"vague": 40}}))
    assert rs.evaluate(d.text, d.extraction()).attributions[0].strength == 40
    with pytest.raises(ConfigError, match="unknown source kind scoring.base.vauge"):
        load_ruleset(Config(scoring={"base": {"vauge": 40}}))


def test_extend_rules_custom_rule_with_strength_and_metadata(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "hse001.yaml").write_text(
        "id: HSE001\n"
        "name: critics-say\n"
        "severity: error\n"
        "scope: attribution\n"
        "message: \"'{source}' is banned by house style ({kind}, {cue})\"\n"
        "rationale: House style bans 'critics say'.\n"
        "strength: -15\n"
        "span: cue\n"
        "match:\n"
        "  source.text: {matches: '^critics$'}\n"
        "metadata: {owner: standards-desk, url: 'https://example.invalid/house'}\n"
        "examples:\n"
        "  fail: ['Critics say the plan is flawed.']\n"
        "  pass: ['Opposition leader Jane Doe said the plan is flawed.']\n",
        encoding="utf-8",
    )
    (tmp_path / ".attribution.toml").write_text('extend-rules = ["house"]\n', encoding="utf-8")
    rs = load_ruleset(load_config(start=tmp_path))
    assert "HSE001" in rs
    d = Doc("Critics say the plan is flawed.")
    a = d.attr("say", "Critics", "the plan is flawed", SourceKind.VAGUE, plural=True)
    d.claim(d.text, a)
    ev = rs.evaluate(d.text, d.extraction())
    (f,) = [f for f in ev.findings if f.rule == "HSE001"]
    assert f.message == "'Critics' is banned by house style (vague, say)"
    assert f.span.text == "say" and f.severity is Severity.ERROR
    assert f.metadata == {"owner": "standards-desk", "url": "https://example.invalid/house"}
    assert ev.attributions[0].strength == 5
    assert "-15 HSE001 critics-say" in ev.attributions[0].strength_reasons


def test_config_unknown_rule_id_and_prefix():
    with pytest.raises(ConfigError, match=r"severity\.VAG009: unknown rule id 'VAG009'"):
        load_ruleset(Config(path=Path("pyproject.toml"), severity={"VAG009": "off"}))
    with pytest.raises(ConfigError, match="prefix 'AN0' matches no rule"):
        load_ruleset(Config(select=("AN0",)))


def test_rulesets_are_independent():
    strict = load_ruleset(Config(severity={"VAG001": "error"}))
    default = load_ruleset(None)
    d = _vague_doc()
    assert rs_severity(strict, d) == Severity.ERROR
    assert rs_severity(default, d) == Severity.WARNING


def test_ruleset_pickles_for_parallel_workers():
    import pickle

    strict = load_ruleset(Config(severity={"VAG001": "error"}))
    copy = pickle.loads(pickle.dumps(strict))
    d = _vague_doc()
    assert copy.evaluate(d.text, d.extraction()) == strict.evaluate(d.text, d.extraction())


def rs_severity(rs: RuleSet, d: Doc) -> Severity:
    (f,) = rs.evaluate(d.text, d.extraction()).findings
    return f.severity


_TEXT = 'Officials said the bridge would reopen.\nAt least 3 people died, police said.\n"It is over."\n'


@st.composite
def _extractions(draw):
    def span(draw):
        start = draw(st.integers(0, len(_TEXT)))
        end = draw(st.integers(start, len(_TEXT)))
        return Span(start, end, _TEXT[start:end])

    attributions = []
    for i in range(draw(st.integers(0, 5))):
        source = None
        if draw(st.booleans()):
            source = Source(
                span=draw(st.none()) if draw(st.booleans()) else span(draw),
                kind=draw(st.sampled_from(list(SourceKind))),
                name=draw(st.none() | st.sampled_from(["Jane Doe", "BLA"])),
                role=draw(st.none() | st.sampled_from(["analyst", "officials"])),
                count=draw(st.none() | st.integers(0, 5)),
                anonymity_reason=span(draw) if draw(st.booleans()) else None,
                interested_party=draw(st.booleans()),
                plural=draw(st.booleans()),
                resolved_from=span(draw) if draw(st.booleans()) else None,
            )
        cue = Cue(
            span(draw),
            draw(st.sampled_from(["say", "claim", "believe"])),
            draw(st.sampled_from(["speech", "thought", "hearsay", "intention"])),
            draw(st.booleans()),
        )
        content = tuple(span(draw) for _ in range(draw(st.integers(0, 2))))
        attributions.append(Attribution(f"a{i}", cue, source, content, "verb", direct=draw(st.booleans())))
    claims = []
    ids = [a.id for a in attributions] + [None, "missing"]
    for i in range(draw(st.integers(0, 5))):
        claims.append(
            Claim(
                f"c{i}",
                span(draw),
                i,
                draw(st.sampled_from(ids)),
                status=draw(st.sampled_from(["claim", "not_claim", "anonymity_note"])),
                has_figure=draw(st.booleans()),
                common_knowledge=draw(st.booleans()),
            )
        )
    return Extraction(tuple(attributions), tuple(claims))


@settings(max_examples=120, deadline=None)
@given(extraction=_extractions())
def test_any_extraction_evaluates(extraction):
    """Odd extractions (no source, no span, dangling attribution ids) never crash the engine."""
    ev = _RS.evaluate(_TEXT, extraction)
    assert all(0 <= a.strength <= 100 for a in ev.attributions)
    keys = [(f.span.start, f.span.end, f.rule) for f in ev.findings]
    assert keys == sorted(keys)
    for f in ev.findings:
        assert _TEXT[f.span.start : f.span.end] == f.span.text
        assert f.line >= 1 and f.column >= 1
    score = ev.summary["score"]
    assert score is None or 0 <= score <= 100
    assert json.loads(json.dumps(ev.summary)) == ev.summary
