"""A speaker's words made into a sentence a listener can follow: spoken fillers and repeats
removed, first person turned into third (我们 → the speaker's organisation, or the country
when the speaker contrasts it with another), and the text for the ear (numbers spelled out).

Nothing is added that the sources do not say: words are only removed or replaced by the
referent the config names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .numbers import repaired
from .summary_check import LISTING, PROPOSAL_VERBS, TIME_WORDS

# Spoken fillers, each with the context where it is only a filler: 就是 opening a clause (not
# the copula in 这就是), 比如说 shortened to 比如. Hedges (可能, 也许) are the speaker's and stay.
FILLERS = {
    "我个人觉得": r"我个人觉得", "我自己觉得": r"我自己觉得", "我觉得": r"我觉得", "我感觉": r"我感觉",
    "我认为": r"我认为", "我是觉得": r"我(?:还|也)?是(?:觉得|认为|感觉)",
    "我反而觉得": r"我(?:反而|反倒|倒是?)(?:觉得|认为)",   # against a worry the summary does not say
    "就是说": r"(?:^|(?<=[，,；;]))就是说", "就是": r"(?:^|(?<=[，,；;。]))就是|就是(?=[，,])",
    "比如说": r"比如说(?=.)", "其实": r"其实", "那个": r"那个(?=[，,]|$)|(?<=[，,])那个",
    "然后": r"(?:^|(?<=[，,]))然后",
    "是吧": r"[，,]?是吧", "对吧": r"[，,]?对吧", "的话": r"(?<![他她我你人])的话(?=[，,。]|$)", "吧": r"吧(?=[，,。]|$)",
    "嗯": r"嗯", "呃": r"呃",
    # 不是说…而是说… is 不是…而是…; 倒是 only colours; 很明显的一点是 only announces the point.
    "说": r"(?<=不是)说(?![话明法服])|(?<=而是)说(?![话明法服])", "倒是": r"倒是",
    "一点是": r"(?:^|(?<=[，,]))(?:很|非常|最)?(?:明显|重要|核心|关键)的一点(?:就)?是(?:说)?(?=.)",
    # how the speaker puts it, not what: 「我说得直白一点啊，最大的短板是人」
    "说得直白一点": r"(?:^|(?<=[，,]))(?:我|自己)?(?:说得?(?:直白|直接|通俗|难听)(?:一点|一些|些)?|直白地说|坦白(?:地)?[说讲]"
                    r"|老实[说讲]|说实话|实话实说)[啊吧呀嘛]?[，,]",
    # the listener's memory called on, not a hedge: 「大家可能还记得2023年…那次罢工」
    "大家还记得": r"(?:^|(?<=[，,]))(?:大家|各位|我们)(?:可能|应该|也)?(?:都|还)?记得[，,]?(?=.{6,})",
    # the room's knowledge called on: 「大家知道，真高120米以下的空域…」
    "大家知道": r"(?:^|(?<=[，,]))(?:大家|各位|我们)(?:也|都)?(?:知道|清楚|都晓得)(?:的)?[，,](?=.{6,})",
    # a pause particle after a topic or at a clause's end: 「最大的短板啊，覆盖面还不够」
    "啊": r"(?<=[\u4e00-\u9fff])啊(?=[，,。！!？?]|$)",
}
_FILLER = re.compile("|".join(f"(?:{pattern})" for pattern in FILLERS.values()))
_BRACKETS = re.compile(r"[（(][^）)]*[）)]|[【\[][^】\]]*[】\]]")
_QUOTES = re.compile(r"[“”「」『』\"'《》]")
_LIST_MARK = re.compile(r"^(?:[•·▪●○◦*\-]\s*|[（(]?\d+[）)]|\d+[.、]|[一二三四五六七八九十]+、|比如[，,])\s*")
_OPENERS = re.compile(r"^(?:(?:第[一二三四五六七八九十](?:(?:个|点)(?:是|就是)?|是|就是|(?=[，,]))|所以|因此|因而|于是|首先|其次|再者|但是|但|那么|那(?![里儿边些个种样时])|而且|而(?![是言])|因为|另外|当然|对(?=[，, ])|好(?=[，, ])|包括|也就是说|"
                      r"换句话说|即(?![使便])|亦即|比如(?:说)?(?=[\w ]{2,}[，,]))[，, ]*)+")
_SAYS = "直言|坦言|坦承|承认|提醒|表示|认为|提到|指出|强调|解释说|解释|透露|介绍|补充|回应|称|说"
_OTHERS = r"很多人|许多人|不少人|有人|有些人|一些人|大家|外界|别人|人们"     # a view the speaker reports, not theirs
_REPORTED = re.compile(rf"^(?:在[他她]看来|[他她]的(?:说法|看法|观点|判断|意思|结论)(?:就是|是)|"
                       rf"(?:(?:[他她]|(?!{_OTHERS})(?![不而只正可但总倒算像]是)[^\W我你想要也还]{{1,2}}[^\W我你想要也还的]"
                       rf"(?=(?:还|也|则|更)?(?:{_SAYS})))(?:还|也|则|更)?)?"
                       rf"(?:{_SAYS}|担心|觉得|相信|判断)+(?![的法明服白]))[：:，, ]*")   # not 说法, 说明, 说白了: words of their own
_LABEL = re.compile(r"^[^：:，。]{2,12}[：:](?=.)")
_REPEAT = re.compile(r"(?!一(?P<x>[\u4e00-\u9fff])一(?P=x))(?P<said>[\u4e00-\u9fff]{2,4})(?P=said)+")   # not 一代一代
# A third party (它, 他, 她) that goes on in the first person within one sentence: the speaker
# voices someone else's thinking, and 我 is not the speaker.
_IMAGINED = re.compile(r"[它他她](?!们)[^。！？!?]*?不是说[^。！？!?]*?(?<![自])我(?!们)")
_RESTART = re.compile(r"\s*[才就都也还][，,](?=或者说|也就是说)")
_CLAUSE_REPEAT = re.compile(r"(?<![^，,；;])(?P<said>[^，,；;。]{2,10})(?:[，,](?P=said))+(?=[，,；;。]|$)")
# A count announced with its first item only: said as that item (「一个瓶颈是…」), not a list cut short.
_FIRST_OF = re.compile(r"(?:有|(?:^|(?<=[，,]))(?:这|那)?)(?:两|三|四|五|几|[2-5])\s*(?:个|大)\s*(?P<what>[^，,。；;：:\d]{1,12}?)\s*[，,：:]\s*(?:第?一个|一)(?:就)?是")
_NEXT_ITEM = re.compile(r"另一个|另外一个|第二|二是|还有一个")
_SPOKEN_FORMS = {"2C": "To C", "2B": "To B"}
_CLAUSE = re.compile(r"(?<=[，,；;：:])")
# 「X补充了三个…因素：a、b、c」: a speaker's list of short items under a head that counts them.
_COUNTED_LIST = re.compile(r"^\W*(?P<who>[^\W\d]{1,4}?)(?:还|也|则)?(?P<verb>补充|列出|总结|归纳|概括|指出|给出)了?"
                           r"(?P<count>[两二三四五六七八九十]个)(?P<what>[^：:，,。]{2,20})$")
_NOUN_LIST = re.compile(r"[^，,。；;：:、]{1,8}(?:、[^，,。；;：:、]{1,8})+[。.]?")
# Nouns a speaker names and then says what they are (「最大的问题，就是数据」).
_HEADS = "事情|事|问题|东西|关键|核心|瓶颈|区别|差别|原因|变化|目标|方向|机会|差距|意义|价值|挑战|难点|优势"


@dataclass(frozen=True)
class Referents:
    """Who 我们 is: the speaker's organisation, or the nation when the speaker sets it against
    another (中国 against 美国)."""
    organisations: dict[str, tuple[str, ...]] = field(default_factory=dict)   # speaker → (name, other names)
    nation: str = ""
    contrasts: tuple[str, ...] = ()
    national: bool = False       # on this topic 我们 is the nation whatever the sentence says

    @classmethod
    def from_config(cls, cfg: dict) -> "Referents":
        nation = cfg["we_nation"]
        return cls(organisation_names(cfg), nation.get("name", ""), tuple(nation["contrast"]))

    def we(self, speaker: str, text: str) -> str | None:
        """Who 我们 is in the text, where the text makes it certain: the speaker's organisation
        when the text says 我们公司, 我们自己的…; the nation when the speaker sets it against
        another; the organisation when the text names it; None for a generic "we" (we all,
        people), which is not the speaker's company."""
        names = self.organisations.get(speaker, ())
        if names and _OWN_HOUSE.search(text) and not self.national:
            return names[0]     # 按我们自己的经验, 我们公司: the speaker's house, whatever country is named
        if self.nation and (self.national or self.nation in text or any(word in text for word in self.contrasts)):
            return self.nation
        if names and any(word in text for word in _name_parts(names)):
            return names[0]
        return None


