"""A loopback proxy in front of a real server that loses the answer to one window action.

``drop_next_answer("finish")``: the next ``POST /api/v1/windows/<no>/actions/finish`` reaches the
server in full; when its answer starts to come back (the server has committed), the proxy closes
the client's connection instead. The client sees a dropped connection, as when a cable is pulled
or the server restarts at the wrong moment.
"""

from __future__ import annotations

import re
import socket
import threading

from tests.tcpproxy import LoopbackProxy, close_sockets

_ACTION_LINE = re.compile(rb"^POST /api/v1/windows/[^/]+/actions/([a-z_]+) ")


class AnswerDroppingProxy(LoopbackProxy):
    def __init__(self, upstream_port: int) -> None:
        self._lock = threading.Lock()
        self._drop: set[str] = set()
        self.dropped: list[str] = []
        super().__init__(("127.0.0.1", upstream_port))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next_answer(self, action: str) -> None:
        with self._lock:
            self._drop.add(action)

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        state: dict[str, str | None] = {"action": None}
        threading.Thread(target=self._pump_up, args=(client, upstream, state), daemon=True).start()
        threading.Thread(target=self._pump_down, args=(upstream, client, state), daemon=True).start()

    def _pump_up(self, client: socket.socket, upstream: socket.socket, state: dict[str, str | None]) -> None:
        try:
            while data := client.recv(65536):
                if data.startswith((b"POST ", b"GET ", b"PUT ")):
                    match = _ACTION_LINE.match(data)
                    state["action"] = match.group(1).decode() if match else None
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            close_sockets(upstream)

    def _pump_down(
        self, upstream: socket.socket, client: socket.socket, state: dict[str, str | None]
    ) -> None:
        try:
            while data := upstream.recv(65536):
                action = state["action"]
                with self._lock:
                    drop = action is not None and action in self._drop
                    if drop:
                        self._drop.discard(action)
                        self.dropped.append(action)
                if drop:
                    client.shutdown(socket.SHUT_RDWR)
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            close_sockets(client, upstream)
