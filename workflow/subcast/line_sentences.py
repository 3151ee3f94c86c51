"""A line-shaped source's phrases joined into the sentences they are (seed 001: one spoken phrase
a line, no punctuation). A phrase alone (「但是很多场景下的本地资源是不足的」, 「就成为了关键」)
is no statement; the sentence it belongs to may be.

A line continues the sentence before it when the line before ends inside a phrase (…和,
模型越聪明 / 解决的任务就越多), leads into a clause (…的时候, 这种情况下, 比如), states a condition whose
consequence is still to come (可一旦换到没见过的房间), frames what follows (在To B领域) or has no verb
(过去的推荐系统), ends on a copula (目标是, 正处在), a span (从申请到获批) or sets a time
(到二零二七年); or when the line opens with a conjunction or an adverb that links back (但是, 而且,
所以, 以及, 就, 又, 能够…) or turns on the line before with 却, with a verb, an adverb or a preposition (允许各方的接入, 对GDP产生…),
or is a number or a noun phrase alone (一两个月的试错量). A stop or a question mark ends a
sentence, and so does a list's next item (二是…). A line that only frames reported speech (他说,
他举例说) or moves the narration on (聊完价格战) is in no sentence. Sentences stop at a change of
speaker or topic and at a blank line; one longer than `MAX_LINES` is no sentence to say whole.
"""
from __future__ import annotations

import functools
import re

from .summary_check import has_predicate
from .transcript import marks_its_lines

MAX_LINES = 8
# Conjunctions and adverbs that open a clause of the sentence already begun.
_CONTINUES = re.compile(r"^(?:但是|但|而且|并且|所以|因此|因而|以及|或者|还是|就|又|既|也|还|而|并|才|便|却|甚至|"
                        r"包括|比如|例如|从而|进而|以便|使得|导致|无论|不管|即使|哪怕|只要|只有|除非|可是|然而|"
                        r"不过|同时|更|都|则|已经|正在|其中|只是|那么|能够|能|可以|会|要|需要|应该|"
                        r"差不多|大概|大约|几乎|将近|接近|占)")     # 观众里二十五到三十五岁的 / 差不多占六成
# A line ending inside a phrase: its noun, object or clause is on the next line (a word of its
# own, so 方向 and 存在 do not end on 向 and 在), or the first half of 越…越 (模型越聪明).
_OPEN_WORDS = {"和", "与", "及", "以及", "在", "对", "把", "被", "从", "为", "让", "使", "跟", "将", "向", "给"}
_MORE = re.compile(r"^[^越]*(?<!来)越[^越来\W]{1,3}$")     # the first 越 only: not 越来越强, 越定越高
# A line ending a clause that leads into the next (…的时候, 这种情况下, …不过).
_LEADS_IN = re.compile(r"(?:时|时候|之后|以后|之前|以来|情况下|前提下|基础上|不过|但是|而且|所以|因为|如果|虽然|然后|"
                       r"然而|可是|只是|而是|并且|甚至|或者|比如|例如|包括|看来|来看|来说|而言|最后|期间|之初)$")
# A condition whose consequence is still to come (可一旦换到没见过的房间 / 再换一批衣服 / 成功率就…).
_IF = re.compile(r"(?:如果|假如|要是|一旦|只要|万一|(?<![\u4e00-\u9fff])当)(?![^，,]*(?:就|则|便|才|时|时候))[^，,]*$")
_MID_SENTENCE = re.compile(r"[，,、；;：:]$")
_ITEM = re.compile(r"^(?:第?[一二三四五六七八九十]+(?:个|点|条)?(?:是|来|靠)|首先|其次|最后一?"
                   r"|第[一二三四五六七八九十]+个(?:问题|话题|议题|环节))")     # 「第一个问题」 opens a part
# A frame for what follows (在To B领域, 对于…): it binds forward, not back.
_FORWARD = re.compile(r"^(?:在|对于|关于|至于|对)[^，,]{1,14}(?:领域|方面|上|中|里|下|来说|而言)?$"
                      r"|^(?:说到|谈到|讲到|聊到)[^，,]{1,10}$"     # 说到信任 / 居民最看重的是…
                      # a time the next line's clause is set by: 到二零二七年 / 换电站数量达到五百座
                      r"|^(?:到|截至|截止到?|直到|等到)[^，,]{1,10}(?:年|年底|年初|年中|月|月底|底|为止|之前|的时候)$")