_OWN_HOUSE = re.compile(r"我们(?:自己的|公司|团队|内部|平台|工作室)|以我们自己为例")


def organisation_names(cfg: dict) -> dict[str, tuple[str, ...]]:
    """`summary.organisations`: speaker → their organisation, or a list of the names sources
    call it by (the first is how a summary names it)."""
    return {speaker: (names,) if isinstance(names, str) else tuple(names)
            for speaker, names in cfg["organisations"].items()}


def _name_parts(names: tuple[str, ...]) -> list[str]:
    """The words a text may name an organisation by: each name, and 阿里千问团队 as 阿里千问."""
    parts = [part for name in names for part in (name, re.sub(r"(团队|公司|集团|实验室|研究院)$", "", name))]
    return [p for p in dict.fromkeys(parts) if len(p) >= 2]


# An aside that narrows the claim (起码美国的, 至少在 To B) is said; a gloss (Compute（算力）) is not.
_NOW_LABEL = re.compile(r"(\**)([^：:，。*（(]{2,12})(\**)[（(](当前|目前|现在)[）)](?=\s*[：:])")
_SCOPE = re.compile(r"[（(]((?:起码|至少|最少|尤其是?|特别是|仅仅?|只)[^）)]{1,12})[）)]")
_SCOPE_OF_NOUN = re.compile(r"[（(](?P<scope>(?:起码|至少|最少|尤其是?|特别是)[^）)]{1,10}的)[）)]"
                            r"(?P<noun>人|公司|企业|团队|用户|国家|模型|市场)")


