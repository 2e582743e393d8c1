"""Shared fixtures: the seed corpus, the shared data folder, and a network guard."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def shared_data() -> Path | None:
    """The shared corpora folder (``NLPTOOLS_DATA`` or ``../shared/data``), if present."""
    env = os.environ.get("NLPTOOLS_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "data")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    d = shared_data()
    if d is None:
        pytest.skip("shared corpora not found: set NLPTOOLS_DATA or place them at ../shared/data")
    return d


class _NoNetwork(socket.socket):
    def connect(self, address):
        if self.family == socket.AF_UNIX:
            return super().connect(address)
        raise OSError(f"network access attempted in a test: connect({address!r})")

    def connect_ex(self, address):
        if self.family == socket.AF_UNIX:
            return super().connect_ex(address)
        raise OSError(f"network access attempted in a test: connect_ex({address!r})")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Every test runs with outgoing connections refused (the toolkit is offline)."""
    if request.node.get_closest_marker("network_ok"):
        return
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    monkeypatch.setattr(socket, "create_connection", _refuse)


def _refuse(*args, **kwargs):
    raise OSError("network access attempted in a test: create_connection")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that asks for the shared corpora is a ``data`` test (left out of ``make test-fast``)."""
    for item in items:
        if "data_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.data)
