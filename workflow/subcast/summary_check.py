"""An editor's reading of a spoken summary sentence, as code: the classes of wrong sentence that
`shared/specs/review.md` names, each flagged with a reason.

- `speaker`: the sentence names someone other than the point's speaker in the verbatim
  transcript (the transcript decides who said what), or stacks a second attribution in its
  body (「乙指出，甲还判断…」).
- `person`: 我/我们/你/您/咱们 outside a quotation (a generic "we" or a hypothetical user cannot
  be told from the speaker in the third person).
- `dangling`: a 这/那/它/其/此/该 opening, or 这个数字/这一数字, with nothing said before it;
  刚才说的 or 没有马老师那么… anywhere.
- `fragment`: a question or an indirect question spoken as a statement (如何…, 有没有…多大; a
  question said as the one a panelist raised, 「X提出一个问题：…？」, is none), a bullet's
  continuation (即…, 比如…), a clause cut before what it reports (…他们发现), an if without its
  then, half of a contrast (没有那么大, 差异 with one side), a list or figure announced and not
  given (他提出两个方向, 说一个比较大胆的数字).
- `repeat`: most of its words were already said by an earlier sentence.

Every check is on the text alone or with the point and its statements (topics.json shapes);
none knows the seeds. `problems` is what the summariser filters candidates with and what the
summarise job logs for the sentences it keeps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_QUOTED = re.compile(r"「[^」]*」|“[^”]*”|『[^』]*』")
# not 自我学习, 忘我, 迷你, 我国 (China)
_PERSON = re.compile(r"我们|咱们|你们|(?<![自忘无本超])我(?!国)|(?<!迷)你|您|咱")
LEANS_BACK = re.compile(r"^[“「\"']?(?:这|那(?!些年|时候)|它|其(?!实|他|中|次|余)|此|该|和|与|及|分别|果然|同样|正是|"
                    r"原因是|两边|另一个|另一方面|结果|效果|当时|那时|类似|不然|否则|要不然|"
                    r"(?:还是)?(?:像|正如|就像)?[^，,]{0,4}(?:刚刚|刚才|之前|前面)(?:说|讲|提到|聊到|引用)(?:过)?的)")
# 「障碍，自己刚才说的，标准不统一」: a pointer back to earlier talk, anywhere in the sentence
_SAID_BEFORE = re.compile(r"(?:自己|我|他|她)?(?:刚刚|刚才|前面|之前)(?:已经)?(?:说|讲|提到|聊到)(?:过)?的[，,]"
                          r"|(?:刚刚|刚才|前面|之前)(?:其实|也)?(?:都|已经)?(?:说|讲|提|聊)过了")   # 原因刚才其实都讲过了
# 「没有马老师那么乐观」: a view measured against another speaker's, said elsewhere
_AS_THE_OTHER = re.compile(r"(?:没有|不像|不如|跟|和)[\u4e00-\u9fff]{1,3}(?:老师|总|教授|院士|博士|先生|女士)(?:那么|这么|一样)"
                           # 同意沈总和苏老师的说法: another's view the listener did not hear
                           r"|(?:同意|赞同|认同)[^，,。]{0,12}的(?:说法|观点|看法|判断)")
# 这一功能, 这种做法 inside a sentence: what it points at must be named before it in the sentence
_THIS_KIND = re.compile(r"这(?:一|种|类|些|个)([\u4e00-\u9fff]{2})")
# 这/那 before a noun that names what it points at ("这一轮价格战") is a determiner the listener
# can follow; before a verb or a placeholder noun ("这是…", "这个过程…") it points back.
_NAMED = re.compile(r"^[这那]一?(?:个|些|种|场|轮|次|波|批|项|类)"
                    r"(?!过程|问题|事情|事|点|方面|东西|情况|数字|时候)[\u4e00-\u9fff]{2}")
_THIS_NUMBER = re.compile(r"这个数字|这一数字|该数字|这个数|这个比例|这个概率(?!有多大)")
_QUESTION_END = re.compile(r"[？?][”」\"']*$")
_ASKS = re.compile(r"^(?:如何|怎么|怎样|为什么|为何|是否|是不是|能否|会不会|有没有|哪些|哪个|什么)")
_WH = re.compile(r"有没有|是不是|能不能|会不会|要不要|多大|多少|如何|怎么|为什么|哪些|什么样")
_A_NOT_A = re.compile(r"有没有|是不是|能不能|会不会|要不要|可不可以")
_AT_ISSUE = re.compile(r"问题|关键|在于|取决于|要看|就看|决定|看重|关注|关心|考虑|判断")  # "能不能…，是唯一要解决的问题"
_CONTINUES = re.compile(r"^(?:(?:对于|关于|至于)[^，,]*$|即(?![使便])|亦即|也就是说?|比如|例如|譬如|包括|以及|或者|而是|并且|且|甚至|还有|其中|只是)")
UNFINISHED = re.compile(r"(?:发现|认为|觉得|表示|知道|看到|提到|指出|说|是|然而|但是|可是|而且|所以|因为|不过)[。，,]?$"
                         r"|(?:^|[，,；;])(?:如果|假如|要是)[^，,；;。]*。?$"
                         r"|^(?:无论|不管|不论)[^，,；;。]*。?$")      # 「…发挥到极致，不管是 To B 还是 To C」 is whole
_DEGREE = re.compile(r"(?:没有?|不(?:需要|用|必)?|没必要)那么[\u4e00-\u9fff]")    # 不需要那么强: than what?
_COMPARED = re.compile(r"像|比(?!较)|跟|和|与|相比|一样|之间|而|不如|对比")
_DIFFERENCE = re.compile(r"差异|区别|差别|不同之处")
_SAYS = r"(?:认为|提到|表示|指出|说|强调|判断|坦言|直言|透露|预测|估计|预计|建议)"


@dataclass(frozen=True)
class Flag:
    kind: str        # speaker | person | dangling | fragment | repeat
    reason: str


def unquoted(text: str) -> str:
    """The text without its quotations, where another voice's 我 and 你 belong."""
    return _QUOTED.sub("", text)


