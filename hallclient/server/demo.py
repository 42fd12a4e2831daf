"""Demo and set-up data: ``init-demo``, users and devices (used by the CLI and by tests)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError, NotFoundError, ValidationError
from hallclient.domain.queue import PAUSE_REASON_LABELS
from hallclient.server.models import (
    CatalogDocument,
    Hall,
    HallEventCounter,
    Reason,
    Service,
    User,
    Window,
)
from hallclient.server.security import Role, hash_password

log = logging.getLogger("hallclient.server.demo")

DEMO_HALL_CODE = "DEMO"
DEMO_HALL_NAME = "示范县政务服务中心"
DEMO_PASSWORD = "demo1234"
MIN_PASSWORD_LENGTH = 8

DEMO_SERVICES = [
    ("A", "综合受理"),
    ("B", "不动产登记"),
    ("C", "社保医保"),
    ("D", "公积金"),
    ("E", "税务"),
    ("F", "户籍出入境"),
]
# Window number → ordered services (the first is the window's own; the others it helps with).
DEMO_WINDOWS = {
    "01": ["A"],
    "02": ["A"],
    "03": ["A", "B"],
    "04": ["B"],
    "05": ["B", "A"],
    "06": ["C"],
    "07": ["C", "A"],
    "08": ["D"],
    "09": ["D", "C"],
    "10": ["E"],
    "11": ["E", "B"],
    "12": ["F"],
}
DEMO_CLERK_NAMES = [
    "王芳",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄强",
    "周杰",
    "吴霞",
    "徐明",
    "孙丽",
]

BAD_RATING_REASONS = [
    ("attitude", "服务态度差"),
    ("slow", "办事效率低"),
    ("repeat_visits", "多次跑腿"),
    ("unclear", "一次性告知不清楚"),
    ("long_wait", "等候时间过长"),
    ("system_fault", "系统故障"),
    ("fees", "不合理收费"),
    ("other", "其他"),
]
REJECT_REASONS = [
    ("not_in_scope", "不属于本中心受理范围"),
    ("no_legal_basis", "无法定依据"),
    ("not_eligible", "申请人不符合条件"),
    ("other", "其他"),
]


@dataclass(frozen=True)
class DemoSummary:
    hall_code: str
    created: bool
    services: int
    windows: int
    users: int
    catalog_items: int


def sample_catalog() -> dict[str, Any]:
    """The shipped sample catalog as a JSON document, or an empty one if it is not installed."""
    from hallclient.assets import AssetNotFoundError, resource_path

    try:
        path = resource_path("catalog", "catalog.json")
    except AssetNotFoundError:
        log.warning("sample catalog not found; the demo hall starts with an empty catalog")
        return {}
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _count_items(document: dict[str, Any]) -> int:
    items = document.get("items")
    return len(items) if isinstance(items, list) else 0


def create_hall(session: Session, *, code: str, name: str, now: datetime) -> Hall:
    if session.execute(select(Hall.id).where(Hall.code == code)).first() is not None:
        raise ConflictError(f"大厅 {code} 已存在。", code="conflict", hall=code)
    hall = Hall(
        code=code,
        name=name,
        recall_limit=3,
        green_channel_first=True,
        due_appointments_first=True,
        appointment_grace_min=10,
        service_order_first=True,
        created_at=now,
    )
    session.add(hall)
    session.flush()
    session.add(HallEventCounter(hall_id=hall.id, last_seq=0))
    for position, (code_, label) in enumerate(PAUSE_REASON_LABELS.items()):
        session.add(Reason(hall_id=hall.id, kind="pause", code=code_.value, label=label, position=position))
    for kind, reasons in (("bad_rating", BAD_RATING_REASONS), ("reject", REJECT_REASONS)):
        for position, (code_s, label) in enumerate(reasons):
            session.add(Reason(hall_id=hall.id, kind=kind, code=code_s, label=label, position=position))
    session.flush()
    return hall


def find_hall(session: Session, code: str | None) -> Hall:
    """The hall with this code; with no code, the server's only hall (a server may hold several,
    and then the code must be given)."""
    if code is None:
        halls = session.scalars(select(Hall).order_by(Hall.code).limit(2)).all()
        if len(halls) == 1:
            return halls[0]
        if not halls:
            raise NotFoundError("服务器上还没有大厅：先用 apply-hall 建立。", code="not_found")
        codes = "、".join(session.scalars(select(Hall.code).order_by(Hall.code)))
        raise ValidationError(f"服务器上有多个大厅（{codes}），请用 --hall 指明。", field="hall")
    hall = session.execute(select(Hall).where(Hall.code == code)).scalar_one_or_none()
    if hall is None:
        raise NotFoundError(f"没有大厅 {code}。", code="not_found", hall=code)
    return hall


def create_user(
    session: Session,
    *,
    hall_id: int,
    username: str,
    password: str,
    role: Role,
    display_name: str,
    now: datetime,
) -> User:
    if not username or len(username) > 64:
        raise ValidationError("用户名不能为空，且不超过 64 个字符。", field="username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少 {MIN_PASSWORD_LENGTH} 位。", field="password")
    if session.execute(select(User.id).where(User.username == username)).first() is not None:
        raise ConflictError(f"用户名 {username} 已存在。", code="conflict", username=username)
    user = User(
        hall_id=hall_id,
        username=username,
        display_name=display_name or username,
        role=role.value,
        password_hash=hash_password(password),
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def init_demo(session: Session, *, now: datetime, catalog: dict[str, Any] | None = None) -> DemoSummary:
    """Create the demo hall (idempotent: an existing DEMO hall is left as it is)."""
    existing = session.execute(select(Hall).where(Hall.code == DEMO_HALL_CODE)).scalar_one_or_none()
    if existing is not None:
        return DemoSummary(DEMO_HALL_CODE, False, 0, 0, 0, 0)
    hall = create_hall(session, code=DEMO_HALL_CODE, name=DEMO_HALL_NAME, now=now)
    for position, (code, name) in enumerate(DEMO_SERVICES):
        session.add(Service(hall_id=hall.id, code=code, prefix=code, name=name, position=position))
    names = dict(DEMO_SERVICES)
    for no, services in DEMO_WINDOWS.items():
        session.add(
            Window(
                hall_id=hall.id,
                no=no,
                name=f"{no}号窗口（{names[services[0]]}）",
                services=services,
                state="offline",
            )
        )
    for i, display in enumerate(DEMO_CLERK_NAMES, start=1):
        create_user(
            session,
            hall_id=hall.id,
            username=f"clerk{i:02d}",
            password=DEMO_PASSWORD,
            role=Role.CLERK,
            display_name=display,
            now=now,
        )
    create_user(
        session,
        hall_id=hall.id,
        username="manager",
        password=DEMO_PASSWORD,
        role=Role.MANAGER,
        display_name="值班长郑红",
        now=now,
    )
    create_user(
        session,
        hall_id=hall.id,
        username="admin",
        password=DEMO_PASSWORD,
        role=Role.ADMIN,
        display_name="系统管理员",
        now=now,
    )
    document = sample_catalog() if catalog is None else catalog
    session.add(CatalogDocument(hall_id=hall.id, version=1, document=document, updated_at=now))
    session.flush()
    from hallclient.server.sync.changes import publish_reference_documents

    # Counters download the catalog, calendar, reasons and windows through the sync feed.
    publish_reference_documents(session, hall_id=hall.id, at=now)
    return DemoSummary(
        hall_code=DEMO_HALL_CODE,
        created=True,
        services=len(DEMO_SERVICES),
        windows=len(DEMO_WINDOWS),
        users=len(DEMO_CLERK_NAMES) + 2,
        catalog_items=_count_items(document),
    )
