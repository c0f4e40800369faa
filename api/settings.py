"""Service settings from the environment, handed to routes through a dependency.

FastAPI's advice: `get_settings` is cached and injected, so tests build an app with their own
Settings (create_app(settings)) instead of patching globals. Every setting is documented in
README "HTTP service" (a test checks the names)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

ENV = {
    "store": "CHIDAO_STORE",
    "query_timeout": "CHIDAO_QUERY_TIMEOUT",
    "result_limit": "CHIDAO_RESULT_LIMIT",
    "update_token": "CHIDAO_UPDATE_TOKEN",
    "query_workers": "CHIDAO_QUERY_WORKERS",
    "max_request_bytes": "CHIDAO_MAX_REQUEST_BYTES",
    "request_timeout": "CHIDAO_REQUEST_TIMEOUT",
}


@dataclass(frozen=True)
class Settings:
    store: str = "chidao-store"
    query_timeout: float = 10.0   # seconds per SPARQL query, then the worker is killed
    result_limit: int = 10000     # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    update_token: str | None = None  # SPARQL Update is enabled only when a token is set
    query_workers: int = 2        # processes evaluating /sparql queries
    max_request_bytes: int = 1_000_000  # a larger query string or body is answered 413
    request_timeout: float = 30.0  # seconds a REST request may run before its client gets a 503

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        values = {}
        for name, var in ENV.items():
            raw = os.environ.get(var)
            if raw:
                kind = cls.__dataclass_fields__[name].type
                values[name] = float(raw) if kind == "float" else int(raw) if kind == "int" else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@lru_cache
def get_settings() -> Settings:
    return Settings.from_env()
