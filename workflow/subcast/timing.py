"""When each token is spoken, and when each cue is shown.

A *timeline* gives every token of the stream a speech interval in seconds. It comes from a
timing source: `estimate` (a speech-rate model, here) or `tts` (measured from synthesised
audio, in the voice layer). The segmenter and the scheduler only read the timeline, so a new
source plugs in without touching them.

The scheduler turns cue speech intervals into display times on the frame grid, holding the
rules of ../shared/specs/subtitles.md: a cue starts with its speech and ends with it, held
longer only as far as 833 ms, ≤ 9 characters/s or closing a 3–11-frame gap to the next cue
needs; it lasts at most 7 s and leaves ≥ 2 frames before the next cue.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .config import build, register
from .tokens import Token

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+|[0-9]")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+", re.I)


@dataclass(frozen=True)
class Span:
    start: float
    end: float


@register("narration.pauses")
@dataclass(frozen=True)
class Pauses:
    """How long a reading stops at a pause token: the voice leaves these silences in the
    narration, and the estimate assumes them for a reader (ms)."""
    weak_ms: int       # a comma, a line end inside a sentence
    strong_ms: int     # a sentence end
    line_ms: int       # a boundary token (a chapter or turn break)

    from_config = classmethod(build)

    def seconds(self, token: Token) -> float:
        if token.kind == "boundary":
            return self.line_ms / 1000
        return (self.strong_ms if token.strength >= 2 else self.weak_ms) / 1000


@register("subtitles.timing.estimate")
@dataclass(frozen=True)
class EstimateModel:
    """A reader's pace, for timing `estimate`: seconds per character and per English syllable."""
    cjk_chars_per_second: float
    latin_syllable_seconds: float
    lead_in_ms: int

    from_config = classmethod(build)


def latin_syllables(word: str) -> int:
    if word.isdigit() or (word.isupper() and len(word) <= 5):
        return len(word)  # digits and acronyms are read letter by letter: GPT, AGI
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def estimate_seconds(token: Token, model: EstimateModel, pauses: Pauses) -> float:
    if token.is_pause:
        return pauses.seconds(token)
    cjk = len(_CJK.findall(token.spoken))
    syllables = sum(latin_syllables(w) for w in _LATIN_WORD.findall(token.spoken))
    return cjk / model.cjk_chars_per_second + syllables * model.latin_syllable_seconds


def estimate_timeline(tokens: list[Token], model: EstimateModel, pauses: Pauses) -> list[Span]:
    spans, clock = [], model.lead_in_ms / 1000
    for token in tokens:
        length = estimate_seconds(token, model, pauses)
        spans.append(Span(clock, clock + length))
        clock += length
    return spans


@register("subtitles.timing_rules")
@dataclass(frozen=True)
class TimingRules:
    """Cue timing limits (specs/subtitles.md: Netflix Chinese timed text style guides)."""
    fps: float
    min_duration_ms: int
    max_duration_ms: int
    max_chars_per_second: float
    min_gap_frames: int
    close_gap_frames: int

    from_config = classmethod(build)

    def ms(self, frame: int) -> int:
        return round(frame * 1000 / self.fps)

    @property
    def min_gap_ms(self) -> int:
        return math.floor(self.min_gap_frames * 1000 / self.fps)

    def shortest_ms(self, width: int) -> float:
        """The shortest a cue of this width may be shown."""
        return max(self.min_duration_ms, 1000 * width / self.max_chars_per_second)


@dataclass(frozen=True)
class Timed:
    start_ms: int
    end_ms: int


def frames_needed(rules: TimingRules, start: int, end: int, width: int) -> int:
    """The first end frame ≥ `end` at which the cue is long enough to read."""
    while rules.ms(end) - rules.ms(start) < rules.shortest_ms(width):
        end += 1
    return end


def schedule(speech: list[Span], widths: list[int], rules: TimingRules) -> list[Timed]:
    """Display times on the frame grid for cues with these speech spans and widths."""
    starts = [math.floor(s.start * rules.fps + 1e-6) for s in speech]
    for i in range(1, len(starts)):  # never out of order, never overlapping, even on odd timings
        starts[i] = max(starts[i], starts[i - 1] + rules.min_gap_frames + 1)
    longest = math.floor(rules.max_duration_ms * rules.fps / 1000)
    out: list[Timed] = []
    for i, (span, width) in enumerate(zip(speech, widths)):
        start = starts[i]
        end = max(math.ceil(span.end * rules.fps - 1e-6), start + 1)
        end = frames_needed(rules, start, end, width)
        if i + 1 < len(speech):
            limit = starts[i + 1] - rules.min_gap_frames
            end = min(end, limit)
            if 0 < limit - end <= rules.close_gap_frames - rules.min_gap_frames:
                end = limit  # a gap of 3–11 frames flickers: close it to the minimum
        if end > start + longest:
            end = start + longest
            # Held to the longest a cue may be, it may leave a 3–11 frame gap that flickers:
            # end earlier instead, where the gap is wide enough, if only the fading end of
            # the last syllable (two frames at most) is left uncovered.
            if i + 1 < len(speech) and rules.min_gap_frames < starts[i + 1] - end <= rules.close_gap_frames:
                wide = starts[i + 1] - rules.close_gap_frames - 1
                if wide >= math.ceil(span.end * rules.fps - 1e-6) - 2:
                    end = wide
        end = max(end, start + 1)
        out.append(Timed(rules.ms(start), rules.ms(end)))
    return out
