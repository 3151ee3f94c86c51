"""Which stretch of the text a window of the recording holds: the model's quick transcription
lined up with the known text by edit distance over sounds (toneless pinyin), so a wrong
character with the right sound (or traditional for simplified, 9957 for 九千九百五十七) still
matches.

Local alignment with affine gaps: a run of text the recording skips, or of speech the text
lacks, costs one opening and a little per unit, so a cut line inside a window is one gap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numba import njit

_LATIN = re.compile(r"[A-Za-z]+|[0-9]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?%?")

MATCH, NEAR, MISMATCH = 2.0, 0.5, -1.0
GAP_OPEN, GAP_EXTEND = -3.0, -0.15


def _spoken_number(match: re.Match) -> str:
    import cn2an

    text = match.group(0)
    percent = text.endswith("%")
    number = text.rstrip("%")
    try:
        if len(number) == 4 and number.isdigit() and not percent:
            spoken = "".join("零一二三四五六七八九"[int(d)] for d in number)   # a year, read digit by digit
        else:
            spoken = cn2an.an2cn(number, "low")
    except (ValueError, KeyError):
        return text
    return ("百分之" + spoken) if percent else spoken


def units(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Sound units of `text` (a toneless syllable per Han character, a lower-case word per
    Latin run) and each unit's [start, end) offset in `text`."""
    from pypinyin import Style, lazy_pinyin

    out, spans = [], []
    i = 0
    while i < len(text):
        ch = text[i]
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            out.append(lazy_pinyin(ch, style=Style.NORMAL)[0])
            spans.append((i, i + 1))
            i += 1
            continue
        match = _LATIN.match(text, i)
        if match:
            out.append(match.group(0).lower())
            spans.append((i, match.end()))
            i = match.end()
            continue
        i += 1
    return out, spans


def hypothesis_units(text: str) -> tuple[str, list[str], list[tuple[int, int]]]:
    """What the model heard with digits read out as a Chinese reader says them, its units and
    their offsets in it."""
    spoken = _DIGITS.sub(_spoken_number, text)
    return (spoken, *units(spoken))


_FINALS = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)$")


def _codes(a: list[str], b: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Units as integers (same sound → same code) and their finals' codes (a near match)."""
    table: dict[str, int] = {}
    finals: dict[str, int] = {}

    def code(unit: str) -> tuple[int, int]:
        final = _FINALS.match(unit).group(2) or unit
        return table.setdefault(unit, len(table)), finals.setdefault(final, len(finals))

    ca = np.array([code(u) for u in a], np.int64).reshape(-1, 2)
    cb = np.array([code(u) for u in b], np.int64).reshape(-1, 2)
    return ca[:, 0], ca[:, 1], cb[:, 0], cb[:, 1]


@njit(cache=True)
def _local(h, hf, t, tf, match, near, mismatch, gap_open, gap_extend):
    """Smith–Waterman with affine gaps (Gotoh). Returns the traceback and the best cell."""
    n, m = len(h), len(t)
    NEG = -1e18
    H = np.zeros((n + 1, m + 1))
    E = np.full((n + 1, m + 1), NEG)   # gap in the hypothesis: text unit unmatched (skipped text)
    F = np.full((n + 1, m + 1), NEG)   # gap in the text: hypothesis unit unmatched (extra speech)
    trace = np.zeros((n + 1, m + 1), np.uint8)   # 0 stop, 1 diag, 2 E, 3 F
    best, bi, bj = 0.0, 0, 0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            E[i, j] = max(H[i, j - 1] + gap_open, E[i, j - 1] + gap_extend)
            F[i, j] = max(H[i - 1, j] + gap_open, F[i - 1, j] + gap_extend)
            if h[i - 1] == t[j - 1]:
                s = match
            elif hf[i - 1] == tf[j - 1]:
                s = near
            else:
                s = mismatch
            diag = H[i - 1, j - 1] + s
            value, kind = 0.0, 0
            if diag > value:
                value, kind = diag, 1
            if E[i, j] > value:
                value, kind = E[i, j], 2
            if F[i, j] > value:
                value, kind = F[i, j], 3
            H[i, j] = value
            trace[i, j] = kind
            if value > best:
                best, bi, bj = value, i, j
    return H, E, F, trace, best, bi, bj


@dataclass(frozen=True)
class Match:
    text_first: int          # first text unit matched
    text_end: int            # one past the last
    score: float
    matched: int             # hypothesis units matched to a text unit of the same sound
    unmatched_text: list[tuple[int, int]]   # runs of text units inside [first, end) left unmatched
    extra: list[tuple[int, int, int, int]]  # runs [a, b) of hypothesis units matched to no text, the
                                            # text unit they stand before, and how many text units
                                            # the hypothesis passes over there


def locate(hypothesis: list[str], text: list[str]) -> Match | None:
    """The stretch of `text` that `hypothesis` best matches, or None when nothing does."""
    if not hypothesis or not text:
        return None
    h, hf, t, tf = _codes(hypothesis, text)
    H, E, F, trace, best, bi, bj = _local(h, hf, t, tf, MATCH, NEAR, MISMATCH, GAP_OPEN, GAP_EXTEND)
    if best <= 0:
        return None
    # Trace back from the best cell, following which matrix each step came from.
    i, j, state = bi, bj, 0          # state 0: H, 2: E, 3: F
    covered = np.zeros(len(text), bool)
    heard = np.full(len(hypothesis), -1)      # the text unit each hypothesis unit stands on
    matched = 0
    first = bj
    while i > 0 and j > 0:
        if state == 0:
            kind = trace[i, j]
            if kind == 0:
                break
            if kind == 1:
                if h[i - 1] == t[j - 1]:
                    matched += 1
                covered[j - 1] = True
                heard[i - 1] = j - 1
                first = j - 1
                i, j = i - 1, j - 1
            else:
                state = kind
        elif state == 2:       # text unit j unmatched
            came_from_open = np.isclose(E[i, j], H[i, j - 1] + GAP_OPEN)
            j -= 1
            state = 0 if came_from_open else 2
        else:                  # hypothesis unit i unmatched
            came_from_open = np.isclose(F[i, j], H[i - 1, j] + GAP_OPEN)
            i -= 1
            state = 0 if came_from_open else 3
    gaps = []
    run_start = None
    for k in range(first, bj):
        if not covered[k] and run_start is None:
            run_start = k
        elif covered[k] and run_start is not None:
            gaps.append((run_start, k))
            run_start = None
    extra = []
    for a, b in _runs(heard < 0):
        after, before = heard[b:][heard[b:] >= 0], heard[:a][heard[:a] >= 0]
        next_text = int(after[0]) if len(after) else bj
        extra.append((a, b, next_text, next_text - (int(before[-1]) + 1 if len(before) else first)))
    return Match(first, bj, float(best), matched, gaps, extra)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in edges.reshape(-1, 2)]