def person_words(text: str) -> list[str]:
    """First- and second-person words outside quotations."""
    return _PERSON.findall(unquoted(text))


def body_of(sentence: str) -> str:
    """What follows the attribution 「X认为，」 (the whole sentence if there is none)."""
    head, comma, body = sentence.partition("，")
    return body if comma and len(head) <= 24 and re.search(_SAYS + r"$|问|指出$", head) else sentence


_ITEMS_ONLY = re.compile(r"^(?:一|第一)(?:条|个|种|类|是)[^，,。]{0,12}[，,；;][^。]*(?:另一|一|第二|二是)(?:条|个|种|类|是)?")
# A count announced at the very end: the items are in sentences the listener does not hear.
_COUNT_HEAD = re.compile(r"(?:提出|有|给出|列出|总结|讲|说|分成|分为|划分为|拆成|归纳为|概括为)了?(?:这样)?"
                         r"[两二三四五六七八九几2-9](?:个|层|类|种|步|点|条)[\u4e00-\u9fff]{0,6}$")
# A question the speaker put as their point, said as a question (「林俊旸提出一个问题：AI 有没有
# 可能实现更强的主动性？」): no statement is implied.
POSED = re.compile(r"提出了?(?:一个|这样一个)问题[：:]")


def fragment(text: str) -> str | None:
    """Why the text is not a statement a listener can take on its own, or None."""
    text = text.strip().rstrip("。")
    if (posed := POSED.search(text)) and _QUESTION_END.search(text):
        return None if has_predicate(text[posed.end():]) else "no verb: a noun phrase, not a statement"
    if _QUESTION_END.search(text):
        return "a question spoken as a statement"
    if _ASKS.match(text) or len(set(_WH.findall(text)) - {"多少"}) >= 2 or (
            _A_NOT_A.search(text) and not _AT_ISSUE.search(text)):
        return "an indirect question"
    if _CONTINUES.match(text) or re.match(r"^(?:[的地得了着吧呢啊们么]|过(?![去往程年度])|个(?!人|体|别|性))", text):
        return "continues a sentence or list it is not in"
    if UNFINISHED.search(text):
        return "stops before what it reports, or an if without its then"
    if _ITEMS_ONLY.match(text):
        return "the items of a list whose head is in another sentence (一条叫…，一条叫…)"
    if _COUNT_HEAD.search(text):
        return "announces a list it does not give (他提出两个方向, 把本地化分成三个层次)"
    if not has_predicate(text) or _noun_list(text):
        return "no verb: a noun phrase, not a statement"
    if no_subject(text):
        return "no subject: it opens with a verb, an adverb or 把/用, its subject left in the source"
    if _DEGREE.search(text) and not _COMPARED.search(text.split("那么")[0] + text.split("那么")[-1][4:]):
        return "half of a contrast (那么 with the other side missing)"
    if re.search(r"更[\u4e00-\u9fff]{1,4}一(?:点|些)[。]?$", text) and not _COMPARED.search(text):
        return "half of a comparison (更…一点 than whom?)"
    if _DIFFERENCE.search(text) and not _COMPARED.search(text):
        return "a difference with one side missing"
    if re.match(r"^(?:第一|一)个?(?:是|靠|来)", text) and re.search(r"(?:第二|二)个?(?:是|靠|来)", text):
        return "a list (一靠…二靠…) without what it lists"
    if re.match(r"^(?:第[一二三四五六]|最后一)个?(?:维度|原因|条件|因素|方面|前提|阶段|挑战|瓶颈)", text) or (
            re.match(r"^(?:第)?[一二三四五六]个?(?:是|就是)", text)
            and len(re.findall(r"[一二三四五六]个?(?:是|靠|来)|另(?:外)?一个", text)) < 2):   # 一个是…，一个是… is whole
        return "one item of a list (最后一个维度…, 二是…) without the list"
    if _ABOUT_THE_TALK.search(text):
        return "says what the speaker talks about or works on, not what they hold"
    if re.search(r"(?:很多|一些|好多|不少)[，,]", text):
        return "a false start: a quantifier with no noun (「看到很多，有…」)"
    return None


