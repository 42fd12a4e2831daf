"""A hall's layout — its services (业务, the ticket prefixes) and windows — from a file an installer
keeps: ``hallclient server apply-hall hall.toml`` (docs/server.md, *Setting up a hall*).

The file is the hall as it should be. Applying it creates the hall if it is new, or brings an
existing one to it: services and windows are added or changed in place, by code and number, so
tickets, counters and sign-ins that refer to them carry on. What the file leaves out is kept unless
``prune`` is asked for, and then only where removing it loses nothing: a window nobody is signed in
to and that serves no ticket; a service that has never issued one (its daily numbers must stay
gap-free and unique, and old tickets keep naming it). Everything is checked before anything is
written, and one transaction applies it all or nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hallclient.domain.casenumber import HALL_CODE_PATTERN, MAX_WINDOW
from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.server.demo import create_hall
from hallclient.server.events import ADMIN_ACTOR, NewEvent, append_events
from hallclient.server.models import Device, Hall, Service, ServiceDayCounter, Ticket, Window
from hallclient.server.sync.changes import publish_reference_documents

_HALL_CODE_RE = re.compile(HALL_CODE_PATTERN)
# Letters only: a ticket number is the prefix and digits (A012), and clients parse it back so.
_SERVICE_CODE_RE = re.compile(r"^[A-Z]{1,8}$")
# Digits: a window's number is part of every case number taken in at it (domain/casenumber.py).
_WINDOW_NO_RE = re.compile(r"^[0-9]{1,3}$")
_MAX_NAME = 100
_HALL_KEYS = {
    "code",
    "name",
    "recall_limit",
    "appointment_grace_min",
    "green_channel_first",
    "due_appointments_first",
    "service_order_first",
}


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    name: str
    prefix: str


@dataclass(frozen=True)
class WindowSpec:
    no: str
    name: str
    services: tuple[str, ...]  # the window's service order: its own first, then those it helps with


@dataclass(frozen=True)
class HallLayout:
    code: str
    name: str
    services: tuple[ServiceSpec, ...]
    windows: tuple[WindowSpec, ...]
    # Queue policy (DESIGN §4); None keeps what the hall has (a new hall: the defaults).
    recall_limit: int | None = None
    appointment_grace_min: int | None = None
    green_channel_first: bool | None = None
    due_appointments_first: bool | None = None
    service_order_first: bool | None = None


@dataclass
class LayoutApplied:
    hall_code: str
    created: bool
    added: list[str] = field(default_factory=list)  # "业务 A" / "窗口 01"
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # in the hall, not in the file, left as they are
    devices_revoked: int = 0  # counter PCs of removed windows


# ------------------------------------------------------------------------------------- reading


def read_hall_layout(path: Path) -> HallLayout:
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad's "UTF-8 with BOM" too
    except OSError as exc:
        raise ValidationError(f"无法读取大厅配置文件 {path}：{exc.strerror}", field="file") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(f"大厅配置文件 {path} 不是 UTF-8 编码：{exc}", field="file") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"大厅配置文件 {path} 不是有效的 TOML：{exc}", field="file") from exc
    return parse_hall_layout(data)


def parse_hall_layout(data: Mapping[str, Any]) -> HallLayout:
    """Check a layout as a whole; the first fault is raised with where it is (``windows[3].services``)."""
    unknown = set(data) - {"hall", "services", "windows"}
    if unknown:
        raise ValidationError(
            f"大厅配置中有不认识的部分：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0]
        )
    hall = _table(data.get("hall"), "hall")
    unknown = set(hall) - _HALL_KEYS
    if unknown:
        raise ValidationError(f"[hall] 中有不认识的设置：{'、'.join(sorted(unknown))}", field="hall")
    code = _text(hall, "code", "hall")
    if not _HALL_CODE_RE.match(code):
        raise ValidationError(
            f"大厅编码“{code}”应为 2–12 位大写字母或数字，以字母开头（受理编号里要用到它）。",
            field="hall.code",
        )
    services = tuple(_service(entry, f"services[{i}]") for i, entry in enumerate(_list(data, "services")))
    windows = tuple(_window(entry, f"windows[{i}]") for i, entry in enumerate(_list(data, "windows")))
    _unique([s.code for s in services], "services", "code", "业务编码")
    _unique([s.prefix for s in services], "services", "prefix", "号码前缀")
    _unique([str(int(w.no)) for w in windows], "windows", "no", "窗口号")
    known = {s.code for s in services}
    for i, window in enumerate(windows):
        missing = [code_ for code_ in window.services if code_ not in known]
        if missing:
            raise ValidationError(
                f"{window.no} 号窗口的业务 {'、'.join(missing)} 不在 [[services]] 中。",
                field=f"windows[{i}].services",
            )
    return HallLayout(
        code=code,
        name=_text(hall, "name", "hall"),
        services=services,
        windows=windows,
        recall_limit=_int(hall, "recall_limit", "hall", low=0, high=10),
        appointment_grace_min=_int(hall, "appointment_grace_min", "hall", low=0, high=120),
        green_channel_first=_bool(hall, "green_channel_first", "hall"),
        due_appointments_first=_bool(hall, "due_appointments_first", "hall"),
        service_order_first=_bool(hall, "service_order_first", "hall"),
    )


def _service(entry: Any, where: str) -> ServiceSpec:
    table = _table(entry, where)
    code = _text(table, "code", where)
    if not _SERVICE_CODE_RE.match(code):
        raise ValidationError(f"业务编码“{code}”应为 1–8 个大写字母。", field=f"{where}.code")
    prefix = _text(table, "prefix", where) if "prefix" in table else code
    if not _SERVICE_CODE_RE.match(prefix):
        raise ValidationError(
            f"号码前缀“{prefix}”应为 1–8 个大写字母（号码是前缀加数字，如 A012）。", field=f"{where}.prefix"
        )
    return ServiceSpec(code=code, name=_text(table, "name", where), prefix=prefix)


def _window(entry: Any, where: str) -> WindowSpec:
    table = _table(entry, where)
    no = _text(table, "no", where)
    if not _WINDOW_NO_RE.match(no) or not 1 <= int(no) <= MAX_WINDOW:
        raise ValidationError(
            f'窗口号“{no}”应为 1–{MAX_WINDOW} 的数字（受理编号里要用到它），写成字符串，如 "01"。',
            field=f"{where}.no",
        )
    raw = table.get("services")
    if not isinstance(raw, list) or not raw or not all(isinstance(code, str) for code in raw):
        raise ValidationError(f"{no} 号窗口需要至少一项业务（业务编码的列表）。", field=f"{where}.services")
    if len(set(raw)) != len(raw):
        raise ValidationError(f"{no} 号窗口的业务列表有重复。", field=f"{where}.services")
    name = _text(table, "name", where) if "name" in table else f"{no}号窗口"
    return WindowSpec(no=no, name=name, services=tuple(raw))


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(f"大厅配置缺少 [{where}] 一节，或它不是一个表。", field=where)
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ValidationError(f"大厅配置需要至少一个 [[{key}]]。", field=key)
    return value


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}.{key} 应为不空的文字。", field=f"{where}.{key}")
    value = value.strip()
    if len(value) > _MAX_NAME or any(ord(ch) < 32 for ch in value):
        raise ValidationError(f"{where}.{key} 过长或含有控制字符。", field=f"{where}.{key}")
    return value


def _int(table: Mapping[str, Any], key: str, where: str, *, low: int, high: int) -> int | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{where}.{key} 应为 {low}–{high} 的整数。", field=f"{where}.{key}")
    return value


def _bool(table: Mapping[str, Any], key: str, where: str) -> bool | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, bool):
        raise ValidationError(f"{where}.{key} 应为 true 或 false。", field=f"{where}.{key}")
    return value


def _unique(values: Sequence[str], section: str, key: str, label: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ValidationError(f"{label} {value} 出现了两次。", field=f"{section}[{i}].{key}")
        seen.add(value)


# ------------------------------------------------------------------------------------ applying


def apply_hall_layout(session: Session, layout: HallLayout, *, prune: bool, now: datetime) -> LayoutApplied:
    hall = session.execute(select(Hall).where(Hall.code == layout.code)).scalar_one_or_none()
    created = hall is None
    if hall is None:
        hall = create_hall(session, code=layout.code, name=layout.name, now=now)
    result = LayoutApplied(hall_code=hall.code, created=created)
    _apply_hall_settings(hall, layout, result)
    # Windows first: a window in use that pruning would remove is the refusal an installer can act
    # on at once (sign it out), whatever else the file changes.
    _apply_windows(session, hall, layout, prune=prune, now=now, result=result)
    _apply_services(session, hall, layout, prune=prune, result=result)
    session.flush()
    # Counters learn the windows and services through the sync feed (``windows`` document).
    publish_reference_documents(session, hall_id=hall.id, at=now)
    if result.added or result.changed or result.removed:
        # The screens that follow the hall (kiosk, display, monitor, counters) read its layout at
        # start; this event has them read it again now. Last: it takes the hall's event row lock.
        append_events(
            session,
            hall_id=hall.id,
            events=[NewEvent("hall_configured", _configured_counts(session, hall_id=hall.id))],
            at=now,
            actor=ADMIN_ACTOR,
        )
    return result


def _configured_counts(session: Session, *, hall_id: int) -> dict[str, Any]:
    services = session.execute(
        select(func.count()).select_from(Service).where(Service.hall_id == hall_id)
    ).scalar_one()
    windows = session.execute(
        select(func.count()).select_from(Window).where(Window.hall_id == hall_id)
    ).scalar_one()
    return {"services": int(services), "windows": int(windows)}


def _apply_hall_settings(hall: Hall, layout: HallLayout, result: LayoutApplied) -> None:
    wanted: dict[str, Any] = {
        "name": layout.name,
        "recall_limit": layout.recall_limit,
        "appointment_grace_min": layout.appointment_grace_min,
        "green_channel_first": layout.green_channel_first,
        "due_appointments_first": layout.due_appointments_first,
        "service_order_first": layout.service_order_first,
    }
    changed = [key for key, value in wanted.items() if value is not None and getattr(hall, key) != value]
    for key in changed:
        setattr(hall, key, wanted[key])
    if changed and not result.created:
        result.changed.append(f"大厅（{'、'.join(changed)}）")


def _apply_services(
    session: Session, hall: Hall, layout: HallLayout, *, prune: bool, result: LayoutApplied
) -> None:
    existing = {s.code: s for s in session.scalars(select(Service).where(Service.hall_id == hall.id))}
    wanted = {spec.code for spec in layout.services}
    leaving = [code for code in existing if code not in wanted]
    # A prefix may move from a service that leaves to one that stays, but not onto one that stays.
    staying_prefixes = {s.prefix: s.code for code, s in existing.items() if code not in wanted and not prune}
    for spec in layout.services:
        holder = staying_prefixes.get(spec.prefix)
        if holder is not None:
            raise ConflictError(
                f"号码前缀 {spec.prefix} 已由业务 {holder} 使用（它不在文件中，但仍保留）；"
                f"换一个前缀，或加 --prune 删除业务 {holder}。",
                code="prefix_taken",
            )
    if prune:
        for code in leaving:
            service = existing[code]
            if _service_has_tickets(session, hall_id=hall.id, service=service):
                raise ConflictError(
                    f"业务 {code}（{service.name}）已经发过号，不能删除：号码要保持唯一，旧号票也还指向它。"
                    "请把它留在文件中。",
                    code="service_in_use",
                )
            session.delete(service)
            result.removed.append(f"业务 {code}")
        session.flush()  # a prefix freed here may be taken below
    else:
        result.kept.extend(f"业务 {code}" for code in leaving)
    for position, spec in enumerate(layout.services):
        known = existing.get(spec.code)
        if known is None:
            added = Service(
                hall_id=hall.id, code=spec.code, prefix=spec.prefix, name=spec.name, position=position
            )
            session.add(added)
            result.added.append(f"业务 {spec.code}")
        elif (known.name, known.prefix, known.position) != (spec.name, spec.prefix, position):
            known.name, known.prefix, known.position = spec.name, spec.prefix, position
            result.changed.append(f"业务 {spec.code}")


def _service_has_tickets(session: Session, *, hall_id: int, service: Service) -> bool:
    counted = session.execute(
        select(func.count()).select_from(ServiceDayCounter).where(ServiceDayCounter.service_id == service.id)
    ).scalar_one()
    if counted:
        return True
    return (
        session.execute(
            select(Ticket.id).where(Ticket.hall_id == hall_id, Ticket.service_code == service.code).limit(1)
        ).first()
        is not None
    )


def _apply_windows(
    session: Session, hall: Hall, layout: HallLayout, *, prune: bool, now: datetime, result: LayoutApplied
) -> None:
    # By number as a number: "1" in the file is the window "01" the hall has. A window numbered
    # otherwise (made before numbers were checked) matches no line of a file, so it is left.
    rows = list(session.scalars(select(Window).where(Window.hall_id == hall.id)))
    existing = {int(w.no): w for w in rows if w.no.isdigit()}
    wanted = {int(spec.no) for spec in layout.windows}
    leaving = [w for w in rows if not w.no.isdigit() or int(w.no) not in wanted]
    if prune:
        busy = [w.no for w in leaving if w.clerk_user_id is not None or w.current_ticket_id is not None]
        if busy:
            raise ConflictError(
                f"窗口 {'、'.join(busy)} 有人登录或正在办理，不能删除；请先退出这些窗口。", code="window_busy"
            )
        for window in leaving:
            devices = session.scalars(
                select(Device).where(
                    Device.hall_id == hall.id,
                    Device.window_no == window.no,
                    Device.kind == "counter",
                    Device.revoked_at.is_(None),
                )
            ).all()
            for device in devices:
                device.revoked_at = now
            result.devices_revoked += len(devices)
            session.execute(delete(Window).where(Window.id == window.id))
            result.removed.append(f"窗口 {window.no}")
    else:
        result.kept.extend(f"窗口 {w.no}" for w in leaving)
    for spec in layout.windows:
        known = existing.get(int(spec.no))
        services = list(spec.services)
        if known is None:
            session.add(
                Window(hall_id=hall.id, no=spec.no, name=spec.name, services=services, state="offline")
            )
            result.added.append(f"窗口 {spec.no}")
        elif (known.name, list(known.services)) != (spec.name, services):
            known.name, known.services = spec.name, services
            result.changed.append(f"窗口 {known.no}")
