import pytest

from subcast.numbers import NumberNormaliser

normalise = NumberNormaliser().to_display


@pytest.mark.parametrize("spoken, shown", [
    # a date in Arabic numerals throughout (Netflix), not 2026年九月 or 2026年一月10日
    ("二零二六年九月，杭州", "2026年9月，杭州"),
    ("二零二六年一月十日", "2026年1月10日"),
    ("三月五号开会", "3月5号开会"),
    ("九月的时候", "九月的时候"),
    ("二零二六年开年", "2026年开年"),
    ("我们就十来个人", "我们就十来个人"),          # an approximation stays in words (spec)
    ("二十来岁的年轻人", "二十来岁的年轻人"),
    ("来了十个人", "来了10个人"),
    ("百分之九十五的人", "95%的人"),
    ("实现了十到二十倍的增长", "实现了10到20倍的增长"),
    ("最强的Opus 四点五模型", "最强的Opus 4.5模型"),
    ("月租是两百美元", "月租是200美元"),
    ("只要二十到五十美元", "只要20到50美元"),
    ("年薪二十万美元", "年薪20万美元"),
    ("九十一岁高龄", "91岁高龄"),
    ("九八后天才科学家", "98后天才科学家"),
    ("每天十个工作任务", "每天10个工作任务"),
    ("一点五倍", "1.5倍"),
    ("五到十倍", "5到10倍"),
    ("百分之二十", "20%"),
    ("一千五百万", "1500万"),
    ("二十多年", "20多年"),
    # a range of lone digits with a unit after it measures: both ends as digits
    ("推理三到五个小时", "推理3到5个小时"),
    ("完成人类一到两天的工作量", "完成人类1到2天的工作量"),
    ("一周到两周的任务流", "1周到2周的任务流"),
    ("三年到五年后", "3年到5年后"),
    ("高出了一到两个数量级", "高出了1到2个数量级"),
])
def test_numbers_that_count_or_measure_become_digits(spoken, shown):
    assert normalise(spoken) == shown


@pytest.mark.parametrize("word", [
    "一定", "我们一定要做", "统一", "一模一样", "星期一", "万一", "两三个", "十四五规划",
    "能做对八九个", "只能做对五六个", "举一反三", "这一点也是", "一点点", "第一个维度",
    "几十个", "十几个", "一年前", "千万不要", "一年到头", "三四年",
])
def test_fixed_words_keep_chinese_numerals(word):
    assert normalise(word) == word


def test_config_can_protect_more_words():
    assert NumberNormaliser(keep_words=("三十而立",)).to_display("三十而立") == "三十而立"
    assert normalise("三十而立") == "30而立"
