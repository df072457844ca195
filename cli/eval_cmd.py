"""``attribution eval``: extraction quality on human-annotated news (PolNeAR/brat)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from tabulate import tabulate

from attribution.cli.common import EXIT_PROCESSING, EXIT_USAGE, Fail, model_option, progress, write_output
from attribution.cli.context import load_parser_or_fail


@click.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--errors", "errors_path", metavar="FILE", help="Write missed and spurious attributions with their sentences."
)
@click.option(
    "--cache",
    "cache_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep parses in DIR and reuse them on the next run (same text and model).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles (by name).")
@click.option(
    "--rules-only",
    is_flag=True,
    help="Leave out the learned cue pass (attribution/data/cue_model.json.gz): the rules alone.",
)
@model_option
def eval_command(
    folder: Path,
    fmt: str,
    errors_path: str | None,
    cache_dir: Path | None,
    limit: int | None,
    rules_only: bool,
    model: str | None,
) -> None:
    """Score extraction against a PolNeAR/brat FOLDER (text/*.txt, attributions/*.ann).

    Reports precision, recall and F1 for cues (overlap), sources (linked by
    overlapping cue, else content; right when source spans overlap) and
    content (non-space characters), with breakdowns by cue lemma and by
    attribution form, and the words per second of parsing plus extraction.
    """
    from attribution.evaluation.brat import load_folder
    from attribution.evaluation.score import score_article, top, total
    from attribution.extract import extract
    from attribution.extract.learned import load_model
    from attribution.nlp.cache import CachedParser

    try:
        articles = load_folder(folder)
    except (FileNotFoundError, ValueError, UnicodeDecodeError) as exc:
        raise Fail(str(exc), EXIT_USAGE) from exc
    if limit:
        articles = articles[:limit]
    if not articles:
        raise Fail(f"{folder}: no annotated articles found", EXIT_PROCESSING)
    parser = load_parser_or_fail(model)
    if cache_dir:
        parser = CachedParser(parser, cache_dir)
    learned_used = not rules_only and load_model() is not None
    scores, errors, words = [], [], 0
    started = time.perf_counter()
    tick, clear = progress(len(articles))
    for art in articles:
        doc = parser.parse(art.text)
        words += sum(len(s.words) for s in doc.sentences)
        ex = extract(doc, learned_cues=not rules_only)
        sc = score_article(art.text, ex.attributions, art.attributions)
        scores.append(sc)
        tick(art.name)
        if errors_path:
            errors.extend(_error_lines(art, doc, sc))
    clear()
    seconds = time.perf_counter() - started
    agg = total(scores)
    result = {
        "folder": str(folder),
        "articles": len(articles),
        "model": parser.name,
        "learned_cues": learned_used,
        "cue": agg.cue.as_dict(),
        "source": agg.source.as_dict(),
        "content": agg.content.as_dict(),
        "words_per_second": round(words / seconds, 1) if seconds else 0.0,
        "by_cue_lemma": {k: t.as_dict() for k, t in top(agg.by_lemma, 30)},
        "by_form": {k: t.as_dict() for k, t in sorted(agg.by_form.items())},
    }
    if errors_path:
        write_output("\n".join(errors) + "\n", errors_path)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    rows = [
        [
            m,
            f"{result[m]['precision']:.3f}",
            f"{result[m]['recall']:.3f}",
            f"{result[m]['f1']:.3f}",
            result[m]["predicted"],
            result[m]["gold"],
        ]
        for m in ("cue", "source", "content")
    ]
    click.echo(
        f"{len(articles)} articles from {folder}, model {parser.name}, "
        f"{'rules plus learned cue pass' if learned_used else 'rules alone'}, "
        f"{result['words_per_second']} words/s (parse + extraction"
        f"{'; cached parses cost nothing, so run without --cache to measure speed' if cache_dir else ''})\n"
    )
    click.echo(
        tabulate(
            rows, headers=("measure", "P", "R", "F1", "predicted", "gold"), tablefmt="simple", disable_numparse=True
        )
    )
    click.echo("\nby cue words (P over predicted cues with these words, R over gold cues with them):")
    click.echo(
        tabulate(
            [
                [k, t["predicted"], t["gold"], f"{t['precision']:.2f}", f"{t['recall']:.2f}"]
                for k, t in result["by_cue_lemma"].items()
            ],
            headers=("cue", "pred", "gold", "P", "R"),
            tablefmt="simple",
            disable_numparse=True,
        )
    )
    click.echo("\nby attribution form (cue precision):")
    click.echo(
        tabulate(
            [[k, t["predicted"], f"{t['precision']:.2f}"] for k, t in result["by_form"].items()],
            headers=("form", "pred", "P"),
            tablefmt="simple",
            disable_numparse=True,
        )
    )


def _sentence_of(doc, offset: int) -> str:
    for s in doc.sentences:
        if s.start <= offset < s.end + 1:
            return " ".join(s.text.split())
    return ""


def _error_lines(art, doc, sc) -> list[str]:
    out = []
    for g in sc.missed:
        at = g.cue[0].start if g.cue else (g.content[0].start if g.content else 0)
        out.append(
            f"MISSED\t{art.name}\tcue={' '.join(s.text for s in g.cue)!r}"
            f"\tsource={' '.join(s.text for s in g.source)!r}"
            f"\t{_sentence_of(doc, at)}"
        )
    for p in sc.spurious:
        src = p.source.span.text if p.source and p.source.span else None
        out.append(
            f"SPURIOUS\t{art.name}\tcue={p.cue.span.text!r}\tsource={src!r}\tform={p.form}"
            f"\t{_sentence_of(doc, p.cue.span.start)}"
        )
    return out
