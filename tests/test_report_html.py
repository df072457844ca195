"""The standalone HTML report: self-contained, escaped, every claim highlighted, totals that add up.

Unit tests build :class:`ArticleReport` objects by hand (no model). The browser
tests render a report in headless Chromium (Debian package ``chromium``) and
skip cleanly when it is not installed.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from attribution.model import (
    ArticleReport,
    Attribution,
    Claim,
    Cue,
    Finding,
    Severity,
    Source,
    SourceKind,
    Span,
)
from attribution.report.html import KIND_STYLE, SEVERITY_STYLE, TEXT_COLOUR, render_html
from attribution.report.overview import KINDS, SORT_KEYS, article_row, grouped, totals

TEXT = (
    "Train attack: what we know\n"
    "\n"
    "Officials say the train was inside a tunnel when it was attacked. "
    "At least 20 people were killed, according to three senior security officials. "
    "They spoke on condition of anonymity as they were not authorized to speak to the media.\n"
    "\n"
    "\u201cThis is an act of terrorism,\u201d said spokesman Shahid Rind. "
    "The BLA claimed responsibility. "
    "A report by the ministry said 400 passengers were aboard.\n"
    "\n"
    "The line <script>alert('x')</script> & the depot will stay shut for a week.\n"
)


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def make_report(path: str = "fixtures/train_attack.txt", text: str = TEXT, score: float = 55.0) -> ArticleReport:
    """A hand-built audit with one claim of every source kind and a few findings."""
    s = lambda needle: _span(text, needle)  # noqa: E731
    reason = s("They spoke on condition of anonymity as they were not authorized to speak to the media.")
    specs = [
        # id, claim text, kind, source text, cue text, strength, form, extra source attrs
        ("a1", "the train was inside a tunnel when it was attacked.", SourceKind.VAGUE, "Officials", "say", 30,
         "verb", {"plural": True}),
        ("a2", "At least 20 people were killed,", SourceKind.ANONYMOUS, "three senior security officials",
         "according to", 45, "according_to", {"count": 3, "anonymity_reason": reason, "plural": True}),
        ("a3", "\u201cThis is an act of terrorism,\u201d", SourceKind.NAMED_PERSON, "spokesman Shahid Rind", "said",
         85, "inverted", {"name": "Shahid Rind", "role": "spokesman", "on_record": True}),
        ("a4", "responsibility.", SourceKind.NAMED_ORGANIZATION, "The BLA", "claimed", 50, "verb",
         {"name": "BLA", "interested_party": True}),
        ("a5", "400 passengers were aboard.", SourceKind.DOCUMENT, "A report by the ministry", "said", 70,
         "nominal", {}),
    ]
    attributions, claims = [], []
    for i, (aid, content, kind, src, cue, strength, form, extra) in enumerate(specs):
        attributions.append(Attribution(
            id=aid, cue=Cue(s(cue) if cue != "said" or aid == "a3" else _span(text, "said", text.index(content) - 6),
                            cue if cue != "according to" else "according_to", loaded=cue == "claimed"),
            source=Source(span=s(src), kind=kind, **extra), content=(s(content),), form=form, sentence=i,
            strength=strength, direct=aid == "a3"))
        claims.append(Claim(id=f"c{i + 1}", span=s(content), sentence=i, attribution=aid))
    claims.append(Claim(id="c6", span=s("The line <script>alert('x')</script> & the depot will stay shut for a week."),
                        sentence=6, attribution=None))
    claims.append(Claim(id="c0", span=Span(0, text.index("\n"), text[:text.index("\n")]), sentence=0, attribution=None,
                        status="not_claim", reason="heading"))
    findings = (
        Finding("vague-source", Severity.WARNING, "vague source \u201cOfficials\u201d", s("Officials"), 3, 1,
                claim="c1", attribution="a1"),
        Finding("loaded-verb", Severity.INFO, "loaded attribution verb \u201cclaimed\u201d", s("claimed"), 5, 40,
                claim="c4", attribution="a4"),
        Finding("unsourced-claim", Severity.ERROR, "unsourced claim <b>bold</b>", claims[5].span, 7, 1, claim="c6"),
        Finding("single-source", Severity.INFO, "story leans on one source", Span(0, 5, text[:5]), 1, 1),
        Finding("suppressed-one", Severity.ERROR, "hidden", Span(0, 5, text[:5]), 1, 1, suppressed=True),
    )
    return ArticleReport(path=path, text=text, attributions=tuple(attributions), claims=tuple(claims),
                         findings=findings, summary={"score": score})


def build(reports: list[ArticleReport], group_by: str = "none", sort_by: str = "path"):
    rows = sorted((article_row(r) for r in reports), key=SORT_KEYS[sort_by])
    groups = grouped(rows, group_by) if group_by != "none" else {"": rows}
    return render_html(reports, rows, groups), rows, groups


def sample_reports() -> list[ArticleReport]:
    other_text = TEXT.replace("Train attack", "Depot closure")
    return [
        make_report("reuters_2020_train.txt"),
        make_report("ap_2020_depot.txt", other_text, score=72.5),
        ArticleReport(path="ap_2020_broken.txt", error="undecodable input (not UTF-8)"),
    ]


# ------------------------------------------------------------------ helpers


class _Collector(HTMLParser):
    """Index rows (class, list of data-v values) and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[tuple[str, list[str | None]]] = []
        self._row: list[str | None] | None = None
        self._row_cls = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "tr":
            self._row, self._row_cls = [], a.get("class") or ""
        elif tag in ("td", "th") and self._row is not None and "data-v" in a:
            self._row.append(a["data-v"])

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append((self._row_cls, self._row))
            self._row = None


