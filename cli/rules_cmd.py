"""``attribution rules list|show|validate`` and ``attribution explain``."""

from __future__ import annotations

import json

import click
from tabulate import tabulate

from attribution.cli.common import EXIT_USAGE, Fail
from attribution.cli.context import load_rules_or_fail

config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                             help="Use this config file (house rule packs, severity overrides).")
isolated_option = click.option("--isolated", is_flag=True, help="Ignore .attribution.toml and pyproject.toml.")


@click.group()
def rules() -> None:
    """Inspect and validate rule files.

    Rules are YAML files, one rule each: the shipped catalogue plus any house
    packs named by `extend-rules` in .attribution.toml or pyproject.toml.
    """


def _find(ruleset, rule_id: str):
    for r in ruleset.rules:
        if r.id.lower() == rule_id.lower():
            return r
    ids = ", ".join(r.id for r in ruleset.rules)
    raise Fail(f"no rule {rule_id!r}; known rules: {ids}", EXIT_USAGE)


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@config_option
@isolated_option
def list_rules(fmt: str, config_path: str | None, isolated: bool) -> None:
    """The rule catalogue in force: id, name, severity (after overrides), scope, origin."""
    from attribution.rules.loader import as_dict

    ruleset = load_rules_or_fail(config_path, isolated)
    if fmt == "json":
        click.echo(json.dumps([as_dict(r) for r in ruleset.rules], indent=2, ensure_ascii=False))
        return
    rows = [[r.id, r.name, r.severity.value, r.scope, r.strength if r.strength else "", r.path] for r in ruleset.rules]
    click.echo(tabulate(rows, headers=("id", "name", "severity", "scope", "strength", "file"), tablefmt="simple",
                        disable_numparse=True))


@rules.command()
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
@isolated_option
def show(rule_id: str, fmt: str, config_path: str | None, isolated: bool) -> None:
    """Everything about one rule: message, rationale, match, examples."""
    from attribution.rules.loader import as_dict

    rule = _find(load_rules_or_fail(config_path, isolated), rule_id)
    if fmt == "json":
        click.echo(json.dumps(as_dict(rule), indent=2, ensure_ascii=False))
    else:
        click.echo(rule.describe(), nl=False)
        click.echo(f"\nMessage: {rule.message}\nFile: {rule.path}")


@rules.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def validate(paths: tuple[str, ...]) -> None:
    """Validate rule files or folders; every problem is printed as file:line: key: problem.

    Exit code 0 when all are valid, 2 otherwise.
    """
    from attribution.rules.loader import validate_paths

    errors = validate_paths(paths)
    for err in errors:
        click.echo(str(err), err=True)
    if errors:
        raise Fail(f"{len(errors)} problem(s) in rule files", EXIT_USAGE)
    click.echo(f"ok: {', '.join(paths)}")


@click.command()
@click.argument("rule_id")
@config_option
@isolated_option
def explain(rule_id: str, config_path: str | None, isolated: bool) -> None:
    """Print a rule's rationale and examples (like `ruff rule CODE`)."""
    click.echo(_find(load_rules_or_fail(config_path, isolated), rule_id).describe(), nl=False)
