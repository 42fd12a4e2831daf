"""The central server (DESIGN §9): FastAPI + SQLAlchemy 2 + Alembic, SQLite or PostgreSQL."""
