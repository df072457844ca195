"""A standalone HTML report: one file, no network, readable on screen and on paper.

Reviewers open this file from a mail attachment or a shared drive, often offline,
and the copy it shows may be unpublished, so the page fetches nothing: CSS,
JavaScript and charts (SVG) are inline and a Content-Security-Policy forbids any
request. Everything the page shows is also present without JavaScript; the small
script only adds column sorting and the claim pop-up.

Colour is never the only signal: every source kind also has a text abbreviation
(shown next to each claim, in the chart and in print) and a border pattern, and
the palette meets WCAG AA contrast (checked by the tests). Output is
deterministic: ids come from paths and claim ids, and no clock is read.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from html import escape

from attribution.model import ArticleReport, Attribution, Claim, Finding, Severity, Span
from attribution.report.overview import KINDS, ArticleRow, article_row, totals

# kind -> (label, abbreviation, background tint, accent colour for borders/badges/bars)
KIND_STYLE: dict[str, tuple[str, str, str, str]] = {
    "named_person": ("named person", "PER", "#d6e6ff", "#1f5fbf"),
    "named_organization": ("named organization", "ORG", "#d3f0d8", "#1b6e31"),
    "document": ("document", "DOC", "#e9defd", "#6a3fb5"),
    "anonymous": ("anonymous", "ANON", "#ffe3c2", "#9c4f00"),
    "vague": ("vague", "VAGUE", "#fff2a6", "#735a00"),
    "unattributed": ("unattributed", "NONE", "#ffd6da", "#b0122a"),
    # not a source kind: a "declined to comment" sentence, shown but not counted (as in the text table)
    "declined_comment": ("declined to comment", "NO COMMENT", "#e6e6e6", "#555555"),
}
# border pattern per kind, so that kinds differ in print and for colour-blind readers
KIND_BORDER = {
    "named_person": "solid",
    "named_organization": "solid",
    "document": "double",
    "anonymous": "dashed",
    "vague": "dotted",
    "unattributed": "dashed",
    "declined_comment": "dotted",
}
SEVERITY_STYLE = {"error": ("#b0122a", "E"), "warning": ("#8a4b00", "W"), "info": ("#3b5070", "i")}
TEXT_COLOUR = "#1a1a1a"
SHOWN_STATUSES = ("claim", "declined_comment")
_PARA_SEP = re.compile(r"(?:[ \t]*\r?\n){2,}")


def strength_band(strength: int) -> int:
    """0-3: how heavy the claim's underline is (weak attribution = thin line)."""
    return max(0, min(3, int(strength) // 25))


def _id_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def article_anchor(path: str, seen: dict[str, int]) -> str:
    """A stable, unique anchor for an article: a slug of its file name plus a hash of the path."""
    stem = _id_part(path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0])[:40].lower()
    base = f"art-{stem}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:8]}"
    n = seen.get(base, 0)
    seen[base] = n + 1
    return base if n == 0 else f"{base}-{n + 1}"


# ------------------------------------------------------------------ article text


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    cls: str  # "claim" or an inner class: "src", "cue", "why"
    claim: Claim | None
    kind: str
    label: str  # short accessible description


def _clip(span: Span | None, n: int) -> tuple[int, int] | None:
    if span is None:
        return None
    s, e = max(0, span.start), min(n, span.end)
    return (s, e) if s < e else None


def _non_overlapping(marks: list[_Mark]) -> list[_Mark]:
    """Keep marks in text order; a mark that overlaps an earlier kept one is trimmed to start after it."""
    out: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        start = max(m.start, out[-1].end) if out else m.start
        if start < m.end:
            out.append(m if start == m.start else _Mark(start, m.end, m.cls, m.claim, m.kind, m.label))
    return out


def claim_kind(claim: Claim, by_id: dict[str, Attribution]) -> str:
    """The same rule as :func:`article_row`: no attribution or no source means unattributed.

    A sourceless "declined to comment" sentence gets its own style, as in the text table, since
    :func:`article_row` does not count it as a claim.
    """
    a = by_id.get(claim.attribution) if claim.attribution else None
    if a is not None and a.source is not None:
        return a.source.kind.value
    return "declined_comment" if claim.status == "declined_comment" else "unattributed"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of blank-line separated paragraphs, trimmed of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARA_SEP.finditer(text), None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        pos = m.end() if m else len(text)
    return out


def _covering(marks: list[_Mark], starts: list[int], pos: int) -> _Mark | None:
    i = bisect_right(starts, pos) - 1
    if i >= 0 and marks[i].start <= pos < marks[i].end:
        return marks[i]
    return None


def render_text(report: ArticleReport, anchor: str) -> str:
    """The article as paragraphs, each claim a focusable ``<mark>`` with its source and cue marked inside."""
    text = report.text
    n = len(text)
    by_id = {a.id: a for a in report.attributions}
    claim_marks: list[_Mark] = []
    inner: list[_Mark] = []
    first_claim_of: dict[str, Claim] = {}
    for c in report.claims:
        if c.status not in SHOWN_STATUSES:
            continue
        if c.attribution:
            first_claim_of.setdefault(c.attribution, c)
        rng = _clip(c.span, n)
        if rng:
            kind = claim_kind(c, by_id)
            claim_marks.append(_Mark(*rng, "claim", c, kind, KIND_STYLE[kind][0]))
    for a in report.attributions:
        owner = first_claim_of.get(a.id)
        kind = a.source.kind.value if a.source else "unattributed"
        parts = [(a.source.span if a.source else None, "src", "source"), (a.cue.span, "cue", "cue"),
                 (a.source.anonymity_reason if a.source else None, "why", "reason for anonymity")]
        for span, cls, label in parts:
            rng = _clip(span, n)
            if rng:
                inner.append(_Mark(*rng, cls, owner, kind, label))
    claim_marks = _non_overlapping(claim_marks)
    inner = _non_overlapping(inner)
    c_starts = [m.start for m in claim_marks]
    i_starts = [m.start for m in inner]
    # a claim may cross paragraphs: only its first piece is focusable, only its last shows the badge
    ids_seen: set[str] = set()
    out: list[str] = []
    for ps, pe in _paragraphs(text):
        cuts = {ps, pe}
        for m in (*claim_marks, *inner):
            if m.end > ps and m.start < pe:
                cuts.update(x for x in (m.start, m.end) if ps < x < pe)
        bounds = sorted(cuts)
        # group elementary segments by (claim, inner)
        groups: list[tuple[_Mark | None, list[tuple[_Mark | None, int, int]]]] = []
        for s, e in zip(bounds, bounds[1:], strict=False):
            cm = _covering(claim_marks, c_starts, s)
            im = _covering(inner, i_starts, s)
            if groups and groups[-1][0] is cm:
                segs = groups[-1][1]
                if segs and segs[-1][0] is im and segs[-1][2] == s:
                    segs[-1] = (im, segs[-1][1], e)
                else:
                    segs.append((im, s, e))
            else:
                groups.append((cm, [(im, s, e)]))
        html_parts: list[str] = []
        for cm, segs in groups:
            body = "".join(_inner_html(text, im, s, e, anchor) for im, s, e in segs)
            if cm is None or cm.claim is None:
                html_parts.append(body)
                continue
            cid = f"{anchor}-c-{_id_part(cm.claim.id)}"
            first = cid not in ids_seen
            ids_seen.add(cid)
            is_last = not text[segs[-1][2]:cm.end].strip()
            a = by_id.get(cm.claim.attribution) if cm.claim.attribution else None
            strength = a.strength if a else 0
            abbr = KIND_STYLE[cm.kind][1]
            attrs = [
                f'class="claim k-{cm.kind} s{strength_band(strength)}{" end" if is_last else ""}"',
                f'data-claim="{cid}"',
                f'data-kind="{cm.kind}"',
                f'data-abbr="{abbr}"',
            ]
            if first:
                attrs[0:0] = [f'id="{cid}"', 'tabindex="0"']
                attrs.append(f'aria-describedby="{cid}-info"')
            html_parts.append(f"<mark {' '.join(attrs)}>{body}</mark>")
        out.append(f'<p>{"".join(html_parts)}</p>')
    return "\n".join(out) if out else '<p class="muted">(empty text)</p>'


def _inner_html(text: str, im: _Mark | None, s: int, e: int, anchor: str) -> str:
    chunk = escape(text[s:e])
    if im is None:
        return chunk
    ref = f' data-claim="{anchor}-c-{_id_part(im.claim.id)}"' if im.claim is not None else ""
    title = f"{im.label} ({KIND_STYLE[im.kind][0]})" if im.cls == "src" else im.label
    return f'<span class="{im.cls}"{ref} title="{escape(title)}">{chunk}</span>'


# ------------------------------------------------------------------ claim details


def _findings_by_claim(report: ArticleReport) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """Findings on a claim (directly or through its attribution), and the article-level rest."""
    claims_of_attr: dict[str, list[str]] = {}
    for c in report.claims:
        if c.attribution and c.status in SHOWN_STATUSES:
            claims_of_attr.setdefault(c.attribution, []).append(c.id)
    shown = {c.id for c in report.claims if c.status in SHOWN_STATUSES}
    per: dict[str, list[Finding]] = {}
    rest: list[Finding] = []
    for f in report.findings:
        if f.suppressed:
            continue
        if f.claim and f.claim in shown:
            per.setdefault(f.claim, []).append(f)
        elif f.attribution and f.attribution in claims_of_attr:
            per.setdefault(claims_of_attr[f.attribution][0], []).append(f)
        else:
            rest.append(f)
    return per, rest


def _severity_badge(sev: Severity | str) -> str:
    value = sev.value if isinstance(sev, Severity) else str(sev)
    return f'<span class="sev sev-{escape(value)}">{escape(value)}</span>'


def _kind_badge(kind: str) -> str:
    label, abbr, _, _ = KIND_STYLE[kind]
    return f'<span class="kb k-{kind}" title="{label}">{abbr}</span> {label}'


def _source_html(a: Attribution | None) -> str:
    if a is None or a.source is None:
        return "<em>no source</em>"
    s = a.source
    main = s.span.text if s.span else (s.name or "(implied)")
    bits = [f"<q>{escape(' '.join(main.split()))}</q>"]
    facts = []
    for label, value in (("name", s.name), ("role", s.role), ("affiliation", s.affiliation)):
        if value and value != main:
            facts.append(f"{label}: {escape(value)}")
    if s.count is not None:
        facts.append(f"count: {s.count}")
    if s.resolved_from is not None:
        facts.append(f"refers to: {escape(' '.join(s.resolved_from.text.split()))}")
    facts.append("on record" if s.on_record else "not on record")
    if s.plural:
        facts.append("plural")
    if s.interested_party:
        facts.append("interested party")
    if s.anonymity_reason is not None:
        facts.append(f"reason for anonymity: “{escape(' '.join(s.anonymity_reason.text.split()))}”")
    if facts:
        bits.append(f'<span class="facts">{"; ".join(facts)}</span>')
    return " ".join(bits)


def _claim_details(report: ArticleReport, anchor: str, per: dict[str, list[Finding]]) -> str:
    by_id = {a.id: a for a in report.attributions}
    items: list[str] = []
    for c in report.claims:
        if c.status not in SHOWN_STATUSES:
            continue
        cid = f"{anchor}-c-{_id_part(c.id)}"
        a = by_id.get(c.attribution) if c.attribution else None
        kind = claim_kind(c, by_id)
        rows = [
            ("kind", _kind_badge(kind) + (" (declined to comment)"
                                          if c.status == "declined_comment" and kind != "declined_comment" else "")),
            ("source", _source_html(a)),
        ]
        if a is not None:
            cue = f"<q>{escape(a.cue.span.text)}</q> ({escape(a.cue.category)}"
            cue += ", loaded verb)" if a.cue.loaded else ")"
            rows.append(("cue", cue + f"; form: {escape(a.form)}{', direct quote' if a.direct else ''}"))
            reasons = f' <span class="facts">({escape("; ".join(a.strength_reasons))})</span>' \
                if a.strength_reasons else ""
            rows.append(("strength", f'<span class="meter" aria-hidden="true"><span style="width:'
                                     f'{max(0, min(100, a.strength))}%"></span></span> {a.strength}/100{reasons}'))
        else:
            rows.append(("strength", "0/100 (no attribution)"))
        fs = per.get(c.id, [])
        if fs:
            lis = "".join(f"<li>{_severity_badge(f.severity)} <code>{escape(f.rule)}</code> {escape(f.message)}</li>"
                          for f in fs)
            rows.append(("findings", f'<ul class="flist">{lis}</ul>'))
        else:
            rows.append(("findings", "none"))
        dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
        excerpt = " ".join(c.span.text.split())
        if len(excerpt) > 220:
            excerpt = excerpt[:219].rstrip() + "…"
        items.append(
            f'<li id="{cid}-info" class="cinfo k-{kind}"><a class="ctext" href="#{cid}">{escape(excerpt)}</a>'
            f'<dl>{dl}</dl></li>'
        )
    if not items:
        return '<p class="muted">No claims found.</p>'
    return f'<ol class="claims">{"".join(items)}</ol>'


# ------------------------------------------------------------------ summary panel


def source_mix_svg(kinds: dict[str, int], label: str) -> str:
    """A horizontal bar chart of claims per source kind: each bar labelled with name, abbreviation and count."""
    total = sum(kinds.values())
    bar_w, row_h, left, right = 110, 22, 172, 72
    width = left + bar_w + right
    height = row_h * len(KINDS) + 6
    parts = [
        f'<svg class="mix" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
    ]
    for i, k in enumerate(KINDS):
        name, abbr, tint, accent = KIND_STYLE[k]
        count = kinds.get(k, 0)
        share = count / total if total else 0.0
        y = 3 + i * row_h
        w = round(bar_w * share, 1)
        parts.append(
            f'<g class="bar k-{k}"><text x="{left - 6}" y="{y + 15}" text-anchor="end">{name} '
            f'<tspan class="ab">{abbr}</tspan></text>'
            f'<rect x="{left}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="{tint}" />'
            f'<rect x="{left}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{accent}" />'
            f'<text x="{left + bar_w + 6}" y="{y + 15}">{count} ({100 * share:.0f}%)</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def _summary_panel(report: ArticleReport, row: ArticleRow, anchor: str, per: dict[str, list[Finding]]) -> str:
    chart = source_mix_svg(row.kinds, f"Source mix of {row.claims} claims")
    stats = [
        ("words", str(row.words)),
        ("claims", str(row.claims)),
        ("attributed", f"{100 * row.attributed_share:.0f}%"),
        ("anonymous with reason", str(row.anonymous_with_reason)),
        ("anonymous without reason", str(row.anonymous_without_reason)),
        ("findings", ", ".join(f"{v} {k}{'' if v == 1 else 's'}" for k, v in row.findings.items())),
    ]
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in stats)
    claim_of = {}
    for cid, fs in per.items():
        for f in fs:
            claim_of[id(f)] = cid
    findings = sorted((f for f in report.findings if not f.suppressed),
                      key=lambda f: (f.line, f.column, -f.severity.rank, f.rule))
    lis = []
    for f in findings:
        where = f"{f.line}:{f.column}"
        cid = claim_of.get(id(f))
        loc = f'<a href="#{anchor}-c-{_id_part(cid)}">{where}</a>' if cid else where
        lis.append(f'<li>{_severity_badge(f.severity)} <code>{escape(f.rule)}</code> <span class="loc">{loc}</span> '
                   f"{escape(f.message)}</li>")
    flist = f'<ul class="flist">{"".join(lis)}</ul>' if lis else '<p class="muted">No findings.</p>'
    return (
        f'<aside class="panel" aria-label="Summary">'
        f'<div class="score"><span class="num">{_fmt_score(row.score)}</span><span class="lbl">article score'
        f"<br>(0–100, higher is better sourced)</span></div>"
        f"<h3>Source mix</h3>{chart}<dl class=\"stats\">{dl}</dl>"
        f"<h3>Findings ({len(lis)})</h3>{flist}</aside>"
    )


def _legend() -> str:
    kinds = "".join(
        f'<li><mark class="claim k-{k} s2 end" data-abbr="{abbr}">{label}</mark></li>'
        for k, (label, abbr, _, _) in KIND_STYLE.items()
    )
    return (
        '<div class="legend"><h2>Key</h2><ul class="kinds">' + kinds + "</ul>"
        '<p>Each claim is highlighted by the kind of its source and labelled with the abbreviation; the '
        'underline gets heavier as the attribution gets stronger '
        '(<mark class="claim k-named_person s0">weak</mark> … <mark class="claim k-named_person s3">strong</mark>). '
        'Inside the text, <span class="src">sources</span> are boxed, <span class="cue">cues</span> '
        'are bold and underlined, and <span class="why">reasons for anonymity</span> are in italics. '
        "Hover, focus (Tab) or click a claim for its source, cue, strength and findings.</p></div>"
    )


# ------------------------------------------------------------------ index


COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("title", "article", "text"),
    ("words", "words", "num"),
    ("claims", "claims", "num"),
    ("attributed", "attributed", "num"),
    *((k, KIND_STYLE[k][1], "num") for k in KINDS),
    ("anon_reason", "anon with reason", "num"),
    ("anon_noreason", "anon without reason", "num"),
    ("error", "errors", "num"),
    ("warning", "warnings", "num"),
    ("info", "infos", "num"),
    ("score", "score", "num"),
)


