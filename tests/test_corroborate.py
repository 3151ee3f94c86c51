"""The transcript decides whose words a write-up's sentence is (issue 19): a made-up panel
whose write-up credits the host's remark to a panelist and reports a talk given elsewhere."""
from dataclasses import replace

from subcast.config import defaults, entry, filled, reconcile_settings
from subcast.corroborate import Transcript, normalised
from subcast.reconcile import reconcile
from subcast.summarise import Settings, summarise, witnesses

TRANSCRIPT = """**主持人：**

今天聊端侧。我想问大家一个问题，手机上的大模型什么时候能真正好用？

**王立：**

我觉得要看芯片。我们星河云测过，二六年的旗舰芯片已经能跑七十亿参数的模型，速度每秒二十个词。

但是内存还是瓶颈，十六G的手机放不下更大的模型。

**主持人：**

王立讲到芯片。其实明年最关键的一个 Bet，可能就是端侧的隐私计算。

**陈思：**

我补充一点，端侧模型最大的价值是离线，用户在地铁里没有信号也能用。

我们做的输入法已经把三成的请求放在本地处理，延迟降到原来的一半。

**赵敏：**

我其实更关心电池。模型一跑起来手机就发烫，续航掉得很厉害，这个问题不解决，用户不会天天用。
"""

WRITEUP = """# 端侧圆桌

## 端侧：手机上的大模型什么时候能真正好用

- 陈思押注隐私：2027年端侧最关键的Bet是隐私计算能否落地。
- 陈思指出，端侧模型最大的价值是离线，没有信号也能用。
- 陈思表示，端侧芯片明年将在三个城市建设新的数据中心，总投资五十亿元。
- 王立透露，2026年的旗舰芯片已能跑70亿参数的模型。
- 赵敏担心发烫和续航，认为这个问题不解决用户就不会天天用。
"""


def _reconciled(tmp_path, transcript: str, notes: str, people: list[str], *topics: dict) -> dict:
    """The reconciled document of a made-up panel: a transcript and a write-up."""
    (tmp_path / "panel.txt").write_text(transcript, encoding="utf-8")
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    sources = {"t": entry("sources", path=str(tmp_path / "panel.txt"), shape="transcript"),
               "n": entry("sources", path=str(tmp_path / "notes.md"), shape="markdown")}
    return reconcile(sources, {name: [] for name in people}, list(topics),
                     reconcile_settings({"reconcile": defaults("reconcile"), "other_sections": []}))


def _document(tmp_path):
    people = ["主持人", "王立", "陈思", "赵敏"]
    topic = {"id": "edge", "title": "端侧", "opens": ["今天聊端侧"], "words": ["端侧", "芯片", "手机"]}
    return _reconciled(tmp_path, TRANSCRIPT, WRITEUP, people, topic), set(people)


def test_the_transcript_says_whose_words_a_write_up_sentence_is(tmp_path):
    document, _ = _document(tmp_path)
    transcript = Transcript.of(document)
    assert transcript.bears_out("陈思指出，端侧模型最大的价值是离线，没有信号也能用。", "陈思", 0.3)
    assert transcript.bears_out("王立透露，2026年的旗舰芯片已能跑70亿参数的模型。", "王立", 0.3)   # 二六年 said
    # The host's remark credited to a panelist: the host says more of it than she does.
    host_line = "陈思押注隐私：2027年端侧最关键的Bet是隐私计算能否落地。"
    support = transcript.support(host_line)
    assert support["主持人"] > support.get("陈思", 0.0)
    assert not transcript.bears_out(host_line, "陈思", 0.3)
    # A talk given elsewhere that day: nobody on this stage says it.
    assert not transcript.bears_out("陈思表示，端侧芯片明年将在三个城市建设新的数据中心，总投资五十亿元。",
                                    "陈思", 0.3)


def test_spoken_numbers_and_market_terms_compare_with_written_ones():
    assert "2026年" in normalised("二六年的芯片") and "2026年" in normalised("26 年")
    assert "TOB" in normalised("To B 市场") and "TOB" in normalised("2B 的客户") and "TOB" in normalised("toB")


def test_a_summary_never_gives_a_panelist_words_the_transcript_gives_someone_else(tmp_path):
    document, names = _document(tmp_path)
    cfg = filled("summary", {"target_chars": 200, "max_chars": 260, "min_turns": 1, "exclude_speakers": ["主持人"]})
    summary = summarise(document, cfg, names)["edge"]
    spoken = "".join(summary["ear"])
    assert "隐私计算" not in spoken, summary["ear"]
    assert "数据中心" not in spoken, summary["ear"]
    assert "陈思" in spoken and "离线" in spoken      # her own point is still hers
    # The gate is what keeps them out: each is a witness for 陈思 once it is turned off.
    settings = Settings.from_config(cfg)
    shapes = {sid: s["shape"] for sid, s in document["sources"].items()}
    statements = document["statements"]
    points = {statements[k]["text"]: p for p in document["topics"][0]["points"] for k in p["statements"]}
    transcript = Transcript.of(document)
    for said in ("陈思押注隐私：2027年端侧最关键的Bet是隐私计算能否落地。",
                 "陈思表示，端侧芯片明年将在三个城市建设新的数据中心，总投资五十亿元。"):
        point = points[said]
        assert witnesses(point, statements, shapes, "陈思", settings, transcript=transcript) == []
        assert witnesses(point, statements, shapes, "陈思", replace(settings, transcript_support=0),
                         transcript=transcript)


def test_a_write_up_that_drops_a_hedge_or_part_of_a_name_is_told_apart():
    transcript = Transcript([("王立", "我觉得明年价格可能还会再降百分之三十，这个不好说。"),
                             ("王立", "Claude Code 它已经写了 Claude Code 这个项目的大部分代码。"),
                             ("陈思", "我当时去谷歌 AGI House 讲过，ASI 最重要的点就是自主学习。")])
    assert transcript.hedged_clause("明年价格还会再降30%。", "王立")
    assert not transcript.hedged_clause("明年价格可能再降30%。", "王立")      # the hedge kept
    assert not transcript.hedged_clause("明年价格还会再降30%。", "陈思")      # she said no such thing hedged
    assert transcript.misnames("Claude 已经写了这个项目的大部分代码。", "王立")
    assert not transcript.misnames("Claude Code 已经写了这个项目的大部分代码。", "王立")
    assert transcript.misnames("AGI 最重要的点就是自主学习。", "陈思")      # only ever AGI House


def test_a_write_up_that_changes_a_word_inside_a_quote_is_told_apart():
    """A close quote with another word inside it misquotes the speaker (「产业设计」 for
    「产品设计」, a named company turned 「什么」, a subject put where the speaker said "the
    bottleneck"); a retelling's frame, 我们 resolved, a gloss or numbers as digits do not."""
    transcript = Transcript([
        ("王立", "我觉得无论是商业还是产品设计，我们都已经做得更好了。"),
        ("王立", "不管是 Waymo 还是 Tesla，他们大量的资金都投入到下一代的传感器当中去。"),
        ("陈思", "我讲两点。我觉得第一点就是说，这个事情的 Bottleneck 其实不是算法，而是路测数据。"),
        ("陈思", "我们的车队大概一到两千台，明年可能翻倍。")])
    assert transcript.misquotes("无论是商业，还是产业设计，我们都已经做得更好了。", "王立") == [("业", "品")]
    assert transcript.misquotes("不管是Waymo还是什么，他们大量的资金都投入到下一代的传感器当中去。", "王立")
    assert transcript.misquotes("“第一，无人驾驶不是算法，而是路测数据。”", "陈思")
    # Faithful quotes: a frame, 我们 → 中国, a gloss in brackets, 一到两千 as 1-2千, words left out.
    assert not transcript.misquotes("王立表示：「无论是商业还是产品设计，中国都已经做得更好了。」", "王立")
    assert not transcript.misquotes("不管是Waymo还是Tesla，他们大量的资金（投资）都投入到下一代的传感器。", "王立")
    assert not transcript.misquotes("我们的车队大概1-2千台，明年可能翻倍。", "陈思")
    # A paraphrase is no quote: `bears_out` judges it.
    assert not transcript.misquotes("陈思认为瓶颈在数据。", "陈思")