# A line ending on a copula or a verb that announces what follows (擎动的目标是 / 到二零二七年…).
_COPULA_END = re.compile(r"(?:是|就是|在于|即|为|处在|处于|占到|达到|成为|变成|进入|属于|意味着)$")
# A span that sets the scene for the next line's predicate (一条新航线从申请到获批 / 平均要十五个工作日);
# not a change measured (成本从三十万降到十二万), which is a predicate.
_SPAN = re.compile(r"从[^，,]{1,8}到[^，,]{1,6}$")
_CHANGE = re.compile(r"降|涨|升|跌|增|减|提高|缩短|扩大|变|翻")
# A year alone on its line sets the time of the clause after it (最典型的就是医疗 / 二零二一年 / 翔羽…).
_YEAR_ALONE = re.compile(r"^(?:在|是)?(?:[零〇一二三四五六七八九]{4}|\d{4})年(?:[初底中])?$")
# A short subject and 是 opening the line (主持人是沈若溪).
_NEW_COPULA = re.compile(r"^[\u4e00-\u9fff]{2,5}是(?!不是)")
# Where something goes from, its destination still to come (从县里的分拨中心 / 飞到乡镇网点).
_FROM = re.compile(r"^(?:都是|基本上?都?是|是)?(?:从|由|自)[^，,到至往向]{1,12}$")
# The second half of a contrast: 却 after a short subject (碳排放却占了差不多一半).
_YET = re.compile(r"^[^，,]{0,6}却")
# A line that hands the next sentence to someone else: 他还引用了一位老客户的原话.
_QUOTING = r"(?:引用|借用|转述|援引)了?[^，,]{0,12}(?:原话|的话|一句话)"
# A line giving the next words to people who are not on the panel (老人嘴上总说 / 我还能动).
_OTHERS_SAY = re.compile(r"^(?:很多|不少|有的|有些|一些)?(?:老人|老人家|老百姓|用户|客户|家属|子女|患者|病人|居民|消费者|司机|员工|"
                         r"家长|孩子|学生|观众|网友|大家|很多人|有人|别人|同行|投资人|老板)"
                         r"(?:们)?(?:嘴上|心里|常常|经常|总是|往往|总|常|都|也|会|就|还)*(?:说|讲|问|抱怨|感叹|觉得|认为)(?:道)?$")
# A line that only says who speaks next: 他说, 他举例说, 杨强院士表示, …引用了…的原话.
_FRAME = re.compile(r"^(?:不过|但是|但|而|同时)?[\u4e00-\u9fff]{1,6}?(?:还|也|则|又|接着|进一步)?"
                    r"(?:(?:举例|补充|直言|坦言|解释)?(?:说|表示|认为|指出|提到|强调|回应|承认|提醒|透露|感慨|判断|预计|预测|估计)(?:道)?"
                    rf"|{_QUOTING}|举了[^，,]{{0,6}}例子)$"
                    r"|^(?:聊完|说完|谈完|讲完)")     # 「聊完价格战」: the narrator moving on


def _open_if(text: str) -> bool:
    """The text states a condition (如果, 假如, 一旦…) and not yet what follows from it."""
    found = list(re.finditer(r"如果|假如|要是|一旦|倘若", text))
    if not found:
        return False
    _, comma, then = text[found[-1].end():].partition("，")     # what follows the condition's clause
    return not (comma and re.search(r"就|则|便|才|会|能|可以|要", then))


def _from_place(line: str) -> bool:
    """「从县里的分拨中心」: a from-phrase ending on its place, the verb and destination to come
    (not 「从北京出发」)."""
    import jieba.posseg

    if not _FROM.match(line):
        return False
    words = jieba.posseg.lcut(line)
    return bool(words) and words[-1].flag[:1] in ("n", "s", "f", "r")


def is_frame(text: str) -> bool:
    """The line only says who speaks next (他说, 杨强院士表示) or moves the narration on (聊完…)."""
    return bool(_FRAME.match(text.strip()))


@functools.lru_cache(maxsize=4096)
def _open_end(line: str) -> bool:
    import jieba

    words = jieba.lcut(line)
    return bool(words and words[-1] in _OPEN_WORDS or _MORE.search(line))


@functools.lru_cache(maxsize=4096)     # each pair is asked again for every line of its sentence
def continues(before: str, line: str) -> bool:
    """`line` goes on with the sentence `before` began (both one phrase, unpunctuated)."""
    import jieba.posseg

    before, line = before.strip(), line.strip()
    if re.search(r"[？?！!。]$", before) or _ITEM.match(line):
        return False    # a question or a stop ends it; 「二是AI的主动性」 opens the next item of a list
    if _MID_SENTENCE.search(before) and not is_frame(line):
        return True     # the script's own comma: its sentence goes on (很多以前不值得去的市场， / 突然变得值得了。)
    if (_open_end(before) or _LEADS_IN.search(before) or _IF.search(before) or _FORWARD.match(before)
            or _COPULA_END.search(before) or _YET.match(line) or not has_predicate(before) or _from_place(before)
            or (span := _SPAN.search(before)) and not _CHANGE.search(span.group(0))):
        return True     # 「过去的推荐系统」 / 「会通过…变得更强」: the subject was the line before
    if (_FORWARD.match(line) and not (line.startswith("在") and has_predicate(line[1:]))
            or _LEADS_IN.search(line) and not has_predicate(line) or _YEAR_ALONE.match(line)):
        return False    # 「在To B领域」, 「圆桌的最后」 frame what follows them; 「在自家小区上空飞」 does not
    if _NEW_COPULA.match(line) and not _CONTINUES.match(line):
        first = next(iter(jieba.posseg.lcut(line)), None)
        if first and first.flag[:1] in ("n", "r"):
            return False    # 「主持人是沈若溪」, 「另一位是林蔚然」: a clause with its own subject
    if _CONTINUES.match(line):
        return True
    first = next(iter(jieba.posseg.lcut(line)), None)
    # 「有电芯和上游的」, 「替代不会使用的人」, 「对GDP产生…」: a verb, an adverb, a conjunction or a
    # preposition first has its subject on the line before; 「一两个月的试错量」: a number or a
    # noun phrase alone is its object
    return bool(first and first.flag[:1] in ("v", "d", "c", "p", "m") and first.flag != "vn"
                or not has_predicate(line) and not line.startswith(("这", "那")))


