"""Token spans in a recording, from the same text voiced by the voice layer.

The voiced text (the reference) knows when each token is spoken. DTW between the reference's
features and the recording's maps every reference frame to recording frames; a token spans the
recording's speech frames matched to its own frames. Then:
- boundaries next to a pause in the text move to the nearest pause in the recording (within
  `snap_ms`), where the recording's own silence says exactly when speech stops and starts;
- a stretch of text the path crosses while the recording stands still is missing from the
  recording; a stretch of recording speech crossed while the text stands still was added;
- each token's confidence says how much closer its matched frames are than chance: 0 at
  chance, 1 as close as the same voice reading the same words.
"""
from __future__ import annotations

import numpy as np

from . import dtw
from .features import FRAME_RATE, features, pauses
from .result import Alignment, AlignSettings, Gap, NoSpeech, ordered, skipped_gaps

PAD_SECONDS = 0.5
# Confidence 1 is a match as close as the same voice reading the same words at another pace
# (measured: matched frames at 0.50 of the chance distance; another text: 0.79; eSpeak: 0.85).
GOOD_MATCH = 0.45


def _matched(a: np.ndarray, b: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """For each frame of one signal (`a` along the path), the first and last frame of the other
    matched to it; -1 for frames the path jumped over."""
    first = np.full(size, np.iinfo(np.int64).max)
    last = np.full(size, -1)
    np.minimum.at(first, a, b)
    np.maximum.at(last, a, b)
    return np.where(last < 0, -1, first), last


def _stands_still(position: np.ndarray, window: int) -> np.ndarray:
    """Frames where the other signal's matched `position` (ascending) hardly moves: it advances
    on fewer than one frame in ten over a `window` around them."""
    moves = np.zeros(len(position))
    moves[1:] = np.diff(np.maximum.accumulate(position)) > 0
    rate = np.convolve(moves, np.ones(window) / window, mode="same")
    return rate < 0.1


def _frame(seconds: float, frames: int) -> int:
    return min(max(int(round(seconds * FRAME_RATE)), 0), frames - 1)


def _runs(mask: np.ndarray, min_length: int, bridge: int = 0) -> list[tuple[int, int]]:
    """[start, end) runs of True at least `min_length` long; runs apart by ≤ `bridge` merge."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    runs: list[list[int]] = []
    for a, b in edges.reshape(-1, 2):
        if runs and a - runs[-1][1] <= bridge:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    return [(int(a), int(b)) for a, b in runs if b - a >= min_length]


def _chance_distance(x: np.ndarray, y: np.ndarray, samples: int = 20000) -> float:
    """The median distance between unrelated frames of the two signals."""
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(x), samples), rng.integers(0, len(y), samples)
    return float(np.median(np.linalg.norm(x[i] - y[j], axis=1)))


def _snap(at: float, candidates: np.ndarray, window: float) -> float:
    if not len(candidates):
        return at
    k = int(np.argmin(np.abs(candidates - at)))
    return float(candidates[k]) if abs(candidates[k] - at) <= window else at


def align_tokens(tokens, ref_spans, ref_samples: np.ndarray, ref_rate: int, rec_samples: np.ndarray,
                 rec_rate: int, settings: AlignSettings) -> Alignment:
    """Where each token (spoken at `ref_spans` in `ref_samples`) is in `rec_samples` (both mono;
    features are taken at each signal's own rate, so neither is resampled)."""
    # Silence around the voiced text gives the recording's lead-in and tail a partner.
    pad = np.zeros(int(PAD_SECONDS * ref_rate), np.float32)
    ref = features(np.concatenate([pad, ref_samples, pad]), ref_rate)
    ref_spans = [type(s)(s.start + PAD_SECONDS, s.end + PAD_SECONDS) for s in ref_spans]
    rec = features(rec_samples, rec_rate)
    if rec.speech.sum() < FRAME_RATE:
        raise NoSpeech(f"no speech to align to: {rec.speech.sum() / FRAME_RATE:.2f} s of it is louder than its noise floor")
    path = dtw.align(rec.mfcc, ref.mfcc, FRAME_RATE, jump_seconds=settings.gap_ms / 1000)
    n_ref, n_rec = len(ref), len(rec)
    first, last = _matched(path.ref, path.rec, n_ref)      # recording frames per text frame
    ref_at = _matched(path.rec, path.ref, n_rec)[1]         # last text frame per recording frame
    cost = np.linalg.norm(rec.mfcc[path.rec] - ref.mfcc[path.ref], axis=1)

    # Text the recording skips: jumped over, or crossed while the recording stands still.
    gap_frames = settings.gap_ms * FRAME_RATE // 1000
    skipped = np.zeros(n_ref, bool)
    for a, b in _runs(_stands_still(first, gap_frames) | (last < 0), gap_frames // 2):
        skipped[a:b] = True
    # Speech in the recording that the text lacks, the same way round.
    rec_jumped = np.ones(n_rec, bool)
    rec_jumped[path.rec] = False
    added_frames = []
    added = np.zeros(n_rec, bool)
    for a, b in _runs(_stands_still(ref_at, gap_frames) | rec_jumped, gap_frames // 2):
        voiced = np.flatnonzero(rec.speech[a:b])
        if len(voiced) >= gap_frames:  # not only a long pause
            added_frames.append((a + int(voiced[0]), a + int(voiced[-1]) + 1))
            added[added_frames[-1][0]:added_frames[-1][1]] = True

    pause_runs = pauses(rec.speech, settings.min_pause_ms * FRAME_RATE // 1000)
    onsets = np.array([b for _, b in pause_runs], float) / FRAME_RATE
    offsets = np.array([a for a, _ in pause_runs], float) / FRAME_RATE
    window = settings.snap_ms / 1000
    chance = _chance_distance(rec.mfcc[rec.speech], ref.mfcc[ref.speech])
    good = GOOD_MATCH * chance
    order = np.argsort(path.ref, kind="stable")  # path cells by text frame
    sorted_ref = path.ref[order]

    spans: list[tuple[float, float] | None] = []
    confidence: list[float] = []
    for k, (token, span) in enumerate(zip(tokens, ref_spans)):
        j0 = _frame(span.start, n_ref)
        j1 = max(_frame(span.end, n_ref) - 1, j0)
        if not token.is_pause and skipped[j0:j1 + 1].mean() > 0.5:
            spans.append(None)
            confidence.append(0.0)
            continue
        cells = order[np.searchsorted(sorted_ref, j0):np.searchsorted(sorted_ref, j1, "right")]
        if not len(cells):
            at = float(first[min(j0, n_ref - 1)]) / FRAME_RATE
            spans.append((at, at))
            confidence.append(0.0)
            continue
        frames = path.rec[cells]
        # A word's edges are where the recording speaks: silence matched to a weak onset is
        # the pause before the word, and speech the text lacks is no word's, even where the
        # path holds a word over it.
        own = rec.speech[frames] & ~added[frames]
        spoken = frames[own] if not token.is_pause and own.any() else frames
        start, end = spoken.min() / FRAME_RATE, (spoken.max() + 1) / FRAME_RATE
        if not token.is_pause:
            if k == 0 or tokens[k - 1].is_pause:
                start = _snap(start, onsets, window)
            if k + 1 == len(tokens) or tokens[k + 1].is_pause:
                end = _snap(end, offsets, window)
        spans.append((start, max(start, end)))
        confidence.append(float(np.clip((chance - cost[cells].mean()) / max(chance - good, 1e-6), 0, 1)))
    # Punctuation goes with the word before it: after a skipped word, it is skipped too.
    previous_word = None
    for k, token in enumerate(tokens):
        if not token.is_pause:
            previous_word = k
        elif previous_word is not None and spans[previous_word] is None:
            spans[k], confidence[k] = None, 0.0
    spans = ordered(spans, tokens)

    seconds = len(rec_samples) / rec_rate
    speech_frames = np.flatnonzero(rec.speech)
    lead_in = speech_frames[0] / FRAME_RATE if len(speech_frames) else seconds
    trailing = seconds - (speech_frames[-1] + 1) / FRAME_RATE if len(speech_frames) else 0.0
    long_frames = settings.long_pause_ms * FRAME_RATE // 1000
    long_pauses = [(a / FRAME_RATE, b / FRAME_RATE) for a, b in pause_runs
                   if b - a >= long_frames and a > 0 and b < n_rec]
    gaps = sorted(skipped_gaps(tokens, spans) + _added_gaps(tokens, ref_spans, spans, added_frames, ref_at),
                  key=lambda g: g.start)
    return Alignment(spans, confidence, seconds, float(lead_in), float(trailing), long_pauses, gaps, path.cells)


def _added_gaps(tokens, ref_spans, spans, added_frames, ref_at) -> list[Gap]:
    gaps = []
    text_at = np.maximum.accumulate(ref_at)
    for a, b in added_frames:
        at = text_at[a] / FRAME_RATE
        before = [k for k, span in enumerate(ref_spans)
                  if span.start <= at and not tokens[k].is_pause and spans[k] is not None]
        after = before[-1] if before else -1
        gaps.append(Gap("added", a / FRAME_RATE, b / FRAME_RATE, (after, after + 1)))
    return gaps
