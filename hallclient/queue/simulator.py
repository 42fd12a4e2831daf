"""Simulated applicants for the demo: kiosk tickets at a realistic rate across services.

A county hall takes ~1,000 tickets a day over ~8 hours: about two a minute, more in the morning
peak. The demo runs faster than life (``rate_per_min``, default 6) so there is something to call.
Arrivals are a Poisson process (exponential gaps); services are weighted like a real hall's mix.
"""

from __future__ import annotations

import logging
import random
import threading

from hallclient.domain.errors import HallError
from hallclient.queue.client import ServerClient
from hallclient.queue.service import issue_ticket, new_request_id

log = logging.getLogger("hallclient.queue.simulator")

# 综合受理 and 不动产 take the most tickets in the public hall reports; 户籍 the fewest.
DEFAULT_WEIGHTS = {"A": 30, "B": 22, "C": 18, "D": 10, "E": 12, "F": 8}


class ApplicantSimulator:
    def __init__(
        self,
        client: ServerClient,
        *,
        services: list[str],
        rate_per_min: float = 6.0,
        green_share: float = 0.05,
        seed: int | None = None,
        max_tickets: int | None = None,
    ) -> None:
        if rate_per_min <= 0:
            raise ValueError("rate_per_min must be positive")
        self.client = client
        self.services = services
        self.weights = [DEFAULT_WEIGHTS.get(s, 10) for s in services]
        self.rate_per_min = rate_per_min
        self.green_share = green_share
        self.random = random.Random(seed)
        self.max_tickets = max_tickets
        self.issued = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hall-simulator", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def issue_one(self) -> None:
        service = self.random.choices(self.services, weights=self.weights)[0]
        green = self.random.random() < self.green_share
        issue_ticket(client=self.client, service=service, request_id=new_request_id(), green_channel=green)
        self.issued += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.max_tickets is not None and self.issued >= self.max_tickets:
                return
            try:
                self.issue_one()
            except HallError as exc:
                self.failures += 1
                log.info("simulated ticket not issued: %s", exc)
            self._stop.wait(self.random.expovariate(self.rate_per_min / 60.0))
