"""Token spans in a recording of any speaker, from a speaker-independent acoustic model.

1. Silero VAD finds where the recording speaks (vad.py); the speech is cut in its pauses into
   windows of at most 28 s.
2. Whisper transcribes each window quickly; the transcription is lined up with the known text
   over sounds (textmatch.py), which says which stretch of the text each window holds, and
   which text no window holds (skipped by the reader, or dropped by the quick transcription).
3. Whisper force-aligns each window's text. Text the quick transcription missed is kept when
   the model finds it likely where it stands, or when the recording has speech enough for it
   there (an unfamiliar voice); whole phrases that are neither are skipped. Speech that
   matches no text is cut out of its window and reported as added, unless it stands exactly
   where text is missing (then it is that text, misheard).
4. Text the model cannot place at all, where the recording has speech enough for it between
   the units it is sure of, is timed by the reader's speech rate there (by_rate.py) and
   reported as not recognised; where it does not fit, the skip or added speech stands.
5. Each character starts where the model puts it (less its known early bias); characters at
   the edges of a stretch of speech take the VAD/energy edge of that stretch, pauses the VAD
   ran over (noise, babble, a bed) are found in the level at phrase boundaries, pauses inside
   a phrase move to the phrase boundary next to them, and short stretches no character landed
   in join the neighbour their characters went to, else the nearer one.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from ..progress import Progress
from . import textmatch
from .by_rate import ByRate, time_by_rate
from .acoustic import MAX_WINDOW_SECONDS, SAMPLE_RATE, Whisper
from .result import Alignment, AlignSettings, Gap, NoSpeech, ordered, skipped_gaps
from .vad import Activity, activity

log = logging.getLogger(__name__)

EARLY_BIAS_S = 0.10        # Whisper base's alignment runs this much ahead of the speech
PRESENT_PROBABILITY = 0.10 # text the quick transcription missed is kept above this (mean)
ABSENT_PROBABILITY = 0.25  # a stretch of text this unlikely (smoothed) is not in the recording
SURE_PROBABILITY = 0.6     # a phrase the transcription missed is kept next to a skip only above this
SMOOTH_UNITS = 7
ROOM_SHARE = 0.6           # text the model doubts stays if its place holds this share of its speech
MIN_SKIP_UNITS = 4
WINDOW_PAD_S = 0.2
SEARCH_AHEAD_UNITS = 400   # how far past the last placed text a window's text is looked for
MAX_TRIAL_UNITS = 120      # text not heard that is tried at the edge of a neighbouring window
BOUNDARY_SEARCH_S = 0.6   # a pause the VAD missed is looked for this far either side of the model's boundary
CHARACTER_S = 0.1         # ... and no nearer the previous character's start than this
EDGE_QUIET_S = 0.4        # a stretch of speech that starts or ends with this long under the speech is trimmed
MIN_EXTRA_UNITS = 4        # heard syllables matching no text, from which a window may hold added speech


@dataclass
class Window:
    start: float
    end: float
    units: tuple[int, int] | None = None    # the text units it holds [first, end)
    encoded: object = None


def windows(act: Activity, total: float) -> list[Window]:
    """Runs of speech segments of at most MAX_WINDOW_SECONDS, cut in pauses."""
    out: list[Window] = []
    for a, b in act.segments:
        while b - a > MAX_WINDOW_SECONDS:             # speech with no pause for 28 s: cut anyway
            out.append(Window(a, a + MAX_WINDOW_SECONDS - 2 * WINDOW_PAD_S))
            a += MAX_WINDOW_SECONDS - 2 * WINDOW_PAD_S
        if out and b - out[-1].start <= MAX_WINDOW_SECONDS - 2 * WINDOW_PAD_S:
            out[-1].end = b
        else:
            out.append(Window(a, b))
    for w in out:
        w.start, w.end = max(0.0, w.start - WINDOW_PAD_S), min(total, w.end + WINDOW_PAD_S)
    return out


class Text:
    """The transcript's words as one string of spoken text, in sound units."""

    def __init__(self, tokens):
        pieces, owner = [], []
        for k, token in enumerate(tokens):
            if token.is_pause or not token.spoken.strip():
                continue
            piece = token.spoken
            if pieces and piece[:1].isascii() and pieces[-1][-1:].isascii():
                piece = " " + piece
            pieces.append(piece)
            owner += [k] * len(piece)
        self.string = "".join(pieces)
        self.units, self.spans = textmatch.units(self.string)
        self.unit_token = np.array([owner[a] for a, _ in self.spans], np.int64)
        self.latin = np.array([self.string[a].isascii() for a, _ in self.spans], bool)
        # Phrases: units between two pauses of the text (punctuation, line ends).
        pause_before = np.cumsum([t.is_pause for t in tokens]) if tokens else np.zeros(0)
        marks = pause_before[self.unit_token] if len(self.unit_token) else np.zeros(0, np.int64)
        self.phrase = np.concatenate([[0], np.cumsum(np.diff(marks) > 0)]).astype(np.int64) \
            if len(marks) else np.zeros(0, np.int64)


