"""SPARQL updates run in one transaction through Virtuoso's SQL interface (ODBC, its ISQL port).

Over HTTP Virtuoso cannot replace a document graph atomically (docs/virtuoso.md, "Writing"): its
endpoint commits after every request, also after an operation failed half-way, and one request
holds at most 10 MB (the largest gazette text's graph is 42.6 MB). A SQL session in manual-commit
mode runs as many `SPARQL …` statements as the graph needs and then commits, or rolls back on
any error: readers on /sparql (read committed) see the old graph until the commit, then the new
one, and a failure leaves the old graph as it was. Not DB.DBA.TTLP: its vectored loader commits
inside the caller's transaction.

Needs pyodbc (`pip install 'chidao[virtuoso]'`), unixODBC and Virtuoso's ODBC driver (Debian's
libodbc2 and libvirtodbc0). The server's TransactionAfterImageLimit bounds one transaction
(default 50 MB of changes: raise it, docs/virtuoso.md "Server settings").
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable

DRIVER_ENV = "CHIDAO_VIRTUOSO_ODBC"
# the narrow driver: its Unicode twin (virtodbcu_r.so) fails to connect through pyodbc; text goes
# as UTF-8 bytes instead
DRIVERS = ("/usr/lib/*/odbc/virtodbc_r.so", "/usr/lib/odbc/virtodbc_r.so", "/usr/local/virtuoso-opensource/lib/virtodbc_r.so")


def driver() -> str | None:
    """Path of Virtuoso's ODBC driver ($CHIDAO_VIRTUOSO_ODBC, else where packages put it)."""
    if os.environ.get(DRIVER_ENV):
        return os.environ[DRIVER_ENV]
    return next((found for pattern in DRIVERS for found in sorted(glob.glob(pattern))), None)


class VirtuosoSql:
    """One SQL session (opened at the first transaction) as `user` on `address` (host:port)."""

    def __init__(self, address: str, user: str, password: str):
        self.address = address
        self._login = (user, password)
        self._connection = None

    def transaction(self, updates: Iterable[str]) -> None:
        """Run the SPARQL updates in order and commit; on any error roll back and raise."""
        connection = self._connect()
        cursor = connection.cursor()
        try:
            for sparql in updates:
                cursor.execute("SPARQL " + sparql)
            connection.commit()
        except Exception as e:
            connection.rollback()
            raise RuntimeError(f"Virtuoso SQL {self.address} rolled the transaction back: {e}") from e
        except BaseException:
            connection.rollback()
            raise
        finally:
            cursor.close()

    def _connect(self):
        if self._connection is not None:
            return self._connection
        try:
            import pyodbc
        except ImportError:
            raise ImportError("writing through Virtuoso's SQL interface needs pyodbc: pip install 'chidao[virtuoso]'") from None
        path = driver()
        if path is None:
            raise FileNotFoundError(f"Virtuoso's ODBC driver (virtodbc_r.so) not found: install Debian's libvirtodbc0 or set ${DRIVER_ENV}")
        user, password = self._login
        try:
            connection = pyodbc.connect(f"DRIVER={{{path}}};HOST={self.address};UID={user};PWD={password}",
                                        autocommit=False, timeout=30)
        except pyodbc.Error as e:
            raise ConnectionError(f"Virtuoso SQL {self.address} did not accept {user}: {e}") from None
        connection.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
        connection.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
        connection.setencoding(encoding="utf-8")
        self._connection = connection
        return connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
