"""Where a line or a cue may break, judged as a Chinese subtitler judges it.

Two questions, one module, so the segmenter that makes the breaks and the checker that reads
any SRT hold the same rules (specs/subtitles.md "break points" and "Displayed text"; W3C
clreq and GB/T 15834 for the marks; Netflix's Simplified and Traditional Chinese guides):

- `split_kind(left, right)`: what a break between two words would cut apart: a name and its
  title, a number and its measure word, a modifier and its noun, an adverb or auxiliary and
  its verb, a verb or preposition and its object, a subject pronoun and its verb; a line
  opening with a particle or ending on a conjunction. Read from jieba's dictionary tags (the
  configured names are people, Latin terms nouns); `SEVERITY` ranks them.
- `binds_forward(phrase)`: a phrase that needs the one after it (a time or place frame, a
  reporting verb, a copula, a preposition, a sentence opener standing alone). The pause after
  it is weak: a cue should not end there, and a cue holding the end of one sentence and such
  a phrase strands the next sentence's first words.
"""
from __future__ import annotations

import functools
import re

TITLES = ("教授", "院士", "老师", "博士", "先生", "女士", "总", "总裁", "校长", "主任", "科学家", "创始人",
          "首席科学家", "主持人", "奠基人", "开创者", "董事长", "CEO", "CTO", "负责人", "研究员", "工程师", "记者", "院长", "所长",
          "处长", "局长", "部长", "厅长", "市长", "县长", "书记", "经理", "总监", "站长", "会长", "社长", "馆长")
# A line never opens with these (the spec's particles and bound morphemes).
PARTICLES = ("的", "地", "得", "了", "着", "过", "们", "吗", "呢", "吧", "啊", "之", "于")
# A conjunction goes with what follows it, never at a line's end.
CONJUNCTIONS = frozenset("但是 所以 而且 并且 然后 因为 因此 如果 虽然 尽管 但 而 并 和 与 及 以及 或 或者 或者说 还是 "
                         "而是 可是 不过 然而 于是 那么 甚至 以至于 只要 只有 除非 无论 不管 既然 即使 哪怕 "
                         "换句话说 也就是说 反过来说".split())
# The first words of a sentence: they open the next cue, not the end of this one.
OPENERS = frozenset("比如 例如 譬如 比如说 然而 最后 首先 其次 再次 另外 此外 同时 因此 所以 但是 不过 可是 而且 "
                    "甚至 于是 那么 总之 其实 当然 因为 虽然 尽管 如果 随后 接着 然后 再看 换句话说 也就是说 "
                    "事实上 总的来说 不仅 一方面 另一方面 接下来 后来 当时 假如 假设 要是 倘若 一旦 而是 尤其 尤其是 特别是 就是说 "
                    "如今 但".split())
# Modal particles that close a spoken clause (难得啊 / 我们…, 说几个数字吧 / 2019年…): after them a
# run-on sentence may break though nobody wrote a comma.
CLAUSE_FINAL = frozenset("啊 呢 吧 嘛 呀 啦 哈 呗 哦".split())
# A phrase opening with one of these carries on the subject or topic before it (杨强院士 / 则把…).
_CARRY_ON = ("则", "却", "便", "也", "都", "就", "还", "才", "又", "是")
# A phrase opening with one of these is a frame for what follows (对于大模型的分化, …).
_FRAMES = ("对于", "关于", "至于", "随着", "作为", "针对", "面对")
# Marks that never open a line, and marks that never end one (clreq, GB/T 15834).
CLOSERS = "）》」』”’〉】)]}"     # closing quotes and brackets
CLOSING_MARKS = CLOSERS + "、，。？！…,.?!;；：:"
OPENING_MARKS = "（《「『“‘〈【([{"
PRONOUNS = frozenset("我 你 他 她 它 我们 你们 他们 她们 它们 咱们 大家 您".split())
# A phrase whose last word is one of these needs the next one: a time or place frame, a
# reporting verb, a copula, a preposition, 的, a colon.
_BINDING_ENDS = frozenset(
    "之后 以后 的时候 时候 之前 以前 后 时 当中 之中 其中 中 里 来说 而言 看来 的话 分别是 包括 比如 例如 比如说 "
    "认为 表示 说 提到 指出 觉得 强调 坦言 透露 发现 知道 看到 相信 希望 预计 预判 判断 承认 感叹 提出 就是 在于 "
    "即 是 把 被 对 在 给 向 从 跟 和 与 的 ： 上".split())

