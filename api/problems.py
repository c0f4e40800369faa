"""Errors as RFC 9457 problem details (application/problem+json) with a message people can act on,
in Vietnamese with the English alongside (the messages are written in English where raised and
read into Vietnamese here, from a table: api/problems_vi.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 406: "Not acceptable", 413: "Too large", 415: "Unsupported media type",
          422: "Invalid parameters", 500: "Internal error", 503: "Service unavailable"}


class Problem(Exception):
    def __init__(self, status: int, detail: str, *, headers: dict | None = None):
        self.status, self.detail, self.headers = status, detail, headers


@lru_cache(maxsize=1)
def _vietnamese() -> tuple[dict[int, str], list[tuple[re.Pattern, str]]]:
    data = json.loads(resources.files("api").joinpath("problems_vi.json").read_text("utf-8"))
    return ({int(k): v for k, v in data["titles"].items()},
            [(re.compile(pattern, re.DOTALL), vi) for pattern, vi in data["messages"]])


def in_vietnamese(status: int, detail: str) -> tuple[str, str]:
    """(title, detail) in Vietnamese with the English alongside: 'vi — en' (api/problems_vi.json)."""
    titles, messages = _vietnamese()
    title = f"{titles.get(status, 'Lỗi')} — {TITLES.get(status, 'Error')}"
    for pattern, vi in messages:
        m = pattern.fullmatch(detail)
        if m:
            return title, f"{m.expand(vi)} — {detail}"
    return title, f"{titles.get(status, 'Lỗi')}: {detail}"


def problem_response(status: int, detail: str, instance: str = "", headers: dict | None = None) -> JSONResponse:
    title, detail = in_vietnamese(status, detail)
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem_response(exc.status, exc.detail, request.url.path, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return problem_response(exc.status_code, str(exc.detail), request.url.path, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        return problem_response(422, detail, request.url.path)
