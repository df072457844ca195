"""A small pretrained sentence encoder (MiniLM) in plain torch, for context the NER model lacks.

Why. The NER model knows words through vectors built from the treebanks and one encoder pass
over each word on its own; it learned from 3,500 names. Whether "Volaris" in "British Airways,
Southwest, Volaris, WestJet" is a company or a place is read from the words around it by a
model pretrained on a large corpus. The name pass (:mod:`.name_classifier`) reads, for each
candidate name, the encoder's states over its words in their sentence.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache 2.0; a 6-layer, 384-wide
uncased BERT), fine-tuned on the name pass's candidates. Its weights ship in
``attribution/data/encoder.pt``, quantised to 4 bits per weight with one scale per 32 weights
(13.3 MB; ``python -m training.encoder --tune`` writes the file from the original weights, card
``attribution/data/ENCODER.md``). This module holds its own
BERT forward pass and WordPiece tokenizer, so the product needs torch (which stanza needs
anyway) and not the transformers library, whose import alone would cost seconds of the
model-load budget.

The tokenizer follows BERT's uncased "basic" tokenizer and WordPiece: control characters
dropped, Chinese/Japanese/Korean ideographs and punctuation split off, lower case, accents
stripped (NFD), then the longest vocabulary pieces from the left with ``##`` continuations; a
word that cannot be covered (or is over 100 characters) is ``[UNK]``. Input words are the
parser's tokens, so each piece knows its token.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from pickle import UnpicklingError

ENCODER_PATH = Path(__file__).resolve().parent.parent / "data" / "encoder.pt"
FORMAT = "attribution-encoder/1"
#: pieces per sequence, [CLS] and [SEP] included (the model's position table)
MAX_PIECES = 512


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _clean(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or cat == "Zs":
            out.append(" ")
        elif cat.startswith("C"):
            continue
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    return "".join(out)


def basic_split(text: str) -> list[str]:
    """BERT's uncased basic tokenizer: cleaned, lower-cased, accent-free, punctuation apart."""
    words = []
    for chunk in _clean(text).split():
        chunk = "".join(c for c in unicodedata.normalize("NFD", chunk.lower()) if unicodedata.category(c) != "Mn")
        current = ""
        for ch in chunk:
            if _is_punct(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    """Word -> vocabulary ids, as BERT's uncased tokenizer does it."""

    def __init__(self, vocab: list[str]):
        self.vocab = {p: i for i, p in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    @lru_cache(maxsize=65536)  # noqa: B019 - one tokenizer per loaded encoder, kept for the process
    def ids(self, word: str) -> tuple[int, ...]:
        out: list[int] = []
        for w in basic_split(word):
            if len(w) > 100:
                out.append(self.unk)
                continue
            start, pieces = 0, []
            while start < len(w):
                end = len(w)
                found = None
                while start < end:
                    sub = w[start:end] if start == 0 else "##" + w[start:end]
                    if sub in self.vocab:
                        found = self.vocab[sub]
                        break
                    end -= 1
                if found is None:
                    pieces = [self.unk]
                    break
                pieces.append(found)
                start = end
            out.extend(pieces)
        return tuple(out)


@dataclass(frozen=True)
class Config:
    layers: int
    hidden: int
    heads: int
    eps: float = 1e-12


class Encoder:
    """MiniLM's forward pass over one sequence of words: the per-layer states of its pieces."""

    def __init__(self, tensors: dict, vocab: list[str], config: Config, info: dict):
        import torch

        self.torch = torch
        self.t = tensors
        self.config = config
        self.tokenizer = WordPiece(vocab)
        self.info = info

    def _layer_norm(self, x, name):
        return self.torch.nn.functional.layer_norm(
            x, (self.config.hidden,), self.t[name + ".weight"], self.t[name + ".bias"], self.config.eps
        )

    def _linear(self, x, name):
        return self.torch.nn.functional.linear(x, self.t[name + ".weight"], self.t[name + ".bias"])

    def states(self, words: list[str]) -> tuple[list, list[int]]:
        """The hidden states (embeddings, then each layer: a list of ``pieces x hidden``
        tensors, [CLS] and [SEP] included) and, for each piece, the index of its word (-1 for
        [CLS] and [SEP]). Words past the model's 512 pieces are left out (no piece)."""
        with self.torch.inference_mode():
            return self.forward(words)

    def forward(self, words: list[str]) -> tuple[list, list[int]]:
        """:meth:`states` with gradients where the tensors have them (the fine-tuning in
        ``training.encoder`` trains them through this same code)."""
        torch = self.torch
        ids, owner = [self.tokenizer.cls], [-1]
        for wi, word in enumerate(words):
            pieces = self.tokenizer.ids(word)
            if len(ids) + len(pieces) > MAX_PIECES - 1:
                break
            ids.extend(pieces)
            owner.extend([wi] * len(pieces))
        ids.append(self.tokenizer.sep)
        owner.append(-1)
        t, c = self.t, self.config
        idx = torch.tensor(ids)
        x = t["embeddings.word_embeddings.weight"][idx] + t["embeddings.position_embeddings.weight"][: len(ids)]
        x = self._layer_norm(x + t["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        out = [x]
        n, d = len(ids), c.hidden // c.heads
        for i in range(c.layers):
            p = f"encoder.layer.{i}."
            q = self._linear(x, p + "attention.self.query").view(n, c.heads, d).transpose(0, 1)
            k = self._linear(x, p + "attention.self.key").view(n, c.heads, d).transpose(0, 1)
            v = self._linear(x, p + "attention.self.value").view(n, c.heads, d).transpose(0, 1)
            att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
            ctx = (att @ v).transpose(0, 1).reshape(n, c.hidden)
            att_out = self._linear(ctx, p + "attention.output.dense")
            x = self._layer_norm(att_out + x, p + "attention.output.LayerNorm")
            h = torch.nn.functional.gelu(self._linear(x, p + "intermediate.dense"))
            x = self._layer_norm(self._linear(h, p + "output.dense") + x, p + "output.LayerNorm")
            out.append(x)
        return out, owner


def _widen(value: dict):
    """A stored matrix as float32: 8-bit rows times their scales (``q``), or 4-bit groups times
    theirs (``q4``: two weights to a byte, low nibble first, stored as value + 8)."""
    import torch

    scale = value["scale"].to(torch.float32)
    if "q" in value:
        return value["q"].to(torch.float32) * scale.unsqueeze(1)
    packed = value["q4"].to(torch.int16)
    rows, half = packed.shape
    q = torch.empty(rows, half * 2, dtype=torch.int16)
    q[:, 0::2] = packed & 15
    q[:, 1::2] = packed >> 4
    groups = scale.shape[1]
    return ((q - 8).to(torch.float32).view(rows, groups, -1) * scale.unsqueeze(-1)).view(rows, half * 2)


def fingerprint(path: Path | None = None) -> str:
    """A short hash of the weight file ("none" without one): the parse cache keys on it."""
    p = Path(path or ENCODER_PATH)
    return hashlib.sha256(p.read_bytes()).hexdigest()[:12] if p.is_file() else "none"


def load_encoder(path: Path | None = None) -> Encoder | None:
    """The shipped (or given) encoder; None when there is no file."""
    return _load(str(path or ENCODER_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> Encoder | None:
    p = Path(path)
    if not p.is_file():
        return None
    import torch

    try:
        return from_data(torch.load(p, map_location="cpu", weights_only=True))
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError, EOFError, UnpicklingError) as exc:
        raise ValueError(f"{p}: not an encoder weight file ({exc})") from exc


def from_data(data: dict) -> Encoder:
    """The encoder of a weight file's contents (what ``training.encoder.convert`` gives): checked,
    its matrices widened to float32. Raises ValueError / KeyError on contents that are not one."""
    import torch

    if data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
    cfg = data["config"]
    config = Config(int(cfg["layers"]), int(cfg["hidden"]), int(cfg["heads"]), float(cfg.get("eps", 1e-12)))
    tensors = {
        name: _widen(value) if isinstance(value, dict) else value.to(torch.float32)
        for name, value in data["tensors"].items()
    }
    vocab = list(data["vocab"])
    for name in ("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight"):
        if name not in tensors:
            raise ValueError(f"missing {name}")
    if tensors["embeddings.word_embeddings.weight"].shape[0] != len(vocab):
        raise ValueError("the vocabulary and the embedding table differ in size")
    return Encoder(tensors, vocab, config, dict(data.get("info", {})))