# What each kind of split costs the segmenter; the checker reports every kind.
SEVERITY = {
    "opening mark at line end": 40, "closing mark at line start": 40, "verb+complement": 8, "word+gloss": 30,
    "name+title": 10, "title+name": 8, "number+measure": 10, "preposition+object": 20, "particle at line start": 20,
    "conjunction at line end": 20, "pronoun+verb": 8, "adverb+head": 8, "verb+object": 6, "modifier+noun": 12,
    "noun compound": 12, "word split": 12, "copula at line start": 5,
}
_LATIN_END = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.+\- ]*$")
# Verbs whose object is a clause: a break after them is a clause boundary (他说 / 这台…).
_REPORTING = frozenset("说 认为 表示 觉得 提到 指出 强调 坦言 透露 发现 知道 看到 观察到 相信 希望 预计 判断 承认 感叹 提出 问 "
                       "是 就是 在于 可能 需要".split())
# Conjunctions that are adverbs as often (还是 "still", 而 "and yet"): a checker lets them be.
_ALSO_ADVERBS = frozenset("还是 而 并 和 与 及 跟".split())
_SUBORDINATE = re.compile(r"^(但是|但|而|可是|那|那么)?(如果|假如|要是|倘若|虽然|尽管|即使|即便|只要|只有|既然|无论|不管|哪怕)")
# After a name, what makes it the subject of a new sentence: 则从…, 认为, 也表示.
_TAKES_THE_FLOOR = re.compile(rf"(?:{'|'.join(TITLES)})?(?:则|也|还|又|更|随后|接着)?"
                              r"(?:从|认为|表示|指出|提到|强调|说|分享|补充|坦言|回应|提出|谈到|给出|直言|透露)")
# What follows digits as their unit or measure word (26年, 3个小时, 95%, 20万, 1.5倍).
_UNIT_AFTER_DIGITS = (r"(?:[年月日号天周岁倍个位名家次万亿千百%％℃点米斤份成层站串碗块套台辆亩册]|小时|分钟|秒|美元|元|后|多|余|届|代"
                      r"|公里|千米|公斤|平方|号线|T\b|B\b)")
