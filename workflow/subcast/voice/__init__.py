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

    def speak(self, text: str) -> Speech:
        if self.current is not self.primary:
            return self.current.speak(text)
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
        return self.current.speak(text)


def make_voice(cfg: dict, variant: str = "zh-Hans"):
    """The configured voice for a variant; logs which engine and voice speak."""
    cache_dir = Path(cfg.get("cache_dir", ".subcast-cache"))
    engine = cfg.get("engine", "offline")
    if engine == "offline":
        from .offline import OfflineVoice

        offline = cfg.get("offline", {})
        voice = OfflineVoice(cache_dir, threads=offline.get("threads", 2), speed=offline.get("speed", 1.0))
    elif engine == "edge":
        from .edge import EdgeVoice

        edge = cfg.get("edge", {})
        voices = edge.get("voices", {})
        if variant not in voices:
            raise VoiceError(f"voice.edge.voices has no voice for {variant}")
        primary = EdgeVoice(voices[variant], edge.get("connect_timeout_s", 3), edge.get("receive_timeout_s", 30),
                            proxy=edge.get("proxy"))
        fallback = cfg.get("fallback", "offline")
        make_fallback = None if fallback == "none" else (lambda: make_voice({**cfg, "engine": fallback}, variant))
        voice = FallbackVoice(primary, make_fallback, edge.get("retries", 2), edge.get("backoff_s", 0.5))
    elif engine == "espeak":
        from .espeak import EspeakVoice

        espeak = cfg.get("espeak", {})
        voice = EspeakVoice(espeak.get("voices", {}).get(variant, "cmn-latn-pinyin"), espeak.get("speed_wpm", 175))
    else:
        raise VoiceError(f"unknown voice engine {engine!r} (known: offline, edge, espeak)")
    log.info("voice for %s: engine %s, voice %s", variant, voice.engine, voice.name)
    return voice


__all__ = ["Speech", "SpeechCache", "VoiceError", "make_voice"]
