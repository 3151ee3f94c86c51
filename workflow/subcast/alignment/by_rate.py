"""Text the acoustic model cannot hear, timed by the reader's speech rate.

A voice the model hears poorly (synthetic, accented, over a bed) leaves runs of text it
cannot place. Reporting them as skipped, and the speech they were said in as added, is wrong
whenever the recording has speech for them where they stand. So between the nearest units the
model is sure of (the anchors), the speech the VAD found is measured against what the text
there needs at the reader's own rate (speech seconds per unit over the whole recording):
- it fits: the text's phrase boundaries are matched to the pauses in that speech (in order,
  each to the pause nearest where the reader's rate puts it: `_phrases_at_pauses`), and each
  phrase's units are spread over its own speech at an even rate. A long run (a voice the model
  hears for half a minute at a time) then keeps its lines on their pauses, not adrift by the
  difference between one line's pace and the next;
- too little (the reader skipped some of it) or too much (the recording adds speech): nothing
  changes, and the gaps are reported as skipped or added as before. (Which phrases of a run
  were cut cannot be told from durations alone: a line more or less fits as well.)
Units timed this way get probability 0: their cues are LOW, and the report says why.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import FRAME_RATE
from .vad import _runs

TRUSTED_PROBABILITY = 0.5   # an anchor: a unit the model places with at least this probability ...
ANCHOR_RUN = 3              # ... inside a run of this many such units
MIN_MISSING_UNITS = 2       # runs of units not placed longer than this are looked at
FIT_LOW, FIT_HIGH = 0.6, 1.6  # speech / what the text needs at the reader's rate, to count as a fit
UNMATCHED_S = 1.5           # a phrase boundary further than this from any pause stays where the rate puts it


@dataclass(frozen=True)
class ByRate:
    """Units [first, end) timed by speech rate."""
    first: int
    end: int


def time_by_rate(unit_start: np.ndarray, unit_prob: np.ndarray, speech: np.ndarray, total: float,
                 added: list[tuple[float, float]] = (), word: np.ndarray | None = None,
                 phrase: np.ndarray | None = None) -> list[ByRate]:
    """Fills `unit_start` (seconds; NaN: not placed) and zeroes `unit_prob` for the units
    timed by rate, in place. `speech` is the VAD's decision per 10 ms frame, `total` the
    recording's length (s), `added` the stretches (s) heard as matching no text (where the
    text between the anchors around one is unsure, it may be that text, misheard), `word`
    each unit's word (token; default: each unit its own), `phrase` each unit's phrase (the text
    between two of its pauses: punctuation, line ends; default: all one phrase)."""
    kept = ~np.isnan(unit_start)
    if kept.sum() < 2 or not speech.any():
        return []
    word = np.arange(len(unit_start)) if word is None else word
    phrase = np.zeros(len(unit_start), np.int64) if phrase is None else phrase
    # Units of words the model placed none of: a word it half heard (an English name in a
    # Mandarin voice) is placed by its heard part, as before.
    unplaced = ~np.isin(word, word[kept])
    rate = speech.sum() / FRAME_RATE / kept.sum()
    trusted = _anchors(kept & (unit_prob >= TRUSTED_PROBABILITY))
    cumulative = np.concatenate([[0], np.cumsum(speech)]) / FRAME_RATE   # speech seconds before each frame
    # Where to look: between the anchors around each run of units not placed, and around each
    # added stretch (text there may be that speech, misheard).
    places: set[int] = set()
    i = 0
    while i < len(unit_start):
        j = i
        while j < len(unit_start) and not kept[j]:
            j += 1
        # a word or two is the model's doubt (whisper_align._fill_unheard_words)
        if unplaced[i:j].sum() > MIN_MISSING_UNITS:
            places.add(int(np.searchsorted(trusted, i)))
        i = j + 1
    for r0, r1 in added:
        at = int(np.searchsorted(unit_start[trusted], r0))
        if at == len(trusted) or unit_start[trusted[at]] >= r1:
            places.add(at)
    out = []
    for at in sorted(places):
        a = int(trusted[at - 1]) if at > 0 else None
        b = int(trusted[at]) if at < len(trusted) else None
        first, end = (a + 1 if a is not None else 0), (b if b is not None else len(unit_start))
        t0 = unit_start[a] + rate if a is not None else 0.0
        t1 = unit_start[b] if b is not None else total
        if t1 <= t0 or end <= first:
            continue
        lo, hi = (min(int(t * FRAME_RATE), len(speech)) for t in (t0, t1))
        if FIT_LOW <= (cumulative[hi] - cumulative[lo]) / ((end - first) * rate) <= FIT_HIGH:
            bounds = _phrases_at_pauses(phrase[first:end], speech[lo:hi])
            for (u0, f0), (u1, f1) in zip(bounds, bounds[1:]):
                _spread(unit_start, unit_prob, first + u0, first + u1, speech, lo + f0, lo + f1)
            out.append(ByRate(first, end))
    return sorted(out, key=lambda r: r.first)


def _anchors(sure: np.ndarray) -> np.ndarray:
    """Indices of sure units inside a run of ANCHOR_RUN of them: one sure unit alone can be
    forced into the wrong speech."""
    inside = np.zeros(len(sure), bool)
    if len(sure) >= ANCHOR_RUN:
        for k in np.flatnonzero(np.convolve(sure, np.ones(ANCHOR_RUN), mode="valid") == ANCHOR_RUN):
            inside[k:k + ANCHOR_RUN] = True
    return np.flatnonzero(sure & inside)


def _phrases_at_pauses(phrase: np.ndarray, speech: np.ndarray) -> list[tuple[int, int]]:
    """(unit, frame) pairs, both relative, from (0, 0) to (units, frames): where each stretch of
    units is spread. Each phrase boundary is matched to at most one pause inside the speech
    (a run of non-speech frames with speech on both sides), in order, so that the squared
    distance in speech seconds between where the reader's even rate puts the boundary and the
    pause, weighted for the pause's length, is least (dynamic programming, as in aligning two
    sequences); a boundary left
    unmatched costs UNMATCHED_S² and is spread over with its neighbours. Pauses inside a
    phrase (a reader's breath) are free to stay unmatched."""
    n, frames = len(phrase), len(speech)
    boundaries = np.flatnonzero(np.diff(phrase) != 0) + 1          # units before each boundary
    runs = [(int(a), int(b)) for a, b in _runs(~speech) if a > 0 and b < frames]
    spoken = np.concatenate([[0], np.cumsum(speech)])
    total = spoken[-1]
    if not len(boundaries) or not runs or not total:
        return [(0, 0), (n, frames)]
    expected = boundaries / n * total / FRAME_RATE                  # speech seconds before each boundary
    heard = np.array([spoken[a] for a, _ in runs]) / FRAME_RATE     # ... before each pause
    # A reader pauses longer between lines than for a breath inside one: a short pause costs
    # more to match (up to twice), a long one less (down to half).
    lengths = np.array([b - a for a, b in runs], float)
    weight = np.clip(np.median(lengths) / lengths, 0.5, 2.0)
    k_count, m_count = len(boundaries), len(runs)
    cost = np.full((k_count + 1, m_count + 1), np.inf)
    cost[0, :] = 0.0
    step = np.zeros((k_count + 1, m_count + 1), np.int8)           # 0: pause unused, 1: boundary unmatched, 2: matched
    for k in range(1, k_count + 1):
        cost[k, 0], step[k, 0] = cost[k - 1, 0] + UNMATCHED_S ** 2, 1
        for m in range(1, m_count + 1):
            options = (cost[k, m - 1], cost[k - 1, m] + UNMATCHED_S ** 2,
                       cost[k - 1, m - 1] + weight[m - 1] * (expected[k - 1] - heard[m - 1]) ** 2)
            step[k, m] = int(np.argmin(options))
            cost[k, m] = options[step[k, m]]
    matched = []
    k, m = k_count, m_count
    while k > 0:
        if step[k, m] == 2:
            matched.append((int(boundaries[k - 1]), int(runs[m - 1][1])))
        k, m = (k, m - 1) if step[k, m] == 0 else (k - 1, m) if step[k, m] == 1 else (k - 1, m - 1)
    return [(0, 0)] + matched[::-1] + [(n, frames)]


def _spread(unit_start, unit_prob, first, end, speech, lo, hi) -> None:
    """Units [first, end) one after another at an even rate over the speech frames [lo, hi)."""
    frames = np.flatnonzero(speech[lo:hi]) + lo
    share = len(frames) / (end - first)
    for n, u in enumerate(range(first, end)):
        unit_start[u] = frames[min(int(n * share), len(frames) - 1)] / FRAME_RATE
        unit_prob[u] = 0.0
