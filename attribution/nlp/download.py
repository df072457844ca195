"""Fetch the official Stanza English models (the opt-in, network-needing path).

Kept apart from loading: analysis never downloads. This is the only code
that may open a connection, and only when the user runs
``attribution models download``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from attribution.nlp import ModelError
from attribution.nlp.models import OFFICIAL_MODEL, user_models_dir

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"


class NetworkError(ModelError):
    """The download could not reach the model hub."""


def download_official(package: str = "default", target: Path | None = None) -> Path:
    """Download stanza's English models into the user model folder and describe them."""
    import stanza

    dest = target or user_models_dir() / OFFICIAL_MODEL
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        stanza.download("en", model_dir=str(tmp), package=package, processors=PROCESSORS, logging_level="ERROR")
    except Exception as exc:  # requests/urllib errors differ by version; all mean the same to the user
        shutil.rmtree(tmp, ignore_errors=True)
        raise NetworkError(
            f"could not download the official Stanza English models ({type(exc).__name__}: {exc}); "
            "this needs network access to the Stanza model hub. The shipped model 'en_compact' works offline."
        ) from exc
    manifest = {
        "name": OFFICIAL_MODEL,
        "lang": "en",
        "origin": f"official Stanza English models, package {package!r}, from the Stanza model hub",
        "licence": "Apache-2.0 (Stanza); see the Stanza model documentation for the treebank licences",
        "processors": PROCESSORS,
        "stanza_kwargs": {"package": package},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest
