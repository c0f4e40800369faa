"""A server the tests start goes when the process that started it is killed with SIGKILL (no
cleanup runs then): a killed test run must not leave servers holding ports and folders."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from chidao.local_servers import virtuoso_server

STARTER = """
import os, signal, sys
from pathlib import Path
folder = Path(sys.argv[2])
if sys.argv[1] == "oxigraph":
    from chidao.local_servers.oxigraph_server import OxigraphServer
    process = OxigraphServer(folder / "data").start().process
else:
    from chidao.local_servers import virtuoso_server
    process = virtuoso_server.start(folder).process
print(process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (ended, not yet reaped by init) is gone for our purpose
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ")[1][0] != "Z"


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_a_server_goes_with_the_process_that_started_it(kind, tmp_path):
    if kind == "virtuoso" and not virtuoso_server.binary():
        pytest.skip("Debian's virtuoso-opensource is not installed (`make system-deps` installs it)")
    done = subprocess.run([sys.executable, "-c", STARTER, kind, str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == -9, done.stderr
    server = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while _alive(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(server):
        os.kill(server, 9)
        pytest.fail(f"the {kind} server {server} outlived the process that started it")
