"""Content-addressed speech cache: (engine, voice, speed, text, and the pinyin where the voice
takes it) → audio and character times.

A re-run, or an edit to one sentence, re-voices only what changed. Entries are written
atomically, so concurrent jobs (or nodes on a shared file system) never see half an entry.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from ..textio import write_bytes_atomic
from .speech import Speech


class SpeechCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder) / "speech"
        self.hits = self.misses = 0

    def _path(self, voice_id: str, text: str, pinyin: list[str] | None = None) -> Path:
        identity = [voice_id, text] + ([" ".join(pinyin)] if pinyin else [])
        key = hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.npz"

    def speak(self, voice, text: str, pinyin: list[str] | None = None) -> Speech:
        """`pinyin` (a syllable per character) is used, and keyed, only by a voice that takes it."""
        pinyin = pinyin if getattr(voice, "takes_pinyin", False) and pinyin and all(pinyin) else None
        path = self._path(voice.cache_id, text, pinyin)
        if path.exists():
            self.hits += 1
            with np.load(path) as data:
                return Speech(data["samples"], int(data["rate"]), [tuple(s) for s in data["spans"].tolist()])
        self.misses += 1
        speech = voice.speak(text, pinyin) if pinyin else voice.speak(text)
        buffer = io.BytesIO()
        np.savez(buffer, samples=speech.samples.astype(np.float32), rate=speech.sample_rate,
                 spans=np.array(speech.char_spans, dtype=np.float64).reshape(-1, 2))
        write_bytes_atomic(path, buffer.getvalue())
        return speech
