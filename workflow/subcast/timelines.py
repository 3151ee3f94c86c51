"""The timeline file: when each token of a transcript is spoken, in the narration (`tts`) or a
recording (`audio`). This module alone writes and reads it: the voice and alignment stages
write it, the subtitle, podcast and site stages read it. It is tied to the text by a
fingerprint of its token stream, so it is never applied to other text.

The document (JSON, one object): `source` (the text's path), `timing` (tts | audio),
`recording` (audio only), `engine` and `voice` (what spoke or heard it), `fingerprint`,
`seconds` (the audio's length), `tokens` ([start, end] seconds per token, or null where a
recording lacks it); tts adds `readings` (what the voice was given per token), `lines`
([line, start, end] per spoken script line) and `chapters` ([{title, start_ms, end_ms}]);
audio adds `confidence` (0–1 per token) and the report's `lead_in`, `trailing`,
`long_pauses` and `gaps`.
"""
from __future__ import annotations

import hashlib
import json

from .textio import InputError, read_text, write_text_atomic
from .timing import Span
from .tokens import Token


def fingerprint(tokens: list[Token]) -> str:
    """Identifies a token stream, so a timeline is never applied to other text."""
    return hashlib.sha256("\x1f".join(t.spoken for t in tokens).encode()).hexdigest()[:16]


def load_timeline(path: str, tokens: list[Token]) -> tuple[list[Span | None], dict]:
    """Token spans from a timeline file (narration or alignment) and the whole document.
    A span is None where an aligned recording lacks the token."""
    document = read_timeline(path)
    if document["fingerprint"] != fingerprint(tokens):
        raise InputError(path, None, "the timeline was made from other text or settings; "
                                     "re-run the rule that writes it")
    return [None if span is None else Span(*span) for span in document["tokens"]], document


def document(timing: str, source: str, engine: str, voice: str, tokens: list[Token], spans: list,
             seconds: float, recording: str | None = None, **extra) -> dict:
    """A timeline document (the fields above); `spans` are Span or (start, end) or None."""
    head = {"source": source, "timing": timing}
    if recording is not None:
        head["recording"] = recording
    return {**head, "engine": engine, "voice": voice, "fingerprint": fingerprint(tokens), "seconds": seconds,
            "tokens": [None if s is None else [round(s[0], 4), round(s[1], 4)] for s in spans], **extra}


def line_spans(tokens: list[Token], spans: list[Span]) -> list[list]:
    """[line, start, end] of each script line that is spoken: where a page or an app can
    seek to a sentence of a one-sentence-a-line script."""
    lines: dict[int, list] = {}
    for token, span in zip(tokens, spans):
        if token.is_pause or span is None or span.end <= span.start:
            continue
        entry = lines.setdefault(token.line, [token.line, span.start, span.end])
        entry[1], entry[2] = min(entry[1], span.start), max(entry[2], span.end)
    return [[line, round(start, 4), round(end, 4)] for line, start, end in sorted(lines.values())]


def write_timeline(path: str, timeline: dict) -> None:
    write_text_atomic(path, json.dumps(timeline, ensure_ascii=False) + "\n")


def read_timeline(path: str) -> dict:
    """The whole document; a missing, empty or broken file is an InputError naming it."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise InputError(path, err.lineno, f"not a timeline (JSON: {err.msg}); re-run the rule that writes it") from None
