"""What DTW compares: MFCCs (librosa) at 100 frames/s, and where each signal is silent.

The two signals are different voices, rooms and levels, so the cepstra are normalised per
signal over its speech frames (mean 0, variance 1) and loudness (c0) is left out. Silence is
not compared by its spectrum (room noise against digital zero) but marked in one extra
dimension, so a pause matches a pause whatever the noise floor.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME_RATE = 100          # features per second
N_MFCC = 13               # c1–c13
SILENCE_WEIGHT = 4.0      # the distance between a silent frame and a speech frame
CHUNK_SECONDS = 60        # the STFT runs a minute at a time: bounded memory on long files
MIN_RANGE_DB = 8.0        # speech rises at least this far above the quiet parts


@dataclass(frozen=True)
class Features:
    mfcc: np.ndarray      # frames × (N_MFCC + 1), ready for DTW
    level_db: np.ndarray  # frame energy, dB
    speech: np.ndarray    # frame is speech (bool)
    threshold_db: float

    def __len__(self) -> int:
        return len(self.speech)


def _frames(samples: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Cepstra and log energy of 25 ms frames every 10 ms, centred on k × 10 ms."""
    import librosa

    hop = sample_rate // FRAME_RATE
    n_fft = 1 << (int(sample_rate * 0.025) - 1).bit_length()
    half = n_fft // 2
    total = len(samples) // hop + 1
    chunk = CHUNK_SECONDS * FRAME_RATE
    cepstra, energies = [], []
    for first in range(0, total, chunk):
        count = min(chunk, total - first)
        begin, end = first * hop - half, (first + count - 1) * hop + half + (n_fft - 2 * half)
        piece = samples[max(begin, 0):min(end, len(samples))]
        piece = np.pad(piece, (max(0, -begin), max(0, end - len(samples))))
        mel = librosa.feature.melspectrogram(y=piece, sr=sample_rate, n_fft=n_fft, hop_length=hop,
                                             win_length=int(sample_rate * 0.025), center=False,
                                             n_mels=40, fmin=60, fmax=min(7600, sample_rate / 2))
        db = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=None)
        cepstra.append(librosa.feature.mfcc(S=db, n_mfcc=N_MFCC + 1)[1:].T[:count])
        energies.append(10 * np.log10(np.maximum(mel.sum(axis=0), 1e-10))[:count])
    return np.concatenate(cepstra).astype(np.float32), np.concatenate(energies).astype(np.float32)


def speech_threshold(level_db: np.ndarray) -> float:
    """Between the noise floor and the speech level; never below 35 dB under the speech. A
    steady signal (silence, hum, noise) has no speech: the threshold is above all of it."""
    floor, loud = np.percentile(level_db, 5), np.percentile(level_db, 95)
    if loud - floor < MIN_RANGE_DB:
        return float(level_db.max())
    return float(max(floor + 0.35 * (loud - floor), loud - 35))


def features(samples: np.ndarray, sample_rate: int) -> Features:
    cepstra, level = _frames(samples, sample_rate)
    threshold = speech_threshold(level)
    speech = level > threshold
    voiced = cepstra[speech] if speech.sum() > 10 else cepstra
    cepstra = (cepstra - voiced.mean(axis=0)) / (voiced.std(axis=0) + 1e-6)
    # Soft weight: a 6 dB ramp around the threshold, so weak syllable edges are half speech.
    weight = 1 / (1 + np.exp(-(level - threshold) / 1.5))
    vector = np.empty((len(level), N_MFCC + 1), np.float32)
    vector[:, :N_MFCC] = cepstra * weight[:, None]
    vector[:, N_MFCC] = SILENCE_WEIGHT * (1 - weight)
    return Features(vector, level, speech, threshold)


def pauses(speech: np.ndarray, min_frames: int) -> list[tuple[int, int]]:
    """Runs of non-speech frames at least `min_frames` long, as [start, end) frame ranges."""
    edges = np.flatnonzero(np.diff(np.concatenate([[1], speech.astype(np.int8), [1]])))
    runs = edges.reshape(-1, 2)
    return [(int(a), int(b)) for a, b in runs if b - a >= min_frames]
