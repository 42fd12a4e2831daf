"""The counter's HTTP client for the central server (API v1, see docs/api.md).

Every call is blocking and typed: it returns frozen values from ``hallclient.queue.models`` or
raises one of the domain errors, carrying the server's own Chinese message. The UI never calls
this on the GUI thread; it goes through ``hallclient.ui.tasks.TaskRunner``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from hallclient.domain.errors import (
    AuthError,
    ConflictError,
    HallError,
    NotFoundError,
    OfflineError,
    SyncError,
    ValidationError,
)
from hallclient.queue.models import (
    ActionResult,
    EventBatch,
    HallInfo,
    HallSnapshot,
    Health,
    LoginResult,
    ManualTicketClash,
    RatingReceipt,
    Reasons,
    Rectification,
    Ticket,
    TicketId,
    WindowAction,
)

log = logging.getLogger("hallclient.queue.client")

API = "/api/v1"


@dataclass(frozen=True)
class Timeouts:
    """Seconds. A dead server must be noticed fast: the connect timeout is short on purpose."""

    connect: float = 2.5
    read: float = 10.0
    long_poll_grace: float = 10.0  # added to the long-poll's own wait


def normalise_base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url:
        raise ValidationError("请填写服务器地址", field="server_url")
    if "://" not in url:
        url = "http://" + url
    if not url.startswith(("http://", "https://")):
        raise ValidationError("服务器地址必须以 http:// 或 https:// 开头", field="server_url")
    return url


def _new_session() -> requests.Session:
    session = requests.Session()
    # No transparent retries: a POST retried by urllib3 would hide a timeout the caller must see
    # (our retries reuse the request_id, urllib3's would not know about it).
    adapter = HTTPAdapter(max_retries=0, pool_connections=4, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False  # a hall PC's proxy settings must not capture loopback/LAN traffic
    return session


class ServerClient:
    """Thread-safe enough for our use: requests.Session pools connections per thread-safe adapter;
    the token is swapped under a lock. Long-polls use their own session so they never hold a
    connection an action needs."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        device_token: str = "",
        timeouts: Timeouts | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.timeouts = timeouts or Timeouts()
        self._token = token
        # A registered device (display, kiosk) sends this; a user's token, once set, wins.
        self.device_token = device_token.strip()
        self._lock = threading.Lock()
        self._session = _new_session()
        self._poll_session = _new_session()

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def token(self) -> str:
        with self._lock:
            return self._token

    def set_token(self, token: str) -> None:
        with self._lock:
            self._token = token

    def close(self) -> None:
        self._session.close()
        self._poll_session.close()

    def _headers(self) -> dict[str, str]:
        token = self.token
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif self.device_token:
            headers["X-Device-Token"] = self.device_token
        return headers

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        read_timeout: float | None = None,
        session: requests.Session | None = None,
        signing_in: bool = False,
    ) -> Any:
        url = f"{self.base_url}{path}"
        timeout = (self.timeouts.connect, read_timeout if read_timeout is not None else self.timeouts.read)
        try:
            response = (session or self._session).request(
                method, url, json=json, params=params, headers=self._headers(), timeout=timeout
            )
        except requests.Timeout as exc:
            raise OfflineError("服务器响应超时", code="timeout", url=url) from exc
        except requests.ConnectionError as exc:
            raise OfflineError("无法连接服务器", url=url) from exc
        except requests.RequestException as exc:
            raise OfflineError(f"与服务器通信失败: {exc}", url=url) from exc
        if response.status_code >= 400:
            raise _error_from_response(response, signing_in=signing_in)
        try:
            return response.json()
        except ValueError as exc:
            raise SyncError(
                "服务器返回的内容不是 JSON", code="protocol", status=response.status_code
            ) from exc

    # -- endpoints ------------------------------------------------------------------------------

    def health(self, *, timeout: float | None = None) -> Health:
        return Health.from_json(self._request("GET", f"{API}/health", read_timeout=timeout))

    def login(
        self, *, username: str, password: str, window_no: str | None = None, device_id: str | None = None
    ) -> LoginResult:
        body: dict[str, Any] = {"username": username, "password": password}
        if window_no:
            body["window_no"] = window_no
        if device_id:
            body["device_id"] = device_id
        result = LoginResult.from_json(self._request("POST", f"{API}/auth/login", json=body, signing_in=True))
        self.set_token(result.token)
        return result

    def hall(self) -> HallInfo:
        return HallInfo.from_json(self._request("GET", f"{API}/hall"))

    def snapshot(self) -> HallSnapshot:
        return HallSnapshot.from_json(self._request("GET", f"{API}/hall/snapshot"))

    def events(self, *, since: int, timeout_s: float = 25.0) -> EventBatch:
        wait = max(0.0, min(timeout_s, 30.0))
        data = self._request(
            "GET",
            f"{API}/events",
            params={"since": since, "timeout": wait},
            read_timeout=wait + self.timeouts.long_poll_grace,
            session=self._poll_session,
        )
        return EventBatch.from_json(data)

    def issue_ticket(
        self,
        *,
        service: str,
        request_id: str,
        source: str = "kiosk",
        green_channel: bool = False,
        appointment_id: str | None = None,
    ) -> Ticket:
        body: dict[str, Any] = {
            "service": service,
            "source": source,
            "green_channel": green_channel,
            "request_id": request_id,
        }
        if appointment_id:
            body["appointment_id"] = appointment_id
        return Ticket.from_json(self._request("POST", f"{API}/tickets", json=body))

    def ticket(self, ticket_id: TicketId) -> Ticket:
        return Ticket.from_json(self._request("GET", f"{API}/tickets/{ticket_id}"))

    def find_ticket(self, number: str) -> Ticket:
        """Today's ticket with this number (``A012``; after a transfer, its current entry)."""
        return Ticket.from_json(self._request("GET", f"{API}/tickets", params={"number": number}))

    def cancel_ticket(self, ticket_id: TicketId, *, request_id: str, reason: str | None = None) -> Ticket:
        """Cancel a waiting or suspended ticket (a manager, or whoever issued it)."""
        body: dict[str, Any] = {"request_id": request_id}
        if reason:
            body["reason"] = reason
        return Ticket.from_json(self._request("POST", f"{API}/tickets/{ticket_id}/cancel", json=body))

    def manual_ticket_clashes(self, *, day: date) -> list[ManualTicketClash]:
        """Paper tickets of ``day`` that clashed with the queue, newest first (managers)."""
        rows = self._request(
            "GET", f"{API}/sync/manual-tickets", params={"status": "clash", "day": day.isoformat()}
        )
        return [ManualTicketClash.from_json(row) for row in rows if row.get("service_day") == day.isoformat()]

    def window_action(
        self, *, window_no: str, action: WindowAction, request_id: str, **fields: Any
    ) -> ActionResult:
        body = {"request_id": request_id, **{k: v for k, v in fields.items() if v is not None}}
        data = self._request("POST", f"{API}/windows/{window_no}/actions/{action.value}", json=body)
        return ActionResult.from_json(data)

    def rectifications(self, *, include_closed: bool = False, limit: int = 200) -> list[Rectification]:
        """The hall's 差评 with their rectification stage, newest first (managers, monitor devices)."""
        params = {"status": "all" if include_closed else "open", "limit": limit}
        data = self._request("GET", f"{API}/rectifications", params=params)
        return [Rectification.from_json(row) for row in data.get("rectifications") or ()]

    def advance_rectification(
        self, rating_id: int, *, note: str, stage: str, request_id: str
    ) -> Rectification:
        """Finish the 差评's current ``stage`` with ``note`` and move on (managers).

        ``stage`` is the stage the manager was looking at: ConflictError ``stale_stage`` when someone
        else has moved it on meanwhile. A retry with the same ``request_id`` returns the first answer.
        """
        body = {"request_id": request_id, "note": note, "stage": stage}
        data = self._request("POST", f"{API}/rectifications/{int(rating_id)}/advance", json=body)
        return Rectification.from_json(data)

    def reasons(self) -> Reasons:
        return Reasons.from_json(self._request("GET", f"{API}/reasons"))

    def post_rating(
        self,
        *,
        request_id: str,
        ticket_id: TicketId | None,
        window_no: str,
        level: int | None,
        reasons: tuple[str, ...] = (),
        comment: str = "",
        rated_at: datetime,
        case_no: str | None = None,
        item_code: str | None = None,
        channel: str = "counter_pad",
    ) -> RatingReceipt:
        body: dict[str, Any] = {
            "request_id": request_id,
            "ticket_id": ticket_id,
            "window_no": window_no,
            "level": level,
            "reasons": list(reasons),
            "comment": comment,
            "channel": channel,
            "rated_at": rated_at.isoformat(),
        }
        if case_no:
            body["case_no"] = case_no
        if item_code:
            body["item_code"] = item_code
        data = self._request("POST", f"{API}/ratings", json=body)
        return RatingReceipt(id=data.get("id"), ticket_id=data.get("ticket_id"), level=data.get("level"))


