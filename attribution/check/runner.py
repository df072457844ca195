"""Running ``attribution check`` over many files: discovery, config per file, workers.

The pipeline for one file is: read -> strip markup (keeping the way back) ->
parse -> extract -> rules (per the file's config) -> suppressions -> map every
span back to the original file -> policy (what is shown, what fails). All of it
happens in one process per file, so workers return finished
:class:`FileResult` records and the parent only orders and renders them.

Workers are started with the ``spawn`` method (safe with torch threads and on
every platform); each loads the parser once, on its first file that needs it,
so a batch of unreadable files never pays for a model. Results come back in
input order (``Executor.map``) whatever order workers finish in.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from attribution.check.markup import Stripped, kind_for, strip
from attribution.check.policy import Overrides, Policy
from attribution.check.suppress import Directive, apply_suppressions
from attribution.config import Config, find_config, load_config
from attribution.inputs import MAX_BYTES, InputError, read_text
from attribution.model import ArticleReport, Finding, Span
from attribution.textpos import LineIndex

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.htm", "*.html")
#: hidden files and folders (.git, .venv, .attribution.toml) and tool folders are never walked into
DEFAULT_EXCLUDE = (".*", "node_modules", "__pycache__")
STDIN = "-"
EXCERPT = 60


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class CheckJob:
    """One input: a path to read, or text already in hand (stdin)."""

    path: str  # as shown in output
    policy: int = 0  # index into the run's policies
    text: str | None = None
    error: str | None = None  # already known to be unreadable
    kind: str | None = None  # markup kind; default from the path's extension


@dataclass(frozen=True)
class FindingNote:
    """What output formats need about a finding beyond the shared record."""

    excerpt: str  # the analysed (markup-free) text it is about, shortened
    end_line: int
    end_column: int  # 1-based, exclusive end as SARIF counts it
    directive: str | None = None  # e.g. "ignore[UNS001]" when suppressed
    reason: str | None = None  # the reason written in the directive


@dataclass(frozen=True)
class FileResult:
    """The checked file: findings in original coordinates, ready to render."""

    report: ArticleReport
    notes: tuple[FindingNote, ...] = ()  # aligned with report.findings
    failing: int = 0  # unsuppressed findings at or above fail-on
    score_below: float | None = None  # the score, when under fail-under
    fail_under: float | None = None

    @property
    def path(self) -> str:
        return self.report.path

    @property
    def error(self) -> str | None:
        return self.report.error

    @property
    def failed(self) -> bool:
        return self.failing > 0 or self.score_below is not None


# --------------------------------------------------------------- discovery


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    """A glob with a slash is matched against the path relative to the walked folder, one without against the name."""
    return any(fnmatch.fnmatch(rel, p) if "/" in p else fnmatch.fnmatch(name, p) for p in patterns)


def discover(
    paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> list[str]:
    """Files to check, in a stable order: named files as given, folders walked and sorted.

    A file named on the command line is always checked (its extension only
    picks the markup); ``include``/``exclude`` apply to what folder walks find.
    ``exclude`` globs are added to the built-in ones (hidden entries,
    ``node_modules``). A path that does not exist is kept, to be reported.
    """
    excludes = (*DEFAULT_EXCLUDE, *exclude)
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for arg in paths:
        if arg == STDIN or not os.path.isdir(arg):
            add(arg)
            continue
        found: list[str] = []
        for folder, dirs, files in os.walk(arg):
            rel_folder = os.path.relpath(folder, arg)
            rel_folder = "" if rel_folder == "." else PurePath(rel_folder).as_posix() + "/"
            dirs[:] = sorted(d for d in dirs if not _matches(rel_folder + d, d, excludes))
            for name in files:
                rel = rel_folder + name
                if _matches(rel, name, include) and not _matches(rel, name, excludes):
                    found.append(os.path.join(folder, name))
        for f in sorted(found):
            add(f)
    return out


# ------------------------------------------------------------------ config


class PolicyResolver:
    """The config of each file: ``--config``, ``--isolated``, or the nearest one upward (cached per folder)."""

    def __init__(self, config_path: str | None, isolated: bool, overrides: Overrides) -> None:
        self.config_path = config_path
        self.isolated = isolated
        self.overrides = overrides
        self.policies: list[Policy] = []
        self._by_config: dict[Path | None, int] = {}
        self._by_folder: dict[Path, int] = {}

    def _index(self, config: Config) -> int:
        key = config.path
        if key not in self._by_config:
            self._by_config[key] = len(self.policies)
            self.policies.append(Policy.build(config, self.overrides))
        return self._by_config[key]

    def for_path(self, path: str | None) -> int:
        """Policy index for a file (``None``: stdin without a name, discovered from the working folder).

        Raises :class:`attribution.config.ConfigError` for a bad config file.
        """
        if self.isolated or self.config_path:
            if not self.policies:
                return self._index(load_config(self.config_path, isolated=self.isolated))
            return 0
        folder = Path(path).parent if path else Path.cwd()
        try:
            folder = folder.resolve()
        except OSError:
            pass
        if folder not in self._by_folder:
            found = find_config(folder) if folder.is_dir() else find_config(Path.cwd())
            self._by_folder[folder] = self._index(load_config(found) if found else Config())
        return self._by_folder[folder]


# --------------------------------------------------------------- mapping back


def _remap(value: Any, stripped: Stripped) -> Any:
    """Every :class:`Span` inside ``value`` (dataclasses, tuples) moved to original offsets."""
    if isinstance(value, Span):
        start, end = stripped.span_to_original(value.start, value.end)
        return Span(start, end, stripped.original[start:end])
    if isinstance(value, tuple):
        return tuple(_remap(v, stripped) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            if f.name == "metadata":
                continue
            old = getattr(value, f.name)
            new = _remap(old, stripped)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


# ------------------------------------------------------------------ checker


@dataclass(frozen=True)
class Analysis:
    """What the NLP and rule stages produced for an analysed text."""

    attributions: tuple = ()
    claims: tuple = ()
    findings: tuple[Finding, ...] = ()
    summary: dict | None = None


class Checker:
    """Everything one process needs: the parser (loaded on first need) and a rule set per policy."""

    def __init__(
        self,
        policies: Sequence[Policy],
        *,
        model: str | None = None,
        max_bytes: int = MAX_BYTES,
        rulesets: Sequence[Any] | None = None,
        parser_factory: Callable[[], Any] | None = None,
    ) -> None:
        self.policies = list(policies)
        self.model = model
        self.max_bytes = max_bytes
        self._rulesets: dict[int, Any] = dict(enumerate(rulesets)) if rulesets else {}
        self._parser: Any = None
        self._parser_error: Exception | None = None
        self._parser_factory = parser_factory

    def ruleset(self, index: int) -> Any:
        if index not in self._rulesets:
            from attribution.rules import load_ruleset

            self._rulesets[index] = load_ruleset(self.policies[index].engine_config())
        return self._rulesets[index]

    def parser(self) -> Any:
        """The parser, loaded once; a model that failed to load is not retried for every file."""
        if self._parser_error is not None:
            raise self._parser_error
        if self._parser is None:
            try:
                if self._parser_factory is not None:
                    self._parser = self._parser_factory()
                else:
                    from attribution.nlp import load_parser

                    self._parser = load_parser(self.model)
            except Exception as exc:
                self._parser_error = exc
                raise
        return self._parser

    def analyse(self, text: str, ruleset: Any, path: str) -> Analysis:
        """Parse, extract and run the rules on analysed (markup-free) text."""
        from attribution.extract import extract

        doc = self.parser().parse(text)
        extraction = extract(doc)
        ev = ruleset.evaluate(text, extraction, path=path)
        return Analysis(tuple(ev.attributions), tuple(ev.claims), tuple(ev.findings), dict(ev.summary))

    def check(self, job: CheckJob) -> FileResult:
        """Check one input; any failure becomes a result with ``error`` set, never an exception."""
        from attribution.nlp import ModelError

        try:
            if job.error is not None:
                raise InputError(job.error)
            text = job.text if job.text is not None else read_text(job.path, max_bytes=self.max_bytes)
            return self.check_text(job.path, text, job.kind or kind_for(job.path), job.policy)
        except InputError as exc:
            return FileResult(ArticleReport(path=job.path, error=str(exc)))
        except ModelError as exc:
            return FileResult(ArticleReport(path=job.path, error=f"the parser model could not be loaded: {exc}"))
        except Exception as exc:  # one bad article must not sink the batch
            return FileResult(ArticleReport(path=job.path, error=f"internal error: {type(exc).__name__}: {exc}"))

    def check_text(self, path: str, text: str, kind: str, policy_index: int = 0) -> FileResult:
        policy = self.policies[policy_index]
        stripped = strip(text, kind)
        analysis = Analysis()
        if stripped.text.strip():
            analysis = self.analyse(stripped.text, self.ruleset(policy_index), path)
        sup = apply_suppressions(
            analysis.findings, stripped, is_enabled=policy.enabled, severity_of=policy.check_rule_severity
        )
        lines = LineIndex(text)
        rows: list[tuple[Finding, FindingNote]] = []
        for f, by in zip(sup.findings, sup.directives, strict=True):
            excerpt = _excerpt(f.span.text)
            moved = _remap(f, stripped)
            line, col = lines.line_col(moved.span.start)
            moved = replace(moved, line=line, column=col)
            rows.append((moved, self._note(moved, excerpt, lines, by)))
        for f in sup.extra:
            rows.append((f, self._note(f, _excerpt(f.span.text), lines, None)))
        rows = [(f, n) for f, n in rows if policy.shown(f, path)]
        rows.sort(key=lambda r: (r[0].span.start, r[0].span.end, r[0].rule, r[0].message))
        findings = tuple(f for f, _ in rows)
        summary = analysis.summary or {}
        report = ArticleReport(
            path=path,
            text=text,
            attributions=_remap(analysis.attributions, stripped),
            claims=_remap(analysis.claims, stripped),
            findings=findings,
            summary=summary,
        )
        return FileResult(
            report,
            tuple(n for _, n in rows),
            failing=len(policy.failing(findings)),
            score_below=policy.score_fails(summary),
            fail_under=policy.fail_under,
        )

    @staticmethod
    def _note(f: Finding, excerpt: str, lines: LineIndex, by: Directive | None) -> FindingNote:
        end_line, end_col = lines.line_col(f.span.end) if f.span.end > f.span.start else (f.line, f.column)
        return FindingNote(
            excerpt=excerpt,
            end_line=end_line,
            end_column=end_col,
            directive=by.label() if by else None,
            reason=(by.reason or None) if by else None,
        )


# ----------------------------------------------------------------- workers

_WORKER: Checker | None = None


def _init_worker(policies: list[Policy], model: str | None, max_bytes: int, threads: int) -> None:
    """Runs once in each worker process: set up the checker; the model loads on first use."""
    global _WORKER
    _WORKER = Checker(policies, model=model, max_bytes=max_bytes)
    try:  # N workers each using every core would thrash; share the cores out
        import torch

        torch.set_num_threads(threads)
    except Exception:  # torch is optional here; the parser reports its own absence
        pass


def _work(job: CheckJob) -> FileResult:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.check(job)


def run_jobs(
    jobs: Sequence[CheckJob],
    policies: Sequence[Policy],
    *,
    workers: int = 1,
    model: str | None = None,
    max_bytes: int = MAX_BYTES,
    rulesets: Sequence[Any] | None = None,
    on_done: Callable[[FileResult], None] | None = None,
    checker: Checker | None = None,
) -> list[FileResult]:
    """Check every job; results in input order. ``workers > 1`` uses that many spawned processes."""
    results: list[FileResult] = []
    workers = max(1, min(workers, len(jobs)))
    if workers == 1 or checker is not None:
        checker = checker or Checker(policies, model=model, max_bytes=max_bytes, rulesets=rulesets)
        for job in jobs:
            r = checker.check(job)
            if on_done:
                on_done(r)
            results.append(r)
        return results
    threads = max(1, (os.cpu_count() or 1) // workers)
    ctx = multiprocessing.get_context("spawn")
    # ProcessPoolExecutor, not Pool: a worker that dies (or cannot even start) breaks the
    # executor with an exception instead of being respawned forever.
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(list(policies), model, max_bytes, threads)
    ) as pool:
        try:
            for r in pool.map(_work, jobs, chunksize=1):
                if on_done:
                    on_done(r)
                results.append(r)
        except BrokenProcessPool as exc:
            reason = f"a worker process died ({exc or 'no reason given'}); try --jobs 1"
            for job in jobs[len(results) :]:
                r = FileResult(ArticleReport(path=job.path, error=reason))
                if on_done:
                    on_done(r)
                results.append(r)
    return results


__all__ = [
    "DEFAULT_EXCLUDE",
    "DEFAULT_INCLUDE",
    "Analysis",
    "CheckJob",
    "Checker",
    "FileResult",
    "FindingNote",
    "PolicyResolver",
    "discover",
    "run_jobs",
]