def parse(html: str) -> _Collector:
    p = _Collector()
    p.feed(html)
    return p


# ------------------------------------------------------------------ unit tests


def test_self_contained_no_external_urls():
    html, _, _ = build(sample_reports())
    lowered = html.lower()
    for bad in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", "url(//",
                'src="//', 'href="//', "<link", "<img", "<iframe"):
        assert bad not in lowered, bad
    assert "http://" not in lowered and "https://" not in lowered
    assert "default-src 'none'" in html  # the page itself forbids any request


def test_every_claim_highlighted_with_its_kind():
    report = make_report()
    html, _, _ = build([report])
    tags = parse(html).tags
    by_id = {a.id: a for a in report.attributions}
    marks = {a["id"]: a for t, a in tags if t == "mark" and a.get("id")}
    shown = [c for c in report.claims if c.status == "claim"]
    assert len(shown) == 6
    for c in shown:
        kind = by_id[c.attribution].source.kind.value if c.attribution else "unattributed"
        cid = next(k for k in marks if k.endswith(f"-c-{c.id}"))
        m = marks[cid]
        assert f"k-{kind}" in m["class"].split()
        assert m["data-kind"] == kind and m["data-abbr"] == KIND_STYLE[kind][1]
        assert m["tabindex"] == "0"  # keyboard-focusable
        assert m["aria-describedby"] == f"{cid}-info"
        assert any(a.get("id") == f"{cid}-info" for _, a in tags)
    # every kind appears, the non-claim heading is not highlighted
    assert {m["data-kind"] for m in marks.values()} == set(KINDS)
    assert not any(k.endswith("-c-c0") for k in marks)
    # strength is shown as a band class
    assert "s3" in marks[next(k for k in marks if k.endswith("-c-c3"))]["class"].split()


def test_cue_and_source_marked_inside_text():
    html, _, _ = build([make_report()])
    assert re.search(r'<span class="src"[^>]*>spokesman Shahid Rind</span>', html)
    assert re.search(r'<span class="cue"[^>]*>according to</span>', html)
    assert re.search(r'<span class="why"[^>]*>They spoke on condition', html)


def test_text_and_messages_escaped():
    html, _, _ = build([make_report()])
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; the depot" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert html.count("<script>") == 1  # only the page's own script


def test_paragraphs_preserved_and_text_intact():
    report = make_report()
    html, _, _ = build([report])
    section = html[html.index('class="text"'):html.index("</div>", html.index('class="text"'))]
    assert section.count("<p>") == 4
    plain = re.sub(r"<[^>]+>", "", section.split(">", 1)[1])
    import html as htmlmod

    paras = [p.strip() for p in report.text.split("\n\n") if p.strip()]
    assert htmlmod.unescape(plain) == "\n".join(paras)


def test_index_totals_equal_sum_of_rows():
    html, rows, _ = build(sample_reports())
    parsed = parse(html)
    arts = [v for cls, v in parsed.rows if "art" in cls.split()]
    total = next(v for cls, v in parsed.rows if cls == "total")
    assert len(arts) == 3
    good = [v for v in arts if v[1] != ""]
    assert len(good) == 2
    for col in (1, 2, *range(4, len(total) - 1)):  # every count column (not share, not score)
        assert int(total[col]) == sum(int(v[col]) for v in good), col
    t = totals(rows)
    assert int(total[2]) == t.claims and float(total[-1]) == t.score
    assert int(total[KINDS.index("anonymous") + 4]) == 2