# 「分化的问题，自己更想聊一下…」, 「自己一直以来是做联邦学习」: the speaker's framing of the talk.
_ABOUT_THE_TALK = re.compile(r"(?:想|要|来|先)(?:聊|讲|谈|说|分享|补充)(?:一下|一点|一句|两句|几句)|"
                             # 「自己补充隐私这一块，前面几位讲得比较少」: the talk's own course
                             r"^自己(?:来|想|再)?补充[^，,。]{0,10}(?:这一块|这块|方面)|"
                             r"(?:前面|刚才)(?:几位|各位|大家|[两三四]位)(?:都)?(?:讲|说|谈|聊)(?:得?(?:比较|很|有点)?(?:少|多)|了)|"
                             # 「自己从平台这边补充一点数据」: what is to come, and nothing of it
                             r"^[^，,。]{0,12}(?:补充|分享|说|讲|聊|谈)(?:一下|一点|一句|两句|几句)[^，,。]{0,6}$|"
                             r"^自己(?:一直以来|一直|主要)?(?:是)?(?:在)?做(?:这个|这块|这一块)?[^\W，,]{0,10}的?$|"
                             # 「自己先说配音这个环节，因为这个最直观」: where the speaker starts, not what they say
                             r"^自己(?:先|就|再|来)?(?:说|讲|聊|谈)(?:一下|一说|两句)?[^，,。]{0,10}(?:这个|这一)?(?:环节|方面|部分|话题|领域)[，,。]?(?:因为|$)|"
                             # 「自己说一个可能比较大胆的数字啊」: the figure is announced, not given
                             r"^(?:自己)?(?:先)?(?:说|讲|给|报|拍)一个[^，,。]{0,10}(?:数字|判断|预测|例子|观点|看法)[啊吧哈呀]?$|"
                             # 「自己要补充一个很多人容易忽略的东西是天气」: the point announced, its substance to come
                             r"^(?:但是?)?自己(?:要|想|再)?补充一(?:个|点)[^，,。]{0,16}(?:东西|问题|因素|方面)(?:，?就?是[^，,。]{1,6})?$|"
                             # thanks and goodbyes: 「谢谢沈老师，谢谢大家，下次一定到现场」
                             r"^(?:好的?[，,])?(?:谢谢|感谢|多谢)")


