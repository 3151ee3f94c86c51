"""The reconciled text: statements trace to their sources, topics, speakers, conflicts."""
import copy
import json
import re

import jsonschema
import pytest
import yaml

from conftest import ROOT
from subcast.config import entry, reconcile_settings
from subcast.reconcile import Normaliser, build, reconcile, values
from subcast.sources import People, Topics, read_statements
from subcast.textio import InputError

TOPICS = ["divergence", "next-paradigm", "agents", "china-lead"]


@pytest.fixture(scope="module")
def cfg(config):
    import os
    os.chdir(ROOT)  # source paths in the config are relative to the project
    return config


def settings(cfg):
    return reconcile_settings(cfg)


@pytest.fixture(scope="module")
def document(cfg):
    return reconcile(cfg["sources"], cfg["people"], cfg["topics"], settings(cfg))


def test_document_matches_its_schema(document):
    schema = yaml.safe_load((ROOT / "workflow/schemas/topics.schema.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_every_topic_holds_statements_from_at_least_four_sources(document):
    for topic in TOPICS:
        sources = {s["source"] for s in document["statements"] if s["topic"] == topic}
        assert len(sources) >= 4, (topic, sources)


def _plain(text):
    return re.sub(r"[\W_]+", "", re.sub(r"\*\*|`|\[([^\]]*)\]\([^)]*\)", r"\1", text))


def test_every_line_span_points_at_the_statement_in_its_source(document, cfg):
    files = {sid: (ROOT / s["path"]).read_text(encoding="utf-8").split("\n") for sid, s in cfg["sources"].items()}
    for statement in document["statements"]:
        first, last = statement["lines"]
        span = "".join(files[statement["source"]][first - 1:last])
        assert _plain(statement["text"]) in _plain(span), statement


def test_every_transcript_statement_has_the_speaker_of_its_label(document, cfg):
    aliases = {"主持人（广密）": "李广密", "姚顺雨": "姚顺雨", "林俊旸": "林俊旸", "杨强": "杨强", "唐杰": "唐杰"}
    label_of, label = {}, None
    for number, line in enumerate((ROOT / cfg["sources"]["000"]["path"]).read_text(encoding="utf-8").split("\n"), 1):
        match = re.fullmatch(r"\*\*(.+)：\*\*", line.strip())
        if match:
            label = aliases[match.group(1)]
        label_of[number] = label
    transcript = [s for s in document["statements"] if s["source"] == "000"]
    assert len(transcript) > 400
    assert all(s["speaker"] == label_of[s["lines"][0]] for s in transcript)


def _conflict(document, kind, places):
    for conflict in document["conflicts"]:
        found = {(side["source"], side["lines"][0]) for side in conflict["sides"]}
        if conflict["kind"] == kind and places <= found:
            return conflict
    raise AssertionError(f"no {kind} conflict with {places}: {[c['sides'] for c in document['conflicts']]}")


def test_the_disagreements_found_by_reading_are_listed(document):
    # 林俊旸's odds: the transcript says 20%, the narration "below 20%".
    odds = _conflict(document, "number", {("000", 237), ("001", 553)})
    assert {s["value"] for s in odds["sides"] if s["source"] == "001"} == {"低于20%"}
    # Agents in the background for 3–5 hours: 1–2 days of human work (000), 1–2 weeks (003).
    _conflict(document, "number", {("000", 150), ("003", 136)})
    # "26 年或者 27 年" in the transcript; 002 keeps 2026, 003 keeps 2027: the write-ups each
    # chose one of the speaker's own two years, which the transcript settles.
    assert not any(c["kind"] == "year" and ("003", 85) in {(s["source"], s["lines"][0]) for s in c["sides"]}
                   for c in document["conflicts"])
    # The disputed values of each side: 1到2周 is 003's alone (3到5个小时 all agree on).
    days = _conflict(document, "number", {("000", 150), ("003", 136)})
    assert {s["source"]: s["disputed"] for s in days["sides"]}["003"] == ["1到2周"]
    # When China started RL: 24 年 in the transcript, 2023年 in 002.
    _conflict(document, "year", {("000", 219), ("002", 222)})
    # 杨植麟 listed as on stage by 002 and 004; the transcript never gives him a turn.
    roster = _conflict(document, "roster", {("002", 10), ("000", 8)})
    # The 20% estimate: 林俊旸's in the transcript, "several leaders'" (多位核心人物) in 004 and 002's
    # closing part (after its --- break, which no longer inherits the last speaker).
    credit = _conflict(document, "attribution", {("000", 237), ("004", 198)})
    assert {s["value"].split(":")[0] for s in credit["sides"]} >= {"林俊旸", "多位（多人）"}
    assert credit["topic"] == "china-lead"
    assert roster["person"] == "杨植麟" and "004" in {s["source"] for s in roster["sides"]}
    for conflict in document["conflicts"]:
        for side in conflict["sides"]:
            assert side["excerpt"] and side["source"] in {"000", "001", "002", "003", "004"}


def _with_two_more(tmp_path, cfg, first, second):
    """The seeds plus two small write-ups (IDF weights need a real corpus around them)."""
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(f"## 千问\n\n{first}\n", encoding="utf-8")
    b.write_text(f"## 千问\n\n{second}\n", encoding="utf-8")
    sources = {**cfg["sources"], "a": entry("sources", path=str(a), shape="markdown"),
               "b": entry("sources", path=str(b), shape="markdown")}
    document = reconcile(sources, cfg["people"], cfg["topics"], settings(cfg))
    point = {s["source"]: s["point"] for s in document["statements"] if s["source"] in ("a", "b")}
    return document, point


def test_paraphrases_of_one_fact_are_one_point_without_conflict(tmp_path, cfg, document):
    more, point = _with_two_more(tmp_path, cfg, "林俊旸：千问团队今年在杭州新建了三个数据中心，总投入约十亿元。",
                                 "林俊旸说，千问团队今年在杭州新建三座数据中心，投入大约10亿元。")
    assert point["a"] is not None and point["a"] == point["b"]
    assert len(more["conflicts"]) == len(document["conflicts"])


def test_a_changed_number_in_the_same_point_is_a_conflict(tmp_path, cfg, document):
    more, point = _with_two_more(tmp_path, cfg, "林俊旸：千问团队今年在杭州新建了三个数据中心，总投入约十亿元。",
                                 "林俊旸：千问团队今年在杭州新建了三个数据中心，总投入约二十亿元。")
    assert point["a"] == point["b"]
    added = [c for c in more["conflicts"] if {"a", "b"} <= {side["source"] for side in c["sides"]}]
    assert [c["kind"] for c in added] == ["number"]
    assert {s["value"] for s in added[0]["sides"]} == {"约10亿元", "约20亿元"}


def test_a_claim_credited_to_two_people_is_an_attribution_conflict(tmp_path, cfg, document):
    more, _ = _with_two_more(tmp_path, cfg, "林俊旸：我觉得中国公司领先的概率是百分之三十。",
                             "唐杰：中国公司领先的概率大约30%。")
    added = [c for c in more["conflicts"] if {"a", "b"} <= {side["source"] for side in c["sides"]}]
    assert [c["kind"] for c in added] == ["attribution"]
    assert {s["value"].split(":")[0] for s in added[0]["sides"] if s["source"] in "ab"} == {"林俊旸", "唐杰"}


def test_a_sixth_source_is_a_config_edit(tmp_path, cfg):
    extra = tmp_path / "005.md"
    extra.write_text("# 会议速记\n\n### 姚顺雨\n\n- 模型层和应用层需要的能力还是挺不一样的\n"
                     "- 中国团队成为全球最领先的 AI 公司的概率还挺高的\n", encoding="utf-8")
    sources = {**copy.deepcopy(cfg["sources"]), "005": entry("sources", path=str(extra), shape="markdown")}
    out = {t: str(tmp_path / f"{t}.md") for t in TOPICS + ["other"]}
    build(sources, cfg["people"], cfg["topics"], settings(cfg), str(tmp_path / "topics.json"),
          str(tmp_path / "conflicts.md"), out)
    document = json.loads((tmp_path / "topics.json").read_text(encoding="utf-8"))
    mine = [s for s in document["statements"] if s["source"] == "005"]
    assert len(mine) == 2 and all(s["speaker"] == "姚顺雨" for s in mine)
    assert any("005" in p["sources"] and p["support"] >= 2 for t in document["topics"] for p in t["points"])
    assert "[005:L5]" in (tmp_path / "divergence.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, expected", [
    ("我觉得百分之二十吧", [("percent", "=", 20.0, 20.0)]),
    ("他给出的概率是低于百分之二十", [("percent", "<", 20.0, 20.0)]),
    ("推理三到五个小时，做人类一两周的工作量", [("duration", "=", 3.0, 5.0), ("duration", "=", 168.0, 336.0)]),
    ("如果 26 年或者 2027 年", [("year", "=", 2026.0, 2026.0), ("year", "=", 2027.0, 2027.0)]),
    ("九十年代", []),
    # counts by their measure word, 多 as "about"; the 约 of 签约 is no qualifier
    ("我们签约居民有3200多人", [("count-人", "~", 3200.0, 3200.0)]),
    ("签约居民两千三百人，服务四千多户", [("count-人", "=", 2300.0, 2300.0), ("count-户", "~", 4000.0, 4000.0)]),
    ("人工智能和人口", []),
    # one range of percentages, written or spoken (not its two ends as two claims)
    ("成本可能降低百分之三十到四十", [("percent", "=", 30.0, 40.0)]),
    ("成本可能下降30%到40%，已下降约15%", [("percent", "=", 30.0, 40.0), ("percent", "~", 15.0, 15.0)]),
])
def test_values_are_read_with_their_kind_and_qualifier(text, expected):
    found = values(Normaliser({"机率": "概率"})(text))
    assert [(v.kind, v.comparator, v.low, v.high) for v in found] == expected


def test_regional_vocabulary_and_speakers_resolve(cfg):
    people = People(cfg["people"])
    assert people.canonical("主持人（广密）") == "李广密" and people.canonical("唐老师") == "唐杰"
    assert people.speaking("像俊旸说的，他还在做交付") is None
    assert people.speaking("林俊旸认为技术的发展本质上是线性的") == "林俊旸"
    # the subject a bullet opens with speaks; a name before 的 is spoken of, quote or not
    assert people.speaking("姚顺雨相对保守，认为可能占5%左右，并认为唐杰的百万目标“方向是对的”") == "姚顺雨"
    assert people.speaking("大家都记得唐杰的百万目标“方向是对的”") is None
    assert Normaliser(cfg["reconcile"]["regional_terms"])("中国反超的机率") == "中国反超的概率"
    statements = read_statements("002", cfg["sources"]["002"], people, Topics(cfg["topics"], cfg["other_sections"]))
    keynote = [s for s in statements if s.lines[0] == 62]
    assert keynote and all(s.topic == "other" and s.speaker == "林俊旸" for s in keynote)


def test_a_paragraph_naming_several_people_gives_each_sentence_its_own_speaker():
    """Outside anyone's section, a write-up's paragraph is not all said by the first person it
    has speaking: each sentence is the speaker's it names, opens with or carries on from."""
    from subcast.sources import parse_markdown

    people = People({"王立": [], "陈思": [], "赵敏": []})
    topics = Topics([{"id": "t", "title": "出行", "opens": [], "words": ["出行"]}])
    text = ("# 出行圆桌\n\n## 出行\n\n公众接受度是另一道坎。陈思的课题组调查了三千名市民，愿意乘坐的占一半。"
            "她并不悲观。王立则透露，明年会去两个新城市。赵敏表示赞成。\n")
    said = [(s.speaker, s.text[:4]) for s in parse_markdown("w", text, people, topics) if s.kind == "paragraph"]
    assert said == [(None, "公众接受"), ("陈思", "陈思的课"), ("陈思", "她并不悲"), ("王立", "王立则透"),
                    ("赵敏", "赵敏表示")], said


def test_a_sentence_handing_over_at_a_semicolon_gives_each_clause_its_speaker():
    """「陈思说五五开，…；王立认为大概率还是…」: the second clause is 王立's, not 陈思's (read as
    hers, it made a credit conflict the sources do not have)."""
    from subcast.sources import parse_markdown

    people = People({"王立": [], "陈思": []})
    topics = Topics([{"id": "t", "title": "前景", "opens": [], "words": ["前景"]}])
    text = "# 圆桌\n\n## 前景\n\n答案差很多。陈思说五五开，政策是变数；王立认为大概率还是本地公司领先。\n"
    said = [(s.speaker, s.text) for s in parse_markdown("w", text, people, topics) if s.kind == "paragraph"]
    assert ("王立", "王立认为大概率还是本地公司领先。") in said, said
    assert ("陈思", "陈思说五五开，政策是变数；") in said, said


def test_quotes_each_followed_by_who_said_them_are_each_that_persons():
    """「…总结：“纸书会变得更少、更贵”（郑可欣）；“只要还有人…就不会消失”（林一舟）。」: each quote is
    the bracketed person's words, not the first person the paragraph names (which gave a
    credit conflict the sources do not have)."""
    from subcast.sources import parse_markdown

    text = ("# 圆桌\n\n## 写在最后\n\n三位嘉宾各用一句话总结：“纸书会变得更少、更贵，也更好看”（郑可欣）；"
            "“只要还有人愿意在书店待一个下午，书店就不会消失”（林一舟）。\n")
    people = People({"郑可欣": ["可欣"], "林一舟": []})
    topics = Topics([{"id": "readers", "title": "读者", "opens": [], "words": ["纸书", "书店"]}])
    said = [(s.speaker, s.kind, s.text) for s in parse_markdown("w", text, people, topics)]
    assert ("郑可欣", "quote", "纸书会变得更少、更贵，也更好看") in said, said
    assert ("林一舟", "quote", "只要还有人愿意在书店待一个下午，书店就不会消失") in said, said
    assert not any("只要还有人" in text and who == "郑可欣" for who, _, text in said)


@pytest.mark.parametrize("clause, number, hedged", [
    ("对，我们的粉丝里面差不多 60% 是 25 岁以下的。", "60", True),
    ("对，我们的粉丝里面差不多 60% 是 25 岁以下的。", "25", False),    # the hedge is on 60%
    ("可能已经能带来今天比如 10 倍的收益。", "10", True),
    ("我们支持二十几种语言——26还是27，我回去查一下。", "27", True),   # unsure which of two
    ("去年是26个，今年27个。", "27", False),
    ("大家可能还记得2023年那次大停电。", "2023", False),     # the memory hedged, not the year
])
def test_a_hedge_is_on_the_number_it_stands_before(clause, number, hedged):
    from subcast.corroborate import _hedges

    assert _hedges(clause, number) is hedged


def test_a_transcript_whose_turns_open_with_the_speaker_s_name_has_its_speakers(tmp_path):
    """「周敏：…」 at the start of a turn is a label as much as 「**周敏：**」 on its own line; a
    transcript with no label at all is an error naming the file, not a panel nobody spoke in."""
    people = People({"周敏": ["主持人"], "陈立": ["陈总"], "马林": []})
    topics = Topics([{"id": "q1", "title": "第一问", "opens": ["第一个问题"], "words": ["电池"]}])
    path = tmp_path / "panel.txt"
    path.write_text("圆桌实录\n时间：2025年9月18日\n\n周敏：好，第一个问题，电池还会降价吗？陈总先来。\n\n"
                    "陈立：我觉得还会降。去年降了三成。\n\n（掌声）\n\n**马林**：我补充一句，原材料也在降。\n", encoding="utf-8")
    source = entry("sources", path=str(path), shape="transcript")
    said = {s.text: s.speaker for s in read_statements("t", source, people, topics)}
    assert said["好，第一个问题，电池还会降价吗？"] == "周敏"
    assert said["我觉得还会降。"] == said["去年降了三成。"] == "陈立"
    assert said["我补充一句，原材料也在降。"] == "马林"
    assert not any(text.startswith(("周敏", "陈立", "马林")) for text in said)
    path.write_text("圆桌实录\n\n好，第一个问题，电池还会降价吗？\n\n我觉得还会降。\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"panel\.txt:1: no speaker labels"):
        read_statements("t", source, people, topics)


def test_a_host_restating_a_panelist_and_a_year_retold_in_other_words():
    """「刚才周总也提到，…八成…」 is the host crediting a panelist: no attribution conflict with the
    panelist's own words. A write-up's 「他的答案是 2027 年」 against the one year the speaker
    named on the topic (「我个人的判断是2028年」) is a year conflict, though no words align."""
    from subcast.reconcile import Point, attribution_conflicts, near_value_conflicts
    from subcast.sources import Statement

    people = People({"周敏": ["主持人", "周总"], "王立": []})
    statements = [Statement("t", (3, 3), "周敏", "lead", "turn", "刚才王立也提到，现在排前十的店里面，差不多八成是本地的。", True),
                  Statement("w", (7, 7), "王立", "lead", "paragraph", "王立表示，排名前十的店中有八家是本地的。", True)]
    assert attribution_conflicts(Point("lead", [0, 1]), statements, people) == []
    assert attribution_conflicts(Point("lead", [0, 1]), statements)          # without people: as before
    years = [Statement("t", (5, 5), "王立", "ai", "turn", "我个人的判断是2028年，会有全自动的店。", True),
             Statement("t", (6, 6), "王立", "ai", "turn", "现在成本已经降了百分之十五。", True),
             Statement("b", (9, 9), "王立", "ai", "paragraph", "被追问哪一年时，他的答案是 2027 年。", True)]
    found = near_value_conflicts(years, Normaliser({}), "t", {})
    assert [(c["kind"], [s["value"] for s in c["sides"]]) for _, c in found] == [("year", ["2028年", "2027 年"])], found


def test_a_narration_count_against_the_figure_the_speaker_corrected_himself_to():
    """The narration's 「已经铺到了 / 三十个国家。」 against 「上线了三十——不对，三十五个国家」:
    the speaker's figure is the one he ends on (35), and a count is of the same thing when it
    counts the same noun. A comparator on the line before (「收入却还不到 / 百分之五。」) is read."""
    from subcast.reconcile import near_value_conflicts
    from subcast.sources import Statement

    def line(n, text):
        return Statement("n", (n, n), "王立", "m", "narration", text, False)

    statements = [Statement("t", (3, 3), "王立", "m", "turn",
                            "我们的店现在是开了三十——不对，三十五个城市，收入占比还很低，不到百分之五。", True),
                  line(10, "他自己的品牌，"), line(11, "已经开到了"), line(12, "三十个城市。"),
                  line(13, "收入却还不到"), line(14, "百分之五。")]
    found = near_value_conflicts(statements, Normaliser({}), "t", {})
    assert [[s["value"] for s in c["sides"]] for _, c in found] == [["35个", "30个"]], found
    assert values(Normaliser({})("开了三十——不对，三十五个城市")) == values(Normaliser({})("开了三十五个城市"))


def test_a_name_then_he_says_is_the_speaker():
    people = People({"韩东升": [], "周敏": []})
    assert people.speaking("最乐观的是韩东升，他直接说三年后会翻一番。") == "韩东升"
    assert people.speaking("像周敏说的，明年会更难。") is None


def test_a_source_in_taiwan_vocabulary_is_marked_and_said_in_mainland_words():
    """A blog using three or more of `regional_terms` (美金, 影片, 透过) is marked with the terms it
    uses; the summary reads its statements in mainland words. A source with one such word (资料)
    is not marked: a mainland writer's 资料 is no Taiwan 资料."""
    from subcast.reconcile import _regional
    from subcast.sources import Statement
    from subcast.summarise import in_mainland_words

    terms = {"美金": "美元", "影片": "视频", "透过": "通过", "资料": "数据"}
    statements = [Statement("b", (1, 1), "王立", "t", "paragraph", "王立说透过影片行销，一年赚了两亿美金。", True),
                  Statement("w", (1, 1), "王立", "t", "paragraph", "王立翻了很多资料。", True)]
    assert _regional("b", statements, terms) == {"regional_terms": {"美金": "美元", "影片": "视频", "透过": "通过"}}
    assert _regional("w", statements, terms) == {}
    document = {"sources": {"b": _regional("b", statements, terms), "w": {}},
                "statements": [s.to_json() for s in statements]}
    said = [s["text"] for s in in_mainland_words(document)["statements"]]
    assert said == ["王立说通过视频行销，一年赚了两亿美元。", "王立翻了很多资料。"]
    assert document["statements"][0]["text"].endswith("美金。")     # the document itself is as it was


def test_figures_as_speakers_say_them_taken_back_in_yuan_counted_and_in_ranges():
    """What a figure is when compared: a figure the speaker takes back and only later replaces
    (「十二块五，哦不对，十二块五是去年的…今年是十一块八」) is not said; 十一块八 is 11.8 yuan (两块屏幕 is
    no money); a lone numeral with a measure word counts (三条产线 = 3条); a bare 亿 range
    (从六百亿到九百亿) is one value of money."""
    normalise = Normaliser({})

    def said(text):
        return [(v.kind, v.low, v.high) for v in values(normalise(text))]

    assert said("现在是十二块五，哦不对，十二块五是去年的数字，今年是十一块八。") == [("money-cny", 11.8, 11.8)]
    assert said("一杯卖28块，店里装了两块屏幕。") == [("money-cny", 28.0, 28.0)]
    assert said("明年再开三条产线") == [("count-条", 3.0, 3.0)]
    assert said("一到两个城市") == [("count-个", 1.0, 2.0)]
    assert said("市场规模的预测从六百亿到九百亿都有") == [("money-cny", 6e10, 9e10)]
    assert said("全国有5亿用户，日均一万单") == []
    assert said("上线了三十——不对，三十五个国家") == [("count-个", 35.0, 35.0)]


def test_a_range_is_said_only_whole_and_a_speaker_s_own_facts_hold_under_any_question():
    """A narration's 「六百亿到九百亿」 is not what the speaker said when she gave 「四百亿到九百亿」 and
    her own 「六百亿上下」: a range is said as a range. A write-up's 「在8个城市开店」 under a
    question agrees with what the speaker said of himself as he was introduced."""
    from subcast.reconcile import near_value_conflicts
    from subcast.sources import OTHER, Statement

    statements = [Statement("t", (2, 2), "王立", OTHER, "turn", "我们现在在八个城市一共开了一百二十家店。", True),
                  Statement("t", (9, 9), "陈思", "m", "turn", "到2030年的市场规模，各家预测从四百亿到九百亿都有。", True),
                  Statement("t", (9, 9), "陈思", "m", "turn", "我们自己的测算是在六百亿上下。", True),
                  Statement("t", (12, 12), "王立", "m", "turn", "城市外卖我们只在两个城市试了。", True),
                  Statement("n", (40, 40), "陈思", "m", "narration", "各家的预测", False),
                  Statement("n", (41, 41), "陈思", "m", "narration", "从六百亿到九百亿", False),
                  Statement("w", (7, 7), "王立", "m", "paragraph", "王立介绍，公司目前在8个城市开店。", True)]
    found = near_value_conflicts(statements, Normaliser({}), "t", {})
    assert [[(s["source"], s["value"]) for s in c["sides"]] for _, c in found] == [
        [("t", "400亿到900亿"), ("n", "600亿到900亿")]], found


def test_a_heading_finds_its_question_by_the_topic_s_title_and_the_panel_s_order():
    """「## 场景：…」 is the 落地场景 question though it uses none of its words; 「## 展望：支线先
    规模化」 ties 支线 (scenes) with 规模化 (the outlook) and is the outlook: the write-up's sections
    follow the questions. A bold sentence in the text is no heading and counts no title words."""
    topics = Topics([{"id": "scenes", "title": "落地场景", "opens": [], "words": ["支线", "血样"]},
                     {"id": "cost", "title": "成本账", "opens": [], "words": ["补贴"]},
                     {"id": "outlook", "title": "规模化前景", "opens": [], "words": ["拐点"]}])
    assert topics.best("场景：刚需先跑通", heading=True) == "scenes"
    assert topics.best("场景：刚需先跑通") is None
    assert topics.best("展望：支线先规模化", heading=True, after="cost") == "outlook"
    assert topics.best("展望：支线先规模化", heading=True) == "scenes"


def test_a_label_alone_on_its_line_opens_a_turn(tmp_path):
    """「主持人（周敏）：」 and 「陈立：」 alone on their lines, the speech below, as many
    transcripts are laid out: each paragraph is the labelled speaker's, in the reconciliation and
    in the subtitles."""
    from subcast.transcript import read_phrases

    path = tmp_path / "panel.txt"
    path.write_text("圆桌实录\n时间：2025年9月18日\n\n主持人（周敏）：\n好，第一个问题，电池还会降价吗？\n\n"
                    "陈立：\n我觉得还会降。\n\n主持人（周敏）：\n谢谢。\n\n陈立：\n不客气。\n", encoding="utf-8")
    people = People({"周敏": ["主持人"], "陈立": []})
    topics = Topics([{"id": "q1", "title": "第一问", "opens": ["第一个问题"], "words": []}])
    said = {s.text: s.speaker for s in read_statements("t", entry("sources", path=str(path), shape="transcript"),
                                                       people, topics) if s.speaker}
    assert said == {"好，第一个问题，电池还会降价吗？": "周敏", "我觉得还会降。": "陈立", "谢谢。": "周敏", "不客气。": "陈立"}
    phrases, _ = read_phrases(str(path), "paragraphs")
    assert [(p.text, p.speaker) for p in phrases] == [("好，第一个问题，电池还会降价吗？", "主持人（周敏）"),
                                                      ("我觉得还会降。", "陈立"), ("谢谢。", "主持人（周敏）"),
                                                      ("不客气。", "陈立")]


def test_who_said_it_in_a_narration_a_quoting_host_and_who_was_on_stage():
    """A narration line announcing what someone cited (「陈立还引用了一项调查」) gives the next two
    lines to him, so a write-up giving the survey to 周敏 disagrees on who said it. The host
    quoting a panelist's line (「这句话说得好，“…”」) is no attribution conflict with a blog
    crediting the panelist. A guest one source has by video link and another on the stage is a
    roster conflict; one source saying both of two people, clause by clause, is none."""
    from subcast.reconcile import Point, attribution_conflicts, presence_conflicts
    from subcast.sources import Statement, parse_narration

    people = People({"周敏": ["主持人"], "陈立": ["陈总"], "马林": ["马总"]})
    topics = Topics([{"id": "q1", "title": "第一问", "opens": ["第一个问题"], "words": []}])
    narration = parse_narration("n", "第一个问题\n陈立还引用了一项调查\n一千位居民里\n六成愿意尝试\n这个数字不低\n", people, topics)
    assert [(s.text, s.speaker, s.attributed) for s in narration[1:]] == [
        ("陈立还引用了一项调查", "陈立", True), ("一千位居民里", "陈立", True), ("六成愿意尝试", "陈立", True),
        ("这个数字不低", "陈立", False)]
    said = [Statement("t", (5, 5), "陈立", "q1", "turn", "真正决定成败的是第一千天之后，你还在不在开店。", True),
            Statement("t", (9, 9), "周敏", "q1", "turn", "这句话说得特别好，“第一千天之后你还在不在开店”。", True),
            Statement("b", (4, 4), "陈立", "q1", "bullet", "陈总那句「第一千天之后你还在不在开店」最值得记。", True)]
    assert attribution_conflicts(Point("q1", [1, 2]), said, people) == []
    stage = [Statement("t", (3, 3), "周敏", "other", "turn", "马总今天人在深圳，我们是通过视频连线的方式请他参加。", True),
             Statement("w", (2, 2), None, "other", "paragraph", "陈立到场发言，马林因故留在深圳，通过视频连线参与讨论。", False),
             Statement("b", (6, 6), "马林", "other", "bullet", "马林：快运公司总经理，坐在台上最右边", True)]
    found = presence_conflicts(stage, people)
    assert [(c["person"], [(s["source"], s["value"]) for s in c["sides"]]) for c in found] == [
        ("马林", [("t", "马林: by video link"), ("w", "马林: by video link"), ("b", "马林: on stage")])]
    assert presence_conflicts(stage[:2], people) == []


def test_a_label_with_the_role_and_a_space_is_the_person_s_first_turn(tmp_path):
    """「主持人 周敏：好，…」 opens the host's first turn, her later turns 「周敏：」: both are hers,
    and the first is speech, not front matter."""
    from subcast.transcript import read_phrases

    path = tmp_path / "panel.txt"
    path.write_text("圆桌实录\n整理：编辑部\n\n主持人 周敏：好，我们开始，第一个问题。\n\n陈立：我先说。\n\n"
                    "周敏：谢谢陈总。\n\n陈立：不客气。\n", encoding="utf-8")
    people = People({"周敏": ["主持人"], "陈立": ["陈总"]})
    topics = Topics([{"id": "q1", "title": "第一问", "opens": ["第一个问题"], "words": []}])
    said = [(s.text, s.speaker) for s in read_statements("t", entry("sources", path=str(path), shape="transcript"),
                                                         people, topics) if s.speaker]
    assert said[0] == ("好，我们开始，第一个问题。", "周敏")
    phrases, _ = read_phrases(str(path), "paragraphs")
    assert [p.text for p in phrases][:1] == ["好，我们开始，第一个问题。"]
    assert {p.speaker for p in phrases} == {"主持人 周敏", "周敏", "陈立"}


def test_rounded_figures_agree_and_thousands_and_mixed_ranges_read_right():
    """近3亿 is 2亿9697万 rounded, and 两亿九千七百万 the same figure: no disagreement; 1,200位 is
    1200; 6800～1.5万元 runs from 6800 to 15000; 6800块到12000块 is one range; 1600个护理员 and
    1600人 count the same people; 60岁以上 and 60岁 name one age."""
    from subcast.reconcile import _disagree

    normalise = Normaliser({})

    def said(text):
        return values(normalise(text))

    assert not _disagree(said("全国老人已近3亿"), said("全国老人是2亿9697万"))
    assert not _disagree(said("两亿九千七百万"), said("2亿9697万"))
    assert _disagree(said("全国老人约2.5亿"), said("全国老人是2亿9697万"))
    assert [(v.low, v.high) for v in said("有1,200位居民")] == [(1200.0, 1200.0)]
    assert [(v.low, v.high) for v in said("月费约 6800～1.5 万元")] == [(6800.0, 15000.0)]
    assert [(v.low, v.high) for v in said("一个月是6800块到12000块这个区间")][-1] == (6800.0, 12000.0)
    assert [(v.low, v.high) for v in said("从28块到九块二")] == [(28.0, 28.0), (9.2, 9.2)]     # a fall, no range
    assert {v.kind for v in said("1600个护理员")} == {v.kind for v in said("1600人")} == {"count-人"}
    assert not _disagree(said("60岁以上的老人"), said("已经跨过60岁"))


def test_a_write_up_numbering_its_sections_follows_the_questions_and_a_narration_places_its_guests():
    """「## Q2 人力」 is the second question's section though it uses none of its words. A
    narration's 「台上坐着两位嘉宾」 places the next two people it names on stage, and 「这一次通过
    视频连线参加」 the one it named last by video link; against a write-up's video link for one of
    those on stage, a roster conflict. A narration's 「一定能做到五百亿」 for a figure the speaker
    hedged (有可能做到五百亿左右) is a dropped hedge; its plain retelling is not."""
    from subcast.reconcile import presence_conflicts, transcript_conflicts
    from subcast.sources import Statement, parse_markdown, parse_narration

    people = People({"周敏": ["主持人"], "陈立": ["陈总"], "马林": ["马总"], "王芳": []})
    topics = Topics([{"id": "pay", "title": "支付难题", "opens": ["第一个问题"], "words": ["长护险"]},
                     {"id": "staff", "title": "护理人才", "opens": ["第二个问题"], "words": ["护理员"]}])
    notes = parse_markdown("b", "## Q2 人力\n\n- 陈总：招人太难了\n", people, topics)
    assert [(s.topic, s.speaker) for s in notes] == [("staff", "陈立")]
    narration = parse_narration("n", "台上坐着两位嘉宾\n一位是陈立\n另一位是马林\n第三位嘉宾\n研究员王芳\n"
                                     "这一次通过视频连线参加\n第一个问题\n陈立说\n他断言到二零三零年\n市场规模\n一定能做到五百亿\n",
                                people, topics)
    write_up = [Statement("w", (3, 3), None, "other", "paragraph", "陈立到场发言，马林因故留在外地，通过视频连线参与讨论。", False)]
    found = presence_conflicts(narration + write_up, people)
    assert [(c["person"], [(s["source"], s["value"]) for s in c["sides"]]) for c in found] == [
        ("马林", [("w", "马林: by video link"), ("n", "马林: on stage")])]     # 王芳: by video link, said once
    spoken = [Statement("t", (9, 9), "陈立", "pay", "turn", "我估计到2030年，这一块的市场规模有可能做到500亿左右，前提是长护险能推开。", True)]
    statements = spoken + narration
    hedges = [c for _, c in transcript_conflicts(statements, {"t": "transcript", "n": "narration"}, "t")]
    assert [(c["kind"], c["sides"][0]["excerpt"]) for c in hedges] == [("hedge", "一定能做到五百亿")]
    plain = spoken + parse_narration("n", "第一个问题\n陈立说\n到二零三零年\n市场规模\n能做到五百亿左右\n", people, topics)
    assert transcript_conflicts(plain, {"t": "transcript", "n": "narration"}, "t") == []


def test_more_than_a_round_figure_holds_it_and_the_platform_is_no_stage():
    """两百余家 holds 212家 (not 312家); 「您在平台上看数据最多」 places nobody on a stage, and 「…是通过
    视频连线来参加的，就是林晓雨林总监」 places the person the sentence names after the cue."""
    from subcast.reconcile import _disagree, presence_conflicts
    from subcast.sources import Statement

    normalise = Normaliser({})
    assert not _disagree(values(normalise("有两百余家民宿")), values(normalise("有212家民宿")))
    assert _disagree(values(normalise("有两百余家民宿")), values(normalise("有312家民宿")))
    people = People({"周敏": ["主持人"], "林晓雨": ["林总监"]})
    said = [Statement("t", (3, 3), "周敏", "other", "turn", "还有一位嘉宾今天是通过视频连线来参加的，就是林晓雨林总监。", True),
            Statement("t", (9, 9), "周敏", "q1", "turn", "林总监，您在平台上看数据最多，要不您先来？", True),
            Statement("b", (5, 5), None, "other", "paragraph", "三位来宾在台上一字排开，林总监就坐在中间。", False)]
    found = presence_conflicts(said, people)
    assert [[(s["source"], s["value"]) for s in c["sides"]] for c in found] == [
        [("t", "林晓雨: by video link"), ("b", "林晓雨: on stage")]]
    assert presence_conflicts(said[:2], people) == []


def test_visits_are_counted_as_visits():
    assert [v.text for v in values(Normaliser({})("这次来了12万人次"))] == ["12万人次"]
