"""The text front end: a transcript file → its token stream, the one the subtitles are cut
from, the narration voiced from and a recording aligned to (so their timelines fit).

`cfg` is the front-end slice of the config (`subcast.config.front_end`): `names` kept whole,
`numbers` (keep_words, measure_units, and the `units` said after a number), `corrections` (wrong → right, each use logged with its
file:line) and `max_chars_per_line` (a term wider than a line is broken at its punctuation).
"""
from __future__ import annotations

import logging
from dataclasses import replace

from .numbers import DEFAULT_KEEP_WORDS, DEFAULT_MEASURE_UNITS, NumberNormaliser
from .textnorm import TextNormaliser
from .tokens import Token, Tokenizer
from .transcript import marks_its_lines, read_phrases

log = logging.getLogger(__name__)


def tokenizer(cfg: dict) -> Tokenizer:
    """The tokenizer of a front-end slice (`subcast.config.front_end`)."""
    numbers = NumberNormaliser(
        keep_words=tuple(DEFAULT_KEEP_WORDS) + tuple(cfg["numbers"]["keep_words"]),
        measure_units=cfg["numbers"].get("measure_units") or DEFAULT_MEASURE_UNITS,
    )
    return Tokenizer(names=cfg["names"], numbers=numbers, max_atom_width=cfg["max_chars_per_line"],
                     speech=TextNormaliser(cfg["numbers"]["units"]))


def read_tokens(path: str, shape: str, encoding: str, cfg: dict) -> tuple[list[Token], list[str]]:
    """A transcript's token stream, with the configured corrections made, and what the reading
    has to say (skipped lines, corrections, terms too wide for a line), each with file:line."""
    phrases, warnings = read_phrases(path, shape, encoding)
    corrections = cfg["corrections"]
    if corrections:
        fixed = []
        for phrase in phrases:
            text = phrase.text
            for wrong, right in corrections.items():
                if wrong in text:
                    warnings.append(f"{path}:{phrase.line}: corrected {wrong!r} to {right!r} (subtitles.corrections)")
                    text = text.replace(wrong, right)
            fixed.append(replace(phrase, text=text))
        phrases = fixed
    cutter = tokenizer(cfg)
    marked = shape == "lines" and marks_its_lines([phrase.text for phrase in phrases])
    if marked:
        warnings.append(f"{path}: the script marks its own clauses at line ends: a line ending without a mark "
                        "runs on into the next (no space, no pause)")
    tokens = cutter.stream(phrases, marked)
    warnings += [f"{path}:{line}: {term[:60]!r} is wider than a subtitle line: broken at its punctuation"
                 for line, term in cutter.broken]
    return tokens, warnings


def transcript_tokens(transcript: dict, settings: dict) -> list[Token]:
    """The token stream a transcript's subtitles are cut from (and its narration voiced from)."""
    tokens, warnings = read_tokens(transcript["path"], transcript["shape"], transcript["encoding"], settings)
    for warning in warnings:
        log.warning(warning)
    return tokens
