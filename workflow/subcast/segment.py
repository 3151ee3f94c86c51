"""Token stream + timeline → subtitle cues.

Dynamic programming over the places where a cue may end (never inside a token), scoring
each candidate cue by how it reads: fewer, fuller cues; cuts after a sentence or a pause rather
than mid-phrase; one line when it fits, else two lines with the bottom one the longer. Layout
and timing rules are hard limits; a cue that cannot meet the timing rules (speech too dense)
is allowed only at a very high cost, so the result is the best the text permits.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .config import build, register
from .phrases import split_kind
from .textio import InputError
from .timing import Span, TimingRules, frames_needed
from .tokens import Token, display_width

_PARTICLES = tuple("的了吗呢吧啊着过们地得")
_SPACES = re.compile(r" {2,}")

# Scores: only their order matters. Raise CUE to get fuller cues, MID_PHRASE to cut at pauses.
CUE, MID_PHRASE, AFTER_COMMA, SENTENCE_INSIDE, TWO_LINES, LINE_MID_PHRASE, PARTICLE_START, \
    SHORT, PHRASE_SPLIT, MIXED_SENTENCES, INFEASIBLE = 10, 12, 2, 3, 3, 12, 2, 2, 10, 60, 1000


@register("subtitles.layout")
@dataclass(frozen=True)
class LayoutRules:
    """A cue's shape (specs/subtitles.md): characters per line (a full-width character is 1),
    lines per cue, the bottom line the longer, and the width under which a cue is short."""
    max_chars_per_line: int
    max_lines: int
    bottom_line_longer: bool
    short_cue_chars: int

    from_config = classmethod(build)


@dataclass
class Cue:
    lines: dict[str, list[str]]  # variant tag → its lines; the master's tag comes first
    spoken: str
    first_line: int
    last_line: int
    speech: Span
    speaker: str | None = None
    start_ms: int = 0
    end_ms: int = 0
    tokens: tuple[int, int] = (0, 0)     # [first, end) of the token stream
    confidence: float | None = None      # alignment to a recording (timing `audio`)
    label_width: float = 0.0             # its speaker's name opening a turn: recognised, not read

    @property
    def labelled(self) -> bool:
        """Its first line opens with its speaker's name (the first cue of a turn)."""
        return self.label_width > 0

    @property
    def width(self) -> float:
        """The widest variant's width to read: reading speed must hold in all of them."""
        return max(sum(display_width(line) for line in lines) for lines in self.lines.values()) - self.label_width


def shown(displays: list[str]) -> str:
    """What a run of tokens shows: commas as single spaces, none at either end."""
    return _SPACES.sub(" ", "".join(displays)).strip()


def lay_out(displays: list[str], pauses: list[bool], rules: LayoutRules,
            names: frozenset[str] = frozenset()) -> tuple[list[str], float, int] | None:
    """The best lines for one cue, their cost and the token index of the line break (0: one
    line), or None when no layout fits. A break inside a phrase (phrases.py) costs more."""
    text = shown(displays)
    total = display_width(text)
    if total <= rules.max_chars_per_line:
        return [text], 0.0, 0
    if rules.max_lines < 2:
        return None
    best = None
    for k in range(1, len(displays)):
        if pauses[k]:
            continue
        top, bottom = shown(displays[:k]), shown(displays[k:])
        top_w, bottom_w = display_width(top), display_width(bottom)
        if bottom_w > rules.max_chars_per_line:
            continue
        if top_w > rules.max_chars_per_line or not top:
            break
        if rules.bottom_line_longer and top_w > bottom_w:
            continue
        cost = TWO_LINES + (0 if pauses[k - 1] else LINE_MID_PHRASE)
        cost += PHRASE_SPLIT if not pauses[k - 1] and split_kind(displays[k - 1], displays[k], names) else 0
        cost += PARTICLE_START if bottom.startswith(_PARTICLES) else 0
        cost += abs(bottom_w - top_w) * 0.1
        if best is None or cost < best[1]:
            best = ([top, bottom], cost, k)
    return best


def _content(tokens: list[Token], start: int, end: int) -> list[int]:
    return [k for k in range(start, end) if not tokens[k].is_pause]


