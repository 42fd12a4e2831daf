"""The 差评整改 list on the manager's monitor, and the dialog flow that moves a 差评 on.

The list is the server's (``GET /rectifications``), re-read when the feed brings a 差评 or a step,
after a reconnect, and now and then. A signed-in manager picks a 差评 and finishes its current
stage in ``RectificationDialog`` (``open_rectification``); a monitor device only reads.

``MonitorController`` owns this controller: it passes in the reason labels and today's 差评 from
the feed, and re-renders the whole monitor (the alerts count 差评 too) when ``changed`` fires.
Every string here is translated under the ``MonitorController`` context, where it was translated
before this part had a class of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

from hallclient.domain.errors import ConflictError
from hallclient.domain.rating import RectificationStage
from hallclient.queue.client import ServerClient
from hallclient.queue.models import HallEvent, Rectification
from hallclient.ui.errors import describe_error
from hallclient.ui.monitor import figures as fig
from hallclient.ui.monitor.rectify import RectificationDialog, RectificationSummary
from hallclient.ui.monitor.view import AlertLine, Cell, MonitorWindow
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.monitor")

# Re-read shortly after a 差评 or a step arrives in the feed, and now and then, since deadlines
# run out and other managers' steps may have been missed while offline.
RECTIFICATION_DEBOUNCE_MS = 500
RECTIFICATION_REFRESH_MS = 60000


class RectificationController(QObject):
    changed = Signal()  # the list or a step changed: the monitor renders again

    def __init__(
        self,
        *,
        view: MonitorWindow,
        runner: TaskRunner,
        client: ServerClient,
        server_now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.client = client
        self._server_now = server_now
        self._reasons: dict[str, str] = {}
        # None until the server's list is read: the table then shows today's 差评 from the feed.
        self.rectifications: list[Rectification] | None = None
        self._rectifications_pending = False
        self._rectifications_again = False
        # Bumped by every step this monitor takes: the net lane has several workers, so a list
        # read before the step can arrive after it and must not bring back what the step changed.
        self._rectifications_version = 0
        self._selected_rating: int | None = None
        self._shown_ratings: list[int | None] = []
        self._notice = ""  # what the last step did, shown until another 差评 is picked
        self.rectification_dialog: RectificationDialog | None = None

        self._rectification_soon_timer = QTimer(self)
        self._rectification_soon_timer.setSingleShot(True)
        self._rectification_soon_timer.setInterval(RECTIFICATION_DEBOUNCE_MS)
        self._rectification_timer = QTimer(self)
        self._rectification_timer.setInterval(RECTIFICATION_REFRESH_MS)
        self._wire()

    def _wire(self) -> None:
        self._rectification_soon_timer.timeout.connect(self.refresh_rectifications)
        self._rectification_timer.timeout.connect(self.refresh_rectifications)
        self.view.bad_table.itemSelectionChanged.connect(self._on_bad_table_selection_changed)
        self.view.bad_table.itemDoubleClicked.connect(self._on_bad_table_double_clicked)
        self.view.advance_button.clicked.connect(self._on_advance_button_clicked)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self._rectification_timer.start()
        self.refresh_rectifications()

    def shutdown(self) -> None:
        self._rectification_soon_timer.stop()
        self._rectification_timer.stop()
        if self.rectification_dialog is not None:
            self.rectification_dialog.reject()

    def set_reasons(self, labels: dict[str, str]) -> None:
        """The server's words for the 差评 reason codes (codes are shown until they arrive)."""
        self._reasons = labels

    def refresh_soon(self) -> None:
        """Re-read the list shortly: steps may have been taken while the feed was down."""
        self._rectification_soon_timer.start()

    def note_event(self, event: HallEvent) -> None:
        """A 差评 or a step in the feed: re-read the list shortly."""
        if event.type == "rectification_advanced" or (
            event.type == "rating_recorded" and event.data.get("bad")
        ):
            self._rectification_soon_timer.start()

    # -- rendering ------------------------------------------------------------------------------

    def render(self, from_feed: list[fig.BadRating]) -> None:
        """Fill the 差评 table; until the server's list is read it shows ``from_feed``, today's 差评."""
        rows: list[list[Cell]] = []
        shown: list[int | None] = []
        if self.rectifications is not None:
            for rect in self.rectifications:
                rows.append(self._rectification_cells(rect))
                shown.append(rect.rating_id)
        else:
            # Until the server's list is read, today's 差评 as the feed reported them.
            for bad in from_feed:
                rows.append(
                    [
                        Cell(bad.at.strftime("%H:%M") if bad.at else ""),
                        Cell(
                            QCoreApplication.translate("MonitorController", "%1 号").replace(
                                "%1", bad.window_no
                            )
                        ),
                        Cell(bad.ticket_number or bad.case_no or "—"),
                        Cell(bad.item_code or "—"),
                        Cell(self._rating_label(bad.level)),
                        Cell(self._reason_labels(bad.reasons)),
                        Cell("…"),
                        Cell(""),
                    ]
                )
                shown.append(None)
        self._shown_ratings = shown
        table = self.view.bad_table
        table.blockSignals(True)  # re-selecting below is not the manager's choice
        try:
            self.view.set_rows(table, rows)
            # Rows from the feed have no rating id (None): none of them is the manager's pick.
            if self._selected_rating is not None and self._selected_rating in shown:
                table.selectRow(shown.index(self._selected_rating))
            else:
                table.clearSelection()
        finally:
            table.blockSignals(False)
        self._update_rectification_controls()

    def alerts(self, from_feed: list[fig.BadRating]) -> list[AlertLine]:
        """Lines for the alert panel: 差评 still to verify and overdue stages."""
        if self.rectifications is None:
            return [
                AlertLine(
                    QCoreApplication.translate("MonitorController", "差评：%1 号窗口 %2（%3），待核实整改")
                    .replace("%1", bad.window_no)
                    .replace("%2", bad.ticket_number or bad.case_no or "—")
                    .replace("%3", self._rating_label(bad.level)),
                    fig.Level.ALERT,
                )
                for bad in from_feed
            ]
        alerts = []
        for rect in self.rectifications:
            where = (
                QCoreApplication.translate("MonitorController", "%1 号窗口 %2")
                .replace("%1", rect.window_no)
                .replace("%2", rect.reference or "—")
            )
            if rect.overdue:
                text = (
                    QCoreApplication.translate("MonitorController", "差评整改超期：%1，“%2”阶段限 %3 前完成")
                    .replace("%1", where)
                    .replace("%2", self._stage_label(rect.stage))
                    .replace("%3", rect.deadline.strftime("%m-%d") if rect.deadline else "")
                )
                alerts.append(AlertLine(text, fig.Level.ALERT))
            elif rect.stage is RectificationStage.VERIFY:
                text = (
                    QCoreApplication.translate("MonitorController", "差评：%1（%2），待核实")
                    .replace("%1", where)
                    .replace("%2", self._rating_label(rect.level))
                )
                alerts.append(AlertLine(text, fig.Level.ALERT))
        return alerts

    def _rectification_cells(self, rect: Rectification) -> list[Cell]:
        today = self._server_now().date()
        rated = rect.rated_at.astimezone(self._server_now().tzinfo)
        when = rated.strftime("%H:%M") if rated.date() == today else rated.strftime("%m-%d %H:%M")
        reasons = self._reason_labels(rect.reasons)
        level = self._deadline_level(rect, today)
        return [
            Cell(when),
            Cell(
                QCoreApplication.translate("MonitorController", "%1 号").replace("%1", rect.window_no),
                tooltip=rect.clerk or "",
            ),
            Cell(rect.reference or "—"),
            Cell(rect.item or "—", tooltip=" ".join(filter(None, [rect.item_code, rect.item_name]))),
            Cell(self._rating_label(rect.level)),
            Cell(reasons, tooltip="\n".join(filter(None, [reasons, rect.comment]))),
            Cell(self._stage_label(rect.stage), level),
            Cell(self._deadline_text(rect, today), level),
        ]

    def _reason_labels(self, codes: tuple[str, ...]) -> str:
        return "、".join(self._reasons.get(code, code) for code in codes)

    @staticmethod
    def _deadline_level(rect: Rectification, today: date) -> fig.Level:
        if rect.overdue:
            return fig.Level.ALERT
        if rect.deadline is not None and rect.deadline <= today:
            return fig.Level.WARN
        return fig.Level.OK

    def _deadline_text(self, rect: Rectification, today: date) -> str:
        if rect.deadline is None:
            return ""
        if rect.overdue:
            return QCoreApplication.translate("MonitorController", "已超期（限 %1）").replace(
                "%1", rect.deadline.strftime("%m-%d")
            )
        if rect.deadline == today:
            return QCoreApplication.translate("MonitorController", "今天到期")
        return QCoreApplication.translate("MonitorController", "%1 前").replace(
            "%1", rect.deadline.strftime("%m-%d")
        )

    def _stage_label(self, stage: RectificationStage) -> str:
        labels = {
            RectificationStage.VERIFY: QCoreApplication.translate("MonitorController", "核实"),
            RectificationStage.RECTIFY: QCoreApplication.translate("MonitorController", "整改"),
            RectificationStage.FEED_BACK: QCoreApplication.translate("MonitorController", "反馈"),
            RectificationStage.CLOSED: QCoreApplication.translate("MonitorController", "办结"),
        }
        return labels[stage]

    def _rating_label(self, level: int | None) -> str:
        labels = {
            1: QCoreApplication.translate("MonitorController", "非常不满意"),
            2: QCoreApplication.translate("MonitorController", "不满意"),
            3: QCoreApplication.translate("MonitorController", "基本满意"),
            4: QCoreApplication.translate("MonitorController", "满意"),
            5: QCoreApplication.translate("MonitorController", "非常满意"),
        }
        return labels.get(level or 0, "")

    # -- 差评整改 ---------------------------------------------------------------------------------

    @property
    def can_advance(self) -> bool:
        """Signed in as a user (the server allows managers and admins); a monitor device only reads."""
        return bool(self.client.token)

    def refresh_rectifications(self) -> None:
        """Re-read the open 差评 and their stages (net lane); one request at a time."""
        if self._rectifications_pending:
            self._rectifications_again = True
            return
        self._rectifications_pending = True
        version = self._rectifications_version

        def done(rectifications: list[Rectification]) -> None:
            self._rectifications_pending = False
            if version != self._rectifications_version:
                self._rectifications_again = False
                self.refresh_rectifications()  # read before a step of ours: read again instead
                return
            self.rectifications = rectifications
            self.changed.emit()
            if self._rectifications_again:
                self._rectifications_again = False
                self.refresh_rectifications()

        def failed(exc: BaseException) -> None:
            self._rectifications_pending = False
            self._rectifications_again = False
            log.info("差评 rectifications not read: %s", exc)

        self.runner.submit("net", self.client.rectifications, on_done=done, on_error=failed)

    def selected_rectification(self) -> Rectification | None:
        if self.rectifications is None or self._selected_rating is None:
            return None
        return next((r for r in self.rectifications if r.rating_id == self._selected_rating), None)

    def _update_rectification_controls(self) -> None:
        view = self.view
        selected = self.selected_rectification()
        if self.rectifications is None:
            hint = QCoreApplication.translate("MonitorController", "正在读取整改进度…")
        elif not self.can_advance:
            hint = QCoreApplication.translate("MonitorController", "以管理员账号登录后可推进整改。")
        elif self._notice:
            hint = self._notice
        elif not self.rectifications:
            hint = QCoreApplication.translate("MonitorController", "没有未办结的差评。")
        elif selected is None:
            hint = QCoreApplication.translate("MonitorController", "选中一条差评，推进它的整改。")
        else:
            hint = ""
        view.rectification_hint.setText(hint)
        view.advance_button.setVisible(self.can_advance)
        view.advance_button.setEnabled(self.can_advance and selected is not None)

    def _on_bad_table_selection_changed(self) -> None:
        rows = self.view.bad_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        self._selected_rating = self._shown_ratings[row] if 0 <= row < len(self._shown_ratings) else None
        self._notice = ""
        self._update_rectification_controls()

    def _on_bad_table_double_clicked(self, _item: object) -> None:
        self.open_rectification()

    def _on_advance_button_clicked(self) -> None:
        self.open_rectification()

    def open_rectification(self) -> RectificationDialog | None:
        """The dialog for the selected 差评's current stage (window-modal, not blocking)."""
        rect = self.selected_rectification()
        if rect is None or not self.can_advance or self.rectification_dialog is not None:
            return None
        dialog = RectificationDialog(self._summary(rect), parent=self.view)
        # A dialog per step, over a manager's whole day: deleted once it closes, not kept hidden.
        # What answers after that leaves it alone (the checks against rectification_dialog).
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rectification_dialog = dialog
        # One request_id per note sent: a retry of the same note after a lost answer is answered
        # with the first outcome; an edited note is a new request, which the server refuses as
        # stale if the first did go through (and the list then shows what was saved).
        sent: dict[str, str] = {}

        def done(updated: Rectification) -> None:
            self._notice = (
                QCoreApplication.translate("MonitorController", "已推进：%1 → %2")
                .replace("%1", self._reference(updated))
                .replace("%2", self._stage_label(updated.stage))
            )
            self._replace_rectification(updated)
            if self.rectification_dialog is dialog:
                dialog.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                self.refresh_rectifications()
            if self.rectification_dialog is not dialog:
                # Closed while the step was on its way: the dialog may be gone, so the notice
                # line under the list tells the manager the step was not taken.
                self._notice = (
                    QCoreApplication.translate("MonitorController", "未能推进：%1。%2")
                    .replace("%1", self._reference(rect))
                    .replace("%2", describe_error(exc))
                )
                self._update_rectification_controls()
                return
            dialog.set_busy(False)
            if isinstance(exc, ConflictError):
                dialog.set_stale(describe_error(exc))
                return
            dialog.show_message(
                describe_error(exc)
                + QCoreApplication.translate("MonitorController", " 处理情况仍在框中，可再次提交。"),
                error=True,
            )

        def submit(note: str) -> None:
            request_id = sent.setdefault(note, uuid.uuid4().hex)
            dialog.set_busy(True)
            self.runner.submit(
                "net",
                self.client.advance_rectification,
                rect.rating_id,
                note=note,
                stage=rect.stage.value,
                request_id=request_id,
                on_done=done,
                on_error=failed,
            )

        def closed() -> None:
            self.rectification_dialog = None

        dialog.submitted.connect(submit)
        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def _reference(self, rect: Rectification) -> str:
        return rect.reference or QCoreApplication.translate("MonitorController", "%1 号窗口").replace(
            "%1", rect.window_no
        )

    def _replace_rectification(self, updated: Rectification) -> None:
        self._rectifications_version += 1
        if self.rectifications is None:
            return
        kept = [r for r in self.rectifications if r.rating_id != updated.rating_id]
        if updated.stage is not RectificationStage.CLOSED:
            kept.append(updated)
        kept.sort(key=lambda r: (r.rated_at, r.rating_id), reverse=True)
        self.rectifications = kept
        self.changed.emit()

    def _summary(self, rect: Rectification) -> RectificationSummary:
        tz = self._server_now().tzinfo
        following = rect.stage.next_stage
        if following is RectificationStage.CLOSED:
            advance = QCoreApplication.translate("MonitorController", "完成“%1”，办结").replace(
                "%1", self._stage_label(rect.stage)
            )
        else:
            advance = (
                QCoreApplication.translate("MonitorController", "完成“%1”，转入“%2”")
                .replace("%1", self._stage_label(rect.stage))
                .replace("%2", self._stage_label(following or rect.stage))
            )
        stage = self._stage_label(rect.stage)
        if rect.deadline is not None:
            stage += QCoreApplication.translate("MonitorController", "（%1）").replace(
                "%1", self._deadline_text(rect, self._server_now().date())
            )
        history = [
            QCoreApplication.translate("MonitorController", "%1 → %2：%3（%4，%5）")
            .replace("%1", self._stage_label(RectificationStage(step.stage)))
            .replace("%2", self._stage_label(RectificationStage(step.to_stage)))
            .replace("%3", step.note)
            .replace("%4", step.by)
            .replace("%5", step.at.astimezone(tz).strftime("%m-%d %H:%M") if step.at else "")
            for step in rect.history
        ]
        reasons = self._reason_labels(rect.reasons)
        return RectificationSummary(
            title=QCoreApplication.translate("MonitorController", "%1 号窗口 · %2")
            .replace("%1", rect.window_no)
            .replace("%2", rect.reference or "—"),
            clerk=rect.clerk or "",
            item=rect.item,
            rating=" · ".join(filter(None, [self._rating_label(rect.level), reasons])),
            comment=rect.comment,
            rated_at=rect.rated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            stage=stage,
            history=history,
            advance_label=advance,
        )