_DEMONSTRATIVE = re.compile(r"^[这那][场位个些种项次家条]")
_QUANTIFIER = re.compile(r"^(?:第|好)?[这那每各某哪一两三四五六七八九十几]+[个场位家种些次条件项名台本篇轮届]$")
_NUMERALS = set("一二两三四五六七八九十几百千万0123456789")
_FREQUENCY = frozenset("一般 通常 往往 大概 大约 基本上 一直 总是 经常 常常".split())
_ROLES = ("师傅", "导师", "老师", "朋友", "同事", "学生", "搭档", "同学", "老板", "上司")
# The commonest surnames (百家姓 as used today): what opens a name a title or a role marks.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# A person as a phrase's subject: a surname and a title (陈会长想了想). (A pronoun is not: 他
# opens as many clauses that carry on a sentence as ones that start one.)
_PERSON_SUBJECT = re.compile(rf"^(?:[{SURNAMES}](?:{'|'.join(TITLES)}))(?=[\u4e00-\u9fff])")
# A span of time that frames a clause: 未来3到5年, 过去十年里, 对谈的最后.
_SPAN_OF_TIME = re.compile(r"(?:^(?:未来|过去|今后|近|这|最近)[0-9一二三四五六七八九十两几到至多]+(?:年|个月|天|周)(?:里|来|间|中)?|的最后)$")
# Two-character locatives that close a place phrase (条件下面, 会议当中): never open a line.
_LOCATIVES = frozenset("下面 上面 里面 外面 之中 当中 之下 之上 中间 底下".split())
# Postpositions that close a time or range phrase (一直以来, 三年之后): never open a line.
_POSTPOSITIONS = frozenset("以来 之后 以后 之前 以前 之间 之内 左右 为止".split())
# Answer words: 「对，我一直以来…」 — a comma after them is a clause boundary, not a lead-in's.
INTERJECTIONS = frozenset("对 对对 对的 好 好的 嗯 是 是的 没错 哦 啊".split())
# A time frame that opens the next clause (…推荐的书那时候我们…, 后来他…), not after its subject (他那时候…).
_TIME_FRAME = re.compile(r"(那时候|那个时候|这时候|那会儿|当时|后来|如今)")
# Words that govern what follows them: never the last on a line (the segmenter's rule only:
# a comma may follow 是 in a transcript's "就是，").
_GOVERNING = frozenset("是 就是 叫 像 成为 变成 作为 有".split())
_BARE_NUMBER = re.compile(r"^[0-9.,零〇一二两三四五六七八九十百千万亿]+[万亿]?$")
_COMPLEMENTS = frozenset("到 出 完 成 好 掉 住 走 起 进 回 给 在".split())
_FRAME_ENDS = ("时候", "时", "后", "以后", "之后", "以前", "之前", "以来")  # 那时候 / 我们: a frame, not a clause
_TITLE_PREFIXES = frozenset("联合 副 首席 执行 常务 名誉 荣誉 资深 高级 特聘 客座".split())
_CAUSATIVES = frozenset("让 叫 请 使 令 给 帮 带 要求 允许 鼓励 希望 教".split())
# (她每个周末都…, not 我们每一个人: whom the verb takes)
_SUBJECT_NEXT = re.compile(r"每(个|一个)?(天|日|周|星期|礼拜|月|年|晚|早|次)|都|也|就|一直|已经|还|又|总是|经常|从来|平时|今年|去年")
_PLACE_PREFIXES = frozenset("省市县区乡镇村州校院厂")
_MEASURES = "个本场位家种些次条件项名台篇轮届张把块杯碗份串只头辆座栋间层首部批"
_NEGATIONS = frozenset("不是 并不是 也不是 都不是 就不是 没有 并没有 也没有 还没有 从来没有".split())
_COMPARISONS = ("<", ">", "＜", "＞", "≤", "≥", "=", "＝", "≈")
_AUXILIARIES = frozenset("能够 会 能 要 想 可以 可能 应该 必须 将 已经 正在 还 也 都 就 才 不 没 没有 很 更 最 非常 再 又 只 仍然 依然".split())


# Adverbs jieba's dictionary tags as nouns, times or numerals (专门 n, 正在 t, 十分 m): a break
# after them parts an adverb from its verb (王建国教授专门 / 来片场).
_ADVERBS = {w: "d" for w in "专门 特地 专程 正在 本来 向来 往往 总是 十分".split()}


@functools.lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def tag(word: str, names: frozenset[str] = frozenset()) -> str:
    """jieba's dictionary tag of a word (ICTCLAS set: n noun, v verb, d adverb, p preposition,
    m numeral, q measure word, r pronoun, c conjunction, u particle…); "x" when unknown."""
    word = word.strip()
    if word in names:
        return "nr"
    if _LATIN.match(word):
        return "eng"
    if word[:1].isdigit():
        return "m"  # 12,000, 2026年, 10万, 91岁: a number, with its unit
    return _ADVERBS.get(word) or _tags().get(word, "x")


