"""The editor's checks on a summary sentence (shared/specs/review.md), on sentences made for
each class of wrong sentence and on sentences an editor passes."""
import pytest

from subcast.summary_check import check_summary, problems

NAMES = {"甲", "乙", "丙", "王立", "陈思", "星河云"}


def kinds(sentence, **kw):
    return {flag.kind for flag in problems(sentence, names=NAMES, **kw)}


@pytest.mark.parametrize("sentence, speaker, kind", [
    # who said it: the transcript's speaker, once
    ("陈思认为，明年价格还会再降一半。", "王立", "speaker"),
    ("乙指出，甲还判断，价格会继续下降。", "乙", "speaker"),
    ("丙认为，丙则认为开源会把价格压到零。", "丙", "speaker"),
    ("王立表示，她最担心的是研发预算被砍。", "王立", "speaker"),
    ("韩立成认为，对于出海，他表示已有海外城市接触，应先把国内城市做扎实。", "韩立成", "speaker"),
    # first and second person, outside a quotation
    ("王立认为，我们今年已经降价了。", "王立", "person"),
    ("陈思提到，一个用户找不到答案，但你却能帮他解决。", "陈思", "person"),
    # words pointing at what the listener never heard
    ("陈思认为，这也是他们的核心发力点。", "陈思", "dangling"),
    ("王立表示，它果然还是老样子。", "王立", "dangling"),
    ("王立提到，借用他的话，机器人不怕慢，就怕停。", "王立", "dangling"),
    ("王立表示，公司因此改了定价。", "王立", "dangling"),
    ("陈思提到，自己的看法更乐观一些。", "陈思", "fragment"),
    ("陈思认为，自己最担心的是他做不该做的事。", "陈思", "dangling"),
    ("陈思认为，最担心的是它做不该做的事。", "陈思", "dangling"),
    ("王立认为，无论是知识开源还是代码开源。", "王立", "fragment"),
    ("王立提到，更看重企业能不能赚钱。", "王立", "fragment"),
    ("陈思表示，把接线和调试挪进工厂。", "陈思", "fragment"),
    ("王立认为，在杭州建设数据中心。", "王立", "fragment"),
    ("王立认为，当时一名工人一分钟能搬三箱。", "王立", "dangling"),
    ("陈思提到，老年用户聊不下去，最后只在专科保留了这一功能。", "陈思", "dangling"),
    # fragments
    ("王立认为，自己倒觉得就回到一个最本质的问题。", "王立", "fragment"),    # announces, never says
    ("王立认为，自己最近也在想另外一个问题，储能电站里有一个定律叫木桶定律。", "王立", "fragment"),   # the premise alone
    ("王立认为，大部分用户大部分时候不需要那么大的电池。", "王立", "fragment"),   # 那么大: than what?
    ("陈思表示，二是电网的调度能力。", "陈思", "fragment"),                      # one item of a list
    ("陈思认为，可能是更持续地理解司机这件事情还挺重要的。", "陈思", "fragment"),   # 是 without its subject
    ("陈思提到，他们遇到问题的时候，只要多跑几万公里就解决了。", "陈思", "dangling"),
    ("王立表示，像这些理论研究孕育着一种新的电池。", "王立", "dangling"),
    ("陈思指出，如何用更少的算力获得同样的智能提升。", "陈思", "fragment"),
    ("王立认为，定价的问题，自己更想聊一下渠道。", "王立", "fragment"),      # about the talk, not a claim
    ("陈思认为，自己一直以来是做储能电池的。", "陈思", "fragment"),
    ("王立表示，自己现在看到很多，有电站空置。", "王立", "fragment"),          # a false start
    ("陈思认为，价格还会继续下降吗？", "陈思", "fragment"),
    ("王立提到，即投入多少资源能换来多少收益。", "王立", "fragment"),
    ("王立表示，所以他们发现。", "王立", "fragment"),
    ("王立认为，如果是像这样拥有10万员工的大公司。", "王立", "fragment"),
    ("陈思提到，在中国，编程的消耗还没有那么大。", "陈思", "fragment"),
    ("陈思表示，这会是一个比较大的差异。", "陈思", "dangling"),
    ("陈思表示，市场会是一个比较大的差异。", "陈思", "fragment"),
    ("王立认为，第一个模型有没有解决人的事情，价值有多大。", "王立", "fragment"),
    ("王立指出，对于大热的固态电池。", "王立", "fragment"),
    ("王立认为，智能效率，算力规模。", "王立", "fragment"),
    ("陈思提到，的，他还在做交付。", "陈思", "fragment"),
    ("王立认为，个模型确实有几个决定了未来的走势。", "王立", "fragment"),
    ("陈思认为，还是像刚刚说的，To C 和 To B 不太一样。", "陈思", "dangling"),     # what was said before
    ("陈思提到，像王立刚才引用的那个厂长说的，不怕慢，就怕停。", "陈思", "dangling"),
    ("王立表示，自己想补充一句，价格战本身不一定是坏事。", "王立", "fragment"),    # about the talk
    ("陈思提到，强化学习的潜力还没有打出来，全球范围内类似的问题还存在。", "陈思", "dangling"),
    ("唐杰表示，最后一个维度就是做应用的速度。", "唐杰", "fragment"),
    ("唐杰表示，如果成本特别大，那这个时候也是一个问题。", "唐杰", "dangling"),
    ("王立认为，一靠路权分片放开，二靠监管平台，三是路好。", "王立", "fragment"),
    ("王立认为，储能有没有可能自己去参与电力交易？", "王立", "fragment"),      # a question said as a claim
    ("王立提出一个问题：储能的？", "王立", "fragment"),
    ("陈思提到，至于解法，她提出两个方向。", "陈思", "fragment"),           # the list is elsewhere
    ("陈思提到，障碍，自己刚才说的，标准不统一。", "陈思", "dangling"),     # earlier talk, unheard
    ("陈思认为，自己说一个可能比较大胆的数字啊。", "陈思", "fragment"),     # the figure is announced only
    ("陈思表示，自己从平台这边补充一点数据。", "陈思", "fragment"),        # the data announced, none given
    ("陈思表示，自己补充隐私这一块，前面几位讲得比较少。", "陈思", "fragment"),   # the talk's course
    ("王立认为，前面两位讲了政府和企业怎么管，自己讲讲用户怎么想。", "王立", "fragment"),
    ("王立提到，现在听起来，就像一台空调外机。", "王立", "dangling"),        # what sounds like one?
    ("王立认为，整个同城配送的盘子里，还是很小的数。", "王立", "dangling"),  # what is small?
    ("陈思认为，自己没有王老师那么乐观。", "陈思", "dangling"),              # another's view, unheard
    ("陈思认为，不然医生真的会被数据淹没。", "陈思", "dangling"),            # otherwise than what?
    ("陈思认为，自己现在是把客户分成三个层次。", "陈思", "fragment"),        # the levels are elsewhere
    ("王立提到，渠道、价格，还有对售后体系的理解。", "王立", "fragment"),      # a list of nouns, no claim
    ("王立认为，自己先说供应链这个环节，因为这个最直观。", "王立", "fragment"),   # where the talk starts
])
def test_each_class_of_wrong_sentence_is_flagged(sentence, speaker, kind):
    assert kind in kinds(sentence, speaker=speaker), problems(sentence, speaker=speaker, names=NAMES)


