"""What every request handler needs: settings, the database and the event hub of this process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import Request

from hallclient.server.authcache import AuthCache
from hallclient.server.config import ServerConfig
from hallclient.server.db import Database
from hallclient.server.events import EventHub, FirstPolls


@dataclass
class ServerContext:
    config: ServerConfig
    db: Database
    hub: EventHub
    auth_cache: AuthCache = field(default_factory=lambda: AuthCache(ttl_s=0))
    first_polls: FirstPolls = field(default_factory=FirstPolls)

    def now(self) -> datetime:
        return datetime.now(UTC)


async def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context
