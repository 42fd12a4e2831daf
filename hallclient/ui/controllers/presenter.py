"""Turns queue values into what the views display (texts in the UI language)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from hallclient.domain.queue import TicketState, WindowState
from hallclient.queue.models import HallSnapshot, Ticket, WindowStatus
from hallclient.ui.views.queue_panel import TicketView, WaitingRow


def ticket_state_label(state: TicketState | str) -> str:
    labels = {
        TicketState.WAITING: QCoreApplication.translate("Presenter", "等候中"),
        TicketState.CALLED: QCoreApplication.translate("Presenter", "已叫号，等候申请人到窗口"),
        TicketState.SERVING: QCoreApplication.translate("Presenter", "办理中"),
        TicketState.DONE: QCoreApplication.translate("Presenter", "已办结"),
        TicketState.NO_SHOW: QCoreApplication.translate("Presenter", "已过号"),
        TicketState.CANCELLED: QCoreApplication.translate("Presenter", "已取消"),
        TicketState.TRANSFERRED: QCoreApplication.translate("Presenter", "已转移"),
        TicketState.SUSPENDED: QCoreApplication.translate("Presenter", "已挂起"),
    }
    return labels.get(state, str(state)) if isinstance(state, TicketState) else str(state)


def window_state_label(window: WindowStatus | None, pause_labels: dict[str, str]) -> tuple[str, bool]:
    """(text, alert) for the window's state line."""
    if window is None:
        return QCoreApplication.translate("Presenter", "窗口状态未知"), True
    if window.state == WindowState.PAUSED:
        reason = pause_labels.get(window.pause_reason or "", window.pause_reason or "")
        text = QCoreApplication.translate("Presenter", "暂停服务") + (f"：{reason}" if reason else "")
        return text, True
    labels = {
        WindowState.IDLE: QCoreApplication.translate("Presenter", "空闲，可以叫号"),
        WindowState.CALLING: QCoreApplication.translate("Presenter", "叫号中"),
        WindowState.SERVING: QCoreApplication.translate("Presenter", "办理中"),
        WindowState.OFFLINE: QCoreApplication.translate("Presenter", "未登录"),
    }
    state = window.state
    return (labels.get(state, str(state)) if isinstance(state, WindowState) else str(state)), False


def duration_text(delta: timedelta | None) -> str:
    if delta is None:
        return ""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Presenter", "%1 秒").replace("%1", str(seconds))
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("Presenter", "%1 分钟").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("Presenter", "%1 小时 %2 分")
        .replace("%1", str(minutes // 60))
        .replace("%2", str(minutes % 60))
    )


def ticket_view(ticket: Ticket, *, service_names: dict[str, str], now: datetime) -> TicketView:
    waited = None
    if ticket.issued_at is not None:
        end = ticket.called_at or now
        waited = end - ticket.issued_at
    return TicketView(
        number=ticket.number,
        service_name=service_names.get(ticket.service, ticket.service),
        state_label=ticket_state_label(ticket.state),
        waited=duration_text(waited),
        recall_count=ticket.recall_count,
        green_channel=ticket.green_channel,
    )


def waiting_rows(snapshot: HallSnapshot, window_services: tuple[str, ...]) -> list[WaitingRow]:
    by_code = {s.code: s for s in snapshot.services}
    codes = list(window_services) or [s.code for s in snapshot.services]
    rows = []
    for code in codes:
        service = by_code.get(code)
        if service is None:
            continue
        oldest = duration_text(timedelta(seconds=service.oldest_wait_s)) if service.waiting else "—"
        rows.append(WaitingRow(service.name, service.prefix, service.waiting, oldest))
    return rows


def waiting_total_text(rows: list[WaitingRow]) -> str:
    return QCoreApplication.translate("Presenter", "本窗口可叫 %1 人").replace(
        "%1", str(sum(r.waiting for r in rows))
    )


def suspended_rows(
    snapshot: HallSnapshot, window_services: tuple[str, ...], window_no: str
) -> list[tuple[object, str]]:
    rows: list[tuple[object, str]] = []
    for ticket in snapshot.suspended:
        if window_services and ticket.service not in window_services and ticket.window_no != window_no:
            continue
        mine = QCoreApplication.translate("Presenter", "（本窗口）") if ticket.window_no == window_no else ""
        rows.append((ticket.id, f"{ticket.number}{mine}"))
    return rows
