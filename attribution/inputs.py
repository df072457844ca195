"""Reading articles from disk or stdin with one clear reason when it fails.

Text is decoded as UTF-8 with newlines untouched (the JSON contract's offsets
index exactly that string), so ``\\r\\n`` stays two characters and a byte-order
mark stays a character.
"""

from __future__ import annotations

from pathlib import Path

#: default ceiling; a news article is rarely over 100 kB
MAX_BYTES = 5_000_000


class InputError(Exception):
    """An input that cannot be audited; the message names the reason."""


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise InputError(f"file too large ({len(data):,} bytes; the limit is {max_bytes:,}, see --max-bytes)")
    if not data.strip():
        raise InputError("empty file" if not data else "file holds only whitespace")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    return text


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file")
    if p.is_dir():
        raise InputError("is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"file too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)")
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data, max_bytes=max_bytes)
