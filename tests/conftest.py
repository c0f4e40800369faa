"""Shared fixtures: the bundled sample, a store built from it, and ../shared when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from chidao.loading import ingest_paths
from chidao.store import Store
from ingest.pipeline import extract
from ingest.read.files import read_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
SHARED = Path(os.environ.get("CHIDAO_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_extraction():
    return extract(read_path(SAMPLE))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("store"))
    report = ingest_paths(store, [SAMPLE])
    assert not report.failures, report.failures
    return store


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"../shared/corpus not found at {SHARED} (a user's clone has no shared/; CI has it)")
    return SHARED
