"""The lexicons are validated data: a bad entry names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.extract.lexicon import LexiconError, default_lexicon, load_lexicon, parse_lexicon_file


def test_shipped_lexicon_loads_and_classifies_verbs() -> None:
    lex = default_lexicon()
    assert lex.verb_category("say") == "speech"
    assert lex.verb_category("tweet") == "writing"
    assert lex.verb_category("suspect") == "thought"
    assert lex.verb_category("want") == "intention"
    assert lex.verb_category("eat") is None
    assert lex.is_loaded("claim") and not lex.is_loaded("say")
    assert "according to" in lex["according_to"]
    assert "on condition of anonymity" in lex["anonymity_phrases"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("speech:\n  - say\n  - Say\n", "cues.yaml:3: key 'speech': entry 'Say' must be lower case"),
        ("speech:\n  - say\n  - say\n", "cues.yaml:3: key 'speech': duplicate entry 'say'"),
        ("speach:\n  - say\n", "cues.yaml:1: key 'speach': unknown key"),
        ("speech: say\n", "cues.yaml:1: key 'speech': value must be a list"),
        ("speech:\n  - 3\n", "cues.yaml:2: key 'speech': entry must be a string"),
        ("speech:\n  - ' say'\n", "cues.yaml:2: key 'speech'"),
        ("speech: [\n", "cues.yaml:"),
    ],
)
def test_bad_entries_name_file_line_and_key(body: str, fragment: str) -> None:
    with pytest.raises(LexiconError) as err:
        parse_lexicon_file(Path("cues.yaml"), body, ("speech",))
    assert fragment in str(err.value)


def test_prep_content_entries_are_verb_preposition_pairs() -> None:
    with pytest.raises(LexiconError) as err:
        parse_lexicon_file(Path("cues.yaml"), "prep_content:\n  - speak about\n  - talk\n", ("prep_content",))
    assert "cues.yaml:3: key 'prep_content': entry 'talk' must be two words" in str(err.value)
    lex = default_lexicon()
    assert lex.content_preps("speak") >= {"about", "on"} and "to" not in lex.content_preps("speak")
    assert lex.content_preps("call") == {"for", "on"} and lex.content_preps("walk") == frozenset()


def test_missing_key_is_an_error(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "attribution" / "lexicons"
    for name in ("cues.yaml", "sources.yaml"):
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "cues.yaml").read_text(encoding="utf-8").replace("writing:", "writin:")
    (tmp_path / "cues.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown key"):
        load_lexicon(tmp_path)


def test_no_verb_is_both_clause_only_and_object_content() -> None:
    """A verb in both lists would silently lose its objects (clause_only is read first)."""
    lex = default_lexicon()
    assert not lex["clause_only"] & lex["object_content"]


def test_complement_phrases_are_verb_complement_pairs() -> None:
    with pytest.raises(LexiconError) as err:
        parse_lexicon_file(Path("cues.yaml"), "complement_phrases:\n  - make it clear\n", ("complement_phrases",))
    assert "cues.yaml:2: key 'complement_phrases': entry 'make it clear' must be two words" in str(err.value)
    lex = default_lexicon()
    assert "clear" in lex.complements("make") and lex.complements("say") == frozenset()