def _encode(model: Whisper, samples: np.ndarray, window: Window):
    return model.encode(samples[int(window.start * SAMPLE_RATE):int(window.end * SAMPLE_RATE)])


def _split_at_added_speech(model: Whisper, samples, window: Window, text: "Text", match, offset: int, spoken: str,
                           heard_spans, act: Activity, settings: AlignSettings,
                           added: list[tuple[float, float]]) -> list[Window]:
    """A window in which the model heard speech that matches no text (a run of at least
    `gap_ms` of speech) is cut around it, so no text is forced onto it: the speech stays
    with no word, and is reported as added."""
    # A run heard where the text has words the transcription missed is those words misheard; an
    # English word may be heard as many Mandarin syllables (up to one a letter).
    def passed_over(before: int, passed: int) -> int:
        first, end = max(offset + before - passed - 1, 0), offset + before + 1
        return passed + sum(len(text.units[u]) for u in range(first, min(end, len(text.units))) if text.latin[u])

    runs = [(a, b, before) for a, b, before, passed in match.extra
            if b - a >= MIN_EXTRA_UNITS and passed_over(before, passed) < 0.5 * (b - a)]
    if not runs:
        return [window]
    aligned = model.align(window.encoded, spoken, window.end - window.start)
    piece_starts = [(a, start) for (a, _), start in zip(aligned.pieces, aligned.starts)]

    def time_of(unit: int) -> float:
        if unit >= len(heard_spans):
            return window.end
        char = heard_spans[unit][0]
        at = [start for a, start in piece_starts if a <= char]
        return window.start + (at[-1] if at else 0.0) + EARLY_BIAS_S

    out, current = [], window
    for a, b, before in runs:
        # The model's times are rough: cut where the recording is quietest near them.
        r0, r1 = act.quietest(time_of(a) - 0.2, time_of(a) + 0.6), act.quietest(time_of(b) - 0.6, time_of(b) + 0.2)
        frames = act.speech[int(r0 * 100):int(r1 * 100)]
        if frames.sum() < settings.gap_ms / 10:      # only a pause, or a word or two: not added speech
            continue
        added.append((r0, r1))
        split = offset + before
        head = Window(current.start, r0, (current.units[0], min(max(split, current.units[0]), current.units[1])))
        tail = Window(r1, current.end, (head.units[1], current.units[1]))
        log.info("alignment: %.1f–%.1f s holds speech that matches no text", r0, r1)
        if head.end - head.start > 0.3 and head.units[1] > head.units[0]:
            head.encoded = _encode(model, samples, head)
            out.append(head)
        current = tail
        current.encoded = _encode(model, samples, current)
    return out + [current]


