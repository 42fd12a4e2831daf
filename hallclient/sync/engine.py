"""The sync engine: push the outbox, pull the change feed. No Qt; blocking; one caller at a time.

Resumable at any point: every step first reads what it needs from the store and writes its
result back in one transaction (answers with their mutations; a pulled page with its cursor),
so a crash or a dropped connection between any two steps only repeats work the server already
answers idempotently. The device clock is used for local bookkeeping only; the skew measured
from the server's Date header is recorded and shown, and never decides anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from hallclient.domain.errors import AuthError, HallError, OfflineError, StorageError, SyncError
from hallclient.store import Store, outbox, repo, syncstate
from hallclient.sync import protocol as proto
from hallclient.sync.apply import (
    PageApplied,
    apply_changes,
    highest_settled_mutation_id,
    rewind_for_skipped,
    settle,
)
from hallclient.sync.backoff import Backoff
from hallclient.sync.conflicts import RESOLUTION_KEY, is_resolved
from hallclient.sync.renumber import RenumberedCase, has_clashed_cases, renumber_clashed_cases
from hallclient.sync.status import SyncStatus, read_status
from hallclient.sync.transport import SERVER_UNAVAILABLE, ServerHello, SyncTransport

log = logging.getLogger("hallclient.sync")

Clock = Callable[[], dt.datetime]
# The server's compaction horizon seen with the last pulled page (saved with the cursor).
HORIZON_SETTING = "sync.compaction_horizon"
# Names the feed entry the pull cursor stands on (server's ``anchor``): a server restored from a
# backup that has since numbered other changes past our cursor is found out by it.
ANCHOR_SETTING = "sync.pull_anchor"
# The resolution a clerk's "重新提交" records on the mutation it replaces (see conflicts.py).
CHOICE_RETRY = "retry"
T = TypeVar("T")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class PushReport:
    sent: int
    applied: int
    conflicts: int
    rejected: int
    gap: bool  # the server asked for an earlier mutation id


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    applied: int
    conflicts: int
    rejected: int
    pulled: int
    pending: int
    server_restored: bool
    clock_skew_ms: int | None
    # Cases given a new number because the server found theirs taken (sync/renumber.py): their
    # printed papers show the old number.
    renumbered: tuple[RenumberedCase, ...] = ()
    # What the pull changed here, for the screens that show it: the reference documents saved
    # (apply.REFERENCE_KINDS) and the cases copied from other windows or brought to a newer state.
    # Pages a failed round applied are told by the next round that succeeds.
    references: frozenset[str] = frozenset()
    cases_pulled: int = 0


class SyncEngine:
    def __init__(
        self,
        store: Store,
        transport: SyncTransport,
        *,
        client_id: str,
        clock: Clock = utc_now,
        batch_size: int = proto.DEFAULT_BATCH,
        page_size: int = proto.DEFAULT_PAGE,
        max_batches_per_sync: int = 1000,
        backoff: Backoff | None = None,
        keep_applied_days: int = outbox.APPLIED_KEEP_DAYS,
    ) -> None:
        self.store = store
        self.transport = transport
        self.client_id = client_id
        self.clock = clock
        self.batch_size = batch_size
        self.page_size = page_size
        self.max_batches_per_sync = max_batches_per_sync
        self.backoff = backoff or Backoff()
        self.keep_applied_days = keep_applied_days
        self._pruned_on: dt.date | None = None
        self.online: bool | None = None
        # Reached, but answering 5xx/429: "offline" would send the clerk to check the cable.
        self.server_fault = False
        self.outdated = False
        self._gap_acknowledged = False
        self._skew_ms: int | None = None
        self._epoch: str | None = None
        # The error that stopped the last sync when the store could not record it either (a full
        # disk): kept here so that the status still shows it to the clerk.
        self._unrecorded_error: tuple[str, dt.datetime] | None = None
        self._pulled = PageApplied()  # applied since the last report (see SyncReport)
        self._renumbered: list[RenumberedCase] = []  # likewise: renumbered since the last report
        self._lock = threading.Lock()  # one sync at a time, whoever calls

    @classmethod
    def for_store(cls, store: Store, transport: SyncTransport, **kwargs: object) -> SyncEngine:
        return cls(store, transport, client_id=store.client_id(), **kwargs)  # type: ignore[arg-type]

    # -- public ---------------------------------------------------------------------------------

    def status(self, *, details: bool = True, syncing: bool = False) -> SyncStatus:
        status = read_status(
            self.store,
            online=self.online,
            outdated=self.outdated,
            details=details,
            syncing=syncing,
            server_fault=self.server_fault,
        )
        if self._unrecorded_error is not None:
            message, at = self._unrecorded_error
            status = replace(status, last_error=message, last_error_at=at)
        return status

    def sync_once(self) -> SyncReport:
        """Hello, push everything pending (in batches), pull every page. Raises the domain error
        that stopped it (after recording it for the status). Cases the server refused for a
        number another case of their window has are renumbered once the pull has brought that
        window's numbers, and sent again in a second round."""
        with self._lock:
            try:
                return self._sync_locked()
            except HallError:
                raise
            except Exception:
                # A fault none of our errors describes (a bug, a library's surprise): the clerk
                # must still see that sync stopped, and why in words; the log has the rest.
                self._note_error(SyncError("同步时发生意外错误，已记入日志，稍后自动重试", code="unexpected"))
                raise

    def _sync_locked(self) -> SyncReport:
        """``sync_once``'s work, under its lock."""
        report = self._round()
        renumbered = self._guarded(self._renumber_clashes)
        # Kept until a round succeeds: the clerk must hear of a new number even when the round
        # that sends it fails, and the next rounds find nothing left to renumber.
        self._renumbered += renumbered
        if renumbered:
            again = self._round()
            report = replace(
                again,
                pushed=report.pushed + again.pushed,
                applied=report.applied + again.applied,
                conflicts=report.conflicts + again.conflicts,
                rejected=report.rejected + again.rejected,
                pulled=report.pulled + again.pulled,
                server_restored=report.server_restored or again.server_restored,
            )
        self.backoff.reset()
        self._unrecorded_error = None
        self._prune_outbox()
        pulled, self._pulled = self._pulled, PageApplied()
        renumbered, self._renumbered = self._renumbered, []
        return replace(
            report,
            renumbered=tuple(renumbered),
            references=pulled.references,
            cases_pulled=pulled.cases,
        )

    def _round(self) -> SyncReport:
        restored = self._guarded(self._handshake)
        applied = conflicts = rejected = sent = 0
        for _ in range(self.max_batches_per_sync):
            report = self._guarded(self._push_batch)
            sent += report.sent
            applied, conflicts, rejected = (
                applied + report.applied,
                conflicts + report.conflicts,
                rejected + report.rejected,
            )
            if report.sent == 0:
                break
        pulled = 0
        while True:
            count, more = self._guarded(self._pull_page)
            pulled += count
            if not more:
                break
        with self.store.session() as session:
            pending = outbox.pending_count(session)
            if self._skew_ms is not None:
                syncstate.set_clock_skew(session, skew_ms=self._skew_ms)
        return SyncReport(sent, applied, conflicts, rejected, pulled, pending, restored, self._skew_ms)

    def _renumber_clashes(self) -> list[RenumberedCase]:
        with self.store.session(readonly=True) as session:
            if not has_clashed_cases(session):
                return []  # no write transaction for a round with nothing to renumber
        with self.store.session() as session:
            renumbered = renumber_clashed_cases(session, now=self.clock())
        for case in renumbered:
            log.warning(
                "case %s took number %s, which is taken: now %s",
                case.case_id,
                case.old_case_no,
                case.new_case_no,
            )
        return renumbered

    def push_once(self) -> PushReport:
        """One batch of pending mutations (hello first if this engine has not met the server)."""
        with self._lock:
            if self._epoch is None:
                self._guarded(self._handshake)
            return self._guarded(self._push_batch)

    def pull_once(self) -> tuple[int, bool]:
        """One page of changes; returns (how many, whether more are waiting)."""
        with self._lock:
            if self._epoch is None:
                self._guarded(self._handshake)
            return self._guarded(self._pull_page)

    def run_until_synced(
        self, *, max_rounds: int = 100, sleep: Callable[[float], None] | None = None
    ) -> SyncReport:
        """Sync until nothing is pending, waiting with backoff between failed rounds (tests, bench)."""
        last_error: HallError | None = None
        for _ in range(max_rounds):
            try:
                report = self.sync_once()
            except (OfflineError, SyncError) as exc:
                if isinstance(exc, SyncError) and exc.code == "client_outdated":
                    raise
                last_error = exc
                if sleep is not None:
                    sleep(self.backoff.next_delay())
                continue
            if report.pending == 0:
                return report
        raise last_error or SyncError("同步未能在限定轮次内完成", code="not_converged")

    # -- steps ----------------------------------------------------------------------------------

    def _guarded(self, step: Callable[[], T]) -> T:
        if self.outdated:
            raise SyncError(
                "此窗口程序版本过旧，服务器不再接受它的同步数据。请升级程序；本机数据已保留。",
                code="client_outdated",
            )
        try:
            result = step()
        except OfflineError as exc:
            self.online = False
            self.server_fault = exc.code == SERVER_UNAVAILABLE
            self._note_error(exc)
            raise
        except SyncError as exc:
            self.online, self.server_fault = True, False
            if exc.code == "client_outdated":
                self.outdated = True
            self._note_error(exc)
            raise
        except AuthError as exc:
            self.online, self.server_fault = True, False
            self._note_error(exc)
            raise
        except StorageError as exc:
            # This counter's own file cannot take what the server sent (a full disk): the clerk
            # must see why nothing moves, though the store can likely not record it either.
            self._note_error(exc)
            raise
        self.online, self.server_fault = True, False
        return result

    def _note_error(self, exc: HallError) -> None:
        log.info("sync stopped: %s (%s)", exc.message, exc.code)
        at = self.clock()
        try:
            with self.store.session() as session:
                syncstate.note_sync_error(session, message=exc.message, at=at)
            self._unrecorded_error = None
        except HallError:
            log.exception("could not record the sync error")
            self._unrecorded_error = (exc.message, at)

    def _measure_skew(
        self, sent_at: dt.datetime, received_at: dt.datetime, server_date: dt.datetime | None
    ) -> None:
        if server_date is None:
            return
        midpoint = sent_at + (received_at - sent_at) / 2
        self._skew_ms = int((server_date - midpoint).total_seconds() * 1000)

    def _server_now(self) -> dt.datetime:
        """The server's time as last measured (the device's when it could not be). Applied
        mutations are kept for a restored server by it, so that a device clock set wrong for a
        while (a dead CMOS battery, a clock years ahead) never has them forgotten early."""
        now = self.clock()
        return now if self._skew_ms is None else now + dt.timedelta(milliseconds=self._skew_ms)

    def _handshake(self) -> bool:
        """Meet the server; detect a restored server and make the client re-send what it lacks."""
        sent_at = self.clock()
        hello: ServerHello = self.transport.hello(client_id=self.client_id)
        self._measure_skew(sent_at, self.clock(), hello.server_date)
        restored = False
        with self.store.session() as session:
            state = syncstate.get_sync_state(session)
            previous_epoch = syncstate.set_server_epoch(session, epoch=hello.epoch)
            settled = highest_settled_mutation_id(session)
            epoch_changed = previous_epoch is not None and previous_epoch != hello.epoch
            if epoch_changed or settled > hello.last_mutation_id:
                # A new or restored server database: whatever it acknowledged after its last
                # known mutation id is gone from it. Send those again; re-read the whole feed.
                count = outbox.requeue_after(session, mutation_id=hello.last_mutation_id)
                syncstate.reset_pull_cursor(session)
                restored = True
                log.warning(
                    "server restored (epoch %s → %s, server has up to %s, we had %s): %s mutations requeued",
                    previous_epoch,
                    hello.epoch,
                    hello.last_mutation_id,
                    settled,
                    count,
                )
            elif int(state.pull_cursor or 0) > hello.last_change_seq:
                syncstate.reset_pull_cursor(session)
                restored = True
            else:
                cursor = int(state.pull_cursor or 0)
                rewound = rewind_for_skipped(session, cursor=cursor)
                if rewound is not None and rewound < cursor:
                    syncstate.rewind_pull_cursor(session, cursor=str(rewound))
                    repo.set_setting(session, ANCHOR_SETTING, "")  # it named the entry at the old cursor
            if self._skew_ms is not None:
                syncstate.set_clock_skew(session, skew_ms=self._skew_ms)
        self._epoch = hello.epoch
        return restored

    def _push_batch(self) -> PushReport:
        with self.store.session() as session:
            batch = outbox.take_for_sending(session, limit=self.batch_size)
        if not batch:
            return PushReport(0, 0, 0, 0, gap=False)
        ids = [m.mutation_id for m in batch]
        sent_at = self.clock()
        try:
            answer = self.transport.push(
                client_id=self.client_id,
                mutations=batch,
                gap_acknowledged=self._gap_acknowledged,
                clock_skew_ms=self._skew_ms,
            )
        except OfflineError as exc:
            self._record_failure(ids, exc)
            raise
        except SyncError as exc:
            if exc.code in ("client_outdated", "server_outdated") or exc.params.get("status") not in (
                400,
                409,
                413,
                422,
            ):
                self._record_failure(ids, exc)
                raise
            return self._isolate_refused(batch, exc)
        self._measure_skew(sent_at, self.clock(), answer.server_date)
        if answer.epoch != self._epoch:
            raise OfflineError("服务器刚刚更换或恢复了数据库，稍后重新同步", code="epoch_changed")
        at = self.clock()
        with self.store.session() as session:
            # Settled in the server's time: how long an applied mutation is kept follows it.
            counts = settle(session, sent=batch, answers=answer.results, at=self._server_now())
            syncstate.note_push(session, at=at)
            gap = answer.expected_mutation_id is not None
            if gap:
                expected = answer.expected_mutation_id
                assert expected is not None
                outbox.requeue_after(session, mutation_id=expected - 1)
                lowest = outbox.pending_batch(session, limit=1)
                # Nothing of ours is left to send below our lowest pending id: tell the server so.
                self._gap_acknowledged = bool(lowest) and lowest[0].mutation_id > expected
                log.warning("server expects mutation %s; re-sending from there", expected)
                oldest = outbox.oldest_mutation_id(session)
                if oldest is not None and oldest > expected:
                    log.warning(
                        "the server lacks mutations %s to %s, which this counter no longer keeps "
                        "(applied more than %s days ago): they cannot be sent again",
                        expected,
                        oldest - 1,
                        self.keep_applied_days,
                    )
            else:
                self._gap_acknowledged = False
        return PushReport(len(batch), counts["applied"], counts["conflict"], counts["rejected"], gap=gap)

    def _prune_outbox(self) -> None:
        """Once a day, after a good sync: forget mutations the server applied long ago. A failure
        here (a locked or full disk) costs nothing but a larger file, so it never fails the sync."""
        today = self.clock().date()
        if self._pruned_on == today:
            return
        cutoff = self._server_now() - dt.timedelta(days=self.keep_applied_days)
        pruned = 0
        try:
            while True:
                with self.store.session() as session:
                    batch = outbox.prune_applied(session, settled_before=cutoff)
                pruned += batch
                if batch < outbox.PRUNE_BATCH:
                    break
        except HallError as exc:
            log.warning("old applied mutations not pruned: %s", exc)
            return
        self._pruned_on = today
        if pruned:
            log.info("pruned %s mutations applied before %s", pruned, cutoff.isoformat())

    def _isolate_refused(self, batch: list[outbox.MutationRecord], exc: SyncError) -> PushReport:
        """The server refused the request: find the one mutation it cannot read, if one is to
        blame. A refusal of the request itself (its envelope) rejects nothing: everything stays
        pending and the error is reported, as for a server that cannot be reached."""
        if len(batch) > 1:
            saved, self.batch_size = self.batch_size, 1
            try:
                return self._push_batch()
            except HallError as alone:
                self._record_failure([m.mutation_id for m in batch], alone)
                raise
            finally:
                self.batch_size = saved
        try:
            for_itself = self._refused_for_itself(exc)
        except HallError as failed:  # no connection or no sign-in: nothing can be told yet
            self._record_failure([batch[0].mutation_id], failed)
            raise
        if not for_itself:
            refused = SyncError(
                f"服务器拒绝了整个同步请求（不是某一条数据的问题）：{exc.message}"
                "本机数据都已保留，会自动重试；如果一直如此，请联系信息技术人员。",
                code="request_refused",
                status=exc.params.get("status"),
                server_code=exc.code,
            )
            self._record_failure([batch[0].mutation_id], refused)
            raise refused from exc
        at = self.clock()
        with self.store.session() as session:
            outbox.mark_rejected(
                session,
                batch[0].mutation_id,
                reason=exc.message,
                server_reply={"code": exc.code, "data": {}, "local": True},
                at=at,
            )
        # The server never saw this id: the next push declares the gap.
        self._gap_acknowledged = True
        return PushReport(1, 0, 0, 1, gap=False)

    def _refused_for_itself(self, exc: SyncError) -> bool:
        """Whether a push of one mutation was refused because of that mutation: the same request
        without any mutation goes through. (A refused envelope, such as a clock skew an older
        server found implausible, is refused again; a connection or sign-in problem is raised.)"""
        try:
            self.transport.push(
                client_id=self.client_id,
                mutations=[],
                gap_acknowledged=self._gap_acknowledged,
                clock_skew_ms=self._skew_ms,
            )
        except SyncError as envelope:
            log.warning("the server refuses the push request itself: %s (%s)", envelope.message, exc.message)
            return False
        return True

    def _record_failure(self, ids: list[int], exc: HallError) -> None:
        """The push of these mutations did not settle them (they were counted when taken)."""
        try:
            with self.store.session() as session:
                outbox.record_failure(session, ids, error=exc.message)
        except HallError:
            log.exception("could not record the failed push")

    def _pull_page(self) -> tuple[int, bool]:
        with self.store.session(readonly=True) as session:
            cursor = int(syncstate.get_sync_state(session).pull_cursor or 0)
            horizon = int(repo.get_setting(session, HORIZON_SETTING) or 0)
            anchor = repo.get_setting(session, ANCHOR_SETTING) if cursor else None
        sent_at = self.clock()
        page = self.transport.pull(since=cursor, limit=self.page_size, horizon=horizon, anchor=anchor)
        self._measure_skew(sent_at, self.clock(), page.server_date)
        if page.epoch != self._epoch:
            raise OfflineError("服务器刚刚更换或恢复了数据库，稍后重新同步", code="epoch_changed")
        at = self.clock()
        if page.resync:
            log.warning("the server's feed is not the one read up to cursor %s: reading it again", cursor)
        with self.store.session() as session:
            applied = apply_changes(session, page.changes, at=at, from_start=not cursor)
            syncstate.set_pull_cursor(session, cursor=str(0 if page.resync else page.next_since), at=at)
            if page.resync:
                repo.set_setting(session, ANCHOR_SETTING, "")
            elif page.anchor is not None:  # an empty page names no entry: the anchor stays
                repo.set_setting(session, ANCHOR_SETTING, page.anchor)
            if page.compaction_horizon != horizon:
                repo.set_setting(session, HORIZON_SETTING, str(page.compaction_horizon))
        # Counted once the page is saved: a page not saved is pulled again.
        self._pulled = PageApplied(
            references=self._pulled.references | applied.references,
            cases=self._pulled.cases + applied.cases,
        )
        return len(page.changes), page.has_more or page.resync


def retry_mutation(store: Store, mutation_id: int) -> int:
    """Send a rejected or conflicting mutation again as a new one (the server already answered its
    id); returns the new mutation id. The old one stays, with a note, marked resolved: the new one
    now carries the clerk's work, so the old one neither counts as needing the clerk any more nor
    can be sent a second time."""
    with store.session() as session:
        old = outbox.get_mutation(session, mutation_id)
        if old.status not in ("rejected", "conflict") or is_resolved(old.server_reply):
            raise SyncError(
                "只有被拒绝或冲突的变更可以重新提交", code="not_retryable", mutation_id=mutation_id
            )
        new_id = outbox.enqueue(session, name=old.name, version=old.version, payload=old.payload)
        note = f"{old.last_error or ''}（已重新提交为第 {new_id} 号变更）"
        resolution = {"choice": CHOICE_RETRY, "at": utc_now().isoformat(), "new_mutation_id": new_id}
        reply = {**dict(old.server_reply or {}), RESOLUTION_KEY: resolution}
        settle_again = outbox.mark_rejected if old.status == "rejected" else outbox.mark_conflict
        settle_again(session, mutation_id, reason=note, server_reply=reply, at=old.settled_at)
    return new_id
