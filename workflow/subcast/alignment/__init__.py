"""Timing mode `audio`: subtitles that follow a real recording of the transcript.

The rule `align` voices the transcript (the same token stream the subtitles are cut from),
aligns that reference to the recording (aligner.py) and writes a timeline in recording time,
which the subtitle stage reads like the narration's; plus a report of what it found.
"""
from __future__ import annotations

import json
import logging
import time

from ..narration import fingerprint, voice_transcript
from ..textio import InputError, write_text_atomic
from .aligner import SAMPLE_RATE, AlignSettings, NoSpeech, align_tokens
from .recording import decode
from .report import alignment_report

log = logging.getLogger(__name__)


def align_transcript(transcript: dict, settings: dict, voice_cfg: dict, narration_cfg: dict,
                     timeline_path: str, report_path: str) -> None:
    recording = transcript["recording"]
    audio_cfg = settings.get("timing", {}).get("audio", {})
    started = time.monotonic()
    samples = decode(recording)
    log.info("%s: %.1f min of audio decoded in %.1f s", recording, len(samples) / SAMPLE_RATE / 60,
             time.monotonic() - started)
    voiced = voice_transcript(transcript, settings, voice_cfg, narration_cfg)
    log.info("reference for alignment: %s voice %s", voiced.engine, voiced.voice)
    started = time.monotonic()
    rules = AlignSettings.from_config(audio_cfg)
    try:
        result = align_tokens(voiced.tokens, voiced.spans, voiced.samples, voiced.sample_rate, samples,
                              SAMPLE_RATE, rules)
    except NoSpeech as err:
        raise InputError(recording, None, f"no speech to align to: {err}") from None
    log.info("aligned %.1f min of text to %.1f min of recording in %.1f s (largest DTW band %d cells)",
             voiced.seconds / 60, result.seconds / 60, time.monotonic() - started, result.cells)
    report = alignment_report(transcript, voiced.tokens, result, rules)
    for gap in report["gaps"]:
        log.warning("%s", gap["message"])
    write_text_atomic(timeline_path, json.dumps({
        "source": transcript["path"], "timing": "audio", "recording": recording,
        "engine": voiced.engine, "voice": voiced.voice, "fingerprint": fingerprint(voiced.tokens),
        "seconds": result.seconds,
        "tokens": [None if s is None else [round(s[0], 4), round(s[1], 4)] for s in result.spans],
        "confidence": [round(c, 3) for c in result.confidence],
        **{key: report[key] for key in ("lead_in", "trailing", "long_pauses", "gaps")},
    }, ensure_ascii=False) + "\n")
    write_text_atomic(report_path, report["markdown"])
