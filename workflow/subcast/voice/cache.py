"""Content-addressed speech cache: (engine, voice, speed, text) → audio and character times.

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

    def _path(self, voice_id: str, text: str) -> Path:
        key = hashlib.sha256(json.dumps([voice_id, text], ensure_ascii=False).encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.npz"

    def speak(self, voice, text: str) -> Speech:
        path = self._path(voice.cache_id, text)
        if path.exists():
            self.hits += 1
            with np.load(path) as data:
                return Speech(data["samples"], int(data["rate"]), [tuple(s) for s in data["spans"].tolist()])
        self.misses += 1
        speech = voice.speak(text)
        buffer = io.BytesIO()
        np.savez(buffer, samples=speech.samples.astype(np.float32), rate=speech.sample_rate,
                 spans=np.array(speech.char_spans, dtype=np.float64).reshape(-1, 2))
        write_bytes_atomic(path, buffer.getvalue())
        return speech
