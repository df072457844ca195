"""Benchmark: model load time and warm throughput of parse and of the full audit.

Performance claims in the README and model card come from this script, never
from timed unit tests. Usage:

    python benchmarks/bench_pipeline.py [ARTICLE.txt] [--model NAME] [--repeat 5]

Without an article it uses ../shared/seeds/000_1a50cc686f63f3ba.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_1a50cc686f63f3ba.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("article", nargs="?", type=Path, default=SEED)
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    text = args.article.read_bytes().decode("utf-8")
    t0 = time.perf_counter()
    from attribution.nlp import load_parser

    parser = load_parser(args.model)
    load_s = time.perf_counter() - t0

    from attribution.audit import audit_document
    from attribution.rules import load_ruleset

    ruleset = load_ruleset(None)
    doc = parser.parse(text)  # warm-up
    words = sum(len(s.words) for s in doc.sentences)
    parse_times, audit_times = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        doc = parser.parse(text)
        parse_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        audit_document(doc, ruleset, str(args.article))
        audit_times.append(time.perf_counter() - t)
    parse_s = statistics.median(parse_times)
    audit_s = statistics.median(audit_times)
    print(
        json.dumps(
            {
                "article": str(args.article.name),
                "model": parser.name,
                "words": words,
                "model_load_s": round(load_s, 2),
                "parse_s_median": round(parse_s, 3),
                "extract_and_rules_s_median": round(audit_s, 4),
                "words_per_s_parse": round(words / parse_s, 1),
                "words_per_s_full": round(words / (parse_s + audit_s), 1),
                "repeat": args.repeat,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
