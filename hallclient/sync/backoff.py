"""Exponential backoff with jitter (half fixed, half random), so a hall's counters do not all
retry in the same second after the network comes back."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    max_s: float = 300.0
    factor: float = 2.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        """Record one more failure and return how long to wait: uniform in [cap/2, cap]."""
        self.failures += 1
        cap = min(self.max_s, self.base_s * self.factor ** (self.failures - 1))
        return cap / 2 + self.rng.uniform(0, cap / 2)

    def reset(self) -> None:
        self.failures = 0
