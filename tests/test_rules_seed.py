"""The reference article with the extraction seed-analysis.md describes, through the rules.

This checks the rules and scoring, not the extractor: the Extraction is written
by hand from ../shared/docs/seed-analysis.md, so the test says "given a correct
extraction, the rules report what the standards desk expects". The golden test
through the real pipeline lives elsewhere.
"""

from __future__ import annotations

from collections import Counter

import pytest
from test_rules_engine import Doc

from attribution.model import SourceKind

pytestmark = pytest.mark.shared

PERSON, ORG, ANON, VAGUE = (
    SourceKind.NAMED_PERSON,
    SourceKind.NAMED_ORGANIZATION,
    SourceKind.ANONYMOUS,
    SourceKind.VAGUE,
)


def seed_doc(text: str) -> Doc:
    d = Doc(text)

    def at(needle: str) -> int:
        return text.index(needle)

    def claim(needle: str, attribution=None, **kw):
        return d.claim(needle, attribution, **kw)

    claim(
        "There has been no comment from the government, which has rejected such demands in the past.",
        status="declined_comment",
    )
    claim("At least 30 militants were killed in initial exchanges of gunfire since Tuesday.", has_figure=True)
    a = d.attr(
        "according to",
        "three senior security officials",
        "By late Wednesday, security forces had rescued 190 of the 450 passengers who were initially on the train",
        ANON,
        category="according_to",
        form="according_to",
        count=3,
        plural=True,
        role="senior security officials",
    )
    claim(
        "By late Wednesday, security forces had rescued 190 of the 450 passengers who were initially on the train, "
        "according to three senior security officials.",
        a,
        has_figure=True,
    )
    a = d.attr(
        "said",
        "spokesman Shahid Rind",
        "Helicopters were backing up Pakistani forces in the rugged region",
        PERSON,
        form="inverted",
        name="Shahid Rind",
        role="spokesman",
        on_record=True,
        after=at("Helicopters"),
    )
    claim(
        "Helicopters were backing up Pakistani forces in the rugged region, said spokesman Shahid Rind, describing "
        "the attack as “an act of terrorism.”",
        a,
    )
    claim(
        "It was the first time the BLA separatists had hijacked a train, though the group has attacked trains before.",
        common_knowledge=True,
    )
    claim("The BLA regularly targets Pakistani security forces", common_knowledge=True)
    a = d.attr(
        "say", "Estimates", "the BLA has around 3,000 fighters", VAGUE, category="nominal", form="nominal", plural=True
    )
    claim("Estimates say the BLA has around 3,000 fighters.", a, has_figure=True)
    claim("Pakistan hosts thousands of Chinese workers", common_knowledge=True)
    a = d.attr(
        "condemned", "China", "the latest attack", ORG, lemma="condemn", name="China", after=at("China condemned")
    )
    claim("China condemned the latest attack", a)
    a = d.attr(
        "said",
        "foreign ministry spokeswoman Mao Ning",
        "will continue to firmly support Pakistan in advancing its counterterrorism efforts.",
        PERSON,
        form="partial_quote",
        direct=True,
        name="Mao Ning",
        role="spokeswoman",
        affiliation="foreign ministry",
        on_record=True,
        after=at("foreign ministry"),
    )
    claim('foreign ministry spokeswoman Mao Ning said her country "will continue', a)
    claim("What is the latest?", status="not_claim", reason="heading")
    a = d.attr(
        "said",
        "Authorities",
        "the rescued so far include women and children",
        VAGUE,
        plural=True,
        after=at("Authorities"),
    )
    claim("Authorities said the rescued so far include women and children.", a)
    a = d.attr(
        "according to",
        "the three security officials",
        "An undisclosed number of security personnel have been killed",
        ANON,
        category="according_to",
        form="according_to",
        count=3,
        plural=True,
        resolved_from="three senior security officials",
        anonymity_reason="not authorized to speak to the media",
        after=at("An undisclosed"),
    )
    claim("An undisclosed number of security personnel have been killed, according to the three security officials.", a)
    claim(
        "They spoke on condition of anonymity as they were not authorized to speak to the media.",
        status="anonymity_note",
    )
    a = d.attr(
        "say",
        "Officials",
        "the Jafer Express train was partially inside a tunnel",
        VAGUE,
        plural=True,
        after=at("Officials say"),
    )
    claim("Officials say the Jafer Express train was partially inside a tunnel", a, has_figure=True)
    a = d.attr(
        "gave",
        "the officials",
        "The driver was wounded and guards aboard the train were attacked",
        VAGUE,
        lemma="give",
        form="continuation",
        plural=True,
        resolved_from="Officials",
        after=at("The driver"),
    )
    claim("The driver was wounded and guards aboard the train were attacked", a)
    claim(
        "Rescued passengers were being sent to their hometowns and the injured were being treated at hospitals in "
        "the Mach district."
    )
    claim("Others were taken to Quetta, the provincial capital, about 100 kilometers (62 miles) away.", has_figure=True)
    claim("The train was traveling from Quetta to the northern city of Peshawar when it came under attack.")
    claim("A region of insurgents", status="not_claim", reason="heading")
    claim(
        "Balochistan, which borders Iran and Afghanistan, has long been the scene of insurgency", common_knowledge=True
    )
    claim(
        "Also, insurgencies on either side of the Iran-Pakistan border have frustrated both countries.",
        common_knowledge=True,
    )
    a = d.attr(
        "suspect",
        "Their governments",
        "each other of supporting",
        ORG,
        category="thought",
        plural=True,
        after=at("Their governments"),
    )
    claim("Their governments suspect each other of supporting", a)
    claim(
        "In Iran, the militant group Jaish al-Adl has carried out many attacks in recent years.", common_knowledge=True
    )
    a = d.attr(
        "wants",
        "Pakistan",
        "Tehran to deny sanctuaries to BLA fighters",
        ORG,
        lemma="want",
        category="intention",
        name="Pakistan",
        after=at("Pakistan also wants"),
    )
    claim("Tehran has sought help from Pakistan in countering the threat from it, and Pakistan also wants", a)
    claim("In January 2024, Islamabad and Tehran engaged in tit-for-tat airstrikes", has_figure=True)
    claim("What do the hijackers want?", status="not_claim", reason="heading")
    a = d.attr(
        "said",
        "The BLA",
        "the hostages and some captured members of the security forces were being guarded",
        ORG,
        name="BLA",
        interested_party=True,
        after=at("The BLA said"),
    )
    claim("The BLA said the hostages", a)
    a = d.attr(
        "warned",
        "The BLA",
        "the life of hostages would be at risk",
        ORG,
        lemma="warn",
        name="BLA",
        interested_party=True,
        after=at("The BLA has warned"),
    )
    claim("The BLA has warned that", a)
    claim("Trains in Balochistan typically have security personnel on board", common_knowledge=True)
    claim(
        "In November, The BLA carried out a suicide bombing at a train station in Quetta, killing 26 people.",
        has_figure=True,
    )
    a = d.attr(
        "said",
        "Analysts",
        "the train attack and its focus on civilians could backfire",
        VAGUE,
        plural=True,
        after=at("Analysts"),
    )
    claim("Analysts said the train attack and its focus on civilians could backfire.", a)
    a = d.attr(
        "said",
        "Syed Muhammad Ali",
        "After failing to damage the Pakistan Army",
        PERSON,
        form="inverted",
        direct=True,
        name="Syed Muhammad Ali",
        role="Islamabad-based independent security analyst",
        on_record=True,
        after=at("“After failing"),
    )
    claim("“After failing to damage the Pakistan Army", a)
    claim(
        "Oil- and mineral-rich Balochistan is Pakistan’s largest and least populated province.", common_knowledge=True
    )
    a = d.attr(
        "say",
        "members",
        "they face discrimination and exploitation by the central government",
        VAGUE,
        form="relative",
        plural=True,
        after=at("whose members"),
    )
    claim("It’s a hub for the country’s ethnic Baloch minority", a)
    claim("Ahmed reported from Islamabad.", status="not_claim", reason="credit")
    return d


