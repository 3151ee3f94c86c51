import pytest

from conftest import ROOT
from subcast.variants import Converter, Variant


@pytest.fixture(scope="module")
def converters(config):
    import os
    os.chdir(ROOT)  # dictionary paths in the config are relative to the project
    return {tag: Converter(Variant.from_config(tag, cfg)) for tag, cfg in config["variants"].items()}


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-TW", "zh-HK"])
@pytest.mark.parametrize("text, expected_fragment", [
    ("但是只是一个开始", "但是只是"),
    ("但是只要算法更好", "但是只要"),
    ("这个方法被发明出来", "被發明"),
    ("心理发展", "心理發展"),
    ("他展示了结果", "展示了"),
    ("我们的合作伙伴", "合作夥伴"),      # OpenCC keeps 伙伴; Taiwan and Hong Kong write 夥伴
])
def test_known_opencc_faults_are_fixed_by_the_phrase_dictionary(converters, tag, text, expected_fragment):
    assert expected_fragment in converters[tag].convert(text)


def test_taiwan_keeps_jubu_and_converts_its_vocabulary(converters):
    tw = converters["zh-TW"]
    assert tw.convert("局部最优") == "局部最優"
    assert tw.convert("软件") == "軟體" and tw.convert("数据") == "資料" and tw.convert("视频") == "影片"
    # a programmer's 溢位 and 函式 only where it is programming; prose keeps 溢出, ML keeps 函數
    assert tw.convert("能力充分溢出") == "能力充分溢出" and tw.convert("奖励函数") == "獎勵函數"
    assert tw.convert("缓冲区溢出") == "緩衝區溢位"
    # a neighbourhood is 社區 (社群 online), workbooks 參考書, an area in 平方公尺
    assert tw.convert("社区的客厅") == "社區的客廳" and tw.convert("在线社区") == "線上社區"
    assert tw.convert("一楼卖教辅") == "一樓賣參考書" and tw.convert("80平米的铺面") == "80平方公尺的鋪面"


def test_a_real_measure_word_still_converts(converters):
    assert converters["zh-Hant"].convert("一只猫") == "一隻貓"


def test_master_passes_through(converters):
    assert converters["zh-Hans"].convert("软件数据") == "软件数据"


def test_a_broken_dictionary_line_is_named(tmp_path):
    from subcast.textio import InputError
    bad = tmp_path / "fixes.txt"
    bad.write_text("# comment\n但是 但是\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"fixes.txt:2: expected"):
        Converter(Variant("zh-Hant", "s2t", (str(bad),)))


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-TW", "zh-HK"])
def test_a_name_a_title_marks_keeps_its_characters(converters, tag):
    """范志杰教授 is nobody the config lists, and jieba cuts the name (范志|杰): the title marks
    it, so 范 stays 范 (not 範) and 杰 stays 杰; 清华教授 is a university's professor."""
    said = converters[tag].convert("后来范志杰教授和范老师都说，清华教授也来了。组里有个年轻人叫范志杰。")
    assert "范志杰教授" in said and "范老師" in said and "清華教授" in said and "叫范志杰" in said, said


def test_subtitle_tokens_are_converted_in_the_context_of_their_line(config):
    """项目|里 and 周|会 are separate tokens; OpenCC converts them right only together (項目裏,
    週會). Where a phrase changes length (s2twp's 计算机 → 電腦), the tokens still line up."""
    import os

    from subcast.subtitles import variant_displays
    from subcast.tokens import Token

    os.chdir(ROOT)
    words = ["项目", "里", "的", "周", "会", "用", "计算机", "算"]
    tokens = [Token(spoken=w, display=w, line=1) for w in words] + [Token(spoken="周", display="周", line=2)]
    tokens += [Token(spoken=w, display=w, line=3) for w in ("有个", "年轻人", "叫", "范志", "杰")]
    shown = variant_displays(tokens, {tag: config["variants"][tag] for tag in ("zh-Hant", "zh-TW")})
    assert "".join(shown["zh-Hant"][:5]) == "項目裏的週會", shown
    assert len(shown["zh-TW"]) == len(tokens) and "電腦" in shown["zh-TW"], shown
    assert shown["zh-Hant"][8] == "周"      # a line of its own: 周 alone (a surname, a week) as OpenCC has it
    assert shown["zh-TW"][-2:] == ["范志", "杰"], shown     # a name jieba cut (范志|杰) keeps its characters


def test_a_name_kept_whole_is_converted_a_character_at_a_time(config):
    """A company in `subtitles.names` (灵境智能) is a name in every variant: s2twp's phrase 智能 →
    智慧 is not applied inside it; its characters take their traditional forms (灵 → 靈)."""
    import copy

    from subcast.config import settle

    cfg = copy.deepcopy(config)
    cfg["subtitles"]["names"] = [*cfg["subtitles"]["names"], "灵境智能"]
    for variant in cfg["variants"].values():
        variant.pop("keep", None)
    settle(cfg, root=ROOT)
    taiwan = Converter(Variant.from_config("zh-TW", cfg["variants"]["zh-TW"]))
    assert taiwan.convert("灵境智能的工程师说，人工智能改变了配音。") == "靈境智能的工程師說，人工智慧改變了配音。"
