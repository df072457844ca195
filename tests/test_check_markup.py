"""Markup stripping for `check`: prose out, and every analysed offset back to the original line:col."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.check.markup import kind_for, strip_html, strip_markdown, strip_plain
from attribution.textpos import LineIndex

MD = """---
title: Bridge
---
# The bridge **reopens** #

Officials *said* the [bridge](https://example.org "map") will reopen &amp; traffic flows.
It cost 4 million, said `Ana Ruiz`, and snake_case_name stays.

What next?
----------

- Repairs took *three* weeks.
- ![photo](a.png) Crews worked nights.

```
At least 99 code lines were ignored.
```
> "We are confident," said the spokeswoman.
"""


def original_line_col(stripped, text: str, needle: str) -> tuple[int, int]:
    i = stripped.text.index(needle)
    start, end = stripped.span_to_original(i, i + len(needle))
    return LineIndex(text).line_col(start)


def test_markdown_prose_and_subheads():
    s = strip_markdown(MD)
    assert "title: Bridge" not in s.text  # front matter dropped
    assert "**" not in s.text and "*said*" not in s.text and "](" not in s.text and "`" not in s.text
    assert "99 code lines" not in s.text  # fenced code dropped
    assert "photo" not in s.text  # images dropped
    assert "snake_case_name" in s.text  # intra-word underscores are not emphasis
    assert "reopen & traffic" in s.text  # entities decoded
    paragraphs = [p.strip() for p in s.text.split("\n\n")]
    # headings (ATX and setext) stand alone as paragraphs so extraction sees subheads
    assert "The bridge reopens" in paragraphs
    assert "What next?" in paragraphs
    assert "Repairs took three weeks." in paragraphs  # each list item is its own paragraph
    assert '"We are confident," said the spokeswoman.' in paragraphs


def test_markdown_offsets_map_to_original_line_and_column():
    s = strip_markdown(MD)
    lines = MD.split("\n")
    for needle in ("reopens", "said", "bridge", "will reopen", "Ana Ruiz", "What next?", "three", "Crews", "We are"):
        line, col = original_line_col(s, MD, needle)
        assert lines[line - 1][col - 1 :].startswith(needle), (needle, line, col)
    # the entity maps to the whole "&amp;"
    i = s.text.index("&")
    start, end = s.span_to_original(i, i + 1)
    assert MD[start:end] == "&amp;"
    # a span across removed markup covers it in the original
    i = s.text.index("said the bridge")
    start, end = s.span_to_original(i, i + len("said the bridge"))
    assert MD[start:end] == 'said* the [bridge'


def test_markdown_known_offset():
    text = "# Title\n\nSome **bold** claim here.\n"
    s = strip_markdown(text)
    assert s.text.startswith("Title\n\nSome bold claim here.")
    i = s.text.index("claim")
    assert LineIndex(text).line_col(s.to_original(i)) == (3, 15)


def test_html_blocks_scripts_entities():
    html = (
        "<html><head><title>T</title><style>p { color: red }</style></head><body>\n"
        "<h1>Big &amp; bold</h1>\n"
        "<p>Officials said\n  the bridge &#8220;will&#8221; reopen.</p><!-- attribution: ignore[UNS001] -->\n"
        '<script>var x = "<p>At least 5</p>";</script>\n'
        "<p>At least 12<br>people were hurt.</p></body></html>"
    )
    s = strip_html(html)
    paragraphs = [p.strip() for p in s.text.split("\n\n") if p.strip()]
    assert paragraphs == [
        "Big & bold",
        "Officials said the bridge \u201cwill\u201d reopen.",
        "At least 12\npeople were hurt.",
    ]
    line, col = original_line_col(s, html, "12")
    assert html.split("\n")[line - 1][col - 1 :].startswith("12")
    assert (line, col) == (6, 13)
    line, col = original_line_col(s, html, "the bridge")
    assert (line, col) == (4, 3)
    i = s.text.index("\u201c")
    assert html[slice(*s.span_to_original(i, i + 1))] == "&#8220;"
    assert len(s.comments) == 1 and "ignore[UNS001]" in s.comments[0].body
    assert s.text[s.comments[0].at :].lstrip().startswith("At least 12")


def test_html_site_chrome_is_no_article_copy():
    html = (
        "<body><nav><a href=/>Home</a> | <a href=/news>News</a></nav>\n"
        "<article><p>Officials said the bridge was shut.</p>\n"
        "<aside><p>Related: Police say the road is open.</p></aside></article>\n"
        "<form><label>Subscribe</label><input name=e></form>\n"
        "<footer><p>\u00a9 2024 Harbor Times. We use cookies.</p></footer></body>"
    )
    s = strip_html(html)
    assert s.text.strip() == "Officials said the bridge was shut."
    line, col = original_line_col(s, html, "bridge")
    assert html.split("\n")[line - 1][col - 1 :].startswith("bridge")


def test_html_head_left_open_ends_at_the_body():
    # </head> (and <head>, <body>) are optional in HTML: the body must not be dropped with the head
    for html in (
        "<html><head><title>T</title><body><p>Officials said the bridge was shut.</p></body></html>",
        "<head><meta charset=utf-8><title>T</title>\n<script>if (a < b) { go(); }</script>\n"
        "<p>Officials said the bridge was shut.",
        "<!DOCTYPE html><title>T</title><p>Officials said the bridge was shut.",
        "<head><title>T</title>\n  <link rel=stylesheet href=a.css>\nOfficials said the bridge was shut.",
    ):
        s = strip_html(html)
        assert s.text.strip() == "Officials said the bridge was shut.", html
        line, col = original_line_col(s, html, "bridge")
        assert html.split("\n")[line - 1][col - 1 :].startswith("bridge")
    # a closed head still drops what is in it, and only that
    s = strip_html("<head><noscript><style>p{}</style></noscript><title>T</title></head><p>After.</p>")
    assert s.text.strip() == "After."


def test_markdown_link_destination_with_parentheses():
    text = "See [the ruling](https://example.org/wiki/Case_(2019)) and ![map](img/a_(b).png) today.\n"
    s = strip_markdown(text)
    assert s.text == "See the ruling and  today.\n"
    assert original_line_col(s, text, "today") == (1, text.index("today") + 1)


def test_markdown_backslash_hard_line_break():
    text = "The mayor said\\\nthe plan was fine.\nA literal \\\\\nstays.\n\nLast\\\n"
    s = strip_markdown(text)
    assert s.text == "The mayor said\nthe plan was fine.\nA literal \\\nstays.\n\nLast\\\n"
    assert original_line_col(s, text, "the plan") == (2, 1)


def test_plain_text_directive_lines_removed():
    text = "Line one.\n# attribution: ignore[UNS001] checked with the desk\nLine two has 12 dead.\n"
    s = strip_plain(text)
    assert s.text == "Line one.\nLine two has 12 dead.\n"
    assert s.comments[0].body == "attribution: ignore[UNS001] checked with the desk"
    line, col = original_line_col(s, text, "12")
    assert (line, col) == (3, 14)


def test_kind_for():
    assert kind_for("a/story.MD") == "markdown"
    assert kind_for("x.htm") == "html" and kind_for("x.html") == "html"
    assert kind_for("notes.rst") == "text" and kind_for("<stdin>") == "text"


def test_crlf_markdown():
    text = "# Head\r\n\r\nA claim with 12 dead.\r\n"
    s = strip_markdown(text)
    assert "\r" not in s.text
    assert LineIndex(text).line_col(s.to_original(s.text.index("12"))) == (3, 14)


_PIECES = [*"ab \n*_#`[]()<>!&;-=>\\p/", "&amp;", "<p>", "</p>", "<!--", "-->", "\r\n", "# x", "```"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_offset_maps_are_monotonic_and_in_bounds(text):
    for s in (strip_markdown(text), strip_html(text), strip_plain(text)):
        assert len(s.starts) == len(s.ends) == len(s.text)
        prev = 0
        for a, b in zip(s.starts, s.ends, strict=True):
            assert 0 <= a <= b <= len(text)
            assert a >= prev
            prev = a
        for i, ch in enumerate(s.text):
            if s.ends[i] - s.starts[i] == 1 and not ch.isspace():
                assert text[s.starts[i]] == ch  # a copied character is the character
