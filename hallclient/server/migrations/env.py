"""Alembic environment: runs on the connection ``hallclient.server.db.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from hallclient.server.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    from sqlalchemy.engine import Connection

    assert isinstance(connection, Connection)
    with connection.begin():
        if connection.dialect.name == "postgresql":
            # Concurrent starts queue here; the later ones then find the schema current.
            lock_key = config.attributes.get("lock_key", 8470001)
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key})
        # SQLite's DDL is transactional too; with BEGIN IMMEDIATE one starter migrates at a time.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transactional_ddl=True,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