def _unit_times(model: Whisper, window: Window, text: Text, kept: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Start (recording seconds) and probability of each unit in `kept` (indices, in order),
    force-aligned in the window."""
    pieces, owners = [], []
    for n, u in enumerate(kept):
        a, b = text.spans[u]
        piece = text.string[a:b]
        if pieces and piece[:1].isascii() and pieces[-1][-1:].isascii():
            pieces.append(" ")
            owners.append(-1)
        pieces.append(piece)
        owners += [n] * len(piece)
    string = "".join(pieces)
    aligned = model.align(window.encoded, string, window.end - window.start)
    starts = np.full(len(kept), np.nan)
    probs = [[] for _ in kept]
    owner = np.array(owners)
    for (a, b), start, prob in zip(aligned.pieces, aligned.starts, aligned.probs):
        inside = owner[a:max(b, a + 1)]
        inside = inside[inside >= 0]
        for n in np.unique(inside):
            if np.isnan(starts[n]):
                starts[n] = start
            probs[n].append(prob)
    starts = np.fmax.accumulate(np.where(np.isnan(starts), -np.inf, starts))
    starts[~np.isfinite(starts)] = 0.0
    mean = np.array([np.mean(p) if p else 0.0 for p in probs])
    return window.start + starts + EARLY_BIAS_S, mean


def align_recording(tokens, samples: np.ndarray, settings: AlignSettings, model: Whisper) -> Alignment:
    total = len(samples) / SAMPLE_RATE
    act = activity(samples, SAMPLE_RATE, settings.min_pause_ms / 1000, edge_search_s=settings.snap_ms / 1000)
    if sum(b - a for a, b in act.segments) < 1.0:
        raise NoSpeech(f"no speech to align to: {sum(b - a for a, b in act.segments):.2f} s of it is speech")
    text = Text(tokens)
    started = time.monotonic()
    wins, heard, added = _hear(model, samples, text, act, settings)
    placed = [w for w in wins if w.units]
    if not placed:
        raise NoSpeech("it does not read this text: nothing the model hears in it matches the transcript")
    assign, doubtful = _place_unheard_text(model, text, placed)
    unit_start = np.full(len(text.units), np.nan)
    unit_prob = np.zeros(len(text.units))
    progress = Progress(log, "alignment: timing the words", total / 60, "min")
    for window in placed:
        kept = assign[id(window)]
        starts, probs = _unit_times(model, window, text, kept)
        # Phrases the model finds unlikely where the transcription heard nothing are text the
        # reader skipped: align again without them.
        drop = set(_whole_phrases(_unlikely_runs(kept, probs), kept, probs, heard, text))
        if drop:
            kept = [u for u in kept if u not in drop]
            starts, probs = _unit_times(model, window, text, kept)
        # ... unless the recording has speech enough for them where they stand: then the model
        # only misheard them (an unfamiliar voice, an accent).
        restored = _with_room(sorted(drop | set(doubtful[id(window)])), kept, starts, window, act)
        if restored:
            kept = sorted(kept + restored)
            starts, probs = _unit_times(model, window, text, kept)
        unit_start[kept], unit_prob[kept] = starts, probs
        window.encoded = None
        progress.update(window.end / 60)
    added = _misheard(added, unit_start, unit_prob)
    act = _pauses_the_vad_missed(act, text, unit_start, settings.min_pause_ms / 1000)
    by_rate = time_by_rate(unit_start, unit_prob, act.speech, total, added, text.unit_token, text.phrase)
    added = [(r0, r1) for r0, r1 in added if not any(_holds(unit_start, run, r0, r1) for run in by_rate)]
    log.info("alignment: %d windows aligned in %.0f s", len(wins), time.monotonic() - started)
    alignment = _spans(tokens, text, unit_start, unit_prob, act.without(added), settings, total)
    alignment.gaps = sorted(alignment.gaps + _unheard(text, by_rate, alignment.spans),
                            key=lambda g: g.start)
    return alignment


def _holds(unit_start: np.ndarray, run: ByRate, r0: float, r1: float) -> bool:
    """Speech heard as matching no text [r0, r1) that text timed by rate now stands in."""
    times = unit_start[run.first:run.end]
    times = times[~np.isnan(times)]
    return bool(len(times)) and times.min() < r1 and times.max() >= r0


def _unheard(text: Text, by_rate: list[ByRate], spans) -> list[Gap]:
    """A gap for each run timed by rate (its tokens, the time they now take): the report says
    those words were not recognised and were timed by speech rate."""
    gaps = []
    for run in by_rate:
        first, last = int(text.unit_token[run.first]), int(text.unit_token[run.end - 1])
        said = [spans[k] for k in range(first, last + 1) if spans[k] is not None]
        if said:
            gaps.append(Gap("unheard", said[0][0], said[-1][1], (first, last + 1)))
    return gaps


def _pauses_the_vad_missed(act: Activity, text: Text, unit_start: np.ndarray, min_pause: float) -> Activity:
    """Where the VAD runs two phrases together (a quick reader over noise, babble or a bed),
    the pause between them is looked for in the level near where the model puts the boundary
    (vad.Activity.dip_near) and taken out of the speech, the phrases' characters kept on their
    side of it: the model's boundary alone is a guess inside the pause. A stretch that starts
    or ends with a long run under the speech (babble before the reader starts or after they
    stop) is trimmed to the speech (vad.Activity.trimmed)."""
    kept = np.flatnonzero(~np.isnan(unit_start))
    pauses = []
    for n in range(1, len(kept)):
        u, v = kept[n - 1], kept[n]
        if text.phrase[u] == text.phrase[v]:
            continue
        t = unit_start[v]
        earliest = max(unit_start[u] + CHARACTER_S, t - BOUNDARY_SEARCH_S)
        # ... not past the next character the model puts clearly later (it may put two at once)
        later = unit_start[kept[n + 1:]]
        later = later[later >= t + 2 * CHARACTER_S]
        latest = min(later[0] if len(later) else np.inf, t + BOUNDARY_SEARCH_S)
        frames = act.speech[int(earliest * 100):int(latest * 100)]
        if not len(frames) or not frames.all():     # the VAD has a pause here already
            continue
        dip = act.dip_near(t, earliest, latest, min_pause)
        if dip is None:
            continue
        pauses.append(dip)
        before = kept[(kept <= u) & (text.phrase[kept] == text.phrase[u])]
        unit_start[before] = np.minimum(unit_start[before], dip[0] - 0.01)
        unit_start[v] = max(unit_start[v], dip[1])
    act = act.with_pauses(pauses) if pauses else act
    return act.trimmed(EDGE_QUIET_S)


def _hear(model: Whisper, samples: np.ndarray, text: Text, act: Activity, settings: AlignSettings):
    """Each window transcribed and placed in the text (in order, never far back); also which
    text units the transcription heard, and the stretches of speech that match no text."""
    pointer = 0
    wins = windows(act, len(samples) / SAMPLE_RATE)
    out: list[Window] = []
    added: list[tuple[float, float]] = []
    heard_text = np.zeros(len(text.units), bool)
    progress = Progress(log, "alignment: hearing the recording", len(samples) / SAMPLE_RATE / 60, "min")
    for window in wins:
        window.encoded = _encode(model, samples, window)
        spoken, heard, heard_spans = textmatch.hypothesis_units(model.transcribe(window.encoded))
        low = max(0, pointer - 20)
        high = min(len(text.units), pointer + 3 * len(heard) + SEARCH_AHEAD_UNITS)
        match = textmatch.locate(heard, text.units[low:high])
        if match and match.matched >= max(2, 0.3 * len(heard)):
            window.units = (low + match.text_first, low + match.text_end)
            pointer = max(pointer, window.units[1])
            heard_text[window.units[0]:window.units[1]] = True
            for a, b in match.unmatched_text:
                heard_text[low + a:low + b] = False
            out += _split_at_added_speech(model, samples, window, text, match, low, spoken, heard_spans,
                                          act, settings, added)
        else:
            out.append(window)
        progress.update(window.end / 60)
    placed = [w for w in out if w.units]
    for previous, window in zip(placed, placed[1:]):    # a unit belongs to one window
        window.units = (max(window.units[0], previous.units[1]), max(window.units[1], previous.units[1]))
    return out, heard_text, added


def _place_unheard_text(model: Whisper, text: Text, placed: list[Window]) -> dict[int, list[int]]:
    """The text units each window holds: its own stretch, and of the text between two windows'
    stretches (which no transcription heard) what the model finds likely at the end of the one
    or the start of the other. What neither holds is left out: not in the recording."""
    assign: dict[int, list[int]] = {id(w): list(range(*w.units)) for w in placed}
    doubtful: dict[int, list[int]] = {id(w): [] for w in placed}   # unlikely: kept only if there is room
    edges = [0] + [x for w in placed for x in w.units] + [len(text.units)]
    neighbours = [None] + placed + [None]
    for n in range(len(placed) + 1):
        before, after = neighbours[n], neighbours[n + 1]
        gap = list(range(edges[2 * n], edges[2 * n + 1]))
        if not gap:
            continue
        scores = []
        for window in (before, after):
            score = np.zeros(len(gap))
            if window is not None:
                # Only as much as a window could hold is tried; the rest of a long gap is skipped.
                units = assign[id(window)]
                near = gap[:MAX_TRIAL_UNITS] if window is before else gap[-MAX_TRIAL_UNITS:]
                trial = units + near if window is before else near + units
                _, probs = _unit_times(model, window, text, trial)
                if window is before:
                    score[:len(near)] = probs[len(units):]
                else:
                    score[len(gap) - len(near):] = probs[:len(near)]
            scores.append(np.log(np.maximum(score, 1e-4)))
        # The split that keeps the most likely text: [gap start, split) with the window before.
        totals = [scores[0][:k].sum() + scores[1][k:].sum() for k in range(len(gap) + 1)]
        split = int(np.argmax(totals))
        for k, u in enumerate(gap):
            owner = before if k < split else after
            if owner is not None:
                likely = scores[0 if k < split else 1][k] >= np.log(PRESENT_PROBABILITY)
                (assign if likely else doubtful)[id(owner)].append(u)
    return {key: sorted(units) for key, units in assign.items()}, doubtful


def _misheard(added: list[tuple[float, float]], unit_start: np.ndarray, unit_prob: np.ndarray):
    """Speech that matched no text, standing exactly where text is missing, is that text
    misheard: the text takes that stretch (spread evenly) and nothing was added or skipped."""
    kept = np.flatnonzero(~np.isnan(unit_start))
    out = []
    for r0, r1 in added:
        at = int(np.searchsorted(unit_start[kept], r0))
        first = kept[at - 1] + 1 if at > 0 else 0
        end = kept[at] if at < len(kept) else len(unit_start)
        if end > first and (at == len(kept) or unit_start[kept[at]] >= r1 - 0.3):
            unit_start[first:end] = np.linspace(r0, r1, end - first, endpoint=False)
            unit_prob[first:end] = 0.0
        else:
            out.append((r0, r1))
    return out


def _with_room(candidates: list[int], kept: list[int], starts: np.ndarray, window: Window,
               act: Activity) -> list[int]:
    """Of the candidate units (runs of text not aligned), those whose place in the aligned text
    holds speech enough to say them: at least ROOM_SHARE of the time the reader takes for that
    many units, beyond the unit before them."""
    if not candidates or not kept:
        return []
    frames = act.speech[int(window.start * 100):int(window.end * 100)]
    per_unit = frames.sum() / 100 / max(len(kept) + len(candidates), 1)
    restored, run = [], []
    for u in candidates + [None]:
        if run and (u is None or u != run[-1] + 1):
            at = int(np.searchsorted(kept, run[0]))
            begin = starts[at - 1] if at > 0 else window.start
            end = starts[at] if at < len(kept) else window.end
            speech = act.speech[int(begin * 100):int(end * 100)].sum() / 100 - (per_unit if at > 0 else 0.0)
            if speech >= ROOM_SHARE * len(run) * per_unit:
                restored += run
            run = []
        if u is not None:
            run.append(u)
    return restored


def _unlikely_runs(kept: list[int], probs: np.ndarray) -> list[int]:
    """Runs of at least MIN_SKIP_UNITS units whose probability, averaged over their
    neighbours, is under ABSENT_PROBABILITY: text the recording does not hold. (Single
    unlikely characters are the model's doubt, not a skip.)"""
    if len(probs) < MIN_SKIP_UNITS:
        return []
    width = min(SMOOTH_UNITS, len(probs))
    smooth = np.convolve(np.pad(probs, (width // 2, width - 1 - width // 2), mode="edge"),
                         np.ones(width) / width, mode="valid")
    low = smooth < ABSENT_PROBABILITY
    out = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], low.astype(np.int8), [0]]))).reshape(-1, 2)
    for a, b in edges:
        if b - a >= MIN_SKIP_UNITS:
            out += kept[a:b]
    return out


def _whole_phrases(drop: list[int], kept: list[int], probs: np.ndarray, heard: np.ndarray,
                   text: Text) -> list[int]:
    """A reader skips whole phrases: a phrase mostly unlikely goes whole, one mostly likely
    stays. Next to a phrase that goes, a phrase the transcription did not hear goes too unless
    the model is sure of it."""
    dropped = set(drop)
    phrases = []
    for phrase in np.unique(text.phrase[kept]):
        members = [n for n, u in enumerate(kept) if text.phrase[u] == phrase]
        units = [kept[n] for n in members]
        # The model scores English words in Mandarin speech poorly: a phrase goes on its
        # Chinese, and only when that is most of it.
        han = [u for u in units if not text.latin[u]]
        gone = len(han) > len(units) - len(han) and sum(u in dropped for u in han) >= 0.5 * len(han)
        unsure = heard[units].mean() < 0.3 and np.mean(probs[members]) < SURE_PROBABILITY
        phrases.append([units, gone, unsure])
    changed = True
    while changed:
        changed = False
        for n, (units, gone, unsure) in enumerate(phrases):
            if not gone and unsure and any(0 <= m < len(phrases) and phrases[m][1] for m in (n - 1, n + 1)):
                phrases[n][1] = changed = True
    return [u for units, gone, _ in phrases if gone for u in units]