def _error_from_response(response: requests.Response, *, signing_in: bool = False) -> HallError:
    """``signing_in``: the answer to the login itself, the one request the server throttles."""
    status = response.status_code
    try:
        body = response.json()
        err = body.get("error") or {}
        if not isinstance(err, dict):  # FastAPI's own {"detail": ...} if a route escaped the handler
            err = {}
        message = str(err.get("message") or body.get("detail") or "")
        code = err.get("code")
        params = err.get("params") or {}
    except ValueError:
        message, code, params = "", None, {}
    if not isinstance(params, dict):
        params = {}
    field = params.get("field")
    # these names are the error constructors' own keywords
    params = {k: v for k, v in params.items() if k not in ("code", "field", "message", "status")}
    if status in (401, 403):
        return AuthError(message or "没有权限或登录已失效", code=code or "auth", status=status, **params)
    if status == 429:
        if "retry_after" not in params and (seconds := _retry_after(response)) is not None:
            params["retry_after"] = seconds
        if signing_in:
            return AuthError(
                message or "尝试次数过多，请稍后再试", code=code or "throttled", status=status, **params
            )
        # Any other 429 comes from a gateway's rate limit in front of the server (the server
        # throttles only sign-ins): the credential is fine and nothing was done. Taken for a
        # refusal it would sign a counter out or take a kiosk out of service over a moment's rush.
        log.warning("server busy (429): %s", message)
        return SyncError(message or "服务器繁忙，请稍后再试", code="server_busy", status=status, **params)
    if status == 404:
        return NotFoundError(message or "找不到请求的对象", code=code or "not_found", **params)
    if status == 409:
        return ConflictError(message or "当前状态不允许此操作", code=code or "conflict", **params)
    if 400 <= status < 500:
        return ValidationError(message or "请求内容不正确", code=code or "validation", field=field, **params)
    log.warning("server answered %s: %s", status, message)
    return SyncError(message or f"服务器内部错误 ({status})", code="server_error", status=status)


def _retry_after(response: requests.Response) -> int | None:
    """The seconds of a ``Retry-After`` header; its HTTP-date form is left to the caller's own
    default wait."""
    raw = response.headers.get("Retry-After", "").strip()
    return int(raw) if raw.isdigit() else None
