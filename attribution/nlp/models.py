"""Where models live and what is installed.

Three places, searched in this order when a model is named:
1. a filesystem path to a model folder (``--model ./my_model``);
2. models downloaded by ``attribution models download`` under the user's
   data folder (``$ATTRIBUTION_HOME``, default ``~/.local/share/attribution``);
3. models shipped inside the package (``attribution/models/<name>/``).

A model folder holds a ``manifest.json`` describing it (name, processors and
their files, origin, licence) and the ``resources.json`` stanza insists on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from attribution.nlp import ModelError

DEFAULT_MODEL = "en_compact"
OFFICIAL_MODEL = "stanza_en"
PACKAGE_MODELS = Path(__file__).resolve().parent.parent / "models"


def user_models_dir() -> Path:
    home = os.environ.get("ATTRIBUTION_HOME")
    base = Path(home) if home else Path.home() / ".local" / "share" / "attribution"
    return base / "models"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    manifest: dict

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    @property
    def origin(self) -> str:
        return str(self.manifest.get("origin", "unknown"))

    @property
    def licence(self) -> str:
        lic = self.manifest.get("licence") or self.manifest.get("licences") or self.manifest.get("license") or "unknown"
        if isinstance(lic, dict):
            return "; ".join(f"{k}: {v}" for k, v in lic.items())
        return str(lic)


def _read_manifest(folder: Path) -> dict | None:
    mf = folder / "manifest.json"
    if not mf.is_file():
        return None
    try:
        return json.loads(mf.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{mf}: unreadable model manifest ({exc})") from exc


def installed() -> list[ModelInfo]:
    """Every model found in the user folder and the package, user first."""
    found: list[ModelInfo] = []
    seen: set[str] = set()
    for root in (user_models_dir(), PACKAGE_MODELS):
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            manifest = _read_manifest(folder)
            if manifest is None or folder.name in seen:
                continue
            seen.add(folder.name)
            found.append(ModelInfo(folder.name, folder, manifest))
    return found


def resolve(model: str | None) -> ModelInfo:
    """Find a model by name or path, or raise a :class:`ModelError` that says what to do."""
    name = model or os.environ.get("ATTRIBUTION_MODEL") or DEFAULT_MODEL
    as_path = Path(name).expanduser()
    if as_path.is_dir() and (os.sep in name or name.startswith(".") or (as_path / "manifest.json").exists()):
        manifest = _read_manifest(as_path)
        if manifest is None:
            raise ModelError(f"{as_path}: not a model folder (no manifest.json)")
        return ModelInfo(manifest.get("name", as_path.name), as_path, manifest)
    for info in installed():
        if info.name == name:
            return info
    hint = (
        "run `attribution models download` (needs network) to fetch the official Stanza English models"
        if name == OFFICIAL_MODEL
        else "run `attribution models list` to see installed models, or `attribution models download` "
        "to fetch the official Stanza English models"
    )
    raise ModelError(f"model {name!r} is not installed: {hint}")