@functools.lru_cache(maxsize=1 << 16)   # the segmenter asks of the same pair for every cue that holds it
def split_kind(left: str, right: str, names: frozenset[str] = frozenset(), strict: bool = False,
               following: str = "") -> str | None:
    """What a break between the adjacent words `left` and `right` would split (a key of
    `SEVERITY`), or None where a reader may pause. `strict` keeps only what cannot be a
    clause boundary: a checker that no longer sees the commas asks for that. `following`
    is the word after `right`, "\0" when jieba could not read it (a lone character)."""
    left, right = left.strip(), right.strip()
    if not left or not right:
        return None
    if right.startswith(PARTICLES) and (right in PARTICLES or tag(right, names)[:1] in ("u", "y", "x")):
        return "particle at line start"
    if left.endswith(tuple(OPENING_MARKS)):
        return "opening mark at line end"
    if right.startswith(tuple(CLOSING_MARKS)):
        return "closing mark at line start"
    if right in ("上", "中", "里", "内", "外") and following[:1] != "\0":
        return "particle at line start"  # a place word's suffix: 研究水平 / 上
    if left in ("了", "过") and right[:1] in _NUMERALS and right not in ("一下", "一个", "一种", "一些"):
        return "verb+object"  # 看|了 / 一部电影: the verb's aspect and how much of what it takes
    if not strict and right in _LOCATIVES and tag(left, names)[:1] in ("n", "v"):   # (里面有…: a clause's start)
        return "particle at line start"  # 在某些特定的条件 / 下面: a place phrase's locative
    if not strict and left.endswith("的") and right in ("是", "就是", "便是", "正是"):
        return "copula at line start"  # 最后我想说的是 / …: a preference (最受欢迎的 / 是… reads well too)
    if not strict and (left == "了" or left.endswith("了")) and right in PRONOUNS - {"大家"}:
        return "verb+object"  # 送了 / 我一本书: a verb and whom it gives to
    if re.fullmatch(r"[我你他她]们?(?:会|能|要|想|可以)", left) and tag(right, names)[:1] == "v":
        return "adverb+head"  # 我会 / 带: an auxiliary and its verb
    if left in _FREQUENCY and tag(right, names)[:1] in ("p", "v"):
        return "adverb+head"  # 一般 / 在1.5到3公里之间
    if left.endswith(_ROLES) and right[:1] in SURNAMES and 2 <= len(right.strip()) <= 3 \
            and tag(right, names) in ("nr", "x"):
        return "title+name"   # 我的师傅 / 林国栋: whose name it is
    if re.fullmatch(r"第[一二三四五六七八九十百0-9]+", left) and right not in ("是", "就是", "要", "个") \
            and tag(right, names)[:1] in ("n", "v", "a"):
        return "modifier+noun"  # 养蜜蜂第一 / 反应: an ordinal and what it ranks
    if re.search(r"[0-9０-９]$", left) and re.match(_UNIT_AFTER_DIGITS, right):
        return "word split"     # 26 / 年, 3 / 个小时: a number and its unit are one word on screen
    if left in ("这", "那", "哪", "每", "各") and (right[:1] in _NUMERALS or tag(right, names)[:1] in ("m", "q")):
        return "number+measure"  # 这 / 几年, 那 / 一次: a demonstrative and what it counts
    if not strict and right in _POSTPOSITIONS:
        return "particle at line start"  # 一直 / 以来, 三年 / 之后: what closes a time phrase
    if left in CONJUNCTIONS and not (strict and left in _ALSO_ADVERBS):
        return "conjunction at line end"
    if _BARE_NUMBER.match(left) and right[:1] in _MEASURES:
        return "number+measure"  # 看一 / 本书 (jieba reads 本书 "this book"), 两 / 个人
    if left.endswith(_COMPARISONS) or right.startswith(_COMPARISONS):
        return "word split"  # 单笔消费 / <30元: a comparison is read as one term
    a, b = tag(left, names), tag(right, names)
    if not strict and left in ("什么", "哪些", "多少", "任何") and b[:1] == "n":
        return "modifier+noun"  # 有什么 / 问题
    if not strict and _one_cjk(left) and _one_cjk(right) and a[:1] in ("n", "v", "a", "z", "x") \
            and b[:1] in ("n", "v", "a", "z", "x") and not {left, right} & (_AUXILIARIES | _REPORTING | _GOVERNING | PRONOUNS):
        return "word split"  # 单 / 拎: two characters jieba's dictionary does not know as a word are one
    if not strict and left in _PLACE_PREFIXES and b[:1] == "n" and len(right) >= 2:
        return "word split"  # 县 / 教育局, 市 / 图书馆: a one-character place or body and what it names
    if not strict and left in PRONOUNS and right[:1] in _PLACE_PREFIXES and b[:1] in ("n", "z"):
        return "modifier+noun"  # 我们 / 县教育局: whose county
    if not strict and len(left) == 1 and a == "v" and left not in _REPORTING | _GOVERNING and b[:1] not in ("c", "y", "u", "p"):
        return "verb+object"  # 算 / 过账, 吹 / 那个烟: a one-character verb and what it takes
    if not strict and len(right) == 1 and b == "v" and a[:1] in ("f", "m", "d", "z"):
        return "adverb+head"  # 往外 / 吹, 一路 / 走: a one-character verb and how it is done
    if not strict and left.endswith("的") and b[:1] in ("v", "a", "b", "z") and right not in _REPORTING | _GOVERNING \
            and right not in OPENERS and right not in CONJUNCTIONS:
        return "modifier+noun"  # 王立院士的 / 加持: what 的 modifies (a clause after 是…的 opens on its subject)
    if not strict and left in _NEGATIONS and b[:1] in ("v", "a", "d", "m", "p", "r"):
        return "adverb+head"  # 而且不是 / 亏一个月: a negation and what it negates
    if not strict and left == "了" and b[:1] in ("n", "s") and b != "nr" and len(right) >= 2:
        return "verb+object"  # 放在了 / 城南老街: the verb's aspect and its object
    if a == "nr" and (right in TITLES or right.startswith(TITLES)):
        return "name+title"
    if not strict and right in TITLES and a != "nr" and a[:1] != "v" or left in _TITLE_PREFIXES and right.startswith(TITLES):
        return "modifier+noun"  # 荣休 / 教授, 首席 / 科学家, 联合 / 创始人: the title's own words
    if left.endswith(TITLES) and right.startswith("兼"):
        return "word split"     # 创始人 / 兼CEO: two titles one person holds are one title
    if b == "nr" and left.endswith(TITLES) and (len(left) <= 2 or not strict):
        return "title+name"  # 教授 / 唐杰, 奠基人 / 张钹 (作为…负责人 / 姚顺雨 may be a frame's end)
    if b != "nr" and (a.startswith("m") and (b == "q" or not strict and _BARE_NUMBER.match(left) and b[:1] in ("n", "a")
                                             and len(right) <= 2)
                      or _QUANTIFIER.match(left) and b[:1] in ("n", "a", "t") and (not strict or left[0] in "这那每各某哪")
                      or not strict and a == "m" and b[:1] == "n"):
        return "number+measure"  # 三千 / 台, 10万 / 员工, 这场 / 神仙对话; not 一年 / 开源
    if (a == "p" or left in ("把", "被", "对于", "关于", "往", "朝")) and b[:1] not in ("d", "v", "c", "p", "u", "y") \
            and not (strict and left == "对"):  # 对 / 我觉得…: "yes", as often as "to"
        return "preposition+object"
    if right.startswith(("（", "(")) and not left.endswith(tuple(CLOSERS)) and (left.endswith(tuple(_LATIN_END))
                                          or right[1:2].isascii() and right[1:2].isalpha()
                                          or right in ("（", "(") and following[:1].isascii() and following[:1].isalpha()):
        return "word+gloss"  # Bottleneck / （瓶颈）, 排版 / （Typesetting）: a gloss stays with its word
                             # (a whole title or quotation may have its gloss on the next line)
    if left in PRONOUNS and b[:1] in ("v", "d", "p") and (not strict or len(left) == 1) \
            or not strict and left in ("他", "她", "它") and not right.startswith(("的", "们")):
        return "pronoun+verb"  # 美国人他 / 天然有…: a resumptive subject goes with its verb
    if left not in _REPORTING and (a == "d" or left in _AUXILIARIES or len(left) == 2 and left[0] in "还也都就才不没很更最" and left[1] in "能会要") \
            and (b[:1] in ("a", "v", "i") or b == "l" or not strict and (a == "d" and b[:1] == "n" or b == "p")):
        return "adverb+head"  # 最 / 领先 (jieba tags 领先 a noun)
    if not strict and left == "个":
        return "modifier+noun"  # 是不是个 / 未来: a measure word and what it counts
    if not strict and right == "个":
        return "number+measure"  # 它有 / 个Neural Network: 个 goes with the verb before it
    if left.endswith("有") and right.startswith("可能") or left in ("下", "上", "每") and right.startswith("一"):
        return "verb+object"  # 最有 / 可能, 下 / 一个, 每 / 一个
    if not strict and left in ("前", "近", "头", "约", "共", "仅", "足足", "整整") and right[:1] in _NUMERALS:
        return "number+measure"  # 推进了前 / 两个范式: what counts the number
    if not strict and (left == "可能" or left == "去") and b[:1] == "v":
        return "adverb+head"  # 最有可能 / 诞生, 更好地去 / 使用
    if not strict and (left in _GOVERNING and b[:1] not in ("c", "y")
                       or _QUANTIFIER.match(left) and b[:1] in ("d", "v", "m", "x") or b == "eng" and _QUANTIFIER.match(left)
                       or a == "q" and b[:1] in ("n", "x") or a == "d" and b == "p"):
        return "verb+object"  # 是 / 中国…, 一个 / 特别值得…, 一个 / O1, 是不是个 / 未来, 也都 / 在讨论
    if (left.endswith("的") and b[:1] == "n" and b != "nr" or a == "b" and b == "eng" or not strict and a == "eng" == b
            or a == "eng" and b[:1] == "n" and b != "nr" and len(right) <= 2
            or not strict and (a[:1] in ("a", "b", "t") or a == "uj" or left.endswith(("性", "式", "型", "级", "的")))
            and (b[:1] == "n" or b in ("eng", "vn", "x", "b"))
            # 大模型的 / 计算模式: jieba cuts a compound noun into its verb and noun
            or not strict and left.endswith("的") and b[:1] == "v" and len(right) == 2
            and right not in OPENERS and right not in _REPORTING
            and tag(following, names)[:1] == "n" and len(following) == 2):
        return "modifier+noun"
    if not strict and a == b == "v" and len(left) == len(right) == 2 and left not in _REPORTING \
            and right not in _AUXILIARIES and right not in _REPORTING:
        return "verb+object"  # 自主 / 学习, 开始 / 研究: a term, or a verb and the verb it takes
    if not strict and a == "b" and b == "v":
        return "modifier+noun"  # 主动 / 学习: a distinguishing word and the verb it makes a term of
    if a[:1] == "v" and right in _COMPLEMENTS and (right != "在" or len(left) == 1):
        return "verb+complement"  # 想象 / 到, 连 / 在
    stem = left[:-1] if len(left) >= 2 and left.endswith(("了", "过", "上", "出", "到")) else ""
    if (a[:1] == "v" or stem and tag(stem, names)[:1] == "v") and left not in _REPORTING \
            and (right[:1] in _NUMERALS or right.startswith("好几")) and (stem or not strict):
        return "verb+object"  # 看了 / 一部电影, 等上 / 好几个星期: the verb and how much of what
    # A verb and a short noun after it read the same as a clause's end and the next one's
    # subject (需求分散 / 场景多样): strict keeps only 是 before a number.
    if a[:1] == "v" and left not in _REPORTING and (not strict and b[:1] == "n" and b != "nr" and len(right) <= 2
                                                    or right[:1].isdigit() and (left == "是" or not strict)):
        return "verb+object"
    # jieba's tags cannot tell a compound from a subject and its verb (目光 / 投向 is "n n"):
    # only a Latin term and the noun it names are sure (AI / 奠基人; 中国 / AI unless strict).
    if not strict and (a[:1] == "n" or a == "vn") and a != "nr" and (b[:1] == "n" and b != "nr" or b == "vn") \
            and len(left + right) <= 4:
        return "noun compound"  # 开源 / 模型, 技术 / 方案 (a guess: 目光 / 投向 reads the same)
    if a == "eng" and (b[:1] == "n" and b != "nr" or b == "x" and "\u3400" <= right[0] <= "\u9fff") or not strict and a[:1] == "n" and a != "nr" and b == "eng":
        return "noun compound"
    return None


