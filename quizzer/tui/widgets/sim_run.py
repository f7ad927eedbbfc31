"""RunControl: what the training thread and the UI thread share about one live run.

The worker thread publishes snapshots and asks, before computing the next one, whether it
may (playing at the chosen rate, paused, or allowed one single step). The UI thread reads
the latest snapshots and the metric histories, and sets play/pause/step/speed. Everything
crosses threads through this object under one lock, so no widget is touched off the UI thread.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from sim.snapshot import Snapshot

Row = Mapping[str, float]

RATES: tuple[float, ...] = (1, 2, 5, 10, 20, 40, math.inf)
"""Snapshots per second offered by +/-; the last is "as fast as the trainer goes"."""
DEFAULT_RATE_INDEX = len(RATES) - 1
"""Start as fast as the trainer goes; `-` slows down to watch closely."""
POLL_SECONDS = 0.1
"""How often a waiting worker wakes to see whether it was cancelled."""


def history_row(snapshot: Snapshot) -> dict[str, float]:
    """A snapshot's metrics as one row of history, with the step and the `diverged` flag.

    The flag is the pseudo-metric that scenario signatures read.
    """
    return {
        **snapshot.metrics,
        "step": float(snapshot.step),
        "diverged": 1.0 if snapshot.status == "diverged" else 0.0,
    }


class RunControl:
    """Play/pause/step/speed for one training run of one or more sides, and its results."""

    def __init__(self, sides: int, *, paused: bool = False, rate_index: int = DEFAULT_RATE_INDEX):
        self._lock = threading.Condition()
        self._sides = sides
        self._latest: tuple[Snapshot, ...] | None = None
        self._histories: list[list[dict[str, float]]] = [[] for _ in range(sides)]
        self._paused = paused
        self._step_credit = 0
        self._rate_index = rate_index
        self._stopped = False
        self._next_due = 0.0
        self.published = 0
        """Frames (one snapshot per side) published so far."""
        self.parked = False
        """True while the worker waits, paused, for a step or play (nothing is computing)."""
        self.finished = False
        """Set by the worker when the stream has ended (last step reached, or stopped)."""

    # The UI thread's side.

    @property
    def latest(self) -> tuple[Snapshot, ...] | None:
        with self._lock:
            return self._latest

    def history(self, side: int, last: int | None = None) -> list[dict[str, float]]:
        """A copy of one side's metric history (or of its `last` rows), safe to read while
        training goes on."""
        with self._lock:
            rows = self._histories[side]
            return list(rows if last is None else rows[-last:])

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def rate(self) -> float:
        return RATES[self._rate_index]

    def pause(self) -> None:
        with self._lock:
            self._paused = True
            self._step_credit = 0

    def play(self) -> None:
        with self._lock:
            self._paused = False
            self._next_due = 0.0
            self._lock.notify_all()

    def step(self) -> None:
        """While paused, allow the worker exactly one more snapshot."""
        with self._lock:
            if self._paused:
                self._step_credit += 1
                self._lock.notify_all()

    def change_rate(self, delta: int) -> float:
        with self._lock:
            self._rate_index = min(max(self._rate_index + delta, 0), len(RATES) - 1)
            self._next_due = 0.0
            self._lock.notify_all()
            return RATES[self._rate_index]

    def stop(self) -> None:
        """Release a waiting worker for good: it returns at its next turn."""
        with self._lock:
            self._stopped = True
            self._lock.notify_all()

    # The worker thread's side.

    def wait_turn(self, cancelled: Callable[[], bool]) -> bool:
        """Block until the next snapshot may be computed; False when the run must end."""
        with self._lock:
            while True:
                if self._stopped or cancelled():
                    return False
                if self._paused:
                    if self._step_credit:
                        self._step_credit -= 1
                        self.parked = False
                        return True
                    self.parked = True
                    self._lock.wait(POLL_SECONDS)
                    continue
                self.parked = False
                now = time.monotonic()
                if now >= self._next_due:
                    rate = RATES[self._rate_index]
                    self._next_due = now + (0.0 if math.isinf(rate) else 1.0 / rate)
                    return True
                self._lock.wait(min(self._next_due - now, POLL_SECONDS))

    def publish(self, snapshots: Sequence[Snapshot]) -> None:
        rows = [history_row(snapshot) for snapshot in snapshots]
        with self._lock:
            self._latest = tuple(snapshots)
            for history, row in zip(self._histories, rows, strict=True):
                history.append(row)
            self.published += 1
