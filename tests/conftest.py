"""Shared test plumbing.

Layers: unit tests run on cached parses and need no model; tests marked
``model`` load the shipped model once per session; tests marked ``shared``
read ../shared and skip cleanly when it is absent (real users do not have it).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_1a50cc686f63f3ba.txt"
FIXTURES = ROOT / "fixtures"


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Make every socket connection attempt fail loudly, and record attempts."""
    attempts: list = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise NetworkBlocked(f"network use attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(None, host))
    return attempts


@pytest.fixture(scope="session")
def parser():
    """The shipped model, loaded once for the whole session (integration layer)."""
    from attribution.nlp import load_parser

    return load_parser()


@pytest.fixture(scope="session")
def ruleset():
    from attribution.rules import load_ruleset

    return load_ruleset(None)


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.is_file():
        pytest.skip("../shared is not present (the seed article lives there)")
    return SEED.read_bytes().decode("utf-8")