def _spaced(term: str) -> str:
    """A Latin term set off by spaces inside Chinese text, as the sources write it."""
    return f" {term} " if re.match(r"[A-Za-z]", term) else term


def tidy(text: str) -> str:
    """Brackets, quotes, list marks and a leading "X：" label gone, except an aside that narrows
    the claim (「很多（起码美国的）人」 → 「很多人，起码美国的人，」) or says a stage is today's
    (「初级阶段（当前）：」 → 「当前是初级阶段：」); spaces folded."""
    # 「很多（起码美国的）人」: the scope is the claim's; said after the noun it narrows
    # (「很多人，起码美国的人，」), else the quantifier is left without it.
    text = _SCOPE_OF_NOUN.sub(r"\g<noun>，\g<scope>\g<noun>，", _QUOTES.sub("", text))
    text = re.sub(r"[，,](?:\s*[，,])+", "，", _SCOPE.sub(r"，\1", text))
    text = _NOW_LABEL.sub(r"\4是\2", text)      # 「初级阶段（当前）：…」: the stage we are in
    text = _BRACKETS.sub("", text)
    # 音乐节两天＋前后两个周末: 加上; a list of three or more (个人＋长护险＋补贴) is a list (、)
    joins = "、" if len(re.findall(r"[+＋]", text)) >= 2 else "，加上"
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s*[+＋]\s*(?=[\u4e00-\u9fff])", joins, text)
    text = re.sub(r"[，,]?\s*英文(?:名)?(?:我们|咱们)?(?:内部)?(?:叫|是|称为)\s*[A-Za-z][A-Za-z .'-]*(?=[，,。]|$)", "", text)  # an English alias
    text = _LIST_MARK.sub("", text.strip())
    for written, said in _SPOKEN_FORMS.items():
        text = re.sub(rf"(?<![A-Za-z0-9]){written}(?![A-Za-z0-9])", said, text)
    text = re.sub(r"(?<![A-Za-z])[Tt]o\s?([BC])(?![A-Za-z])", r"To \1", text)     # toB, ToB: 「To B」 as the rest
    return re.sub(r"\s+", " ", text).strip(" ，,。；;：:").lstrip("…⋯ ，,")     # 「……最大的短板」: a trailing-in