def test_a_retelling_that_states_as_fact_what_the_speaker_hedged_is_told_apart():
    """A paraphrase, no close quote: the speaker's sentence that says most of it was a belief
    (我愿意相信…可能) and the retelling states it as a cause."""
    transcript = Transcript([
        ("王立", "我愿意相信星河云它可能不是说电池真的很厉害，而是因为他们跟车队交流真的非常多。"),
        ("王立", "我们今年的订单翻了一倍，欧洲卖得最好。")])
    assert transcript.unhedged("星河云的成功是由于频繁与车队交流，发现了电池的真实需求。", "王立")
    assert transcript.unhedged("星河云可能是因为跟车队交流得多才做好了电池。", "王立") is None   # the hedge kept
    assert transcript.unhedged("今年订单翻倍，欧洲卖得最好。", "王立") is None                  # said flat
    # the speaker's own vantage (至少从我这边来看) is a hedge a write-up's flat fact drops
    transcript = Transcript([
        ("陈思", "今天我跟欧洲的很多车企聊起来，他们都没想到欧洲换电站的数量居然会非常多。"),
        ("陈思", "其实在国内其实还真的没有那么多，就至少从我这边来看，但是在欧洲的话基本上全都是换电。")])
    assert transcript.unhedged("在欧洲，车企都没想到换电站的数量会非常多，但是在国内市场还没有形成同样的规模。", "陈思")
    assert transcript.unhedged("她说至少从她看到的情况，国内换电站还没有那么多。", "陈思") is None


def test_a_quote_that_drops_the_speaker_s_hedge_or_adds_a_must_is_told_apart():
    transcript = Transcript([
        ("陈思", "我觉得可能未来中国也许的机会吧，第一个就是一群工程师真的敢做特别冒险的事。"),
        ("王立", "我们发现在 2C 的应用上，软硬一体还是成立的，模型和产品是紧密迭代的。")])
    assert ("", "可能") in transcript.misquotes("“中国的机会是一群工程师真的敢做特别冒险的事。”", "陈思")
    assert not transcript.misquotes("中国的机会也许是一群工程师真的敢做特别冒险的事。", "陈思")
    assert transcript.overstates("To C 应用必须走软硬一体路线，模型与产品紧密迭代。", "王立") == "必须"
    assert transcript.overstates("在To C的应用上，软硬一体还是成立的。", "王立") is None
    assert transcript.overstates("To C 应用必须走软硬一体路线。", "陈思") is None    # not hers at all
    # emphasis a narration adds: 「…这才是成功的关键」, 「…天然的优势」
    assert transcript.overstates("模型和产品紧密迭代，这才是软硬一体成立的关键。", "王立") == "这才是"
    assert transcript.overstates("在 To C 的应用上，软硬一体有着天然的优势。", "王立") == "天然"


def test_a_summary_says_the_speaker_s_word_where_a_write_up_misquotes_it(tmp_path):
    people = ["主持人", "王立"]
    transcript = ("**主持人：**\n\n今天聊自动驾驶。中国能不能领先？\n\n**王立：**\n\n"
                  "我觉得概率挺高。无论是商业还是产品设计，国内都已经比国外做得更好了。\n\n"
                  "但是在芯片上我们还差一代，这个差距要靠时间补。\n")
    notes = ("# 自动驾驶圆桌\n\n## 领先\n\n"
             "- 王立：无论是商业还是产业设计，国内都已经比国外做得更好了。\n")
    topic = {"id": "lead", "title": "领先", "opens": ["今天聊自动驾驶"], "words": ["领先", "芯片", "商业"]}
    document = _reconciled(tmp_path, transcript, notes, people, topic)
    cfg = filled("summary", {"target_chars": 200, "max_chars": 260, "min_turns": 1, "exclude_speakers": ["主持人"]})
    spoken = "".join(summarise(document, cfg, set(people))["lead"]["ear"])
    assert "产品设计" in spoken and "产业设计" not in spoken, spoken
    # The gate is what keeps the misquote out: off, the write-up's cleaner line is said.
    cfg["transcript_support"] = 0
    assert "产业设计" in "".join(summarise(document, cfg, set(people))["lead"]["ear"])


