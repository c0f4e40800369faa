"""A real `chidao serve` on a free loopback port over a store built from the bundled sample, for
the tests outside tests/api (docs examples, the remote Python API). Reuses tests/api/conftest.py's
start_server/stop_server so there is one way to start a server in the suite."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_API_TESTS = ROOT / "tests" / "api"


def _api_conftest():
    if str(_API_TESTS) not in sys.path:
        sys.path.insert(0, str(_API_TESTS))
    spec = importlib.util.spec_from_file_location("chidao_api_test_server", _API_TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def serve_sample(tmp: Path):
    """(server, stop): ingest the sample into tmp/store and serve it; call stop() when done."""
    api = _api_conftest()
    store = tmp / "store"
    subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", str(store),
                    str(ROOT / "examples")], check=True, cwd=ROOT, capture_output=True)
    server = api.start_server(store, tmp / "server.log")
    return server, lambda: api.stop_server(server)
