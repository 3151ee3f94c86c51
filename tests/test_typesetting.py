"""Chinese subtitles as a subtitler reads them: breaks between phrases, marks at the right
ends of lines, approximations in Chinese numerals, 「」 and unconverted names in the
traditional variants. The checker is tried on cues made bad on purpose; the segmenter on
short narrations written for these tests (a robotics fair, a cooking class), not the seeds."""
import re
from datetime import timedelta

import pysrt
import pytest
import srt

from subcast.checker import Rules, check_text
from subcast.config import subtitle_settings, typed
from subcast.segment import LayoutRules
from subcast.subtitles import make_cues
from subcast.timing import TimingRules

NAMES = frozenset({"周明远", "陈思琪"})


def srt_of(*cues: str) -> str:
    """Cues as SRT, 3.5 s each, 0.5 s apart; "/" separates the lines of a cue."""
    return srt.compose([srt.Subtitle(i, timedelta(seconds=4 * i), timedelta(seconds=4 * i + 3.5), cue.replace("/", "\n"))
                        for i, cue in enumerate(cues, 1)])


def rules_found(*cues: str, variant: str | None = None, converted: dict | None = None) -> dict[int, set[str]]:
    found = check_text(srt_of(*cues), typed(LayoutRules), typed(TimingRules), NAMES, variant, converted)
    out: dict[int, set[str]] = {}
    for v in found:
        out.setdefault(v.cue, set()).add(v.rule if v.rule not in ("line-break", "cue-break") else
                                         f"{v.rule}: {v.value.split(':')[1].strip() if v.rule == 'line-break' else v.value.split(':')[0]}")
    return out


@pytest.mark.parametrize("cue, rule", [
    ("展会上最受欢迎的是周明远/院士带来的机械手", "line-break: name+title"),
    ("他的团队则把/目光投向了家用市场", "line-break: preposition+object"),
    ("这台机器人/的续航时间很长", "line-break: particle at line start"),
    ("场馆里一共有三千/台设备同时运转", "line-break: number+measure"),
    ("换电站其实也可能是27/年最关键的设施", "line-break: word split"),        # a number and its unit
    ("大家都觉得很好但是/价格还是太贵", "line-break: conjunction at line end"),
    ("参观的人说展品很多（/也有人说太挤）", "line-end-mark"),
    ("这是第一次/、也是最后一次", "line-start-mark"),
    ("每台样机每天能搬8 9个箱子", "approximation"),
    ("我们看完了机械臂 最后", "stranded-opener"),
    ("演示一直很顺利 展会结束后", "stranded-opener"),
    ("今天的嘉宾一共五位、来自三个城市", "punctuation"),
])
def test_the_checker_names_each_typesetting_fault(cue, rule):
    assert rule in rules_found(cue).get(1, set())


def test_the_checker_reads_a_cue_boundary_as_a_break_too():
    found = rules_found("上午的演示里他们则把", "机械手放进了厨房")
    assert "cue-break: preposition+object" in found.get(1, set())


def test_traditional_variants_want_corner_quotes_and_names_in_their_own_characters():
    cue = "周明远說：“明年量產”/陈思杰補充了細節"
    assert "quotes" in rules_found(cue, variant="zh-TW").get(1, set())
    assert "quotes" not in rules_found(cue, variant="zh-Hans").get(1, set())
    wrong = Rules(typed(LayoutRules), typed(TimingRules), people=frozenset({"周明远", "陈思杰"})).converted_names("zh-TW")
    # 杰 is a traditional character too (Big5): OpenCC's 傑 is wrong in a name; 远 and 陈 are not.
    assert wrong == {"周明远": "周明遠", "陳思傑": "陳思杰", "陈思杰": "陳思杰"}
    assert "name-form" in rules_found(cue, variant="zh-TW", converted=wrong).get(1, set())


def test_well_set_cues_pass():
    found = rules_found("展会上最受欢迎的/是周明远院士带来的机械手", "他的团队则把目光/投向了家用与养老市场",
                        "这台机器人的续航时间很长", "每台样机每天能搬八九个箱子", "参观的人说展品很多/（也有人说太挤）")
    assert found == {}


