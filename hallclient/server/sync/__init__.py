"""Offline-first sync on the server: push (each mutation exactly once), pull (change feed).

See docs/sync.md. The router is ``hallclient.server.sync.routes.router``.
"""