def test_error_article_in_index_without_section():
    html, _, _ = build(sample_reports())
    assert "undecodable input (not UTF-8)" in html
    assert html.count('<section class="article"') == 2
    assert "ap_2020_broken" not in "".join(re.findall(r'<section class="article" id="([^"]+)"', html))


def test_titles_link_to_sections_with_stable_ids():
    reports = sample_reports()
    html, _, _ = build(reports)
    ids = set(re.findall(r'<section class="article" id="([^"]+)"', html))
    links = set(re.findall(r'<a href="#(art-[^"]+)">', html))
    assert ids and ids <= links
    again, _, _ = build(sample_reports())
    assert again == html  # deterministic


def test_grouped_subtotals():
    html, rows, groups = build(sample_reports(), group_by="publisher")
    assert set(groups) == {"ap", "reuters"}
    parsed = parse(html)
    subs = [v for cls, v in parsed.rows if cls == "sub"]
    assert len(subs) == 2
    assert sum(int(v[2]) for v in subs) == totals(rows).claims
    assert html.count('class="grp"') == 2
    ungrouped, _, _ = build(sample_reports())
    assert 'class="sub"' not in ungrouped


def test_summary_panel_chart_and_findings():
    html, _, _ = build([make_report()])
    assert html.count("<svg") == 1
    chart = html[html.index("<svg"):html.index("</svg>")]
    for k in KINDS:
        assert KIND_STYLE[k][0] in chart and KIND_STYLE[k][1] in chart
    assert "1 (17%)" in chart  # one claim of each kind out of six
    assert ">55.0<" in html
    for rule in ("vague-source", "loaded-verb", "unsourced-claim", "single-source"):
        assert rule in html
    assert "suppressed-one" not in html


def test_empty_and_unicode_inputs():
    empty = ArticleReport(path="empty.txt", text="")
    html, _, _ = build([empty])
    assert "(empty text)" in html
    text = "Ünïcode “quotes” — said nobody.\r\n\r\nSecond 😀 paragraph."
    r = ArticleReport(path="u.txt", text=text, claims=(Claim("c1", _span(text, "Second 😀 paragraph."), 1, None),))
    html, _, _ = build([r])
    assert "Second 😀 paragraph." in html and 'data-kind="unattributed"' in html


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_palette_meets_wcag_aa():
    for _, abbr, tint, accent in KIND_STYLE.values():
        assert _contrast(TEXT_COLOUR, tint) >= 4.5  # article text on the highlight
        assert _contrast("#ffffff", accent) >= 4.5  # badge text on the accent
        assert _contrast(accent, "#ffffff") >= 3.0  # chart bars against the page
        assert abbr  # never colour alone
    for colour, _ in SEVERITY_STYLE.values():
        assert _contrast("#ffffff", colour) >= 4.5


# ------------------------------------------------------------------ real browser

