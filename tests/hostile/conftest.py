"""Fixtures of the hostile-input tests (issue 15): real servers over real stores."""
from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import API, ROOT, TOKEN, chidao


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("hostile") / "store"
    done = chidao("ingest", "--quiet", "--store", str(store), str(ROOT / "examples"))
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def token_server(sample_store, tmp_path_factory):
    """The sample store served with SPARQL Update behind TOKEN."""
    server = API.start_server(sample_store, tmp_path_factory.mktemp("logs") / "server.log", CHIDAO_UPDATE_TOKEN=TOKEN)
    yield server
    API.stop_server(server)
