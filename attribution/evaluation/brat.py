"""Reading PolNeAR's brat standoff annotations.

Each article is ``text/<name>.txt`` with ``attributions/<name>_<annotator>.ann``;
when several annotators did one article the first file by name is used.
``T`` lines give spans (``start end[;start end...]``), ``E`` lines tie an
attribution's Source, Cue and Content (and ``Content2``) together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from attribution.model import Span


@dataclass(frozen=True)
class GoldAttribution:
    id: str
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    content: tuple[Span, ...]


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def _spans(field: str, text: str) -> tuple[Span, ...]:
    out = []
    for part in field.split(";"):
        a, b = (int(x) for x in part.split())
        out.append(Span(a, b, text[a:b]))
    return tuple(out)


def parse_ann(ann: str, text: str) -> tuple[GoldAttribution, ...]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        if "\t" not in line:
            continue  # a malformed line (seen in PolNeAR train) names nothing we can use
        if line.startswith("T"):
            tid, info, *_ = line.split("\t")
            kind, _, where = info.partition(" ")
            spans[tid] = (kind, _spans(where, text))
        elif line.startswith("E"):
            eid, info, *_ = line.split("\t")
            roles = dict(part.split(":", 1) for part in info.split())
            events.append((eid, roles))
    out = []
    for eid, roles in events:
        head = next(iter(roles))
        if head not in ("Attribution", "Attribution-no-source"):
            continue

        out.append(
            GoldAttribution(
                eid,
                _role(roles, spans, "Cue"),
                _role(roles, spans, "Source"),
                _role(roles, spans, "Content") + _role(roles, spans, "Content2"),
            )
        )
    return tuple(out)


def _role(roles: dict[str, str], spans: dict[str, tuple[str, tuple[Span, ...]]], role: str) -> tuple[Span, ...]:
    tid = roles.get(role)
    return spans[tid][1] if tid and tid in spans else ()


def load_folder(folder: Path) -> list[GoldArticle]:
    """All annotated articles of a PolNeAR split folder, in name order."""
    folder = Path(folder)
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{folder}: expected text/ and attributions/ folders (brat standoff)")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        anns.setdefault(stem, ann)
    articles = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            continue
        text = txt.read_bytes().decode("utf-8")
        articles.append(GoldArticle(txt.stem, text, parse_ann(ann.read_text(encoding="utf-8"), text)))
    return articles
