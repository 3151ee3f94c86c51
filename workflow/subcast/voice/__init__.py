"""One voice layer for every audio output: choose an engine from config, log the choice.

Engines: `offline` (default; FastSpeech2 Mandarin, no network), `edge` (Microsoft's online
neural voices), `espeak` (eSpeak NG: robotic, nearly free; the last resort). When `edge` cannot connect, the layer retries with backoff and then falls back
to the configured fallback engine, saying so in the log.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from .cache import SpeechCache
from .speech import Speech, VoiceError

log = logging.getLogger(__name__)

# An offline machine fails at DNS (aiohttp's ClientConnectorDNSError is an OSError) within
# milliseconds; a hanging connection hits the connect timeout.
NETWORK_ERRORS = (OSError, TimeoutError)


class FallbackVoice:
    """edge with retries; on a network failure, the fallback engine for the rest of the run."""

    def __init__(self, primary, make_fallback, retries: int, backoff_s: float):
        self.primary, self.make_fallback = primary, make_fallback
        self.retries, self.backoff_s = retries, backoff_s
        self.current = primary

    def __getattr__(self, name):
        return getattr(self.current, name)

    def speak(self, text: str, pinyin: list[str] | None = None) -> Speech:
        if self.current is not self.primary:
            return self.current.speak(text, pinyin) if pinyin else self.current.speak(text)
        for attempt in range(self.retries + 1):
            try:
                return self.primary.speak(text)
            except NETWORK_ERRORS as err:
                failure = err
                if attempt < self.retries:
                    time.sleep(self.backoff_s * 2 ** attempt)
        if self.make_fallback is None:
            raise VoiceError(f"edge-tts is unreachable ({type(failure).__name__}: {failure}) and "
                             "voice.fallback is none")
        self.current = self.make_fallback()
        log.warning("edge-tts is unreachable (%s: %s) after %d tries; falling back to the %s voice %s",
                    type(failure).__name__, failure, self.retries + 1, self.current.engine, self.current.name)
        return self.current.speak(text, pinyin) if pinyin else self.current.speak(text)


def make_voice(cfg: dict, variant: str = "zh-Hans"):
    """The configured voice for a variant (`cfg` is the filled `voice` section; a variant with
    no espeak voice of its own gets zh-Hans's); logs which engine and voice speak."""
    cache_dir = Path(cfg["cache_dir"])
    engine = cfg["engine"]
    if engine == "offline":
        from .offline import OfflineVoice

        voice = OfflineVoice(cache_dir, threads=cfg["offline"]["threads"], speed=cfg["offline"]["speed"])
    elif engine == "edge":
        from .edge import EdgeVoice

        edge = cfg["edge"]
        if variant not in edge["voices"]:
            raise VoiceError(f"voice.edge.voices has no voice for {variant}")
        primary = EdgeVoice(edge["voices"][variant], edge["connect_timeout_s"], edge["receive_timeout_s"],
                            proxy=edge.get("proxy"))
        fallback = cfg["fallback"]
        make_fallback = None if fallback == "none" else (lambda: make_voice({**cfg, "engine": fallback}, variant))
        voice = FallbackVoice(primary, make_fallback, edge["retries"], edge["backoff_s"])
    elif engine == "espeak":
        from .espeak import EspeakVoice

        espeak = cfg["espeak"]
        voice = EspeakVoice(espeak["voices"].get(variant, espeak["voices"]["zh-Hans"]), espeak["speed_wpm"])
    else:
        raise VoiceError(f"unknown voice engine {engine!r} (known: offline, edge, espeak)")
    log.info("voice for %s: engine %s, voice %s", variant, voice.engine, voice.name)
    return voice


__all__ = ["Speech", "SpeechCache", "VoiceError", "make_voice"]
