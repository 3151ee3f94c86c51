"""Recordings of a transcript whose true word times are known, for the alignment tests and the
benchmark: the text voiced by the offline voice at another speed (or by eSpeak), with other
pauses, a lead-in, a long pause, trailing silence, room noise, and optionally a passage cut out."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pysrt
import srt

from subcast.alignment.recording import SAMPLE_RATE
from subcast.audio import FFMPEG, write_wav
from subcast.narration import voice_transcript


@dataclass
class Recording:
    samples: np.ndarray                         # mono, SAMPLE_RATE
    truth: list[tuple[float, float] | None]     # each token's true span; None: cut out
    words: list[bool]                           # the token is a word (not a pause)
    lines: list[int]                            # the transcript line of each token
    removed_lines: tuple[int, int] | None = None

    def insert(self, at: float, audio: np.ndarray) -> None:
        """Audio (silence, or speech the text lacks) put in at `at` seconds."""
        i, seconds = int(at * SAMPLE_RATE), len(audio) / SAMPLE_RATE
        self.samples = np.concatenate([self.samples[:i], audio.astype(np.float32), self.samples[i:]])
        self.truth = [s if s is None or s[0] < at - 1e-6 else (s[0] + seconds, s[1] + seconds)
                      for s in self.truth]

    def insert_silence(self, at: float, seconds: float) -> None:
        self.insert(at, np.zeros(int(seconds * SAMPLE_RATE), np.float32))

    def word_start(self, line: int) -> float:
        """When the first word of transcript line `line` (or the next line left) starts."""
        return min(s[0] for s, w, l in zip(self.truth, self.words, self.lines) if w and s is not None and l >= line)

    def cut(self, start: float, end: float) -> None:
        i, j = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
        self.samples = np.concatenate([self.samples[:i], self.samples[j:]])
        length = (j - i) / SAMPLE_RATE
        self.truth = [None if s is None or start - 1e-6 <= s[0] < end - 1e-6
                      else (s if s[0] < start else (s[0] - length, s[1] - length)) for s in self.truth]

    def add_noise(self, snr_db: float, seed: int = 1) -> None:
        speech = self.samples[np.abs(self.samples) > 0.01]
        level = float(np.sqrt(np.mean(speech ** 2))) if len(speech) else 0.1
        noise = np.random.default_rng(seed).normal(0, level / 10 ** (snr_db / 20), len(self.samples))
        self.samples = (self.samples + noise).astype(np.float32)

    def save(self, path: Path) -> Path:
        """As a WAV, or through ffmpeg as anything else; `.mp4` makes a video with the audio."""
        path = Path(path)
        wav = path.with_suffix(".source.wav")
        write_wav(wav, self.samples, SAMPLE_RATE)
        if path.suffix == ".wav":
            wav.replace(path)
            return path
        video = ["-f", "lavfi", "-i", "color=c=black:s=160x120:r=5", "-shortest", "-c:v", "libx264",
                 "-preset", "ultrafast", "-c:a", "aac"] if path.suffix == ".mp4" else []
        subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav), *video, str(path)],
                       check=True)
        wav.unlink()
        return path


def make_recording(transcript: dict, front_end: dict, voice_cfg: dict, narration_cfg: dict, *,
                   speed: float | None = 1.2, engine: str = "offline", lead_in: float = 1.3,
                   trailing: float = 1.5, long_pause: float = 2.5, snr_db: float | None = 25,
                   remove_lines: tuple[int, int] | None = None) -> Recording:
    """The transcript read by another voice: `speed` (offline voice; > 1 is slower) with longer
    pauses, `lead_in` and `trailing` silence, a `long_pause` before the line a third of the
    way in, lines `remove_lines` [first, last] cut out, and white noise at `snr_db`."""
    import librosa

    voice = {**voice_cfg, "engine": engine}
    if engine == "offline":
        voice["offline"] = {**voice_cfg["offline"], "speed": speed}
    pauses = {"weak_ms": 150, "strong_ms": 800, "line_ms": 600}
    voiced = voice_transcript(transcript, front_end, voice, {**narration_cfg, "pauses": pauses})
    samples = librosa.resample(voiced.samples, orig_sr=voiced.sample_rate, target_sr=SAMPLE_RATE)
    recording = Recording(samples.astype(np.float32), [(s.start, s.end) for s in voiced.spans],
                          [not t.is_pause for t in voiced.tokens], [t.line for t in voiced.tokens])
    words = [(k, t) for k, t in enumerate(voiced.tokens) if not t.is_pause]

    def first_word_of_line(line: int) -> int:
        return next(k for k, t in words if t.line >= line)

    lines = sorted({t.line for _, t in words})
    if remove_lines:
        first, after = first_word_of_line(remove_lines[0]), first_word_of_line(remove_lines[1] + 1)
        recording.cut(recording.truth[first][0] - 0.05, recording.truth[after][0] - 0.05)
        recording.removed_lines = remove_lines
    if long_pause:
        k = first_word_of_line(lines[len(lines) // 3])
        recording.insert_silence(recording.truth[k][0] - 0.05, long_pause)
    if lead_in:
        recording.insert_silence(0.0, lead_in)
    if trailing:
        recording.samples = np.concatenate([recording.samples, np.zeros(int(trailing * SAMPLE_RATE), np.float32)])
    if snr_db is not None:
        recording.add_noise(snr_db)
    return recording


def boundary_errors(srt_path: Path, cues_json: Path, recording: Recording, strict: bool = True) -> np.ndarray:
    """|aligned − true| in ms at every cue start (the SRT's, as an editor reads it) and every
    cue's end of speech (the SRT holds a cue past it only as the reading rules ask)."""
    text = Path(srt_path).read_text(encoding="utf-8")
    subs, parsed = pysrt.from_string(text), list(srt.parse(text))
    cues = json.loads(Path(cues_json).read_text(encoding="utf-8"))["cues"]
    assert len(subs) == len(parsed) == len(cues)
    errors = []
    for sub, cue in zip(subs, cues):
        words = [recording.truth[k] for k in range(*cue["tokens"])
                 if recording.words[k] and recording.truth[k] is not None]
        assert words, f"cue {cue['lines']} shows text the recording does not have"
        errors += [abs(sub.start.ordinal / 1000 - words[0][0]), abs(cue["speech"]["end"] - words[-1][1])]
        assert not strict or sub.end.ordinal / 1000 >= words[-1][1] - 0.1  # never cut off while speaking
    return np.array(errors) * 1000
