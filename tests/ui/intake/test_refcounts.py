"""The guard against PySide6 dropping bool references on every emit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from hallclient.ui.intake.refcounts import emit_drops_references, guard_bool_refcounts


class _Emitter(QObject):
    fired = Signal()


def test_many_emits_cannot_exhaust_the_references_to_true(qapp: object) -> None:
    buggy = emit_drops_references() and sys.version_info < (3, 12)
    assert guard_bool_refcounts() is buggy
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(20_000):  # more than a fresh interpreter holds on True
        emitter.fired.emit()
    if buggy:
        assert sys.getrefcount(True) > 1 << 39
        assert before - sys.getrefcount(True) <= 20_000
    else:
        assert sys.getrefcount(True) >= before - 100