ROBOTICS = """\
各位观众晚上好
今年的机器人博览会
在深圳会展中心举行
来自二十多个国家的三百家企业
带来了各自最新的产品
其中最受关注的
是周明远院士团队研发的家用机械手
它可以在厨房里完成切菜、洗碗和整理餐具等任务
展会结束后
不少观众在社交媒体上分享了自己的体验
比如有人说
这台机械手的动作比想象中还要灵活
陈思琪则把目光投向了养老市场
她认为
未来三到五年
陪护机器人会走进普通家庭
最后
我们再来看看价格
"""


@pytest.fixture(scope="module")
def robotics_cues(config, tmp_path_factory):
    path = tmp_path_factory.mktemp("robotics") / "robotics.txt"
    path.write_text(ROBOTICS, encoding="utf-8")
    settings = subtitle_settings(config)
    settings["front_end"] = {**settings["front_end"], "names": sorted(NAMES)}
    variants = {tag: {**v, "keep": sorted(NAMES)} for tag, v in config["variants"].items()}
    cues, _, _ = make_cues(str(path), "lines", "utf-8", settings, variants)
    return cues


def test_a_narration_is_cut_between_phrases_and_passes_the_checker(robotics_cues, config):
    for tag in config["variants"]:
        text = srt.compose([srt.Subtitle(i, timedelta(milliseconds=c.start_ms), timedelta(milliseconds=c.end_ms),
                                         "\n".join(c.lines[tag])) for i, c in enumerate(robotics_cues, 1)])
        assert check_text(text, typed(LayoutRules), typed(TimingRules), NAMES, tag) == [], tag
    shown = [" / ".join(c.lines["zh-Hans"]) for c in robotics_cues]
    # The next sentence's first words open a cue; a lead-in goes with what it leads into.
    assert not any(cue.endswith((" 展会结束后", " 最后", " 她认为", " 比如有人说")) for cue in shown), shown
    starts = [cue.split(" / ")[0] for cue in shown]
    assert any(s.startswith("展会结束后") for s in starts) and any(s.startswith("最后") for s in starts), shown
    # Names in their own characters: 陈思琪 → 陳思琪 (陈 is not a traditional character).
    assert any("陳思琪" in " ".join(c.lines["zh-TW"]) for c in robotics_cues)
    # A list shown with spaces, never 、 (spec: 、 inside a cue becomes a space).
    assert not any("、" in cue for cue in shown) and any("切菜 洗碗" in cue or "切菜 / 洗碗" in cue for cue in shown), shown


HELD_OUT = """\
**主持人（周明远）：**
欢迎来到《智能制造》节目.今天我们请到了陈思琪,她刚从“世界机器人大会”回来；
陈思琪，先说说你的看法？

**陈思琪：**
谢谢!我觉得今年最大的变化是延迟：很多厂商把响应压到<100毫秒,研发&生产也连在了一起（尤其是汽车行业）。
我们团队在《机器人学报》上写过，“快”不等于“好”。
"""


def test_a_transcript_with_quotes_titles_brackets_and_markup_comes_out_clean_everywhere(tmp_path, config):
    import html
    import xml.etree.ElementTree as ET

    import webvtt

    from subcast.writers import Caption, to_itt, to_srt, to_vtt

    path = tmp_path / "held-out.txt"
    path.write_text(HELD_OUT, encoding="utf-8")
    settings = subtitle_settings(config)
    settings["front_end"] = {**settings["front_end"], "names": sorted(NAMES)}
    variants = {tag: {**v, "keep": sorted(NAMES)} for tag, v in config["variants"].items()}
    cues, _, _ = make_cues(str(path), "paragraphs", "utf-8", settings, variants, speaker_labels=True)
    for tag in variants:
        captions = [Caption(c.start_ms, c.end_ms, tuple(c.lines[tag]), c.labelled) for c in cues]
        written = [list(c.lines) for c in captions]
        srt_text = to_srt(captions).decode("utf-8")
        shown_in_srt = [[line.replace("<", "＜").replace(">", "＞") for line in lines] for lines in written]
        assert [s.content.split("\n") for s in srt.parse(srt_text)] == shown_in_srt, tag
        assert [s.text_without_tags.split("\n") for s in pysrt.from_string(srt_text)] == shown_in_srt, tag
        assert check_text(srt_text, typed(LayoutRules), typed(TimingRules), NAMES, tag) == [], tag
        vtt = tmp_path / f"{tag}.vtt"
        vtt.write_bytes(to_vtt(captions, tag))
        assert [html.unescape(c.text).split("\n") for c in webvtt.read(str(vtt))] == \
            [[line.split("）", 1)[1] if c.labelled and k == 0 else line for k, line in enumerate(c.lines)]
             for c in captions], tag
        paragraphs = ET.fromstring(to_itt(captions, tag)).iter("{http://www.w3.org/ns/ttml}p")
        assert ["".join(p.itertext()).replace("\n", "") for p in paragraphs] == \
            ["".join(line.split("）", 1)[1] if c.labelled and k == 0 else line for k, line in enumerate(c.lines))
             for c in captions], tag
        shown = "".join("".join(lines) for lines in written)
        assert "《機器人學報》" in shown or "《机器人学报》" in shown, tag  # a title kept whole, marks and all
        assert ("「快」" in shown) == (tag != "zh-Hans") and ("“快”" in shown) == (tag == "zh-Hans"), tag
        assert ("陈思琪" if tag == "zh-Hans" else "陳思琪") in shown and "<100" in shown and "&" in shown, tag
        assert not any(mark in shown for mark in ",.;!，。；、"), tag  # half-width stops are punctuation too


