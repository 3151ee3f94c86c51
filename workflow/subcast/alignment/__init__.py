"""Timing mode `audio`: subtitles that follow a real recording of the transcript.

The rule `align` places the transcript's tokens (the stream the subtitles are cut from) in the
recording and writes a timeline in recording time, which the subtitle stage reads like the
narration's, plus a report of what it found. Two methods:
- `acoustic` (default): a speaker-independent model hears the recording (whisper_align.py);
- `voice`: the text voiced by the configured voice, matched to the recording by DTW
  (aligner.py): exact for that same voice, unreliable for a person.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from ..narration import voice_transcript
from ..timelines import fingerprint
from ..textio import InputError, write_text_atomic
from ..subtitles import transcript_tokens
from .acoustic import Whisper, model_folder
from .aligner import SAMPLE_RATE, AlignSettings, NoSpeech, align_tokens
from .recording import decode
from .report import alignment_report
from .whisper_align import align_recording

log = logging.getLogger(__name__)


def _align_to_voice(transcript, settings, voice_cfg, narration_cfg, samples, rules):
    voiced = voice_transcript(transcript, settings, voice_cfg, narration_cfg)
    log.info("alignment method: voice (reference %s voice %s)", voiced.engine, voiced.voice)
    result = align_tokens(voiced.tokens, voiced.spans, voiced.samples, voiced.sample_rate, samples,
                          SAMPLE_RATE, rules)
    return voiced.tokens, result, voiced.engine, voiced.voice


def align_transcript(transcript: dict, settings: dict, voice_cfg: dict, narration_cfg: dict,
                     timeline_path: str, report_path: str, threads: int = 2) -> None:
    recording = transcript["recording"]
    audio_cfg = settings.get("timing", {}).get("audio", {})
    started = time.monotonic()
    samples = decode(recording)
    log.info("%s: %.1f min of audio decoded in %.1f s", recording, len(samples) / SAMPLE_RATE / 60,
             time.monotonic() - started)
    rules = AlignSettings.from_config(audio_cfg)
    started = time.monotonic()
    try:
        if rules.method == "voice":
            tokens, result, engine, voice = _align_to_voice(transcript, settings, voice_cfg, narration_cfg,
                                                            samples, rules)
        else:
            tokens = transcript_tokens(transcript, settings)
            model = Whisper(model_folder(rules.acoustic_model, Path(voice_cfg.get("cache_dir", ".subcast-cache"))),
                            threads=threads)
            engine, voice = "acoustic", f"whisper {model.folder.name}"
            log.info("alignment method: acoustic model %s (%s)", rules.acoustic_model, model.folder)
            result = align_recording(tokens, samples, rules, model)
    except NoSpeech as err:
        raise InputError(recording, None, str(err)) from None
    log.info("aligned %s to %.1f min of recording in %.1f s (RTF %.3f)", transcript["path"], result.seconds / 60,
             time.monotonic() - started, (time.monotonic() - started) / max(result.seconds, 1e-9))
    report = alignment_report(transcript, tokens, result, rules)
    for gap in report["gaps"]:
        log.warning("%s", gap["message"])
    write_text_atomic(timeline_path, json.dumps({
        "source": transcript["path"], "timing": "audio", "recording": recording,
        "engine": engine, "voice": voice, "fingerprint": fingerprint(tokens),
        "seconds": result.seconds,
        "tokens": [None if s is None else [round(s[0], 4), round(s[1], 4)] for s in result.spans],
        "confidence": [round(c, 3) for c in result.confidence],
        **{key: report[key] for key in ("lead_in", "trailing", "long_pauses", "gaps")},
    }, ensure_ascii=False) + "\n")
    write_text_atomic(report_path, report["markdown"])
