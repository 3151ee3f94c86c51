"""A recording as mono float samples: any file ffmpeg reads, a video's first audio stream."""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import ffmpeg
import numpy as np

from ..audio import FFMPEG
from ..textio import InputError

SAMPLE_RATE = 16000  # speech features need nothing above 8 kHz


def decode(path: str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The first audio stream of `path`, down-mixed to mono at `sample_rate`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "the recording named in config does not exist")
    with tempfile.TemporaryDirectory(prefix="subcast-recording-") as folder:
        raw = Path(folder) / "audio.f32"  # through a file: one copy of a long recording in memory
        command = (ffmpeg.input(str(path)).output(str(raw), format="f32le", ac=1, ar=sample_rate,
                                                   map="0:a:0", vn=None)
                   .global_args("-hide_banner", "-nostdin", "-loglevel", "error").compile(cmd=FFMPEG))
        run = subprocess.run(command, capture_output=True)
        if run.returncode != 0:
            said = run.stderr.decode(errors="replace").strip()
            reason = said.splitlines()[-1] if said else f"ffmpeg exit status {run.returncode}"
            if re.search(r"matches no streams|does not contain any stream", said):
                reason = "it has no audio stream"
            raise InputError(path, None, f"cannot read the recording: {reason}")
        samples = np.fromfile(raw, dtype="<f4")
    if samples.size < sample_rate // 2:
        raise InputError(path, None, f"the recording holds {samples.size / sample_rate:.2f} s of audio: "
                                     "too short to align")
    return samples
