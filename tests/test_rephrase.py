"""A witness's words retold in the third person only where that is certain, and said for the ear."""
import pytest

from subcast.rephrase import Referents, for_the_ear, rephrase, third_person

ORGS = Referents({"王立": ("星河云",), "陈思": ("山海智能团队", "山海")}, "中国", ("美国",))


@pytest.mark.parametrize("text, speaker, said", [
    ("我们星河云今年降价了百分之八十。", "王立", "星河云今年降价了百分之八十"),          # named: no 星河云星河云
    ("我们山海今年做了开源。", "陈思", "山海今年做了开源"),                             # one of its names
    ("我们发现用户对价格非常敏感。", "陈思", "用户对价格非常敏感"),                     # a frame, not a claim on 我们
    ("我们今天发现很多人愿意付溢价。", "陈思", "很多人愿意付溢价"),
    ("第一，自主学习不是一个方法论。", "王立", "自主学习不是一个方法论"),
    ("我们发现，其实在 To C 的应用上，垂直整合还是成立的。", "王立", "在 To C 的应用上，垂直整合还是成立的"),
    ("我对明年会有范式革新有信心。", "王立", "自己对明年会有范式革新有信心"),
    ("美国的算力可能比我们大一到两个数量级。", "王立", "美国的算力可能比中国大一到两个数量级"),   # hedge kept
    ("另一个感受就是说垂直整合这条路也开始分化了。", "王立", "另一个感受是垂直整合这条路也开始分化了"),
    ("她还担心，利润被挤干之后，研发预算会先被砍。", "陈思", "利润被挤干之后，研发预算会先被砍"),
    ("许静怡回应称，出货有很大一部分来自两轮车。", "许静怡", "出货有很大一部分来自两轮车"),
    # others' view against the speaker's: both kept, the speaker's as 自己
    ("很多人说明年才会降价，我觉得今年就降了。", "王立", "很多人说明年才会降价，自己觉得今年就降了"),
    ("有人认为开源会赢，但我认为闭源还会领先。", "陈思", "有人认为开源会赢，自己觉得闭源还会领先"),
    # "we see" is a frame; the time it names stays
    ("今天我们看到很多储能项目还是建在西北。", "王立", "今天很多储能项目还是建在西北"),
    # a bullet's label that says when is kept; another label is not
    ("- **第一阶段**（当前）：机器人只在工厂里搬箱子", "陈思", "当前是第一阶段，机器人只在工厂里搬箱子"),
    ("- **第二阶段**：机器人进入家庭", "陈思", "第二阶段，机器人进入家庭"),
    ("- **长期目标**：家家户户都有一台机器人", "陈思", "长期，家家户户都有一台机器人"),
    ("- **核心观点**：价格战不可持续", "陈思", "价格战不可持续"),
    ("储能的话是一个基础设施。", "王立", "储能是一个基础设施"),          # a topic marker
    ("如果明年还降价的话是好事。", "王立", "如果明年还降价的话是好事"),    # an if: kept
    ("老客户说的话是最准的。", "王立", "老客户说的话是最准的"),            # words said: kept
    ("我的看法是，越是难的任务越离不开实测数据。", "陈思", "越是难的任务越离不开实测数据"),   # a label on the claim
    ("我的预测，冷链车三年后会占到一半以上。", "陈思", "冷链车三年后会占到一半以上"),
    # 我们自己的, 我们公司: the speaker's house even where another country is named
    ("在美国建一座电站，按我们自己的经验，要两年。", "王立", "在美国建一座电站，按星河云自己的经验，要两年"),
    ("我们的电网比美国的新。", "王立", "中国的电网比美国的新"),
    # the listener's memory called on, and 我反而觉得 against a worry not said, are frames
    ("大家可能还记得2023年那次大停电，持续了好几天。", "王立", "2023年那次大停电，持续了好几天"),
    ("我反而觉得，电池越便宜，做好系统的团队越值钱。", "陈思", "电池越便宜，做好系统的团队越值钱"),
    ("我的回答是，大概率还是本地公司领先。", "陈思", "大概率还是本地公司领先"),       # a label on the answer
    ("我个人对明年挺乐观的。", "王立", "自己对明年挺乐观的"),                      # not 自己个人
    ("我自己的判断是，以后冷链车会占到一半以上。", "陈思", "以后冷链车会占到一半以上"),
    ("但是我想讲的一个体会是，电池不是越大越好。", "王立", "电池不是越大越好"),
    ("一代一代的人塑造了这些公司，要一步一步来。", "王立", "一代一代的人塑造了这些公司，要一步一步来"),  # not a stammer
    ("我们中国有很多的聪明才智，比美国更快。", "王立", "中国有很多的聪明才智，比美国更快"),          # not 中国中国
    ("我观察就是说现在人和人的差距在拉大。", "陈思", "现在人和人的差距在拉大"),                      # a frame
    ("联邦学习的主要思想就是说多个中心协作。", "陈思", "联邦学习的主要思想是多个中心协作"),
    ("我其实对明年会有比较大的降价，我倒是挺乐观的。", "王立", "对明年会有比较大的降价，自己挺乐观的"),
    # an example's 比如 opening a whole claim: the claim stands alone
    ("比如说美国的储能装机，可能整体比我们大一到两个数量级。", "王立", "美国的储能装机，可能整体比中国大一到两个数量级"),
    # 「我们星河云预计，…」: the attribution says who expects it, once
    ("我们星河云预计，到2028年，接入的设备会超过五十万台。", "王立", "到2028年，接入的设备会超过五十万台"),
    # 吧 after a figure hedges it: the hedge stays, said 大概
    ("三年后市场份额第一的概率，我觉得是20%吧，已经非常乐观了。", "王立", "三年后市场份额第一的概率，大概是20%，已经非常乐观了"),
    ("我觉得百分之二十吧。", "王立", "大概是百分之二十"),
    # a list of the speaker's own under a head that counts it: said with the verb that lists it
    ("王立补充了三个决定储能项目成败的因素：价值、成本、速度。", "王立", "补充了三个决定储能项目成败的因素：价值、成本、速度"),
    # 就是 after what it names is the copula: 是 stays when the fillers go
    ("我觉得今天能做的最有意义的事情，其实就是更好的培训。", "陈思", "今天能做的最有意义的事情是更好的培训"),
    ("储能最大的问题，就是回本太慢。", "王立", "储能最大的问题是回本太慢"),
    ("电池其实就是一种化学品。", "王立", "电池是一种化学品"),
    ("确实要承认，储能和海外还有差距，这是第一点。", "王立", "确实要承认，储能和海外还有差距"),       # counting points
    ("我会说，先把事故数据的口径统一起来。", "陈思", "先把事故数据的口径统一起来"),                  # a frame
    # an aside that narrows the claim is said; a gloss is not
    ("很多（起码欧洲的）车主，是会愿意多付钱的。", "王立", "很多，起码欧洲的车主，是会愿意多付钱的"),
    ("欧洲的 Grid（电网）比国内老。", "王立", "欧洲的 Grid比国内老"),
    # 不是说…而是说, 倒是, 很明显的一点就是说: spoken frames the written sentence drops
    ("更多时候不是说电池不够，而是说调度跟不上。", "陈思", "更多时候不是电池不够，而是调度跟不上"),
    ("我对明年倒是挺乐观的。", "王立", "自己对明年挺乐观的"),
    ("对于储能来说，很明显的一点就是说，电价越高越值钱。", "王立", "对于储能来说，电价越高越值钱"),
    ("不是说话多的人就对。", "王立", "不是说话多的人就对"),
    ("我觉得现在是有的，现在是有的。", "王立", "现在是有的"),                          # a clause said twice
    ("目前看起来 To B 才，或者说车队这种场景才刚刚开始。", "陈思", "目前看起来 To B，或者说车队这种场景才刚刚开始"),  # a restart
    # a count announced with its first item only is said as that item; a whole list stays
    ("现在除了电池之外有两个瓶颈，一个是电网接入的问题。", "王立", "现在除了电池之外，一个瓶颈是电网接入的问题"),
    ("有两个 Bottleneck，一个是 Deployment 问题。", "王立", "一个 Bottleneck 是 Deployment 问题"),
    ("有两个原因，一个是成本，另一个是人才。", "王立", "有两个原因，一个是成本，另一个是人才"),
    ("我是觉得明年一定会降价。", "王立", "明年一定会降价"),                          # 我是觉得: a frame
    ("我经常讲，电池不是白菜，不能按斤卖。", "王立", "电池不是白菜，不能按斤卖"),       # 我经常讲: a frame
    ("我估计十年以后，电池还是主要的成本。", "王立", "十年以后，电池还是主要的成本"),   # 我估计: the verb says it (预计)
    ("我预测到2030年，储能装机能翻一番。", "王立", "到2030年，储能装机能翻一番"),
    ("对于toB来说价格更重要。", "王立", "对于To B来说价格更重要"),                    # written toB, said To B
    ("下一步要想的是押什么东西，就下一仗打什么东西。", "王立", "下一步要想的是押什么东西"),    # restated with 就: once
    ("先做电池，就做储能电池。", "王立", "先做电池，就做储能电池"),                  # a narrowing, not a restatement
    ("那里有一个点，还没有连成网。", "陈思", "那里有一个点，还没有连成网"),    # 那里 is no 那 (then)
    ("我给一个数字，2025年，全市的投诉是1900多件。", "陈思", "2025年，全市的投诉是1900多件"),   # announced, then given
    # 他的说法是: a frame like 他认为, not 他的 + 说
    ("她的说法是，直播解决的是第一次下单。", "陈思", "直播解决的是第一次下单"),
    ("他说明了原因。", "王立", "他说明了原因"),
    ("说白了，希望将来哪家的电池都能用。", "王立", "说白了，希望将来哪家的电池都能用"),
    # a self-repair says the figure it ends on; 「是两百，不是三百」 is no repair
    ("县里去年是两百五十——不对，两百六十户在做直播。", "王立", "县里去年是两百六十户在做直播"),
    ("大概三成，不对不对，四成的车主。", "王立", "大概四成的车主"),
    ("一共是两百五十——不对，两百六十台，上个月刚交付了一批，我记混了。", "王立", "一共是两百六十台，上个月刚交付了一批"),
    ("装机是两百台，不是三百台。", "王立", "装机是两百台，不是三百台"),
    # how it is put (说得直白一点, 说实话), a pause particle 啊 and a trailing-in …… are not said
    ("我说得直白一点啊，最大的短板是人。", "陈思", "最大的短板是人"),
    ("说实话，这个钱不好赚。", "王立", "这个钱不好赚"),
    ("所以我说短板是人，不是房子。", "陈思", "短板是人，不是房子"),            # 我说 framing a verdict
    ("我说了不算，得听大家的。", "陈思", "自己说了不算，得听大家的"),
    ("我觉得……最大的短板啊，覆盖面还不够。", "王立", "最大的短板，覆盖面还不够"),
    # 我 in a voice the speaker gives someone else is not the speaker: no witness
    ("星河云它可能不是说今天我觉得电池很厉害，然后我就押注它。", "王立", None),
    # the example announced, and the room's knowledge called on, are not said
    ("我举个我们自己的例子啊，我们2021年在城东开了第一家店。", "王立", "以星河云自己为例，星河云2021年在城东开了第一家店"),
    ("大家知道，这个行业的门槛其实一直在降。", "王立", "这个行业的门槛一直在降"),
    # a write-up's label naming what the figures are of is their subject (not 王总的观点：)
    ("王总的单店成本：去年是28元，现在是十二块。", "王立", "单店成本去年是28元，现在是十二块"),
    ("王总的观点：门槛一直在降。", "王立", "门槛一直在降"),
    ("王总的口头禅：「开店是慢生意」", "王立", "开店是慢生意"),          # no figures: the label goes
    # the speaker introducing their house, counting their points, a note's arrow
    ("我先简单说一下我们星河云的盘子，星河云现在一共是37家店。", "王立", "星河云现在一共是37家店"),
    ("第二个判断是行业会洗牌，小店未来五年会很难。", "王立", "行业会洗牌，小店未来五年会很难"),
    ("买单的六成是子女 → 广告要给子女看", "王立", "买单的六成是子女，所以广告要给子女看"),
    # a topic before its comment is no noun before 我; 我 inside someone's quoted words is theirs
    ("这个数我真的不敢打包票。", "王立", "这个数自己真的不敢打包票"),
    ("很多老人会说“我还能动”，所以要打动子女。", "王立", None),
    # a symbol said as words, an English alias not said
    ("今年改成两天的节＋两个周末的市集。", "王立", "今年改成两天的节，加上两个周末的市集"),
    ("个人家庭＋长护险＋政府补贴", "王立", "个人家庭、长护险、政府补贴"),   # a list (the checker refuses it)
    ("星河云在测一个产品，叫慢游计划，英文内部叫slow travel，就是把路线打包。", "王立",
     "星河云在测一个产品，叫慢游计划，把路线打包"),
])
def test_a_statement_is_retold_in_the_third_person(text, speaker, said):
    assert rephrase(text, speaker, ORGS, 90) == said


