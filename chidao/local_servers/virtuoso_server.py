"""A throwaway Virtuoso (Debian's virtuoso-opensource 7.2) to run chidao against.

    with virtuoso_server.start(tmp_path) as server:
        server.put_graph(graph_iri, ntriples)     # load: the Graph Store endpoint
        RemoteStore(server.query_url) …          # reads: /sparql, anonymous; writes with
        # $CHIDAO_STORE_USER/PASSWORD = server.user/password, $CHIDAO_STORE_SQL = server.sql_address
        httpx.post(server.update_url, data={"update": …}, auth=server.auth())  # SPARQL Update

`start` writes a virtuoso.ini for a fresh database in the given directory, runs `virtuoso-t
+foreground` bound to 127.0.0.1 on free ports (HTTP and ISQL), waits until both answer, then
over ISQL replaces the default dba password and creates the user chidao, granted SPARQL_UPDATE:
what `/sparql-auth` (HTTP digest) needs to run SPARQL Update, and the account chidao.virtuoso_sql
logs in with on the ISQL port. A new database takes about two seconds. The ini's [SPARQL] section
lifts the limits that would make answers differ from an embedded store's without an error, and
TransactionAfterImageLimit the one that would refuse a large document's transaction
(docs/virtuoso.md: "Server settings").
"""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from chidao.local_servers import tied_to_this_process

USER = "chidao"
BINARY = "virtuoso-t"
ISQL = ("isql-vt", "isql-v")  # Debian's name, then upstream's ("isql" alone is unixODBC's)

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxSortedTopRows = 1000000
TransactionAfterImageLimit = 1000000000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def binary() -> str | None:
    """Path of virtuoso-t, or None when Virtuoso is not installed."""
    return shutil.which(BINARY)


def _isql() -> str:
    found = next((shutil.which(name) for name in ISQL if shutil.which(name)), None)
    if found is None:
        raise FileNotFoundError(f"no Virtuoso ISQL client ({' or '.join(ISQL)}) beside {BINARY}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running Virtuoso; `stop()` (or leaving the `with` block) shuts it down."""

    directory: Path
    http_port: int
    isql_port: int
    password: str  # of USER, who may update over /sparql-auth
    dba_password: str
    process: subprocess.Popen = field(repr=False)
    user: str = USER

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        """The SPARQL 1.1 Graph Store endpoint (digest auth, as /sparql-auth)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    @property
    def sql_address(self) -> str:
        """The ISQL port as $CHIDAO_STORE_SQL names it: writes in one transaction per graph."""
        return f"127.0.0.1:{self.isql_port}"

    def auth(self) -> httpx.DigestAuth:
        return httpx.DigestAuth(self.user, self.password)

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph with N-Triples through the Graph Store endpoint: no limit on
        the number of triples, blank nodes kept (INSERT DATA has both limits: docs/virtuoso.md)."""
        r = httpx.put(self.graph_store_url, params={"graph-uri": graph}, content=ntriples, auth=self.auth(),
                      headers={"Content-Type": "application/n-triples"}, timeout=600)
        if r.status_code >= 400:
            raise RuntimeError(f"Virtuoso refused graph {graph}: {r.status_code} {r.text[:500]}")

    def sql(self, statements: str, password: str | None = None) -> str:
        """Run SQL as dba over ISQL (settings SPARQL cannot reach); its output."""
        done = subprocess.run([_isql(), f"127.0.0.1:{self.isql_port}", "dba", password or self.dba_password,
                               f"EXEC={statements}"], capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"Virtuoso ISQL failed: {(done.stdout + done.stderr).strip()[-1000:]}")
        return done.stdout

    def log(self) -> str:
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), then SIGKILL if it has not gone."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(directory: str | Path, timeout: float = 60, attempts: int = 3) -> Server:
    """Start Virtuoso on a new database in `directory` (created; must not hold one already).
    The free ports are only free when chosen; another process may take one before Virtuoso
    listens (it does after creating the database), so a lost race starts over on new ports."""
    path = binary()
    if path is None:
        raise FileNotFoundError(f"{BINARY} not found: install Debian's virtuoso-opensource")
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "virtuoso.db").exists():
        raise FileExistsError(f"{directory} already holds a Virtuoso database")
    for attempt in range(1, attempts + 1):
        server = _launch(path, directory)
        try:
            _wait(server, timeout)
            server.sql(f"DB.DBA.USER_CREATE('{USER}', '{server.password}'); GRANT SPARQL_UPDATE TO \"{USER}\"; "
                       f"USER_CHANGE_PASSWORD('dba', 'dba', '{server.dba_password}');", password="dba")
            return server
        except PortTaken:
            if attempt == attempts:
                raise
            for made in directory.glob("virtuoso*"):
                made.unlink()
        except BaseException:
            server.stop()
            raise


class PortTaken(RuntimeError):
    """Virtuoso could not listen on a port chosen for it."""


def _launch(path: str, directory: Path) -> Server:
    http_port, isql_port = _free_port(), _free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_INI.format(dir=directory, http_port=http_port, isql_port=isql_port))
    with open(directory / "virtuoso.log", "wb") as log:  # in the foreground it logs to stdout only
        process = subprocess.Popen(tied_to_this_process([path, "+foreground", "+configfile", str(ini)]), cwd=directory,
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    return Server(directory, http_port, isql_port, secrets.token_hex(12), secrets.token_hex(12), process)


def _wait(server: Server, timeout: float) -> None:
    """Until the log says both listeners are online (HTTP comes up before ISQL) and /sparql answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = server.log()
            error = PortTaken if "Failed HTTP listen at" in log or "Failed to start listening" in log else RuntimeError
            raise error(f"virtuoso-t exited ({server.process.returncode}): {log[-2000:]}")
        if "Server online at" in server.log():
            try:
                if httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
        time.sleep(0.1)
    raise TimeoutError(f"Virtuoso did not come up in {timeout} s: {server.log()[-2000:]}")
