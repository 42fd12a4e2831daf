"""Turns domain errors into words for the clerk."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hallclient.domain.errors import AuthError, ConflictError, HallError, OfflineError, StorageError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, OfflineError):
        if exc.code == "timeout":
            return _tr("服务器响应超时，请稍后重试。")
        return _tr("无法连接服务器，请检查网络。当前为离线状态。")
    if isinstance(exc, StorageError):
        return _tr("本地数据库写入失败：") + exc.message
    if isinstance(exc, AuthError) and exc.params.get("status") == 401 and not exc.message:
        return _tr("登录已失效，请重新登录。")
    if isinstance(exc, (ConflictError, HallError)):
        # The server's and services' messages are already a Chinese sentence a person understands.
        return exc.message or _tr("操作失败。")
    return _tr("发生了意外错误：") + f"{type(exc).__name__}: {exc}"