def run_on_subject(left: str, right: str, names: frozenset[str] = frozenset(), rest: str = "") -> bool:
    """A clause ends on its predicate (an adjective, a verb with 了, a quantity), a place word
    or a modal particle, and the next opens with a pronoun subject, with no comma between
    (「沟通成本低大家有什么想法」, 「合作了很多年我们发现」, 「难得啊我们这个座谈会」), or
    with a time frame (「…推荐的书那时候我们…」; `rest` is the text from `right` on): where a
    subtitler ends a cue or a line in an unpunctuated run-on sentence."""
    left, right = left.strip(), right.strip()
    a = tag(left, names)
    if _TIME_FRAME.match(rest or right) and a[:1] not in ("p", "r") and left not in _REPORTING:
        return True
    # After a verb a pronoun is its object unless an adverb or a time follows it (一直在做 /
    # 她每个周末都…); not after a verb of saying or one that makes its object act (让他们都去).
    if a[:1] == "v" and right in PRONOUNS and left not in _REPORTING and left not in _CAUSATIVES \
            and _SUBJECT_NEXT.match(rest[len(right):]):
        return True
    # After a noun the pronoun resumes it or opens the next clause (陈默老师 / 他在…), after
    # 的 a 是…的 sentence has closed (是做田野调查的 / 他在…).
    return right in PRONOUNS and right not in ("它", "它们") and not left.endswith(_FRAME_ENDS) \
        and (a[:1] in ("a", "f", "n", "m") or a == "eng" or left.endswith(("了", "的") + TITLES) or left in CLAUSE_FINAL)


