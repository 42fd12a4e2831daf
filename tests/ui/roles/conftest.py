"""The hall's screens (display, kiosk, monitor) against one real demo server for this folder.

Each test module uses services and windows of its own (display: F/12 and E/10, kiosk: D,
monitor: C/06), so tests sharing the server never count each other's tickets.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ROOT = Path(__file__).resolve().parents[3]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from hallclient.queue.client import ServerClient  # noqa: E402
from hallclient.ui.tasks import TaskRunner  # noqa: E402
from tests.serverproc import ServerProcess, demo_server  # noqa: E402
from tests.ui.roles.rolekit import register_device  # noqa: E402


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("roles-server")) as process:
        yield process


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner(net_workers=3)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def device_client(server: ServerProcess) -> Iterator[object]:
    """A client factory: ``device_client(kind)`` signs in with a freshly registered device token."""
    made: list[ServerClient] = []

    def make(kind: str, base_url: str | None = None) -> ServerClient:
        url = base_url or server.base_url
        client = ServerClient(url, device_token=register_device(url, kind))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
