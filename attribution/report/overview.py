"""Sourcing across many articles: one row per article, totals, and a source ledger.

Everything is derived from the same :class:`~attribution.model.ArticleReport`
objects that ``audit`` renders, so the numbers here always agree with
``audit --format json``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from attribution.model import ArticleReport, SourceKind

KINDS = tuple(k.value for k in SourceKind)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_BYLINE = re.compile(r"^By\s+[^\W\d_]")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def title_of(report: ArticleReport) -> str:
    """The first heading (Markdown ``#`` or a short first line without a final stop), else the file name."""
    for line in report.text.splitlines():
        if not line.strip():
            continue
        m = _HEADING.match(line)
        if m:
            return m.group(1)
        s = line.strip()
        if _BYLINE.match(s):
            continue  # "By Dana Whitcombe" is who wrote it, not what it is called
        if len(s.split()) <= 14 and not s.endswith((".", "”", '"', ":")):
            return s
        break
    return Path(report.path).name


@dataclass
class ArticleRow:
    path: str
    title: str
    words: int = 0
    claims: int = 0
    attributed: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    anonymous_with_reason: int = 0
    anonymous_without_reason: int = 0
    findings: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    score: float | None = None
    error: str | None = None

    @property
    def attributed_share(self) -> float:
        return self.attributed / self.claims if self.claims else 0.0

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "words": self.words,
            "claims": self.claims,
            "attributed": self.attributed,
            "attributed_share": round(self.attributed_share, 4),
            "kinds": dict(self.kinds),
            "anonymous_with_reason": self.anonymous_with_reason,
            "anonymous_without_reason": self.anonymous_without_reason,
            "findings": dict(self.findings),
            "score": self.score,
            "error": self.error,
        }


def article_row(report: ArticleReport) -> ArticleRow:
    row = ArticleRow(report.path, title_of(report) if not report.error else Path(report.path).name)
    if report.error is not None:
        row.error = report.error
        return row
    row.words = len(_WORD.findall(report.text))
    by_id = {a.id: a for a in report.attributions}
    for c in report.claims:
        if c.status != "claim":
            continue
        row.claims += 1
        a = by_id.get(c.attribution) if c.attribution else None
        if a is None or a.source is None:
            row.kinds[SourceKind.UNATTRIBUTED.value] += 1
            continue
        row.attributed += 1
        row.kinds[a.source.kind.value] += 1
    for a in report.attributions:
        if a.source is not None and a.source.kind is SourceKind.ANONYMOUS:
            if a.source.anonymity_reason is not None:
                row.anonymous_with_reason += 1
            else:
                row.anonymous_without_reason += 1
    for f in report.findings:
        if not f.suppressed:
            row.findings[f.severity.value] += 1
    score = report.summary.get("score")
    row.score = float(score) if isinstance(score, (int, float)) else None
    return row


def totals(rows: list[ArticleRow], label: str = "TOTAL") -> ArticleRow:
    """Sums of the counts; the score is the claim-weighted mean of the article scores."""
    t = ArticleRow(label, label)
    weighted, weight = 0.0, 0
    for r in rows:
        if r.error:
            continue
        t.words += r.words
        t.claims += r.claims
        t.attributed += r.attributed
        t.anonymous_with_reason += r.anonymous_with_reason
        t.anonymous_without_reason += r.anonymous_without_reason
        for k, v in r.kinds.items():
            t.kinds[k] += v
        for k, v in r.findings.items():
            t.findings[k] += v
        if r.score is not None:
            weighted += r.score * max(r.claims, 1)
            weight += max(r.claims, 1)
    t.score = round(weighted / weight, 1) if weight else None
    return t


def group_key(row: ArticleRow, group_by: str) -> str:
    if group_by == "folder":
        return str(Path(row.path).parent)
    if group_by == "publisher":
        # PolNeAR-style names (publisher_date_slug) or the parent folder
        name = Path(row.path).name
        return name.split("_", 1)[0] if "_" in name else str(Path(row.path).parent.name)
    return ""


SORT_KEYS = {
    "score": lambda r: (r.score is None, r.score if r.score is not None else 0.0, r.path),
    "unsourced": lambda r: (-r.kinds[SourceKind.UNATTRIBUTED.value], r.path),
    "anonymous": lambda r: (-r.kinds[SourceKind.ANONYMOUS.value], r.path),
    "path": lambda r: (r.path,),
}


# ---------------------------------------------------------------- ledger


def normalise_name(text: str) -> str:
    """A source's ledger key: lower case, no leading article, single spaces."""
    s = " ".join(text.replace("’", "'").split()).strip(" ,.;:\"'“”")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.IGNORECASE)
    return s.lower()


@dataclass
class LedgerEntry:
    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None
    claims: int = 0
    articles: set[str] = field(default_factory=set)
    anonymous_reasons: int = 0

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "role": self.role, "affiliation": self.affiliation,
                "claims": self.claims, "articles": len(self.articles), "anonymous_with_reason": self.anonymous_reasons}


def source_ledger(reports: list[ArticleReport]) -> list[LedgerEntry]:
    """Every distinct source across the articles, most-cited first."""
    entries: dict[tuple[str, str], LedgerEntry] = {}
    for report in reports:
        if report.error is not None:
            continue
        for a in report.attributions:
            s = a.source
            if s is None:
                continue
            shown = s.name or (s.resolved_from.text if s.resolved_from else None) or (s.span.text if s.span else "?")
            key = (normalise_name(shown), s.kind.value)
            e = entries.get(key)
            if e is None:
                e = entries[key] = LedgerEntry(" ".join(shown.split()), s.kind.value)
            e.role = e.role or s.role
            e.affiliation = e.affiliation or s.affiliation
            e.claims += 1
            e.articles.add(report.path)
            e.anonymous_reasons += s.anonymity_reason is not None
    return sorted(entries.values(), key=lambda e: (-e.claims, -len(e.articles), e.name.lower(), e.kind))


def grouped(rows: list[ArticleRow], group_by: str) -> dict[str, list[ArticleRow]]:
    groups: dict[str, list[ArticleRow]] = defaultdict(list)
    for r in rows:
        groups[group_key(r, group_by)].append(r)
    return dict(sorted(groups.items()))
