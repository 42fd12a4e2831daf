"""Setting up and keeping a real hall with the server CLI, as docs/server.md tells an installer:
``apply-hall`` from a layout file, ``create-user``, ``register-device``, then keeping it —
layout changes, ``set-password``, ``disable-user``/``enable-user``, ``revoke-device``. Real CLI
processes against the running test server's database (SQLite and PostgreSQL); what they did is
checked over HTTP, as counters and kiosks see it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from hallclient.domain.errors import ValidationError
from hallclient.server.hall_setup import parse_hall_layout, read_hall_layout
from tests.server.test_queue_actions import ok, refused
from tests.serverproc import ApiClient, ServerProcess, hallclient_server, login

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "hall.toml"
PASSWORD = "counter-pass-1"


def _new_code() -> str:
    return "H" + uuid.uuid4().hex[:8].upper()


def _layout_file(tmp_path: Path, code: str, text: str | None = None) -> Path:
    """The documented example, made out for a hall of its own (``text`` edits it further)."""
    body = (text or EXAMPLE.read_text(encoding="utf-8")).replace('code = "GLQ"', f'code = "{code}"')
    path = tmp_path / f"{code}-{uuid.uuid4().hex[:6]}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _cli(server: ServerProcess, tmp_path: Path, *args: str, stdin: str | None = None) -> str:
    return hallclient_server(*args, "--db", server.database_url, home=tmp_path, stdin=stdin).stdout


def _refused_cli(server: ServerProcess, tmp_path: Path, *args: str) -> str:
    with pytest.raises(RuntimeError) as refusal:
        _cli(server, tmp_path, *args)
    return str(refusal.value)


def _user(
    server: ServerProcess,
    tmp_path: Path,
    code: str,
    name: str,
    role: str = "clerk",
    *,
    password: str = PASSWORD,
) -> str:
    username = f"{code.lower()}_{name}"
    _cli(
        server,
        tmp_path,
        "create-user",
        "--hall",
        code,
        "--username",
        username,
        "--role",
        role,
        stdin=password,
    )
    return username


def _device(
    server: ServerProcess, tmp_path: Path, code: str, kind: str, window: str | None = None
) -> tuple[int, str]:
    extra = ("--window-no", window) if window else ()
    out = _cli(
        server, tmp_path, "register-device", "--hall", code, "--name", f"{kind}-1", "--kind", kind, *extra
    )
    number = re.search(r"device (\d+)", out)
    token = re.search(r"token: (\S+)", out)
    assert number and token, out
    return int(number.group(1)), token.group(1)


def _hall(client: ApiClient) -> dict:
    return ok(client.get("/api/v1/hall"))


def test_an_installer_sets_up_a_hall_from_the_documented_file_and_it_serves(
    server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_code()
    out = _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    assert f"hall {code} was created: 4 services, 5 windows" in out
    assert "next: load-catalog" in out
    clerk = _user(server, tmp_path, code, "wangfang")
    _, kiosk_token = _device(server, tmp_path, code, "kiosk")

    kiosk = ApiClient(server.base_url, device_token=kiosk_token)
    hall = _hall(kiosk)
    assert [(s["code"], s["name"]) for s in hall["services"]] == [
        ("A", "综合受理"),
        ("B", "不动产登记"),
        ("C", "社保医保"),
        ("D", "公积金"),
    ]
    assert [(w["no"], w["services"]) for w in hall["windows"]] == [
        ("01", ["A"]),
        ("02", ["A", "B"]),
        ("03", ["B", "A"]),
        ("04", ["C"]),
        ("05", ["D", "C"]),
    ]
    # The hall works: a ticket from its kiosk is called at its window 03 (B first, then A).
    ticket = ok(kiosk.issue("A"))
    assert ticket["number"] == "A001"
    at_window = login(server.base_url, clerk, PASSWORD, window_no="03")
    called = ok(at_window.act("03", "call_next"))["ticket"]
    assert called["id"] == ticket["id"]
    # Its pause and 差评 reasons came with it.
    reasons = ok(at_window.get("/api/v1/reasons"))
    assert reasons["pause"] and reasons["bad_rating"]

    # Applying the same file again changes nothing.
    again = _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    assert f"hall {code} was updated" in again
    assert "added" not in again and "changed" not in again


def test_a_changed_layout_is_applied_in_place_and_pruning_loses_nothing(
    server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    clerk = _user(server, tmp_path, code, "lina")
    counter_id, counter_token = _device(server, tmp_path, code, "counter", "05")
    _, kiosk_token = _device(server, tmp_path, code, "kiosk")
    kiosk = ApiClient(server.base_url, device_token=kiosk_token)
    issued_d = ok(kiosk.issue("D"))

    # Service C renamed, window 02 helps with D too, window 06 opens, window 05 and service C's
    # neighbour D are left out of the file.
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('name = "社保医保"', 'name = "社保医保综合"')
    text = text.replace('services = ["A", "B"]', 'services = ["A", "B", "C"]')
    text = text.split('[[windows]]\nno = "05"')[0]
    text = text.replace('[[services]]\ncode = "D"\nname = "公积金"\n', "")
    text += '[[windows]]\nno = "06"\nservices = ["C"]\n'
    edited = _layout_file(tmp_path, code, text)

    dry = _cli(server, tmp_path, "apply-hall", str(edited), "--dry-run")
    assert "would be updated" in dry and "窗口 06" in dry
    assert [w["no"] for w in _hall(kiosk)["windows"]] == ["01", "02", "03", "04", "05"]  # nothing written

    out = _cli(server, tmp_path, "apply-hall", str(edited))
    assert "added: 窗口 06" in out
    assert "changed: 窗口 02, 业务 C" in out
    assert "kept, not in the file (--prune removes them): 窗口 05, 业务 D" in out
    hall = _hall(kiosk)
    assert {s["code"]: s["name"] for s in hall["services"]}["C"] == "社保医保综合"
    assert {w["no"]: w["services"] for w in hall["windows"]} == {
        "01": ["A"],
        "02": ["A", "B", "C"],
        "03": ["B", "A"],
        "04": ["C"],
        "05": ["D", "C"],
        "06": ["C"],
        # 06's name defaults to its number
    }
    assert {w["no"]: w["name"] for w in hall["windows"]}["06"] == "06号窗口"

    # Pruning: window 05 has a clerk signed in — refused, and nothing of the file is applied.
    at_05 = login(server.base_url, clerk, PASSWORD, window_no="05")
    busy = _refused_cli(server, tmp_path, "apply-hall", str(edited), "--prune")
    assert "窗口 05 有人登录或正在办理" in busy
    assert [w["no"] for w in _hall(kiosk)["windows"]][-2:] == ["05", "06"]
    ok(at_05.post("/api/v1/auth/logout"))
    # Service D has issued a ticket: its numbers must stay unique, so it cannot go.
    used = _refused_cli(server, tmp_path, "apply-hall", str(edited), "--prune")
    assert "业务 D（公积金）已经发过号" in used
    ok(login(server.base_url, clerk, PASSWORD, window_no="05").act("05", "call", ticket_id=issued_d["id"]))

    # Keep D; then window 05 goes, and its counter PC with it.
    text = text.replace(
        '[[windows]]\nno = "01"', '[[services]]\ncode = "D"\nname = "公积金"\n\n[[windows]]\nno = "01"'
    )
    kept_d = _layout_file(tmp_path, code, text)
    still_busy = _refused_cli(server, tmp_path, "apply-hall", str(kept_d), "--prune")
    assert "窗口 05" in still_busy  # the ticket called there is still at the window
    clerk_05 = login(server.base_url, clerk, PASSWORD, window_no="05")
    ok(clerk_05.act("05", "no_show"))
    ok(clerk_05.post("/api/v1/auth/logout"))
    pruned = _cli(server, tmp_path, "apply-hall", str(kept_d), "--prune")
    assert "removed: 窗口 05" in pruned and "counter PCs of removed windows revoked: 1" in pruned
    assert [w["no"] for w in _hall(kiosk)["windows"]] == ["01", "02", "03", "04", "06"]
    devices = _cli(server, tmp_path, "list-devices", "--hall", code)
    assert re.search(rf"^\s*{counter_id}\s+counter\s+revoked", devices, re.MULTILINE), devices
    refused(ApiClient(server.base_url, device_token=counter_token).get("/api/v1/hall"), 401)


def test_a_new_password_ends_old_sign_ins_and_a_disabled_clerk_leaves_the_window(
    server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    clerk = _user(server, tmp_path, code, "zhangwei")
    _, kiosk_token = _device(server, tmp_path, code, "kiosk")
    kiosk = ApiClient(server.base_url, device_token=kiosk_token)
    signed_in = login(server.base_url, clerk, PASSWORD, window_no="01")

    out = _cli(server, tmp_path, "set-password", "--hall", code, "--username", clerk, stdin="new-secret-22\n")
    assert "1 sign-in(s) ended, signed out of window 01" in out
    # A write re-checks the sign-in at once; the old password no longer opens a session.
    refused(signed_in.act("01", "call_next"), 401)
    with pytest.raises(Exception, match="401"):
        login(server.base_url, clerk, PASSWORD, window_no="01")
    window = login(server.base_url, clerk, "new-secret-22", window_no="01")
    assert {w["no"]: w["state"] for w in ok(kiosk.get("/api/v1/hall/snapshot"))["windows"]}["01"] == "idle"

    out = _cli(server, tmp_path, "disable-user", "--hall", code, "--username", clerk)
    assert "disabled; 1 sign-in(s) ended, signed out of window 01" in out
    refused(window.act("01", "call_next"), 401)
    assert {w["no"]: w["state"] for w in ok(kiosk.get("/api/v1/hall/snapshot"))["windows"]}["01"] == "offline"
    with pytest.raises(Exception, match="401"):
        login(server.base_url, clerk, "new-secret-22")
    listed = _cli(server, tmp_path, "list-users", "--hall", code)
    assert re.search(rf"^{clerk}\s+clerk\s+disabled", listed, re.MULTILINE), listed

    _cli(server, tmp_path, "enable-user", "--hall", code, "--username", clerk)
    login(server.base_url, clerk, "new-secret-22", window_no="01")
    assert re.search(
        rf"^{clerk}\s+clerk\s+active .* window 01$",
        _cli(server, tmp_path, "list-users", "--hall", code),
        re.M,
    )


def test_a_revoked_kiosk_issues_no_more_tickets(server: ServerProcess, tmp_path: Path) -> None:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    number, token = _device(server, tmp_path, code, "kiosk")
    kiosk = ApiClient(server.base_url, device_token=token)
    ok(kiosk.issue("A"))
    out = _cli(server, tmp_path, "revoke-device", "--hall", code, str(number))
    assert f"device {number} (kiosk, kiosk-1) revoked" in out
    refused(kiosk.issue("A"), 401)
    # Not a device of this hall: named as such.
    assert "没有编号为 999999 的设备" in _refused_cli(
        server, tmp_path, "revoke-device", "--hall", code, "999999"
    )


def with_service(text: str, code: str, name: str, window_no: str) -> str:
    """The layout ``text`` with a service ``code`` more, called at window ``window_no`` after its own."""
    text = text.replace(
        "[[windows]]\n", f'[[services]]\ncode = "{code}"\nname = "{name}"\n\n[[windows]]\n', 1
    )
    head, tail = text.split(f'[[windows]]\nno = "{window_no}"', 1)
    tail = re.sub(r"services = \[(.*?)\]", lambda m: f'services = [{m.group(1)}, "{code}"]', tail, count=1)
    return f'{head}[[windows]]\nno = "{window_no}"{tail}'


def _events(client: ApiClient) -> list[dict]:
    return list(ok(client.get("/api/v1/events", since=0, timeout=0))["events"])


def test_a_layout_change_tells_the_hall_screens_once_and_a_no_op_says_nothing(
    server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    _, kiosk_token = _device(server, tmp_path, code, "kiosk")
    kiosk = ApiClient(server.base_url, device_token=kiosk_token)
    # A new hall is a change too (nobody follows it yet).
    assert [(e["seq"], e["type"], e["data"]) for e in _events(kiosk)] == [
        (1, "hall_configured", {"services": 4, "windows": 5})
    ]

    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))  # the same file: no-op
    edited = _layout_file(
        tmp_path, code, with_service(EXAMPLE.read_text(encoding="utf-8"), "E", "出入境", "01")
    )
    _cli(server, tmp_path, "apply-hall", str(edited), "--dry-run")  # rolled back with the rest
    out = _cli(server, tmp_path, "apply-hall", str(edited))
    assert "added: 业务 E" in out and "changed: 窗口 01" in out
    # Seqs have no gaps: had the no-op or the dry run appended anything, this one would not be 2.
    answer = ok(kiosk.get("/api/v1/events", since=1, timeout=10))
    assert [(e["seq"], e["type"], e["data"]) for e in answer["events"]] == [
        (2, "hall_configured", {"services": 5, "windows": 5})
    ]
    assert _hall(kiosk)["windows"][0]["services"] == ["A", "E"]


def test_commands_name_the_hall_when_the_server_holds_several(server: ServerProcess, tmp_path: Path) -> None:
    # The test server holds the demo hall and every test's own.
    error = _refused_cli(server, tmp_path, "list-users")
    assert "服务器上有多个大厅" in error and "DEMO" in error and "--hall" in error


@pytest.mark.parametrize(
    ("edit", "message", "field"),
    [
        (lambda t: t.replace('code = "GLQ"', 'code = "glq"'), "大厅编码“glq”", "hall.code"),
        (lambda t: t.replace('code = "B"', 'code = "b2"'), "业务编码“b2”", "services[1].code"),
        (lambda t: t.replace('code = "B"', 'code = "A"'), "业务编码 A 出现了两次", "services[1].code"),
        (
            lambda t: t.replace('code = "B"', 'code = "B"\nprefix = "A"'),
            "号码前缀 A 出现了两次",
            "services[1].prefix",
        ),
        (lambda t: t.replace('no = "02"', 'no = "2A"'), "窗口号“2A”", "windows[1].no"),
        (lambda t: t.replace('no = "02"', 'no = "1"'), "窗口号 1 出现了两次", "windows[1].no"),
        (
            lambda t: t.replace('services = ["C"]', 'services = ["C", "X"]'),
            "业务 X 不在 [[services]] 中",
            "windows[3].services",
        ),
        (lambda t: t.replace('services = ["C"]', "services = []"), "至少一项业务", "windows[3].services"),
        (
            lambda t: t.replace("recall_limit = 3", 'recall_limit = "3"'),
            "hall.recall_limit 应为 0–10 的整数",
            "hall.recall_limit",
        ),
        (lambda t: t + "\n[printer]\nname = 'x'\n", "不认识的部分：printer", "printer"),
    ],
)
def test_a_layout_fault_is_named_with_its_place(edit, message: str, field: str) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    with pytest.raises(ValidationError) as refusal:
        parse_hall_layout(tomllib.loads(edit(EXAMPLE.read_text(encoding="utf-8"))))
    assert message in refusal.value.message
    assert refusal.value.params.get("field") == field


def test_the_layout_file_is_read_with_a_bom_and_a_broken_one_is_named(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert read_hall_layout(with_bom).code == "GLQ"
    broken = tmp_path / "broken.toml"
    broken.write_text("[hall\ncode = 1", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是有效的 TOML"):
        read_hall_layout(broken)
    with pytest.raises(ValidationError, match="无法读取"):
        read_hall_layout(tmp_path / "missing.toml")


def test_a_clerk_disabled_while_serving_stays_on_the_window_until_the_ticket_ends(
    server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    clerk = _user(server, tmp_path, code, "chenjing")
    _, kiosk_token = _device(server, tmp_path, code, "kiosk")
    kiosk = ApiClient(server.base_url, device_token=kiosk_token)
    ok(kiosk.issue("C"))
    at_04 = login(server.base_url, clerk, PASSWORD, window_no="04")
    ok(at_04.act("04", "call_next"))
    ok(at_04.act("04", "start"))

    out = _cli(server, tmp_path, "disable-user", "--hall", code, "--username", clerk)
    assert "1 sign-in(s) ended; window 04 still serves a ticket" in out
    window = {w["no"]: w for w in ok(kiosk.get("/api/v1/hall/snapshot"))["windows"]}["04"]
    assert window["state"] == "serving"
    refused(at_04.act("04", "finish"), 401)