def _row_values(r: ArticleRow) -> list[tuple[str, str]]:
    """(sort value, shown text) for every column but the title."""
    if r.error:
        return [("", "") for _ in COLUMNS[1:]]
    share = r.attributed_share
    vals: list[tuple[str, str]] = [
        (str(r.words), str(r.words)),
        (str(r.claims), str(r.claims)),
        (f"{share:.4f}", f"{100 * share:.0f}%"),
        *((str(r.kinds[k]), str(r.kinds[k])) for k in KINDS),
        (str(r.anonymous_with_reason), str(r.anonymous_with_reason)),
        (str(r.anonymous_without_reason), str(r.anonymous_without_reason)),
        *((str(r.findings[s]), str(r.findings[s])) for s in ("error", "warning", "info")),
        ("" if r.score is None else f"{r.score:.1f}", _fmt_score(r.score)),
    ]
    return vals


def _tr(r: ArticleRow, cls: str, title_html: str) -> str:
    cells = [f'<th scope="row" data-v="{escape(r.title.lower())}">{title_html}</th>']
    for (key, _, _), (v, shown) in zip(COLUMNS[1:], _row_values(r), strict=True):
        cells.append(f'<td class="c-{key}" data-v="{v}">{shown}</td>')
    return f'<tr class="{cls}">{"".join(cells)}</tr>'


