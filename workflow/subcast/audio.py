"""Audio files: PCM → loudness-normalised MP3 with ID3v2 tags and chapters.

Loudness follows ../shared/specs/audio-and-podcast.md (−16 LUFS, true peak ≤ −1 dBTP, 44.1 kHz
mono MP3), in three quick passes at the audio's own rate instead of loudnorm's 192 kHz:
measure the light-compressed speech once (ebur128), encode once with the gain that reaches
the target, a limiter below the true-peak ceiling and LAME, then measure the encoded file.
LAME comes out a little quieter than its input (0.3–0.5 LU), so that is added to the gain up
front; a file that still misses by more than `tolerance` is encoded again with the miss
corrected.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
import imageio_ffmpeg
import numpy as np

from .textio import write_bytes_atomic

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
COMPRESSOR = {"threshold": "-26dB", "ratio": 4, "attack": 5, "release": 100}


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def _run(stream) -> str:
    try:
        _, err = stream.run(cmd=FFMPEG, capture_stdout=True, capture_stderr=True, quiet=True)
    except ffmpeg.Error as error:
        raise RuntimeError(f"ffmpeg failed: {error.stderr.decode(errors='replace')[-800:]}") from None
    return err.decode(errors="replace")


def _compressed_loudness(wav: Path) -> float:
    """Integrated loudness (LUFS) of the speech after the light compressor."""
    log = _run(ffmpeg.input(str(wav)).filter("acompressor", **COMPRESSOR).filter("ebur128")
               .output("-", format="null"))
    return float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", log[log.rindex("Summary:"):]).group(1))


def measure(path: Path) -> Loudness:
    """Integrated loudness and true peak of a file, as ffmpeg's ebur128 reads them."""
    log = _run(ffmpeg.input(str(path)).filter("ebur128", peak="true").output("-", format="null"))
    summary = log[log.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return Loudness(integrated, peak)


LAME_LOSS_LU = 0.4        # LAME CBR comes out this much quieter than its input
PEAK_MARGIN_DB = 1.0      # the limiter works on samples; MP3 decoding overshoots between them


def _encode(wav: Path, mp3: Path, gain_db: float, true_peak: float, rate: int, bitrate: str) -> None:
    limit = 10 ** ((true_peak - PEAK_MARGIN_DB) / 20)
    stream = (ffmpeg.input(str(wav)).filter("acompressor", **COMPRESSOR)
              .filter("volume", f"{gain_db:.2f}dB").filter("aresample", rate)
              .filter("alimiter", limit=f"{limit:.4f}", level="disabled", attack=5, release=50)
              .output(str(mp3), ar=rate, ac=1, acodec="libmp3lame", audio_bitrate=bitrate,
                      write_xing=1, map_metadata=-1).overwrite_output())
    _run(stream)


def encode_mp3(samples: np.ndarray, sample_rate: int, target: Path, *, lufs: float = -16.0,
               true_peak: float = -1.5, rate: int = 44100, bitrate: str = "96k",
               tolerance: float = 0.3) -> Loudness:
    """Writes a loudness-normalised MP3 atomically and returns its measured loudness."""
    with tempfile.TemporaryDirectory(prefix="subcast-audio-") as folder:
        wav, mp3 = Path(folder) / "in.wav", Path(folder) / "out.mp3"
        write_wav(wav, samples, sample_rate)
        gain = lufs - _compressed_loudness(wav) + LAME_LOSS_LU
        _encode(wav, mp3, gain, true_peak, rate, bitrate)
        result = measure(mp3)
        miss = lufs - result.integrated_lufs
        if abs(miss) > tolerance or result.true_peak_dbtp > true_peak:
            over = max(result.true_peak_dbtp - true_peak, 0.0)
            _encode(wav, mp3, gain + miss, true_peak - over, rate, bitrate)
            result = measure(mp3)
        write_bytes_atomic(target, mp3.read_bytes())
    return result


def preview(source: str, target: str, seconds: float = 30, bitrate: str = "32k") -> None:
    """The first `seconds` of an MP3, mono at `bitrate`: small enough to embed in a report."""
    with tempfile.TemporaryDirectory(prefix="subcast-preview-") as folder:
        out = Path(folder) / "preview.mp3"
        _run(ffmpeg.input(str(source), t=seconds).output(str(out), ac=1, acodec="libmp3lame",
                                                          audio_bitrate=bitrate, map_metadata=-1))
        write_bytes_atomic(target, out.read_bytes())


def _ordered_id3_class():
    from mutagen.id3 import ID3
    from mutagen.id3._tags import save_frame

    class OrderedID3(ID3):
        """mutagen writes frames sorted by size; readers that list CHAP frames as found
        (ffmpeg) then show chapters out of time order. Tags made here are written as added."""

        def _write(self, config):
            return bytearray().join(save_frame(frame, config=config) for frame in self.values())

    return OrderedID3


def _OrderedID3():  # noqa: N802 - a class made on first use, so mutagen loads only when tagging
    return _ordered_id3_class()()


def tag_mp3(path: Path, *, title: str, author: str, album: str, date: str, language: str = "chi",
            voice: str = "", track: str | None = None, chapters: list[Chapter] = (),
            cover: bytes | None = None, cover_mime: str = "image/png") -> None:
    """ID3v2.4 tags and chapter frames (CHAP + an ordered top-level CTOC). `voice` (what spoke
    it) goes in a TXXX frame, not the comment some players show as the description."""
    from mutagen.id3 import APIC, CHAP, CTOC, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TRCK, TXXX, CTOCFlags

    tags = _OrderedID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=author))
    tags.add(TALB(encoding=3, text=album))
    tags.add(TDRC(encoding=3, text=date))
    tags.add(TLAN(encoding=3, text=language))
    tags.add(TCON(encoding=3, text="Podcast"))
    if track:
        tags.add(TRCK(encoding=3, text=track))
    if voice:
        tags.add(TXXX(encoding=3, desc="voice", text=voice))
    if cover:
        tags.add(APIC(encoding=3, mime=cover_mime, type=3, desc="Cover", data=cover))
    ids = [f"chp{i}" for i in range(len(chapters))]
    for element, chapter in zip(ids, chapters):
        tags.add(CHAP(element_id=element, start_time=chapter.start_ms, end_time=chapter.end_ms,
                      sub_frames=[TIT2(encoding=3, text=chapter.title)]))
    if chapters:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                      child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=album)]))
    # Tag a copy and swap it in: a failed write never leaves a half-tagged episode.
    copy = path.with_name(f".{path.name}.tagging")
    write_bytes_atomic(copy, path.read_bytes())
    try:
        tags.save(str(copy), v2_version=4)
        copy.replace(path)
    finally:
        copy.unlink(missing_ok=True)


def probe(path: Path) -> dict:
    """Duration and chapters as ffmpeg reads them (no ffprobe binary ships in the wheel)."""
    run = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path), "-f", "ffmetadata", "-"],
                         capture_output=True, text=True)
    duration = re.search(r"Duration: (\d+):(\d+):([\d.]+)", run.stderr)
    seconds = int(duration[1]) * 3600 + int(duration[2]) * 60 + float(duration[3]) if duration else None
    chapters = [(int(s), int(e), t) for s, e, t in re.findall(
        r"\[CHAPTER\]\nTIMEBASE=1/1000\nSTART=(\d+)\nEND=(\d+)\ntitle=(.*)", run.stdout)]
    return {"seconds": seconds, "chapters": chapters, "metadata": run.stdout}