# "我们发现，…" / "我看到…": a frame around the claim, not a claim about 我们.
_FRAME = re.compile(r"(?:^|(?<=[，,；;]))(?P<when>今天|现在|目前)?(?:所以|其实|那|但是|但|而且)?"
                    r"(?:(?:我们|我)(?:今天|现在|其实|也|会|就|都|可能|经常|常常|一直|总是){0,2}"
                    r"(?:发现|看到|觉得|认为|相信|知道|估计|预测|判断|观察(?:到)?|想(?![要做去来提说讲聊问补])|(?:想|要)?(?:提醒|说|强调|补充|讲|聊)一下"
                    r"|[说讲](?=[，,：:])|[说讲](?=[\u4e00-\u9fff]{2,4}是))"   # 所以我说短板是人: a verdict's frame
                    r"(?:的是|就是说)?"
                    # 「我的看法是，…」, 「我想讲的一个体会是…」: the claim follows its label
                    # (not before a bare answer: 「我个人的判断是2030年」 keeps its label)
                    r"|我(?:个人|自己)?(?:的|想讲的|想说的)(?:一个|一点)?(?:看法|观点|判断|预测|体会|感受|理解|回答|答案)"
                    r"(?:(?:就)?是|(?=[，,]))(?![，,]?\s*[0-9零〇一二两三四五六七八九十百千万亿.%]+\s*[年个倍%]?\s*[。]?$))"
                    r"[，,]?")


# 「所以如果你问我三年后…能不能主导，我会说，五五开吧」: the speaker's own question, then the answer.
_ASKED = re.compile(r"(?:所以|那)?(?:如果|要是)?(?:你|您|大家)问我(?P<question>[^，,。；;]{4,30}?)(?:的话)?[，,]\s*"
                    r"(?:那)?(?:我)?(?:会|就|只能)?(?:说|讲|回答|答)[，,：:]?\s*")


def _unrestated(text: str) -> str:
    """A clause restated at once, opening with 就 and ending as the clause before it ends (at
    least three characters alike: 「…下一个 Bet 是什么东西，就下一仗是什么东西」), is said once."""
    clauses = re.split(r"(?<=[，,])", text)
    out = clauses[:1]
    for clause in clauses[1:]:
        before, this = out[-1].rstrip("，, "), clause.strip()
        end = re.search(r"[，,。；;]$", this)
        core = this[:end.start()] if end else this
        tail = 0
        while tail < min(len(before), len(core)) and before[-1 - tail] == core[-1 - tail]:
            tail += 1
        if core.startswith("就") and tail >= 3 and len(core) - tail <= 8:
            out[-1] = out[-1].rstrip("，, ") + (end.group(0) if end else "")
            continue
        out.append(clause)
    return "".join(out)


# The speaker announcing what comes next, before it comes in the same sentence.
_ANNOUNCED = re.compile(r"^(?:我|自己)?(?:先|就|来)?(?:给|说|报|讲|举)(?:一|几|两)?个(?:我们|咱们)?(?:自己的|身边的|具体的|真实的)?"
                        r"(?:数字|数据|例子|情况)[啊吧呀嘛]?[，,：:]\s*(?=.{6,})")


# The speaker introducing their own house before its figures.
_INTRODUCED = re.compile(r"^(?:我|自己)?(?:先)?(?:简单)?(?:说|讲|介绍)(?:一下)?(?:我们|咱们)?(?:的|自己的)?[^，,：:]{0,8}?"
                         r"(?:盘子|情况|基本情况|背景|规模)(?:吧|啊)?[，,：:]\s*(?=.{6,})")


_NTH_VIEW = re.compile(r"^(?:第[一二三四五六七八九十]个?)(?:判断|观点|看法|预测|建议|想法|趋势|感受|体会)"
                       r"(?:呢)?(?:就)?是[，,：:]?\s*(?=.{6,})")


