"""What every voice engine returns."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class VoiceError(RuntimeError):
    """The voice could not speak a text; the message names the text."""


@dataclass
class Speech:
    samples: np.ndarray               # mono float32 in [-1, 1]
    sample_rate: int
    char_spans: list[tuple[float, float]]  # per input character: (start, end) seconds

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate
