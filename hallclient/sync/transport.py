"""HTTP transport of the sync protocol over ``requests``.

Errors come out as the domain's: ``OfflineError`` (no connection, timeout, server not answering
properly), ``AuthError`` (401/403), ``SyncError`` with ``code="client_outdated"`` (426: this
program must be updated) or another code for a refused request. Bodies are built so that each
mutation's payload is sent as the exact canonical text stored in the outbox.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter

from hallclient.domain.errors import AuthError, HallError, OfflineError, SyncError
from hallclient.queue.client import Timeouts, normalise_base_url
from hallclient.store.outbox import MutationRecord
from hallclient.sync import protocol as proto

# The server was reached but could not serve the sync (5xx, 408, 429): shown apart from "offline".
SERVER_UNAVAILABLE = "server_unavailable"

log = logging.getLogger("hallclient.sync.transport")


@dataclass(frozen=True)
class ServerHello:
    protocol: int
    epoch: str
    last_mutation_id: int
    last_change_seq: int
    server_date: dt.datetime | None  # the HTTP Date header (whole seconds)


@dataclass(frozen=True)
class MutationAnswer:
    mutation_id: int
    status: str  # applied, conflict, rejected
    code: str | None
    reason: str | None
    data: Mapping[str, Any]
    duplicate: bool


@dataclass(frozen=True)
class PushAnswer:
    epoch: str
    last_mutation_id: int
    expected_mutation_id: int | None
    results: tuple[MutationAnswer, ...]
    server_date: dt.datetime | None


@dataclass(frozen=True)
class Change:
    seq: int
    kind: str
    key: str
    digest: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class PullPage:
    epoch: str
    changes: tuple[Change, ...]
    next_since: int
    has_more: bool
    last_change_seq: int
    server_date: dt.datetime | None
    compaction_horizon: int = 0  # send it back with the next pull
    resync: bool = False  # the server compacted its feed past our cursor: read it from 0 again
    anchor: str | None = None  # names the entry at next_since: send it back with that cursor


class SyncTransport(Protocol):
    def hello(self, *, client_id: str) -> ServerHello: ...

    def push(
        self,
        *,
        client_id: str,
        mutations: Sequence[MutationRecord],
        gap_acknowledged: bool,
        clock_skew_ms: int | None,
    ) -> PushAnswer: ...

    def pull(
        self, *, since: int, limit: int, horizon: int | None = None, anchor: str | None = None
    ) -> PullPage: ...


def push_body(
    *, client_id: str, mutations: Sequence[MutationRecord], gap_acknowledged: bool, clock_skew_ms: int | None
) -> bytes:
    """The push request body, with each payload spliced in as its stored canonical text."""
    parts = []
    for m in mutations:
        envelope = json.dumps(
            {
                "client_id": client_id,
                "mutation_id": m.mutation_id,
                "name": m.name,
                "version": m.version,
                "device_time": m.created_at.isoformat(),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        parts.append(envelope[:-1] + ',"payload":' + m.payload_json + "}")
    head = json.dumps(
        {"client_id": client_id, "gap_acknowledged": gap_acknowledged, "clock_skew_ms": clock_skew_ms},
        separators=(",", ":"),
    )
    return (head[:-1] + ',"mutations":[' + ",".join(parts) + "]}").encode("utf-8")


def _date_header(response: requests.Response) -> dt.datetime | None:
    raw = response.headers.get("Date")
    if not raw:
        return None
    try:
        value = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _error(response: requests.Response) -> HallError:
    status = response.status_code
    try:
        err = response.json().get("error") or {}
    except (ValueError, AttributeError):
        err = {}
    message = str(err.get("message") or "") if isinstance(err, dict) else ""
    code = str(err.get("code") or "") if isinstance(err, dict) else ""
    if status == 426:
        return SyncError(
            message or "此窗口程序版本过旧，请升级后再同步；本机数据已保留。",
            code="client_outdated",
            status=status,
        )
    if status in (401, 403):
        return AuthError(
            message or "没有同步权限或登录已失效，请重新登录。", code=code or "auth", status=status
        )
    if status >= 500 or status in (408, 429):
        return OfflineError(
            message or f"服务器暂时无法处理同步（{status}）。", code=SERVER_UNAVAILABLE, status=status
        )
    return SyncError(message or f"服务器拒绝了同步请求（{status}）。", code=code or "refused", status=status)


@contextlib.contextmanager
def _malformed_answer() -> Iterator[None]:
    try:
        yield
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError("服务器的同步应答格式不正确", code="protocol", detail=str(exc)) from exc


class HttpSyncTransport:
    """One per counter; safe to use from one worker thread at a time."""

    def __init__(
        self,
        base_url: str,
        *,
        token: Callable[[], str | None] | None = None,
        device_token: str | None = None,
        timeouts: Timeouts | None = None,
        protocol: int = proto.PROTOCOL,
    ) -> None:
        self.base_url = normalise_base_url(base_url) + proto.API
        self.timeouts = timeouts or Timeouts(connect=2.5, read=60.0)
        self.protocol = protocol
        self._token = token
        self._device_token = device_token
        self._session = requests.Session()
        # No transparent retries: our own retries re-send the same mutation ids, urllib3's would
        # hide a lost answer from us.
        adapter = HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=2)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.trust_env = False  # a hall PC's proxy settings must not capture LAN traffic

    def close(self) -> None:
        self._session.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", proto.PROTOCOL_HEADER: str(self.protocol)}
        token = self._token() if self._token is not None else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self._device_token:
            headers["X-Device-Token"] = self._device_token
        return headers

    def _request(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: bytes | None = None
    ) -> tuple[Any, dt.datetime | None]:
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        url = self.base_url + path
        try:
            response = self._session.request(
                method,
                url,
                params=params,
                data=body,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
            )
        except requests.Timeout as exc:
            raise OfflineError("同步超时，服务器没有及时响应", code="timeout", url=url) from exc
        except requests.RequestException as exc:
            raise OfflineError("无法连接服务器，稍后自动重试", url=url) from exc
        if response.status_code >= 400:
            raise _error(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise OfflineError(
                "服务器返回的内容不完整", code="protocol", status=response.status_code
            ) from exc
        if not isinstance(data, dict):
            raise OfflineError("服务器返回的内容不完整", code="protocol", status=response.status_code)
        return data, _date_header(response)

    def hello(self, *, client_id: str) -> ServerHello:
        data, date = self._request("GET", "/hello", params={"client_id": client_id})
        with _malformed_answer():
            return ServerHello(
                protocol=int(data["protocol"]),
                epoch=str(data["epoch"]),
                last_mutation_id=int(data["last_mutation_id"]),
                last_change_seq=int(data["last_change_seq"]),
                server_date=date,
            )

    def push(
        self,
        *,
        client_id: str,
        mutations: Sequence[MutationRecord],
        gap_acknowledged: bool,
        clock_skew_ms: int | None,
    ) -> PushAnswer:
        body = push_body(
            client_id=client_id,
            mutations=mutations,
            gap_acknowledged=gap_acknowledged,
            clock_skew_ms=clock_skew_ms,
        )
        data, date = self._request("POST", "/push", body=body)
        with _malformed_answer():
            expected = data.get("expected_mutation_id")
            return PushAnswer(
                epoch=str(data["epoch"]),
                last_mutation_id=int(data["last_mutation_id"]),
                expected_mutation_id=int(expected) if expected is not None else None,
                results=tuple(
                    MutationAnswer(
                        mutation_id=int(r["mutation_id"]),
                        status=str(r["status"]),
                        code=r.get("code"),
                        reason=r.get("reason"),
                        data=r.get("data") or {},
                        duplicate=bool(r.get("duplicate")),
                    )
                    for r in data["results"]
                ),
                server_date=date,
            )

    def pull(
        self, *, since: int, limit: int, horizon: int | None = None, anchor: str | None = None
    ) -> PullPage:
        params: dict[str, Any] = {"since": since, "limit": limit}
        if horizon is not None:
            params["horizon"] = horizon
        if anchor:
            params["anchor"] = anchor
        data, date = self._request("GET", "/pull", params=params)
        with _malformed_answer():
            return PullPage(
                epoch=str(data["epoch"]),
                changes=tuple(
                    Change(
                        seq=int(c["seq"]),
                        kind=str(c["kind"]),
                        key=str(c["key"]),
                        digest=str(c["digest"]),
                        body=c["body"],
                    )
                    for c in data["changes"]
                ),
                next_since=int(data["next_since"]),
                has_more=bool(data["has_more"]),
                last_change_seq=int(data["last_change_seq"]),
                server_date=date,
                compaction_horizon=int(data.get("compaction_horizon") or 0),
                resync=bool(data.get("resync", False)),
                anchor=str(data["anchor"]) if data.get("anchor") else None,
            )