# Words that say when a claim holds: a time before the subject, or a bullet label kept (rephrase).
TIME_WORDS = "最终|长期|短期|未来|当前|目前|现在|近期|远期|今年|明年"
_LEADING_WHEN = re.compile(rf"^(?:在[^，,]{{1,8}}(?:阶段|时期)|到[^，,]{{1,10}}(?:年|年底|年初|的时候)|{TIME_WORDS})[，,]")


# A verb that puts forward what follows as the speaker's own (唐杰提出了一个新指标…): a
# proposal, said as the speaker's act, not a fact they state.
PROPOSAL_VERBS = "提出|提议|定义"
# ... or that counts off a list of the speaker's own (唐杰补充了三个…因素：价值、成本、速度)
LISTING = r"(?:补充|列出|总结|归纳|概括|指出|给出)了?[两二三四五六七八九十]个"
PROPOSES = re.compile(rf"^(?:(?:{PROPOSAL_VERBS})了|{LISTING})")


@lru_cache(maxsize=4096)
def no_subject(text: str) -> bool:
    """The text opens with a verb or an adverb (更看重…, 已经能…, 开放一部分数据…), with 把/将/用/
    被/给 + object (把接线挪进工厂…), or with a time and 就 (二零二三年就进了…): its subject is
    in a sentence the listener does not hear. (After "X认为，" a bare verb reads as X's own act.)"""
    import jieba.posseg

    text = _LEADING_WHEN.sub("", text)     # 「最终，目标和规划都由…」: the subject follows the time
    if PROPOSES.match(text):
        return False    # 「提出了一个新指标…」: the summary says it as the speaker's act (唐杰提出了…)
    if re.match(r"^(?:把|将|用|被|给|让)(?!.{0,2}[说讲])", text) or re.match(r"^[\d一二三四五六七八九十零〇]+年[就才便已]", text):
        return True
    if re.match(r"^在[^，,；;]+$", text):     # 在苏州建设数据工厂: a place, then a verb with no doer
        return True
    first = next(iter(jieba.posseg.lcut(text)), None)
    if first is None:
        return False
    if first.flag == "d":
        return True
    # a verb first heads the subject when a 的 follows it in the clause (推理的算力成本…), or is
    # itself the subject of 是 (「自主学习不是一个方法论」)
    clause = re.split(r"[，,；;]", text)[0]
    return (first.flag.startswith("v") and "的" not in clause
            and not re.match(r"^[\u4e00-\u9fff]{2,6}?(?:不|并不|也)?(?:是|在于)", clause))


@lru_cache(maxsize=4096)
def _noun_list(text: str) -> bool:
    """The text is only a list of noun phrases (数据、用户，还有对买量模型的理解): each item
    either has no verb or is headed by the noun after its last 的."""
    import jieba.posseg

    def predicative(item: str) -> bool:   # a verb, an adjective or an adverb (就不一样) says something
        return any(p.flag[:1] in ("v", "a", "d") and p.flag != "vn" for p in jieba.posseg.lcut(item))

    items = [re.sub(r"^(?:还有|以及|和|及|与|或者)", "", item) for item in re.split(r"[、，,；;]", text) if item]
    return len(items) >= 2 and all(not predicative(item) or re.search(r"的[\u4e00-\u9fff]{1,3}$", item)
                                   and not predicative(item.rsplit("的", 1)[0].lstrip("对于关于")) for item in items)


@lru_cache(maxsize=4096)
def has_predicate(text: str) -> bool:
    """The text has a verb or an adjective to say something with (jieba's part-of-speech tags:
    v*, a*; 是/有 are verbs there too), not only nouns ("Intelligence Efficiency，智能效率")."""
    import jieba.posseg

    # 不/很/最 + a word jieba reads as a pronoun or a noun (口味也很不一样, 最直观) says something too
    return any(pair.flag[:1] in ("v", "a") and pair.flag != "vn" or pair.word in ("不", "很", "非常", "最", "更", "太", "挺", "比较")
               for pair in jieba.posseg.lcut(text))