def _index(rows: list[ArticleRow], groups: dict[str, list[ArticleRow]], anchors: dict[int, str]) -> str:
    heads = []
    for key, label, typ in COLUMNS:
        name = KIND_STYLE[key][0] if key in KIND_STYLE else label
        inner = f'<abbr title="{name}">{label}</abbr>' if key in KIND_STYLE else label
        heads.append(f'<th scope="col" class="c-{key}" data-type="{typ}" aria-sort="none">'
                     f'<button type="button">{inner}<span class="arrow" aria-hidden="true"></span></button></th>')
    is_grouped = list(groups) != [""]
    bodies: list[str] = []
    for key, members in (groups.items() if is_grouped else [("", rows)]):
        trs = []
        if is_grouped:
            trs.append(f'<tr class="grp"><th colspan="{len(COLUMNS)}" scope="rowgroup">'
                       f"{escape(key or '(none)')} — {len(members)} article{'s' if len(members) != 1 else ''}"
                       f"</th></tr>")
        for r in members:
            href = anchors.get(id(r))
            title = escape(r.title)
            link = f'<a href="#{href}">{title}</a>' if href and not r.error else title
            if r.error:
                link += f' <span class="err">error: {escape(r.error)}</span>'
            link += f'<span class="path">{escape(r.path)}</span>'
            trs.append(_tr(r, "art err-row" if r.error else "art", link))
        if is_grouped:
            sub = totals(members, f"subtotal {key}")
            trs.append(_tr(sub, "sub", f"subtotal {escape(key or '(none)')}"))
        bodies.append(f'<tbody>{"".join(trs)}</tbody>')
    total = totals(rows)
    foot = _tr(total, "total", "TOTAL")
    return (
        '<section id="index" aria-labelledby="index-h"><h2 id="index-h">Articles</h2>'
        f'<p class="muted">{len(rows)} article{"s" if len(rows) != 1 else ""}. Click a column header to sort; '
        "click a title to open its article. The score of a total is the claim-weighted mean.</p>"
        '<div class="tablewrap"><table class="index sortable"><thead><tr>'
        + "".join(heads)
        + "</tr></thead>"
        + "".join(bodies)
        + f"<tfoot>{foot}</tfoot></table></div></section>"
    )


