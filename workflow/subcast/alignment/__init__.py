"""Timing mode `audio`: subtitles that follow a real recording of the transcript.

The rule `align` places the transcript's tokens (the stream the subtitles are cut from) in the
recording and writes a timeline in recording time, which the subtitle stage reads like the
narration's, plus a report of what it found. Two methods:
- `acoustic` (default): a speaker-independent model hears the recording (whisper_align.py);
- `voice`: the text voiced by the configured voice, matched to the recording by DTW
  (aligner.py): exact for that same voice, unreliable for a person.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from ..frontend import transcript_tokens
from ..narration import voice_transcript
from ..timelines import document, write_timeline
from ..textio import InputError, write_text_atomic
from .acoustic import Whisper, model_folder
from .aligner import align_tokens
from .recording import SAMPLE_RATE, decode, streams_note
from .report import alignment_report
from .result import AlignSettings, NoSpeech
from .whisper_align import align_recording

log = logging.getLogger(__name__)


def _align_to_voice(transcript, front_end, voice_cfg, narration_cfg, samples, rules):
    voiced = voice_transcript(transcript, front_end, voice_cfg, narration_cfg)
    log.info("alignment method: voice (reference %s voice %s)", voiced.engine, voiced.voice)
    result = align_tokens(voiced.tokens, voiced.spans, voiced.samples, voiced.sample_rate, samples,
                          SAMPLE_RATE, rules)
    return voiced.tokens, result, voiced.engine, voiced.voice


def align_transcript(transcript: dict, settings: dict, voice_cfg: dict, narration_cfg: dict,
                     timeline_path: str, report_path: str, threads: int = 2) -> None:
    """`settings` is `subcast.config.alignment_settings`: the front end and timing `audio`."""
    recording = transcript["recording"]
    started = time.monotonic()
    stream = transcript["recording_stream"]
    samples = decode(recording, stream=stream)
    log.info("%s: %.1f min of audio decoded in %.1f s", recording, len(samples) / SAMPLE_RATE / 60,
             time.monotonic() - started)
    rules = AlignSettings.from_config(settings["alignment"])
    started = time.monotonic()
    try:
        if rules.method == "voice":
            tokens, result, engine, voice = _align_to_voice(transcript, settings["front_end"], voice_cfg, narration_cfg,
                                                            samples, rules)
        else:
            tokens = transcript_tokens(transcript, settings["front_end"])
            model = Whisper(model_folder(rules.acoustic_model, Path(voice_cfg["cache_dir"])),
                            threads=threads)
            engine, voice = "acoustic", f"whisper {model.folder.name}"
            log.info("alignment method: acoustic model %s (%s)", rules.acoustic_model, model.folder)
            result = align_recording(tokens, samples, rules, model)
    except NoSpeech as err:
        raise InputError(recording, None, str(err) + streams_note(recording, stream)) from None
    log.info("aligned %s to %.1f min of recording in %.1f s (RTF %.3f)", transcript["path"], result.seconds / 60,
             time.monotonic() - started, (time.monotonic() - started) / max(result.seconds, 1e-9))
    report = alignment_report(transcript, tokens, result, rules)
    for gap in report["gaps"]:
        log.warning("%s", gap["message"])
    write_timeline(timeline_path, document(
        "audio", transcript["path"], engine, voice, tokens, result.spans, result.seconds, recording=recording,
        confidence=[round(c, 3) for c in result.confidence],
        **{key: report[key] for key in ("lead_in", "trailing", "long_pauses", "gaps")}))
    write_text_atomic(report_path, report["markdown"])