def problems(sentence: str, *, speaker: str | None = None, names: frozenset[str] | set[str] = frozenset(),
             said_before: list[str] = (), first: bool = False) -> list[Flag]:
    """Every flag the sentence earns.

    sentence: the display text, 「姚顺雨认为，……。」; speaker: the point's speaker in the
    transcript (None for the host's question or a disagreement clause); names: every person
    and organisation known (a body opening with one of them is a second attribution);
    said_before: the earlier sentences of the same summary; first: nothing precedes it."""
    flags = []
    body = body_of(sentence)
    head = sentence[:len(sentence) - len(body)]
    if speaker and head and speaker not in head:
        flags.append(Flag("speaker", f"names {head.rstrip('，')} for a point {speaker} made"))
    stacked = re.match(rf"^([\u4e00-\u9fffA-Za-z]{{1,8}}?)(?:还|也|则|就)?{_SAYS}", body)
    if stacked and any(stacked.group(1).endswith(name) for name in names):
        flags.append(Flag("speaker", f"a second attribution inside the sentence ({stacked.group(0)})"))
    elif re.search(rf"(?:^|[，,；;：:])[他她](?!们)(?:还|也|则|就)?(?:{_SAYS}|坦承|承认|透露)", body):
        flags.append(Flag("speaker", "a second attribution inside the sentence (…，他表示…)"))
    elif head and (re.match(r"^[他她](?!们)", body) or (speaker and (
            speaker in body or re.search(rf"{re.escape(speaker[0])}(?:总|老师|教授|院士|博士)", body)))):
        flags.append(Flag("speaker", "a write-up's words about the speaker (他/她, the name again, 马总那边)"))
    person = person_words(sentence)
    if person:
        flags.append(Flag("person", f"first or second person left: {''.join(sorted(set(person)))}"))
    if re.search(r"(?<!其)它", body) and not _antecedent(body[:body.find("它")], names):
        flags.append(Flag("dangling", "它 with nothing before it to point at"))
    if "自己" in body and re.search(r"[他她](?!们)", body):
        flags.append(Flag("dangling", "自己 and 他/她 in one sentence: two people, one named"))
    if re.search(r"(?:借用|引用|援引|像|正如|按)[他她](?!们)", body):
        flags.append(Flag("dangling", "credits 他/她 without naming who"))
    # (not an appositive after its noun: 技术路线这个东西)
    if any(m.group(1) not in body[:m.start()] and body[m.start() - 1] in "了的是在把对和与给让被从向于到，,；;：:"
           for m in _THIS_KIND.finditer(body) if m.start() > 0) or re.match(r"像这(?:些|种|类|个)", body):
        flags.append(Flag("dangling", "这一…/这种… names what the listener did not hear"))
    if re.search(r"(?:类似|同样|相同)的(?:问题|情况|事情|现象|做法)|也是(?:一个)?(?:问题|挑战|瓶颈|关键)。?$", body):
        flags.append(Flag("dangling", "类似的问题, 也是一个问题: compares with what the listener did not hear"))
    if re.match(r"(?:可能|也许|或许|应该|其实)?是(?!不是)", body) and not re.search(r"还是[^。]*[？?]$", body):
        flags.append(Flag("fragment", "可能是…: the subject of 是 was in a sentence the listener did not hear"))
    if re.match(r"[他她它]们", body):
        flags.append(Flag("dangling", "他们 opens the sentence: who they are was not said"))
    if re.search(r"(?:回到|就是|是|有)(?:一个|这个)?(?:最|很|非常)?(?:本质|核心|关键|重要|根本|有意思)的(?:问题|点|事情)。?$", body):
        flags.append(Flag("fragment", "回到一个最本质的问题: announces a point without making it"))
    elif re.match(r"自己(?:最近|一直|也|还|就)*(?:在)?(?:想|思考)(?:另外|另|这样)?(?:一个|这个)问题", body):
        flags.append(Flag("fragment", "自己在想一个问题: the question it announces is answered elsewhere"))
    if re.search(r"因此|因而|于是|为此", re.split(r"[，,；;]", body)[0]):
        flags.append(Flag("dangling", "因此/于是 points at a cause the listener did not hear"))
    if _NO_DOER.match(body) and not body.endswith(("？", "?")) and _frame_only(re.split(r"[，,]", body)[0]):
        flags.append(Flag("dangling", "现在听起来，就像…: what the clause says something of was not said"))
    if _AS_THE_OTHER.search(body):
        flags.append(Flag("dangling", "没有马老师那么乐观, 同意沈总的说法: measured against another's view the listener "
                                      "did not hear"))
    if _SAID_BEFORE.search(body):
        flags.append(Flag("dangling", "刚才说的: what the speaker said before, which the listener did not hear"))
    if (LEANS_BACK.match(body) and not (speaker is None and _NAMED.match(body))) or (first and _THIS_NUMBER.search(sentence)):
        flags.append(Flag("dangling", "points at something the listener did not hear"))
    if speaker:    # a position; the host's question is a question on purpose
        why = fragment(body)
        if why:
            flags.append(Flag("fragment", why))
    grams = _grams(body)
    figures = _figures(body)
    for earlier in said_before:
        if earlier.rstrip("。 ").endswith(("？", "?")):
            continue     # an answer takes up the words of the question it answers
        seen = _grams(body_of(earlier))
        # the same words, or the same claim in other words: two figures in common (人员成本从45%降到
        # 20%以下, from the transcript and again from a write-up)
        # either way round: a short line inside a longer one said before or after it (the order
        # of a summary's sentences is settled after they are chosen)
        if grams and seen and len(grams & seen) >= 0.5 * min(len(grams), len(seen)) \
                or len(figures & _figures(body_of(earlier))) >= 2:
            flags.append(Flag("repeat", f"repeats 「{earlier[:24]}…」"))
            break
    return flags