# ------------------------------------------------------------------ page


def _article_section(report: ArticleReport, row: ArticleRow, anchor: str) -> str:
    per, _ = _findings_by_claim(report)
    return (
        f'<section class="article" id="{anchor}" aria-labelledby="{anchor}-h">'
        f'<h2 id="{anchor}-h">{escape(row.title)}</h2><p class="path">{escape(report.path)} · '
        f'<a href="#index">back to index</a></p>'
        f'<div class="cols"><div class="text" lang="en">{render_text(report, anchor)}</div>'
        f"{_summary_panel(report, row, anchor, per)}</div>"
        f'<h3>Claims</h3>{_claim_details(report, anchor, per)}</section>'
    )


def render_html(
    reports: list[ArticleReport],
    rows: list[ArticleRow] | None = None,
    groups: dict[str, list[ArticleRow]] | None = None,
    *,
    title: str = "Attribution report",
    generated: str | None = None,
) -> str:
    """The whole report as one HTML document.

    ``rows`` (already sorted) decide the order of the index and of the article
    sections; ``groups`` with keys other than ``""`` add subtotal rows. Rows are
    matched to reports by path. ``generated`` is shown verbatim when given (the
    page never reads a clock, so equal input gives byte-equal output).
    """
    if rows is None:
        rows = [article_row(r) for r in reports]
    if groups is None:
        groups = {"": rows}
    pending: dict[str, list[ArticleReport]] = {}
    for rep in reports:
        pending.setdefault(rep.path, []).append(rep)
    seen: dict[str, int] = {}
    anchors: dict[int, str] = {}
    sections: list[str] = []
    for r in rows:
        queue = pending.get(r.path)
        rep = queue.pop(0) if queue else None
        anchor = article_anchor(r.path, seen)
        if rep is None or rep.error is not None or r.error:
            continue
        anchors[id(r)] = anchor
        sections.append(_article_section(rep, r, anchor))
    # reports with no row (callers passing a partial list) still get a section, after the rest
    for queue in pending.values():
        for rep in queue:
            if rep.error is None:
                sections.append(_article_section(rep, article_row(rep), article_anchor(rep.path, seen)))
    meta = f'<p class="muted">Generated {escape(generated)}.</p>' if generated else ""
    index = _index(rows, groups, anchors)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="attribution">\n'
        f"<title>{escape(title)}</title>\n<style>{_css()}</style></head>\n"
        f'<body><a class="skip" href="#index">Skip to the index</a><header><h1>{escape(title)}</h1>{meta}'
        f"{_legend()}</header>\n<main>{index}\n"
        + "\n".join(sections)
        + '</main>\n<div id="tip" role="tooltip" hidden></div>\n'
        f"<script>{_JS}</script></body></html>\n"
    )


