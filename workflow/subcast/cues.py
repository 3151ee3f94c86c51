"""The cue document (outputs/cues/<id>.json): a transcript's cues with every variant's lines,
its spoken text, source lines and times. This module alone writes and reads it: the subtitle
stage writes it; the subtitle writers and the alignment report read it.

The document (JSON, one object): `source` (the transcript's path), `timing` (tts | estimate |
audio) and `cues`, each a `subcast.segment.Cue` as a mapping: `lines` (variant tag → its
lines), `spoken`, `first_line` and `last_line` (1-based, in the source), `speech` ([start,
end] seconds), `speaker`, `start_ms` and `end_ms` (shown), `tokens` ([first, end) of the
token stream), `confidence` (0–1, timing audio only), `label_width` (a speaker label's width).
"""
from __future__ import annotations

import json
from dataclasses import asdict

from .textio import InputError, read_text, write_text_atomic


def write_cues(path: str, source: str, timing: str, cues: list) -> None:
    """`cues` are `subcast.segment.Cue`s, in order."""
    document = {"source": source, "timing": timing, "cues": [asdict(c) for c in cues]}
    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def read_cues(path: str) -> dict:
    """The whole document; a missing, empty or broken file is an InputError naming it."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise InputError(path, err.lineno, f"not a cue document (JSON: {err.msg}); re-run segment_cues") from None
