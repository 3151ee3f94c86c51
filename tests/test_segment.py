"""Segmentation as a subtitle editor sees it: line lengths, breaks, merges and splits."""
from dataclasses import replace

import pytest
import srt
from datetime import timedelta

from conftest import SEEDS
from subcast.checker import check_text
from subcast.config import subtitle_settings, typed
from subcast.segment import LayoutRules
from subcast.subtitles import make_cues
from subcast.timing import TimingRules
from subcast.tokens import display_width


def cues_for(tmp_path, text, config, shape="lines", variants=None):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    cues, _, _ = make_cues(str(path), shape, "utf-8", subtitle_settings(config), variants)
    return cues


def as_srt(cues, tag="zh-Hans"):
    return srt.compose([srt.Subtitle(i, timedelta(milliseconds=c.start_ms), timedelta(milliseconds=c.end_ms),
                                     "\n".join(c.lines[tag])) for i, c in enumerate(cues, 1)])


@pytest.fixture(scope="module")
def seed_001_cues(config):
    cues, _, _ = make_cues(str(SEEDS["001"]), "lines", "utf-8", subtitle_settings(config), config["variants"])
    return cues


def test_every_line_fits_and_one_line_is_used_when_it_fits(seed_001_cues):
    for cue in seed_001_cues:
        for lines in cue.lines.values():
            assert 1 <= len(lines) <= 2
            assert all(display_width(line) <= 16 for line in lines), lines
            if len(lines) == 2:
                assert display_width(" ".join(lines)) > 16
    # Bottom-heavy is a preference below the phrase rules (Netflix: "when multiple line break
    # options present themselves"): most two-line cues have it, not all.
    two = [c.lines["zh-Hans"] for c in seed_001_cues if len(c.lines["zh-Hans"]) == 2]
    heavy = sum(display_width(a) > display_width(b) for a, b in two)
    assert heavy < 0.35 * len(two), (heavy, len(two))


def test_no_name_number_or_latin_term_is_cut(seed_001_cues, config):
    # Every line and cue boundary, marked with "|", must fall outside protected terms.
    stream = "|".join("|".join(c.lines["zh-Hans"]) for c in seed_001_cues).replace(" ", "")
    terms = list(config["subtitles"]["names"]) + ["ClaudeCode", "Opus4.5", "2026年", "10到20倍", "ToC", "ToB"]
    for term in terms:
        for i in range(1, len(term)):
            assert f"{term[:i]}|{term[i:]}" not in stream, term
    assert "Claude Code" in " ".join(" ".join(c.lines["zh-Hans"]) for c in seed_001_cues)


def test_seed_cues_pass_the_checker_in_every_variant(seed_001_cues, config):
    for tag in config["variants"]:
        assert check_text(as_srt(seed_001_cues, tag), typed(LayoutRules), typed(TimingRules),
                          frozenset(config["subtitles"]["names"]), tag) == [], tag


def test_cue_text_keeps_every_spoken_character_in_order(seed_001_cues, config):
    spoken = "".join(c.spoken for c in seed_001_cues)
    source = "".join(line.strip() for line in SEEDS["001"].read_text(encoding="utf-8").splitlines())
    for wrong, right in config["subtitles"]["corrections"].items():   # the configured typo fixes
        source = source.replace(wrong, right)
    keep = lambda s: "".join(ch for ch in s if ch.isalnum())  # noqa: E731
    assert keep(spoken) == keep(source)


