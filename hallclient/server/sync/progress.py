"""The public case progress page behind the QR code on receipts and notices: ``GET /c/{token}``.

The token is the case id, a random UUID made at intake (``case.create@1`` carries it as ``id``):
122 random bits, so the address cannot be guessed from a case number, and it exists on the
paper before the counter has synced. The page shows the matter, its department, the status and
dates, and the materials still to be supplied; never the applicant's name, ID number or phone.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from hallclient.server.deps import Context
from hallclient.server.models import CatalogDocument, Hall
from hallclient.server.sync.models import SyncCase

router = APIRouter(tags=["public"])

_TOKEN = re.compile(r"[0-9A-Fa-f-]{32,36}")
# The address is a capability: keep it out of caches, search engines and other sites' logs.
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}

STATUS_TEXT = {
    "accepted": ("已受理", "办件已受理，正在办理中。"),
    "awaiting_supplement": ("容缺受理，待补正", "办件已容缺受理。请在承诺期限前补交下列材料。"),
    "notified": ("未受理（一次性告知）", "材料不齐，尚未受理。请按告知书备齐下列材料后再来办理。"),
    "rejected": ("不予受理", "本事项不予受理，理由见不予受理通知书。"),
    "completed": ("已办结", "办件已办结。"),
    "withdrawn": ("已撤回", "申请人已撤回本次申请。"),
}

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
body{{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;
background:#f4f6f8;color:#1f2933}}
main{{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}}
.card{{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}}
h1{{font-size:1.1rem;margin:0 0 .25rem}} h2{{font-size:1.25rem;margin:.75rem 0}}
.state{{font-size:1.3rem;font-weight:700;margin:.5rem 0}} .muted{{color:#616e7c;font-size:.9rem}}
dl{{display:grid;grid-template-columns:auto 1fr;gap:.4rem .8rem;margin:1rem 0}} dt{{color:#616e7c}}
dd{{margin:0}} ul{{padding-left:1.2rem}}
</style></head>
<body><main><div class="card">
<h1>{hall}</h1>
{body}
<p class="muted">本页只显示办理进度，不含申请人个人信息。更新时间：{updated}</p>
</div></main></body></html>
"""


def _day(value: Any, tz: ZoneInfo) -> str:
    """A date or time from the case snapshot, as the hall's calendar day (年月日)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return ""
    else:
        day = moment.astimezone(tz).date() if moment.tzinfo is not None else moment.date()
    return f"{day.year}年{day.month}月{day.day}日"


def _catalog_entry(session: Any, hall_id: int, code: str) -> tuple[str, str]:
    """(item or bundle name, department name) from the hall's catalog; the code when unknown."""
    row = session.get(CatalogDocument, hall_id)
    document: Mapping[str, Any] = row.document if row is not None else {}
    departments = {
        d.get("code"): d.get("name", "") for d in document.get("departments", []) if isinstance(d, dict)
    }
    for item in document.get("items", []):
        if isinstance(item, dict) and item.get("code") == code:
            return str(item.get("name") or code), str(departments.get(item.get("department"), ""))
    for bundle in document.get("bundles", []):
        if isinstance(bundle, dict) and bundle.get("code") == code:
            return str(bundle.get("name") or code), "一件事联办"
    return code, ""


def outstanding_materials(snapshot: Mapping[str, Any]) -> list[str]:
    materials = snapshot.get("materials")
    if not isinstance(materials, list):
        return []
    return [
        str(m.get("name") or m.get("key"))
        for m in materials
        if isinstance(m, dict) and m.get("state") in ("missing", "deficient")
    ]


def _page(status: int, *, title: str, hall: str, body: str, updated: str) -> HTMLResponse:
    text = _PAGE.format(title=html.escape(title), hall=html.escape(hall), body=body, updated=updated)
    return HTMLResponse(text, status_code=status, headers=_HEADERS)


def _looks_like_case_token(token: str) -> bool:
    if not _TOKEN.fullmatch(token):
        return False
    try:
        uuid.UUID(token)
    except ValueError:
        return False
    return True


@router.get(
    "/c/{token}",
    response_class=HTMLResponse,
    include_in_schema=True,
    # An unknown case is a page too, for the phone that scanned the code: HTML, not JSON.
    responses={404: {"description": "no such case (yet): a page saying so", "content": {"text/html": {}}}},
)
def case_progress_page(token: str, context: Context) -> HTMLResponse:
    """Progress of one case for the applicant (no sign-in, no personal data)."""
    tz = context.config.tz
    now = context.now().astimezone(tz)
    updated = now.strftime("%Y-%m-%d %H:%M")
    if len(token) > 64 or not _looks_like_case_token(token):
        body = '<div class="state">查无此办件</div><p>请核对二维码或查询地址，或咨询大厅导服人员。</p>'
        return _page(404, title="查无此办件", hall="办件进度查询", body=body, updated=updated)
    with context.db.read() as session:
        case = session.get(SyncCase, token.lower())
        if case is None:
            # A well-formed token the server has not seen: almost always a case the counter has
            # taken in but not synced yet (it may have been offline).
            body = (
                '<div class="state">办件信息尚未同步，请稍后再查</div>'
                "<p>窗口受理的办件会在网络畅通时自动上传。如超过一个工作日仍查不到，请咨询大厅导服人员。</p>"
            )
            return _page(404, title="办件信息尚未同步", hall="办件进度查询", body=body, updated=updated)
        hall = session.get(Hall, case.hall_id)
        snapshot: Mapping[str, Any] = case.snapshot
        code = str(snapshot.get("bundle_code") or snapshot.get("item_code") or "")
        item_name, department = _catalog_entry(session, case.hall_id, code)
    label, explanation = STATUS_TEXT.get(case.status, (case.status, ""))
    rows = [
        ("受理编号", case.case_no),
        ("办理部门", department),
        ("受理日期", _day(snapshot.get("accepted_at"), tz) or _day(snapshot.get("created_at"), tz)),
        ("承诺办结日期", _day(snapshot.get("promised_due"), tz)),
    ]
    pledge = snapshot.get("pledge")
    if isinstance(pledge, dict) and case.status == "awaiting_supplement":
        rows.append(("补正期限", _day(pledge.get("due"), tz)))
    if case.status == "completed":
        rows.append(
            ("办结日期", _day(snapshot.get("completed_at"), tz) or _day(case.updated_at.isoformat(), tz))
        )
    listed = "".join(
        f"<dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd>" for name, value in rows if value
    )
    body = f'<h2>{html.escape(item_name)}</h2><div class="state">{html.escape(label)}</div>'
    body += f"<p>{html.escape(explanation)}</p><dl>{listed}</dl>"
    missing = outstanding_materials(snapshot) if case.status in ("awaiting_supplement", "notified") else []
    if missing:
        items = "".join(f"<li>{html.escape(name)}</li>" for name in missing)
        body += f"<p>尚需补交的材料：</p><ul>{items}</ul>"
    hall_name = hall.name if hall is not None else "办件进度查询"
    return _page(200, title=f"{item_name} · 办件进度", hall=hall_name, body=body, updated=updated)
