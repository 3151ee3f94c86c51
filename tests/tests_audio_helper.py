"""A tiny real MP3 for tests that need one on disk."""
import numpy as np

from subcast.audio import encode_mp3


def tiny_mp3(path, seconds=2.0):
    t = np.arange(int(seconds * 24000)) / 24000
    encode_mp3((0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 24000, path)
    return path