@pytest.mark.parametrize("text, together", [
    ("香港科技大学荣休教授杨强院士的加持\n", "杨强院士"),                 # a name and its title
    ("我们先从第一个比较有意思的话题聊起来\n", "比较有意思"),            # an adverb and its head
    ("感觉这一波好像跟隔壁学校在AI这一波拉开差距了\n", "隔壁学校"),     # a modifier and its noun
    ("张立平研究员特地从上海赶过来参加了这次会议\n", "特地从上海"),     # an adverb jieba tags a noun
    ("今天想跟大家聊聊我们团队这几年做的一个实时语音翻译系统\n", "这几年"),   # a demonstrative and its count
    ("后来我们团队的同事一起看了一部电影叫流浪地球\n", "看了一部电影"),       # a verb and how much of what
    ("只是在某些特定的条件下面它确实更稳定一些\n", "条件下面"),             # a place phrase and its locative
    ("最后我想说的是做技术的人一定要对用户保持敬畏\n", "说的是"),            # a 的-phrase and its 是
    ("很多人一听到我在屋顶上养蜜蜂第一反应就是这东西会不会蜇人会不会被邻居投诉然后就不敢往下问了\n", "第一反应"),
    ("后来林老师送了我一本书叫《蜜蜂的民主》\n", "送了我一本书"),             # a verb and whom it gives to
    ("有一天我的师傅林国栋老师带我去他家屋顶看蜂箱\n", "我的师傅林国栋老师"),   # a role and the name
    ("蜜蜂的采集半径一般在1.5到3公里之间所以周围的花很重要\n", "一般在"),      # an adverb and its head
    ("最后我们的论文题目叫《面向会议场景的低延迟语音翻译》\n", "《面向会议场景的低延迟语音翻译》"),  # a title whole
    ("他在好几个城市的菜市场里蹲了差不多三年时间就为了写这一本书\n", "好几个城市"),   # an approximate count
    ("晚上的公交要是能开到11点以后大家会更愿意出门逛一逛\n", "11点"),             # a number and its unit
    ("把这些零碎的小事单拎出来看好像都不是什么了不起的问题\n", "单拎"),             # two characters of one word
    ("我们规定每一单的配送费用<5元否则平台就要拿钱补贴给骑手\n", "费用<5元"),       # a comparison
    ("那个时候我们就是有什么问题都在群里说一声大家马上就去处理\n", "什么问题"),     # 什么 and its noun
])
def test_lines_never_split_a_phrase(tmp_path, config, text, together):
    cues = cues_for(tmp_path, text, config)
    lines = [line.replace(" ", "") for c in cues for line in c.lines["zh-Hans"]]
    assert any(together in line for line in lines), lines


def test_a_phrase_the_script_breaks_across_lines_is_never_cut_between_cues(tmp_path, config):
    """A script line that ends on a title (its name on the next line) or on 的 (its noun on the
    next line) is one phrase: no cue ends there, and it is shown without the line end's space;
    words jieba glues wrongly (天气冷想 吃) or reads as two verbs (自主 学习) are not cut."""
    settings = subtitle_settings(config)
    settings["front_end"] = {**settings["front_end"], "names": ["王立"]}
    path = tmp_path / "t.txt"
    path.write_text("这次还请到了储能领域的开创者、江南理工大学荣休教授\n王立院士的加持\n"
                    "这是一个重要的问题\n对于大家最关心的\n2027年能不能看到固态电池的明确信号\n"
                    "比如今天天气冷想吃暖和的、出门要带什么\n我们现在自主学习的进度也越来越快了\n",
                    encoding="utf-8")
    cues, _, _ = make_cues(str(path), "lines", "utf-8", settings)
    shown = [c.lines["zh-Hans"] for c in cues]
    ends = [lines[-1] for lines in shown]
    assert not any(end.endswith(("教授", "的")) for end in ends), shown
    flat = "|".join("|".join(lines) for lines in shown)
    assert "教授王立" in flat.replace("|", "") and "最关心的2027年" in flat.replace("|", ""), shown
    # A clause ending on a title and the next opening on a name (王立的课堂…) are two phrases.
    path.write_text("他们请来专家集中培训本地老师\n王立的课堂也变了\n", encoding="utf-8")
    cues, _, _ = make_cues(str(path), "lines", "utf-8", settings)
    shown = " / ".join(" ".join(c.lines["zh-Hans"]) for c in cues)
    assert "老师王立" not in shown, shown
    for term in ("想吃", "自主学习", "王立院士"):
        assert term in flat, shown


def test_an_unpunctuated_clause_boundary_is_where_a_cue_ends(tmp_path, config):
    """A run-on line with no comma: the cue ends before 因为 (the clause the speaker did not
    punctuate), not inside a phrase."""
    cues = cues_for(tmp_path, "我们下个月要去三个城市做路演因为那边的客户一直想当面看看我们的新机器人\n", config)
    assert [c.lines["zh-Hans"][0] for c in cues][1].startswith("因为"), [c.lines["zh-Hans"] for c in cues]


