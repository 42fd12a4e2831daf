"""The counter's local store: SQLite via SQLAlchemy 2, migrated by Alembic at start-up.

See docs/store.md. Entry point: :func:`open_store`.
"""

from hallclient.store.db import Store, open_store, store_path

__all__ = ["Store", "open_store", "store_path"]
