"""Every error leaves as a 4xx with ``{"error": {"code", "message", "params"}}`` (docs/api.md)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hallclient.domain.errors import AuthError, ConflictError, HallError, NotFoundError, ValidationError

log = logging.getLogger("hallclient.server.errors")

_STATUS_BY_CODE = {"forbidden": 403, "throttled": 429}
_HTTP_MESSAGES = {
    404: "请求的地址不存在。",
    405: "不支持此请求方法。",
    413: "请求内容过大。",
    415: "请求内容类型不支持，请发送 JSON。",
}
_NOT_JSON = "请求内容不是有效的 JSON，请检查格式（UTF-8 编码）。"


def status_for(error: HallError) -> int:
    if error.code in _STATUS_BY_CODE:
        return _STATUS_BY_CODE[error.code]
    if isinstance(error, ValidationError):
        return 422
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, AuthError):
        return 401
    return 400


def error_response(
    status: int, code: str, message: str, params: dict[str, Any] | None = None
) -> JSONResponse:
    headers = {}
    if params and "retry_after" in params:
        headers["Retry-After"] = str(params["retry_after"])
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        status_code=status,
        content={"error": {"code": code, "message": message, "params": params or {}}},
        headers=headers,
    )


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_response(exc: RequestValidationError) -> JSONResponse:
    problems = [
        {
            # A body that is no JSON at all is located at the character it broke on: no field.
            "field": "body" if e.get("type") == "json_invalid" else _field_name(e.get("loc", ())),
            "problem": str(e.get("msg", "")),
            "type": e.get("type", ""),
        }
        for e in exc.errors()
    ]
    if problems and problems[0]["type"] == "json_invalid":
        message = _NOT_JSON
    else:
        message = f"请求内容不正确，请检查：{'、'.join(p['field'] for p in problems[:5])}。"
    return error_response(
        422, "validation", message, {"field": problems[0]["field"] if problems else None, "errors": problems}
    )


def is_transient_database_error(exc: BaseException) -> bool:
    """A database error the same request may not meet again, answered 503 so that clients retry:
    a deadlock victim, a lock, statement or serialization timeout, a busy SQLite file (the driver's
    OperationalError), or any error on a connection that died (a restarted database)."""
    return isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


def handled_error_response(exc: Exception) -> JSONResponse | None:
    """The 4xx/503 answer for an error every route may raise; None for one that is a bug (a 500).

    The app's exception handlers and the write fast lane (writelane.py) both answer with this.
    """
    if isinstance(exc, HallError):
        params = {k: v for k, v in exc.params.items() if v is not None}
        return error_response(status_for(exc), exc.code, exc.message, params)
    if isinstance(exc, RequestValidationError):
        return _validation_response(exc)
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 400:
            # FastAPI's answer to a body it cannot even decode (bytes that are no UTF-8): to a
            # client that is malformed JSON like any other, which the API answers 422.
            return error_response(422, "validation", _NOT_JSON, {"field": "body"})
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        code = "not_found" if exc.status_code == 404 else "http_error"
        response = error_response(exc.status_code, code, message)
        response.headers.update(exc.headers or {})  # a 405's Allow header, for one
        return response
    if isinstance(exc, DataError):
        log.warning("database refused a value: %s", exc.orig)
        return error_response(422, "validation", "提交的数据超出允许范围。")
    if is_transient_database_error(exc):
        log.error("database unavailable: %s", getattr(exc, "orig", exc))
        return error_response(503, "unavailable", "服务器数据库暂时不可用，请稍后重试。")
    if isinstance(exc, IntegrityError):
        log.warning("write refused by a constraint: %s", exc.orig)
        return error_response(409, "conflict", "数据与已有记录冲突，未保存任何内容，请刷新后重试。")
    return None


_HANDLED = (
    HallError,
    RequestValidationError,
    StarletteHTTPException,
    DataError,
    DBAPIError,
    IntegrityError,
)


def install_error_handlers(app: FastAPI) -> None:
    async def handle(_request: Request, exc: Exception) -> JSONResponse:
        response = handled_error_response(exc)
        if response is None:  # a bug, or a database error other than a transient one: a 500
            raise exc
        return response

    for kind in _HANDLED:
        app.add_exception_handler(kind, handle)