CHROMIUM = Path(os.environ.get("ATTRIBUTION_CHROMIUM", "/usr/bin/chromium"))
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason=f"{CHROMIUM} not installed (apt-get install -y chromium)")


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def png_pixels(path: Path, max_rows: int = 600) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``max_rows`` rows (RGB/RGBA bytes) of an 8-bit PNG, stdlib only."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, bytearray(), 0
    height = bpp = 0
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif ctype == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompressobj().decompress(bytes(idat), (width * bpp + 1) * max_rows)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(min(height, max_rows)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    html, _, _ = build(sample_reports(), group_by="publisher")
    out.write_text(html, encoding="utf-8")
    return out


@needs_chromium
def test_chromium_screenshot_renders(report_file, tmp_path):
    png = tmp_path / "report.png"
    proc = _chromium(f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars",
                     report_file.as_uri(), profile=tmp_path / "profile")
    assert png.exists(), proc.stderr[-2000:]
    assert png.stat().st_size > 20_000
    width, height, rows = png_pixels(png)
    assert (width, height) == (1280, 2000)
    bpp = len(rows[0]) // width
    counts: dict[bytes, int] = {}
    for row in rows[::4]:
        for x in range(0, len(row), bpp * 4):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    assert len(counts) > 20  # text, table rules, badges: far from a single colour
    assert max(counts.values()) / total < 0.97


@needs_chromium
def test_chromium_dom_after_scripts(report_file, tmp_path):
    proc = _chromium("--dump-dom", "--virtual-time-budget=5000", report_file.as_uri(), profile=tmp_path / "profile")
    dom = proc.stdout
    assert 'data-js="ready"' in dom, proc.stderr[-2000:]  # the inline script ran (CSP allows it)
    assert len(re.findall(r'<mark [^>]*tabindex="0"', dom)) == 12  # six claims in each of two articles, plus the key
    for k in KINDS:
        assert f'data-kind="{k}"' in dom
    assert dom.count("<svg") == 2 and "<rect" in dom
    assert "&lt;script&gt;alert" in dom


_PROBE = """<script>
window.addEventListener("load", function () {
  var m = document.querySelector("mark.claim[tabindex]");
  m.click();
  var tip = document.getElementById("tip");
  document.body.setAttribute("data-probe-tip", tip.hidden ? "hidden" : "shown " + tip.textContent.slice(0, 300));
  var b = document.querySelector("th.c-score button");
  b.click(); b.click();
  var seen = [].map.call(document.querySelectorAll("tbody"), function (tb) {
    return [].map.call(tb.querySelectorAll("tr.art td.c-score"), function (td) { return td.getAttribute("data-v"); })
      .join(",");
  });
  document.body.setAttribute("data-probe-scores", seen.join("|"));
  document.body.setAttribute("data-probe-sort", b.parentNode.getAttribute("aria-sort"));
});
</script>"""


@needs_chromium
def test_chromium_popup_and_sorting(report_file, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(report_file.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    dom = _chromium("--dump-dom", "--virtual-time-budget=5000", probed.as_uri(), profile=tmp_path / "profile").stdout
    tip = re.search(r'data-probe-tip="([^"]*)"', dom)
    assert tip and tip.group(1).startswith("shown"), dom[-3000:]
    assert "kind" in tip.group(1) and "strength" in tip.group(1) and "vague source" in tip.group(1)
    # descending by score within each group; the failed article (no score) sorts last
    assert re.search(r'data-probe-scores="72.5,\|55.0"', dom), re.findall(r'data-probe-[a-z]+="[^"]*"', dom)
    assert 'data-probe-sort="descending"' in dom


def test_claim_across_paragraphs_and_overlaps():
    text = "\u201cWe will rebuild.\n\nIt will take time,\u201d said Mayor Ann Lee. Prices rose sharply."
    quote = Span(0, text.index(" said"), text[:text.index(" said")])
    mayor = Source(_span(text, "Mayor Ann Lee"), SourceKind.NAMED_PERSON)
    a = Attribution("a1", Cue(_span(text, "said"), "say"), mayor, (quote,), "quote", direct=True, strength=80)
    claims = (
        Claim("c1", quote, 0, "a1"),
        # overlaps the first claim: trimmed, never nested
        Claim("c2", Span(5, len(text), text[5:]), 1, None),
    )
    html = render_html([ArticleReport("q.txt", text, (a,), claims)])
    body = html[html.index('class="text"'):]
    body = body[:body.index("</div>")]
    pieces = re.findall(r"<mark [^>]*>", body)
    c1 = [p for p in pieces if '-c-c1"' in p]
    assert len(c1) == 2  # one piece per paragraph
    assert sum('tabindex="0"' in p for p in c1) == 1 and sum(" end" in p for p in c1) == 1
    assert any('-c-c2"' in p and 'tabindex="0"' in p for p in pieces)
    assert body.count("<mark") == body.count("</mark>")
    assert not re.search(r"<mark [^>]*>(?:(?!</mark>).)*<mark", body, flags=re.S)  # never nested


def test_defaults_without_rows():
    html = render_html([make_report()])
    assert 'class="total"' in html and html.count('<section class="article"') == 1


def test_declined_comment_shown_but_not_counted():
    text = "The ministry did not respond to a request for comment. Prices rose."
    claims = (Claim("c1", _span(text, text.split(". ")[0] + "."), 0, None, status="declined_comment"),
              Claim("c2", _span(text, "Prices rose."), 1, None))
    html = render_html([ArticleReport("d.txt", text, claims=claims)])
    assert 'data-kind="declined_comment"' in html and 'data-kind="unattributed"' in html
    total = next(v for cls, v in parse(html).rows if cls == "total")
    assert total[2] == "1"  # one claim counted, as in `attribution report`


def test_badge_drawn_when_claim_span_ends_in_whitespace():
    text = "Prices rose.\n\nNext paragraph."
    r = ArticleReport("w.txt", text, claims=(Claim("c1", Span(0, 14, text[:14]), 0, None),))
    html = render_html([r])
    assert re.search(r'<mark [^>]*class="claim k-unattributed s0 end"', html)


def test_title_skips_byline():
    from attribution.model import ArticleReport
    from attribution.report.overview import title_of

    assert title_of(ArticleReport("a/b.txt", text="By Dana Whitcombe\n\nCouncil votes\n\nBody.")) == "Council votes"
    assert title_of(ArticleReport("a/b.txt", text="A long first paragraph that is plainly body text.")) == "b.txt"
