"""A route's cost must not grow with the store: the rows the store hands to Python for one
request (Store.rows_read), on a store of S synthetic documents and on one twice as big.

Wave 1 read every entry into Python for a list or a search; such a route reads twice the rows
on the bigger store and fails here. Timing is left to bench/bench_scale.py."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from chidao.store import Store
from chidao.synthetic import small_documents

S = 500  # documents in the smaller store (the bigger holds 2 S); ~14 triples each

ROUTES = [
    "/search?q=77/2015/QH13", "/search?q=bao cao 7", "/search?q=so noi vu",
    "/instruments?limit=20", "/instruments?type=KH&limit=20", "/instruments?issuer=ubnd tinh so 3&limit=20",
    "/instruments?q=ke hoach 7&limit=20", "/instruments?symbol=7/KH-UBND",
    "/tasks?limit=20", "/tasks?q=cai cach&limit=20", "/bodies?limit=20", "/bodies?q=so noi vu", "/documents?limit=20",
    "/instruments/eli/l/2015/77/quoc-hoi", "/bodies/org/quoc-hoi",
    "/lineage/eli/l/2015/77/quoc-hoi?direction=down&depth=2",
    "/lineage/eli/bc/2021/7/ubnd-tinh-7?direction=up&depth=3",
    "/path?from=eli/bc/2021/7/ubnd-tinh-7&to=eli/l/2015/77/quoc-hoi",
    "/evidence?subject=eli/bc/2021/7/ubnd-tinh-7&predicate=eli:based_on&object=eli/l/2015/77/quoc-hoi",
]


@pytest.fixture(scope="module")
def synthetic_stores(tmp_path_factory) -> dict[int, str]:
    out = {}
    for n in (S, 2 * S):
        path = tmp_path_factory.mktemp(f"synthetic-{n}")
        store = Store(path)
        store.load_vocabulary()
        for graph, nt in small_documents(n):
            store.replace_graph_nt(graph, nt)
        store.flush()
        del store
        out[n] = str(path)
    return out


@pytest.fixture(scope="module")
def rows_per_route(synthetic_stores) -> dict[int, dict[str, int]]:
    out = {}
    for n, path in synthetic_stores.items():
        with TestClient(create_app(Settings(store=path, query_workers=1))) as client:
            served = client.app.state.live.current()
            out[n] = {}
            for route in ROUTES:
                before = served.rows_read
                r = client.get(route)
                assert r.status_code == 200, (route, r.text[:300])
                out[n][route] = served.rows_read - before
    return out


@pytest.mark.parametrize("route", ROUTES)
def test_rows_read_stay_bounded_when_the_store_doubles(rows_per_route, route):
    small, big = rows_per_route[S][route], rows_per_route[2 * S][route]
    assert big <= small * 1.1 + 5, f"{route}: {small} rows at {S} documents, {big} at {2 * S}"


def test_the_hub_is_really_a_hub(synthetic_stores):
    """The comparison means something: the hub law has more dependants than a page shows."""
    with TestClient(create_app(Settings(store=synthetic_stores[2 * S], query_workers=1))) as client:
        groups = client.get("/lineage/eli/l/2015/77/quoc-hoi?direction=down&depth=1&limit=10").json()["groups"]
    assert groups and max(g["total"] for g in groups) >= 2 * S and max(g["shown"] for g in groups) == 10
