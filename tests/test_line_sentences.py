"""A narration's phrases (one a line, unpunctuated) joined into the sentences a summary can say."""
import pytest

from conftest import small_panel
from subcast.config import filled
from subcast.line_sentences import MAX_LINES, continues, joined, sentence_around
from subcast.summarise import summarise

NARRATION = """王立则从电网的角度
给出了新的思考
他说
储能的装机量越来越大
但是很多电站的利用率是不足的
而且调度规则各省不一样
所以电站和电网之间该怎么协作
就成为了关键
他举例说
一个模型跑两三个小时
就差不多顶实验室
一两个月的试错量
现在的瓶颈有两个
一是并网审批
二是电价机制
这种情况下还能不能赚钱呢？
没人说得清
"""


def _statements(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return [{"source": "n", "lines": [k + 1, k + 1], "speaker": "王立", "topic": "grid", "kind": "narration",
             "text": line} for k, line in enumerate(lines)]


def _sentence(statements, k):
    span = sentence_around(statements, k)
    return None if span is None else joined([statements[j]["text"] for j in range(span[0], span[1] + 1)])


def test_phrases_linked_by_conjunctions_are_one_sentence_and_frames_are_not_in_it():
    statements = _statements(NARRATION)
    said = _sentence(statements, 4)     # 但是很多电站的利用率是不足的
    assert said == ("储能的装机量越来越大，但是很多电站的利用率是不足的，而且调度规则各省不一样，"
                    "所以电站和电网之间该怎么协作，就成为了关键。")
    assert _sentence(statements, 2) is None                         # 他说: who speaks next, no statement
    assert _sentence(statements, 0) == "王立则从电网的角度，给出了新的思考。"


def test_a_noun_phrase_line_is_the_object_of_the_line_before():
    statements = _statements(NARRATION)
    assert _sentence(statements, 10) == "一个模型跑两三个小时，就差不多顶实验室，一两个月的试错量。"


def test_a_list_item_and_a_question_end_the_sentence_before_them():
    statements = _statements(NARRATION)
    assert _sentence(statements, 12) == "现在的瓶颈有两个。"
    assert _sentence(statements, 13) == "一是并网审批。"
    assert _sentence(statements, 15) == "这种情况下还能不能赚钱呢？"
    assert _sentence(statements, 16) == "没人说得清。"


TIMES = """冷链车只占货车保有量的百分之五左右
能耗却占了差不多三成
他们的目标是
到二零二八年
冷库数量达到三百座
明年再增加一百台冷链车
到二零二七年底
电动车在车队中的比例
要达到百分之四十
说到信任
居民最看重的是医生态度
她判断
如果冷库能和大超市形成固定的搭档
大超市带小冷库
年轻司机会更愿意来
"""


def test_a_contrast_with_que_a_copula_and_a_time_phrase_carry_the_sentence_on():
    """「…却…」 is the second half of the line before; 「目标是」 and 「到二零二八年」 lead into
    the next line's clause, not back to the line before."""
    statements = _statements(TIMES)
    assert _sentence(statements, 0) == "冷链车只占货车保有量的百分之五左右，能耗却占了差不多三成。"
    assert _sentence(statements, 3) == "他们的目标是到二零二八年，冷库数量达到三百座。"     # no comma after 是
    assert _sentence(statements, 5) == "明年再增加一百台冷链车。"
    assert _sentence(statements, 7) == "到二零二七年底，电动车在车队中的比例，要达到百分之四十。"
    assert _sentence(statements, 9) == "说到信任，居民最看重的是医生态度。"     # 说到… leads in
    # an if whose then comes two lines on: the sentence runs to it
    assert _sentence(statements, 12) == "如果冷库能和大超市形成固定的搭档，大超市带小冷库，年轻司机会更愿意来。"


def test_a_phrase_cut_inside_at_a_line_end_joins_without_a_comma_and_a_long_run_is_no_sentence():
    statements = _statements("储能电站和\n电网调度中心之间的数据接口\n正在统一\n")
    assert _sentence(statements, 1) == "储能电站和电网调度中心之间的数据接口，正在统一。"
    copula = _statements("价格战淘汰的是\n纯靠低价的\n商家\n")
    assert _sentence(copula, 0) == "价格战淘汰的是纯靠低价的商家。"
    span = _statements("一条新线路从申请到获批\n平均要十五个工作日\n成本从三十万降到十二万\n行业正处在\n从示范到常态的过渡期\n")
    assert _sentence(span, 0) == "一条新线路从申请到获批，平均要十五个工作日。"
    assert _sentence(span, 2) == "成本从三十万降到十二万。"       # a change measured is the predicate
    assert _sentence(span, 3) == "行业正处在从示范到常态的过渡期。"
    where = _statements("但如果问的是\n愿不愿意无人机\n在自家小区上空飞\n比例就掉到百分之四十一\n")
    assert _sentence(where, 2) == "但如果问的是愿不愿意无人机，在自家小区上空飞，比例就掉到百分之四十一。"
    chain = "\n".join(["储能越来越便宜"] + ["而且越来越安全"] * MAX_LINES) + "\n"
    assert _sentence(_statements(chain), 0) is None


def test_a_narrations_sentence_is_a_witness_the_summary_says_whole(tmp_path):
    """The narration's sentence (several lines) is said, traced to its first and last line; no
    single phrase of it is said alone."""
    transcript = ("**主持人：**\n\n今天聊电网。我想问大家一个问题，储能和电网怎么配合？\n\n**王立：**\n\n"
                  "我觉得储能的装机量越来越大，但是很多电站的利用率是不足的，而且调度规则各省不一样。"
                  "所以电站和电网之间该怎么协作，就成为了关键。\n")
    narration = "今天聊电网\n" + NARRATION
    people = ["主持人", "王立"]
    document = small_panel(tmp_path, {"t": (transcript, "transcript"), "n": (narration, "narration")}, people,
                           {"id": "grid", "title": "电网", "opens": ["今天聊电网"], "words": ["储能", "电网", "电站"]})
    cfg = filled("summary", {"min_turns": 1, "exclude_speakers": ["主持人"]})
    summary = summarise(document, cfg, set(people))["grid"]
    from_narration = [s for s in summary["sentences"] if s["witness"].get("source") == "n"]
    assert from_narration, summary["display"]       # the narration's clean sentence beats the verbatim one
    for sentence in from_narration:
        first, last = sentence["witness"]["lines"]
        assert last > first, sentence      # a sentence, not one phrase
    assert not any(s["display"].endswith(("，但是很多电站的利用率是不足的。", "就成为了关键。"))
                   and "储能的装机量" not in s["display"] for s in summary["sentences"]), summary["display"]


@pytest.mark.parametrize("line", ["他说", "他举例说", "不过他也承认", "他还引用了一位老客户的原话", "聊完价格战"])
def test_a_line_that_only_frames_what_follows_is_no_sentence(line):
    assert sentence_around(_statements(line + "\n储能越来越便宜\n"), 0) is None


def test_words_a_frame_gives_to_someone_else_and_a_sentence_cut_at_its_conjunction_are_none():
    quoted = _statements("他还引用了一位老客户的原话\n我不买技术\n我买度电成本\n")
    assert sentence_around(quoted, 1) is None          # the customer's words, not the speaker's
    cut = _statements("多个Agent串联时\n能力会呈指数级的下降然而\n学术界还在追赶\n")
    assert _sentence(cut, 0).endswith("学术界还在追赶。")   # …然而 leads into the next line


def test_the_sentence_after_a_counted_item_says_more_of_that_item_not_a_point_of_its_own():
    from subcast.summarise import continues_an_item
    statements = _statements("""王立认为
储能要真正赚钱
需要满足两个条件
一是并网审批要快
电站要在一个月内拿到批文
还要能自己决定调度的顺序
另外他提到
电价每年都在变
""")
    item = sentence_around(statements, 4)       # 电站要在一个月内拿到批文，还要能自己决定…
    assert item == (4, 5) and continues_an_item(statements, item[0])
    assert not continues_an_item(statements, sentence_around(statements, 7)[0])    # 电价每年都在变: after a frame
    assert not continues_an_item(statements, sentence_around(statements, 1)[0])    # the head itself


def test_a_line_with_a_copula_is_a_clause_not_the_noun_of_the_line_before():
    assert joined(["人是第一位的", "技术只是放大器"]) == "人是第一位的，技术只是放大器。"
    assert joined(["淘汰的是", "纯靠低价的", "商家"]) == "淘汰的是纯靠低价的商家。"


def test_a_script_that_punctuates_its_lines_is_joined_at_its_own_marks():
    """A narration script with its own commas: a line's end without a mark is inside a phrase
    (no comma added), and a comma carries the sentence on to its stop."""
    assert joined(["南方观众爱看", "宫斗、家庭，", "和逆袭。"]) == "南方观众爱看宫斗、家庭，和逆袭。"
    statements = _statements("机器人把仓库的门槛\n一下子降了下来，\n很多以前\n雇不起人的小店，\n突然也能开了。\n当然也有麻烦。\n")
    assert _sentence(statements, 0) == "机器人把仓库的门槛一下子降了下来，很多以前雇不起人的小店，突然也能开了。"
    assert sentence_around(statements, 5) == (5, 5)
    # in such a script a line ending without a mark goes on, whatever its words
    marked = _statements("至于菜单上的方言，\n还是要靠\n每位厨师亲自试吃\n来把关。\n后来呢？\n")
    assert _sentence(marked, 1) == "至于菜单上的方言，还是要靠每位厨师亲自试吃来把关。"


def test_a_from_phrase_waits_for_its_verb_and_destination():
    """「从城西的中央厨房」 names where the trucks leave from; the next line says where they go."""
    statements = _statements("在江苏和浙江\n一共开了二十家门店\n从城西的中央厨房\n送到各家门店\n每天两趟\n")
    assert _sentence(statements, 1) == "在江苏和浙江，一共开了二十家门店，从城西的中央厨房送到各家门店，每天两趟。"


def test_a_part_announced_a_year_alone_and_a_new_subject_open_sentences():
    """「第二个问题」 opens a part of the talk; a year alone on its line sets the time of the clause
    after it, not the end of the one before; 「主持人是周敏」 has its own subject."""
    assert not continues("三种角度正好互补", "第二个问题")
    assert not continues("最典型的就是社区食堂", "二零二二年")
    assert not continues("这场论坛想回答的就是这个", "主持人是周敏")
    assert continues("这场论坛想回答的", "就是这个问题")


def test_words_a_narration_gives_to_people_off_the_panel_are_no_one_s_on_it():
    """「老人嘴上总说 / 我还能动」: the old people's words, not the panelist's the narration retells."""
    statements = _statements("她发现\n老人嘴上总说\n我还能动\n别浪费那个钱\n")
    assert sentence_around(statements, 2) is None


def test_an_approximation_opening_a_line_finishes_the_line_before():
    assert continues("观众里二十到三十岁的", "差不多占六成")