@lru_cache(maxsize=1024)
def _figures(text: str) -> frozenset[tuple]:
    """The values a text states, as `reconcile.values` reads them (百分之四十五 and 45% alike)."""
    from .reconcile import values

    return frozenset(v.key for v in values(_normaliser()(text)))


@lru_cache(maxsize=None)
def _normaliser():
    from .reconcile import Normaliser

    return Normaliser({})


# A frame clause, then the main clause from its adverb on (「现在听起来，就像一台空调外机」,
# 「整个同城配送的盘子里，还是很小的数」): the subject is in a sentence the listener did not hear.
_NO_DOER = re.compile(r"^[^，,。]{2,12}[，,](?:就|还是|也(?!就是)|都|才)(?!是说)")   # not 三年以后，也就是2029年


@lru_cache(maxsize=4096)
def _frame_only(clause: str) -> bool:
    """The clause names nothing a predicate could be about: no noun or pronoun, or only a place
    (…的盘子里, 在…上)."""
    import jieba.posseg

    if re.search(r"(?:里|中|上|下|内|外)$", clause):
        return True
    return not any(w.flag[:1] in ("n", "r") and w.flag != "vn" or w.flag == "eng" for w in jieba.posseg.lcut(clause))


def _antecedent(text: str, names) -> bool:
    """Something for 它 to be: a Latin term, a known name or a noun before it."""
    import jieba.posseg

    return bool(re.search(r"[A-Za-z]{2,}", text) or any(n in text for n in names)
                or any(p.flag.startswith("n") and len(p.word) >= 2 for p in jieba.posseg.lcut(text)))


def _grams(text: str) -> set[str]:
    text = re.sub(r"[\W_]+", "", text)
    return {text[i:i + 3] for i in range(len(text) - 2)}


def check_summary(sentences: list[dict], names: set[str]) -> list[tuple[dict, Flag]]:
    """Every flag on a summary's sentences (summaries/<topic>.json shapes), in order."""
    out, before = [], []
    for sentence in sentences:
        speaker = sentence.get("speaker") if sentence["role"] == "position" else None
        for flag in problems(sentence["display"], speaker=speaker, names=names, said_before=before,
                             first=not before):
            out.append((sentence, flag))
        before.append(sentence["display"])
    return out