def test_a_run_on_turn_is_cut_at_its_clauses(tmp_path, config):
    """A verbatim turn with no comma for 60 characters: the cues and lines end where its
    clauses do (after a modal particle, before 而是, before a subject after a place word), and
    the speech running on from one cue into the next does not make a cue end unfittable."""
    text = ("**主持人：** 昨天呢天气特别好啊我们这次活动没有安排在礼堂里而是直接搬到了学校操场的东边上"
            "大家都能看到我旁边就是正在排队领水的那些学生。\n")
    cues = cues_for(tmp_path, text, config, shape="paragraphs")
    breaks = "|".join("|".join(c.lines["zh-Hans"]) for c in cues)
    for boundary in ("特别好啊|我们", "礼堂里|而是", "东边上|大家"):
        assert boundary in breaks, breaks
    assert "搬到了学校操场" in breaks, breaks
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []


def test_unpunctuated_clauses_open_where_a_subject_or_a_time_frame_does(tmp_path, config):
    """A turn with no comma for 120 characters: a cue does not end on the next clause's first
    words (…好几年我们发现 / …), a pronoun with a time or an adverb after a verb opens a clause
    (一直在跑 / 他每个礼拜都…), 那时候 leads into its clause, and a one-character place word
    stays with its noun (他们镇 / 卫生院, not 镇 / 卫生院)."""
    text = ("**赵倩：**\n我们跟他们镇卫生院的几位医生合作了好几年我们发现老人最需要的不是药而是有人定期上门看看"
            "这个事情我们团队里的小李这两年一直在跑他每个礼拜都骑车去山里给老人量血压那时候我们谁都没想到"
            "这么简单的事能让住院的人少了一半。\n")
    cues = cues_for(tmp_path, text, config, shape="paragraphs")
    shown = [c.lines["zh-Hans"] for c in cues]
    ends = ["".join(lines) for lines in shown]
    breaks = "|".join("|".join(lines) for lines in shown)
    assert not any(end.endswith(("我们发现", "那时候", "他每个礼拜")) for end in ends), shown
    assert any(cue.startswith("我们发现") for cue in ends), shown
    assert "一直在跑|他每个礼拜" in breaks or "一直在跑他" not in breaks, shown
    for word in ("卫生院", "好几年", "那时候"):
        assert word in breaks, shown
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []


def test_a_script_that_punctuates_its_lines_shows_a_space_only_at_its_marks(tmp_path, config):
    """A narration script with its own commas: a line ending without a mark is inside a phrase
    (已经开到了 / 三十个城市), shown with no space and no pause; one phrase a line with no marks
    at all (seed 001's shape) keeps a space at each line's end."""
    marked = ("二零二五年九月，\n成都的一个下午。\n他自己的品牌，\n已经开到了\n三十个城市。\n"
              "南方顾客爱吃\n辣的、甜的，\n和酸的。\n去年一年，\n门店的流水\n是一亿出头。\n")
    shown = " / ".join(" / ".join(c.lines["zh-Hans"]) for c in cues_for(tmp_path, marked, config))
    assert "已经开到了30个城市" in shown and "南方顾客爱吃辣的" in shown and "门店的流水是1亿出头" in shown, shown
    assert "2025年9月 成都的一个下午" in shown, shown
    bare = "他自己的品牌\n已经开到了\n三十个城市\n去年一年\n门店的流水\n是一亿出头\n"
    shown = " / ".join(" / ".join(c.lines["zh-Hans"]) for c in cues_for(tmp_path, bare, config))
    assert "已经开到了 30个城市" in shown, shown


