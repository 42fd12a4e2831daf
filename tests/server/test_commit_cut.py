"""The database connection dies in the middle of a write's last round trip.

A ticket or a window action ends with one statement and its COMMIT sent together
(``db.execute_and_commit``). If the connection dies then, the server cannot know whether
PostgreSQL committed. A proxy between the server and PostgreSQL cuts that connection at the worst
two moments — just before the COMMIT reaches PostgreSQL (nothing is kept) and just after it
(everything is kept, the answer is lost) — and the request must come out the same either way:
one answer, applied once, numbers without gaps.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.serverproc import ServerProcess, fresh_pg_database, init_demo, login, start_server
from tests.tcpproxy import LoopbackProxy, close_sockets

SSL_REQUEST = 80877103


def is_pipelined_commit(message: bytes) -> bool:
    """A read transaction ends with COMMIT as a simple query ('Q'); the write's final pipeline
    sends its COMMIT through the extended protocol, right after the statement's own messages: a
    Parse message ('P', its length, the unnamed statement's empty name) of the text COMMIT."""
    return message[:1] == b"P" and message[5:13] == b"\x00COMMIT\x00"


class MessageSplitter:
    """Cuts the client's byte stream into whole protocol messages (the start-up ones have no type
    byte), so a COMMIT is found wherever TCP happens to split or join the writes."""

    def __init__(self) -> None:
        self.buffer = b""
        self.starting = True

    def feed(self, data: bytes) -> list[bytes]:
        self.buffer += data
        messages = []
        while True:
            head = 4 if self.starting else 5
            if len(self.buffer) < head:
                return messages
            if self.starting:
                size = int.from_bytes(self.buffer[:4], "big")
            else:
                size = 1 + int.from_bytes(self.buffer[1:5], "big")
            if len(self.buffer) < size:
                return messages
            message, self.buffer = self.buffer[:size], self.buffer[size:]
            if self.starting and int.from_bytes(message[4:8], "big") != SSL_REQUEST:
                self.starting = False
            messages.append(message)


class CommitCutter(LoopbackProxy):
    """A TCP proxy to PostgreSQL that, once armed, cuts the first connection that sends a write's
    pipelined COMMIT: ``before`` drops it unsent, ``after`` delivers it and drops the reply."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self._lock = threading.Lock()
        self._mode: str | None = None
        self.cuts = 0
        super().__init__(upstream)

    def arm(self, mode: str) -> None:
        assert mode in ("before", "after")
        with self._lock:
            self._mode = mode

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        muted = threading.Event()
        threading.Thread(target=self._to_server, args=(client, upstream, muted), daemon=True).start()
        threading.Thread(target=self._to_client, args=(upstream, client, muted), daemon=True).start()

    def _take_cut(self, message: bytes) -> str | None:
        if not is_pipelined_commit(message):
            return None
        with self._lock:
            mode, self._mode = self._mode, None
            if mode is not None:
                self.cuts += 1
            return mode

    def _to_server(self, client: socket.socket, server: socket.socket, muted: threading.Event) -> None:
        splitter = MessageSplitter()
        try:
            while chunk := client.recv(65536):
                for message in splitter.feed(chunk):
                    mode = self._take_cut(message)
                    if mode == "after":
                        muted.set()  # PostgreSQL's reply must never reach the server process
                        server.sendall(message)
                        time.sleep(0.3)  # long enough to run the statement and flush the commit
                    if mode is not None:
                        raise ConnectionAbortedError("cut")
                    server.sendall(message)
        except OSError:
            pass
        close_sockets(client, server)

    @staticmethod
    def _to_client(server: socket.socket, client: socket.socket, muted: threading.Event) -> None:
        try:
            while chunk := server.recv(65536):
                if not muted.is_set():
                    client.sendall(chunk)
        except OSError:
            pass
        close_sockets(client, server)


@pytest.fixture
def cut_server(tmp_path: Path, pg_admin_url: str) -> Iterator[tuple[ServerProcess, CommitCutter, str]]:
    with fresh_pg_database(pg_admin_url) as url:
        home = tmp_path / "home"
        init_demo(url, home=home)
        parts = make_url(url)
        cutter = CommitCutter((parts.host or "127.0.0.1", parts.port or 5432))
        through_proxy = parts.set(host="127.0.0.1", port=cutter.port).render_as_string(hide_password=False)
        server = start_server(through_proxy, home=home)
        try:
            yield server, cutter, url
        finally:
            server.stop()
            cutter.close()


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def _numbers(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [int(n) for (n,) in connection.execute(text("SELECT number_seq FROM tickets ORDER BY 1"))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_connection_cut_around_the_commit_gives_one_answer_applied_once(
    moment: str, cut_server: tuple[ServerProcess, CommitCutter, str]
) -> None:
    server, cutter, url = cut_server
    clerk = login(server.base_url, "clerk01", window_no="01")
    for _ in range(3):  # warm: every statement of the path has run, the pool holds connections
        assert clerk.issue("A").status_code == 200

    request_id = uuid.uuid4().hex
    cutter.arm(moment)
    issued = clerk.issue("A", request_id=request_id)
    assert issued.status_code == 200, issued.text
    assert cutter.cuts == 1
    again = clerk.issue("A", request_id=request_id)
    assert again.json() == issued.json()  # the client's retry: the same answer, nothing new
    assert _numbers(url) == [1, 2, 3, 4]  # applied once, no gap where the cut one was

    # A window action cut the same way: called once, the same ticket in both answers.
    action_id = uuid.uuid4().hex
    cutter.arm(moment)
    called = clerk.act("01", "call_next", request_id=action_id)
    assert called.status_code == 200, called.text
    assert cutter.cuts == 2
    assert clerk.act("01", "call_next", request_id=action_id).json() == called.json()
    assert called.json()["ticket"]["number"] == "A001"
    assert _count(url, "SELECT count(*) FROM tickets WHERE state = 'called'") == 1
    log = server.log_text()
    assert "database connection lost; running POST /tickets again" in log
    assert "database connection lost; running POST /windows/01/actions/call_next again" in log
    assert "Traceback" not in log
