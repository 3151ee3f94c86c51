"""Real people reading Mandarin, with the true speech times of every line: aligning the
transcript to them and scoring the subtitles. Used by the tests (a 12-line clip shipped in
tests/data/human-speech) and by bench/bench.py (all 18 lines in shared/data/human-speech).

The readings can be changed the way real recordings differ: lines cut out, noise, shorter
pauses between lines.
"""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pysrt
import srt

from subcast.alignment import align_transcript
from subcast.alignment.recording import SAMPLE_RATE, decode
from subcast.audio import FFMPEG, write_wav
from subcast.config import alignment_settings, entry, front_end, subtitle_settings
from subcast.frontend import transcript_tokens
from subcast.subtitles import build_cues, write_subtitles

CLIP = Path(__file__).resolve().parent / "data" / "human-speech"
KEPT_ROOM_TONE = 0.15   # each clip keeps this much of its own silence around the speech


@dataclass
class Reading:
    samples: np.ndarray
    lines: list[dict]                # {"line", "text", "start", "end"}; start None: not in the audio
    transcript: Path
    removed: list[int] = field(default_factory=list)
    packaging: str = "wav"           # wav | late video | inverted stereo | second stream

    @classmethod
    def load(cls, folder: Path, audio: str | None = None) -> "Reading":
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        samples = decode(folder / (audio or truth["audio"]))
        lines = [{k: line[k] for k in ("line", "text", "start", "end")} for line in truth["lines"]]
        return cls(samples, lines, folder / "transcript.txt",
                   [line["line"] for line in truth["lines"] if line.get("absent")])

    def _remove(self, start: float, end: float) -> "Reading":
        i, j = int(round(start * SAMPLE_RATE)), int(round(end * SAMPLE_RATE))
        shift = (j - i) / SAMPLE_RATE
        lines = []
        for line in self.lines:
            if line["start"] is None or line["start"] < start:
                lines.append(dict(line))
            elif line["start"] >= end:
                lines.append({**line, "start": line["start"] - shift, "end": line["end"] - shift})
            else:
                lines.append({**line, "start": None, "end": None})
        samples = np.concatenate([self.samples[:i], self.samples[j:]])
        removed = sorted(set(self.removed) | {l["line"] for l in lines if l["start"] is None})
        return replace(self, samples=samples, lines=lines, removed=removed)

    def cut_lines(self, first: int, last: int) -> "Reading":
        """Lines `first`–`last` cut out, room tone and all, as `read_cut` does."""
        begin = self.lines[first - 1]["start"] - KEPT_ROOM_TONE
        after = self.lines[last]["start"] - KEPT_ROOM_TONE
        return self._remove(begin, after)

    def tighten_pauses(self, low: float = 0.2, high: float = 0.4, seed: int = 5) -> "Reading":
        """Every pause between lines shortened to `low`–`high` s (from its middle)."""
        rng = np.random.default_rng(seed)
        reading = self
        for k in range(len(self.lines) - 1, 0, -1):
            before, after = reading.lines[k - 1], reading.lines[k]
            if before["end"] is None or after["start"] is None:
                continue
            pause = after["start"] - before["end"]
            target = rng.uniform(low, high)
            if pause > target:
                middle = before["end"] + pause / 2
                reading = reading._remove(middle - (pause - target) / 2, middle + (pause - target) / 2)
        return reading

    def add_noise(self, snr_db: float = 15.0, seed: int = 7) -> "Reading":
        """Pink noise and a 50 Hz hum with harmonics at `snr_db` against the speech."""
        rng = np.random.default_rng(seed)
        n = len(self.samples)
        spectrum = np.fft.rfft(rng.normal(0, 1, n))
        freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
        spectrum[1:] /= np.sqrt(freqs[1:])
        spectrum[0] = 0
        noise = np.fft.irfft(spectrum, n)
        t = np.arange(n) / SAMPLE_RATE
        noise = noise / noise.std() + 0.5 * sum(np.sin(2 * np.pi * f * t) / (k + 1)
                                                 for k, f in enumerate((50, 100, 150, 250)))
        return self._under(noise, snr_db)

    def _under(self, bed: np.ndarray, db_below: float) -> "Reading":
        """The reading with `bed` mixed in `db_below` dB under its speech (power over the
        true speech spans)."""
        speech = np.concatenate([self.samples[int(l["start"] * SAMPLE_RATE):int(l["end"] * SAMPLE_RATE)]
                                 for l in self.lines if l["start"] is not None])
        gain = np.sqrt(np.mean(speech ** 2) / np.mean(bed ** 2) / 10 ** (db_below / 10))
        return replace(self, samples=(self.samples + gain * bed).astype(np.float32))

    def add_babble(self, snr_db: float = 15.0, talkers: int = 4, seed: int = 11) -> "Reading":
        """Babble at `snr_db`: `talkers` copies of the reading's own speech, each shifted
        circularly by a random offset and reversed every other one (a room of people talking,
        none of them saying the script at the right time)."""
        rng = np.random.default_rng(seed)
        n = len(self.samples)
        babble = sum(np.roll(self.samples[::-1] if k % 2 else self.samples, int(rng.integers(n // 5, 4 * n // 5)))
                     for k in range(talkers))
        return self._under(babble, snr_db)

    def add_music(self, level_db: float = -20.0, seed: int = 13) -> "Reading":
        """A music bed `level_db` under the speech: a four-chord progression of harmonic tones
        (two beats a chord at 96 bpm, each note with its attack and decay), a bass line and a
        hi-hat, as a podcast or video bed."""
        rng = np.random.default_rng(seed)
        n = len(self.samples)
        t = np.arange(n) / SAMPLE_RATE
        beat = 60 / 96
        chords = [(220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6), (164.8, 207.7, 246.9)]
        bed = np.zeros(n)
        for k, start in enumerate(np.arange(0, n / SAMPLE_RATE, beat)):
            i = int(start * SAMPLE_RATE)
            span = t[i:i + int(beat * SAMPLE_RATE)] - start
            envelope = np.minimum(span / 0.01, 1) * np.exp(-span / 0.4)
            for f in (*chords[(k // 2) % 4], chords[(k // 2) % 4][0] / 2):
                bed[i:i + len(span)] += envelope * sum(np.sin(2 * np.pi * h * f * span) / h for h in (1, 2, 3))
            hat = rng.normal(0, 1, min(400, len(span))) * np.exp(-np.arange(min(400, len(span))) / 80)
            bed[i:i + len(hat)] += 0.5 * hat
        return self._under(bed, -level_db)

    def faster(self, factor: float = 1.25) -> "Reading":
        """The reading sped up `factor` times, pitch kept (ffmpeg atempo), as a quicker reader
        or a video played fast; every true time divided by `factor`."""
        run = subprocess.run([FFMPEG, "-v", "error", "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:",
                              "-af", f"atempo={factor}", "-f", "f32le", "pipe:"],
                             input=self.samples.astype("<f4").tobytes(), capture_output=True, check=True)
        lines = [{**l, "start": l["start"] / factor, "end": l["end"] / factor} if l["start"] is not None else l
                 for l in self.lines]
        return replace(self, samples=np.frombuffer(run.stdout, dtype="<f4").copy(), lines=lines)

    def packaged(self, packaging: str) -> "Reading":
        """The reading as editors receive recordings: in a video whose audio starts 2 s after the
        picture (the true times move 2 s later), as stereo with one channel phase-inverted, or
        as the second audio stream of a video whose first is commentary."""
        lines = self.lines
        if packaging == "late video":
            lines = [{**l, "start": l["start"] + 2.0, "end": l["end"] + 2.0} if l["start"] is not None else l
                     for l in self.lines]
        return replace(self, lines=lines, packaging=packaging)


def _package(reading: Reading, wav: Path, folder: Path) -> tuple[Path, int]:
    """The recording file and audio stream for the reading's packaging (ffmpeg, as editors' files are made)."""
    run = lambda *args: subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True)  # noqa: E731
    if reading.packaging == "late video":
        run("-f", "lavfi", "-i", f"color=c=black:s=64x64:r=5:d={len(reading.samples) / SAMPLE_RATE + 3:.1f}",
            "-itsoffset", "2", "-i", str(wav), "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-c:a", "aac",
            str(folder / "reading.mp4"))
        return folder / "reading.mp4", 0
    if reading.packaging == "inverted stereo":
        run("-i", str(wav), "-af", "pan=stereo|c0=c0|c1=-1*c0", str(folder / "reading-stereo.wav"))
        return folder / "reading-stereo.wav", 0
    if reading.packaging == "second stream":
        run("-f", "lavfi", "-i", "sine=f=220", "-i", str(wav), "-shortest", "-map", "0:a", "-map", "1:a",
            "-c:a", "aac", str(folder / "reading.mp4"))
        return folder / "reading.mp4", 1
    return wav, 0


def align_reading(config: dict, voice_cfg: dict, reading: Reading, folder: Path) -> Path:
    """The reading saved as a WAV (packaged as its `packaging` says), its transcript aligned to
    it, cues and an SRT written."""
    folder.mkdir(parents=True, exist_ok=True)
    write_wav(folder / "reading.wav", reading.samples, SAMPLE_RATE)
    recording, stream = _package(reading, folder / "reading.wav", folder)
    transcript = entry("transcripts", path=str(reading.transcript), recording=str(recording),
                       recording_stream=stream)
    align_transcript(transcript, alignment_settings(config), voice_cfg, config["narration"], str(folder / "timeline.json"),
                     str(folder / "report.md"))
    build_cues(transcript, subtitle_settings(config), {"zh-Hans": entry("variants")}, str(folder / "cues.json"),
               str(folder / "timeline.json"))
    write_subtitles(str(folder / "cues.json"), "zh-Hans", {"srt": str(folder / "aligned.srt")},
                    config["subtitles"]["srt"], config["subtitles"]["timing_rules"]["fps"])
    return folder


@dataclass
class Score:
    errors: np.ndarray               # ms, |aligned − true| at each line's first cue start and speech end
    reported_skipped: list[int]      # lines the report says the recording skips
    cues_of_removed_lines: int       # cues showing a line the recording does not have
    added: list[dict]                # passages reported as added
    confidence: np.ndarray           # per cue
    line_errors: np.ndarray          # ms, |timed − true| at every line's start and end of speech (the timeline)

    def row(self) -> str:
        e, b = self.errors, self.line_errors
        return (f"n={len(e)} median {np.median(e):.0f} ms, p95 {np.percentile(e, 95):.0f} ms, "
                f"max {e.max():.0f} ms; every line boundary: n={len(b)} median {np.median(b):.0f} ms, "
                f"p95 {np.percentile(b, 95):.0f} ms, max {b.max():.0f} ms; "
                f"skipped reported {self.reported_skipped or '-'}; "
                f"added reported {len(self.added)}; cues below 0.5 confidence "
                f"{int((self.confidence < 0.5).sum())} of {len(self.confidence)}")


def score(folder: Path, reading: Reading, config: dict) -> Score:
    """Errors at every line's start (the SRT start of the cue the line begins) and end of speech
    (the cue's speech end), as a subtitle editor would check them against the truth."""
    text = (folder / "aligned.srt").read_text(encoding="utf-8")
    subs, parsed = pysrt.from_string(text), list(srt.parse(text))
    cues = json.loads((folder / "cues.json").read_text(encoding="utf-8"))["cues"]
    assert len(subs) == len(parsed) == len(cues)
    truth = {line["line"]: line for line in reading.lines}
    errors = []
    for k, (sub, cue) in enumerate(zip(subs, cues)):
        first, last = truth[cue["first_line"]], truth[cue["last_line"]]
        if k == 0 or cues[k - 1]["last_line"] < cue["first_line"]:
            errors.append(abs(sub.start.ordinal / 1000 - first["start"]) if first["start"] is not None else np.inf)
        if k + 1 == len(cues) or cues[k + 1]["first_line"] > cue["last_line"]:
            errors.append(abs(cue["speech"]["end"] - last["end"]) if last["end"] is not None else np.inf)
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    skipped = sorted({n for g in timeline["gaps"] if g["kind"] == "skipped"
                      for n in range(g["lines"][0], g["lines"][1] + 1)})
    shown = sum(1 for cue in cues if any(n in reading.removed for n in range(cue["first_line"], cue["last_line"] + 1)))
    return Score(np.array(errors) * 1000, skipped, shown, [g for g in timeline["gaps"] if g["kind"] == "added"],
                 np.array([cue["confidence"] for cue in cues]), _line_errors(reading, timeline, front_end(config)))


def _line_errors(reading: Reading, timeline: dict, front: dict) -> np.ndarray:
    """|timed − true| (ms) at the start and end of every line the recording has, from the
    timeline's token times: boundaries inside a cue count too (two lines a cue hides one)."""
    tokens = transcript_tokens(entry("transcripts", path=str(reading.transcript)), front)
    spoken: dict[int, list] = {}
    for token, span in zip(tokens, timeline["tokens"]):
        if not token.is_pause and span is not None and span[1] > span[0]:
            spoken.setdefault(token.line, []).append(span)
    errors = []
    for line in reading.lines:
        if line["start"] is None:
            continue
        spans = spoken.get(line["line"])
        errors += ([abs(spans[0][0] - line["start"]), abs(spans[-1][1] - line["end"])] if spans else [np.inf, np.inf])
    return np.array(errors) * 1000
