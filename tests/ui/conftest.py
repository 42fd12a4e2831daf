"""Counter UI tests: offscreen Qt, a real demo server process per module."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.busygateway import BusyGateway  # noqa: E402
from tests.serverproc import ServerProcess, demo_server  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("server")) as process:
        yield process


@pytest.fixture
def gateway(server: ServerProcess) -> Iterator[BusyGateway]:
    """A loopback gateway in front of the module's server, whose answers a test can replace."""
    proxy = BusyGateway(server.base_url)
    yield proxy
    proxy.close()