@pytest.mark.parametrize("sentence, speaker", [
    ("王立认为，星河云今年降价了百分之八十，明年还会再降一半。", "王立"),
    ("王立认为，价格降下来以后，储能就有了市场。", "王立"),             # a noun in the frame: its own subject
    ("陈思提到，对于每一起投诉，企业都要在五天内回复。", "陈思"),
    ("王立认为，到2030年，储能装机能翻一番。", "王立"),                # a time before the subject
    ("王立认为，过去大家认为储能越大越好，但今天来看并不一定。", "王立"),     # 过去 is a word, not 过
    ("王立认为，瓶颈有两个，一个是电网接入，一个是电价机制。", "王立"),     # a whole list
    ("陈思提到，推理的算力成本下降得慢，价格战打不下去了。", "陈思"),
    ("丙表示，开源模型已经能做到商业模型百分之九十的效果。", "丙"),
    ("陈思指出，模型和产品强耦合，这在To C上尤其明显。", "陈思"),
    ("王立认为，中国能不能引领新范式，是唯一要解决的问题。", "王立"),
    ("甲提到，自己对明年会有范式革新有信心。", "甲"),
    ("陈思认为，国内和海外市场的差异在于付费意愿。", "陈思"),
    ("王立指出，实现了自我学习的模型需要新的评测。", "王立"),
    ("陈思提到，Claude 已经写了它自己百分之九十五的代码。", "陈思"),
    ("王立认为，在To C的应用上，垂直整合还是成立的。", "王立"),
    ("陈思认为，最终，每个家庭都会有一台机器人。", "陈思"),          # a time before the subject
    ("王立提到，星河云一直在做开源模型。", "王立"),                  # a company's work is a claim
    ("陈思表示，很多人说明年才会降价，自己觉得今年就降了。", "陈思"),
    ("陈思认为，中国会把AI产品做到极致，不管是To B还是To C。", "陈思"),   # a 不管 clause after its claim
    ("王立认为，自主学习不是一个方法论，而是数据或者任务。", "王立"),      # a verb phrase as the subject of 是
    ("王立提出一个问题：储能有没有可能自己去参与电力交易？", "王立"),        # a question raised, as one
    ("陈思认为，南方跟北方就不一样，北方内部，口味也很不一样。", "陈思"),    # 不一样 is a predicate
    ("主持人王立最后问大家，五年以后，也就是2031年，小店还能活下来吗？", None),   # 也就是: the year restated
    ("主持人王立接着问大家，是换个包装就行了，还是要从配方开始重新来？", None),    # a choice, 是…还是…？
])
def test_sentences_an_editor_passes_are_not_flagged(sentence, speaker):
    assert problems(sentence, speaker=speaker, names=NAMES) == []


