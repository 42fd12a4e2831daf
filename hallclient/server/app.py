"""The FastAPI application. Routers are included in one place: ``ROUTERS`` (add new ones there)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from hallclient import __version__
from hallclient.server.authcache import AuthCache
from hallclient.server.config import ServerConfig
from hallclient.server.context import ServerContext
from hallclient.server.db import Database
from hallclient.server.deps import recheck_sign_ins
from hallclient.server.errors import install_error_handlers
from hallclient.server.events import EventHub
from hallclient.server.longpoll import LongPollFastLane
from hallclient.server.writelane import WriteFastLane

log = logging.getLogger("hallclient.server")


def routers() -> list[APIRouter]:
    from hallclient.server.routes import auth, events, manage, meta, public, queue
    from hallclient.server.sync.progress import router as progress_router
    from hallclient.server.sync.routes import router as sync_router

    return [
        meta.router,
        auth.router,
        queue.router,
        events.router,
        public.router,
        manage.router,
        sync_router,
        progress_router,
    ]


def create_app(config: ServerConfig, *, extra_routers: list[APIRouter] | None = None) -> FastAPI:
    db = Database(config)
    hub = EventHub(
        db,
        poll_interval_s=config.event_poll_interval_s,
        buffer_size=config.event_buffer_size,
        page_size=config.event_page_size,
    )
    context = ServerContext(
        config=config, db=db, hub=hub, auth_cache=AuthCache(ttl_s=config.auth_cache_ttl_s)
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.request_threads
        await hub.start()
        recheck = asyncio.create_task(_recheck_sign_ins(context), name="auth-recheck")
        try:
            yield
        finally:
            recheck.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recheck
            await hub.stop()
            db.dispose()

    app = FastAPI(
        title="hallclient server",
        version=__version__,
        description="政务服务大厅窗口系统中心服务器：排队叫号、登录、大厅事件、事项目录。",
        lifespan=lifespan,
    )
    app.state.context = context
    install_error_handlers(app)
    app.add_middleware(LongPollFastLane, context=context)
    app.add_middleware(WriteFastLane, context=context)
    for router in [*routers(), *(extra_routers or [])]:
        app.include_router(router)
    return app


async def _recheck_sign_ins(context: ServerContext) -> None:
    """Once a second, the cached sign-ins about to go stale are checked again (``deps.recheck_sign_ins``)
    on a thread of their own, so neither the event loop nor a request thread waits for it."""
    if context.auth_cache.ttl_s <= 0:
        return
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="auth-recheck") as executor:
        while True:
            await asyncio.sleep(context.config.auth_recheck_interval_s)
            try:
                await loop.run_in_executor(executor, recheck_sign_ins, context)
            except Exception:  # the next round tries again; meanwhile requests look up themselves
                log.exception("cached sign-ins not re-checked")