def test_a_book_title_stays_in_one_cue_and_no_cue_ends_on_an_opening_mark(tmp_path, config):
    text = ("**主持人：** 所以我特别推荐大家回去以后找来看一本书叫《城市的夜晚为什么更有温度》（The Warm City）"
            "是两个社会学家合写的。另一个是咖啡馆（或者说那种社区的小书房）大家可以认为都是第三空间。\n")
    cues = cues_for(tmp_path, text, config, shape="paragraphs")
    shown = [c.lines["zh-Hans"] for c in cues]
    for lines in shown:
        assert not lines[-1].endswith(("《", "（", "“")), shown
        assert "".join(lines).count("《") == "".join(lines).count("》"), shown
    assert "一本书" in "|".join("|".join(lines) for lines in shown), shown


def test_a_book_title_keeps_its_numerals(tmp_path, config):
    cues = cues_for(tmp_path, "我推荐一本书叫《给孩子的物理实验一百例》\n里面有一百个实验 三年级就能做\n", config)
    shown = "|".join("|".join(c.lines["zh-Hans"]) for c in cues)
    assert "《给孩子的物理实验一百例》" in shown and "100个实验" in shown, shown


def test_a_time_frame_leads_into_its_clause_and_a_titled_person_opens_one(tmp_path, config):
    """「到了前年 / 这个比例…」: a time frame is not left at a cue's end; 「孙馆长想了想」 (a
    surname and a title the config does not list) begins the next sentence, not this cue's end."""
    text = ("她带来了一组数字\n2018年 全市图书借阅量\n大概是每人两本左右\n到了前年\n这个数字升到了五本\n"
            "王站长说 希望读者再多一点\n投诉再少一点\n孙馆长想了想\n说只要孩子们还愿意来就行\n"
            "她还说未来3到5年\n每个街道都要有一家这样的书屋\n")
    shown = ["".join(c.lines["zh-Hans"]) for c in cues_for(tmp_path, text, config)]
    assert not any(cue.endswith(("到了前年", "3到5年")) for cue in shown), shown
    assert any(cue.startswith("孙馆长想了想") for cue in shown), shown


def test_a_new_speaker_taking_the_floor_opens_a_cue(tmp_path, config):
    """「…未来仍然大有可为 / 周明远院士则从储能的角度」: the narration passes to the next speaker;
    their first words open the next cue, not end this one."""
    import copy

    config = copy.deepcopy(config)
    config["subtitles"]["names"] = config["subtitles"]["names"] + ["周明远"]
    cues = cues_for(tmp_path, "但是只要电池和电网结合得更好\n未来仍然大有可为\n周明远院士则从储能的角度\n"
                              "给出了新的思考\n", config)
    shown = ["".join(c.lines["zh-Hans"]) for c in cues]
    assert not any("大有可为" in cue and "周明远" in cue for cue in shown), shown


def test_short_phrases_merge_and_lines_break_between_phrases(tmp_path, config):
    # A lead-in stays on the line of what it leads into; lines break between phrases.
    cues = cues_for(tmp_path, "后来\n整个城市的公交系统\n都换成了安静的电动车\n", config)
    lines = [line for c in cues for line in c.lines["zh-Hans"]]
    assert "后来 整个城市的公交系统" in lines and "都换成了安静的电动车" in lines, lines
    cues = cues_for(tmp_path, "所以今天\n我们去深圳的机器人博览会看看\n", config)
    assert [c.lines["zh-Hans"] for c in cues] == [["所以今天", "我们去深圳的机器人博览会看看"]]


def test_full_stops_and_commas_show_as_spaces_inside_and_nothing_at_the_end(tmp_path, config):
    cues = cues_for(tmp_path, "大家好。我是主持人，欢迎！\n", config)
    assert [c.lines["zh-Hans"] for c in cues] == [["大家好 我是主持人 欢迎！"]]


def test_a_300_character_line_without_punctuation_is_split_into_valid_cues(tmp_path, config):
    sentence = "人工智能模型在真实世界的应用场景里需要持续学习新的知识并且保持已有能力不退化"
    text = (sentence * 8)[:300]
    cues = cues_for(tmp_path, text + "\n", config)
    assert len(cues) >= 10
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []
    assert "".join("".join(c.lines["zh-Hans"]) for c in cues).replace(" ", "") == text


def test_a_latin_title_wider_than_a_line_breaks_at_its_spaces(tmp_path, config):
    cues = cues_for(tmp_path, "他说Very High Level Programming Language会出现\n", config)
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []


