"""Turns domain errors into words for the clerk."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hallclient.domain.errors import AuthError, ConflictError, HallError, OfflineError, StorageError


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, OfflineError):
        if exc.code == "timeout":
            return QCoreApplication.translate("Errors", "服务器响应超时，请稍后重试。")
        return QCoreApplication.translate("Errors", "无法连接服务器，请检查网络。当前为离线状态。")
    if isinstance(exc, StorageError):
        return QCoreApplication.translate("Errors", "本地数据库写入失败：") + exc.message
    if isinstance(exc, AuthError) and exc.params.get("status") == 401 and not exc.message:
        return QCoreApplication.translate("Errors", "登录已失效，请重新登录。")
    if isinstance(exc, (ConflictError, HallError)):
        # The server's and services' messages are already a Chinese sentence a person understands.
        return exc.message or QCoreApplication.translate("Errors", "操作失败。")
    return QCoreApplication.translate("Errors", "发生了意外错误：") + f"{type(exc).__name__}: {exc}"