def _spans(tokens, text: Text, unit_start, unit_prob, act: Activity, settings: AlignSettings,
           total: float) -> Alignment:
    segments = act.segments
    seg_starts = np.array([a for a, _ in segments])
    seg_ends = np.array([b for _, b in segments])
    kept = np.flatnonzero(~np.isnan(unit_start))
    # Each unit belongs to the speech segment it starts in (or the nearest); never backwards.
    seg_of = np.zeros(len(text.units), np.int64) - 1
    last_seg = 0
    for u in kept:
        t = unit_start[u]
        k = int(np.searchsorted(seg_starts, t, "right") - 1)
        # In a pause: the model runs early, so it is the next stretch's first sound.
        if k < 0 or (t >= seg_ends[k] and k + 1 < len(segments)):
            k += 1
        k = max(k, last_seg)
        seg_of[u], last_seg = k, k
    moves = _segments_at_phrases(kept, seg_of, text.phrase)
    opens, closes = _orphans_joined(seg_starts, seg_ends, set(seg_of[kept].tolist()), settings.gap_ms / 1000, moves)
    starts = unit_start.copy()
    ends = np.full(len(text.units), np.nan)
    for n, u in enumerate(kept):
        k = seg_of[u]
        nxt = kept[n + 1] if n + 1 < len(kept) else None
        first_in_seg = n == 0 or seg_of[kept[n - 1]] != k
        last_in_seg = nxt is None or seg_of[nxt] != k
        if first_in_seg:
            starts[u] = opens.get(k, seg_starts[k])
        else:
            starts[u] = min(max(starts[u], seg_starts[k]), seg_ends[k])
        ends[u] = closes.get(k, seg_ends[k]) if last_in_seg else None
    for n, u in enumerate(kept):
        if np.isnan(ends[u]):
            ends[u] = max(starts[kept[n + 1]], starts[u])
        starts[u] = min(starts[u], ends[u])

    spans: list[tuple[float, float] | None] = [None] * len(tokens)
    confidence = [0.0] * len(tokens)
    for token_index in range(len(tokens)):
        if tokens[token_index].is_pause:
            spans[token_index] = (0.0, 0.0)
    by_token: dict[int, list[int]] = {}
    for u in kept:
        by_token.setdefault(int(text.unit_token[u]), []).append(int(u))
    for k, units in by_token.items():
        spans[k] = (float(starts[units[0]]), float(ends[units[-1]]))
        confidence[k] = float(np.clip(np.mean(unit_prob[units]) / GOOD_PROBABILITY, 0, 1))
    # Punctuation follows its word; a word with no unit kept is not in the recording.
    previous_word = None
    for k, token in enumerate(tokens):
        if not token.is_pause:
            previous_word = k
        elif previous_word is None or spans[previous_word] is None:
            spans[k] = None
    # Tokens with no sound units (symbols) take their neighbour's time.
    for k, token in enumerate(tokens):
        if not token.is_pause and k not in by_token and token.spoken.strip() and spans[k] is None:
            neighbours = [j for j in (k - 1, k + 1) if 0 <= j < len(tokens) and j in by_token]
            if neighbours:
                spans[k] = spans[neighbours[0]]
                confidence[k] = confidence[neighbours[0]]
    _fill_unheard_words(tokens, spans, confidence)
    spans = ordered(spans, tokens)

    lead_in = segments[0][0] if segments else total
    trailing = total - segments[-1][1] if segments else 0.0
    pause_list = act.pauses(settings.long_pause_ms / 1000)
    long_pauses = [(a, b) for a, b in pause_list if a > 0 and b < total]
    gaps = skipped_gaps(tokens, spans) + _added(tokens, spans, segments, seg_of, kept, settings, text)
    gaps.sort(key=lambda g: g.start)
    return Alignment(spans, confidence, total, float(lead_in), float(trailing), long_pauses, gaps, 0)