def test_the_hosts_question_is_a_question_on_purpose_but_must_name_its_subject():
    assert problems("主持人先问大家，这一轮价格战到底还要打多久？", names=NAMES) == []
    assert "dangling" in kinds("主持人最后问大家，这个过程到底还有哪些需要去做好？")


def test_a_repeat_of_an_earlier_sentence_is_flagged_once_in_a_summary():
    sentences = [
        {"role": "question", "speaker": "主持人", "display": "主持人先问大家，价格还会降吗？"},
        {"role": "position", "speaker": "王立", "display": "王立认为，星河云今年降价了百分之八十，明年还会再降一半。"},
        {"role": "position", "speaker": "王立", "display": "王立提到，星河云今年降价了百分之八十，明年还会再降。"},
    ]
    flagged = check_summary(sentences, NAMES)
    assert [(s["display"][:4], f.kind) for s, f in flagged] == [("王立提到", "repeat")]


def test_the_same_claim_in_other_words_and_the_talk_s_own_course_are_flagged():
    """Two sentences sharing two figures are one claim said twice (人员成本 45% → 20%, once from the
    transcript and once from a write-up); a point announced (「自己要补充一个…的东西是天气」), a
    reason pointed back at (「原因刚才都讲过了」) and a write-up naming the speaker by title (王总那边)
    are not the speaker's claims."""
    sentences = [
        {"role": "question", "speaker": "主持人", "display": "主持人先问大家，成本降了多少？"},
        {"role": "position", "speaker": "王立", "display": "王立提到，如今一人盯五台，人工的占比从百分之四十左右降到百分之十五以下。"},
        {"role": "position", "speaker": "王立", "display": "王立表示，人机比从一比一提到一比五，人工占比由约40%降至15%以下。"},
    ]
    assert [(s["display"][:4], f.kind) for s, f in check_summary(sentences, NAMES)] == [("王立表示", "repeat")]
    assert "fragment" in kinds("王立认为，自己要补充一个很多人容易忽略的东西是天气。", speaker="王立")
    assert "dangling" in kinds("王立认为，原因刚才其实都讲过了，账算得过来，阻力也小。", speaker="王立")
    assert "speaker" in kinds("王立表示，王总那边做的是县域门店，一年开了三十家。", speaker="王立")
    assert kinds("王立表示，南方一年有两成的时间下雨，很多人容易忽略天气。", speaker="王立") == set()


def test_thanks_are_no_view_and_a_short_line_inside_a_longer_one_is_a_repeat_either_way():
    assert "fragment" in kinds("王立认为，谢谢周老师，谢谢大家，下次一定到现场。", speaker="王立")
    sentences = [
        {"role": "question", "speaker": "主持人", "display": "主持人先问大家，最缺的是什么？"},
        {"role": "position", "speaker": "陈思", "display": "陈思认为，店面不是问题，人才是问题。"},
        {"role": "position", "speaker": "王立", "display": "王立认为，自己一直有个观点，在今天，店面不是问题，人才是问题。"},
    ]
    assert [(s["display"][:4], f.kind) for s, f in check_summary(sentences, NAMES)] == [("王立认为", "repeat")]


def test_a_note_s_list_of_nouns_is_no_statement():
    assert "fragment" in kinds("王立提到，个人家庭、长护险、政府补贴。", speaker="王立")