def _css() -> str:
    kinds = []
    for k, (_, _abbr, tint, accent) in KIND_STYLE.items():
        style = KIND_BORDER[k]
        kinds.append(
            f".claim.k-{k}{{background:{tint};border-bottom-color:{accent};border-bottom-style:{style}}}"
            f".claim.k-{k}.end::after,.kb.k-{k}{{background:{accent}}}"
            f".bar.k-{k} .ab{{fill:{accent}}}"
            f".cinfo.k-{k}{{border-left-color:{accent}}}"
            f"@media print{{.claim.k-{k}{{text-decoration-color:{accent};text-decoration-style:{style}}}}}"
        )
    sev = "".join(f".sev-{s}{{background:{c}}}" for s, (c, _) in SEVERITY_STYLE.items())
    return _CSS_BASE + "".join(kinds) + sev + _CSS_PRINT


_CSS_BASE = f"""
:root{{color-scheme:light;--fg:{TEXT_COLOUR};--muted:#555;--line:#d0d0d0;--focus:#0b57d0}}
*{{box-sizing:border-box}}
body{{margin:0 auto;max-width:1240px;padding:0 1.25rem 3rem;color:var(--fg);background:#fff;
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif}}
h1{{font-size:1.6rem;margin:1.2rem 0 .4rem}}h2{{font-size:1.3rem;margin:1.6rem 0 .3rem}}
h3{{font-size:1rem;margin:1.1rem 0 .4rem}}
a{{color:#0b4fb3}}a:focus-visible,button:focus-visible{{outline:3px solid var(--focus);outline-offset:2px}}
.skip{{position:absolute;left:-9999px}}.skip:focus{{left:1rem;top:.5rem;background:#fff;padding:.3rem}}
.muted,.path{{color:var(--muted);font-size:.85rem}}
.path{{display:block;word-break:break-all}}p.path{{margin:0 0 .8rem}}
.legend{{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;font-size:.9rem}}
.legend h2{{font-size:1rem;margin:.2rem 0}}
.legend ul.kinds{{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1rem;padding:0;margin:.3rem 0}}
.tablewrap{{overflow-x:auto}}
table.index{{border-collapse:collapse;font-size:.85rem;width:100%}}
.index th,.index td{{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:right;
vertical-align:top;font-variant-numeric:tabular-nums}}
.index th[scope=row],.index th.c-title{{text-align:left;font-weight:400;min-width:12rem;max-width:28rem}}
.index thead th{{position:sticky;top:0;background:#f3f3f3;font-weight:600;vertical-align:bottom}}
.index thead button{{background:none;border:0;padding:0;margin:0;font:inherit;color:inherit;text-align:inherit;
cursor:pointer}}
.index thead button:focus-visible{{outline:3px solid var(--focus)}}
.index th[aria-sort=ascending] .arrow::after{{content:" ▲"}}
.index th[aria-sort=descending] .arrow::after{{content:" ▼"}}
.index .path{{font-size:.75rem}}
.index tr.grp th{{text-align:left;background:#eef2f7;font-weight:600}}
.index tr.sub th,.index tr.sub td{{font-weight:600;background:#f7f7f7}}
.index tfoot th[scope=row],.index tfoot td{{font-weight:700;border-top:2px solid #333;border-bottom:none}}
.err{{color:#b0122a;font-weight:600}}
section.article{{border-top:3px solid #333;margin-top:2.2rem}}
.cols{{display:grid;grid-template-columns:minmax(0,1fr) 370px;gap:1.6rem;align-items:start}}
@media (max-width:900px){{.cols{{grid-template-columns:1fr}}}}
.text{{max-width:72ch;font-family:Georgia,"DejaVu Serif","Liberation Serif",serif;font-size:1.05rem;line-height:1.75}}
.text p{{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1em}}
mark.claim{{color:var(--fg);border-bottom-width:1px;padding:.05em 0;border-radius:2px;cursor:pointer;
-webkit-box-decoration-break:clone;box-decoration-break:clone}}
mark.claim.s0{{border-bottom-width:1px}}mark.claim.s1{{border-bottom-width:2px}}
mark.claim.s2{{border-bottom-width:3px}}mark.claim.s3{{border-bottom-width:4px}}
mark.claim.end::after{{content:attr(data-abbr);color:#fff;font:700 .62rem/1 system-ui,sans-serif;
letter-spacing:.02em;padding:.12rem .25rem;margin-left:.2rem;border-radius:3px;vertical-align:.2em}}
mark.claim:focus{{outline:3px solid var(--focus);outline-offset:1px}}
mark.claim.active{{outline:2px solid #333}}
.src{{border:1px solid #444;border-radius:3px;padding:0 .1em}}
.cue{{font-weight:700;text-decoration:underline;text-decoration-thickness:2px}}
.why{{font-style:italic}}
.kb{{display:inline-block;color:#fff;font:700 .68rem/1 system-ui,sans-serif;padding:.2rem .3rem;border-radius:3px}}
.panel{{position:sticky;top:.5rem;border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem;font-size:.88rem;
background:#fcfcfc}}
.panel h3:first-of-type{{margin-top:.6rem}}
.score{{display:flex;align-items:center;gap:.7rem}}.score .num{{font-size:2.2rem;font-weight:700}}
.score .lbl{{color:var(--muted);font-size:.8rem;line-height:1.25}}
svg.mix{{max-width:100%;height:auto;font:12px system-ui,sans-serif}}svg.mix text{{fill:{TEXT_COLOUR}}}
svg.mix .ab{{font-weight:700}}
dl.stats{{display:grid;grid-template-columns:auto auto;gap:.1rem .8rem;margin:.4rem 0}}
dl.stats dt{{color:var(--muted)}}dl.stats dd{{margin:0;text-align:right;font-variant-numeric:tabular-nums}}
ul.flist{{list-style:none;padding:0;margin:.2rem 0}}ul.flist li{{margin:.25rem 0}}
.sev{{display:inline-block;color:#fff;font:700 .68rem/1 system-ui,sans-serif;padding:.2rem .3rem;border-radius:3px;
text-transform:uppercase}}
.loc{{font-variant-numeric:tabular-nums;color:var(--muted)}}
code{{font-size:.85em}}
ol.claims{{padding-left:1.6rem;font-size:.88rem}}
li.cinfo{{border-left:5px solid #999;padding:.25rem .6rem;margin:.4rem 0;background:#fafafa}}
li.cinfo:target{{background:#fff8d6}}
li.cinfo dl{{display:grid;grid-template-columns:6rem 1fr;gap:.1rem .6rem;margin:.3rem 0}}
li.cinfo dt{{color:var(--muted)}}li.cinfo dd{{margin:0}}
.ctext{{color:var(--fg)}}
.facts{{color:var(--muted)}}
.meter{{display:inline-block;width:5rem;height:.55rem;border:1px solid #666;vertical-align:middle}}
.meter span{{display:block;height:100%;background:#333}}
#tip{{position:absolute;z-index:10;max-width:26rem;background:#fff;border:1px solid #333;border-radius:6px;
box-shadow:0 4px 14px rgba(0,0,0,.2);padding:.5rem .7rem;font-size:.85rem}}
#tip .ctext{{display:none}}#tip dl{{display:grid;grid-template-columns:5.5rem 1fr;gap:.1rem .5rem;margin:0}}
#tip dt{{color:var(--muted)}}#tip dd{{margin:0}}
"""

