"""eSpeak NG: robotic but nearly free (RTF ~0.002). The last resort, and handy for fast tests.

The library and its data come in the `espeakng-loader` wheel (no system package). Voice
`cmn-latn-pinyin` for Mandarin (plain `cmn` misreads characters), `yue` for Cantonese. Word
events from the synthesis callback give each character's time.
"""
from __future__ import annotations

import ctypes
import threading

import numpy as np

from .speech import Speech, VoiceError

AUDIO_OUTPUT_SYNCHRONOUS, POS_CHARACTER, CHARS_UTF8 = 2, 1, 1
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_END, EVENT_MSG_TERMINATED = 0, 1, 5, 6


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))
_lock = threading.Lock()  # libespeak-ng holds one global synthesiser per process
_library = None


def _load():
    global _library
    if _library is None:
        try:
            import espeakng_loader
        except ImportError:
            raise VoiceError("the espeak engine needs the `espeakng-loader` package") from None
        library = ctypes.CDLL(espeakng_loader.get_library_path())
        library.espeak_Initialize.restype = ctypes.c_int
        rate = library.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500,
                                         espeakng_loader.get_data_path().encode(), 0)
        if rate <= 0:
            raise VoiceError("libespeak-ng did not initialise")
        library.sample_rate = rate
        _library = library
    return _library


class EspeakVoice:
    engine = "espeak"

    def __init__(self, voice: str = "cmn-latn-pinyin", speed_wpm: int = 175):
        self.library = _load()
        self.name, self.speed_wpm = voice, speed_wpm
        self.sample_rate = self.library.sample_rate
        self.cache_id = f"espeak:{voice}:{speed_wpm}"

    def speak(self, text: str) -> Speech:
        chunks: list[np.ndarray] = []
        words: list[tuple[int, int, float]] = []  # (first character, length, start seconds)

        def collect(wav, count, events):
            if count > 0:
                chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768)
            k = 0
            while events[k].type != EVENT_LIST_TERMINATED:
                event = events[k]
                if event.type == EVENT_WORD:
                    words.append((event.text_position - 1, event.length, event.audio_position / 1000))
                k += 1
            return 0

        callback = _CALLBACK(collect)
        data = text.encode("utf-8") + b"\0"
        with _lock:
            self.library.espeak_SetSynthCallback(callback)
            if self.library.espeak_SetVoiceByName(self.name.encode()) != 0:
                raise VoiceError(f"espeak-ng has no voice {self.name!r}")
            self.library.espeak_SetParameter(1, self.speed_wpm, 0)  # espeakRATE
            status = self.library.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        if status != 0:
            raise VoiceError(f"espeak-ng failed ({status}) on {text!r}")
        samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        total = len(samples) / self.sample_rate
        # A word event gives where the word starts in the text and in the audio; the word runs to
        # the next word's start, and its time is spread over its characters.
        spans = [(0.0, 0.0)] * len(text)
        starts = sorted({(first, start) for first, _, start in words if 0 <= first < len(text)})
        for k, (first, start) in enumerate(starts):
            last, end = starts[k + 1] if k + 1 < len(starts) else (len(text), total)
            step = (end - start) / max(1, last - first)
            for i in range(first, last):
                spans[i] = (start + (i - first) * step, start + (i - first + 1) * step)
        return Speech(samples, self.sample_rate, spans)
