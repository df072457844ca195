"""Where the NLP seam meets stanza (with ``ner_ensemble``, which it calls, and ``download``).

It loads a model folder with downloads disabled, feeds the parser
offset-preserving chunks of the input and converts stanza's objects into the
project's frozen :class:`~attribution.model.ParsedDocument`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from attribution.model import Entity, ParsedDocument, Sentence, Token, Word
from attribution.nlp import MAX_CHARS, ModelError, TextTooLarge
from attribution.nlp import models as registry
from attribution.nlp.encoder import ENCODER_PATH, load_encoder
from attribution.nlp.entity_types import repair_entities
from attribution.nlp.name_classifier import classify_names, load_name_model
from attribution.nlp.names import propagate_names
from attribution.nlp.ner_ensemble import attach_members
from attribution.nlp.splits import merge_false_splits
from attribution.nlp.text import QUOTE_PAIRS, chunks, paragraph_index, paragraphs, sanitize

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")


def _pipeline_kwargs(info: registry.ModelInfo) -> dict:
    """Stanza keyword arguments for a model folder, paths made absolute."""
    manifest = info.manifest
    kwargs: dict = {}
    # model folders written by the training recipe name them "pipeline_kwargs"
    given = manifest.get("stanza_kwargs") or manifest.get("pipeline_kwargs") or {}
    for key, value in given.items():
        if key.startswith("_") or key in ("lang", "dir", "download_method", "use_gpu", "logging_level"):
            continue  # notes, and arguments StanzaParser.load passes itself
        if isinstance(value, str) and value.endswith((".pt", ".pth", ".json")):
            value = str(info.path / value)
        kwargs[key] = value
    processors = manifest.get("processors") or {}
    if isinstance(processors, dict):
        for proc, filename in processors.items():
            if filename:
                kwargs.setdefault(f"{proc}_model_path", str(info.path / filename))
        kwargs.setdefault("processors", ",".join(p for p in PROCESSORS if p in processors))
    elif isinstance(processors, (list, str)):
        kwargs.setdefault("processors", processors if isinstance(processors, str) else ",".join(processors))
    return kwargs


class StanzaParser:
    """A loaded stanza pipeline behind the :class:`~attribution.nlp.Parser` protocol."""

    def __init__(self, pipeline, name: str, load_seconds: float, version: str = "", splits=None) -> None:
        self._pipeline = pipeline
        self._splits = splits if splits is not None else _SplitRepair()
        self.name = name
        self.version = version
        self.load_seconds = load_seconds

    @classmethod
    def load(cls, model: str | None = None, *, use_gpu: bool | None = None) -> StanzaParser:
        info = registry.resolve(model)
        if not (info.path / "resources.json").is_file():
            raise ModelError(f"{info.path}: model folder lacks resources.json")
        kwargs = _pipeline_kwargs(info)
        for key, value in kwargs.items():
            if key.endswith("_path") and not Path(value).is_file():
                raise ModelError(f"{info.path}: model file missing for {key}: {value}")
        started = time.perf_counter()
        try:
            import stanza
            import torch

            if use_gpu is None:
                use_gpu = torch.cuda.is_available()
            threads = cpu_threads()
            if threads:
                torch.set_num_threads(threads)
            logging.getLogger("stanza").setLevel(logging.ERROR)
            splits = _SplitRepair()
            cache = float32_vectors(kwargs)
            with inference_only():
                pipeline = stanza.Pipeline(
                    tokenize_postprocessor=splits,
                    foundation_cache=cache,
                    lang=info.manifest.get("lang") or info.manifest.get("language") or "en",
                    dir=str(info.path),
                    download_method=None,
                    use_gpu=use_gpu,
                    logging_level="ERROR",
                    **kwargs,
                )
                attach_ner_members(pipeline, info, cache)
            # the name pass's weights and its sentence encoder load here, with the models, so a
            # damaged file shows at once and the load time counts them (about 0.2 s)
            names_model = load_name_model()
            if names_model is not None and names_model.dense is not None and load_encoder() is None:
                raise ModelError(f"the name model needs the sentence encoder, and {ENCODER_PATH} is missing: reinstall")
        except ModelError:
            raise
        except Exception as exc:  # stanza raises many kinds; the user needs one message
            raise ModelError(f"could not load model {info.name!r} from {info.path}: {exc}") from exc
        return cls(pipeline, info.name, time.perf_counter() - started, str(info.manifest.get("version", "")), splits)

    # ------------------------------------------------------------------ parse

    def parse(self, text: str) -> ParsedDocument:
        return self.parse_many([text])[0]

    def parse_many(self, texts: list[str]) -> list[ParsedDocument]:
        import stanza

        jobs: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
        for ti, text in enumerate(texts):
            if len(text) > MAX_CHARS:
                raise TextTooLarge(f"text of {len(text):,} characters is over the parser's limit of {MAX_CHARS:,}")
            clean = sanitize(text)
            for offset, piece in chunks(clean):
                jobs.append((ti, offset, piece))
        sentences: list[list[Sentence]] = [[] for _ in texts]
        para_spans = [paragraphs(t) for t in texts]
        if jobs:
            # the tokenizer reads the pieces joined by blank lines; the split repair needs that text
            self._splits.raw = "\n\n".join(piece for _, _, piece in jobs)
            try:
                docs = self._pipeline([stanza.Document([], text=piece) for _, _, piece in jobs])
            finally:
                self._splits.raw = None
            for (ti, offset, _), sdoc in zip(jobs, docs, strict=True):
                for ssent in sdoc.sentences:
                    sent = _convert(ssent, texts[ti], offset, len(sentences[ti]), para_spans[ti])
                    if sent is not None:
                        sentences[ti].append(sent)
        # the NER model tags sentence by sentence; repair_entities mends spans and types from the
        # names' own words ("Harrow School" is an ORG); a document names a person in full once
        # and by surname after, which propagate_names tags too; classify_names then types every
        # candidate name from its words, its context and the document (a learned model)
        pairs = zip(texts, sentences, strict=True)
        docs = [ParsedDocument(text=t, sentences=tuple(s), model=self.name) for t, s in pairs]
        return [classify_names(propagate_names(repair_entities(doc))) for doc in docs]


_LOAD_LOCK = threading.Lock()


@contextmanager
def inference_only() -> Iterator[None]:
    """Load stanza's models without importing ``torch._dynamo``.

    Stanza's tokenizer, POS and parser trainers build optimizers even when they only load a
    model for tagging. Torch wraps ``Optimizer.add_param_group`` so that ``torch.compile`` does
    not trace it, and the wrapper imports ``torch._dynamo`` on its first call: that import was
    half of the model load on the 2-core machine (2.4-2.6 s with it, 1.2-1.3 s without, three
    cold processes each, 2026-12-06). The wrapper skips the import when the function already
    carries its "dynamo disabled" form; while the pipeline loads, that form is the function
    itself (nothing is compiled while loading, so the wrapper has nothing to guard), and it is
    removed afterwards, so later optimizers are wrapped as torch means them to be. A torch
    without this wrapper loads as before; the lock keeps two threads loading at once from
    removing the marker under each other.
    """
    import torch

    with _LOAD_LOCK:
        method = getattr(torch.optim.Optimizer, "add_param_group", None)
        fn = getattr(method, "__wrapped__", None)
        if fn is None or hasattr(fn, "__dynamo_disable"):
            yield
            return
        setattr(fn, "__dynamo_disable", fn)
        try:
            yield
        finally:
            if getattr(fn, "__dynamo_disable", None) is fn:
                delattr(fn, "__dynamo_disable")


def attach_ner_members(pipeline, info: registry.ModelInfo, cache) -> None:
    """Let the model folder's NER ensemble members (if any) vote with the pipeline's NER model;
    their word vectors come through ``cache`` (:func:`cache_vectors`)."""
    members = ner_members(info)
    if members:
        attach_members(pipeline, [(m, cache_vectors(cache, p, d)) for m, p, d in members], cache)


def ner_members(info: registry.ModelInfo) -> list[tuple[str, str, str | None]]:
    """The model folder's further NER models and their word vectors (manifest ``ner_members``:
    a list of ``{"model": FILE, "pretrain": FILE, "delta": FILE}``, ``delta`` optional: rows
    added to ``pretrain``'s vectors for this model, see :func:`cache_vectors`), paths made
    absolute and checked. The processors' own NER model is the ensemble's first member
    (:mod:`attribution.nlp.ner_ensemble`)."""
    given = info.manifest.get("ner_members") or []
    where = f"{info.path / 'manifest.json'}"
    if not isinstance(given, list):
        raise ModelError(f"{where}: ner_members must be a list, not {type(given).__name__}")
    out: list[tuple[str, str, str | None]] = []
    for i, entry in enumerate(given):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("model", "pretrain")):
            raise ModelError(f'{where}: ner_members[{i}] needs "model" and "pretrain" file names')
        if entry.get("delta") is not None and not isinstance(entry["delta"], str):
            raise ModelError(f'{where}: ner_members[{i}]: "delta" must be a file name')
        files = [info.path / entry[k] for k in ("model", "pretrain", "delta") if entry.get(k)]
        for path in files:
            if not path.is_file():
                raise ModelError(f"{info.path}: model file missing for ner_members[{i}]: {path}")
        out.append((str(files[0]), str(files[1]), str(files[2]) if len(files) > 2 else None))
    return out


def cache_vectors(cache, path: str, delta: str | None = None):
    """Word vectors from ``path`` through stanza's foundation cache, as float32.

    The package stores vectors as float16, or as int8 with one float16 scale per row
    (``emb_scale``; half the size again, see ``training.package.store_int8_vectors``); both are
    widened here once. An ensemble member's vectors are another member's plus a few rows
    (``delta``: ``rows``, and the differences stored like the vectors), cached under the delta's
    path; the members' vectors differ only on the words their training changed, so the package
    stores the shared rows once."""
    if delta is None:
        if path not in cache.pretrains:
            cache.pretrains[path] = _read_vectors(path)
        return cache.pretrains[path]
    if delta not in cache.pretrains:
        import torch

        base = cache_vectors(cache, path)
        data = _load_tensors(delta)
        rows, diff = data.get("rows"), widen_vectors(data, delta)
        if not torch.is_tensor(rows) or rows.dim() != 1 or diff.shape != (rows.numel(), base.emb.shape[1]):
            raise ModelError(f"{delta}: not a word-vector delta for {path} (rows and widths do not match)")
        if data.get("base_rows") != base.emb.shape[0] or (rows.numel() and int(rows.max()) >= base.emb.shape[0]):
            raise ModelError(
                f"{delta}: made for vectors of {data.get('base_rows')} rows, {path} has {base.emb.shape[0]}"
            )
        emb = base.emb.clone()
        emb[rows] += diff
        cache.pretrains[delta] = _pretrain(delta, base.vocab, emb)
    return cache.pretrains[delta]


def _load_tensors(path: str) -> dict:
    import torch

    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # a damaged or foreign file: the user needs its name
        raise ModelError(f"{path}: not a readable word-vector file: {exc}") from exc
    if not isinstance(data, dict) or "emb" not in data:
        raise ModelError(f"{path}: not a word-vector file (no 'emb' table)")
    return data


def widen_vectors(data: dict, path: str = "vectors"):
    """A stored vector table (``data["emb"]``) as float32: float16 as it is, int8 times its
    per-row scale (``emb_scale``, written by ``training.package.quantize_rows``)."""
    import torch

    emb = data["emb"] if torch.is_tensor(data["emb"]) else torch.as_tensor(data["emb"])
    scale = data.get("emb_scale")
    if emb.dtype == torch.int8:
        if not torch.is_tensor(scale) or scale.shape != (emb.shape[0],):
            raise ModelError(f"{path}: int8 vectors without one scale per row")
        return emb.float() * scale.float()[:, None]
    return emb.float()


def _read_vectors(path: str):
    from stanza.models.common.pretrain import PretrainedWordVocab

    data = _load_tensors(path)
    if "vocab" not in data:
        raise ModelError(f"{path}: not a word-vector file (no 'vocab')")
    return _pretrain(path, PretrainedWordVocab.load_state_dict(data["vocab"]), widen_vectors(data, path))


def _pretrain(path: str, vocab, emb):
    """A stanza ``Pretrain`` holding ``vocab`` and ``emb`` (stanza would read the file itself)."""
    from stanza.models.common.pretrain import Pretrain

    vectors = Pretrain(path)
    vectors._vocab, vectors._emb = vocab, emb
    return vectors


def float32_vectors(kwargs: dict):
    """A stanza foundation cache holding the model's word vectors as float32.

    The package stores its word vectors ("pretrain" files) as float16 to stay under the size
    limit; stanza builds its embedding layers from them as they are and then fails on a
    float16 input to a float32 layer. Loading each file once here, widened to float32, and
    handing the filled cache to the pipeline keeps the stored files small and the models'
    arithmetic what they were trained with. The training recipe's evaluation uses it too.
    """
    from stanza.models.common.foundation_cache import FoundationCache

    cache = FoundationCache(local_files_only=True)
    for key, path in kwargs.items():
        if key.endswith("_pretrain_path"):
            cache_vectors(cache, path)
    return cache


def cpu_threads() -> int | None:
    """Torch threads for parsing from ``ATTRIBUTION_THREADS`` (None: torch's default, one per
    core). On a machine that other work keeps busy, torch's threads wait on each other and
    parsing slows many times over; ``ATTRIBUTION_THREADS=1`` avoids that."""
    raw = os.environ.get("ATTRIBUTION_THREADS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ModelError(f"ATTRIBUTION_THREADS must be a whole number of at least 1, not {raw!r}")
    return int(raw)


class _SplitRepair:
    """stanza's ``tokenize_postprocessor``: :func:`merge_false_splits` with the text being read."""

    def __init__(self) -> None:
        self.raw: str | None = None

    def __call__(self, sentences):
        return merge_false_splits(sentences, self.raw)


