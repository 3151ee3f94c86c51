"""Progress of a long job (narrating a transcript, aligning a recording), in its log and on
the terminal, as users of long Snakemake jobs expect: done of total, what it amounts to (audio
minutes), elapsed and time left.

Steady, not chatty: every `every_s` seconds (default 10) when stderr is a terminal, else once
per tenth of the work (a log file or a cluster's job output gets about ten lines).
"""
from __future__ import annotations

import logging
import sys
import time


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """`Progress(log, "narrating 001", total=12000, unit="characters")`, then `update(done,
    "3.2 min of audio")` as the work goes; `update` decides whether a line is due."""

    def __init__(self, log: logging.Logger, what: str, total: float, unit: str, every_s: float = 10.0,
                 interactive: bool | None = None, clock=time.monotonic):
        self.log, self.what, self.total, self.unit = log, what, max(total, 1e-9), unit
        self.every_s = every_s
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.clock = clock
        self.started = self.last = clock()
        self.tenth = 0

    def update(self, done: float, amounts: str = "") -> bool:
        """Logs a progress line if one is due; True when it did."""
        now, share = self.clock(), min(done / self.total, 1.0)
        if self.interactive:
            due = now - self.last >= self.every_s
        else:
            due = int(share * 10) > self.tenth
        if not due or done <= 0:
            return False
        self.last, self.tenth = now, int(share * 10)
        elapsed = now - self.started
        left = elapsed * (1 - share) / share
        extra = f", {amounts}" if amounts else ""
        self.log.info("%s: %s of %s %s (%.0f%%)%s; %s elapsed, about %s left", self.what, f"{done:,.0f}",
                      f"{self.total:,.0f}", self.unit, 100 * share, extra, _clock(elapsed), _clock(left))
        return True
