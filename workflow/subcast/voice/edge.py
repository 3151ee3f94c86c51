"""Microsoft's online neural voices through edge-tts. Needs a network.

Its WordBoundary events are used as timing data (edge-tts' own SubMaker merges them into
sentence cues and drifts on long scripts). Audio arrives as MP3 and is decoded with ffmpeg.
"""
from __future__ import annotations

import asyncio
import subprocess

import imageio_ffmpeg
import numpy as np

from .speech import Speech, VoiceError

SAMPLE_RATE = 24000
TICKS = 10_000_000  # edge-tts offsets are in 100 ns units


def _decode_mp3(data: bytes) -> np.ndarray:
    run = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", "pipe:0", "-f", "f32le",
                          "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"], input=data, capture_output=True)
    if run.returncode:
        raise VoiceError(f"could not decode edge-tts audio: {run.stderr.decode(errors='replace')[:200]}")
    return np.frombuffer(run.stdout, dtype=np.float32).copy()


def _char_spans(text: str, words: list[tuple[str, float, float]], total: float) -> list[tuple[float, float]]:
    """Spreads each boundary word's time over its characters; unmatched characters get the
    time of the character before them."""
    spans: list[tuple[float, float] | None] = [None] * len(text)
    cursor = 0
    for word, start, end in words:
        at = text.find(word, cursor)
        if at < 0:
            continue
        step = (end - start) / max(1, len(word))
        for i in range(len(word)):
            spans[at + i] = (start + i * step, start + (i + 1) * step)
        cursor = at + len(word)
    previous = (0.0, 0.0)
    out = []
    for span in spans:
        previous = span if span is not None else (previous[1], previous[1])
        out.append(previous)
    return out


class EdgeVoice:
    engine = "edge"
    sample_rate = SAMPLE_RATE

    def __init__(self, voice: str, connect_timeout: float = 3, receive_timeout: float = 30, rate: str = "+0%",
                 proxy: str | None = None):
        self.name = voice
        self.connect_timeout, self.receive_timeout, self.rate = connect_timeout, receive_timeout, rate
        self.proxy = proxy

    @property
    def cache_id(self) -> str:
        return f"edge:{self.name}:{self.rate}"

    async def _stream(self, text: str):
        import edge_tts

        communicate = edge_tts.Communicate(text, self.name, rate=self.rate, boundary="WordBoundary",
                                           proxy=self.proxy, connect_timeout=self.connect_timeout, receive_timeout=self.receive_timeout)
        audio, words = bytearray(), []
        async for chunk in communicate.stream():
            if chunk["type"] == "audio":
                audio += chunk["data"]
            elif chunk["type"] == "WordBoundary":
                start = chunk["offset"] / TICKS
                words.append((chunk["text"], start, start + chunk["duration"] / TICKS))
        return bytes(audio), words

    def speak(self, text: str) -> Speech:
        audio, words = asyncio.run(self._stream(text))
        samples = _decode_mp3(audio)
        return Speech(samples, SAMPLE_RATE, _char_spans(text, words, len(samples) / SAMPLE_RATE))