def test_a_quote_closes_with_its_words_and_speakers_keep_their_names(tmp_path, config):
    """「…上线。”大家…」: the closing mark is shown with the words it closes (never opening the
    next cue or line, no stop shown); the transcript's speakers are names in every variant
    (何杰 stays 何杰, not 何傑) though config lists no such people; Taiwan says 點擊."""
    text = ("**主持人（苏晴）：**\n\n欢迎何杰和陈立杰。他说：“今年一定上线。”大家都鼓掌了。\n\n"
            "**何杰：**\n\n谢谢苏晴。客户喊了一声‘停！’然后走了。我们的点击量翻了一倍。\n\n"
            "**陈立杰：**\n\n立杰导演补充一句。\n")
    path = tmp_path / "interview.txt"
    path.write_text(text, encoding="utf-8")
    variants = {tag: {**v, "keep": []} for tag, v in config["variants"].items()}
    cues, _, _ = make_cues(str(path), "paragraphs", "utf-8", subtitle_settings(config), variants, speaker_labels=True)
    for tag in variants:
        lines = [line for c in cues for line in c.lines[tag]]
        assert not any(line.startswith(("”", "’", "」", "』")) for line in lines), (tag, lines)
        assert not any("。" in line for line in lines), (tag, lines)
        assert "何杰" in "".join(lines) and "傑" not in "".join(lines), (tag, lines)   # 立杰 too
    shown = "".join(line for c in cues for line in c.lines["zh-Hans"])
    assert "今年一定上线”" in shown and "‘停！’" in shown, shown
    assert "點擊量" in "".join(line for c in cues for line in c.lines["zh-TW"])


def test_a_quotation_is_not_opened_at_the_end_of_a_cue(tmp_path, config):
    """A line 「…跟我说 “小雨」 then 「你听听这一段…」 cuts the quote's first words off from the rest."""
    path = tmp_path / "quote.txt"
    path.write_text("有一次凌晨两点，他突然转过头跟我说：“小雨，你听听这一段，是不是太轻了？”\n", encoding="utf-8")
    cues, _, _ = make_cues(str(path), "lines", "utf-8", subtitle_settings(config))
    lines = [line for c in cues for line in c.lines["zh-Hans"]]
    assert not any(re.search(r"“[^”]{0,3}$", line) for line in lines), lines


def test_a_word_opencc_rewrites_alone_does_not_run_into_its_neighbour(tmp_path, config):
    """在线|上 is 在線上 in Taiwan, not 線上上 (s2twp rewrites the word 在线 alone as 線上);
    在线教育 is still 線上教育."""
    path = tmp_path / "t.txt"
    path.write_text("大概有八成是在线上完成的\n在线教育这几年发展很快\n", encoding="utf-8")
    cues, _, _ = make_cues(str(path), "lines", "utf-8", subtitle_settings(config), config["variants"])
    shown = "|".join("|".join(c.lines["zh-TW"]) for c in cues)
    assert "在線上完成" in shown and "線上上" not in shown and "線上教育" in shown, shown
