"""Every shipped example, with the extraction a correct extractor would produce, through the rules.

The lead's pipeline test runs the same texts through parse -> extract ->
evaluate. This layer needs no model: it pins down that each rule's examples
agree with its own ``match`` when extraction is right, so a failure in the
pipeline test points at extraction, not at the rule file.

To add an example to a shipped rule, add its hand-built extraction to EXTRACTIONS.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_rules_engine import Doc

from attribution.model import SourceKind
from attribution.rules import load_builtin_rules

PERSON, ORG, DOC, ANON, VAGUE = (
    SourceKind.NAMED_PERSON,
    SourceKind.NAMED_ORGANIZATION,
    SourceKind.DOCUMENT,
    SourceKind.ANONYMOUS,
    SourceKind.VAGUE,
)
REASON_BRIEF = "because he was not authorized to brief reporters"


def _official_said(d: Doc, content: str) -> None:
    a = d.attr("said", "A senior official", content, ANON, role="senior official", anonymity_reason=REASON_BRIEF)
    d.claim(d.text, a)


def _uns001_f1(d: Doc) -> None:
    d.claim(d.text, has_figure=True)


def _uns001_p1(d: Doc) -> None:
    a = d.attr("said", "the army", "At least 30 militants were killed in the fighting on Tuesday", ORG,
               form="inverted", name="army")
    d.claim(d.text, a, has_figure=True)


def _uns001_p2(d: Doc) -> None:
    a = d.attr("said", "police spokesman Ali Khan", "The attack killed 26 people", PERSON, form="inverted",
               name="Ali Khan", role="spokesman", affiliation="police")
    d.claim(d.text, a, has_figure=True)


def _unsourced(d: Doc) -> None:
    d.claim(d.text)


def _uns002_p1(d: Doc) -> None:
    a = d.attr("said", "police spokesman Ali Khan", "Rescued passengers were being treated at hospitals in the city",
               PERSON, form="inverted", name="Ali Khan", role="spokesman", affiliation="police")
    d.claim(d.text, a)


def _uns003_f1(d: Doc) -> None:
    d.claim(d.text, common_knowledge=True)


def _uns003_p1(d: Doc) -> None:
    a = d.attr("according to", "the national statistics bureau", "Balochistan is Pakistan's largest province", DOC,
               category="according_to", form="according_to")
    d.claim(d.text, a)


def _ano001_f1(d: Doc) -> None:
    a = d.attr("said", "A senior official", "the talks had collapsed", ANON, role="senior official")
    d.claim(d.text, a)


def _ano001_p1(d: Doc) -> None:
    _official_said(d, "the talks had collapsed")


def _named_dar(content: str) -> Callable[[Doc], None]:
    def build(d: Doc) -> None:
        a = d.attr("said", "Foreign Minister Ishaq Dar", content, PERSON, name="Ishaq Dar", role="Foreign Minister",
                   on_record=True)
        d.claim(d.text, a)

    return build


def _ano002_f1(d: Doc) -> None:
    _official_said(d, "the minister was incompetent and should resign")


def _ano002_f2(d: Doc) -> None:
    a = d.attr("said", "A government adviser who asked not to be named", "the deal could collapse within weeks", ANON,
               role="government adviser", anonymity_reason="because of the sensitivity of the talks")
    d.claim(d.text, a)


def _ano002_p1(d: Doc) -> None:
    _official_said(d, "the talks ended on Tuesday")


def _ano003_f1(d: Doc) -> None:
    a1 = d.attr("said", "A senior official", "the deal had collapsed", ANON, role="senior official",
                anonymity_reason="because he was not authorized to discuss the talks")
    second = d.text.index("A second official")
    a2 = d.attr("said", "A second official", "new talks were unlikely before March", ANON, role="official",
                anonymity_reason="because the talks were private", after=second)
    d.claim(d.text[:second].strip(), a1)
    d.claim(d.text[second:], a2)


def _ano003_p1(d: Doc) -> None:
    a1 = d.attr("said", "Interior Minister Mohsin Naqvi", "the deal had collapsed", PERSON, name="Mohsin Naqvi",
                role="Interior Minister", on_record=True)
    second = d.text.index("His spokesman")
    a2 = d.attr("said", "Ali Raza", "new talks were unlikely before March", PERSON, name="Ali Raza", role="spokesman",
                on_record=True, after=second)
    d.claim(d.text[:second].strip(), a1)
    d.claim(d.text[second:], a2)


def _vag001_f1(d: Doc) -> None:
    a = d.attr("say", "Officials", "the train was partially inside a tunnel", VAGUE, plural=True)
    d.claim(d.text, a)


def _vag001_f2(d: Doc) -> None:
    a = d.attr("say", "Estimates", "the group has around 3,000 fighters", VAGUE, category="nominal", form="nominal",
               plural=True)
    d.claim(d.text, a, has_figure=True)


def _vag001_p1(d: Doc) -> None:
    a = d.attr("said", "Railway spokesman Babar Ali", "the train was partially inside a tunnel", PERSON,
               name="Babar Ali", role="spokesman", affiliation="Railway")
    d.claim(d.text, a)


def _analysts(d: Doc) -> None:
    a = d.attr("said", "Analysts", "the attack could backfire", VAGUE, plural=True)
    d.claim("Analysts said the attack could backfire.", a)


def _vag002_f1(d: Doc) -> None:
    _analysts(d)
    quote = d.text.index('"It will')
    a = d.attr("said", "Syed Ali", "It will cost them support,", PERSON, form="inverted", direct=True,
               name="Syed Ali", role="independent security analyst", on_record=True, after=quote)
    d.claim(d.text[quote:], a)


def _vag002_p1(d: Doc) -> None:
    _analysts(d)
    for name, role, content in (
        ("Syed Ali", "Security analyst", "it would cost the group support"),
        ("Amir Rana", "Political analyst", "the group had miscalculated"),
    ):
        start = d.text.index(f"{role} {name}")
        a = d.attr("said", f"{role} {name}", content, PERSON, name=name, role=role.lower(), on_record=True,
                   after=start)
        d.claim(d.text[start:d.text.index(".", start) + 1], a)


def _vag002_p2(d: Doc) -> None:
    a = d.attr("said", "Security analyst Syed Ali", "the attack could backfire", PERSON, name="Syed Ali",
               role="security analyst", on_record=True)
    d.claim(d.text, a)


def _vag003_f1(d: Doc) -> None:
    a = d.attr("reportedly", None, "The minister reportedly resigned on Friday", category="hearsay", form="nominal")
    d.claim(d.text, a)


def _vag003_f2(d: Doc) -> None:
    a = d.attr("It is believed", None, "the hostages are being held in the mountains", category="thought")
    d.claim(d.text, a)


def _vag003_p1(d: Doc) -> None:
    a = d.attr("said", "his office", "The minister resigned on Friday", ORG, form="inverted", name="office")
    d.claim(d.text, a)


def _quo001_f1(d: Doc) -> None:
    a = d.attr('"', None, "We will not negotiate with people who attack trains full of civilians.", form="quote",
               direct=True)
    d.claim(d.text, a)


def _quo001_f1_no_attribution(d: Doc) -> None:
    d.claim(d.text)


def _quo001_p1(d: Doc) -> None:
    a = d.attr("said", "Interior Minister Mohsin Naqvi", "We will not negotiate with people who attack trains full of "
               "civilians,", PERSON, form="quote", direct=True, name="Mohsin Naqvi", role="Interior Minister")
    d.claim(d.text, a)


def _int001_f1(d: Doc) -> None:
    a = d.attr("said", "The BLA", "its fighters had killed 50 soldiers in the attack", ORG, name="BLA",
               interested_party=True)
    d.claim(d.text, a, has_figure=True)


def _int001_p1(d: Doc) -> None:
    a = d.attr("said", "Provincial health official Ahmed Khan", "50 soldiers had been killed in the attack", PERSON,
               name="Ahmed Khan", role="health official", on_record=True)
    d.claim(d.text, a, has_figure=True)


def _vrb(lemma: str, source: str, content: str, kind: SourceKind, loaded: bool) -> Callable[[Doc], None]:
    def build(d: Doc) -> None:
        a = d.attr(d.text.split()[2], source, content, kind, lemma=lemma, loaded=loaded)
        d.claim(d.text, a)

    return build


def _sty001(second_source: str, name: str | None) -> Callable[[Doc], None]:
    def build(d: Doc) -> None:
        first = d.text.index(".") + 1
        a1 = d.attr("said", "Police", "a man was arrested on Monday", ORG, name="Police")
        kind = PERSON if name else ORG
        a2 = d.attr("said", second_source, d.text[first:].split(" said ", 1)[1].rstrip("."), kind, name=name or
                    "Police", after=first)
        d.claim(d.text[:first], a1)
        d.claim(d.text[first:].strip(), a2)

    return build


EXTRACTIONS: dict[tuple[str, str], Callable[[Doc], None]] = {
    ("UNS001", "At least 30 militants were killed in the fighting on Tuesday."): _uns001_f1,
    ("UNS001", "The attack killed 26 people at the station in Quetta."): _uns001_f1,
    ("UNS001", "At least 30 militants were killed in the fighting on Tuesday, the army said."): _uns001_p1,
    ("UNS001", "The attack killed 26 people, police spokesman Ali Khan said."): _uns001_p2,
    ("UNS002", "Rescued passengers were being treated at hospitals in the city."): _unsourced,
    ("UNS002", "Rescued passengers were being treated at hospitals in the city, police spokesman Ali Khan said."):
        _uns002_p1,
    ("UNS003", "Balochistan is Pakistan's largest and least populated province."): _uns003_f1,
    ("UNS003", "Balochistan is Pakistan's largest province, according to the national statistics bureau."): _uns003_p1,
    ("ANO001", "A senior official said the talks had collapsed."): _ano001_f1,
    ("ANO001", "A senior official, who spoke on condition of anonymity because he was not authorized to brief "
               "reporters, said the talks had collapsed."): _ano001_p1,
    ("ANO001", "Foreign Minister Ishaq Dar said the talks had collapsed."): _named_dar("the talks had collapsed"),
    ("ANO002", "A senior official, who spoke on condition of anonymity because he was not authorized to brief "
               "reporters, said the minister was incompetent and should resign."): _ano002_f1,
    ("ANO002", "A government adviser who asked not to be named because of the sensitivity of the talks said the deal "
               "could collapse within weeks."): _ano002_f2,
    ("ANO002", "A senior official, who spoke on condition of anonymity because he was not authorized to brief "
               "reporters, said the talks ended on Tuesday."): _ano002_p1,
    ("ANO002", "Foreign Minister Ishaq Dar said the deal could collapse within weeks."):
        _named_dar("the deal could collapse within weeks"),
    ("ANO003", "A senior official, who spoke on condition of anonymity because he was not authorized to discuss the "
               "talks, said the deal had collapsed. A second official, who also asked not to be named because the "
               "talks were private, said new talks were unlikely before March."): _ano003_f1,
    ("ANO003", "Interior Minister Mohsin Naqvi said the deal had collapsed. His spokesman, Ali Raza, said new talks "
               "were unlikely before March."): _ano003_p1,
    ("VAG001", "Officials say the train was partially inside a tunnel."): _vag001_f1,
    ("VAG001", "Estimates say the group has around 3,000 fighters."): _vag001_f2,
    ("VAG001", "Railway spokesman Babar Ali said the train was partially inside a tunnel."): _vag001_p1,
    ("VAG002", 'Analysts said the attack could backfire. "It will cost them support," said Syed Ali, an independent '
               "security analyst."): _vag002_f1,
    ("VAG002", "Analysts said the attack could backfire. Security analyst Syed Ali said it would cost the group "
               "support. Political analyst Amir Rana said the group had miscalculated."): _vag002_p1,
    ("VAG002", "Security analyst Syed Ali said the attack could backfire."): _vag002_p2,
    ("VAG003", "The minister reportedly resigned on Friday."): _vag003_f1,
    ("VAG003", "It is believed that the hostages are being held in the mountains."): _vag003_f2,
    ("VAG003", "The minister resigned on Friday, his office said in a statement."): _vag003_p1,
    ("QUO001", '"We will not negotiate with people who attack trains full of civilians."'): _quo001_f1,
    ("QUO001", '"We will not negotiate with people who attack trains full of civilians," Interior Minister Mohsin '
               "Naqvi said."): _quo001_p1,
    ("INT001", "The BLA said its fighters had killed 50 soldiers in the attack."): _int001_f1,
    ("INT001", "Provincial health official Ahmed Khan said 50 soldiers had been killed in the attack."): _int001_p1,
    ("VRB001", "The company claimed the spill was contained."):
        _vrb("claim", "The company", "the spill was contained", ORG, True),
    ("VRB001", "The minister admitted the project was behind schedule."):
        _vrb("admit", "The minister", "the project was behind schedule", PERSON, True),
    ("VRB001", "The company said the spill was contained."):
        _vrb("say", "The company", "the spill was contained", ORG, False),
    ("STY001", "Police said a man was arrested on Monday. Police said he would appear in court on Tuesday."):
        _sty001("Police", None),
    ("STY001", "Police said a man was arrested on Monday. His lawyer, Jane Doe, said he would plead not guilty."):
        _sty001("Jane Doe", "Jane Doe"),
}

CASES = [
    pytest.param(rule, text, expected, id=f"{rule.id}-{expected}-{i}")
    for rule in load_builtin_rules()
    for expected, texts in (("fail", rule.fail_examples), ("pass", rule.pass_examples))
    for i, text in enumerate(texts)
]


def test_every_shipped_example_has_an_extraction():
    missing = [(r.id, t) for r, t, _ in (c.values for c in CASES) if (r.id, t) not in EXTRACTIONS]
    assert not missing, f"add hand-built extractions to EXTRACTIONS for: {missing}"
    shipped = {(r.id, t) for r, t, _ in (c.values for c in CASES)}
    stale = [k for k in EXTRACTIONS if k not in shipped]
    assert not stale, f"examples no longer shipped: {stale}"


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_example_with_correct_extraction(ruleset, rule, text, expected):
    build = EXTRACTIONS.get((rule.id, text))
    if build is None:
        pytest.fail(f"no hand-built extraction for {rule.id} example {text!r}")
    d = Doc(text)
    build(d)
    fired = {f.rule for f in ruleset.evaluate(d.text, d.extraction()).findings}
    assert (rule.id in fired) is (expected == "fail"), fired


def test_orphan_quote_without_any_attribution(ruleset):
    """An extractor that finds no speaker may produce no attribution at all; QUO001 still fires."""
    text = '"We will not negotiate with people who attack trains full of civilians."'
    d = Doc(text)
    _quo001_f1_no_attribution(d)
    fired = {f.rule for f in ruleset.evaluate(d.text, d.extraction()).findings}
    assert "QUO001" in fired


def test_cached_parse_through_real_extraction(ruleset):
    """Cached parse -> the real extractor -> rules: the stages agree on the fields rules read (no model needed)."""
    from pathlib import Path

    from attribution.extract import extract
    from attribution.nlp import conllu

    path = Path(__file__).resolve().parent / "data" / "parses" / "rule_examples.conllu"
    if not path.is_file():
        pytest.skip("cached rule-example parse not present")
    doc = conllu.loads(path.read_text(encoding="utf-8"))
    ev = ruleset.evaluate(doc.text, extract(doc))
    by_line = {(f.line, f.rule) for f in ev.findings}
    assert {(1, "QUO001"), (3, "ANO002"), (5, "VAG003"), (7, "INT001")} <= by_line