def test_words_a_write_up_gives_the_wrong_person_are_an_attribution_conflict(tmp_path):
    document, _ = _document(tmp_path)
    found = [c for c in document["conflicts"] if c["kind"] == "attribution"]
    assert len(found) == 1, found
    write_up, transcript = found[0]["sides"]
    assert (write_up["source"], write_up["value"]) == ("n", "陈思") and "押注隐私" in write_up["excerpt"]
    assert (transcript["source"], transcript["value"]) == ("t", "主持人") and "Bet" in transcript["excerpt"]
    assert transcript["lines"] == [13, 13]            # the host's line in panel.txt


def test_a_quote_a_panelist_borrows_is_not_theirs_to_say(tmp_path):
    """Words a speaker credits to someone else (「他说：“…”」 in the transcript, a write-up's quote
    after 「…借用了导师的一句话：」) are never spoken as the speaker's own."""
    people = ["主持人", "陈思"]
    document = _reconciled(
        tmp_path,
        "**主持人：**\n\n今天聊保险。我想问大家一个问题，无人车的保费为什么这么贵？\n\n**陈思：**\n\n"
        "我们老院长常说一句话，他说：“自动驾驶的账，最后是算给保险公司看的。”\n\n"
        "保险公司缺少历史数据，所以保费是普通网约车的两倍多。\n",
        "# 保险圆桌\n\n## 保险\n\n陈思借用了自己导师的一句话：\n\n> “自动驾驶的账，最后是算给保险公司看的。”\n\n"
        "- 陈思指出，保险公司缺少历史数据，所以保费是普通网约车的两倍多。\n",
        people, {"id": "cover", "title": "保险", "opens": ["今天聊保险"], "words": ["保险", "保费"]})
    cfg = filled("summary", {"target_chars": 200, "max_chars": 260, "min_turns": 1, "exclude_speakers": ["主持人"]})
    spoken = "".join(summarise(document, cfg, set(people))["cover"]["ear"])
    assert "算给保险公司看" not in spoken and "历史数据" in spoken, spoken


def test_a_hedge_the_write_up_drops_and_a_number_it_changes_twice_are_each_one_disagreement(tmp_path):
    document = _reconciled(
        tmp_path,
        "**主持人：**\n\n今天聊端侧。我想问大家一个问题，手机上的大模型什么时候能真正好用？\n\n**王立：**\n\n"
        "我觉得明年的旗舰芯片可能能跑一百三十亿参数的模型，这个要看内存。\n\n"
        "我们的用户里面，百分之六十三的人每天都会用语音助手。\n",
        "# 端侧圆桌\n\n- 王立：每天用语音助手的用户达73%\n\n## 端侧：手机上的大模型什么时候能真正好用\n\n"
        "- 王立透露，明年的旗舰芯片能跑130亿参数的模型，关键看内存。\n"
        "- 王立提到，他们的用户里有73%的人每天都会用语音助手。\n",
        ["主持人", "王立"], {"id": "edge", "title": "端侧", "opens": ["今天聊端侧"], "words": ["端侧", "芯片", "手机", "用户"]})
    kinds = [c["kind"] for c in document["conflicts"]]
    hedge = next(c for c in document["conflicts"] if c["kind"] == "hedge")
    stated, hedged = hedge["sides"]
    assert "130亿" in stated["excerpt"] and "可能" in hedged["excerpt"] and hedged["source"] == "t"
    assert kinds.count("number") == 1, document["conflicts"]
    number = next(c for c in document["conflicts"] if c["kind"] == "number")
    assert sorted(s["source"] for s in number["sides"]) == ["n", "n", "t"], number


