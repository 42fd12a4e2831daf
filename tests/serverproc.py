"""Start a real hallclient server process on loopback, for tests of any part that talks to it.

    from tests.serverproc import demo_server

    with demo_server(tmp_path) as server:          # SQLite file in tmp_path, demo hall DEMO
        requests.get(server.base_url + "/api/v1/health")

``demo_server(tmp_path, database_url=...)`` uses another database (e.g. PostgreSQL); the demo
users are clerk01..clerk12, manager and admin with password ``demo1234``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "demo1234"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env["HALLCLIENT_HOME"] = str(home)
    env.pop("HALLCLIENT_SERVER_DB", None)
    return env


def hallclient_server(
    *args: str, home: Path, timeout: float = 120, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m hallclient server ARGS`` to completion (``stdin``: what it reads); raises
    with its output on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", "server", *args],
        input=stdin,
        env=_env(home),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"hallclient server {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def init_demo(database_url: str, *, home: Path) -> None:
    hallclient_server("init-demo", "--db", database_url, home=home)


@dataclass
class ServerProcess:
    base_url: str
    database_url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    _log: object = field(repr=False, default=None)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()  # type: ignore[attr-defined]
            self._log = None


def start_server(
    database_url: str,
    *,
    home: Path,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    timeout: float = 60,
) -> ServerProcess:
    """Start ``hallclient server run`` and wait until /api/v1/health answers."""
    port = port or free_port()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / f"server-{port}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hallclient",
            "server",
            "run",
            "--port",
            str(port),
            "--db",
            database_url,
            # Test servers share one PostgreSQL (max_connections 100) with other test servers
            # still alive in the session: a few connections each keep them all under the limit.
            *(("--db-connections", "8") if database_url.startswith("postgresql") else ()),
            *extra_args,
        ],
        env=_env(home),
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = ServerProcess(f"http://127.0.0.1:{port}", database_url, port, process, log_path, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(f"server exited with {process.returncode}:\n{server.log_text()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(server.base_url + "/api/v1/health", timeout=1).status_code == 200:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not start within {timeout}s:\n{server.log_text()}")


@contextlib.contextmanager
def demo_server(tmp_path: Path, *, database_url: str | None = None) -> Iterator[ServerProcess]:
    """A demo hall (``init-demo``) served on a free port; stopped when the block ends."""
    home = tmp_path / "server-home"
    home.mkdir(parents=True, exist_ok=True)
    url = database_url or sqlite_url(tmp_path / "server.sqlite3")
    init_demo(url, home=home)
    server = start_server(url, home=home)
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def fresh_pg_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database next to ``admin_url``'s; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"hallclient_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class ApiClient:
    """A small requests wrapper: JSON in and out, a bearer or device token, fresh request_ids."""

    def __init__(self, base_url: str, *, token: str | None = None, device_token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        if device_token:
            self.session.headers["X-Device-Token"] = device_token
        self.login_body: dict[str, object] = {}

    def get(self, path: str, http_timeout: float = 60, **params: object) -> requests.Response:
        """GET with query ``params`` (``timeout=`` here is the long-poll's query parameter)."""
        return self.session.get(self.base_url + path, params=params, timeout=http_timeout)

    def post(self, path: str, body: object = None, timeout: float = 30) -> requests.Response:
        return self.session.post(self.base_url + path, json=body, timeout=timeout)

    def act(
        self, window_no: str, action: str, request_id: str | None = None, **body: object
    ) -> requests.Response:
        payload = {"request_id": request_id or uuid.uuid4().hex, **body}
        return self.post(f"/api/v1/windows/{window_no}/actions/{action}", payload)

    def issue(self, service: str, request_id: str | None = None, **body: object) -> requests.Response:
        return self.post(
            "/api/v1/tickets", {"service": service, "request_id": request_id or uuid.uuid4().hex, **body}
        )


def login(
    base_url: str, username: str, password: str = DEMO_PASSWORD, window_no: str | None = None
) -> ApiClient:
    body: dict[str, object] = {"username": username, "password": password}
    if window_no is not None:
        body["window_no"] = window_no
    response = requests.post(base_url + "/api/v1/auth/login", json=body, timeout=30)
    response.raise_for_status()
    client = ApiClient(base_url, token=response.json()["token"])
    client.login_body = response.json()
    return client
