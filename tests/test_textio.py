import os

import pytest

from subcast.textio import InputError, read_text, write_text_atomic
from subcast.transcript import read_phrases

TEXT = "第一行\n中文字幕，第二行\n第三行繁體與简体\n"


def test_gbk_file_is_named_with_line_and_guessed_encoding(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(("ascii only line\n" + TEXT).encode("gbk"))
    with pytest.raises(InputError) as err:
        read_text(path)
    message = str(err.value)
    assert message.startswith(f"{path}:2:"), message  # the first non-UTF-8 byte is on line 2
    assert "GB18030" in message and "iconv" in message


def test_big5_file_reads_when_config_names_its_encoding(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("繁體中文字幕\n第二行\n".encode("big5"))
    with pytest.raises(InputError, match="looks like BIG5"):
        read_text(path)
    assert read_text(path, "big5") == "繁體中文字幕\n第二行\n"


def test_bom_and_crlf_read_like_plain_utf8(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf-8"))
    assert read_text(path) == TEXT
    phrases, _ = read_phrases(path)
    assert [p.text for p in phrases][0] == "第一行"


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"  \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("字幕".encode("utf-16"), "UTF-16"),
])
def test_empty_and_binary_files_get_clear_errors(tmp_path, content, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_text(path)
    assert str(path) in str(err.value) and words in str(err.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="missing.txt: file not found"):
        read_text(tmp_path / "missing.txt")


def test_punctuation_only_line_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("你好\n，。！\n再见\n", encoding="utf-8")
    phrases, warnings = read_phrases(path)
    assert [p.line for p in phrases] == [1, 3]
    assert warnings == [f"{path}:2: line has no words (only punctuation); skipped"]


def test_a_failed_write_leaves_no_file_behind(tmp_path, monkeypatch):
    target = tmp_path / "out.srt"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_text_atomic(target, "1\n00:00:00,000 --> 00:00:01,000\n字幕\n")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_replaces_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    write_text_atomic(target, "旧")
    write_text_atomic(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_written_files_get_the_mode_open_would_give(tmp_path):
    """Not mkstemp's 0600: a web server serving outputs/ must be able to read every file."""
    from subcast.audio import tag_mp3
    from tests_audio_helper import tiny_mp3

    umask = os.umask(0o022)
    os.umask(umask)
    write_text_atomic(tmp_path / "feed.xml", "<rss/>")
    mp3 = tiny_mp3(tmp_path / "episode.mp3")
    tag_mp3(mp3, title="t", author="a", album="b", date="2026-01-10")
    for name in ("feed.xml", "episode.mp3"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episode.mp3", "feed.xml"]
