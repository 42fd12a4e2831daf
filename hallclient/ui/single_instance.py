"""One running copy per data folder: a second start brings the first to the front and leaves.

Two counters on one store would both sign in to a window and both push the same outbox. The copy
that holds the data folder keeps a ``QLockFile`` in it and listens on a ``QLocalServer`` whose name
is a hash of the folder's path, so another data folder (another Windows user, ``hallclient demo``'s
temporary one) is another instance. A later start that finds the lock taken asks the holder, over a
``QLocalSocket``, to come to the front; the holder raises its main window, or the dialog it is
waiting in while the clerk signs in.

    guard = SingleInstance(dirs.data, parent=app)
    claim = guard.claim()           # before the store is opened
    if claim is not Claim.OWNED:    # ACTIVATED_OTHER: exit 0; OTHER_UNREACHABLE: report, exit != 0
        ...
    guard.set_main_window(window)   # once it exists
    guard.release()                 # on the way out

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
from enum import Enum
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("hallclient.ui.single_instance")

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


def server_name_for(data_dir: Path, role: str = "counter") -> str:
    """The local server name of ``role``'s copy on ``data_dir``: the same for every spelling of the
    folder (relative, through a link, in another letter case on Windows), short enough for a Unix
    socket path."""
    folder = os.path.normcase(os.path.realpath(data_dir))
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:24]
    return f"hallclient-{role}-{digest}"


class SingleInstance(QObject):
    """The single-instance guard of one data folder; see the module's docstring."""

    activation_requested = Signal()  # after the main window or dialog was brought up

    def __init__(self, data_dir: Path, *, role: str = "counter", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.lock_path = self.data_dir / f"{role}.lock"
        self.server_name = server_name_for(self.data_dir, role)
        self._lock = QLockFile(str(self.lock_path))
        # Held for as long as the counter runs, so its age says nothing: only a lock whose process
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
        log.info("another start asked this copy to come to the front")
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


def already_running_box(data_dir: Path, parent: QWidget | None = None) -> QMessageBox:
    """The message for a later start whose running copy did not answer."""
    title = QCoreApplication.translate("SingleInstance", "窗口端已在运行")
    text = QCoreApplication.translate(
        "SingleInstance",
        "本机已有一个窗口端程序在使用这个数据文件夹，但它没有响应，本次启动已取消。"
        "请切换到已打开的窗口端；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。",
    )
    folder = QCoreApplication.translate("SingleInstance", "数据文件夹：{path}").format(path=data_dir)
    return QMessageBox(
        QMessageBox.Icon.Warning, title, f"{text}\n\n{folder}", QMessageBox.StandardButton.Ok, parent
    )


def report_already_running(data_dir: Path) -> None:
    """Say in the log, on stderr and, with a screen, in a message box that a copy on ``data_dir``
    holds it and did not answer."""
    log.warning("a counter is already running on %s and did not answer; not starting", data_dir)
    print(
        f"hallclient: a counter is already running on this computer for the data folder {data_dir} "
        "and did not answer; not starting a second one",
        file=sys.stderr,
    )
    if QGuiApplication.platformName() == "offscreen":
        return
    already_running_box(data_dir).exec()