def _one_cjk(word: str) -> bool:
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and word not in PARTICLES


def joins(left: str, right: str, names: frozenset[str] = frozenset()) -> bool:
    """jieba's dictionary reads the two words as one (自主 + 学习 → 自主学习): a break
    between them splits a word."""
    left, right = left.strip(), right.strip()
    return bool(left and right) and "\u3400" <= left[-1] <= "\u9fff" and "\u3400" <= right[0] <= "\u9fff" \
        and len(words(left[-2:] + right[:2], names)) < len(words(left[-2:], names)) + len(words(right[:2], names))


@functools.lru_cache(maxsize=1 << 16)
def good_break(left: str, right: str, names: frozenset[str] = frozenset(), following: str = "",
               preceding: str = "") -> bool:
    """A place a subtitler likes to break a long phrase: before a preposition or a
    conjunction, between a subject and its adverb (中国大模型的分化 / 已经…), a person and
    a time (马局长 / 今天也是…), after a verb before a long object. Not before a verb that 的
    (`following`) makes a modifier (从杭州 / 过来的出版人), nor between a preposition's object
    (`preceding` is the preposition) and the verb it frames (我从上海 / 辞职回来)."""
    a, b = tag(left.strip(), names), tag(right.strip(), names)
    framed = tag(preceding.strip(), names) == "p"
    return (run_on_subject(left, right, names, right.strip() + following.strip()) or b == "p" or left.strip() in CLAUSE_FINAL
            or (a[:1] == "n" or a in ("eng", "x")) and b[:1] == "v" and b != "vn" and following.strip() != "的"
            and not framed
            or (a == "nr" or left.strip().endswith(TITLES)) and b == "t" or a == "f"
            or b == "c" and right.strip() not in ("和", "与", "及", "跟", "同", "或")
            or left.strip() in _REPORTING and left.strip() not in _GOVERNING  # 我觉得 / 要讨论…
            or (a[:1] == "n" or a == "eng") and b == "d"
            or a[:1] == "v" and (len(right.strip()) > 2 or _DEMONSTRATIVE.match(right.strip())) and b[:1] not in ("u", "y"))


