"""Benchmark: `attribution check` over a folder with one worker and with several.

Runs ``attribution check PATH --format json --exit-zero --isolated --jobs N``
as a subprocess for each N (model load included: that is what a CI job pays),
prints wall times and words/s per setting, and checks that every setting
produced the same report: byte for byte, or at least the same findings per
file (the JSON carries no timings, so bytes are expected to match). Exits 1
when the findings differ. Usage:

    python benchmarks/bench_check_jobs.py [PATH] [--jobs 1,2] [--repeat 1] [--model NAME]

PATH defaults to fixtures/batch (50 short articles: .txt, .md, .html, .htm).
Words are counted in the analysed text, after markup is stripped. Timings
depend on what else the machine is doing: on a machine whose cores are busy,
torch's intra-op threads can slow a single process down many times over
(compare a run with OMP_NUM_THREADS=1 in the environment); the JSON records
the thread variables that were set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "fixtures" / "batch"
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TORCH_NUM_THREADS")


def count_words(path: Path) -> tuple[int, int]:
    """(files, words of analysed text) that check will see under ``path``."""
    from attribution.check.markup import kind_for, strip
    from attribution.check.runner import discover

    files = discover([str(path)])
    words = 0
    for name in files:
        text = Path(name).read_bytes().decode("utf-8", errors="replace")
        words += len(strip(text, kind_for(name)).text.split())
    return len(files), words


def run_check(path: Path, jobs: int, model: str | None) -> tuple[float, int, bytes]:
    cmd = [sys.executable, "-m", "attribution.cli.main", "check", str(path), "--format", "json", "--exit-zero"]
    cmd += ["--isolated", "--jobs", str(jobs)]
    if model:
        cmd += ["--model", model]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 3):
        sys.stderr.write(proc.stderr.decode("utf-8", errors="replace"))
        raise SystemExit(f"check --jobs {jobs} exited {proc.returncode}")
    return wall, proc.returncode, proc.stdout


def findings(report: bytes) -> dict[str, object]:
    """Per file: its error, or its findings as comparable tuples."""
    out: dict[str, object] = {}
    for f in json.loads(report)["files"]:
        if f.get("error"):
            out[f["path"]] = ("error", f["error"])
            continue
        out[f["path"]] = [
            (x["rule"], x["severity"], x["line"], x["column"], x["span"]["start"], x["span"]["end"],
             x["suppressed"], x["message"])
            for x in f["findings"]
        ]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=BATCH)
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--model", default=None)
    ap.add_argument("--save", type=Path, metavar="DIR", help="write each setting's report to DIR/jobs-N.json")
    args = ap.parse_args()
    settings = [int(x) for x in args.jobs.split(",") if x.strip()]

    n_files, words = count_words(args.path)
    walls: dict[int, list[float]] = {j: [] for j in settings}
    codes: dict[int, set[int]] = {j: set() for j in settings}
    outputs: dict[int, bytes] = {}
    same_bytes = True
    for _ in range(args.repeat):
        for j in settings:  # interleaved, so drift in machine load hits every setting alike
            wall, code, out = run_check(args.path, j, args.model)
            walls[j].append(wall)
            codes[j].add(code)
            if j in outputs and outputs[j] != out:
                same_bytes = False
            outputs.setdefault(j, out)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for j, out in outputs.items():
            (args.save / f"jobs-{j}.json").write_bytes(out)
    first = outputs[settings[0]]
    same_bytes = same_bytes and all(out == first for out in outputs.values())
    base = findings(first)
    differing: set[str] = set()
    for out in outputs.values():
        other = findings(out)
        differing |= {p for p in base.keys() | other.keys() if base.get(p) != other.get(p)}
    data = json.loads(first)
    per_file = data["files"]
    result = {
        "path": str(args.path.relative_to(ROOT) if args.path.resolve().is_relative_to(ROOT) else args.path),
        "files": n_files,
        "files_reported": len(per_file),
        "files_with_errors": sum(1 for f in per_file if f.get("error")),
        "findings": sum(len(f.get("findings", [])) for f in per_file),
        "words": words,
        "runs": [
            {
                "jobs": j,
                "wall_s": [round(w, 2) for w in walls[j]],
                "wall_s_median": round(statistics.median(walls[j]), 2),
                "words_per_s": round(words / statistics.median(walls[j]), 1),
                "exit_codes": sorted(codes[j]),
            }
            for j in settings
        ],
        "identical_bytes": same_bytes,
        "identical_findings": not differing,
        "differing_files": sorted(differing)[:10],
        "repeat": args.repeat,
        "env": {k: os.environ[k] for k in THREAD_VARS if k in os.environ},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))
    if differing:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
