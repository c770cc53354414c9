"""Request bodies read no further than their route's limit (:mod:`landplan.limits`): bytes are
counted as they arrive, whether the body declares its length or comes in chunks, and reading
stops at the limit. The route is then answered 413 and the server closes the connection
unread, so an over-limit body costs the server at most the limit and one chunk."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landplan.errors import LandplanError
from landplan.limits import MAX_INT_DIGITS


class TooLarge(LandplanError):
    """A request body over ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a request body over {limit} bytes")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: each request's body read through a counter that raises
    :class:`TooLarge` past ``limit_of(path)`` bytes (at once, if its Content-Length says so)."""

    def __init__(self, app: ASGIApp, limit_of: Callable[[str], int]) -> None:
        self.app, self.limit_of = app, limit_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        read = 0

        async def counted() -> Message:
            nonlocal read
            if declared.isdigit() and (len(declared) > MAX_INT_DIGITS or int(declared) > limit):
                raise TooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > limit:
                    raise TooLarge(limit)
            return message

        await self.app(scope, counted, send)