def test_a_write_up_filing_an_answer_under_another_question_is_not_heard_there(tmp_path):
    """The write-up files 王立's answer on price under the safety question: the safety summary
    does not give it as his answer there."""
    people = ["主持人", "王立", "陈思"]
    document = _reconciled(
        tmp_path,
        "**主持人：**\n\n第一个问题聊价格。我想问大家，储能价格还会继续降吗？\n\n**王立：**\n\n"
        "我觉得价格还会再降一半，因为电芯产能严重过剩。其实过剩的原因是大家都在扩产，二线厂的库存已经堆到了明年。\n\n"
        "**陈思：**\n\n价格战打到最后，拼的是谁的现金流更长。\n\n**主持人：**\n\n第二个问题聊安全。大家觉得储能电站怎么才能让人放心？\n\n**王立：**\n\n"
        "星河每一个电站都装了热失控预警，提前半小时就能报警。\n\n**陈思：**\n\n安全最重要的是数据透明，事故数据要公开。\n",
        "# 储能圆桌\n\n## 安全：怎么让人放心\n\n- 王立从供需角度判断：扩产让二线厂的库存堆到了明年，价格还要再降一半。\n"
        "- 陈思强调，安全最重要的是数据透明，事故数据要公开。\n",
        people,
        {"id": "price", "title": "价格", "opens": ["第一个问题聊价格"], "words": ["价格", "降价"]},
        {"id": "safety", "title": "安全", "opens": ["第二个问题聊安全"], "words": ["安全", "放心", "事故"]})
    filed = next(s for s in document["statements"] if s["source"] == "n" and "降一半" in s["text"])
    assert filed["topic"] == "safety"          # where the write-up put it
    cfg = filled("summary", {"target_chars": 200, "max_chars": 260, "min_turns": 1, "exclude_speakers": ["主持人"]})
    summaries = summarise(document, cfg, set(people))
    assert not any("降一半" in line for line in summaries["safety"]["ear"]), summaries["safety"]["ear"]
    assert any("热失控" in line for line in summaries["safety"]["ear"]), summaries["safety"]["ear"]


def test_a_contrast_that_hedges_one_half_and_states_the_other_flat_is_told_apart():
    """「一些在手机上跑的，明年很快就能做到，但三五年后可能要靠眼镜」 where the speaker hedged
    both halves: the flat half drops 可能."""
    transcript = Transcript([
        ("王立", "这些东西我觉得可能明年很快就能做到，但我觉得接下来三到五年，可能要跟眼镜这种设备结合在一起了。")])
    assert transcript.unhedged("一些在手机上跑的，明年很快就能做到，但接下来三到五年的任务，可能和眼镜结合起来。", "王立")
    assert transcript.unhedged("一些在手机上跑的，可能明年就能做到，但接下来三到五年，可能和眼镜结合起来。", "王立") is None


def test_a_reason_retold_without_the_point_it_gives_a_reason_for_is_told_apart():
    transcript = Transcript([
        ("陈思", "我觉得还有一个约束，就是国内能不能有更成熟的付费市场。"),
        ("陈思", "因为今天我们看到很多做企业软件的这些产品，它还是会诞生在欧洲，因为那些付费意愿更强。"),
        ("赵敏", "因为我觉得今天手机和手表也好，我们其实是在服务真实的用户，所以我们其实想的问题是怎么让生活变得更好。"),
        ("赵敏", "续航掉得很厉害，因为模型一跑起来手机就发烫。")])
    # the reason alone: after 「因为」 opening a sentence, or inside 「因为…所以…」
    assert transcript.reason_only("今天很多做企业软件的产品还是会诞生在欧洲。", "陈思")
    assert transcript.reason_only("今天手机和手表都是在服务真实的用户。", "赵敏")
    # the point said too, or the text's own 因为, or a reason closing its sentence
    assert transcript.reason_only("手机和手表都在服务真实的用户，所以要想怎么让生活变得更好。", "赵敏") is None
    assert transcript.reason_only("因为付费意愿更强，企业软件还是诞生在欧洲。", "陈思") is None
    assert transcript.reason_only("续航掉得很厉害。", "赵敏") is None


