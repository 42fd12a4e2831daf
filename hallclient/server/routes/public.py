"""The public ticket page behind the QR code on a paper ticket: no sign-in, no personal data."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from hallclient.domain.queue import TicketState
from hallclient.server.deps import Context
from hallclient.server.models import Hall, Service, Ticket, Window
from hallclient.server.queue_sql import hall_policy, people_ahead
from hallclient.server.views import is_expired

router = APIRouter(tags=["public"])

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
body{{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;
background:#f4f6f8;color:#1f2933}}
main{{max-width:28rem;margin:0 auto;padding:1.5rem 1rem}}
.card{{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}}
h1{{font-size:1.1rem;margin:0 0 1rem}} .number{{font-size:3rem;font-weight:700;letter-spacing:.05em}}
.state{{font-size:1.3rem;margin:.5rem 0}} .muted{{color:#616e7c;font-size:.9rem}}
</style></head>
<body><main><div class="card">
<h1>{hall}</h1>
<div class="muted">{service}</div>
<div class="number">{number}</div>
<div class="state">{state}</div>
<p>{detail}</p>
<p class="muted">本页每 30 秒自动刷新。更新时间：{updated}</p>
</div></main></body></html>
"""


def _detail(ticket: Ticket, ahead: int, window_name: str | None, *, expired: bool) -> tuple[str, str]:
    state = TicketState(ticket.state)
    if expired:
        return "已过期", "此号不是今天的号，不会再叫号。如需办理，请重新取号。"
    where = window_name or (f"{ticket.window_no} 号窗口" if ticket.window_no else "窗口")
    if state is TicketState.WAITING:
        text = f"请留意叫号，前面还有 {ahead} 人。" if ahead else "下一位就是您，请到候叫区等候。"
        return "等候中", text
    if state is TicketState.CALLED:
        return "已叫号", f"请到 {where} 办理。"
    if state is TicketState.SERVING:
        return "办理中", f"正在 {where} 办理。"
    if state is TicketState.SUSPENDED:
        return "已挂起", "请备齐材料后回到窗口，无需重新取号。"
    return state.label, "此号已结束。如需继续办理，请重新取号或咨询导服人员。"


# The address is the key to the page: keep it out of shared caches, search engines and the Referer
# sent to other sites (as the case page does, sync/progress.py). The page refreshes itself anyway.
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}

# What a ticket's public token can be (queue_engine: ``secrets.token_urlsafe(12)``, 16 characters).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _not_found(now: datetime, tz: ZoneInfo) -> HTMLResponse:
    page = _PAGE.format(
        title="未找到排队号",
        hall="排队查询",
        service="",
        number="—",
        state="未找到此排队号",
        detail="请核对二维码，或咨询大厅导服人员。",
        updated=html.escape(now.astimezone(tz).strftime("%H:%M:%S")),
    )
    return HTMLResponse(page, status_code=404, headers=_HEADERS)


# An unknown or mangled token is a page too, for the phone that scanned it: HTML, not JSON.
NOT_FOUND_PAGE: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such ticket: a page saying so", "content": {"text/html": {}}}
}


@router.get("/t/{public_token}", response_class=HTMLResponse, responses=NOT_FOUND_PAGE)
def ticket_page(
    public_token: Annotated[str, Path(description="the token printed in the ticket's QR code")],
    context: Context,
) -> HTMLResponse:
    now = context.now()
    tz = context.config.tz
    # The reader is a phone's browser: a mangled address (a QR code read with a stray character, a
    # link cut short or run on) gets the same page as an unknown token, not a JSON error.
    if _TOKEN.fullmatch(public_token) is None:
        return _not_found(now, tz)
    with context.db.read() as session:
        # A transfer opens a new entry with the same token: the newest is the applicant's.
        ticket = session.execute(
            select(Ticket).where(Ticket.public_token == public_token).order_by(Ticket.id.desc()).limit(1)
        ).scalar_one_or_none()
        if ticket is None:
            return _not_found(now, tz)
        hall = session.get(Hall, ticket.hall_id)
        assert hall is not None
        service = session.execute(
            select(Service.name).where(Service.hall_id == hall.id, Service.code == ticket.service_code)
        ).scalar_one_or_none()
        window_name = None
        if ticket.window_no:
            window_name = session.execute(
                select(Window.name).where(Window.hall_id == hall.id, Window.no == ticket.window_no)
            ).scalar_one_or_none()
        expired = is_expired(ticket, today=now.astimezone(tz).date())
        ahead = 0 if expired else people_ahead(session, ticket=ticket, now=now, policy=hall_policy(hall))
        state, detail = _detail(ticket, ahead, window_name, expired=expired)
        page = _PAGE.format(
            title=html.escape(f"{ticket.number} 排队进度"),
            hall=html.escape(hall.name),
            service=html.escape(service or ticket.service_code),
            number=html.escape(ticket.number),
            state=html.escape(state),
            detail=html.escape(detail),
            updated=html.escape(now.astimezone(tz).strftime("%H:%M:%S")),
        )
    return HTMLResponse(page, headers=_HEADERS)
