"""A minimal asyncio HTTP/1.1 keep-alive JSON client for the benchmarks.

The load generator runs on the same cores as the server it measures, and httpx spends about 2 ms
of CPU per request there: at the rates the benchmarks offer, most of a core taken from the server
under test, where in a real hall every window is its own PC. This client does only what the
benchmarks need, with little work per request: one keep-alive connection per object, JSON in and
out, and a transparent reconnect when the server has closed the connection between requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

_HEX = re.compile(rb"[0-9A-Fa-f]+")


class WireError(ConnectionError):
    """The request failed on the wire (refused, reset, closed mid-answer, malformed answer, timed
    out): the server may or may not have processed it."""


class WireTimeoutError(WireError):
    pass


class _ClosedBeforeAnswerError(Exception):
    """EOF before the first byte of the answer: on a reused connection, the server had closed it."""


class WireClient:
    """One keep-alive connection to ``base_url`` (``http://host:port``), opened on first use;
    concurrent calls on one client take turns."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        url = urlsplit(base_url)
        if url.scheme != "http" or not url.hostname:
            raise ValueError(f"only http://host[:port] is supported, not {base_url!r}")
        self._host, self._port, self._netloc = url.hostname, url.port or 80, url.netloc
        self._prefix = url.path.rstrip("/")
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._lock = asyncio.Lock()

    async def post_json(self, path: str, headers: dict[str, str], body: object) -> tuple[int, Any]:
        """(status, parsed JSON answer; the text if it is not JSON, None if empty)."""
        return await self._request("POST", path, headers, json.dumps(body, separators=(",", ":")).encode())

    async def get_json(
        self, path: str, headers: dict[str, str], params: dict[str, Any] | None = None
    ) -> tuple[int, Any]:
        return await self._request("GET", f"{path}?{urlencode(params)}" if params else path, headers, None)

    async def close(self) -> None:
        writer = self._writer
        self._drop()
        if writer is not None:
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def __aenter__(self) -> WireClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _drop(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def _request(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None
    ) -> tuple[int, Any]:
        lines = [f"{method} {self._prefix}{target} HTTP/1.1", f"Host: {self._netloc}"]
        for name, value in headers.items():
            if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
                raise ValueError(f"line break in header {name!r}")  # it would end the header early
            lines.append(f"{name}: {value}")
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        message = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
        async with self._lock:
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._exchange(f"{method} {target}", message)
            except TimeoutError:
                raise WireTimeoutError(f"{method} {target}: no answer within {self.timeout:g} s") from None

    async def _exchange(self, what: str, message: bytes) -> tuple[int, Any]:
        while True:
            if self._reader is not None and self._reader.at_eof():
                self._drop()  # closed by the server while idle: noticed before sending
            reused = self._reader is not None
            try:
                if self._reader is None or self._writer is None:
                    self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
                self._writer.write(message)
                await self._writer.drain()
                return await self._read_answer(self._reader)
            except (_ClosedBeforeAnswerError, ConnectionResetError, BrokenPipeError) as exc:
                # A reused connection may have been closed by the server just as the request went
                # out (keep-alive timeout): once more on a new one. A new one failing is an error.
                self._drop()
                if not reused:
                    raise WireError(f"{what}: connection closed without an answer") from exc
            except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                self._drop()
                raise WireError(f"{what}: {exc!r}") from exc
            except BaseException:
                self._drop()  # cancelled or timed out mid-exchange: the stream is out of step
                raise

    async def _read_answer(self, reader: asyncio.StreamReader) -> tuple[int, Any]:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    raise
                raise _ClosedBeforeAnswerError from None
            status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
            version, _, rest = status_line.partition(" ")
            if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
                raise ValueError(f"bad status line {status_line!r}")
            status = int(rest[:3])
            if not 100 <= status < 200:  # skip interim answers
                break
        fields: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        close = version != "HTTP/1.1" or "close" in _tokens(fields.get("connection", ""))
        if status in (204, 304):
            body = b""
        elif "chunked" in _tokens(fields.get("transfer-encoding", "")):
            body = await _read_chunked(reader)
        elif (length := fields.get("content-length")) is not None:
            if not length.isdigit():
                raise ValueError(f"bad Content-Length {length!r}")
            body = await reader.readexactly(int(length))
        else:
            body, close = await reader.read(), True  # delimited by the end of the connection
        if close:
            self._drop()
        if not body:
            return status, None
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body.decode("utf-8", "replace")


def _tokens(value: str) -> set[str]:
    return {token.strip().lower() for token in value.split(",")}


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = (await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip()
        if not _HEX.fullmatch(size):
            raise ValueError(f"bad chunk size {size!r}")
        if not (n := int(size, 16)):
            break
        chunk = await reader.readexactly(n + 2)
        if chunk[-2:] != b"\r\n":
            raise ValueError("chunk not followed by CRLF")
        parts.append(chunk[:-2])
    while await reader.readuntil(b"\r\n") != b"\r\n":
        pass  # trailer fields, unused
    return b"".join(parts)
