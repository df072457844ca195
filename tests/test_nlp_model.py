"""Integration: the shipped model through the NLP seam.

These load the real model (once per session) and check what users rely on:
no network, offsets that index the original text for any input, and sane
output for odd input.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from attribution.nlp import MAX_CHARS, TextTooLarge

pytestmark = pytest.mark.model


def assert_offsets_index(doc, text):
    assert doc.text == text
    last = -1
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        for t in s.tokens:
            assert 0 <= t.start < t.end <= len(text)
            assert text[t.start : t.end] == t.text
            assert t.start >= last
            last = t.start
        for w in s.words:
            assert 1 <= w.index <= len(s.words)
            assert 0 <= w.head <= len(s.words)
        for e in s.entities:
            assert text[e.start : e.end] == e.text


def test_loads_and_parses_with_every_socket_blocked():
    """A fresh interpreter with sockets disabled before anything is imported."""
    code = textwrap.dedent(
        """
        import socket, time
        def refuse(*a, **k):
            raise SystemExit("network use attempted")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        t = time.perf_counter()
        from attribution.nlp import load_parser
        p = load_parser()
        load = time.perf_counter() - t
        d = p.parse("Officials said the train was inside a tunnel. Mao Ning spoke in Beijing.")
        assert len(d.sentences) == 2, d.sentences
        print(f"LOAD {load:.2f}")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LOAD" in out.stdout


def test_missing_model_is_a_clear_error_naming_download(tmp_path, monkeypatch, no_network):
    from attribution.nlp import ModelError, load_parser

    monkeypatch.setenv("ATTRIBUTION_HOME", str(tmp_path))
    with pytest.raises(ModelError, match="attribution models download"):
        load_parser("stanza_en")
    assert no_network == []


def test_parse_structure(parser):
    text = "China condemned the attack. Foreign ministry spokeswoman Mao Ning said her country would help."
    doc = parser.parse(text)
    assert_offsets_index(doc, text)
    assert len(doc.sentences) == 2
    said = [w for w in doc.sentences[1].words if w.lemma == "say"]
    assert said and said[0].upos == "VERB"
    subj = [w for w in doc.sentences[1].words if w.head == said[0].index and w.deprel.startswith("nsubj")]
    # the subject of "said" lies inside the speaker phrase (which word heads it varies by model)
    assert subj and subj[0].start < doc.text.index("said")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t  ",
        "Control\x00chars\x1b here.\x07 And more.",
        "Mixed scripts: Москва, 北京, القاهرة and São Paulo all reported rain.",
        "\ufeffA BOM, then\r\nWindows line ends.\r\n\r\nNew paragraph.",
        "“Curly quotes,” she said. 'Straight ones,' he said.",
        "x" * 3000,
    ],
)
def test_odd_input_gives_valid_parse(parser, text):
    doc = parser.parse(text)
    assert_offsets_index(doc, text)
    if not text.strip():
        assert doc.sentences == ()


def test_long_text_is_chunked_with_correct_offsets(parser):
    para = "The council said the budget would rise by 4 percent. Critics disagreed.\n\n"
    text = para * 400  # ~28k characters: several chunks
    doc = parser.parse(text)
    assert_offsets_index(doc, text)
    assert len(doc.sentences) >= 700
    assert doc.sentences[-1].paragraph == 399


def test_too_large_text_is_a_clear_error(parser):
    with pytest.raises(TextTooLarge, match="limit"):
        parser.parse("a" * (MAX_CHARS + 1))


def test_very_long_url_keeps_its_text(parser):
    url = "http://www.example.org/" + "/".join(f"section{i}/page{i}.shtml" for i in range(12))
    text = f"See {url} for the ruling. It was published on Monday."
    doc = parser.parse(text)
    assert_offsets_index(doc, text)
    assert "<UNK>" not in {w.text for s in doc.sentences for w in s.words}


def test_typewriter_quote_pair_is_one_token_with_both_characters(parser):
    text = "''We are ready,'' the mayor said. ``Fine.''"
    doc = parser.parse(text)
    words = [w for s in doc.sentences for w in s.words]
    marks = [w for w in words if "'" in w.text or "`" in w.text]
    assert [w.text for w in marks] == ["''", "''", "``", "''"]
    for w in words:
        assert text[w.start : w.end] == w.text
    assert words[1].text == "We"  # not glued to the mark as "''We"


def test_titles_and_month_abbreviations_keep_a_sentence_whole(parser):
    text = "The Sept. 11 attacks changed everything, said Rep. Joseph Crowley on Tuesday. He left."
    doc = parser.parse(text)
    assert [s.text for s in doc.sentences] == [
        "The Sept. 11 attacks changed everything, said Rep. Joseph Crowley on Tuesday.",
        "He left.",
    ]


def test_split_repair_is_wired_into_the_pipeline(parser, monkeypatch):
    from attribution.nlp import splits

    seen = []

    def spy(sentences, raw=None):
        seen.append(raw)
        return splits.merge_false_splits(sentences, raw)

    monkeypatch.setattr("attribution.nlp.stanza_backend.merge_false_splits", spy)
    parser.parse("Officials met. They left.")
    assert seen and seen[0] is not None and "Officials met." in seen[0]
