"""What aligning a transcript to a recording gives, whichever method found it (acoustic:
whisper_align.py; voice: aligner.py): the settings, the result, the gaps between text and
recording, and the two rules every method ends with (spans never run backwards; a run of
words with no span is a skipped passage).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..config import build, register


class NoSpeech(ValueError):
    """The recording is silence or steady noise, or says none of the text: nothing to align to."""


@register("subtitles.timing.audio")
@dataclass(frozen=True)
class AlignSettings:
    """Timing `audio` (the schema documents each): snap_ms, min_pause_ms (shorter silences are
    stops inside words), long_pause_ms (reported), max_pause_in_cue_ms (no cue holds a longer
    pause), gap_ms (shorter skipped or added passages are
    crossed), low_confidence, method (acoustic | voice), acoustic_model."""
    snap_ms: int
    min_pause_ms: int
    long_pause_ms: int
    max_pause_in_cue_ms: int
    gap_ms: int
    low_confidence: float
    method: str
    acoustic_model: str

    from_config = classmethod(build)


@dataclass(frozen=True)
class Gap:
    """A disagreement between text and recording. `tokens` [first, end) of the text that is not
    in the recording (skipped), or the token after which the recording has more (added), or
    the text the model could not recognise, timed by speech rate (unheard: its cues are LOW)."""
    kind: str                   # skipped | added | unheard
    start: float                # recording seconds
    end: float
    tokens: tuple[int, int]


@dataclass
class Alignment:
    spans: list[tuple[float, float] | None]   # recording seconds per token; None: not in the recording
    confidence: list[float]
    seconds: float
    lead_in: float
    trailing: float
    long_pauses: list[tuple[float, float]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    cells: int = 0


def ordered(spans, tokens):
    """Spans that never run backwards: each token starts no earlier than the one before;
    pauses fill the time between the words around them."""
    out, clock = [], 0.0
    for span in spans:
        if span is None:
            out.append(None)
            continue
        start = max(span[0], clock)
        out.append((start, max(span[1], start)))
        clock = start
    words = [k for k, t in enumerate(tokens) if not t.is_pause and out[k] is not None]
    for k, token in enumerate(tokens):
        if token.is_pause and out[k] is not None:
            at = bisect_left(words, k)
            start = out[words[at - 1]][1] if at > 0 else out[k][0]
            end = out[words[at]][0] if at < len(words) else max(out[k][1], start)
            out[k] = (start, max(start, end))
    return out


def skipped_gaps(tokens, spans) -> list[Gap]:
    """Runs of words not in the recording (pauses between them join a run), where it skips; a
    run of pauses alone skips no words and is none."""
    gaps, run = [], None

    def words_in(run) -> bool:
        return any(not tokens[i].is_pause for i in range(run[0], run[1]))

    for k, token in enumerate(tokens):
        if spans[k] is None:
            run = [k, k + 1] if run is None else [run[0], k + 1]
        elif not token.is_pause and run is not None:
            if words_in(run):
                gaps.append(Gap("skipped", spans[k][0], spans[k][0], (run[0], run[1])))
            run = None
    if run is not None and words_in(run):
        end = max((s[1] for s in spans if s is not None), default=0.0)
        gaps.append(Gap("skipped", end, end, (run[0], run[1])))
    return gaps