GOOD_PROBABILITY = 0.5   # a mean token probability at or above this is full confidence
UNHEARD_CHARS = 2        # a run of unheard words this short between heard ones is read, not skipped


def _fill_unheard_words(tokens, spans, confidence) -> None:
    """A word or two the model did not hear between words it did (和, 的: a function word said
    quickly) takes the time between its neighbours, at confidence 0: a reader does not skip a
    single 和, and reporting it as a skipped passage is a false alarm."""
    k, n = 0, len(tokens)
    while k < n:
        if spans[k] is not None:
            k += 1
            continue
        j = k
        while j < n and spans[j] is None:
            j += 1
        said = "".join(tokens[i].spoken for i in range(k, j) if not tokens[i].is_pause).strip()
        if said and len(said) <= UNHEARD_CHARS and k > 0 and j < n:
            start = spans[k - 1][1]
            for i in range(k, j):
                spans[i], confidence[i] = (start, max(start, spans[j][0])), 0.0
        k = j


def _orphans_joined(seg_starts, seg_ends, used: set[int], longest: float,
                    moves: dict[int, set] | None = None) -> tuple[dict, dict]:
    """A short stretch of speech no character landed in (a word's tail after a pause inside a
    line, a breath) belongs to the nearer of its neighbours: the start or end of that
    neighbour moves over it; or, when its characters were all moved to one neighbour (they
    end or start that neighbour's phrase: `_segments_at_phrases`), to that one. Longer ones
    are speech the text lacks (reported as added)."""
    moves = moves or {}
    opens, closes = {}, {}
    used_sorted = sorted(used)
    for k in range(len(seg_starts)):
        if k in used or seg_ends[k] - seg_starts[k] >= longest:
            continue
        at = int(np.searchsorted(used_sorted, k))
        before = used_sorted[at - 1] if at > 0 else None
        after = used_sorted[at] if at < len(used_sorted) else None
        to_before = seg_starts[k] - seg_ends[before] if before is not None else np.inf
        to_after = seg_starts[after] - seg_ends[k] if after is not None else np.inf
        if min(to_before, to_after) > 1.0:      # far from both: not part of either
            continue
        went = moves.get(k, set())
        if went == {before} or went == {after}:
            to_before = 0.0 if went == {before} else np.inf
        if to_before <= to_after:
            closes[before] = max(closes.get(before, seg_ends[before]), seg_ends[k])
        else:
            opens[after] = min(opens.get(after, seg_starts[after]), seg_starts[k])
    return opens, closes


