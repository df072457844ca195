"""A parse cache on disk: the same text and model give the same CoNLL-U.

Evaluation runs parse the same articles again and again while extraction
changes; caching the parses (keyed by model name and a hash of the text)
turns a minute of parsing into a second of reading.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from attribution.model import ParsedDocument
from attribution.nlp import Parser, conllu
from attribution.nlp.name_classifier import fingerprint
from attribution.nlp.text import PREPARE_VERSION


class CachedParser:
    def __init__(self, parser: Parser, folder: Path) -> None:
        self._parser = parser
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self.name = parser.name
        # a retrained model keeps its name but not its parses: the version is part of the key
        # and so is the text preparation, which decides what the parser sees
        # (and the name model's weights, which retype the entities)
        self._key = f"{parser.name}@{getattr(parser, 'version', '')}#prep{PREPARE_VERSION}#names{fingerprint()}"

    def _path(self, text: str) -> Path:
        key = hashlib.sha256(f"{self._key}\0{text}".encode()).hexdigest()[:32]
        return self._folder / f"{key}.conllu"

    def parse(self, text: str) -> ParsedDocument:
        return self.parse_many([text])[0]

    def parse_many(self, texts: list[str]) -> list[ParsedDocument]:
        out: list[ParsedDocument | None] = []
        missing: list[int] = []
        for i, text in enumerate(texts):
            p = self._path(text)
            if p.is_file():
                doc = conllu.loads(p.read_text(encoding="utf-8"))
                out.append(doc if doc.text == text else None)
            else:
                out.append(None)
            if out[-1] is None:
                missing.append(i)
        if missing:
            for i, doc in zip(missing, self._parser.parse_many([texts[i] for i in missing]), strict=True):
                out[i] = doc
                p = self._path(texts[i])
                tmp = p.with_suffix(".tmp")
                tmp.write_text(conllu.dumps(doc), encoding="utf-8")
                os.replace(tmp, p)
        return out  # type: ignore[return-value]