def test_seed_findings(seed_text, ruleset):
    d = seed_doc(seed_text)
    ev = ruleset.evaluate(d.text, d.extraction())
    by_rule: dict[str, list[str]] = {}
    for f in ev.findings:
        by_rule.setdefault(f.rule, []).append(f.span.text)

    unsourced_figures = by_rule["UNS001"]
    for start in ("At least 30 militants", "In January 2024", "In November, The BLA"):
        assert any(t.startswith(start) for t in unsourced_figures), start
    assert any(t.startswith("Rescued passengers") for t in by_rule["UNS002"])
    assert any(t.startswith("Oil- and mineral-rich") for t in by_rule["UNS003"])
    assert any(t.startswith("Balochistan, which borders") for t in by_rule["UNS003"])

    assert sorted(by_rule["VAG001"]) == sorted(["Estimates", "Authorities", "Officials", "Analysts", "members"])
    assert by_rule["VAG002"] == ["Analysts"]
    assert by_rule["INT001"] == ["The BLA said the hostages", "The BLA has warned that"]
    for absent in ("ANO001", "ANO002", "ANO003", "QUO001", "VRB001", "STY001"):
        assert absent not in by_rule, (absent, by_rule.get(absent))

    # no finding on headings, credits, declined comment or the anonymity note
    quiet = {c.id for c in d.claims if c.status != "claim"}
    assert not [f for f in ev.findings if f.claim in quiet]

    # background is info at most
    background = {c.id for c in d.claims if c.common_knowledge}
    assert all(f.severity.value == "info" for f in ev.findings if f.claim in background)

    s = ev.summary
    assert s["source_kinds"]["named_person"] == 3
    assert s["source_kinds"]["anonymous"] == 2
    kinds = Counter(a.source.kind for a in ev.attributions)
    assert kinds[VAGUE] == 6
    # the three officials are one source; so are "Officials" and "the officials", and the two BLA mentions
    assert s["sources"] == 16 - 3
    assert 0 < s["score"] < 100


def test_seed_strengths(seed_text, ruleset):
    d = seed_doc(seed_text)
    ev = ruleset.evaluate(d.text, d.extraction())
    strength = {a.source.span.text: a.strength for a in ev.attributions}
    # named on-record people are the strongest, vague sources the weakest, the anonymous officials between
    assert strength["Syed Muhammad Ali"] > strength["China"]
    assert strength["spokesman Shahid Rind"] > strength["three senior security officials"] > strength["Officials"]
    # the reason stated two sentences later counts for the first mention too
    assert strength["three senior security officials"] == 35 + 5 + 5 + 10
    assert strength["The BLA"] == 70 - 15
    assert strength["Analysts"] == 20 - 10
