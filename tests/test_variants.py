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
])
def test_known_opencc_faults_are_fixed_by_the_phrase_dictionary(converters, tag, text, expected_fragment):
    assert expected_fragment in converters[tag].convert(text)


def test_taiwan_keeps_jubu_and_converts_its_vocabulary(converters):
    tw = converters["zh-TW"]
    assert tw.convert("局部最优") == "局部最優"
    assert tw.convert("软件") == "軟體" and tw.convert("数据") == "資料" and tw.convert("视频") == "影片"


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
