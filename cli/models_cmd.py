"""``attribution models``: what parser models are installed, fetch, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import click
from tabulate import tabulate

from attribution.cli.common import EXIT_PROCESSING, Fail, model_option
from attribution.cli.context import load_parser_or_fail


@click.group()
def models() -> None:
    """List, download and evaluate parser models.

    The package ships an offline English model (en_compact) trained from open
    treebanks; the official Stanza English models are an opt-in download.
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per model.")
def list_models(as_json: bool) -> None:
    """Installed models: name, size, origin, licence, location."""
    from attribution.nlp import ModelError
    from attribution.nlp.models import DEFAULT_MODEL, installed

    try:
        found = installed()
    except ModelError as exc:
        raise Fail(str(exc), EXIT_PROCESSING) from exc
    if as_json:
        for m in found:
            click.echo(
                json.dumps(
                    {
                        "name": m.name,
                        "size_bytes": m.size_bytes,
                        "origin": m.origin,
                        "licence": m.licence,
                        "path": str(m.path),
                        "default": m.name == DEFAULT_MODEL,
                    }
                )
            )
        return
    if not found:
        click.echo("no models installed; run `attribution models download` or reinstall the package")
        return
    rows = [
        [
            m.name + (" (default)" if m.name == DEFAULT_MODEL else ""),
            f"{m.size_bytes / 1e6:.1f} MB",
            m.origin,
            m.licence,
            str(m.path),
        ]
        for m in found
    ]
    click.echo(
        tabulate(
            rows,
            headers=("model", "size", "origin", "licence", "path"),
            tablefmt="simple",
            maxcolwidths=[None, None, 40, 40, None],
        )
    )


@models.command()
@click.option("--package", default="default", show_default=True, help="Stanza package name for English.")
def download(package: str) -> None:
    """Download the official Stanza English models (needs network).

    They are stored under $ATTRIBUTION_HOME/models/stanza_en (default
    ~/.local/share/attribution) and used with --model stanza_en. Offline, this
    fails with exit code 3 and changes nothing.
    """
    from attribution.nlp import ModelError
    from attribution.nlp.download import download_official

    try:
        dest = download_official(package)
    except ModelError as exc:
        raise Fail(str(exc), EXIT_PROCESSING) from exc
    click.echo(f"installed stanza_en in {dest}")


@models.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_option
@click.option(
    "--ner",
    is_flag=True,
    help="Score named entities (PERSON, ORG, PLACE) against GUM's entity layer instead of the UD measures.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object on the last line.")
def evaluate(gold: tuple[Path, ...], model: str | None, ner: bool, as_json: bool) -> None:
    """Score a model against GOLD CoNLL-U file(s), parsing their raw text from scratch.

    Uses the CoNLL 2018 shared-task measures (Tokens, Sentences, Words, UPOS,
    XPOS, UFeats, Lemmas, UAS, LAS, ...) as percentages. Several files are
    scored together, e.g. every file of a treebank's test split.

    With --ner, scores named entities instead (the UD table is not printed):
    GOLD must be GUM-style CoNLL-U with Entity= annotations in MISC (e.g.
    gum/dep/GUM_*.conllu; EWT has none, which is an error). Gold names are
    derived by the training recipe's rule (MODEL_CARD.md): person,
    organization and place mentions headed by a proper noun; the name is the
    run of proper nouns around the head. The raw text is parsed end to end and
    predicted entities are matched by exact character span and type: P, R, F1
    (percentages), gold and predicted counts per type and ALL. ALL_overlap (and
    the overlap F1 column) is lenient: a prediction counts when it overlaps a
    gold name of its type. Other label sets are mapped (GPE, LOC, FAC to PLACE;
    PER to PERSON); types outside PERSON/ORG/PLACE are left out.

    \b
    Exit codes: 0 scored; 2 usage error; 3 the model could not be loaded or a
    gold file could not be used (not UTF-8, no entity layer, text and words
    disagree).
    """
    if ner:
        _evaluate_ner(gold, model, as_json)
        return
    parser = load_parser_or_fail(model)
    from attribution.nlp.evaluate import evaluate as run_eval

    try:
        scores = run_eval(list(gold), parser)
    except Exception as exc:  # the scorer raises UDError on incompatible texts
        raise Fail(f"evaluation failed: {exc}", EXIT_PROCESSING) from exc
    scores = {"model": parser.name, **scores}
    rows = [[k, v] for k, v in scores.items()]
    click.echo(tabulate(rows, headers=("metric", "score"), tablefmt="simple", disable_numparse=True))
    if as_json:
        click.echo(json.dumps(scores))


def _evaluate_ner(gold: tuple[Path, ...], model: str | None, as_json: bool) -> None:
    from attribution.nlp.ner_eval import NerGoldError, evaluate_ner, load_gold

    try:
        golds = [load_gold(p) for p in gold]  # a gold file without entities fails before the model loads
    except NerGoldError as exc:
        raise Fail(f"NER evaluation failed: {exc}", EXIT_PROCESSING) from exc
    parser = load_parser_or_fail(model)
    result = evaluate_ner(golds, parser)
    scores = {"model": parser.name, **result}
    overlap = result["ner_overlap"]
    rows = [
        [t, s["P"], s["R"], s["F1"], s["gold"], s["pred"], overlap[t]["F1"]]
        for t, s in result["ner"].items()
        if t != "ALL_overlap"
    ]
    click.echo(f"model {parser.name}: NER on {result['gold_files']} gold file(s), exact character span + type")
    click.echo(
        tabulate(
            rows,
            headers=("type", "P", "R", "F1", "gold", "pred", "overlap F1"),
            tablefmt="simple",
            disable_numparse=True,
        )
    )
    ov = result["ner"]["ALL_overlap"]
    click.echo(f"ALL_overlap: P {ov['P']}  R {ov['R']}  F1 {ov['F1']}")
    click.echo(f"gold names on system token boundaries: {result['gold_names_on_system_token_boundaries']}%")
    if result["ignored_predicted_types"]:
        click.echo(f"predicted types left out: {result['ignored_predicted_types']}")
    click.echo(f"{result['words_per_second']} words/s")
    if as_json:
        click.echo(json.dumps(scores))
