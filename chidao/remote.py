"""A read-only store over any SPARQL 1.1 endpoint (a running `chidao serve`, Oxigraph server …).

It offers the reading half of `chidao.store.Store` (`select`, `ask`, `count`) so the
notebook facade and lineage code work the same on a local store and on a remote one; search
goes to the chidao service's /search beside the endpoint.
"""
from __future__ import annotations

import httpx

from chidao.store import _to_term, bind_values, python_value
from ontology import sparql_prefixes


def _prefixed(sparql: str) -> str:
    return sparql_prefixes() + sparql


def _py(cell: dict | None):
    return None if cell is None else python_value(cell["value"], cell.get("datatype", ""))


class RemoteStore:
    """`RemoteStore("http://127.0.0.1:8000/sparql")`: queries go over the SPARQL protocol."""

    def __init__(self, endpoint: str, timeout: float = 60.0):
        self.endpoint = endpoint
        self._client = httpx.Client(timeout=timeout)
        self.cache: dict = {}  # as Store.cache; a remote store changes behind our back, so keep it small

    def _post(self, sparql: str) -> dict:
        r = self._client.post(self.endpoint, data={"query": _prefixed(sparql)},
                              headers={"Accept": "application/sparql-results+json"})
        if r.status_code >= 400:
            raise RuntimeError(f"{self.endpoint} answered {r.status_code}: {r.text[:500]}")
        return r.json()

    def select(self, sparql: str, **bindings) -> list[dict[str, object]]:
        if bindings:
            sparql = bind_values(sparql, {k: _to_term(v) for k, v in bindings.items()})
        data = self._post(sparql)
        names = data["head"]["vars"]
        return [{n: _py(b.get(n)) for n in names} for b in data["results"]["bindings"]]

    def ask(self, sparql: str) -> bool:
        data = self._post(sparql)
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data["results"]["bindings"]  # Virtuoso 7.2: a row of ?__ASK_RETVAL 1 when true, none when false
        return bool(rows) and bool(_py(next(iter(rows[0].values()))))

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """The server's /search (a chidao service: the endpoint is …/sparql, search beside it)."""
        base = self.endpoint.rsplit("/sparql", 1)[0]
        r = self._client.get(f"{base}/search", params={"q": query, "limit": limit})
        if r.status_code >= 400:
            raise RuntimeError(f"{base}/search answered {r.status_code}: {r.text[:500]}")
        return r.json()["items"]

    def count(self) -> int:
        return self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]

    def close(self) -> None:
        self._client.close()
