"""A server restored from a backup gives the feed's seqs after the backup out again. A counter that
had read past the backup, and syncs only once other counters have written past its cursor, must
still read every change of the restored feed (real server process, real SQLite files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hallclient.domain.catalog import load_sample_catalog
from hallclient.store import Store, syncstate
from tests.serverproc import ServerProcess, start_server
from tests.sync.conftest import cases_held, copy_db, make_engine, take_in_cases, token_for


def _cursor(store: Store) -> int:
    with store.session(readonly=True) as session:
        return int(syncstate.get_sync_state(session).pull_cursor or 0)


def test_a_counter_that_read_past_the_backup_reads_the_restored_feed_again(
    own_server: ServerProcess,
    make_store: Callable[[str], Store],
    tmp_path: Path,
) -> None:
    catalog = load_sample_catalog()
    token = token_for(own_server)
    db_file = Path(own_server.database_url.removeprefix("sqlite:///"))
    reader, before, after = make_store("reader"), make_store("before"), make_store("after")
    reading = make_engine(reader, own_server.base_url, token)
    reading.sync_once()
    own_server.stop()
    backup = tmp_path / "backup.sqlite3"
    copy_db(db_file, backup)  # the nightly backup
    server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    try:
        # After the backup: one counter takes in cases, the reader reads them; then the disk dies.
        lost = take_in_cases(before, catalog, 4, window_no="52")
        make_engine(before, server.base_url, token).sync_once()
        reading.sync_once()
        assert cases_held(reader, lost) == 4
        cursor = _cursor(reader)
        server.stop()
        copy_db(backup, db_file)
        server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
        # Another counter, which pushed nothing before, writes more than the reader had read.
        since_restore = take_in_cases(after, catalog, 8, window_no="53")
        make_engine(after, server.base_url, token).sync_once()

        report = reading.sync_once()

        # The reader pushed nothing after the backup, and the feed is longer than its cursor
        # again: only the entry at its cursor shows that the feed is another one now.
        assert not report.server_restored
        assert cases_held(reader, since_restore) == 8
        assert _cursor(reader) >= cursor
    finally:
        server.stop()
