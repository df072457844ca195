"""Score a model against gold CoNLL-U with the CoNLL 2018 shared-task measures.

The raw text of each gold file is rebuilt from its ``# text`` comments
(paragraphs from ``# newpar``/``# newdoc``), parsed from scratch, and the
system output is aligned to the gold by the official scorer (``udtools``
ships it and stanza depends on it), so tokenization and sentence-splitting
errors count, as they do for real users.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from attribution.nlp import Parser
from attribution.nlp.conllu import dumps

METRICS = (
    "Tokens",
    "Sentences",
    "Words",
    "UPOS",
    "XPOS",
    "UFeats",
    "AllTags",
    "Lemmas",
    "UAS",
    "LAS",
    "CLAS",
    "MLAS",
    "BLEX",
)


def raw_text(conllu: str) -> str:
    """The running text of a CoNLL-U file: sentences joined by spaces, paragraphs by blank lines."""
    parts: list[str] = []
    para: list[str] = []
    for line in conllu.splitlines():
        if line.startswith(("# newpar", "# newdoc")) and para:
            parts.append(" ".join(para))
            para = []
        elif line.startswith("# text = "):
            para.append(line[len("# text = ") :].strip())
    if para:
        parts.append(" ".join(para))
    return "\n\n".join(parts) + "\n"


def evaluate(gold_files: list[Path], parser: Parser) -> dict:
    """Parse each gold file's raw text and score the lot; percentages keyed by metric name."""
    from udtools import udeval

    gold_chunks: list[str] = []
    texts: list[str] = []
    for path in gold_files:
        data = Path(path).read_text(encoding="utf-8")
        gold_chunks.append(data if data.endswith("\n") else data + "\n")
        texts.append(raw_text(data))
    started = time.perf_counter()
    docs = parser.parse_many(texts)
    seconds = time.perf_counter() - started
    system = "".join(_plain_conllu(dumps(d)) for d in docs)
    gold_ud = udeval.load_conllu(io.StringIO("".join(gold_chunks)), "gold", {})
    system_ud = udeval.load_conllu(io.StringIO(system), "system", {})
    scores = udeval.evaluate(gold_ud, system_ud)
    result = {m: round(100 * scores[m].f1, 2) for m in METRICS if m in scores}
    words = sum(len(s.words) for d in docs for s in d.sentences)
    result["words_per_second"] = round(words / seconds, 1) if seconds else 0.0
    result["gold_files"] = len(gold_files)
    return result


def _plain_conllu(data: str) -> str:
    """Drop our own comments (the scorer reads text only from the columns)."""
    return "\n".join(line for line in data.split("\n") if not line.startswith("# doc_text_json"))