class Segmenter:
    def __init__(self, layout: LayoutRules, timing: TimingRules, names: frozenset[str] = frozenset()):
        self.layout, self.timing, self.names = layout, timing, frozenset(names)
        self.max_width = layout.max_chars_per_line * layout.max_lines

    def _timing_ok(self, speech: Span, next_start: float | None, width: int) -> bool:
        rules = self.timing
        start = math.floor(speech.start * rules.fps + 1e-6)
        end = frames_needed(rules, start, max(math.ceil(speech.end * rules.fps - 1e-6), start + 1), width)
        if rules.ms(end) - rules.ms(start) > rules.max_duration_ms:
            return False
        if next_start is None:
            return True
        return end <= math.floor(next_start * rules.fps + 1e-6) - rules.min_gap_frames

    def _variant_lines(self, start: int, end: int) -> tuple[dict[str, list[str]], float] | None:
        """Lines of every variant for tokens[start:end], and the master's layout cost."""
        pauses = self._pauses[start:end]
        laid = lay_out(self._displays[self._master][start:end], pauses, self.layout, self.names)
        if laid is None:
            return None
        lines, cost, k = laid
        out = {self._master: lines}
        same_widths = self._differs[end] == self._differs[start]
        for tag, displays in self._displays.items():
            if tag == self._master:
                continue
            piece = displays[start:end]
            if same_widths:  # same widths token by token: the master's break fits here too
                out[tag] = [shown(piece)] if k == 0 else [shown(piece[:k]), shown(piece[k:])]
                continue
            variant = lay_out(piece, pauses, self.layout, self.names)
            if variant is None:
                return None
            out[tag] = variant[0]
        return out, cost

    def _cue_cost(self, tokens, timeline, start, end, next_word):
        laid = self._variant_lines(start, end)
        if laid is None:
            return None
        lines, cost = laid
        words = _content(tokens, start, end)
        speech = Span(timeline[words[0]].start, timeline[words[-1]].end)
        width = max(sum(display_width(line) for line in variant) for variant in lines.values())
        width -= self._label_widths.get(start, 0.0)
        last = tokens[end - 1]
        cost += CUE
        # A list (、) goes on in the next cue: ending there is as bad as ending mid-phrase.
        cost += 0 if last.strength >= 2 else MID_PHRASE if last.spoken == "、" or not last.is_pause else AFTER_COMMA
        if not last.is_pause and end < len(tokens) and split_kind(last.display, tokens[end].display, self.names):
            cost += PHRASE_SPLIT
        inside = sum(1 for t in tokens[start:end - 1] if t.strength >= 2)
        cost += SENTENCE_INSIDE * inside
        # A new sentence starts a new cue unless the cue holds whole sentences only.
        whole = (start == 0 or tokens[start - 1].strength >= 2) and last.strength >= 2
        cost += MIXED_SENTENCES if inside and not whole else 0
        cost += max(0, self.layout.short_cue_chars - width) * SHORT
        next_start = timeline[next_word].start if next_word is not None else None
        if not self._timing_ok(speech, next_start, width):
            cost += INFEASIBLE
        return cost, lines

    def cues(self, tokens: list[Token], timeline: list[Span], path: str = "<text>",
             variants: dict[str, list[str]] | None = None, master: str = "zh-Hans",
             new_cue_lines: frozenset[int] = frozenset(), label_widths: dict[int, float] | None = None) -> list[Cue]:
        """Cues for the token stream. `variants` maps a tag to each token's display in that
        variant (same length as `tokens`); every variant's lines must fit the layout. A cue
        starts at the first token of each of `new_cue_lines` (chapter headings)."""
        n = len(tokens)
        self._label_widths = label_widths or {}
        starts_here = {next(k for k, t in enumerate(tokens) if t.line >= line)
                       for line in new_cue_lines if any(t.line >= line for t in tokens)}
        self._master = master
        self._displays = {master: [t.display for t in tokens]}
        self._displays.update({tag: d for tag, d in (variants or {}).items() if tag != master})
        self._pauses = [t.is_pause for t in tokens]
        widths_by_variant = [[display_width(d) for d in displays] for displays in self._displays.values()]
        self._differs = [0] * (n + 1)
        for k in range(n):
            differs = len({column[k] for column in widths_by_variant}) > 1
            self._differs[k + 1] = self._differs[k] + differs
        for k, token in enumerate(tokens):
            widest = max(column[k] for column in widths_by_variant)
            if widest > self.layout.max_chars_per_line:
                raise InputError(path, token.line,
                                 f"{token.display[:40]!r} is wider than a subtitle line "
                                 f"({self.layout.max_chars_per_line} characters) and cannot be broken")
        # The next spoken word after each position, for the gap to the following cue.
        next_word: list[int | None] = [None] * (n + 1)
        for k in range(n - 1, -1, -1):
            next_word[k] = k if not tokens[k].is_pause else next_word[k + 1]
        widths = [max(column[k] for column in widths_by_variant) for k in range(n)]
        best: list[tuple[float, int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0.0, -1, [])
        for start in range(n):
            if best[start] is None or tokens[start].is_pause:
                continue
            budget, end = 0, start
            speech_start = speech_end = timeline[start].start
            while end < n:
                if tokens[end].speaker != tokens[start].speaker:
                    break  # one speaker a cue
                if end > start and end in starts_here:
                    break  # a chapter opens its own cue
                budget += widths[end]
                if not tokens[end].is_pause:
                    speech_end = timeline[end].end
                end += 1
                if budget > self.max_width + 2:
                    break
                if end < n and tokens[end].is_pause:
                    continue
                # A cue may be held over the pause after it as far as closing a gap to the
                # next cue goes; a long pause in a recording must not make it unfittable.
                held = min(timeline[end - 1].end, speech_end + self.timing.ms(self.timing.close_gap_frames) / 1000)
                if max(speech_end, held) - speech_start > self.timing.max_duration_ms / 1000:
                    break
                scored = self._cue_cost(tokens, timeline, start, end, next_word[end])
                if scored is None:
                    continue
                total = best[start][0] + scored[0]
                if best[end] is None or total < best[end][0]:
                    best[end] = (total, start, scored[1])
        if best[n] is None:
            raise InputError(path, tokens[-1].line if tokens else None,
                             "text cannot be cut into subtitles within the layout rules")
        cuts, end = [], n
        while end > 0:
            _, start, lines = best[end]
            cuts.append((start, end, lines))
            end = start
        cues = []
        for start, end, lines in reversed(cuts):
            words = _content(tokens, start, end)
            cues.append(Cue(
                lines=lines,
                spoken="".join(t.spoken for t in tokens[start:end]),
                first_line=tokens[start].line, last_line=tokens[end - 1].line,
                speech=Span(timeline[words[0]].start, timeline[words[-1]].end),
                speaker=tokens[start].speaker, tokens=(start, end),
                label_width=self._label_widths.get(start, 0.0),
            ))
        return cues