def binds_forward(phrase: str, strict: bool = False) -> bool:
    """The phrase cannot end a cue well: it ends on a frame, a reporting verb, a copula, a
    preposition or 的 (峰会结束后, 姚顺雨认为, 分别是), or it is a sentence opener alone (最后).
    `strict` (a checker reading shown text) drops the guesses: a phrase of two characters,
    a phrase ending on 的."""
    phrase = phrase.strip().rstrip("，,、；;")
    if not phrase:
        return False
    if phrase in OPENERS or phrase in CONJUNCTIONS:
        return True
    if strict and phrase.endswith("的"):
        return False
    if not strict and len(phrase) <= 2 or opens_sentence(phrase) and len(phrase) <= 4 or phrase.startswith(_FRAMES):
        return True  # 如今, 所以今天, 对于大模型的分化: a lead-in
    if re.fullmatch(r"[0-9]+年([0-9]+月)?([0-9]+日)?", phrase):
        return True  # 2023年: a time frame alone
    if len(phrase) <= 8 and (tag(words(phrase)[-1])[:1] == "t" or _SPAN_OF_TIME.search(phrase)) \
            and not phrase.endswith(("了", "的")):
        return True  # 到了去年, 明年上半年, 未来3到5年, 对谈的最后: a time frame for the next phrase
    parts = words(phrase)
    if phrase.endswith(TITLES) or phrase.startswith("当") and parts[-1] not in ("时", "时候", "的时候", "后", "之后", "以后"):
        return True  # 香港科技大学荣休教授 (the name follows), 当你问AI (its 时 follows)
    if _SUBORDINATE.match(phrase):
        return True  # 但是如果在2026年或者2027年: a condition or concession before its clause
    if len(parts) < 2 or parts[-1] not in _BINDING_ENDS:
        return False  # 三个/小时 is no frame
    if parts[-1] == "的" and "是" in parts:
        return False  # 是…的 closes a sentence
    # 中 里 上 close a place frame (在To B的场景里, 美国市场上), or a complement (投入到…中)
    return parts[-1] not in ("中", "里", "上") or not any(w in parts for w in ("到", "入"))


