"""Pieces every command shares: exit codes, errors on stderr, atomic output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2  # usage, config or rule-file error (click's own usage errors exit 2 too)
EXIT_PROCESSING = 3  # a file or the model could not be processed


class Fail(click.ClickException):
    """An error with a chosen exit code, printed as one line on stderr."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # one clean line, no "Error:" decoration
        click.echo(f"attribution: {self.format_message()}", err=True)


def warn(message: str) -> None:
    click.echo(f"attribution: {message}", err=True)


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or to ``output`` atomically: a temp file renamed into place."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; a report is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def progress(total: int) -> tuple[Callable[[str], None], Callable[[], None]]:
    """A one-line progress bar on stderr for batches of more than a few items on a terminal.

    Returns ``(tick, clear)``: ``tick(label)`` after each item, ``clear()`` at the end.
    Both do nothing when stderr is not a terminal, so piped and CI output stays clean.
    """
    if total <= 3 or not stderr_is_terminal():
        return (lambda label: None), (lambda: None)
    done = [0]

    def tick(label: str) -> None:
        done[0] += 1
        width = 24
        filled = width * done[0] // total
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r[{bar}] {done[0]}/{total} {label[-50:]:<50}", err=True, nl=False)

    return tick, lambda: click.echo("\r" + " " * 80 + "\r", err=True, nl=False)


model_option = click.option(
    "--model",
    "model",
    metavar="NAME|PATH",
    default=None,
    envvar="ATTRIBUTION_MODEL",
    help="Parser model: an installed model name (see `attribution models list`) or a model folder. "
    "Default: the shipped offline model en_compact.",
)
