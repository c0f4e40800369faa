"""An Oxigraph server (`oxigraph serve`, PyPI package `oxigraph`) on a free loopback port over a
folder, for tests and benchmarks that need a real SPARQL 1.1 server to point `--store` at.

    with OxigraphServer(tmp_path / "oxigraph") as server:
        chidao ingest --store server.query_url …
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from chidao.local_servers import tied_to_this_process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` command installed beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("no `oxigraph` command: pip install 'oxigraph>=0.5,<0.6'")
    return found


class OxigraphServer:
    """`start()` launches the server and waits until it answers; `stop()` ends it (and only it)."""

    def __init__(self, location: Path, port: int | None = None, log: Path | None = None):
        self.location = Path(location)
        self.port = port or free_port()
        self.log = log or self.location.with_name(self.location.name + ".log")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        """What chidao's --store takes."""
        return self.url + "/query"

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        self.location.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(tied_to_this_process([oxigraph_binary(), "serve", "--location",
                                                                  str(self.location), "--bind", f"127.0.0.1:{self.port}"]),
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}: {self.log.read_text('utf-8', 'replace')}")
            try:
                if httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer within {timeout:g} s: {self.log.read_text('utf-8', 'replace')}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