def without_fillers(text: str) -> str:
    text = repaired(text.replace("比如说", "比如"))
    # 「我给一个数字，2025年…」: the figure follows; the announcement goes, but an example of
    # the speaker's own house says whose it is (举个我们自己的例子 → 以我们自己为例)
    text = _ANNOUNCED.sub(lambda m: "以我们自己为例，" if "我们" in m.group(0) else "", text)
    text = _INTRODUCED.sub("", text)    # 「我先简单说一下我们的盘子，…」: the figures follow
    text = _NTH_VIEW.sub("", text)      # 「第二个判断是行业会洗牌」: the speaker counting their points
    text = re.sub(r"\s*(?:→|->|⇒)\s*", "，所以", text)     # a note's arrow is said as what it means
    text = re.sub(r"[，,]\s*(?:我|自己)(?:刚才)?(?:记混了|记错了|说错了|口误了?)(?=[，,。；;]|$)", "", text)   # the repair's excuse
    text = re.sub(r"(?<=感受|观点|看法|意思|问题|区别|关键|核心|原因|结论|体会|判断|思想|想法|理念|办法|方法)就是说(?=[\u4e00-\u9fffA-Za-z0-9 ])", "是",
                  text)                                       # 感受就是说X: 感受是X
    # 其实就是 after what it names is the copula, and so is 就是 after a noun the clause before
    # ends on (「…最大的有意义的事情，其实就是更好的教育」): 是 stays when the fillers go.
    text = re.sub(r"(?<=[\w）)])\s*其实就是(?!说)", "是", text)
    text = re.sub(rf"(的(?:{_HEADS}))[，,]\s*(?:其实)?就是(?!说)", r"\1是", text)
    # 「我觉得百分之二十吧」: 吧 after a figure is the speaker's hedge, not a filler: said 大概.
    text = re.sub(r"(?:是)?\s*((?:百分之)?[0-9零一二两三四五六七八九十百千万亿.]+(?:[%％]|个|倍|年)?)\s*吧(?=[，,。；;]|$)",
                  r"大概是\1", text)
    # "很多人说X，我觉得Y": the speaker's Y against others' X; the contrast needs the speaker.
    text = re.sub(rf"((?:{_OTHERS})(?:都)?(?:说|认为|觉得)[^。；;]*[，,])(?:但)?我(?:觉得|认为)", r"\1自己觉得", text)
    text = _ASKED.sub(r"对于\g<question>这个问题，", text)   # 如果你问我X，我会说Y: the answer to X
    text = _FRAME.sub(lambda m: m.group("when") or "", text)
    if not re.search(r"如果|要是|假如|假设|若|的话[，,]", text):     # 「AI 的话是一个技术」: a topic marker, not an if
        text = re.sub(r"(?<=[\w）)])(?<![说讲听句些那这])\s*的话(?=是|就是|其实)", "", text)   # not 说的话 (words)
    previous = None
    while previous != text:     # removing one filler can open a clause for the next
        previous, text = text, _FILLER.sub("", text).lstrip("，, …⋯")
    text = _REPEAT.sub(r"\g<said>", text)
    text = _CLAUSE_REPEAT.sub(r"\g<said>", text)   # 「现在是有的，现在是有的」: said once
    text = _RESTART.sub("，", text)    # 「To B 才，或者说生产力的 Agent 才刚刚开始」: the adverb restarts
    text = _unrestated(text)     # 「下一个 Bet 是什么东西，就下一仗是什么东西」: said once
    if not _NEXT_ITEM.search(text):     # 「有两个瓶颈，一个是环境问题」 and the other never said here
        text = _FIRST_OF.sub(lambda m: ("，" if m.start() and re.match(r"[\w ]", text[m.start() - 1]) else "")
                             + f"一个{_spaced(m.group('what').strip())}是", text)
    text = re.sub(r"([，,])\s*(?=[，,。])", "", text)       # clauses emptied by the removals
    text = re.sub(r"^[，,\s]+|[，,\s]+$", "", text)
    return text