_CSS_PRINT = """
@media print{
body{max-width:none;padding:0;font-size:11pt}
.skip,#tip,.arrow{display:none!important}
.index thead th{position:static;background:none}
.index thead button{padding:0}
.panel{position:static;background:none;break-inside:avoid}
section.article{break-before:page;border-top:none}
.cols{display:block}
.text{max-width:none}
mark.claim{background:none!important;border-bottom:none!important;text-decoration-line:underline;
text-decoration-thickness:1px;text-underline-offset:3px}
mark.claim.s1{text-decoration-thickness:1.5px}mark.claim.s2{text-decoration-thickness:2px}
mark.claim.s3{text-decoration-thickness:3px}
mark.claim.end::after{content:" [" attr(data-abbr) "]";background:none!important;color:#000;font-size:.7em;
padding:0;margin:0}
.kb,.sev{background:none!important;color:#000;border:1px solid #000}
li.cinfo{break-inside:avoid;background:none}
a{color:inherit;text-decoration:none}
}
"""

_JS = r"""
(function(){
"use strict";
document.documentElement.setAttribute("data-js","ready");
var tip=document.getElementById("tip"),pinned=null,active=[];
function claimOf(el){
  var m=el&&el.closest?el.closest("[data-claim]"):null;
  return m?m.getAttribute("data-claim"):null;
}
function mark(cid,on){
  active.forEach(function(e){e.classList.remove("active");});active=[];
  if(!on)return;
  document.querySelectorAll('mark.claim[data-claim="'+cid+'"]').forEach(function(e){
    e.classList.add("active");active.push(e);});
}
function show(cid){
  var info=document.getElementById(cid+"-info"),anchor=document.getElementById(cid);
  if(!info||!anchor){hide();return;}
  tip.innerHTML=info.innerHTML;tip.hidden=false;mark(cid,true);
  var first=anchor.getClientRects()[0],box=anchor.getBoundingClientRect();
  var x=window.scrollX+(first||box).left,y=window.scrollY+box.bottom+6;
  var w=Math.min(tip.offsetWidth,document.documentElement.clientWidth-16);
  x=Math.max(8,Math.min(x,window.scrollX+document.documentElement.clientWidth-w-8));
  tip.style.left=x+"px";tip.style.top=y+"px";
}
function hide(){tip.hidden=true;mark(null,false);}
document.addEventListener("mouseover",function(e){
  if(pinned)return;var cid=claimOf(e.target);if(cid&&e.target.closest(".text"))show(cid);});
document.addEventListener("mouseout",function(e){
  if(pinned)return;if(claimOf(e.target)&&!claimOf(e.relatedTarget))hide();});
document.addEventListener("focusin",function(e){
  if(e.target.matches&&e.target.matches("mark.claim")){pinned=null;show(e.target.getAttribute("data-claim"));}});
document.addEventListener("focusout",function(e){
  if(e.target.matches&&e.target.matches("mark.claim")&&!pinned)hide();});
document.addEventListener("click",function(e){
  var cid=e.target.closest&&e.target.closest(".text")?claimOf(e.target):null;
  if(cid){pinned=(pinned===cid)?null:cid;if(pinned)show(cid);else hide();return;}
  if(!tip.contains(e.target)){pinned=null;hide();}
});
document.addEventListener("keydown",function(e){
  if(e.key==="Escape"){pinned=null;hide();}
  else if((e.key==="Enter"||e.key===" ")&&e.target.matches&&e.target.matches("mark.claim")){
    e.preventDefault();var cid=e.target.getAttribute("data-claim");pinned=(pinned===cid)?null:cid;
    if(pinned)show(cid);else hide();}
});
function val(row,i,type){
  var c=row.children[i];var v=c?c.getAttribute("data-v"):"";
  if(type==="num"){return v===""||v===null?null:parseFloat(v);}
  return v||"";
}
document.querySelectorAll("table.sortable").forEach(function(table){
  var ths=table.querySelectorAll("thead th");
  ths.forEach(function(th,i){
    var btn=th.querySelector("button");if(!btn)return;
    btn.addEventListener("click",function(){
      var dir=th.getAttribute("aria-sort")==="ascending"?"descending":"ascending";
      ths.forEach(function(o){o.setAttribute("aria-sort","none");});
      th.setAttribute("aria-sort",dir);
      var type=th.getAttribute("data-type"),sign=dir==="ascending"?1:-1;
      table.querySelectorAll("tbody").forEach(function(tb){
        var rows=Array.prototype.slice.call(tb.querySelectorAll("tr.art"));
        var keyed=rows.map(function(r,k){return [val(r,i,type),k,r];});
        keyed.sort(function(a,b){
          if(a[0]===null&&b[0]===null)return a[1]-b[1];
          if(a[0]===null)return 1;if(b[0]===null)return -1;
          var d=type==="num"?a[0]-b[0]:a[0].localeCompare(b[0]);
          return d!==0?sign*d:a[1]-b[1];
        });
        var sub=tb.querySelector("tr.sub");
        keyed.forEach(function(x){tb.insertBefore(x[2],sub);});
      });
    });
  });
});
window.addEventListener("beforeprint",function(){pinned=null;hide();});
})();
"""
