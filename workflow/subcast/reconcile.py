"""Statements from several sources → points (aligned groups) with support and conflicts.

Alignment: every statement is normalised (spelled-out numbers to digits, regional vocabulary
to mainland terms, no punctuation), cut into character 2–3-grams and weighted by IDF
(scikit-learn). Two statements report the same point when the IDF weight of the n-grams they
share covers enough of the shorter one; a point takes at most one statement per source,
matched mutual-best, with the verbatim transcript's statements as anchors first.

Conflicts inside a point: values of the same kind (percentages, multiples, durations, years,
money, ages, counts) with no value in common, or two explicit attributions to different
people, or two sources crediting the words to different people ("像俊旸说的" against "引用唐杰的
话"). A paraphrase with the same numbers is not a conflict, nor is a write-up choosing one of the
values the transcript gives ("26 年或者 27 年"). The verbatim transcript decides who made a
point. Roster conflicts: a write-up naming as a participant someone who never takes a turn in
the transcript.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .numbers import NumberNormaliser, kuai_as_yuan, repaired, spelled_counts, taken_back
from .sources import OTHER, Statement, source_tag

_NOT_WORD = re.compile(r"[\W_]+")
_FILLERS = ("就是说", "我觉得", "其实", "那个", "然后", "对，", "对。", "嗯，", "比如说", "可能")

# value kinds: unit → (kind, factor to a common scale)
UNITS = {
    "%": ("percent", 1), "倍": ("multiple", 1), "岁": ("age", 1),
    "小时": ("duration", 1), "天": ("duration", 24), "周": ("duration", 24 * 7), "个月": ("duration", 24 * 30),
    "美元": ("money", 1), "元": ("money-cny", 1), "万员工": ("headcount", 10_000), "员工": ("headcount", 1),
    "张卡": ("cards", 1),
    # counts by their measure word: 43家医院 against 34家医院
    "家": ("count-家", 1), "所": ("count-所", 1), "台": ("count-台", 1), "名": ("count-名", 1),
    "位": ("count-位", 1), "款": ("count-款", 1), "个": ("count-个", 1),
    "人次": ("count-人次", 1), "人": ("count-人", 1), "户": ("count-户", 1), "种": ("count-种", 1), "座": ("count-座", 1),
    "辆": ("count-辆", 1), "项": ("count-项", 1), "件": ("count-件", 1), "场": ("count-场", 1),
    "吨": ("mass", 1), "公里": ("distance", 1), "条": ("count-条", 1), "架": ("count-架", 1), "": ("money-cny", 1),
}
# "below", "at most" and "capped at" make one claim; so do "above" and "at least".
_COMPARATORS = (("低于", "<"), ("低过", "<"), ("不超过", "<"), ("不到", "<"), ("少于", "<"), ("以下", "<"),
                ("上限", "<"), ("压至", "<"), ("最多", "<"), ("高于", ">"), ("超过", ">"), ("以上", ">"),
                ("至少", ">"), ("约", "~"), ("大约", "~"), ("左右", "~"), ("将近", "~"), ("接近", "~"), ("近", "~"))
_NUMBER = r"(\d+(?:\.\d+)?)"
# 3200多人, 540余种: a count given as "more than about" is that count, approximately
# A bare 万/亿 amount that counts nothing named after it (市场规模从800亿到1500亿) is money, as it
# mostly is; 5亿用户 and 1万单 count users and orders.
_VALUE = re.compile(rf"{_NUMBER}(?:\s*(?:万|亿)?\s*(?:-|~|到|至)\s*{_NUMBER})?\s*(万|亿)?\s*(多|余)?\s*"
                    r"(%|倍|岁|个?小时|天|周|个月|美元|元|万员工|员工|张卡|家|所|台|名|位|款|个(?![月小])"
                    r"|人次|人(?!民|工|类|才|员|口)|户|种(?!子|植)|座|辆|项|件|场|吨|公里|条|架|(?<=[万亿])(?=[^\u3400-\u9fff\d.]|$|[到至的左上以都不]))")
_PERSON_NOUN = re.compile(r"[\u4e00-\u9fff]{0,3}?(?:员|人|师|者|工|生|客|户|护士|医生|老人|居民|家庭)")
_YI_WAN = re.compile(r"(?<![\d.])(\d+)\s*亿\s*(\d{1,4})\s*万")
_UNIT_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(元|美元|万元|亿元|个|家|人|台|岁)\s*(到|至|~|-)\s*(\d+(?:\.\d+)?)\s*\2")
_PERCENT_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(到|至|~|-)\s*(\d+(?:\.\d+)?)(?:\s*%)?")
_DIGIT = dict(zip("一二两三四五六七八九十", [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
# Small counts of time stay in words on screen (三到五个小时) but are values here.
_SMALL_TIME = re.compile(r"([一二两三四五六七八九十])(?:(到|至)([一二两三四五六七八九十]))?(?=个?(?:小时|天|周|个月))")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2}|[2-3]\d)\s*年(?!代)")  # 2026年, and 26 年 as spoken
_APPROX_PAIR = re.compile(r"([一二两三四五六七八九])([一二两三四五六七八九])(个?小时|天|周|个月)")


@dataclass(frozen=True)
class Value:
    kind: str
    comparator: str   # = < <= > >= ~
    low: float
    high: float
    text: str
    at: int = -1      # where it starts in the text it was read from

    @property
    def key(self) -> tuple:
        """The value as stated, a range as a whole."""
        return (self.kind, "=" if self.comparator == "~" else self.comparator, self.low, self.high)

    def stated_in(self, keys: set[tuple], whole: set[tuple]) -> bool:
        """Said again among values whose `keys` are given and whose `whole` keys: a number by
        any value or a range's end; a range only as a range, or with both ends said alone
        (1000亿到1500亿 is not said by 800亿到1500亿 and 1000亿上下)."""
        if self.low == self.high:
            return bool(self.keys & keys)
        ends = {(self.kind, self.key[1], self.low, self.low), (self.kind, self.key[1], self.high, self.high)}
        return self.key in whole or ends <= whole

    def rounds(self, other: "Value") -> bool:
        """One figure rounded to the other (2.97亿 and 29700万, 近3亿 and 2.9697亿): within 1 % of
        the larger, 5 % where either is approximate (近, 约, 左右). Years and ranges never."""
        if self.kind != other.kind or self.kind == "year" or self.low != self.high or other.low != other.high:
            return False
        for a, b in ((self, other), (other, self)):     # 两百余家 holds 212家: 200 up to the next 100
            if re.search(r"[多余]", a.text) and a.low > 0:
                step = 10 ** (len(str(int(a.low))) - len(str(int(a.low)).rstrip("0")))
                if step > 1 and a.low <= b.low < a.low + step:
                    return True
        size = max(abs(self.low), abs(other.low)) or 1.0
        share = 0.05 if "~" in (self.comparator, other.comparator) else 0.01
        return abs(self.low - other.low) <= share * size and ({self.comparator, other.comparator} <= {"=", "~"}
                                                                or self.kind == "age")

    @property
    def keys(self) -> set[tuple]:
        """What the value can be matched on: "about 20%" and "20%" say the same, "below 20%"
        does not; a range 10到100倍 matches "10倍或100倍" through its ends."""
        comparator = "=" if self.comparator == "~" else self.comparator
        keys = {(self.kind, comparator, self.low, self.high)}
        if self.low != self.high:
            keys |= {(self.kind, comparator, self.low, self.low), (self.kind, comparator, self.high, self.high)}
        return keys


@dataclass
class Point:
    topic: str
    members: list[int]                       # statement indices, one per source
    support: int = 0


def in_mainland(text: str, terms: dict[str, str]) -> str:
    """`text` with each regional term (`reconcile.regional_terms`: 透过, 美金) in the mainland's
    word, the longest first (短影音 before 影音)."""
    for term, mainland in sorted(terms.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(term, mainland)
    return text


class Normaliser:
    def __init__(self, regional: dict[str, str], numbers: NumberNormaliser | None = None):
        self.regional = regional
        self.numbers = numbers or NumberNormaliser()
        self._done: dict[str, str] = {}     # each conflict finder normalises the same statements

    def __call__(self, text: str) -> str:
        if text not in self._done:
            self._done[text] = self._normalised(text)
        return self._done[text]

    def _normalised(self, text: str) -> str:
        text = repaired(unicodedata.normalize("NFKC", text))    # 三十——不对，三十五个: 35, not 30 and 35
        text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)     # 1,200位: 1200
        text = kuai_as_yuan(taken_back(text))   # 九块六，哦不对…是九块二: 9.2元
        text = in_mainland(text, self.regional)
        text = _APPROX_PAIR.sub(lambda m: f"{m[1]}到{m[2]}{m[3]}", text.replace("一两", "一到两"))
        text = spelled_counts(text)     # 四个城市 against 4个城市
        # 30%到40%, and 百分之三十到四十 (30%到40 on screen): one range of percentages
        text = _PERCENT_RANGE.sub(r"\1\2\3%", self.numbers.to_display(text))
        text = _SMALL_TIME.sub(lambda m: f"{_DIGIT[m[1]]}" + (f"到{_DIGIT[m[3]]}" if m[3] else ""), text)
        text = _YI_WAN.sub(lambda m: f"{int(m[1]) + int(m[2]) / 10_000:g}亿", text)      # 2亿9697万: 2.9697亿
        # 6800元到12000元: one range (not 从28元到9.2元, a fall)
        return _UNIT_RANGE.sub(lambda m: f"{m[1]}{m[3]}{m[4]}{m[2]}" if float(m[1]) < float(m[4]) else m[0], text)

    def comparable(self, text: str) -> str:
        return _NOT_WORD.sub("", self(text)).lower()


def values(text: str) -> list[Value]:
    """Numbers with their kind, as the (normalised) text states them."""
    found = []
    for match in _VALUE.finditer(text):
        low = float(match[1])
        high = float(match[2]) if match[2] else low
        scale = {"万": 1e4, "亿": 1e8}.get(match[3] or "", 1)
        low_scale = scale
        if match[2] and scale > 1 and low > high and not re.search(r"[万亿]", match[0][:match.end(1) - match.start() + 2]):
            low_scale = 1     # 6800~1.5万元: 6800 to 15000, the 万 is the upper end's
        unit = match[5] if match[5] in ("个月", "个") else match[5].removeprefix("个")
        kind, factor = UNITS[unit]
        if kind in ("count-个", "count-名", "count-位") and _PERSON_NOUN.match(text, match.end()):
            kind = "count-人"     # 1600个护理员, 1600名护理员 and 1600人: one count of people
        before = text[max(0, match.start() - 4):match.start()]
        after = text[match.end():match.end() + 3].lstrip()    # "90% 以上" as "90%以上"
        # right before the number (签约居民有3200人: the 约 of 签约 is no "about")
        word, comparator = next(((word, sign) for word, sign in _COMPARATORS
                                 if before.rstrip().endswith(word) or (word in ("以下", "以上", "左右") and word in after)),
                                ("", "~" if match[4] else "="))
        said = f"{word}{match[0]}" if before.rstrip().endswith(word) else f"{match[0]}{word}"
        found.append(Value(kind, comparator, low * low_scale * factor, high * scale * factor, said, match.start()))
    for match in _YEAR.finditer(text):
        year = float(match[1]) + (2000 if len(match[1]) == 2 else 0)
        found.append(Value("year", "=", year, year, match[0], match.start()))
    return found


def similarity_matrix(texts: list[str]) -> np.ndarray:
    """IDF-weighted share of the shorter text's character 2–3-grams found in the other."""
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), binary=True, norm=None,
                                 use_idf=True, smooth_idf=True, sublinear_tf=False)
    weights = vectorizer.fit_transform(texts).tocsr()            # idf where present
    presence = (weights > 0).astype(np.float64)
    shared = (weights @ presence.T).toarray()                    # Σ idf of shared grams
    sizes = np.asarray(weights.sum(axis=1)).ravel()
    smaller = np.minimum.outer(sizes, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.where(smaller > 0, shared / smaller, 0.0)
    return np.minimum(overlap, overlap.T)


def _with_neighbours(statements: list[Statement], k: int, window: int) -> str:
    """A narration line is a fragment: compare it with its neighbouring lines around it."""
    source = statements[k].source
    lo, hi = k, k
    while lo > 0 and k - lo < window and statements[lo - 1].source == source:
        lo -= 1
    while hi + 1 < len(statements) and hi - k < window and statements[hi + 1].source == source:
        hi += 1
    return "".join(s.text for s in statements[lo:hi + 1])


def align(statements: list[Statement], source_order: list[str], normalise: Normaliser,
          threshold: float = 0.5, min_chars: int = 10, windows: dict[str, int] | None = None) -> list[Point]:
    windows = windows or {}
    texts = [normalise.comparable(_with_neighbours(statements, k, windows.get(s.source, 0)))
             for k, s in enumerate(statements)]
    usable = [k for k, text in enumerate(texts) if len(text) >= min_chars]
    sim = similarity_matrix([texts[k] for k in usable]) if usable else np.zeros((0, 0))
    index = {k: i for i, k in enumerate(usable)}
    by_source = {sid: [k for k in usable if statements[k].source == sid] for sid in source_order}
    assigned: set[int] = set()
    points: list[Point] = []
    for anchor_source in source_order:
        for anchor in by_source[anchor_source]:
            if anchor in assigned:
                continue
            members = [anchor]
            for other in source_order:
                if other == anchor_source:
                    continue
                candidates = [k for k in by_source[other] if k not in assigned]
                if not candidates:
                    continue
                row = sim[index[anchor], [index[k] for k in candidates]]
                best = int(np.argmax(row))
                if row[best] < threshold:
                    continue
                chosen = candidates[best]
                # Mutual best: the chosen statement matches no other free anchor-source statement better.
                rivals = [k for k in by_source[anchor_source] if k not in assigned]
                back = sim[index[chosen], [index[k] for k in rivals]]
                if rivals[int(np.argmax(back))] != anchor:
                    continue
                members.append(chosen)
            assigned.update(members)
            points.append(Point(statements[anchor].topic, members, len({statements[k].source for k in members})))
    # The transcript's points first, in the order it runs; then the rest as found.
    points.sort(key=lambda p: (statements[p.members[0]].source != source_order[0], statements[p.members[0]].lines[0]))
    return points


def canonical_wording(point: Point, statements: list[Statement], prefer: list[str]) -> str:
    """The transcript's words without fillers, else the narration's, else the first source's."""
    members = sorted(point.members, key=lambda k: prefer.index(statements[k].source)
                     if statements[k].source in prefer else len(prefer))
    text = statements[members[0]].text
    for filler in _FILLERS:
        text = text.replace(filler, "")
    return re.sub(r"^[，。、\s]+", "", text).strip() or statements[members[0]].text


def point_speaker(point: Point, statements: list[Statement], authority: str) -> str | None:
    """Who made the point: the verbatim transcript decides; else a source that names the
    speaker on the statement's own line or label; else whom a narration or section carries."""
    members = [statements[k] for k in point.members if statements[k].speaker]
    for rank in (lambda s: s.source == authority, lambda s: s.attributed, lambda s: True):
        found = [s.speaker for s in members if rank(s)]
        if found:
            return found[0]
    return None


def _side(statement: Statement, value: str | None = None) -> dict:
    return {"source": statement.source, "lines": list(statement.lines), "excerpt": statement.text,
            "speaker": statement.speaker, "value": value}


def _disagree(a: list[Value], b: list[Value]) -> bool:
    """Values of one kind disagree when a value on the side that states fewer of them has no
    match on the other side (leaving a number out is not a disagreement)."""
    fewer, more = (a, b) if len(a) <= len(b) else (b, a)
    others = set().union(*(v.keys for v in more))
    return any(not (v.keys & others) and not any(v.rounds(o) for o in more) for v in fewer)


def value_conflicts(members: list[int], statements: list[Statement], normalise: Normaliser,
                    authority: str | None = None) -> list[dict]:
    """Per value kind, the sides of a point that state values no other side matches.

    A disagreement the verbatim transcript settles is none: when the `authority` source
    states every value the others give ("26 年或者 27 年" against 2026 in one write-up and
    2027 in another), the write-ups only chose. Each side carries `disputed`: its values no
    other side states (3到5个小时 said by all, 1到2天 against 1到2周 is the dispute)."""
    kinds: dict[str, dict[int, list[Value]]] = {}
    for k in members:
        for value in values(normalise(statements[k].text)):
            kinds.setdefault(value.kind, {}).setdefault(k, []).append(value)
    conflicts = []
    for kind, by_member in kinds.items():
        stating = list(by_member)
        if not any(_disagree(by_member[a], by_member[b]) for i, a in enumerate(stating) for b in stating[i + 1:]
                   if statements[a].source != statements[b].source):
            continue
        told = [k for k in stating if statements[k].source == authority]
        conflated = False
        if told:
            said = set().union(*(v.keys for k in told for v in by_member[k]))
            if all(v.keys & said for k in stating for v in by_member[k]):
                continue
            # what the speaker said in that paragraph too: a write-up that runs two of its figures
            # together (today's 1到2天 with 2026's 1到2周) misreports one claim; listed, and its
            # words no witness, but no disagreement between readings to say aloud
            lines = {(statements[k].lines, statements[k].speaker) for k in told}
            near = set().union(*(v.keys for j, s in enumerate(statements) if s.source == authority
                                 and (s.lines, s.speaker) in lines for v in values(normalise(s.text)) if v.kind == kind))
            conflated = all(v.keys & (said | near) for k in stating for v in by_member[k])
        sides = []
        for k in stating:
            others = set().union(*(v.keys for j in stating if statements[j].source != statements[k].source
                                   for v in by_member[j]))
            side = _side(statements[k], " / ".join(v.text for v in by_member[k]))
            side["disputed"] = [v.text for v in by_member[k] if not v.keys & others]
            sides.append(side)
        conflicts.append({"kind": "number" if kind != "year" else "year", "value_kind": kind, "sides": sides,
                          **({"conflated": True} if conflated else {})})
    return conflicts


def claim_conflicts(statements: list[Statement], normalise: Normaliser, subjects: list[str],
                    taken: set[int], authority: str | None = None) -> list[tuple[list[int], dict]]:
    """Numbers the same person gives about the same subject in the same topic, across sources
    whose wording is too different to align ("低于百分之二十" against "百分之二十吧")."""
    claims: dict[tuple, list[int]] = {}
    for k, statement in enumerate(statements):
        if k in taken or not statement.speaker:
            continue
        # The subject may sit in the sentence before ("…的概率。我觉得百分之二十吧").
        nearby = normalise(_with_neighbours(statements, k, 1))
        subject = next((word for word in subjects if word in nearby), None)
        for value in values(normalise(statement.text)) if subject else ():
            claims.setdefault((statement.topic, statement.speaker, subject, value.kind), []).append(k)
    out = []
    for (_, _, subject, _), members in sorted(claims.items()):
        members = sorted(set(members))
        if len({statements[k].source for k in members}) < 2:
            continue
        for conflict in value_conflicts(members, statements, normalise, authority):
            conflict["subject"] = subject
            out.append((members, conflict))
    return out


def _said_of(text: str, value: Value, width: int = 12) -> set[str]:
    """The character bigrams of the words just before a value: what it is a number of
    (中标均价，比去年又掉了大概 30%)."""
    before = _NOT_WORD.sub("", text[max(0, value.at - width):value.at] if value.at >= 0 else "")
    return {before[i:i + 2] for i in range(len(before) - 1)}


def _counted(text: str, value: Value) -> set[str]:
    """What a count counts: 「35个国家」 → {"国家"}."""
    after = re.match(r"[\u4e00-\u9fff]{2}", text[value.at + len(value.text):]) if value.kind.startswith("count") else None
    return {after.group(0)} if after else set()


def near_value_conflicts(statements: list[Statement], normalise: Normaliser, authority: str,
                         point_of: dict[int, str], overlap: float = 0.2) -> list[tuple[int, dict]]:
    """A write-up's number against the transcript's where one write-up sentence retells what
    the transcript says in several, so the two never align as one point: same topic, the same
    speaker (or none named), a value of one kind on each side said of the same thing (the
    words before the numbers share `overlap` of their bigrams, a count counts the same noun
    (35个国家, 三十个国家), or, for a year, the only year the speaker names on the topic) and no
    value in common. A narration line's number is read with the two lines before it.
    Returns (the transcript statement, the conflict)."""
    said = {}
    for k, statement in enumerate(statements):
        text = normalise(statement.text) if statement.topic != OTHER else ""
        lead = ""
        if statement.kind == "narration":    # one phrase a line: what the number counts is on the lines before
            before = [s for s in statements[max(0, k - 2):k]
                      if s.source == statement.source and s.lines[0] >= statement.lines[0] - 2]
            lead = normalise("".join(s.text for s in before)) if text else ""
        whole = lead + text     # read whole: a comparator may end the line before (收入却还不到 / 百分之五)
        found = [(v, _said_of(whole, v), _counted(whole, v)) for v in values(whole) if v.at >= len(lead)]
        if found:
            said[k] = found
    told_in: dict[str, list[int]] = {}            # topic → the transcript's statements with values
    values_of_point: dict[str, list[Value]] = {}  # point → the values its transcript statement states
    for a, ours in said.items():
        if statements[a].source == authority:
            told_in.setdefault(statements[a].topic, []).append(a)
            if point_of.get(a) is not None:
                values_of_point.setdefault(point_of[a], []).extend(va for va, *_ in ours)
    # what each speaker says of themselves outside the questions (在六个城市一共是四十三条航线, as
    # they are introduced): a write-up may give it under any question
    introduced: dict[str | None, list[Value]] = {}
    for statement in statements:
        if statement.source == authority and statement.topic == OTHER:
            introduced.setdefault(statement.speaker, []).extend(values(normalise(statement.text)))
    out = []
    for b, theirs in said.items():
        other = statements[b]
        if other.source == authority:
            continue
        told = [a for a in told_in.get(other.topic, []) if other.speaker in (None, statements[a].speaker)]
        # values the speaker states on the topic or of themselves, or the aligned transcript statement does, agree
        stated = (values_of_point.get(point_of.get(b), []) + [va for a in told for va, *_ in said[a]]
                  + introduced.get(other.speaker, []))
        keys = {key for v in stated for key in v.keys}
        whole = {v.key for v in stated}
        for vb, cb, nb in theirs:
            if vb.stated_in(keys, whole) or any(vb.rounds(v) for v in stated):     # the speaker says it too
                continue
            # of the transcript's values said of the same thing (the words before the numbers share
            # bigrams, a count counts the same noun, or the person's two ranges share one end:
            # 6800元到12000元 / 6800~1.5万元), the nearest reading (40% rather than 90% against a
            # write-up's 45%, where both are the success rate)
            near = [(abs(va.high - vb.high), a, va) for a in told for va, ca, na in said[a]
                    if va.kind == vb.kind and (ca and cb and len(ca & cb) >= overlap * min(len(ca), len(cb))
                                               or na & nb
                                               or other.speaker is not None and va.low < va.high and vb.low < vb.high
                                               and (va.low == vb.low) != (va.high == vb.high))]
            if not near and vb.kind == "year" and other.speaker is not None:
                # the one year the speaker names on the topic, retold as another in other words
                # (「我个人的判断是2028年」 against 「他的答案是 2027 年」)
                years = [(a, va) for a in told if statements[a].speaker == other.speaker
                         for va, *_ in said[a] if va.kind == "year"]
                if len({va.low for _, va in years}) == 1:
                    near = [(abs(years[0][1].high - vb.high), *years[0])]
            if not near:
                continue
            _, a, va = min(near, key=lambda found: found[0])
            out.append((a, {"kind": "number" if va.kind != "year" else "year", "value_kind": va.kind,
                            "sides": [{**_side(statements[a], va.text), "disputed": [va.text]},
                                      {**_side(other, vb.text), "disputed": [vb.text]}]}))
    return out


def attribution_conflicts(point: Point, statements: list[Statement], people=None) -> list[dict]:
    # A question restated in someone's answer is not a misattribution; outside the panel's
    # topics (a guest list against the host's introductions) nobody's words are at stake.
    if point.topic == OTHER or any(statements[k].text.rstrip("”」\"' ").endswith(("？", "?")) for k in point.members):
        return []
    sides = [k for k in point.members if statements[k].attributed and statements[k].speaker]
    if people is not None:
        # 「刚才周总也提到，…」: the host restating a panelist credits the panelist, not himself
        named = {k: set(people.mentioned(statements[k].text)) for k in sides}
        sides = [k for k in sides if not any(statements[j].speaker in named[k] for j in sides
                                             if statements[j].speaker != statements[k].speaker)]
        # 「这句话说得特别好，“第一千天之后你还在不在飞”」: quoting words another side's person
        # says elsewhere in the same source credits them
        sides = [k for k in sides if not _quotes_another(k, {statements[j].speaker for j in sides} - {statements[k].speaker},
                                                         statements)]
    speakers = {statements[k].speaker for k in sides}
    if len(speakers) < 2:
        return []
    return [{"kind": "attribution", "sides": [_side(statements[k], statements[k].speaker) for k in sides]}]


def _quotes_another(k: int, others: set[str], statements: list[Statement], share: float = 0.6) -> bool:
    """Statement k quotes (“…”, 「…」) a sentence that one of `others` says in another statement
    of the same source: at least `share` of the quote's character bigrams (a quoted term,
    “GPT-3时刻”, is nobody's sentence)."""
    for quote in re.findall(r"[“「]([^”」]{8,})[”」]", statements[k].text):
        grams = {quote[i:i + 2] for i in range(len(quote) - 1)}
        for j, other in enumerate(statements):
            if j != k and other.source == statements[k].source and other.speaker in others:
                if len(grams & {other.text[i:i + 2] for i in range(len(other.text) - 1)}) >= share * len(grams):
                    return True
    return False


# A narrower list than sources.SPEECH (which also has 回忆, 补充, 给出): only a view reported
_REPORTING = "认为|表示|说|指出|提到|坦言|直言|强调|总结|判断|透露|预测"
_LEAD_IN = re.compile(r"(?:[：:]|^[-•*>\s]*即.*)$")       # 「…几个关键的点：」, 「即…」: no claim of its own
MISATTRIBUTED = (0.45, 0.25)    # the other speaker says this share of it, and this much more than the one named


def _explicit(statement: Statement, people=None) -> bool:
    """The write-up itself gives the words to their speaker: a bullet or quote under their name,
    or a sentence whose reporting frame opens with them (「陆晓岚总结道：」, not 「…认同陆晓岚的
    判断」), not a paragraph's sentence that inherits whoever the paragraph began with."""
    if not (statement.attributed and statement.speaker):
        return False
    names = "|".join(map(re.escape, sorted(people.names_of(statement.speaker) if people else {statement.speaker},
                                          key=len, reverse=True)))     # 陈局很坦白地说 as much as 陈立诚说
    return statement.kind != "paragraph" or bool(re.search(
        rf"(?:^|[，。：；“「是])\s*(?:{names})(?:[，,][他她])?[^，。]{{0,6}}(?:{_REPORTING})",
        statement.text))   # 「最乐观的是韩东升，他直接说…」 too


# Words that make a figure certain (他断言…一定能做到五千亿).
_CERTAIN = re.compile(r"断言|一定|肯定|必然|必将|毫无疑问|笃定|打包票|板上钉钉")


def transcript_conflicts(statements: list[Statement], shapes: dict[str, str], authority: str,
                         people=None, regional: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """(statement index, conflict): a write-up's words the transcript tells otherwise. A sentence
    credited to one person whose words the transcript has someone else saying
    (`corroborate.Transcript`): the host's 「主动性…也可能是26年非常关键的一个Bet」 as a panelist's 「2026年最关键的Bet在于AI的主动性」. An `attribution`
    conflict with the write-up's words and the transcript's. Only words the write-up itself gives
    the person are weighed (`_explicit`). Lead-ins and short sentences are left out: too few
    words to tell whose they are. Also `hedge` conflicts: a figure the speaker hedged (可能二七年)
    that the write-up gives them flatly (将在2027年), each side's words."""
    from .corroborate import Transcript, terms

    spoken = [k for k, s in enumerate(statements) if s.source == authority]
    if shapes.get(authority) != "transcript" or not spoken:
        return []
    transcript = Transcript([(statements[k].speaker, statements[k].text) for k in spoken])
    least, margin = MISATTRIBUTED
    out = []
    for k, statement in enumerate(statements):
        if (shapes.get(statement.source) == "narration" and statement.speaker and statement.topic != OTHER
                and re.search(r"\d|[零一二两三四五六七八九十百千万亿]", statement.text)):
            # a narration line read with the two before it (他断言到二零三零年 / 居家上门服务市场 /
            # 一定能做到五千亿): the figure the speaker hedged, said flatly
            window = "".join(s.text for s in statements[max(0, k - 2):k + 1]
                             if s.source == statement.source and s.lines[0] >= statement.lines[0] - 2)
            # a narration retells more loosely than a write-up: only a certainty it adds counts
            hedged = _CERTAIN.search(window) and transcript.hedged_clause(window, statement.speaker)
            if hedged:
                out.append((k, {"kind": "hedge", "sides": [
                    _side(statement, "stated"), _side(statements[spoken[hedged[0]]], "hedged")]}))
            continue
        if shapes.get(statement.source) != "markdown" or statement.topic == OTHER or not _explicit(statement, people):
            continue
        hedged = transcript.hedged_clause(statement.text, statement.speaker)
        if hedged:
            out.append((k, {"kind": "hedge", "sides": [
                _side(statement, "stated"), _side(statements[spoken[hedged[0]]], "hedged")]}))
        if _LEAD_IN.search(statement.text.strip()) or len(terms(statement.text)) < 6:
            continue
        runs = transcript.best_runs(in_mainland(statement.text, regional or {}))   # 透过短影音: as the transcript says it
        mine = runs.get(statement.speaker, (0.0, None))[0]
        other = max((speaker for speaker in runs if speaker != statement.speaker), key=lambda sp: runs[sp][0], default=None)
        if other is None or runs[other][0] < least or runs[other][0] < mine + margin:
            continue
        said = [statements[spoken[j]] for j in runs[other][1]]
        out.append((k, {"kind": "attribution", "sides": [
            _side(statement, statement.speaker),
            {"source": authority, "lines": [said[0].lines[0], said[-1].lines[-1]],
             "excerpt": "".join(s.text for s in said), "speaker": other, "value": other}]}))
    return out


def credit_conflicts(statements: list[Statement], normalise: Normaliser, subjects: list[str],
                     group_cues: list[str]) -> list[dict]:
    """The same headline number credited to different people, or to one person in one source
    and to a group ("多位核心人物", "他们") in another."""
    claims: dict[tuple, list[tuple[int, str, Value]]] = {}
    for k, statement in enumerate(statements):
        text = normalise(statement.text)
        subject = next((word for word in subjects if word in normalise(_with_neighbours(statements, k, 1))), None)
        if not subject or statement.text.rstrip("”」\"' ").endswith(("？", "?")):
            continue
        group = next((cue for cue in group_cues if cue in text), None)
        credit = f"{group}（多人）" if group else statement.speaker if statement.attributed else None
        for value in values(text) if credit else ():
            members = claims.setdefault((subject, value.kind, value.high), [])
            if value.kind != "year" and all(k != other for other, _, _ in members):
                members.append((k, credit, value))
    out = []
    for (subject, _, _), members in sorted(claims.items()):
        credits = {credit for _, credit, _ in members}
        sources = {statements[k].source for k, _, _ in members}
        if len(credits) < 2 or len(sources) < 2:
            continue
        out.append({"kind": "attribution", "subject": subject,
                    "sides": [_side(statements[k], f"{credit}: {value.text}") for k, credit, value in members]})
    return out


# "像俊旸说的", "正如唐老师所说", "借用杨强的话", "引用X的观点": the speaker credits X.
_CREDIT = re.compile(r"(?:像|正如|如同|按照|借用|引用|援引|套用)([^，。,；;]{1,10}?)(?:刚才|刚刚|之前|此前|曾经|也)?"
                     r"(?:所说|说的|说过|讲的|所讲|提到的|的话|的说法|的观点|那句话)")


def credited(text: str, people) -> str | None:
    """Whom the statement credits an idea or quote to, by canonical name (None: nobody)."""
    for match in _CREDIT.finditer(text):
        named = people.mentioned(match.group(1))
        if named:
            return named[0]
    return None


def credit_source_conflicts(statements: list[Statement], people, authority: str,
                            overlap: float = 0.4) -> list[tuple[int, dict]]:
    """Sources crediting the same words to different people: the transcript has 许静怡 say
    "像沈总刚才说的，储能卖的不是柜子…", a write-up "许静怡引用陆远航的话说，储能卖的不是柜子…".
    The words are the same when `overlap` of the shorter text's character bigrams are shared;
    the statements need not have aligned as one point. Each side's value is whom it credits.
    Returns (the transcript statement, the conflict)."""
    credits = {k: who for k, s in enumerate(statements) if (who := credited(s.text, people))}
    grams = {k: {_NOT_WORD.sub("", statements[k].text)[i:i + 2]
                 for i in range(len(_NOT_WORD.sub("", statements[k].text)) - 1)} for k in credits}
    out = []
    for b, theirs in credits.items():
        if statements[b].source == authority:
            continue
        for a, ours in credits.items():
            if (statements[a].source != authority or ours == theirs or statements[a].topic != statements[b].topic
                    or not grams[a] or not grams[b]):
                continue
            if len(grams[a] & grams[b]) >= overlap * min(len(grams[a]), len(grams[b])):
                out.append((a, {"kind": "credit", "sides": [_side(statements[a], f"credits {ours}"),
                                                            _side(statements[b], f"credits {theirs}")]}))
    return out


def roster_conflicts(statements: list[Statement], people, transcript_source: str, cues: list[str]) -> list[dict]:
    """People a write-up names as taking part (a guest list, "同台对话") who never take a turn
    in the transcript."""
    with_turns = {s.speaker for s in statements if s.source == transcript_source and s.speaker}
    introduced = next((k for k, s in enumerate(statements) if s.source == transcript_source
                       and any(cue in s.text for cue in cues) and len(people.mentioned(s.text)) >= 2), None)
    listed: dict[str, list[int]] = {}
    for k, statement in enumerate(statements):
        if statement.source == transcript_source:
            continue
        if not any(cue in statement.text or cue in statement.section for cue in cues):
            continue
        named = people.mentioned(statement.text) or ([statement.speaker] if statement.speaker else [])
        for person in named:
            if person not in with_turns:
                listed.setdefault(person, []).append(k)
    out = []
    for person, members in sorted(listed.items()):
        sides = [_side(statements[k], f"{person} named as taking part") for k in members]
        if introduced is not None:
            sides.append(_side(statements[introduced], f"the transcript's panel; {person} never speaks"))
        out.append({"kind": "roster", "person": person, "sides": sides})
    return out


# Where a person took part from: by video link, or in the room (event reporting's stock words).
_REMOTE = re.compile(r"视频连线|远程连线|线上连线|连线参加|连线参与|线上参加|远程参加|视频参会|线上参会|通过视频|远程接入")
_PRESENT = re.compile(r"(?<![平柜站])台上|到场|现场出席|亲临|坐在")     # not 平台上 (on the platform)


def presence_conflicts(statements: list[Statement], people) -> list[dict]:
    """A person one source has joining by video link and another has on the stage (「马骁…通过
    视频连线参加」 against 「马骁…坐在台上最右边」). Read clause by clause: a clause without a
    name is about the person the clause before it named (「…马骁因验收留在深圳，通过视频连线参与
    讨论」). Each side's value says which it is."""
    said: dict[str, dict[str, list[int]]] = {}
    for k, statement in enumerate(statements):
        if not (_REMOTE.search(statement.text) or _PRESENT.search(statement.text)):
            continue
        if statement.kind == "narration" and not people.mentioned(statement.text):
            for person in _narrated_presence(statements, k, people):
                said.setdefault(person, {}).setdefault(
                    "remote" if _REMOTE.search(statement.text) else "present", []).append(k)
            continue
        named: list[str] = []
        clauses = re.split(r"[，,；;。：:]", statement.text)
        for i, clause in enumerate(clauses):
            # a clause naming nobody is about whom the clause before named, or, with nobody named
            # yet, whom the sentence names next (「…是通过视频连线来参加的，就是…林晓棠林总监」)
            named = (people.mentioned(clause) or named
                     or ([statement.speaker] if statement.kind == "bullet" and statement.speaker else [])
                     or next((found for later in clauses[i + 1:] if (found := people.mentioned(later))), []))
            where = "remote" if _REMOTE.search(clause) else "present" if _PRESENT.search(clause) else None
            for person in named if where else ():
                said.setdefault(person, {}).setdefault(where, []).append(k)
    out = []
    for person, where in sorted(said.items()):
        if len(where) == 2 and {statements[k].source for k in where["remote"]} != {statements[k].source for k in where["present"]}:
            out.append({"kind": "roster", "person": person, "sides": [
                _side(statements[k], f"{person}: {'by video link' if place == 'remote' else 'on stage'}")
                for place in ("remote", "present") for k in dict.fromkeys(where[place])]})
    return out


def _narrated_presence(statements: list[Statement], k: int, people) -> list[str]:
    """Whom a narration line that names nobody places: 「台上坐着两位嘉宾」 the next two people
    named (before another such line), 「这一次通过视频连线参加」 the last person named in the
    three lines before it."""
    line = statements[k]
    same = [j for j, s in enumerate(statements) if s.source == line.source]
    at = same.index(k)
    if _REMOTE.search(line.text):
        for j in reversed(same[max(0, at - 3):at]):
            named = people.mentioned(statements[j].text)
            if named:
                return named[-1:]
        return []
    count = re.search(r"([两二三四五六])位", line.text)
    if not count:
        return []
    out: list[str] = []
    wanted = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}[count.group(1)]
    for j in same[at + 1:at + 16]:
        text = statements[j].text
        if _REMOTE.search(text) or _PRESENT.search(text) or len(out) >= wanted:
            break
        out += [p for p in people.mentioned(text) if p not in out]
    return out[:wanted]


# How a spoken summary names a source where the sources disagree, unless the config says.
SOURCE_LABELS = {"transcript": "现场实录", "narration": "解说稿", "markdown": "一篇报道"}


# ---- the stage -------------------------------------------------------------------------

# A source writes a region's vocabulary when it uses this many of `reconcile.regional_terms`.
REGIONAL_TERMS_SEEN = 3


def _regional(source: str, statements: list[Statement], terms: dict[str, str]) -> dict:
    """{"regional_terms": the terms the source uses → the mainland words} for a source written in
    another region's vocabulary (a Taiwan blog's 机率, 影片, 美金), so what is said from it can be
    said in the mainland's; {} for a source that uses fewer than REGIONAL_TERMS_SEEN of them (a
    mainland writer's 资料 stays)."""
    text = "".join(s.text for s in statements if s.source == source)
    used = {term: mainland for term, mainland in terms.items() if term in text}
    return {"regional_terms": used} if len(used) >= REGIONAL_TERMS_SEEN else {}


def _tag(statement: Statement) -> str:
    return source_tag(statement.source, statement.lines)


def reconcile(sources: dict[str, dict], people_cfg: dict, topics_cfg: list[dict], settings: dict) -> dict:
    """Everything the reconciled outputs show, as one JSON-ready document."""
    from .sources import People, Topics, read_statements

    people = People(people_cfg)
    topics = Topics(topics_cfg, settings["other_sections"])
    statements = [s for sid, cfg in sources.items() for s in read_statements(sid, cfg, people, topics)]
    normalise = Normaliser(settings["regional_terms"])
    order = list(sources)
    shapes = {sid: cfg["shape"] for sid, cfg in sources.items()}
    transcript = next((sid for sid in order if shapes[sid] == "transcript"), order[0])
    prefer = [transcript] + [sid for sid in order if shapes[sid] == "narration"]
    windows = {sid: 1 for sid in order if shapes[sid] == "narration"}
    points = align(statements, [transcript] + [s for s in order if s != transcript], normalise,
                   settings["similarity"], windows=windows)

    topic_ids = [t["id"] for t in topics_cfg] + ["other"]
    counters = {topic: 0 for topic in topic_ids}
    point_of = {}
    records = []
    for point in points:
        counters[point.topic] += 1
        point_id = f"{point.topic}-{counters[point.topic]:03d}"
        for k in point.members:
            point_of[k] = point_id
        records.append({"id": point_id, "topic": point.topic, "support": point.support,
                        "sources": sorted({statements[k].source for k in point.members}),
                        "canonical": canonical_wording(point, statements, prefer),
                        "speaker": point_speaker(point, statements, transcript),
                        "statements": sorted(point.members)})
    by_id = {r["id"]: r for r in records}

    conflicts: list[dict] = []

    def add(conflict: dict, topic: str, point_id: str | None):
        places = {(s["source"], s["lines"][0]) for s in conflict["sides"]}
        told = {(s["source"], s["lines"][0], s.get("value")) for s in conflict["sides"] if s["source"] == transcript}
        for earlier in conflicts:  # the same disagreement found twice (by point and by claim)
            shared = places & {(s["source"], s["lines"][0]) for s in earlier["sides"]}
            if earlier["kind"] == conflict["kind"] and len({src for src, _ in shared}) >= 2:
                return
            # the transcript's same words against the same other value in a second place of a
            # write-up (63% against 73% in the headline and in the body): one disagreement, more sides
            if (earlier["kind"] == conflict["kind"] and told and told <= {(s["source"], s["lines"][0], s.get("value"))
                                                                        for s in earlier["sides"]}
                    and {s.get("value") for s in conflict["sides"]} == {s.get("value") for s in earlier["sides"]}):
                earlier["sides"] += [s for s in conflict["sides"] if (s["source"], s["lines"][0]) not in
                                     {(e["source"], e["lines"][0]) for e in earlier["sides"]}]
                return
        conflict = {"id": f"c{len(conflicts) + 1:02d}", "topic": topic, "point": point_id,
                    "point_text": by_id[point_id]["canonical"] if point_id else conflict.get("person", ""),
                    **conflict}
        conflicts.append(conflict)

    for point, record in zip(points, records):
        for conflict in value_conflicts(point.members, statements, normalise, transcript) + attribution_conflicts(
                point, statements, people):
            add(conflict, point.topic, record["id"])
    for members, conflict in claim_conflicts(statements, normalise, settings["claim_subjects"], set(),
                                             transcript):
        anchor = min(members, key=lambda k: (statements[k].source != transcript, k))
        add(conflict, statements[anchor].topic, point_of.get(anchor))
    for anchor, conflict in (near_value_conflicts(statements, normalise, transcript, point_of)
                             + credit_source_conflicts(statements, people, transcript)
                             + transcript_conflicts(statements, shapes, transcript, people,
                                                    settings["regional_terms"])):
        add(conflict, statements[anchor].topic, point_of.get(anchor))
    for conflict in credit_conflicts(statements, normalise, settings["claim_subjects"],
                                     settings["group_cues"]):
        anchor = next(k for k, s in enumerate(statements)
                      if any((s.source, s.lines[0]) == (side["source"], side["lines"][0]) for side in conflict["sides"]))
        add(conflict, statements[anchor].topic, point_of.get(anchor))
    for conflict in (roster_conflicts(statements, people, transcript, settings["roster_cues"])
                     + presence_conflicts(statements, people)):
        add(conflict, "other", None)
    for record in records:
        record["conflicts"] = [c["id"] for c in conflicts if c["point"] == record["id"]]

    return {
        "sources": {sid: {"path": cfg["path"], "shape": shapes[sid],
                          "label": cfg.get("label") or SOURCE_LABELS[shapes[sid]],
                          **_regional(sid, statements, settings["regional_terms"])} for sid, cfg in sources.items()},
        "topics": [{"id": t["id"], "title": t["title"],
                    "points": [r for r in records if r["topic"] == t["id"]]}
                   for t in topics_cfg + [{"id": "other", "title": "其他（主题演讲、活动信息）"}]],
        "statements": [{**s.to_json(), "index": k, "point": point_of.get(k)} for k, s in enumerate(statements)],
        "conflicts": conflicts,
    }


def topic_markdown(document: dict, topic_id: str) -> str:
    topic = next(t for t in document["topics"] if t["id"] == topic_id)
    statements = document["statements"]
    lines = [f"# {topic['title']}", "",
             f"{len(topic['points'])} points from {len({s for p in topic['points'] for s in p['sources']})} sources. "
             "Tags: [source:Lline]. Points several sources report come first.", ""]
    shared = [p for p in topic["points"] if p["support"] >= 2]
    single = [p for p in topic["points"] if p["support"] < 2]
    for heading, points in (("## Reported by several sources", shared), ("## Reported by one source", single)):
        if not points:
            continue
        lines += [heading, ""]
        for point in points:
            tags = "".join(_tag(_statement(statements[k])) for k in point["statements"])
            who = f"**{point['speaker']}**：" if point["speaker"] else ""
            flag = f" ⚠ {', '.join(point['conflicts'])}" if point["conflicts"] else ""
            lines.append(f"- {who}{point['canonical']} {tags}{flag}")
        lines.append("")
    return "\n".join(lines)


def conflicts_markdown(document: dict) -> str:
    lines = ["# Conflicts between the sources", "",
             "Every place where the sources disagree on a number, a year, who said something, or who was "
             "on stage, with each side's exact words.", ""]
    titles = {t["id"]: t["title"] for t in document["topics"]}
    for conflict in document["conflicts"]:
        lines.append(f"## {conflict['id']} · {conflict['kind']} · {titles.get(conflict['topic'], conflict['topic'])}")
        if conflict.get("point_text"):
            lines.append(f"Point: {conflict['point_text']}")
        lines.append("")
        for side in conflict["sides"]:
            tag = source_tag(side["source"], side["lines"])
            value = f" — **{side['value']}**" if side.get("value") else ""
            lines.append(f"- {tag}{value}: “{side['excerpt']}”")
        lines.append("")
    return "\n".join(lines)


def _statement(record: dict) -> Statement:
    return Statement(record["source"], tuple(record["lines"]), record["speaker"], record["topic"],
                     record["kind"], record["text"], record["attributed"], record["section"])


def build(sources: dict, people: dict, topics: list[dict], settings: dict, json_path: str,
          conflicts_path: str, topic_paths: dict[str, str]) -> None:
    import json
    import logging
    import time

    from .textio import write_text_atomic

    started = time.perf_counter()
    document = reconcile(sources, people, topics, settings)
    write_text_atomic(json_path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(conflicts_path, conflicts_markdown(document))
    for topic_id, path in topic_paths.items():
        write_text_atomic(path, topic_markdown(document, topic_id))
    log = logging.getLogger(__name__)
    for topic in document["topics"]:
        log.info("%s: %d points, %d from several sources", topic["id"], len(topic["points"]),
                 sum(p["support"] >= 2 for p in topic["points"]))
    log.info("%d statements, %d conflicts, %.2f s", len(document["statements"]), len(document["conflicts"]),
             time.perf_counter() - started)
