"""A stand-in for a running counter, for the single-instance tests: it claims a data folder and
either answers (``serve``: a minimised main window that reports when it is brought to the front)
or never runs its event loop (``hang``: a copy that is stuck)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from hallclient.ui.single_instance import Claim, SingleInstance


def main(mode: str, data_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("hallclient")
    guard = SingleInstance(data_dir, parent=app)
    claim = guard.claim()
    if claim is not Claim.OWNED:
        print(f"NOT OWNED {claim.name}", flush=True)
        return 3
    if mode == "hang":
        print("READY", flush=True)
        time.sleep(600)
        return 0
    window = QMainWindow()
    window.setWindowTitle("holder")
    window.show()
    window.showMinimized()
    guard.set_main_window(window)

    def report() -> None:
        minimised = bool(window.windowState() & Qt.WindowState.WindowMinimized)
        print(f"RAISED minimised={minimised} visible={window.isVisible()}", flush=True)

    # Reported after the guard's own slot has brought the window up.
    guard.activation_requested.connect(lambda: QTimer.singleShot(0, report))
    print("READY", flush=True)
    code = app.exec()
    guard.release()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2])))
