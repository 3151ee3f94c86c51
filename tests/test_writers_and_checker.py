import re
from dataclasses import replace
import subprocess
import xml.etree.ElementTree as ET

import imageio_ffmpeg
import pysrt
import pytest
import srt
import webvtt

from subcast.checker import check_text, main
from subcast.config import typed
from subcast.segment import LayoutRules
from subcast.timing import TimingRules
from subcast.writers import Caption, to_itt, to_srt, to_vtt

CAPTIONS = [Caption(1000, 3000, ("大家好",)), Caption(3083, 7000, ("这里是最佳拍档", "Claude Code代表的To B"))]


def test_srt_defaults_to_utf8_without_bom_and_lf(tmp_path):
    data = to_srt(CAPTIONS)
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    path = tmp_path / "a.srt"
    path.write_bytes(data)
    subs = pysrt.open(str(path), encoding="utf-8")
    assert [s.text for s in subs] == ["大家好", "这里是最佳拍档\nClaude Code代表的To B"]
    assert subs[1].start.ordinal == 3083 and subs[1].end.ordinal == 7000
    assert [s.index for s in srt.parse(data.decode())] == [1, 2]


def test_srt_bom_and_crlf_options(tmp_path):
    data = to_srt(CAPTIONS, bom=True, crlf=True)
    assert data.startswith(b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:03,000\r\n")
    path = tmp_path / "b.srt"
    path.write_bytes(data)
    assert len(pysrt.open(str(path), encoding="utf-8-sig")) == 2


def test_vtt_and_itt_carry_the_same_cues(tmp_path):
    path = tmp_path / "a.vtt"
    path.write_bytes(to_vtt(CAPTIONS, "zh-Hans"))
    vtt = webvtt.read(str(path))
    assert [(c.start, c.end) for c in vtt] == [("00:00:01.000", "00:00:03.000"), ("00:00:03.083", "00:00:07.000")]
    root = ET.fromstring(to_itt(CAPTIONS, "zh-TW"))
    ns = {"tt": "http://www.w3.org/ns/ttml"}
    paragraphs = root.findall(".//tt:p", ns)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-TW"
    assert [p.get("begin") for p in paragraphs] == ["00:00:01:00", "00:00:03:02"]
    assert len(paragraphs[1].findall("tt:br", ns)) == 1


TTP = "{http://www.w3.org/ns/ttml#parameter}"


@pytest.mark.parametrize("fps, rate, multiplier", [(24, "24", "1 1"), (25, "25", "1 1"), (23.976, "24", "1000 1001"),
                                                   (29.97, "30", "1000 1001")])
def test_itt_follows_apples_profile_for_final_cut(fps, rate, multiplier):
    """SMPTE time base, non-drop, HH:MM:SS:FF within the frame rate, every cue within one frame
    of its time and in order."""
    captions = [Caption(k * 4321, k * 4321 + 2500, (f"第{k}句",)) for k in range(1, 900)]  # past an hour
    root = ET.fromstring(to_itt(captions, "zh-Hans", fps))
    assert (root.get(f"{TTP}timeBase"), root.get(f"{TTP}frameRate"), root.get(f"{TTP}frameRateMultiplier"),
            root.get(f"{TTP}dropMode")) == ("smpte", rate, multiplier, "nonDrop")
    real = int(rate) * (1000 / 1001 if multiplier == "1000 1001" else 1)
    last = -1.0
    for caption, p in zip(captions, root.findall(".//{http://www.w3.org/ns/ttml}p")):
        for stamp, ms in ((p.get("begin"), caption.start_ms), (p.get("end"), caption.end_ms)):
            h, m, sec, frame = map(int, re.fullmatch(r"(\d\d):(\d\d):(\d\d):(\d\d)", stamp).groups())
            assert frame < int(rate)
            seconds = ((h * 60 + m) * 60 + sec + frame / int(rate)) * int(rate) / real
            assert abs(seconds - ms / 1000) <= 1 / real
            assert seconds > last
            last = seconds


def test_ffmpeg_reads_the_srt(tmp_path):
    path = tmp_path / "a.srt"
    path.write_bytes(to_srt(CAPTIONS))
    out = tmp_path / "a.ass"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), str(out)], check=True)
    assert "Claude Code代表的To B" in out.read_text(encoding="utf-8")


BAD = """1
00:00:00,000 --> 00:00:00,500
太短了，

2
00:00:00,520 --> 00:00:09,000
这一行有十七个字符这一行有十七个字
第二行
第三行

3
00:00:09,200 --> 00:00:10,300
这一行很快很快很快很快很快很快很快很快

4
00:00:10,000 --> 00:00:12,000
<i>重叠</i>...
"""


def test_checker_lists_every_broken_rule():
    found = check_text(BAD, typed(LayoutRules), typed(TimingRules))
    by_cue = {(v.cue, v.rule) for v in found}
    assert {(1, "duration-min"), (1, "punctuation"), (2, "gap-min"), (2, "duration-max"),
            (2, "line-count"), (2, "line-length"), (3, "gap-close"), (3, "reading-speed"),
            (4, "overlap"), (4, "markup"), (4, "run-on-mark")} <= by_cue


