"""Bounds on one request: its size and how long its client waits.

Size: a query string or a body over `max_bytes` is answered 413 before any route reads it, so a
client cannot make the server buffer gigabytes (a POSTed SPARQL query is read whole into
memory). A body without Content-Length (chunked) is counted as it arrives.

Time: a REST request still running after `seconds` is answered 503. The store's query cannot
be interrupted from Python (SPARQL queries run in killable processes for that: api.query_pool),
so the route's thread runs to its end and its answer is dropped; what is bounded is the wait,
and that a client retrying a slow request is told so instead of piling up connections.
"""
from __future__ import annotations

import asyncio

from api.problems import problem_response


class RequestSizeLimit:
    """Pure ASGI middleware (a BaseHTTPMiddleware would buffer the body it is meant to bound)."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("query_string", b"")) > self.max_bytes:
            return await self._too_large(scope, send, "the URL's query string")
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large(scope, send, "the request body")
        received = 0
        started = False

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._too_large(scope, send, "the request body")

    async def _too_large(self, scope, send, what: str) -> None:
        response = problem_response(413, f"{what} is larger than this server's limit of {self.max_bytes} bytes "
                                         f"(CHIDAO_MAX_REQUEST_BYTES)", scope.get("path", ""))
        await response({"type": "http"}, _no_body, send)


class _BodyTooLarge(Exception):
    pass


async def _no_body():
    return {"type": "http.request", "body": b"", "more_body": False}


class RequestTimeLimit:
    """Pure ASGI middleware: a 503 problem when a request outlasts `seconds` (not /sparql, whose
    queries have their own time limit and are killed at it)."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path", "").startswith("/sparql"):
            return await self.app(scope, receive, send)
        answered = started = False

        async def guarded_send(message):
            nonlocal started
            if not answered:
                started = True
                await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # an abandoned one's error is not "never retrieved"
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if done:
            return task.result()
        if started:  # the answer is already streaming: let it finish
            return await task
        answered = True
        response = problem_response(503, f"the request took longer than {self.seconds:g} s and was stopped "
                                         f"(CHIDAO_REQUEST_TIMEOUT); narrow it or retry later", scope.get("path", ""))
        await response({"type": "http"}, _no_body, send)
