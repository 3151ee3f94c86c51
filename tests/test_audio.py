"""Encoding: loudness measured on the MP3 itself, ID3v2 tags and chapters read back."""

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from subcast import audio
from subcast.audio import Chapter, encode_mp3, measure, probe, tag_mp3


def speech_like(seconds=12.0, rate=24000, level=0.05):
    """Syllable-like bursts of a voiced tone with pauses: quiet, dynamic input like TTS."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = (np.sin(2 * np.pi * 3.5 * t) > 0.2).astype(np.float32) * (np.sin(2 * np.pi * 0.3 * t) > -0.6)
    tone = np.sin(2 * np.pi * 180 * t) + 0.4 * np.sin(2 * np.pi * 360 * t) + 0.2 * np.sin(2 * np.pi * 720 * t)
    return (level * envelope * tone).astype(np.float32)


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    path = tmp_path_factory.mktemp("audio") / "episode.mp3"
    loudness = encode_mp3(speech_like(), 24000, path)
    chapters = [Chapter("开场", 0, 4000), Chapter("分化", 4000, 8000), Chapter("下一个范式", 8000, 12000)]
    tag_mp3(path, title="第一集", author="subcast", album="AGI-Next", date="2026-01-10",
            voice="test", track="1", chapters=chapters)
    return path, loudness


def test_loudness_is_measured_on_the_encoded_file(episode):
    path, reported = episode
    measured = measure(path)
    assert abs(measured.integrated_lufs - -16.0) <= 1.0
    assert measured.true_peak_dbtp <= -1.0
    assert measured == reported


def test_mp3_format(episode):
    info = MP3(str(episode[0])).info
    assert info.sample_rate == 44100 and info.channels == 1 and 96000 <= info.bitrate <= 128000
    assert abs(info.length - 12.0) < 0.1


def test_id3v2_tags_and_chapters_read_back(episode):
    tags = ID3(str(episode[0]))
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == "第一集" and str(tags["TLAN"]) == "chi" and str(tags["TCON"]) == "Podcast"
    assert str(tags["TDRC"]) == "2026-01-10" and str(tags["TRCK"]) == "1"
    toc = tags["CTOC:toc"]
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]
    read = probe(episode[0])
    assert [title for _, _, title in read["chapters"]] == ["开场", "分化", "下一个范式"]
    assert [start for start, _, _ in read["chapters"]] == sorted(start for start, _, _ in read["chapters"])
    assert abs(read["seconds"] - 12.0) < 0.1


def test_a_failed_encode_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(audio, "FFMPEG", str(tmp_path / "no-ffmpeg"))
    target = tmp_path / "out.mp3"
    with pytest.raises((RuntimeError, OSError)):
        encode_mp3(speech_like(2.0), 24000, target)
    assert not target.exists() and list(tmp_path.iterdir()) == []