def _segments_at_phrases(kept: np.ndarray, seg_of: np.ndarray, phrase: np.ndarray, reach: int = 2) -> dict[int, set]:
    """Where the speech pauses inside a phrase but a phrase boundary is a unit or two away,
    the pause is that boundary: the model put those units a little off. Returns, per stretch
    of speech units were moved out of, the stretches they went to."""
    moves: dict[int, set] = {}
    for n in range(1, len(kept)):
        a, b = kept[n - 1], kept[n]
        if seg_of[a] == seg_of[b] or phrase[a] != phrase[b]:
            continue
        for shift in range(1, reach + 1):
            if n - shift >= 1 and phrase[kept[n - shift - 1]] != phrase[kept[n - shift]]:
                moves.setdefault(int(seg_of[a]), set()).add(int(seg_of[b]))
                seg_of[kept[n - shift:n]] = seg_of[b]      # the phrase starts after the pause
                break
            if n + shift < len(kept) and phrase[kept[n + shift - 1]] != phrase[kept[n + shift]]:
                moves.setdefault(int(seg_of[b]), set()).add(int(seg_of[a]))
                seg_of[kept[n:n + shift]] = seg_of[a]      # the phrase ends before the pause
                break
    return moves


def _added(tokens, spans, segments, seg_of, kept, settings: AlignSettings, text: Text) -> list[Gap]:
    """Runs of speech segments no text landed in, at least `gap_ms` of speech long."""
    used = set(int(seg_of[u]) for u in kept)
    gaps, run = [], []
    for k, (a, b) in enumerate(segments + [(np.inf, np.inf)]):
        if k < len(segments) and k not in used:
            run.append((a, b))
            continue
        if run and sum(e - s for s, e in run) >= settings.gap_ms / 1000:
            start = run[0][0]
            before = [j for j, s in enumerate(spans) if s is not None and not tokens[j].is_pause and s[1] <= start]
            after = before[-1] if before else -1
            gaps.append(Gap("added", float(start), float(run[-1][1]), (after, after + 1)))
        run = []
    return gaps