def third_person(text: str, speaker: str, referents: Referents) -> str | None:
    """我们/咱们 → the referent the text makes certain, 我 → 自己; None when it cannot be said in
    the third person: a second person (a hypothetical user's 你, the host's 你), 我 inside
    someone else's example or inside a quotation (「老人会说“我还能动”」), or a 我们 with no
    certain referent."""
    if re.search(r"(?<!迷)你|您", text) or re.search(r"[“「『][^”」』]*我[^”」』]*[”」』]", text):
        return None
    # 我们投资人, 我们创业者: an appositive naming the group; the group says it
    text = re.sub(r"(?:我们|咱们)(?=[^\W的]{1,3}?(?:人|者|家|师|员|商))", "", text)
    if re.search(r"(?:我们|咱们)(?:可以|不妨|来|先)?(?:回顾|想象|设想|假设|看看)", text):
        return None     # 「我们可以回顾一下…」: the speaker inviting the room, nobody's organisation
    if re.search(r"我们|咱们", text):
        who = referents.we(speaker, text)
        if not who:
            return None
        parts = "|".join(map(re.escape, _name_parts(referents.organisations.get(speaker, ()) + (who,))))
        text = re.sub(rf"(?:我们|咱们)(?=(?:{parts}))", "", text)     # 我们千问 → 千问, not 千问千问
        text = re.sub(r"我们|咱们", who, text)
    # 我 is the speaker only as a clause's subject; inside someone else's example or motto
    # ("一个用户…我", "它的理念是…我"), or after a noun ("像美国我看到"), it cannot be made 自己.
    if re.search(r"(?:用户|别人|有人|人们|大家|一个人|理念|口号|说法|名言|一句话)[^。]{0,30}(?<!自)我(?!国)", text):
        return None
    # (a topic before its comment is no such noun: 「这个数我真的不敢打包票」)
    untopicalised = re.sub(r"(?:这|那)个[\u4e00-\u9fff]{1,3}(?=我)", "，", text)
    if re.search(r"(?<![，,；;：:。\s但而也就还所以因为自])我(?!国)",
                 untopicalised[1:] if untopicalised.startswith("我") else "，" + untopicalised):
        return None
    text = re.sub(r"(?<!自)我(?!国)(?:个人)?", "自己", text)     # 我个人的判断: 自己的判断, not 自己个人的
    # 「我对今年…革新，我挺乐观的」: the topic with 对 then the view; one 自己 says who holds it
    text = re.sub(r"^自己(?=对[^，,。；;]+[，,]自己)", "", text)
    # 「我们预计，…」 made 「安康云诊预计，…」: the attribution says who expects it, once
    holders = "|".join(map(re.escape, _name_parts(referents.organisations.get(speaker, ())) + ["自己"]))
    return re.sub(rf"^(?:{holders})(?:预计|认为|判断|估计|觉得|相信)[，,]", "", text)


def clauses_within(text: str, limit: int) -> str | None:
    """The text if it fits `limit` characters, else its first parts up to a semicolon that fit;
    None when no whole part fits. A comma never ends a cut: what follows it is often the point
    (the 但 half of a contrast, the figure of a forecast)."""
    if len(text) <= limit:
        return text
    out = ""
    for part in re.split(r"(?<=[；;])", text):
        if len(out) + len(part) > limit:
            break
        out += part
    return out.rstrip("；; ") or None


_WHEN = re.compile(rf"^(?:.{{0,6}}(?:阶段|时期)|(?:{TIME_WORDS}))")


def _kept_label(label: re.Match) -> str:
    """A bullet's label is dropped unless it says when (「初级阶段：…」, 「最终目标：…」): a
    stage of a forecast said without it reads as a fact of today; or names what the figures
    after it are of (「顾总的单件成本：…」 → 单件成本…)."""
    text = label.group(0).replace("*", "").strip()
    when = _WHEN.match(text)
    if when:
        return f"{when.group(0)}，"     # the witness's own words: a summary adds none
    # 「顾总的单件成本：2023年是28元，现在是九块二」: what the figures are of is the subject
    owned = re.match(r"^[^的：:]{1,6}的(?P<what>[^的：:]{2,8})[：:]$", text)
    figures = re.match(r"\s*[「“]?\s*(?:\d|[零一二两三四五六七八九十]+[年月个成]|去年|今年|明年|现在|目前)", label.string[label.end():])
    if owned and figures and not re.search(r"观点|看法|判断|回答|预测|发言|说法|建议|结论|金句|原话", owned.group("what")):
        import jieba.posseg

        if all(w.flag[:1] == "n" or w.flag == "vn" for w in jieba.posseg.lcut(owned.group("what"))):
            return owned.group("what")     # a noun phrase (单件成本), not a clause (变化来自人员)
    return ""


