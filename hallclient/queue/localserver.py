"""A central server in a child process on this machine: the demo and the benchmarks use it.

It runs ``python -m hallclient server init-demo`` and ``... server run`` with HALLCLIENT_HOME in
a folder of its own, on a free loopback port. The client code never imports the server package;
it only starts the command, as an operator would.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import hallclient
from hallclient.domain.errors import OfflineError
from hallclient.queue.client import ServerClient

log = logging.getLogger("hallclient.queue.localserver")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    def __init__(self, home: Path, *, port: int | None = None) -> None:
        self.home = home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["HALLCLIENT_HOME"] = str(self.home)
        # The child must import this very hallclient (a source checkout need not be installed).
        package_parent = str(Path(hallclient.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH", "")]))
        return env

    def init_demo(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "hallclient", "server", "init-demo"],
            env=self._env(),
            capture_output=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                "init-demo failed: " + (result.stderr or result.stdout).decode("utf-8", "replace")[-2000:]
            )

    def start(self, *, wait_s: float = 30.0) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self._log = (self.home / "server.out").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hallclient",
                "server",
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=self._env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_healthy(wait_s)

    def wait_healthy(self, wait_s: float) -> None:
        probe = ServerClient(self.url)
        deadline = time.monotonic() + wait_s
        try:
            while True:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(
                        f"the server exited with code {self.process.returncode}; see {self.home}"
                    )
                try:
                    probe.health(timeout=1.0)
                    return
                except OfflineError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the server did not answer within {wait_s:.0f} s") from None
                    time.sleep(0.1)
        finally:
            probe.close()

    def stop(self, *, timeout_s: float = 10.0) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Like a crash or a pulled cable: no goodbye."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None