def test_checker_cli_exit_codes(tmp_path, capsys):
    good, bad, gbk = tmp_path / "good.srt", tmp_path / "bad.srt", tmp_path / "gbk.srt"
    good.write_bytes(to_srt(CAPTIONS))
    bad.write_text(BAD, encoding="utf-8")
    gbk.write_bytes(BAD.encode("gbk"))
    assert main([str(good)]) == 0
    assert main([str(good), str(bad)]) == 1
    assert "cue 2: line-count: 3" in capsys.readouterr().out
    assert main([str(gbk)]) == 2
    assert f"{gbk}:3: not valid utf-8" in capsys.readouterr().err
    # A phrase-break finding is a warning: listed, and a failure only with --strict.
    split = tmp_path / "split.srt"
    split.write_text("1\n00:00:01,000 --> 00:00:04,000\n他的团队则把\n目光投向了家用与养老市场\n", encoding="utf-8")
    assert main([str(split)]) == 0
    assert "cue 1: warning: line-break: lines 1–2: preposition+object" in capsys.readouterr().out
    assert main([str(split), "--strict"]) == 1


@pytest.mark.parametrize("fps, gap_ms, rule", [(24, 83, None), (24, 125, "gap-close"), (24, 500, None), (25, 80, None)])
def test_gap_rules_follow_the_frame_rate(fps, gap_ms, rule):
    text = to_srt([Caption(0, 2000, ("一",)), Caption(2000 + gap_ms, 4000, ("二",))]).decode()
    found = [v.rule for v in check_text(text, typed(LayoutRules), replace(typed(TimingRules), fps=fps))]
    assert found == ([rule] if rule else [])


def test_turns_are_marked_the_way_each_format_does_it(tmp_path):
    turns = [Caption(0, 2000, ("（姚顺雨）我先说", "两点"), True), Caption(2100, 4000, ("第二点",)),
             Caption(4100, 6000, ("唐杰：好的",), True)]     # subcast's label, and one from elsewhere
    srt_text = to_srt(turns).decode()
    assert [s.content.split("\n")[0] for s in srt.parse(srt_text)] == ["（姚顺雨）我先说", "第二点", "唐杰：好的"]
    path = tmp_path / "turns.vtt"
    path.write_bytes(to_vtt(turns, "zh-Hans"))
    assert [c.voice for c in webvtt.read(str(path))] == ["姚顺雨", "姚顺雨", "唐杰"]
    assert not re.search("[：（）]", "".join(c.text for c in webvtt.read(str(path))))
    root = ET.fromstring(to_itt(turns, "zh-Hans"))
    ttm = "{http://www.w3.org/ns/ttml#metadata}"
    names = {a.get("{http://www.w3.org/XML/1998/namespace}id"): a.find(f"{ttm}name").text for a in root.iter(f"{ttm}agent")}
    said = [names[p.get(f"{ttm}agent")] for p in root.iter("{http://www.w3.org/ns/ttml}p")]
    assert said == ["姚顺雨", "姚顺雨", "唐杰"]
    assert list(root.find("{http://www.w3.org/ns/ttml}head"))[0].tag.endswith("metadata")
    # A single narrator: no labels, no voices.
    plain = tmp_path / "plain.vtt"
    plain.write_bytes(to_vtt(CAPTIONS, "zh-Hans"))
    assert all(c.voice is None for c in webvtt.read(str(plain)))


def test_markup_characters_come_back_from_every_format_as_written(tmp_path):
    import html

    text = ["延迟要压到<100毫秒", "研发&生产 >90%"]
    captions = [Caption(1000, 3000, text)]
    written = to_srt(captions).decode("utf-8")
    srt_back = list(srt.parse(written))[0].content.split("\n")
    # SRT has no escape and readers take <…> for a tag: the signs are shown full-width, and
    # pysrt (which strips tags) gives back every character, & included.
    assert srt_back == ["延迟要压到＜100毫秒", "研发&生产 ＞90%"]
    assert pysrt.from_string(written)[0].text_without_tags.split("\n") == srt_back
    vtt_path = tmp_path / "a.vtt"
    vtt_path.write_bytes(to_vtt(captions, "zh-Hans"))
    raw = vtt_path.read_text(encoding="utf-8")
    assert "<100" not in raw and "&生产" not in raw             # a bare < would open a tag
    assert [html.unescape(line) for line in webvtt.read(str(vtt_path))[0].text.split("\n")] == text
    root = ET.fromstring(to_itt(captions, "zh-Hans"))           # XML: the parser resolves the references
    paragraph = root.find(".//{http://www.w3.org/ns/ttml}p")
    assert "".join(paragraph.itertext()).replace("\n", "") == "".join(text)


def test_a_thousands_separator_is_no_comma_shown(tmp_path):
    """「12,000台」 is how the subtitles keep an author's number (README); 「好的,我们」 is a comma."""
    def srt_of(line):
        return f"1\n00:00:01,000 --> 00:00:03,000\n{line}\n\n"
    layout, timing = typed(LayoutRules), typed(TimingRules)
    assert [v.rule for v in check_text(srt_of("今年卖出了12,000台"), layout, timing)] == []
    assert [v.rule for v in check_text(srt_of("好的,我们开始"), layout, timing)] == ["punctuation"]


def test_a_speaker_label_is_read_and_counts_in_the_reading_speed():
    """「（姚顺雨）」 is on screen: 15 characters in 1.5 s is 10 a second, over the 9 allowed,
    though the words alone would be 6.7."""
    cue = "1\n00:00:01,000 --> 00:00:02,500\n（姚顺雨）今天我们先聊分化问题\n\n"
    found = [v.rule for v in check_text(cue, typed(LayoutRules), typed(TimingRules))]
    assert found == ["reading-speed"], found