def rephrase(text: str, speaker: str, referents: Referents, limit: int) -> str | None:
    """A witness's words as the body of "X认为，…。", or None if they cannot be made third-person."""
    head, colon, quoted = text.partition("：")
    if colon and (re.search(r"转述|引用|借用|援引|套用|的话|一句话", head)
                  or re.search(r"[他她][^，,。]{0,4}说$", head) and speaker not in head):
        return None      # "他转述一位老客户的话：「我不买技术…」", "他说：「…」": somebody else's words
    if _IMAGINED.search(text):
        return None      # 「Anthropic 它可能不是说今天我觉得…然后我就 Bet on 它」: 我 is Anthropic's voice
    proposed = re.match(rf"^\W*(?:{re.escape(speaker)}|[他她])(?:还|也)?(?=(?:{PROPOSAL_VERBS})了?)", head)
    if colon and proposed:      # 「唐杰提出了一个新指标：智能效率」: what was proposed needs its verb
        text = text[proposed.end():].replace("：", "，", 1)     # not a bullet's label
    elif colon and (counted := _COUNTED_LIST.match(head)) and _NOUN_LIST.fullmatch(quoted.strip()) \
            and (counted.group("who") == speaker or counted.group("who") in "他她"):
        # 「唐杰补充了三个决定 Agent 命运的因素：价值、成本、速度。」: the list is the claim, said
        # with its own verb (「唐杰补充了三个…」), as a proposal is
        text = text[text.index(counted.group("verb")):]
    elif colon and (speaker in head or re.search(r"[他她]", head)):   # "…林俊旸…给出更谨慎的评估：「…」":
        text = quoted                                                 # the quote is the witness
    body = _OPENERS.sub("", without_fillers(_LABEL.sub(_kept_label, tidy(text))))
    if not re.match(LISTING, body):     # 「补充了三个因素：…」 keeps the verb that lists them
        body = _REPORTED.sub("", body)
    body = re.sub(r"^[他她](?!们)(?=[还也更则就最很都])", "", _OPENERS.sub("", body)).strip(" ，,")  # 他更看重… → 更看重…
    body = re.sub(r"[，,]\s*这是第[一二三四五六七八九十]点$", "", body)     # the speaker counting their points
    body = third_person(body, speaker, referents)
    return clauses_within(body, limit) if body else None


def first_person_left(text: str) -> int:
    return len(re.findall(r"我们|咱们|(?<!自)我(?!国)", text))


def fillers_left(text: str) -> list[str]:
    """The fillers still in a text, each where it is only a filler."""
    return [match.group(0) for match in _FILLER.finditer(text.replace("比如说", "比如"))]


def for_the_ear(text: str) -> str:
    """Numbers spelled out, no brackets, tags or quotes: what the voice reads."""
    text = tidy(text)
    text = re.sub(r"(\d)\s*%?\s*[-–~～]\s*(?=\d)", lambda m: m.group(0).rstrip("-–~～ ") + "到", text)  # 5%-10% → 5%到10%
    text = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff0-9])|(?<=[0-9]) +(?=[\u4e00-\u9fff])", "", text)
    text += "" if text.endswith(("？", "?", "！", "!", "。")) else "。"
    text = re.sub(r"(?<=[\d%]) +(?=[\u4e00-\u9fff])", "", re.sub(r"(?<=\d),(?=\d{3})", "", text))  # 2025 年 → 2025年
    # o1, GPT-4o, Qwen3 are names, not numbers (not O一): only the text between them is spelled
    # out, as the voice's text normalisation says it (美元/月 → 美元每月, 2次 → 两次).
    parts = _MODEL_NAME.split(text)
    return "".join(part if k % 2 else _spoken(part) if part else "" for k, part in enumerate(parts))


@lru_cache(maxsize=1)
def _normaliser():
    from .textnorm import TextNormaliser

    return TextNormaliser()


def _spoken(text: str) -> str:
    return _normaliser().verbalise(text).spoken


_MODEL_NAME = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*-?\d[A-Za-z0-9.]*)")
