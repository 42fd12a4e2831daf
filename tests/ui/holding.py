"""Holding one background request at the worst moment, for the UI's race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def held(real: Callable[..., Any], answered: threading.Event, release: threading.Event) -> Callable[..., Any]:
    """``real`` runs at once (it reaches the server), then its answer waits on the worker until
    ``release``: it arrives on the GUI thread after whatever the test does meanwhile."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return real(*args, **kwargs)
        finally:
            answered.set()
            release.wait(10)

    return call
