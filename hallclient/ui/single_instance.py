"""One running copy per role and data folder: a second start brings the first to the front and leaves.

Two counters on one store would both sign in to a window and both push the same outbox; two
displays on one PC show two boards and announce every call twice; two kiosks cover each other.
The copy that holds the data folder for its role keeps a ``QLockFile`` in it (``<role>.lock``) and
listens on a ``QLocalServer`` whose name is the role and a hash of the folder's path, so another
role (a kiosk beside a display, a monitor beside a counter) or another data folder (another
Windows user, ``hallclient demo``'s temporary one) is another instance. A later start that finds
the lock taken asks the holder, over a ``QLocalSocket``, to come to the front; the holder raises
its main window, or the dialog it is waiting in while someone signs in.

Every role starts through ``run_single_instance``:

    return run_single_instance(dirs.data, role="display", parent=app, run=run_owned)

    def run_owned(guard: SingleInstance) -> int:     # only in the copy that holds the folder
        ...                                         # open the store, sign in, build the window
        guard.set_main_window(window)               # once it exists
        return app.exec()                           # the lock is let go after it returns

A second start returns 0 once the running copy came to the front, and ``EXIT_ALREADY_RUNNING``
after saying so when it did not answer; ``run`` is not called.

A copy that was killed leaves its lock file behind; it names a process that no longer runs, so the
next ``claim`` takes it over. Needs a QCoreApplication: the question is asked and answered through
the event loop.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Literal

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("hallclient.ui.single_instance")

# The roles that run one copy per data folder, as ``hallclient <role>`` names them.
Role = Literal["counter", "display", "kiosk", "monitor"]
# A copy of the role already runs on the data folder and did not answer (0 when it came to the front).
EXIT_ALREADY_RUNNING = 3
DEFAULT_ANSWER_TIMEOUT_MS = 5000
# A holder opens its server just after taking the lock, and one that is quitting closes the server
# just before letting the lock go: in either gap the asker tries again this often.
_RETRY_MS = 100
# A connection that never says what it wants is dropped; the holder has a counter to run.
_IDLE_CONNECTION_MS = 5000
_REQUEST = b"hallclient: come to the front\n"
_REPLY = b"hallclient: raised\n"


class Claim(Enum):
    OWNED = "owned"  # this process holds the data folder: go on starting
    ACTIVATED_OTHER = "activated_other"  # the running copy was asked to come to the front
    OTHER_UNREACHABLE = "other_unreachable"  # a running copy holds the folder and did not answer


def server_name_for(data_dir: Path, role: Role = "counter") -> str:
    """The local server name of ``role``'s copy on ``data_dir``: the same for every spelling of the
    folder (relative, through a link, in another letter case on Windows), short enough for a Unix
    socket path."""
    folder = os.path.normcase(os.path.realpath(data_dir))
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:24]
    return f"hallclient-{role}-{digest}"


class SingleInstance(QObject):
    """The single-instance guard of one data folder; see the module's docstring."""

    activation_requested = Signal()  # after the main window or dialog was brought up

    def __init__(self, data_dir: Path, *, role: Role = "counter", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.role: Role = role
        self.lock_path = self.data_dir / f"{role}.lock"
        self.server_name = server_name_for(self.data_dir, role)
        self._lock = QLockFile(str(self.lock_path))
        # Held for as long as the program runs, so its age says nothing: only a lock whose process
        # is gone is stale (Qt checks the pid and the program name written in the file).
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._window: QWidget | None = None

    def claim(self, *, timeout_ms: int = DEFAULT_ANSWER_TIMEOUT_MS) -> Claim:
        """Take the data folder, or ask the copy that has it to come to the front, waiting at most
        ``timeout_ms`` for its answer."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            if self._lock.tryLock(0):
                self._listen()
                return Claim.OWNED
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                # No lock file can be made (a read-only folder): that is no second copy, and saying
                # so would send the clerk the wrong way; opening the store there reports the fault.
                log.warning("cannot create %s (%s); starting unguarded", self.lock_path, self._lock.error())
                return Claim.OWNED
            self._let_holder_take_focus()
            answered = self._ask_holder(deadline)
            if answered is not None:
                return Claim.ACTIVATED_OTHER if answered else Claim.OTHER_UNREACHABLE
            if time.monotonic() >= deadline:
                return Claim.OTHER_UNREACHABLE
            _wait(_RETRY_MS)

    def set_main_window(self, window: QWidget | None) -> None:
        """The window brought to the front when another start asks (None: none yet, or signed out)."""
        self._window = window

    def release(self) -> None:
        """Stop answering and free the data folder (the server first, so that a start racing this
        one finds the lock free when it finds no server)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self._lock.unlock()

    # -- the holder -----------------------------------------------------------------------------

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A killed holder's socket file would make listen() fail; the lock says it is dead.
        QLocalServer.removeServer(self.server_name)
        if not server.listen(self.server_name):
            # Still the one copy (the lock holds); a second start will say it got no answer.
            log.warning("cannot listen as %s: %s", self.server_name, server.errorString())
            server.deleteLater()
            return
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server

    def _on_server_new_connection(self) -> None:
        server = self._server
        while server is not None and (socket := server.nextPendingConnection()) is not None:
            self._serve(socket)

    def _serve(self, socket: QLocalSocket) -> None:
        received = bytearray()

        def on_ready_read() -> None:
            received.extend(socket.readAll().data())
            if b"\n" not in received:
                return
            if bytes(received) == _REQUEST:
                socket.write(_REPLY)
                socket.flush()
                self._come_to_front()
            socket.disconnectFromServer()

        socket.readyRead.connect(on_ready_read)
        socket.disconnected.connect(socket.deleteLater)
        QTimer.singleShot(_IDLE_CONNECTION_MS, socket, socket.abort)
        if socket.bytesAvailable():
            on_ready_read()

    def _come_to_front(self) -> None:
        window = self._window if self._window is not None and shiboken6.isValid(self._window) else None
        if window is not None and window.isVisible():
            bring_to_front(window)
        # The sign-in or set-up dialog before the main window exists; a dialog open over it after.
        modal = QApplication.activeModalWidget()
        if modal is not None:
            bring_to_front(modal)
        log.info("another start asked this copy to come to the front (%s)", self.role)
        self.activation_requested.emit()

    # -- the later start ------------------------------------------------------------------------

    def _ask_holder(self, deadline: float) -> bool | None:
        """True: the holder answered; False: it took the question but gave no answer in time
        (stuck); None: nobody listens (yet, or any more), worth trying the lock again."""
        socket = QLocalSocket()
        loop = QEventLoop()
        received = bytearray()
        outcome: list[bool | None] = []

        def finish(answered: bool | None) -> None:
            if not outcome:
                outcome.append(answered)
                loop.quit()

        def on_connected() -> None:
            socket.write(_REQUEST)
            socket.flush()

        def on_ready_read() -> None:
            received.extend(socket.readAll().data())
            if b"\n" in received:
                finish(bytes(received) == _REPLY)

        def on_timeout() -> None:
            finish(False if socket.state() == QLocalSocket.LocalSocketState.ConnectedState else None)

        socket.connected.connect(on_connected)
        socket.readyRead.connect(on_ready_read)
        socket.errorOccurred.connect(lambda _error: finish(None))
        socket.disconnected.connect(lambda: finish(None))
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(on_timeout)
        socket.connectToServer(self.server_name)
        if not outcome:  # a missing server is reported before connectToServer returns
            timer.start(max(0, int((deadline - time.monotonic()) * 1000)))
            loop.exec()
        timer.stop()
        socket.abort()
        socket.deleteLater()
        return outcome[0] if outcome else None

    def _let_holder_take_focus(self) -> None:
        # Windows lets only the foreground program (this one, just started by the clerk) hand the
        # foreground on; without this the holder's window would only flash in the taskbar.
        if sys.platform == "win32":
            import ctypes

            pid = self._lock.getLockInfo()[0]
            if pid > 0:
                ctypes.windll.user32.AllowSetForegroundWindow(int(pid))


def bring_to_front(window: QWidget) -> None:
    """Un-minimise (keeping maximised), raise and activate ``window``."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def run_single_instance(
    data_dir: Path,
    *,
    role: Role,
    parent: QObject,
    run: Callable[[SingleInstance], int],
    timeout_ms: int = DEFAULT_ANSWER_TIMEOUT_MS,
) -> int:
    """``run(guard)``'s exit code when this start is ``role``'s one copy on ``data_dir``, the data
    folder let go after it; else 0 once the running copy came to the front, or
    ``EXIT_ALREADY_RUNNING`` after saying that it did not answer. Called once the QApplication and
    its translator are there, before anything of the folder's is opened or a window is shown."""
    guard = SingleInstance(data_dir, role=role, parent=parent)
    claim = guard.claim(timeout_ms=timeout_ms)
    if claim is Claim.ACTIVATED_OTHER:
        log.info("a %s already runs on %s; brought it to the front", role, data_dir)
        return 0
    if claim is Claim.OTHER_UNREACHABLE:
        report_already_running(data_dir, role=role)
        return EXIT_ALREADY_RUNNING
    try:
        return run(guard)
    finally:
        guard.release()


def _already_running_words(role: Role) -> tuple[str, str]:
    # Whole sentences per role rather than a name put into one: word order and measure words
    # differ between languages.
    if role == "display":
        title = QCoreApplication.translate("SingleInstance", "叫号大屏已在运行")
        text = QCoreApplication.translate(
            "SingleInstance",
            "本机已有一个叫号大屏程序在使用这个数据文件夹，但它没有响应，本次启动已取消。"
            "请切换到已打开的叫号大屏；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。",
        )
    elif role == "kiosk":
        title = QCoreApplication.translate("SingleInstance", "取号机已在运行")
        text = QCoreApplication.translate(
            "SingleInstance",
            "本机已有一个取号机程序在使用这个数据文件夹，但它没有响应，本次启动已取消。"
            "请切换到已打开的取号机；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。",
        )
    elif role == "monitor":
        title = QCoreApplication.translate("SingleInstance", "大厅监控已在运行")
        text = QCoreApplication.translate(
            "SingleInstance",
            "本机已有一个大厅监控程序在使用这个数据文件夹，但它没有响应，本次启动已取消。"
            "请切换到已打开的大厅监控；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。",
        )
    else:
        title = QCoreApplication.translate("SingleInstance", "窗口端已在运行")
        text = QCoreApplication.translate(
            "SingleInstance",
            "本机已有一个窗口端程序在使用这个数据文件夹，但它没有响应，本次启动已取消。"
            "请切换到已打开的窗口端；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。",
        )
    return title, text


# What the log and stderr call each role (English, as the rest of the log).
_ROLE_NOUNS: dict[Role, str] = {
    "counter": "counter",
    "display": "calling display",
    "kiosk": "ticket kiosk",
    "monitor": "monitor",
}


def already_running_box(
    data_dir: Path, parent: QWidget | None = None, *, role: Role = "counter"
) -> QMessageBox:
    """The message for a later start whose running copy did not answer."""
    title, text = _already_running_words(role)
    folder = QCoreApplication.translate("SingleInstance", "数据文件夹：{path}").format(path=data_dir)
    return QMessageBox(
        QMessageBox.Icon.Warning, title, f"{text}\n\n{folder}", QMessageBox.StandardButton.Ok, parent
    )


def report_already_running(data_dir: Path, *, role: Role = "counter") -> None:
    """Say in the log, on stderr and, with a screen, in a message box that ``role``'s copy on
    ``data_dir`` holds it and did not answer."""
    noun = _ROLE_NOUNS[role]
    log.warning("a %s is already running on %s and did not answer; not starting", noun, data_dir)
    print(
        f"hallclient: a {noun} is already running on this computer for the data folder {data_dir} "
        "and did not answer; not starting a second one",
        file=sys.stderr,
    )
    if QGuiApplication.platformName() == "offscreen":
        return
    already_running_box(data_dir, role=role).exec()
