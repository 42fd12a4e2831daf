"""A reverse proxy on loopback in front of a real server, as a hall's gateway (nginx, an API
gateway) would stand there: everything goes through, except what a test tells it to answer itself.

    gateway = BusyGateway(server.base_url)
    client = ServerClient(gateway.base_url)
    gateway.busy("GET", "/api/v1/hall/snapshot")      # answered 429 by the gateway from now on
    gateway.strip("/api/v1/hall/snapshot", "windows", "clerk_user_id")  # an older server's answer
    gateway.busy("POST", path, status=502, forward=True, times=1)  # the server acts, its answer is lost
    gateway.clear()

The answers it makes itself never reach the server behind it (a rate limit at the gateway), unless
``forward``: then the server gets the request and acts on it, and the gateway's answer replaces
the server's (an upstream timeout at the gateway after the server has done the work).
"""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass
from typing import Any

import requests

NGINX_429 = (
    b"<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    b"<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "host",
    "accept-encoding",
}


@dataclass
class _Busy:
    method: str
    path: str
    status: int
    body: bytes
    content_type: str
    retry_after: str | None
    forward: bool = False
    remaining: int | None = None  # how many more requests it answers; None: all


class BusyGateway:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self._lock = threading.Lock()
        self._busy: list[_Busy] = []
        self._strip: list[tuple[str, str | None, str]] = []
        self._local = threading.local()
        self.answered: list[str] = []  # "GET /api/v1/hall/snapshot": what the gateway answered itself
        self.passed: list[str] = []  # what went through to the server
        self.bodies: list[tuple[str, bytes]] = []  # every request's "METHOD /path" and body
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                gateway._serve(self)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815 (http.server's handler names)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def busy(
        self,
        method: str,
        path: str,
        *,
        status: int = 429,
        body: bytes = NGINX_429,
        content_type: str = "text/html",
        retry_after: str | None = None,
        forward: bool = False,
        times: int | None = None,
    ) -> None:
        """Answer ``method path`` (the path without the query) with ``status`` from now on, or
        only the next ``times`` such requests. ``forward``: pass the request on to the server
        first, and answer ``status`` in place of the server's answer."""
        with self._lock:
            self._busy.append(_Busy(method, path, status, body, content_type, retry_after, forward, times))

    def strip(self, path: str, list_key: str | None, key: str) -> None:
        """Leave ``key`` out of the JSON answers to ``GET path`` (of each item of ``list_key``, or of
        the answer itself when None), as a server from before ``key`` was added answers."""
        with self._lock:
            self._strip.append((path, list_key, key))

    def clear(self) -> None:
        with self._lock:
            self._busy.clear()
            self._strip.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- serving --------------------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False
            self._local.session = session
        return session

    def _serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        method = handler.command
        path = handler.path.split("?", 1)[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        with self._lock:
            rule = next(
                (
                    b
                    for b in self._busy
                    if b.method == method and b.path == path and (b.remaining is None or b.remaining > 0)
                ),
                None,
            )
            if rule is not None and rule.remaining is not None:
                rule.remaining -= 1
            strips = [(lk, k) for p, lk, k in self._strip if p == path and method == "GET"]
            self.bodies.append((f"{method} {path}", body))
            if rule is None or rule.forward:
                self.passed.append(f"{method} {path}")
            if rule is not None:
                self.answered.append(f"{method} {path}")
        if rule is not None and not rule.forward:
            self._reply_rule(handler, rule)
            return
        forward = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_BY_HOP}
        try:
            answer = self._session().request(
                method, self.upstream + handler.path, headers=forward, data=body or None, timeout=90
            )
        except requests.RequestException:
            self._reply(handler, 502, {"Content-Type": "text/plain"}, b"Bad Gateway")
            return
        if rule is not None:
            self._reply_rule(handler, rule)
            return
        content = answer.content
        if strips and answer.headers.get("Content-Type", "").startswith("application/json"):
            content = _stripped(content, strips)
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        self._reply(handler, answer.status_code, headers, content)

    def _reply_rule(self, handler: http.server.BaseHTTPRequestHandler, rule: _Busy) -> None:
        headers = {"Content-Type": rule.content_type}
        if rule.retry_after is not None:
            headers["Retry-After"] = rule.retry_after
        self._reply(handler, rule.status, headers, rule.body)

    @staticmethod
    def _reply(
        handler: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _stripped(content: bytes, strips: list[tuple[str | None, str]]) -> bytes:
    data: Any = json.loads(content)
    for list_key, key in strips:
        items = (data.get(list_key) or []) if list_key is not None else [data]
        for item in items:
            if isinstance(item, dict):
                item.pop(key, None)
    return json.dumps(data).encode()
