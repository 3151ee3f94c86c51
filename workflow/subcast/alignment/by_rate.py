"""Text the acoustic model cannot hear, timed by the reader's speech rate.

A voice the model hears poorly (synthetic, accented, over a bed) leaves runs of text it
cannot place. Reporting them as skipped, and the speech they were said in as added, is wrong
whenever the recording has speech for them where they stand. So between the nearest units the
model is sure of (the anchors), the speech the VAD found is measured against what the text
there needs at the reader's own rate (speech seconds per unit over the whole recording):
- it fits: every unit between the anchors is spread over that speech at an even rate;
- too little: whole phrases of the missing text are what the reader skipped (a cut), the
  phrase-aligned stretch whose removal makes the rest fit best; the rest is spread;
- neither (speech the text lacks as well): nothing changes, the gaps are reported as before.
Units timed this way get probability 0: their cues are LOW, and the report says why.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import FRAME_RATE

TRUSTED_PROBABILITY = 0.5   # an anchor: a unit the model places with at least this probability ...
ANCHOR_RUN = 3              # ... inside a run of this many such units
MIN_MISSING_UNITS = 2       # runs of units not placed longer than this are looked at
FIT_LOW, FIT_HIGH = 0.6, 1.6  # speech / what the text needs at the reader's rate, to count as a fit


@dataclass(frozen=True)
class ByRate:
    """Units [first, end) timed by speech rate, and units [skip_first, skip_end) the reader
    skipped between the same anchors (empty when nothing was)."""
    first: int
    end: int
    skipped: tuple[int, int]


def time_by_rate(unit_start: np.ndarray, unit_prob: np.ndarray, phrase: np.ndarray, speech: np.ndarray,
                 total: float, added: list[tuple[float, float]] = ()) -> list[ByRate]:
    """Fills `unit_start` (seconds; NaN: not placed) and zeroes `unit_prob` for the units
    timed by rate, in place. `phrase` gives each unit's phrase number, `speech` the VAD's
    per-frame (10 ms) decision, `total` the recording's length (s), `added` the stretches
    (s) heard as matching no text: where the text between the anchors around one is unsure,
    it may be that text, misheard."""
    kept = ~np.isnan(unit_start)
    if kept.sum() < 2 or not speech.any():
        return []
    rate = speech.sum() / FRAME_RATE / kept.sum()
    trusted = _anchors(kept & (unit_prob >= TRUSTED_PROBABILITY))
    cumulative = np.concatenate([[0], np.cumsum(speech)]) / FRAME_RATE   # speech seconds before each frame
    # Where to look: between the anchors around each run of units not placed, and around each
    # added stretch (text there may be that speech, misheard).
    places: dict[int, set] = {}
    i = 0
    while i < len(unit_start):
        j = i
        while j < len(unit_start) and not kept[j]:
            j += 1
        if j - i > MIN_MISSING_UNITS:       # a word or two is the model's doubt (whisper_align._fill_unheard_words)
            places.setdefault(int(np.searchsorted(trusted, i)), set()).add("missing")
        i = j + 1
    for r0, r1 in added:
        at = int(np.searchsorted(unit_start[trusted], r0))
        if at == len(trusted) or unit_start[trusted[at]] >= r1:
            places.setdefault(at, set()).add("added")
    out = []
    for at, kinds in sorted(places.items()):
        a = int(trusted[at - 1]) if at > 0 else None
        b = int(trusted[at]) if at < len(trusted) else None
        first, end = (a + 1 if a is not None else 0), (b if b is not None else len(unit_start))
        t0 = unit_start[a] + rate if a is not None else 0.0
        t1 = unit_start[b] if b is not None else total
        if t1 <= t0 or end <= first:
            continue
        lo, hi = (min(int(t * FRAME_RATE), len(speech)) for t in (t0, t1))
        skip = _best_skip(~kept, first, end, phrase, cumulative[hi] - cumulative[lo], rate)
        if skip is None:
            continue
        # All that is missing skipped, and no added speech to explain: the model's places stand.
        left = [k for k in range(first, end) if not kept[k] and not skip[0] <= k < skip[1]]
        if left or (skip == (end, end) and "added" in kinds):
            _spread(unit_start, unit_prob, first, end, skip, speech, lo, hi)
            out.append(ByRate(first, end, skip))
    return sorted(out, key=lambda r: r.first)


def _anchors(sure: np.ndarray) -> np.ndarray:
    """Indices of sure units inside a run of ANCHOR_RUN of them: one sure unit alone can be
    forced into the wrong speech."""
    inside = np.zeros(len(sure), bool)
    if len(sure) >= ANCHOR_RUN:
        for k in np.flatnonzero(np.convolve(sure, np.ones(ANCHOR_RUN), mode="valid") == ANCHOR_RUN):
            inside[k:k + ANCHOR_RUN] = True
    return np.flatnonzero(sure & inside)


def _best_skip(missing: np.ndarray, first: int, end: int, phrase: np.ndarray, spoken: float,
               rate: float) -> tuple[int, int] | None:
    """The stretch [x, y) of units not placed (`missing`), cut at phrase boundaries or at the
    edges of what is missing, whose removal leaves the units [first, end) fitting `spoken`
    seconds best; (end, end) when nothing need go; None if nothing fits."""
    cuts = sorted({k for k in range(first, end + 1)
                   if k in (first, end) or phrase[k] != phrase[k - 1] or missing[k] != missing[k - 1]})
    best, best_fit = None, np.inf
    for x in cuts:
        for y in cuts:
            if y < x or not missing[x:y].all():
                continue
            left = (end - first) - (y - x)
            ratio = spoken / (left * rate) if left > 0 else 0.0
            if FIT_LOW <= ratio <= FIT_HIGH and abs(np.log(ratio)) < best_fit - 1e-9:
                best, best_fit = (x, y) if y > x else (end, end), abs(np.log(ratio))
    return best


def _spread(unit_start, unit_prob, first, end, skip, speech, lo, hi) -> None:
    """Units [first, end) but the skipped ones, one after another at an even rate over the
    speech frames [lo, hi): the ones before the skip from the start, the rest after."""
    units = [u for u in range(first, end) if not skip[0] <= u < skip[1]]
    frames = np.flatnonzero(speech[lo:hi]) + lo
    if not len(frames):
        return
    share = len(frames) / len(units)
    for n, u in enumerate(units):
        unit_start[u] = frames[min(int(n * share), len(frames) - 1)] / FRAME_RATE
        unit_prob[u] = 0.0
    unit_start[skip[0]:skip[1]] = np.nan
