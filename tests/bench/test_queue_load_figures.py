"""The arithmetic behind bench/queue_load.py's printed figures: the p99 reference the followers'
run is compared with, the second-by-second view, and the host probe's speed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from queue_load import Phase, Runs, host_speed, percentile, pooled, seconds_view


def _phase(
    latencies: list[float], *, started_at: float = 100.0, seconds: float = 3.0, server_cpu: float = 1.0
) -> Phase:
    """A phase whose answers came evenly spread over its seconds."""
    step = seconds / len(latencies)
    return Phase(
        window_actions=len(latencies),
        issued=0,
        seconds=seconds,
        latencies_ms=latencies,
        issue_latencies_ms=[],
        client_cpu=0.1,
        server_cpu=server_cpu,
        load=1.0,
        started_at=started_at,
        answered_at=[started_at + i * step for i in range(len(latencies))],
    )


def test_percentile_takes_the_value_at_the_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.99) == 100.0
    assert percentile(values, 0.5) == 51.0
    assert percentile([], 0.99) == 0.0


def test_pooled_runs_add_requests_and_average_cpu_by_duration() -> None:
    first = _phase([10.0] * 90, seconds=30.0, server_cpu=1.0)
    second = _phase([500.0] * 10, seconds=10.0, server_cpu=2.0)
    both = pooled(first, second)
    assert both.window_actions == 100
    assert both.seconds == 40.0
    assert both.server_cpu == pytest.approx(1.25)
    assert both.pct(0.99) == 500.0  # the second run's slow tail is not averaged away
    assert both.pct(0.5) == 10.0
    assert both.per_second_p99() == {}  # two timelines pooled: no second-by-second view


def test_followers_ratio_is_against_both_runs_without_them() -> None:
    before = _phase([10.0] * 100)
    after = _phase([30.0] * 100)
    loaded = _phase([40.0] * 100)
    runs = Runs(before, loaded, after, None)
    assert runs.without_followers.pct(0.99) == 30.0
    assert runs.p99_ratio == pytest.approx(40.0 / 30.0)


def test_one_slow_second_is_named_with_its_place() -> None:
    latencies = [5.0] * 100 + [250.0] * 100 + [5.0] * 100  # three seconds, the middle one slow
    phase = _phase(latencies, seconds=3.0)
    assert phase.per_second_p99() == {0: 5.0, 1: 250.0, 2: 5.0}
    assert seconds_view(phase) == "slowest second p99 250 ms (s 1), 1 of 3 s over 100 ms"


def test_host_probe_speed_is_against_the_runs_fastest_tenth() -> None:
    phase = _phase([5.0] * 30, started_at=100.0, seconds=3.0)
    # Outside the phase the task took 1 ms; inside, 1 ms except second 2, at 3 ms.
    samples = [(90.0 + i * 0.1, 0.001) for i in range(100)]
    samples += [(100.0 + i * 0.1, 0.003 if i >= 20 else 0.001) for i in range(30)]
    speed = host_speed(samples, phase)
    assert speed is not None
    assert speed.median == pytest.approx(1.0)
    assert speed.slowest == pytest.approx(3.0)
    assert speed.slowest_second == 2
    assert host_speed(samples[:5], phase) is None  # too few to say