def test_the_writer_s_comment_after_a_panelist_s_words_is_not_said_as_theirs():
    """「…很贵的玩具，全场笑翻」: the room's laugh and the writer's taste are the write-up's own;
    a clause the speaker said, and their own 好笑, stay."""
    transcript = Transcript([("王立", "在不对的场景里，无人机就是一个很贵的玩具。"),
                             ("陈思", "无人机不应该成为会飞的摄像头，这句话很好笑但是是真的。")])
    assert transcript.said_part("王立认为在错的场景里，无人机就是一个很贵的玩具，全场笑翻。", "王立") == \
        "王立认为在错的场景里，无人机就是一个很贵的玩具。"
    assert transcript.said_part("在错的场景里无人机是玩具，这个形容我很喜欢。", "王立") == "在错的场景里无人机是玩具。"
    assert transcript.said_part("无人机就是一个很贵的玩具，是整场最好的注解。", "王立") == "无人机就是一个很贵的玩具。"
    said = "无人机不应该成为会飞的摄像头，这句话很好笑。"
    assert transcript.said_part(said, "陈思") == said      # her own words
    assert transcript.said_part("无人机就是一个很贵的玩具，不能乱用。", "王立") == "无人机就是一个很贵的玩具，不能乱用。"


def test_a_forecast_the_speaker_left_open_between_two_figures_is_hedged():
    """「…会有一个盈亏平衡点。什么时候呢，三年还是四年，我说不好」 retold as 「三年后将实现盈亏平衡」
    drops the hedge, though the claim and its hedge are two sentences; a retelling that keeps the
    doubt in words, a different three (三条产线), or a count of items (应该有四个阶段) does not."""
    transcript = Transcript([("王立", "我觉得社区咖啡这个生意，会有一个盈亏平衡点。"),
                             ("王立", "什么时候能到呢，三年还是四年，我说不好，要看租金能不能降下来。"),
                             ("陈思", "我觉得门店的扩张应该有四个阶段。")])
    assert transcript.hedged_clause("王立明确表示，三年后社区咖啡门店将迎来盈亏平衡点。", "王立")
    assert not transcript.hedged_clause("王立说社区咖啡的盈亏平衡点一定会来，到底三年还是四年，他也说不准。", "王立")
    assert not transcript.hedged_clause("王立表示，社区咖啡门店明年再开三条产线。", "王立")
    assert not transcript.hedged_clause("陈思提出门店扩张的四个阶段。", "陈思")


def test_a_wish_is_no_forecast():
    """「我个人希望到2030年收入能高三成」 retold as 「到2030年收入能比现在高三成」 drops the hedge."""
    transcript = Transcript([("王立", "我个人希望到2030年一线店员的收入能比现在高个三成左右，这个不是我们一家能决定的。")])
    assert transcript.unhedged("到2030年，一线店员的收入能比现在高三成左右。", "王立")
    assert not transcript.unhedged("他希望到2030年，一线店员的收入能比现在高三成左右。", "王立")


def test_a_target_hoped_for_is_hedged_and_a_span_is_its_own_hedge():
    """「…过夜率到了27%…如果顺利的话，2026年希望能到35%左右」 retold 「到2026年，过夜游客占比将达到35%」
    drops the hedge (the claim shares its year and subject with the speaker's sentences before);
    「声量只撑三到五天」 for 「声量大概只能持续3到5天」 keeps the span the speaker gave."""
    transcript = Transcript([("陈立", "去年过夜率到了27%。"), ("陈立", "这个27%是全县的口径。"),
                             ("陈立", "我们的目标是，如果顺利的话，2026年希望能到35%左右，但是这个我不敢打包票。"),
                             ("王芳", "那种请明星的，声量大概只能持续3到5天，然后就断崖式下滑了。")])
    assert transcript.hedged_clause("陈立表示，到2026年，青溪过夜游客占比将达到35%。", "陈立")
    assert not transcript.hedged_clause("王芳说请明星的节庆声量只撑三到五天。", "王芳")
