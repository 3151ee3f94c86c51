"""Dynamic time warping in bounded memory: coarse to fine, each level in a band around the
path of the level above (the multiscale scheme of FastDTW and of Müller's audio synchronisation).

Only one row of accumulated cost is kept; a band cell costs one byte of step and four of jump
origin, so a 40-minute pair at 100 frames/s takes about a hundred megabytes, not the 250 GB a
full matrix would. Steps: (1,1) diagonal, (1,0) the recording moves on while the text holds
(a pause), (0,1) the text moves on while the recording holds; and jumps, which leave out a run
of either signal (a passage the recording skips, or speech the text lacks).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

DIAGONAL, RECORDING, TEXT, TEXT_JUMP, RECORDING_JUMP = 0, 1, 2, 3, 4
# Step weights of audio synchronisation (synctoolbox's default): a diagonal step costs less
# than the two single steps it replaces, so the path prefers to move both signals together.
WEIGHTS = np.array([2.0, 1.5, 1.5])
MAX_CELLS = 40_000_000  # the coarsest level's band: ≤ 200 MB of step records


@njit(cache=True)
def _band_dtw(x, y, lo, hi, weights, jump_cost, frame_cost):
    """DTW in the band lo[i] ≤ j < hi[i]. Besides the three steps, a jump leaves out a run of
    one signal (text the recording skips, or recording the text lacks) for `jump_cost` plus
    `frame_cost` a frame left out."""
    n, m, d = x.shape[0], y.shape[0], x.shape[1]
    offsets = np.zeros(n + 1, np.int64)
    width = 0
    for i in range(n):
        offsets[i + 1] = offsets[i] + hi[i] - lo[i]
        width = max(width, hi[i] - lo[i])
    steps = np.zeros(offsets[n], np.uint8)
    sources = np.zeros(offsets[n], np.int32)   # where a jump came from
    prev = np.full(width, np.inf)
    cur = np.full(width, np.inf)
    column_best = np.full(m, np.inf)          # min over rows ≤ i-2 of D[row, j] - frame_cost × row
    column_row = np.zeros(m, np.int64)
    for i in range(n):
        row_best, row_col = np.inf, 0          # min over prev[lo[i-1] .. j-2] - frame_cost × column
        for j in range(lo[i], hi[i]):
            if i > 0 and lo[i - 1] <= j - 2 < hi[i - 1]:
                v = prev[j - 2 - lo[i - 1]] - frame_cost * (j - 2)
                if v < row_best:
                    row_best, row_col = v, j - 2
            c = 0.0
            for k in range(d):
                diff = x[i, k] - y[j, k]
                c += diff * diff
            c = np.sqrt(c)
            best, step, source = np.inf, DIAGONAL, 0
            if i == 0 and j == 0:
                best = c
            if i > 0 and lo[i - 1] <= j - 1 < hi[i - 1]:
                v = prev[j - 1 - lo[i - 1]] + weights[0] * c
                if v < best:
                    best, step = v, DIAGONAL
            if i > 0 and lo[i - 1] <= j < hi[i - 1]:
                v = prev[j - lo[i - 1]] + weights[1] * c
                if v < best:
                    best, step = v, RECORDING
            if j > lo[i]:
                v = cur[j - 1 - lo[i]] + weights[2] * c
                if v < best:
                    best, step = v, TEXT
            v = row_best + frame_cost * (j - 1) + jump_cost + weights[0] * c
            if v < best:
                best, step, source = v, TEXT_JUMP, row_col
            if j > 0:
                v = column_best[j - 1] + frame_cost * (i - 1) + jump_cost + weights[0] * c
                if v < best:
                    best, step, source = v, RECORDING_JUMP, column_row[j - 1]
            cur[j - lo[i]] = best
            steps[offsets[i] + j - lo[i]] = step
            sources[offsets[i] + j - lo[i]] = source
        if i > 0:  # row i-1 may now be jumped from
            for j in range(lo[i - 1], hi[i - 1]):
                v = prev[j - lo[i - 1]] - frame_cost * (i - 1)
                if v < column_best[j]:
                    column_best[j], column_row[j] = v, i - 1
        prev, cur = cur, prev
        for j in range(width):
            cur[j] = np.inf
    # Walk back from the last cell of both signals.
    path_i = np.empty(n + m, np.int64)
    path_j = np.empty(n + m, np.int64)
    i, j, k = n - 1, m - 1, 0
    while True:
        path_i[k], path_j[k] = i, j
        k += 1
        if i == 0 and j == 0:
            break
        cell = offsets[i] + j - lo[i]
        step = steps[cell]
        if step == DIAGONAL:
            i, j = i - 1, j - 1
        elif step == RECORDING:
            i -= 1
        elif step == TEXT:
            j -= 1
        elif step == TEXT_JUMP:
            i, j = i - 1, sources[cell]
        else:
            i, j = sources[cell], j - 1
    return path_i[:k][::-1].copy(), path_j[:k][::-1].copy()


@dataclass(frozen=True)
class WarpPath:
    """Matched frame pairs, in order: recording frame `rec[k]` ↔ text frame `ref[k]`."""
    rec: np.ndarray
    ref: np.ndarray
    cells: int  # the largest band searched, for the memory report


def band_dtw(x: np.ndarray, y: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             jump_cost: float = np.inf, frame_cost: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    if lo[0] != 0 or hi[-1] != len(y) or np.any(hi <= lo):
        raise ValueError("the band must contain the first and the last cell")
    return _band_dtw(np.ascontiguousarray(x, np.float32), np.ascontiguousarray(y, np.float32),
                     lo.astype(np.int64), hi.astype(np.int64), WEIGHTS, float(jump_cost),
                     float(frame_cost))


def diagonal_band(n: int, m: int, max_cells: int = MAX_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """The whole matrix when it fits in `max_cells`, else a band around the diagonal."""
    if n * m <= max_cells:
        return np.zeros(n, np.int64), np.full(n, m, np.int64)
    radius = max(1, max_cells // (2 * n))
    centre = np.arange(n) * (m - 1) / max(n - 1, 1)
    return _monotone(np.floor(centre - radius), np.ceil(centre + radius) + 1, m)


def band_around(path_i: np.ndarray, path_j: np.ndarray, factor: int, radius: int, n: int, m: int,
                jump_radius: int = 0):
    """The band at a level `factor` times finer: the path's cells, widened by `radius` cells
    of the coarse level on every side (by `jump_radius` around a jump, where the coarse
    level cannot tell exactly where one signal breaks off), then projected."""
    coarse_rows = int(path_i.max()) + 1
    first = np.full(coarse_rows, np.iinfo(np.int64).max)
    last = np.full(coarse_rows, -1)
    np.minimum.at(first, path_i, path_j)
    np.maximum.at(last, path_i, path_j)
    # Rows a jump passed over have no cell: they lie between the cells around the jump.
    first = np.minimum.accumulate(first[::-1])[::-1]
    last = np.maximum.accumulate(last)
    window = np.lib.stride_tricks.sliding_window_view
    first = window(np.pad(first, radius, mode="edge"), 2 * radius + 1).min(axis=1) - radius
    last = window(np.pad(last, radius, mode="edge"), 2 * radius + 1).max(axis=1) + radius
    jumps = np.flatnonzero((np.diff(path_i) > 1) | (np.diff(path_j) > 1))
    for k in jumps:
        rows = slice(max(path_i[k] - jump_radius, 0), path_i[k + 1] + jump_radius + 1)
        first[rows] = np.minimum(first[rows], path_j[k] - jump_radius)
        last[rows] = np.maximum(last[rows], path_j[k + 1] + jump_radius)
    rows = np.minimum(np.arange(n) // factor, coarse_rows - 1)
    return _monotone(first[rows] * factor, (last[rows] + 1) * factor, m)


def _monotone(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.clip(lo, 0, m - 1).astype(np.int64)
    hi = np.clip(hi, 1, m).astype(np.int64)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # never narrower than asked
    hi = np.maximum.accumulate(np.maximum(hi, lo + 1))
    lo[0], hi[-1] = 0, m
    return lo, hi


def pool(features: np.ndarray, factor: int) -> np.ndarray:
    """Mean of each run of `factor` frames (the last run may be shorter)."""
    if factor == 1:
        return features
    n = len(features)
    blocks = -(-n // factor)
    padded = np.zeros((blocks * factor, features.shape[1]), np.float32)
    padded[:n] = features
    sums = padded.reshape(blocks, factor, -1).sum(axis=1)
    counts = np.full(blocks, factor, np.float32)
    counts[-1] = n - (blocks - 1) * factor
    return sums / counts[:, None]


def align(rec: np.ndarray, ref: np.ndarray, frame_rate: float, factors: tuple[int, ...] = (25, 5, 1),
          radius: int = 3, jump_seconds: float = 1.0, skip_ratio: float = 1.25,
          max_cells: int = MAX_CELLS) -> WarpPath:
    """The warping path between two feature sequences (frames × dims), coarse to fine.

    Each level is aligned twice. The first pass, without jumps, measures what a matched frame
    costs for this pair of voices (a different speaker matches worse than the same one). In
    the second, leaving a frame out costs `skip_ratio` times that, plus a fixed `jump_seconds`
    worth: a passage one signal lacks is jumped, not smeared over its neighbours, and frames
    that match as well as usual are never jumped."""
    path_i = path_j = None
    cells = 0
    for level, factor in enumerate(factors):
        x, y = pool(rec, factor), pool(ref, factor)
        n, m = len(x), len(y)
        if path_i is None:
            lo, hi = diagonal_band(n, m, max_cells)
        else:
            ratio = factors[level - 1] // factor
            jump_radius = max(radius, round(frame_rate / factors[level - 1]))  # a second
            lo, hi = band_around(path_i, path_j, ratio, radius, n, m, jump_radius)
        cells = max(cells, int((hi - lo).sum()))
        path_i, path_j = band_dtw(x, y, lo, hi)
        matched = WEIGHTS[1] * float(np.median(np.linalg.norm(x[path_i] - y[path_j], axis=1)))
        skip = matched * skip_ratio
        path_i, path_j = band_dtw(x, y, lo, hi, skip * jump_seconds * frame_rate / factor, skip)
    return WarpPath(path_i, path_j, cells)
