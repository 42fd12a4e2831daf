"""The server CLI's commands for setting up and keeping a hall (docs/server.md, *Setting up a
hall* and *Users and devices*): its layout and catalog, its users, its devices.

Each command migrates the database first (a fresh database is usable at once) and runs in one
write transaction: it is done whole or, with an ``error:`` line, not at all.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from hallclient.domain.errors import ValidationError
from hallclient.server.config import ServerConfig

if TYPE_CHECKING:
    from hallclient.server.accounts import SignInsEnded

COMMANDS = (
    "apply-hall",
    "load-catalog",
    "create-user",
    "set-password",
    "disable-user",
    "enable-user",
    "list-users",
    "register-device",
    "list-devices",
    "revoke-device",
)
HALL_HELP = "hall code (may be left out while the server holds one hall)"
PASSWORD_HELP = "only '-': read one line from stdin; prompted for when omitted (never on the command line)"


class _DryRunError(Exception):
    """Raised inside the transaction to roll it back once ``--dry-run`` has seen what changes."""


def add_parsers(sub: Any, *, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    def command(name: str, text: str, *, hall: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, help=text)
        add_db(parser)
        if hall:
            parser.add_argument("--hall", help=HALL_HELP)
        return parser

    apply_hall = command(
        "apply-hall", "create a hall or bring it to a layout file: its services and windows", hall=False
    )
    apply_hall.add_argument("file", help="the hall's layout, a TOML file in UTF-8 (docs/server.md)")
    apply_hall.add_argument(
        "--prune", action="store_true", help="also remove the services and windows the file leaves out"
    )
    apply_hall.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    load_catalog = command(
        "load-catalog", "check a catalog file (docs/catalog-format.md) and make it the hall's catalog"
    )
    load_catalog.add_argument("file", help="the catalog, a JSON file in UTF-8")

    user = command("create-user", "add a clerk, manager or admin")
    user.add_argument("--username", required=True)
    user.add_argument("--display-name", default="")
    user.add_argument("--role", choices=["clerk", "manager", "admin"], default="clerk")
    user.add_argument("--password", help=PASSWORD_HELP)
    password = command("set-password", "give a user a new password; their sign-ins end")
    password.add_argument("--username", required=True)
    password.add_argument("--password", help=PASSWORD_HELP)
    command(
        "disable-user", "stop a user signing in; their sign-ins end, they leave their windows"
    ).add_argument("--username", required=True)
    command("enable-user", "let a disabled user sign in again").add_argument("--username", required=True)
    command("list-users", "the hall's users, their roles and the windows they are signed in to")

    device = command("register-device", "register a counter PC, kiosk, display or monitor; prints its token")
    device.add_argument("--name", required=True)
    device.add_argument("--kind", choices=["counter", "kiosk", "display", "monitor"], required=True)
    device.add_argument("--window-no", default=None)
    command("list-devices", "the hall's registered devices and whether each may still connect")
    command("revoke-device", "withdraw a device's token (lost, stolen or replaced)").add_argument(
        "id", type=int, help="the device's number, as list-devices shows it"
    )


def run(url: str, args: argparse.Namespace) -> int:
    handlers: dict[str, Callable[[Session, argparse.Namespace, datetime], None]] = {
        "load-catalog": _load_catalog,
        "create-user": _create_user,
        "set-password": _set_password,
        "disable-user": _set_active,
        "enable-user": _set_active,
        "list-users": _list_users,
        "register-device": _register_device,
        "list-devices": _list_devices,
        "revoke-device": _revoke_device,
    }
    if args.command == "apply-hall":
        return _apply_hall(url, args)
    # Read before the transaction: a prompt must not hold the database's locks.
    if args.command in ("create-user", "set-password"):
        args.password = _password(args.password)
    if args.command == "load-catalog":
        args.document = _read_json(Path(args.file))
    with _write(url) as session:
        handlers[args.command](session, args, datetime.now(UTC))
    return 0


@contextmanager
def _write(url: str) -> Iterator[Session]:
    from hallclient.server.db import Database, migrate

    migrate(url)
    db = Database(ServerConfig(database_url=url))
    try:
        with db.write() as session:
            yield session
    finally:
        db.dispose()


def _password(given: str | None) -> str:
    if given == "-":
        # A file written on Windows ends its line in CR LF: neither is part of the password.
        return sys.stdin.readline().rstrip("\r\n")
    if given is not None:
        # Not echoed back: the value is the password. On the command line, every user of the
        # machine sees it in the process list, and the shell keeps it in its history.
        raise ValidationError(
            "密码不能写在命令行上（本机其他用户可在进程列表和命令历史中看到）：省略 --password 以提示输入，"
            "或用 --password - 从标准输入读取一行。",
            field="password",
        )
    first = getpass.getpass("password: ")
    if sys.stdin.isatty() and getpass.getpass("again: ") != first:
        raise ValidationError("两次输入的密码不一致。", field="password")
    return first


# ------------------------------------------------------------------------------- hall and catalog


def _apply_hall(url: str, args: argparse.Namespace) -> int:
    from hallclient.server.hall_setup import apply_hall_layout, read_hall_layout

    layout = read_hall_layout(Path(args.file))
    try:
        with _write(url) as session:
            result = apply_hall_layout(session, layout, prune=args.prune, now=datetime.now(UTC))
            if args.dry_run:
                raise _DryRunError
    except _DryRunError:
        pass
    verb = "would be" if args.dry_run else "was"
    state = "created" if result.created else "updated"
    size = f"{len(layout.services)} services, {len(layout.windows)} windows"
    print(f"hall {result.hall_code} {verb} {state}: {size}")
    for label, items in (
        ("added", result.added),
        ("changed", result.changed),
        ("removed", result.removed),
        ("kept, not in the file (--prune removes them)", result.kept),
    ):
        if items:
            print(f"  {label}: {', '.join(items)}")
    if result.devices_revoked:
        print(f"  counter PCs of removed windows revoked: {result.devices_revoked}")
    if result.created and not args.dry_run:
        print(
            "next: load-catalog FILE, create-user (an admin, managers, clerks), register-device "
            "(kiosks, displays)"
        )
    return 0


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"无法读取事项目录文件 {path}：{exc.strerror}", field="file") from exc
    except ValueError as exc:  # also UnicodeDecodeError
        raise ValidationError(f"事项目录文件 {path} 不是 UTF-8 编码的 JSON：{exc}", field="file") from exc


def _load_catalog(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.catalog import replace_catalog
    from hallclient.server.demo import find_hall

    hall = find_hall(session, args.hall)
    replaced = replace_catalog(session, hall=hall, document=args.document, now=now)
    print(
        f"hall {replaced.hall_code}: catalog {replaced.catalog_version} ({replaced.items} items, "
        f"{replaced.bundles} bundles), document {replaced.version}; counters get it at their next sync"
    )


# ------------------------------------------------------------------------------------------ users


def _create_user(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.demo import create_user, find_hall
    from hallclient.server.security import Role

    hall = find_hall(session, args.hall)
    user = create_user(
        session,
        hall_id=hall.id,
        username=args.username,
        password=args.password,
        role=Role(args.role),
        display_name=args.display_name,
        now=now,
    )
    print(f"user {user.username} ({user.role}) created in hall {hall.code}")


def _set_password(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.accounts import set_password

    ended = set_password(
        session, hall_code=args.hall, username=args.username, password=args.password, now=now
    )
    print(f"password of {ended.username} changed; {_ended_text(ended)}")


def _set_active(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.accounts import set_active

    active = args.command == "enable-user"
    ended = set_active(session, hall_code=args.hall, username=args.username, active=active, now=now)
    if active:
        print(f"user {ended.username} enabled: may sign in again")
    else:
        print(f"user {ended.username} disabled; {_ended_text(ended)}")


def _ended_text(ended: SignInsEnded) -> str:
    text = f"{ended.tokens_revoked} sign-in(s) ended"
    if ended.windows_left:
        text += f", signed out of window {', '.join(ended.windows_left)}"
    if ended.windows_busy:
        text += (
            f"; window {', '.join(ended.windows_busy)} still serves a ticket, which a manager can "
            "finish or transfer"
        )
    return text


def _list_users(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.accounts import list_users

    for line in list_users(session, hall_code=args.hall):
        state = "active" if line.active else "disabled"
        window = f"  window {line.window_no}" if line.window_no else ""
        print(f"{line.username:<20} {line.role:<8} {state:<9} {line.display_name}{window}")


# ---------------------------------------------------------------------------------------- devices


def _register_device(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.demo import find_hall
    from hallclient.server.routes.auth import create_device

    hall = find_hall(session, args.hall)
    device, token = create_device(
        session, hall_id=hall.id, name=args.name, kind=args.kind, window_no=args.window_no, now=now
    )
    print(f"device {device.id} ({device.kind}) registered in hall {hall.code}")
    print(f"token: {token}")


def _list_devices(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.accounts import list_devices

    for line in list_devices(session, hall_code=args.hall):
        state = f"revoked {line.revoked_at:%Y-%m-%d}" if line.revoked_at else "active"
        window = f"window {line.window_no}" if line.window_no else ""
        print(f"{line.id:>4}  {line.kind:<8} {state:<18} {window:<12} {line.name}")


def _revoke_device(session: Session, args: argparse.Namespace, now: datetime) -> None:
    from hallclient.server.accounts import revoke_device

    line = revoke_device(session, hall_code=args.hall, device_id=args.id, now=now)
    print(f"device {line.id} ({line.kind}, {line.name}) revoked: its token is refused from now on")