def _convert(ssent, text: str, offset: int, index: int, para_spans) -> Sentence | None:
    tokens: list[Token] = []
    words: list[Word] = []
    for ti, stok in enumerate(ssent.tokens):
        start = offset + stok.start_char
        end = offset + stok.end_char
        if stok.text == '"' and text[start:end] != '"':
            # sanitize() made a "''" or "``" pair into '"' plus a space: take both characters back
            if text[start : start + 2] in QUOTE_PAIRS:
                end = start + 2
            elif start > 0 and text[start - 1 : start + 1] in QUOTE_PAIRS:
                start -= 1
        ner = getattr(stok, "ner", None) or "O"
        ids = []
        single = len(stok.words) == 1
        for sw in stok.words:
            ids.append(sw.id)
            words.append(
                Word(
                    index=sw.id,
                    # stanza writes a literal "<UNK>" for some very long tokens (URLs):
                    # a one-word token's text is always the original characters
                    text=text[start:end] if single else sw.text,
                    lemma=sw.lemma or sw.text,
                    upos=sw.upos or "X",
                    xpos=sw.xpos or "_",
                    feats=sw.feats or "",
                    head=sw.head if sw.head is not None else 0,
                    deprel=sw.deprel or "dep",
                    start=start,
                    end=end,
                    token_index=ti,
                    ner=ner,
                )
            )
        tokens.append(Token(ti, text[start:end], start, end, tuple(ids)))
    if not tokens:
        return None
    s_start, s_end = tokens[0].start, tokens[-1].end
    ents = tuple(
        Entity(
            offset + e.start_char, offset + e.end_char, text[offset + e.start_char : offset + e.end_char], e.type, index
        )
        for e in ssent.ents
    )
    return Sentence(
        index=index,
        start=s_start,
        end=s_end,
        text=text[s_start:s_end],
        tokens=tuple(tokens),
        words=tuple(words),
        entities=ents,
        paragraph=paragraph_index(para_spans, s_start) if para_spans else 0,
    )
