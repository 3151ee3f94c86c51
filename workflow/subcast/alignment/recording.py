"""A recording as mono float samples on the container's timeline: any file ffmpeg reads, one of
a video's audio streams.

Editors and players place sound by the container's presentation timeline: a stream that
starts 2 s after the video (a stream start time, an MP4 edit list) is heard 2 s in, so the
samples start at the file's time zero (ffmpeg's `aresample=first_pts=0` pads the gap with
silence). A stereo pair whose channels cancel when mixed (one phase-inverted, as a mis-wired
lavalier gives) is timed on its first channel instead.
"""
from __future__ import annotations

import logging
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ..audio import FFMPEG
from ..textio import InputError

SAMPLE_RATE = 16000  # speech features need nothing above 8 kHz
# The mix keeps less than this share of the first channel's level: the channels cancel.
CANCELLED = 0.3
_AUDIO_STREAM = re.compile(r"^\s*Stream #\d+:\d+(?:\[\w+\])?(?:\((?P<lang>\w+)\))?: Audio: (?P<what>.+)$", re.M)

log = logging.getLogger(__name__)


def audio_streams(path: str | Path) -> list[str]:
    """The file's audio streams as ffmpeg describes them, in order (index 0 is the first audio
    stream, as `recording_stream` counts): 「#1 (chi): aac (LC), 48000 Hz, stereo, fltp」."""
    run = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True)
    said = run.stderr.decode(errors="replace")
    return [f"#{k} ({m['lang'] or 'und'}): {m['what'].split(' (default)')[0].strip()}"
            for k, m in enumerate(_AUDIO_STREAM.finditer(said))]


def streams_note(path: str | Path, chosen: int) -> str:
    """A sentence naming the other audio streams, for a message about the chosen one; "" when
    the file has only one."""
    streams = audio_streams(path)
    if len(streams) < 2:
        return ""
    return (f"; it has {len(streams)} audio streams ({'; '.join(streams)}), stream #{chosen} was read: "
            "set the transcript's `recording_stream` to another")


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def decode(path: str | Path, sample_rate: int = SAMPLE_RATE, stream: int = 0) -> np.ndarray:
    """Audio stream `stream` (0 the first) of `path`, down-mixed to mono at `sample_rate`, on
    the container's timeline (silence before a stream that starts late). Raises InputError
    naming the file: missing, unreadable, no such audio stream, or too short."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "the recording named in config does not exist")
    with tempfile.TemporaryDirectory(prefix="subcast-recording-") as folder:
        # Through files: one copy of a long recording in memory. The first channel alone is
        # decoded beside the mix, to tell a phase-inverted pair from a quiet recording.
        mix, first = Path(folder) / "mix.f32", Path(folder) / "first.f32"
        # Split before any conversion: ffmpeg would otherwise negotiate the mono mix upstream.
        graph = (f"[0:a:{stream}]asplit=2[all][both];[all]aresample=async=1:first_pts=0[mix];"
                 "[both]pan=mono|c0=c0,aresample=async=1:first_pts=0[first]")
        command = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
                   "-filter_complex", graph,
                   "-map", "[mix]", "-f", "f32le", "-ac", "1", "-ar", str(sample_rate), str(mix),
                   "-map", "[first]", "-f", "f32le", "-ar", str(sample_rate), str(first)]
        run = subprocess.run(command, capture_output=True)
        if run.returncode != 0:
            said = run.stderr.decode(errors="replace").strip()
            reason = said.splitlines()[-1] if said else f"ffmpeg exit status {run.returncode}"
            if re.search(r"matches no streams|does not contain any stream|Stream specifier", said):
                streams = audio_streams(path)
                reason = ("it has no audio stream" if not streams else
                          f"it has no audio stream #{stream} (it has {len(streams)}: {'; '.join(streams)})")
            raise InputError(path, None, f"cannot read the recording: {reason}")
        samples = np.fromfile(mix, dtype="<f4")
        alone = np.fromfile(first, dtype="<f4")
        if _rms(samples) < CANCELLED * _rms(alone):
            log.warning("%s: the channels cancel when mixed to mono (one is phase-inverted): "
                        "timing on the first channel alone", path)
            samples = alone
        del alone
    if samples.size < sample_rate // 2:
        raise InputError(path, None, f"the recording holds {samples.size / sample_rate:.2f} s of audio: "
                                     "too short to align")
    return samples