@pytest.mark.parametrize("text, speaker", [
    ("我们都很头痛这个问题。", "陈思"),                           # a generic we, no organisation named
    ("一个用户找不到答案，但你却能帮他解决。", "王立"),           # a hypothetical user's 你
    ("一个用户说，我找遍了都没找到。", "王立"),                   # someone else's 我
    ("像美国我看到 Zoom 做了联邦学习系统。", "王立"),             # 我 after a noun: not a subject
    ("他转述一位老客户的话：“我不买技术，我买度电成本。”", "王立"),  # a quote of someone else
    ("我们可以回顾一下互联网的发展，一开始也是从美国开始。", "王立"),  # inviting the room, not 中国
    ("我们老院长常说一句话，他说：“账最后是算给保险公司看的。”", "王立"),  # the dean's words
])
def test_what_cannot_be_said_in_the_third_person_is_no_witness(text, speaker):
    assert rephrase(text, speaker, ORGS, 90) is None


def test_a_long_statement_is_cut_only_at_a_semicolon_never_at_a_comma():
    text = "开头一句话说得很长，但是它的重点在后面；后一句话也说得很长。"
    assert rephrase(text, "王立", ORGS, 24) == "开头一句话说得很长，但是它的重点在后面"
    assert rephrase("很长很长的一句话，但是重点在后面的这一半里面。", "王立", ORGS, 10) is None


def test_for_the_ear_spells_numbers_but_keeps_model_names():
    assert for_the_ear("比如 o1 在数学题上从 10 分变成 80 分，Qwen3 和 GPT-4o 在 2025 年") == \
        "比如 o1在数学题上从十分变成八十分，Qwen3和 GPT-4o 在二零二五年。"
    assert for_the_ear("Claude 已经写了它自己 95% 的代码") == "Claude 已经写了它自己百分之九十五的代码。"
    # a slash between a unit and a period is 每, a bare 2 before a measure word is 两
    assert for_the_ear("最强的是200美元/月，比别人大 1-2 个数量级，第2个，12个") == \
        "最强的是两百美元每月，比别人大一到两个数量级，第二个，十二个。"


def test_third_person_keeps_self_words():
    assert third_person("模型实现了自我学习", "王立", ORGS) == "模型实现了自我学习"


def test_the_speakers_own_question_frames_their_answer():
    from subcast.rephrase import without_fillers
    said = without_fillers("所以如果你问我五年后小店还能不能活下来，我会说，五五开吧，一半一半。")
    assert said == "对于五年后小店还能不能活下来这个问题，五五开，一半一半。", said
