"""A guard against a reference-count bug in PySide6 6.12.0: every ``Signal.emit()`` made from
Python drops one reference to ``True`` or ``False`` that it never took. On Python 3.11, where
the two are ordinary objects, a counter that emits a few thousand signals (task results, model
updates) then aborts with "bool_dealloc: deallocating True or False".

Nothing can be done about the missing reference from outside PySide, so the guard detects the
bug once and, where it is present, gives both objects a reserve of references large enough
never to run out (what Python 3.12 does anyway by making them immortal). The reserve is
harmless if the bug is fixed later.
"""

from __future__ import annotations

import ctypes
import functools
import sys

from PySide6.QtCore import QObject, Signal

_RESERVE = 1 << 40


class _Probe(QObject):
    fired = Signal()


def emit_drops_references() -> bool:
    """True when this PySide6 loses a reference to a bool on every ``emit``."""
    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(8):
        probe.fired.emit()
    return sys.getrefcount(True) + sys.getrefcount(False) < before


@functools.cache
def guard_bool_refcounts() -> bool:
    """Apply the guard once per process if needed; True when the bug was found."""
    if sys.version_info >= (3, 12) or not emit_drops_references():
        return False
    for value in (True, False):
        # Deliberately not Py_IncRef in a loop: one write of the reserve into ob_refcnt.
        ctypes.c_ssize_t.from_address(id(value)).value += _RESERVE
    return True
