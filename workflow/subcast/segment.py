"""Token stream + timeline → subtitle cues.

Dynamic programming over the places where a cue may end (never inside a token), scoring
each candidate cue by how it reads: fewer, fuller cues; cuts at the strongest pause between
phrases (`boundary_strengths`), never leaving the next clause's first words at a cue's end;
a run-on phrase no cue holds cut at a clause the speaker did not punctuate (before 而是 or
a subject, after a modal particle) or between a subject and its predicate; one line when it
fits, else two lines broken between phrases, the bottom one the longer where the phrases
allow (phrases.py says what a break may not split). Layout and timing rules are hard limits;
a cue that cannot meet the timing rules (speech too dense) is allowed only at a very high
cost, so the result is the best the text permits. Speech running on into the next cue ends
the cue the minimum gap early, as `timing.schedule` does.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .config import build, register
from .phrases import (CLAUSE_FINAL, CONJUNCTIONS, INTERJECTIONS, OPENERS, SEVERITY, TITLES, binds_forward, carries_on,
                      good_break, joins, opens_sentence, run_on_subject, split_kind)
from .textio import InputError
from .timing import Span, TimingRules, frames_needed
from .tokens import Token, display_width

_SPACES = re.compile(r" {2,}")

# Scores: only their order matters. Raise CUE to get fuller cues, MID_PHRASE to cut at pauses.
CUE, MID_PHRASE, SENTENCE_INSIDE, TWO_LINES, LINE_MID_PHRASE, SHORT, MIXED_SENTENCES, INFEASIBLE = \
    10, 12, 3, 3, 12, 2, 60, 1000
# A cue that holds a phrase boundary yet breaks its lines inside a phrase (two phrases
# packed, one cut), and a cue that ends on a weaker boundary than one it holds (the next
# sentence's first words stranded at its end), per level of difference.
FILL_SPLIT, STRAND, GOOD_BREAK, TOP_HEAVY, SHORT_TOP, CHECKED = 30, 25, 8, 5, 10, 40
# A book title 《…》 cut between cues (only one too long for a cue may be).
TITLE_SPLIT = 100
# A list's 、 held in the cue: a break inside a phrase instead, however good, costs this more.
LIST_HELD = 6
# Cost of ending a cue, or a line, at a pause of each strength (see `boundary_strengths`).
# A line's end inside a phrase: -2 a modifier and its noun (two lines of one cue, never two
# cues), -3 a title and its name (neither).
CUE_END = {3: 0, 2: 2, 1: 8, 0: 14, -1: 25, -2: 25, -3: 25}
LINE_END = {3: 0, 2: 0, 1: 3, 0: 9, -1: 15, -2: 3, -3: 15}
# Words that open a clause (因为, 所以, 但是, 如果…): before them is a boundary even unpunctuated.
_CLAUSE_OPENERS = (CONJUNCTIONS | OPENERS) - {"和", "与", "及", "以及", "或", "或者", "还是", "而", "并", "那么", "当时"}
# A quotation or a bracket opened with at most three characters of it before a line's end
# (「…跟我说 “丽华」, 「另一个是Claude（」).
_QUOTE_JUST_OPENED = re.compile(r"[“‘「『（《(][^”’」』）》)]{0,3}$")
_LAST_ITEM = ("和", "与", "及", "以及", "或者", "或", "还是")   # before a list's last item


def _opened(phrase: str) -> bool:
    """The phrase opens a quotation or a bracket it does not close."""
    return any(phrase.rfind(o) > phrase.rfind(c) for o, c in zip("“‘「『（《", "”’」』）》"))


def boundary_strengths(tokens: list[Token], names: frozenset[str] = frozenset()) -> list[int | None]:
    """For each pause token, how strongly it separates the phrases either side: 3 a sentence
    end, 2 a clause boundary (comma, a narration line's end), 1 when the phrase before needs
    the one after (phrases.binds_forward: 峰会结束后, 姚顺雨认为; a quotation it opens), 0 inside a list (、), -1
    before a particle or after a conjunction standing alone; at a line's end inside a phrase,
    -2 between a modifier and its noun (关心的 / 2026年…: two lines of a cue, never two cues),
    -3 between a title and the name it introduces (荣休教授 / 杨强院士). None for words."""
    out: list[int | None] = [None] * len(tokens)
    pauses = [k for k, t in enumerate(tokens) if t.is_pause]
    for i, k in enumerate(pauses):
        token = tokens[k]
        if token.strength >= 2:
            out[k] = 3
            continue
        if token.spoken == "、":
            out[k] = 0
            continue
        before = "".join(t.spoken for t in tokens[(pauses[i - 1] + 1 if i else 0):k])
        after_end = pauses[i + 1] if i + 1 < len(pauses) else len(tokens)
        after = "".join(t.spoken for t in tokens[k + 1:after_end])
        particle = k + 1 < after_end and tokens[k + 1].spoken in ("的", "了", "着", "过")
        cut_short = k > 0 and tokens[k - 1].spoken in CONJUNCTIONS  # 它既然，就…: a speaker's restart
        # A quotation or a bracket opened in the phrase and not closed (“夜里的街道 / 和白天是…”)
        # goes on into the next one.
        leads_in = binds_forward(before) or _opened(before)
        alone = before in CONJUNCTIONS or before in OPENERS or len(before) <= 2 and leads_in and before not in INTERJECTIONS
        # 对于大家关心的 / 2026年…: a modifier's noun is on the other side (not 是…的, which closes).
        modifier = before.endswith("的") and not before.endswith("的的") and "是" not in before and token.kind == "boundary"
        # 荣休教授 / 杨强院士: the title's name follows; not 培训本地老师 / 覃永福的课堂…, a new clause
        titled = before.endswith(TITLES) and token.kind == "boundary" and any(
            after.startswith(name) and not after[len(name):].startswith("的") for name in names)
        if titled:
            out[k] = -3
        elif modifier and not (particle or cut_short or alone):
            out[k] = -2
        elif particle or cut_short or alone:
            out[k] = -1  # a conjunction or a lead-in alone goes with what follows, on its line (不过 / 当…, 最后 …)
        elif leads_in or carries_on(after):
            out[k] = 1
        else:  # the next sentence's first words (比如, 最后, 所以…) set off what it opens
            out[k] = 3 if opens_sentence(after, names) else 2
    return out


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
    label_width: float = 0.0             # its speaker's name opening a turn (read, and counted)

    @property
    def labelled(self) -> bool:
        """Its first line opens with its speaker's name (the first cue of a turn)."""
        return self.label_width > 0

    @property
    def width(self) -> float:
        """The widest variant's width to read, its speaker label included: reading speed must
        hold in all of them."""
        return max(sum(display_width(line) for line in lines) for lines in self.lines.values())


def shown(displays: list[str]) -> str:
    """What a run of tokens shows: commas as single spaces, none at either end."""
    return _SPACES.sub(" ", "".join(displays)).strip()


def _checked(kind: str | None, left: str, right: str, names: frozenset[str]) -> float:
    """More again for a split no comma could explain, the kind `subcast-check` reports: a cue
    split elsewhere is cheaper than a break a reader stumbles on."""
    return CHECKED if kind and split_kind(left, right, names, strict=True) else 0


def lay_out(displays: list[str], strengths: list[int | None], rules: LayoutRules,
            names: frozenset[str] = frozenset(), master_break: int | None = None,
            words: list[str] | None = None) -> tuple[list[str], float, int] | None:
    """The best lines for one cue, their cost and the token index of the line break (0: one
    line), or None when no layout fits. `strengths` are the tokens' `boundary_strengths`. A
    break at a pause costs by its strength; a break inside a phrase costs more, and more again
    by what it splits (phrases.split_kind) or when the cue holds a phrase boundary it could
    have broken at. A variant passes the master's `master_break`, kept wherever it fits, and
    the master's `words` (the same tokens in simplified Chinese), which the phrase rules read."""
    words = words or displays
    text = shown(displays)
    total = display_width(text)
    if total <= rules.max_chars_per_line:
        return [text], 0.0, 0
    if rules.max_lines < 2:
        return None
    # A boundary the cue holds: a phrase break there beats one inside a phrase (a lead-in
    # that binds forward, strength 1, less so).
    fill = max((FILL_SPLIT if s >= 2 else FILL_SPLIT - 5 if s == 1 else LIST_HELD if s == 0 else 0
                for s in strengths[:-1] if s is not None), default=0)
    in_list = any(s == 0 for s in strengths[:-1])
    best = None
    for k in range(1, len(displays)):
        if strengths[k] is not None:
            continue
        top, bottom = shown(displays[:k]), shown(displays[k:])
        top_w, bottom_w = display_width(top), display_width(bottom)
        if bottom_w > rules.max_chars_per_line:
            continue
        if top_w > rules.max_chars_per_line or not top:
            break
        if k == master_break:
            return [top, bottom], 0.0, k
        at = strengths[k - 1]
        if at is not None:
            cost = TWO_LINES + LINE_END[at]
            if at == -2 and k >= 2:   # the script's line end after 的: not before a noun the checker would see cut
                cost += _checked("modifier+noun", words[k - 2], words[k], names)
        else:
            following = words[k + 1] if k + 1 < len(words) else ""
            kind = "word split" if joins(words[k - 1], words[k], names) else split_kind(words[k - 1], words[k], names,
                                                                                         following=following)
            if kind is None and in_list and words[k].strip() in _LAST_ITEM:
                cost = TWO_LINES + LINE_END[0]  # before a list's last item: as good as at its 、
            else:
                cost = TWO_LINES + LINE_MID_PHRASE + SEVERITY.get(kind, 0) + fill + _checked(kind, words[k - 1], words[k], names)
                cost -= GOOD_BREAK if kind is None and good_break(words[k - 1], words[k], names, following,
                                                                  words[k - 2] if k >= 2 else "") else 0
                if top.count("（") > top.count("）") or top.count("《") > top.count("》"):
                    cost += SEVERITY["word+gloss"]  # 「Renaissance（文艺复兴 / 科技）」, 《…的 / 低延迟…》: a gloss
                                                    # or a title stays whole
                if top_w <= 2 < bottom_w - 4:
                    cost += SHORT_TOP  # Netflix: avoid one or two words on the top line
        if _QUOTE_JUST_OPENED.search(top):
            cost += SEVERITY["opening mark at line end"]    # 「…跟我说 “丽华 / 你听听…」
        cost += abs(bottom_w - top_w) * 0.1
        if rules.bottom_line_longer and top_w > bottom_w:
            # Netflix: prefer the bottom-heavy shape "when multiple line break options present
            # themselves": a preference below the phrase rules, which say "never".
            cost += TOP_HEAVY + (top_w - bottom_w) * 0.3
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
        end = math.ceil(speech.end * rules.fps - 1e-6)
        limit = None if next_start is None else math.floor(next_start * rules.fps + 1e-6) - rules.min_gap_frames
        if limit is not None:
            # Speech running on into the next cue's (no pause between them) ends this one the
            # minimum gap early, as `timing.schedule` does: only the reading time must fit.
            end = min(end, limit)
        end = frames_needed(rules, start, max(end, start + 1), width)
        if rules.ms(end) - rules.ms(start) > rules.max_duration_ms:
            return False
        return limit is None or end <= limit

    def _variant_lines(self, start: int, end: int) -> tuple[dict[str, list[str]], float] | None:
        """Lines of every variant for tokens[start:end], and the master's layout cost."""
        strengths = self._strengths[start:end]
        laid = lay_out(self._displays[self._master][start:end], strengths, self.layout, self.names)
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
            variant = lay_out(piece, strengths, self.layout, self.names, master_break=k or None,
                              words=self._displays[self._master][start:end])
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
        # The speaker's label is read too (Netflix counts every character shown).
        width = max(sum(display_width(line) for line in variant) for variant in lines.values())
        last = tokens[end - 1]
        cost += CUE
        if last.is_pause:
            end_strength = self._strengths[end - 1]
            cost += CUE_END[end_strength]
        elif end < len(tokens) and self._clause_start[end]:
            end_strength = 1
            cost += CUE_END[1]
        elif end < len(tokens) and self._phrase_width[end - 1] > self.max_width \
                and split_kind(last.display, tokens[end].display, self.names) is None \
                and good_break(last.display, tokens[end].display, self.names,
                               tokens[end + 1].display if end + 1 < len(tokens) else "",
                               tokens[end - 2].display if end >= 2 else ""):
            # A run-on phrase no cue holds is cut where a subtitler would, between a subject
            # and its predicate (「我们12345热线那边 / 一个月能接到…」); a shorter one stays whole.
            end_strength = 0
            cost += CUE_END[0]
        else:
            end_strength = -1
            kind = split_kind(last.display, tokens[end].display, self.names) if end < len(tokens) else None
            cost += MID_PHRASE + SEVERITY.get(kind, 0) + (_checked(kind, last.display, tokens[end].display, self.names)
                                                          if end < len(tokens) else 0)
        # A quotation opened just before the cue ends (「…跟我说 “丽华」): its words go together.
        if _QUOTE_JUST_OPENED.search(lines[self._master][-1]):
            cost += SEVERITY["opening mark at line end"]
        shown_text = "".join(lines[self._master])
        if shown_text.count("《") > shown_text.count("》"):
            cost += TITLE_SPLIT   # a title is read whole: 《我们为什么 / 睡觉》 never across cues
        held = [s for s in self._strengths[start:end - 1] if s is not None]
        # An unpunctuated clause that a line would hold, begun and cut by the cue's end: its
        # first words stranded (合作了很多年我们发现 / 农村的孩子…).
        opened = next((k for k in range(end - 1, start, -1) if self._clause_start[k]), None)
        if opened is not None and end < self._clause_end[opened] \
                and sum(self._widths[opened:self._clause_end[opened]]) <= self.layout.max_chars_per_line:
            held.append(1)
        # A lead-in of what follows after a clause it does not belong to: the next clause's first
        # words stranded (a chain of lead-ins, 当你问AI 今天…的时候, is one frame and may end a cue).
        cost += STRAND * max(0, max(held, default=0) - end_strength)
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
             new_cue_lines: frozenset[int] = frozenset(), label_widths: dict[int, float] | None = None,
             longest_pause: float | None = None) -> list[Cue]:
        """Cues for the token stream. `variants` maps a tag to each token's display in that
        variant (same length as `tokens`); every variant's lines must fit the layout. A cue
        starts at the first token of each of `new_cue_lines` (chapter headings), and holds no
        silence between words longer than `longest_pause` seconds (None: no limit)."""
        n = len(tokens)
        self._label_widths = label_widths or {}
        starts_here = {next(k for k, t in enumerate(tokens) if t.line >= line)
                       for line in new_cue_lines if any(t.line >= line for t in tokens)}
        self._master = master
        self._displays = {master: [t.display for t in tokens]}
        self._displays.update({tag: list(d) for tag, d in (variants or {}).items() if tag != master})
        self._strengths = boundary_strengths(tokens, self.names)
        for k, strength in enumerate(self._strengths):
            # A line's end inside a phrase (关心的 2026年) is shown as nothing, as within a line;
            # a space stays between Latin words.
            if strength in (-2, -3) and tokens[k].kind == "boundary" and 0 < k < n - 1:
                for displays in self._displays.values():
                    if not (displays[k - 1][-1:].isascii() and displays[k + 1][:1].isascii()):
                        displays[k] = ""
        # Where a clause the speaker did not punctuate starts (「…小县城 / 因为那里的…」, 「沟通成本低 /
        # 大家有什么想法…」): a cue may end before it, and one that holds it should not end mid-phrase.
        self._clause_start = [0 < k and not token.is_pause and not tokens[k - 1].is_pause
                              and tokens[k - 1].display.strip() not in _CLAUSE_OPENERS
                              and (token.display.strip() in _CLAUSE_OPENERS or tokens[k - 1].display.strip() in CLAUSE_FINAL
                                   or run_on_subject(tokens[k - 1].display, token.display, self.names,
                                                     "".join(t.display for t in tokens[k:k + 4])))
                              for k, token in enumerate(tokens)]
        self._clause_end, stop = [n] * n, n   # where the clause a token is in ends
        for k in range(n - 1, -1, -1):
            self._clause_end[k] = stop
            if tokens[k].is_pause or self._clause_start[k]:
                stop = k
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
        widths = self._widths = [max(column[k] for column in widths_by_variant) for k in range(n)]
        # Each token's phrase (the words between two pauses), by its width.
        self._phrase_width, k = [0.0] * n, 0
        while k < n:
            stop = next((j for j in range(k, n) if tokens[j].is_pause), n)
            self._phrase_width[k:stop] = [sum(widths[k:stop])] * (stop - k)
            k = stop + 1
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
                if longest_pause is not None and end > start and not tokens[end].is_pause \
                        and timeline[end].start - speech_end > longest_pause:
                    break  # the reader paused: what follows is not on screen before it is said
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
