"""A speaker's words made into a sentence a listener can follow: spoken fillers and repeats
removed, first person turned into third (我们 → the speaker's organisation, or the country
when the speaker contrasts it with another), and the text for the ear (numbers spelled out).

Nothing is added that the sources do not say: words are only removed or replaced by the
referent the config names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

# Spoken fillers, each with the context where it is only a filler: 就是 opening a clause (not
# the copula in 这就是), 可能 not after 有/不 (真的有可能), 比如说 shortened to 比如.
FILLERS = {
    "我个人觉得": r"我个人觉得", "我自己觉得": r"我自己觉得", "我觉得": r"我觉得", "我感觉": r"我感觉",
    "我认为": r"我认为", "就是说": r"就是说", "就是": r"(?:^|(?<=[，,；;。]))就是|就是(?=[，,])",
    "比如说": r"比如说(?=.)", "其实": r"其实", "那个": r"那个(?=[，,]|$)|(?<=[，,])那个",
    "可能": r"(?<![有不的很大])可能(?![性，,。！？]|$)", "然后": r"(?:^|(?<=[，,]))然后",
    "是吧": r"[，,]?是吧", "对吧": r"[，,]?对吧", "的话": r"的话(?=[，,。]|$)", "吧": r"吧(?=[，,。]|$)",
    "嗯": r"嗯", "呃": r"呃",
}
_FILLER = re.compile("|".join(f"(?:{pattern})" for pattern in FILLERS.values()))
_BRACKETS = re.compile(r"[（(][^）)]*[）)]|[【\[][^】\]]*[】\]]")
_QUOTES = re.compile(r"[“”「」『』\"'《》]")
_LIST_MARK = re.compile(r"^(?:[•·▪●○◦*\-]\s*|[（(]?\d+[）)]|\d+[.、]|[一二三四五六七八九十]+、)\s*")
_OPENERS = re.compile(r"^(?:(?:所以|但是|但|那么|那|而且|而|因为|另外|当然|对(?=[，, ])|好(?=[，, ])|包括|也就是说|"
                      r"换句话说|即(?![使便])|亦即)[，, ]*)+")
_SAYS = "直言|坦言|表示|认为|提到|指出|强调|解释说|解释|透露|介绍|补充|回应|称|说"
_REPORTED = re.compile(rf"^(?:[他她]|[\u4e00-\u9fff]{{2,3}}(?=(?:{_SAYS})))?(?:{_SAYS})[：:，, ]*")
_LABEL = re.compile(r"^[^：:，。]{2,12}[：:](?=.)")
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,4})\1+")
_SPOKEN_FORMS = {"2C": "To C", "2B": "To B"}
_CLAUSE = re.compile(r"(?<=[，,；;：:])")


@dataclass(frozen=True)
class Referents:
    """Who 我们 is: the speaker's organisation, or the nation when the speaker sets it against
    another (中国 against 美国)."""
    organisations: dict[str, str] = field(default_factory=dict)
    nation: str = ""
    contrasts: tuple[str, ...] = ()
    national: bool = False       # on this topic 我们 is the nation whatever the sentence says

    @classmethod
    def from_config(cls, cfg: dict) -> "Referents":
        nation = cfg.get("we_nation", {})
        return cls(dict(cfg.get("organisations", {})), nation.get("name", ""), tuple(nation.get("contrast", ())))

    def we(self, speaker: str, text: str) -> str | None:
        if self.nation and (self.national or self.nation in text or any(word in text for word in self.contrasts)):
            return self.nation
        return self.organisations.get(speaker)


def tidy(text: str) -> str:
    """Brackets, quotes, list marks and a leading "X：" label gone; spaces folded."""
    text = _BRACKETS.sub("", _QUOTES.sub("", text))
    text = _LIST_MARK.sub("", text.strip())
    for written, said in _SPOKEN_FORMS.items():
        text = re.sub(rf"(?<![A-Za-z0-9]){written}(?![A-Za-z0-9])", said, text)
    return re.sub(r"\s+", " ", text).strip(" ，,。；;：:")


def without_fillers(text: str) -> str:
    text = text.replace("比如说", "比如")
    previous = None
    while previous != text:     # removing one filler can open a clause for the next
        previous, text = text, _FILLER.sub("", text).lstrip("，, ")
    text = _REPEAT.sub(r"\1", text)
    text = re.sub(r"([，,])\s*(?=[，,。])", "", text)       # clauses emptied by the removals
    text = re.sub(r"^[，,\s]+|[，,\s]+$", "", text)
    return text


def third_person(text: str, speaker: str, referents: Referents) -> str | None:
    """我们/咱们 → the referent, 我 → 自己; None when 我们 has no referent the config gives."""
    if re.search(r"我们|咱们", text):
        who = referents.we(speaker, text)
        if not who:
            return None
        text = re.sub(r"我们|咱们", who, text)
    return re.sub(r"我(?!国)", "自己", text)


def clauses_within(text: str, limit: int) -> str:
    """The text cut after the last whole clause that fits `limit` characters."""
    if len(text) <= limit:
        return text
    out = ""
    for clause in _CLAUSE.split(text):
        if len(out) + len(clause) > limit:
            break
        out += clause
    return out.rstrip("，,；;：: ") or text[:limit]


def rephrase(text: str, speaker: str, referents: Referents, limit: int) -> str | None:
    """A witness's words as the body of "X认为，…。", or None if they cannot be made third-person."""
    head, colon, quoted = text.partition("：")
    if colon and speaker in head:      # "…林俊旸…给出更谨慎的评估：「…」": the quote is the witness
        text = quoted
    body = _OPENERS.sub("", without_fillers(_LABEL.sub("", tidy(text))))
    body = _REPORTED.sub("", body)
    body = _OPENERS.sub("", body).strip(" ，,")
    body = third_person(body, speaker, referents)
    if body is None:
        return None
    return clauses_within(body, limit)


def first_person_left(text: str) -> int:
    return len(re.findall(r"我们|咱们|我(?!国)", text))


def fillers_left(text: str) -> list[str]:
    """The fillers still in a text, each where it is only a filler."""
    return [match.group(0) for match in _FILLER.finditer(text.replace("比如说", "比如"))]


def for_the_ear(text: str) -> str:
    """Numbers spelled out, no brackets, tags or quotes: what the voice reads."""
    text = tidy(text)
    text = re.sub(r"(\d)\s*%?\s*[-–~～]\s*(?=\d)", lambda m: m.group(0).rstrip("-–~～ ") + "到", text)  # 5%-10% → 5%到10%
    text = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff0-9])|(?<=[0-9]) +(?=[\u4e00-\u9fff])", "", text)
    text += "" if text.endswith(("？", "?", "！", "!", "。")) else "。"
    text = re.sub(r"(?<=\d) +(?=[\u4e00-\u9fff])", "", re.sub(r"(?<=\d),(?=\d{3})", "", text))  # 2025 年 → 2025年
    return cn2an.transform(text, "an2cn")