def test_a_token_wider_than_a_line_breaks_at_its_punctuation_with_a_warning(tmp_path, config):
    text = ("第一行\n详见 https://baoyu.io/blog/2026/01/10/china-ai-roundtable 原文\n"
            "网址是Supercalifragilisticexpialidociousandmorewords\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    cues, warnings, _ = make_cues(str(path), "lines", "utf-8", subtitle_settings(config))
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []
    shown = "".join("".join(c.lines["zh-Hans"]) for c in cues).replace(" ", "")
    assert "baoyu.io/blog/2026/01/10/china-ai-roundtable" in shown   # every character, in order
    lines = [line for c in cues for line in c.lines["zh-Hans"]]
    assert any(line.endswith("/") for line in lines)                # broken after its own slashes
    assert [w.split(": ", 1)[0] for w in warnings if "wider than a subtitle line" in w] == [
        f"{path}:2", f"{path}:3"]


def test_corrections_from_config_fix_what_is_shown_and_said_and_are_reported(tmp_path, config):
    path = tmp_path / "t.txt"
    path.write_text("那个时侯我们还很年轻\n", encoding="utf-8")
    cues, warnings, _ = make_cues(str(path), "lines", "utf-8", subtitle_settings(
        {**config, "subtitles": {**config["subtitles"], "corrections": {"时侯": "时候"}}}))
    assert "时候" in cues[0].lines["zh-Hans"][0] and "时候" in cues[0].spoken
    assert warnings == [f"{path}:1: corrected '时侯' to '时候' (subtitles.corrections)"]


def test_speaker_labels_open_each_turn_and_count_in_the_width(tmp_path, config):
    text = ("**主持人（广密）：**\n大家好，欢迎来到今天的圆桌，我们先请每位嘉宾简单介绍一下自己。\n\n"
            "**姚顺雨：**\n谢谢。我先说两点，第一点是模型会分化，第二点是To B和To C的差别会越来越大。\n\n"
            "**林俊旸：**\n我补充一句。\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    cues, _, _ = make_cues(str(path), "paragraphs", "utf-8", subtitle_settings(config), speaker_labels=True)
    firsts = [c.lines["zh-Hans"][0] for c in cues if c.labelled]
    assert [line[1:].split("）")[0] for line in firsts] == ["广密", "姚顺雨", "林俊旸"]
    assert all(line.startswith("（") for line in firsts)
    assert all(not c.lines["zh-Hans"][0].startswith(("（姚顺雨）", "（林俊旸）")) for c in cues if not c.labelled)
    assert check_text(as_srt(cues), typed(LayoutRules), typed(TimingRules)) == []
    plain, _, _ = make_cues(str(path), "paragraphs", "utf-8", subtitle_settings(config))
    assert not any(c.labelled or "（广密）" in "".join(c.lines["zh-Hans"]) for c in plain)


def test_paragraph_transcripts_skip_labels_and_keep_speakers(tmp_path, config):
    text = "**Title: 圆桌**\n\n**主持人（广密）：**\n大家好，欢迎。我们开始吧！\n\n**姚顺雨：**\n谢谢。我先说两点。\n"
    cues = cues_for(tmp_path, text, config, shape="paragraphs")
    shown = " ".join(" ".join(c.lines["zh-Hans"]) for c in cues)
    assert "Title" not in shown and "姚顺雨" not in shown and "主持人" not in shown
    assert {c.speaker for c in cues} == {"主持人（广密）", "姚顺雨"}
    assert all("，" not in line and "。" not in line for c in cues for line in c.lines["zh-Hans"])
    assert "！" in shown  # kept on screen


def test_front_matter_is_not_subtitled_and_quotes_are_the_mainlands(tmp_path, config):
    """时间：…, 地点：… before the first speaker's label are nobody's speech. A zh-Hans
    transcript's straight quotes and corner quotes are shown as “” (GB/T 15834); the Taiwan
    variant shows 「」."""
    text = ("# 圆桌速记\n\n时间：2025年9月17日 下午\n地点：成都·南湖会展中心\n\n---\n\n**主持人（周敏）：**\n\n"
            "今天的题目叫「小店出海」。大家都在说\"出海\"，但是海外不是一个市场。\n")
    variants = {"zh-TW": config["variants"]["zh-TW"]}
    cues = cues_for(tmp_path, text, config, shape="paragraphs", variants=variants)
    shown = " / ".join(" / ".join(c.lines["zh-Hans"]) for c in cues)
    assert "时间" not in shown and "地点" not in shown, shown
    assert "“小店出海”" in shown and "“出海”" in shown and '"' not in shown and "「" not in shown, shown
    assert "「出海」" in " / ".join(" / ".join(c.lines["zh-TW"]) for c in cues)


def test_a_compound_title_and_a_preposition_s_place_stay_whole(tmp_path, config):
    """联合 / 创始人 and 创始人 / 兼CEO cut one title; 往 / 东南亚 cuts a preposition from its place."""
    text = ("**主持人（周敏）：**\n\n坐在我右手边的是成都南湖餐饮集团的联合创始人兼首席执行官刘晓雯刘总，"
            "这也是为什么这两年大家都在往东南亚和中东去找新的门店位置。\n")
    breaks = "|".join("|".join(c.lines["zh-Hans"]) for c in cues_for(tmp_path, text, config, shape="paragraphs"))
    for whole in ("联合创始人", "创始人兼首席执行官", "往东南亚"):
        assert whole in breaks, breaks


def test_a_label_opening_the_turns_line_names_its_speaker_and_is_not_said(tmp_path, config):
    # 「**王琳：** 好…」 and a plain 「陈建国：我…」 that opens several turns; 注意：… opens one and is text.
    text = ("**王琳：** 好那我们就开始吧，先请陈会长。\n\n陈建国：我叫陈建国，卖了十八年炸串。\n\n"
            "**周文涛**：我补充一句。\n\n陈建国：对。\n\n注意：这是现场记录。\n")
    path = tmp_path / "t.md"
    path.write_text(text, encoding="utf-8")
    cues, _, _ = make_cues(str(path), "paragraphs", "utf-8", subtitle_settings(config), speaker_labels=True)
    assert [c.speaker for c in cues if c.labelled] == ["王琳", "陈建国", "周文涛", "陈建国"]
    assert [c.lines["zh-Hans"][0].split("）")[0] for c in cues if c.labelled] == ["（王琳", "（陈建国", "（周文涛", "（陈建国"]
    spoken = "".join(c.spoken for c in cues)
    assert "王琳" not in spoken and "周文涛" not in spoken and "**" not in spoken
    assert "注意" in spoken and cues[-1].speaker == "陈建国"


def test_the_rooms_laughter_and_applause_are_not_subtitled(tmp_path, config):
    text = "**陈默：** 一个是我妈（笑），一个是隔壁卖五金的大哥（全场笑）。\n\n**周敏：** 谢谢陈老师（掌声）。\n"
    cues = cues_for(tmp_path, text, config, shape="paragraphs")
    shown = "".join("".join(c.lines["zh-Hans"]) for c in cues)
    assert "笑" not in shown and "掌声" not in shown and "大哥" in shown and "谢谢陈老师" in shown, shown


def test_a_different_frame_rate_and_line_length_are_honoured(tmp_path, config):
    import copy
    cfg = copy.deepcopy(config)
    cfg["subtitles"]["layout"]["max_chars_per_line"] = 12
    cfg["subtitles"]["timing_rules"]["fps"] = 25
    path = tmp_path / "t.txt"
    path.write_text(SEEDS["001"].read_text(encoding="utf-8")[:1500], encoding="utf-8")
    cues, _, _ = make_cues(str(path), "lines", "utf-8", subtitle_settings(cfg), cfg["variants"])
    layout, timing = replace(typed(LayoutRules), max_chars_per_line=12), replace(typed(TimingRules), fps=25)
    phrase_rules = {"line-break", "cue-break", "stranded-opener"}  # 12 characters leave fewer good breaks
    assert [v for v in check_text(as_srt(cues), layout, timing) if v.rule not in phrase_rules] == []
    assert all(c.start_ms % 40 == 0 for c in cues)  # on the 25 fps frame grid
