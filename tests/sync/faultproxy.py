"""A small TCP proxy in front of a real server that can lose a response on purpose.

``drop_next_push_response()``: the next ``POST /api/v1/sync/push`` is forwarded to the server in
full; when the server's answer starts to come back (so the server has committed), the proxy
closes the client's connection without passing the answer on. The client sees a dropped
connection and must retry without anything being applied twice.

``hold_next_push_response()``: the next push's answer is held back, after the server committed,
until ``release()``; ``holding`` is set while it waits (a push "in flight" for the client).
"""

from __future__ import annotations

import socket
import threading

from tests.tcpproxy import LoopbackProxy, close_sockets


class FaultProxy(LoopbackProxy):
    def __init__(self, upstream_port: int) -> None:
        self._drop_armed = threading.Event()
        self.dropped = 0
        self.blackhole = False  # refuse everything (network down)
        self._hold_armed = threading.Event()
        self.holding = threading.Event()
        self._released = threading.Event()
        super().__init__(("127.0.0.1", upstream_port))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next_push_response(self) -> None:
        self._drop_armed.set()

    def hold_next_push_response(self) -> None:
        self._released.clear()
        self._hold_armed.set()

    def release(self) -> None:
        self._released.set()

    def refuse(self) -> bool:
        return self.blackhole

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        state = {"push": False}
        threading.Thread(target=self._pump_up, args=(client, upstream, state), daemon=True).start()
        threading.Thread(target=self._pump_down, args=(upstream, client, state), daemon=True).start()

    def _pump_up(self, client: socket.socket, upstream: socket.socket, state: dict[str, bool]) -> None:
        try:
            while data := client.recv(65536):
                if data.startswith((b"POST ", b"GET ", b"PUT ")):
                    state["push"] = data.startswith(b"POST /api/v1/sync/push")
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            close_sockets(upstream)

    def _pump_down(self, upstream: socket.socket, client: socket.socket, state: dict[str, bool]) -> None:
        try:
            while data := upstream.recv(65536):
                if state["push"] and self._drop_armed.is_set():
                    self._drop_armed.clear()
                    self.dropped += 1
                    # The server answered, so it committed; the client never hears about it.
                    client.shutdown(socket.SHUT_RDWR)
                    break
                if state["push"] and self._hold_armed.is_set():
                    self._hold_armed.clear()
                    self.holding.set()
                    self._released.wait(60)
                    self.holding.clear()
                client.sendall(data)
        except OSError:
            pass
        finally:
            close_sockets(client, upstream)