_MARKED: dict[int, tuple[list[dict], dict[str, bool]]] = {}


def punctuates(statements: list[dict], source: str) -> bool:
    """The source marks its own clauses (`transcript.marks_its_lines`), asked once a source for
    the statements of one document."""
    held, known = _MARKED.get(id(statements), (None, {}))
    if held is not statements:
        known = {}
        _MARKED.clear()
        _MARKED[id(statements)] = (statements, known)
    if source not in known:
        known[source] = marks_its_lines([s["text"] for s in statements if s["source"] == source])
    return known[source]


def sentence_around(statements: list[dict], k: int) -> tuple[int, int] | None:
    """The statements (first, last index) of the sentence that statement k, one line of a
    line-shaped source, belongs to; None for a frame line, a sentence that runs past
    `MAX_LINES`, and the words a frame gives to someone else (…引用了一位老客户的原话 / 我不买技术…).
    Statements are the reconciled document's, in source order."""
    this = statements[k]
    if is_frame(this["text"]):
        return None

    def same(j: int, i: int) -> bool:
        a, b = statements[j], statements[i]
        return (a["source"] == b["source"] and a["speaker"] == b["speaker"] and a["topic"] == b["topic"]
                and abs(a["lines"][0] - b["lines"][0]) == 1 and not is_frame(a["text"]) and not is_frame(b["text"]))

    marked = punctuates(statements, this["source"])

    def joins(j: int) -> bool:     # statement j + 1 goes on with the sentence j is in
        if not (j + 1 < len(statements) and same(j, j + 1)):
            return False
        before = statements[j]["text"].strip()
        if marked and not re.search(r"[？?！!。]$", before) and not _ITEM.match(statements[j + 1]["text"].strip()):
            return True     # a script that marks its clauses: a line ending without a mark is mid-phrase
        return continues(before, statements[j + 1]["text"])

    first = k
    while first > 0 and joins(first - 1):
        first -= 1
        if k - first >= MAX_LINES:
            return None     # longer than a sentence a listener can follow: not one to say whole
    last = k
    # an if whose then is still to come carries the sentence on, past a line that reads whole
    # (如果社区能和大医院形成固定的搭档 / 专科医生带全科医生 / 年轻人会更愿意来)
    while joins(last) or (last + 1 < len(statements) and same(last, last + 1)
                          and _open_if(joined([statements[j]["text"] for j in range(first, last + 1)]))):
        last += 1
        if last - first >= MAX_LINES:
            return None
    before = statements[first - 1] if first > 0 else None
    if before and before["source"] == this["source"] and (re.search(_QUOTING + "$", before["text"].strip())
                                                          or _OTHERS_SAY.match(before["text"].strip())):
        return None     # somebody else's words, quoted (…引用了一位老客户的原话, 老人嘴上总说 / 我还能动…)
    return first, last


def joined(lines: list[str]) -> str:
    """The phrases as one sentence: a comma where a phrase ends, none inside a phrase cut at a
    line's end (…和 / 领域专家模型, 对于大家关心的 / 二零二六年…, 淘汰的是 / 纯靠低价的 / 商家);
    a line with a copula is a clause of its own (人是第一位的 / 技术只是放大器). A script that
    punctuates its own lines (北美观众爱看 / 狼人、吸血鬼， / 和亿万富翁。) is taken at its word:
    a line's end without a mark is inside a phrase."""
    lines = [line.strip() for line in lines]
    punctuated = any(_MID_SENTENCE.search(line) for line in lines[:-1])
    out, before = "", ""
    for line in lines:
        if out and not punctuated:
            # 淘汰的是 / 纯靠低价的 / 商家: a copula's complement and a 的 phrase's noun take no comma
            out += "" if (_open_end(before) or _COPULA_END.search(before) or _from_place(before)
                          or before.endswith("的") and (_FORWARD.match(before)
                                                        or not has_predicate(line) and not _CONTINUES.match(line)
                                                        and "是" not in line)) else "，"
        out += line
        before = line
    return out if re.search(r"[？?！!。]$", out) else out + "。"
