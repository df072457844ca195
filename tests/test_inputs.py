"""Reading inputs: one clear reason for each kind of bad file."""

from __future__ import annotations

import pytest

from attribution.inputs import InputError, read_text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_bad_content(tmp_path, content, reason):
    p = tmp_path / "x.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_text(p)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 2_000_001)
    with pytest.raises(InputError, match="too large"):
        read_text(p)


def test_newlines_and_bom_untouched(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("\ufeffOne.\r\nTwo.".encode())
    assert read_text(p) == "\ufeffOne.\r\nTwo."