def carries_on(phrase: str) -> bool:
    """The phrase continues the subject before it (则把视角…, 也分享了…, 是要找到…), unless
    it opens a comparison or an addition of its own (就像…, 还有…, 也就是说…)."""
    phrase = phrase.strip()
    return phrase.startswith(_CARRY_ON) and not phrase.startswith(("就像", "还有", "也就是", "就是说", "又比如"))


@functools.lru_cache(maxsize=8)
def _segmenter(names: frozenset[str]):
    """jieba's default tokenizer (its dictionary is loaded once a process, and the tagger
    shares it) with the names added."""
    import jieba

    jieba.setLogLevel(60)
    for name in names:
        jieba.dt.add_word(name, freq=100000)
    return jieba.dt


@functools.lru_cache(maxsize=8192)
def words(text: str, names: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """jieba's words of `text` (dictionary only, no HMM guesses), the names kept whole."""
    return tuple(w for w in _segmenter(names).lcut(text, HMM=False) if w.strip())


def opens_sentence(phrase: str, names: frozenset[str] = frozenset()) -> bool:
    """The phrase begins with a sentence opener (比如, 最后, 所以…), a demonstrative subject
    (这场…, 这位…), a surname and a title as its subject (陈会长想了想), or a person of
    `names` who takes the floor, a role before the name or not (杨强院士则从…, 唐杰认为…,
    出版人林晓舟从…: a narration passing to the next speaker)."""
    phrase = phrase.strip()
    return (any(phrase.startswith(word) for word in OPENERS) or bool(_DEMONSTRATIVE.match(phrase))
            or bool(_PERSON_SUBJECT.match(phrase))
            or any(0 <= (at := phrase.find(name)) <= 4 and _TAKES_THE_FLOOR.match(phrase[at + len(name):])
                   for name in names))   # 出版人林晓舟从上游讲起: a role may come first
