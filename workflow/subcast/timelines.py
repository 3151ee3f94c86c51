"""The timeline file: when each token of a transcript is spoken, in the narration (`tts`) or a
recording (`audio`). Written by the voice and alignment stages, read by the subtitle stage;
tied to the text by a fingerprint of its token stream, so it is never applied to other text."""
from __future__ import annotations

import hashlib
import json

from .textio import InputError, read_text
from .timing import Span
from .tokens import Token


def fingerprint(tokens: list[Token]) -> str:
    """Identifies a token stream, so a timeline is never applied to other text."""
    return hashlib.sha256("\x1f".join(t.spoken for t in tokens).encode()).hexdigest()[:16]


def load_timeline(path: str, tokens: list[Token]) -> tuple[list[Span | None], dict]:
    """Token spans from a timeline file (narration or alignment) and the whole document.
    A span is None where an aligned recording lacks the token."""
    document = json.loads(read_text(path))
    if document["fingerprint"] != fingerprint(tokens):
        raise InputError(path, None, "the timeline was made from other text or settings; "
                                     "re-run the rule that writes it")
    return [None if span is None else Span(*span) for span in document["tokens"]], document
