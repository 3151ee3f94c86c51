"""Whose words the verbatim transcript bears a write-up's sentence out as.

A write-up retells the panel in its own words, and sometimes gives a line to the wrong person
(a bullet crediting a panelist with the host's remark), reports another talk of the same day,
or glosses. The transcript is the authority on who said what (issue 19), so a write-up's
sentence is a witness for a speaker only where the transcript has that speaker saying most
of what the sentence says.

Support is lexical, the measure of extractive-summary evaluation (ROUGE-style recall of the
sentence's words in the source), weighted by IDF over the transcript's own sentences so that
a panel's rare terms (主动性, Bet, 自主学习) count and its everyday words (觉得, 今天) barely do.
A speaker says a point over a few sentences, so a sentence is compared with every run of up to
`window` consecutive sentences of one speaker.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .reconcile import Normaliser

_SPOKEN_YEAR = re.compile(r"(?<![\d.])([2-3]\d)\s*年(?!代)")           # "26 年" as said: 2026
_MARKET = re.compile(r"(?i)(?<![A-Za-z])(?:to|2)\s*([BC])(?![A-Za-z])")  # To B, 2B, toB: one term
_TERM = re.compile(r"[A-Z][A-Z0-9.+-]*|\d+(?:\.\d+)?")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
# (not 大家可能还记得2023年…: the listener's memory is hedged, not the year)
HEDGES = re.compile(r"(?:可能|也许|或许|大概|大约|估计|预计|应该|左右|差不多|兴许|希望|期望|争取|力争)(?![都也]?(?:还)?(?:记得|知道|听说|注意到))")
_JUDGED = re.compile(r"判断|预测|认为|觉得|看来|相信|预期|如果|假如|要是")   # 「沈立峰判断，…2027年」: a judgement, an if
_CLAUSE = re.compile(r"[^,，。；;！!？?]+")
_APPROXIMATE = re.compile(r"\s*(?:[%万亿千百]?\s*(?:多|余|来|左右|上下|出头))")
_NAME = re.compile(r"[A-Z][A-Z0-9.+-]*(?: [A-Z][A-Z0-9.+-]*)*")    # a Latin name, several words long (CLAUDE CODE)

# What a retelling may change without changing what was said: punctuation, numbers as written,
# function words, pronouns (我们 → 中国), fillers. What is left of a changed span is its content.
_FUNCTION = re.compile(r"[\s\W\d_一二三四五六七八九十两百千万亿零几的了是在也都就很还又有和与及或而这那其实"
                       r"我你他她它们咱对第个说嘛呢吧啊呀么着过被把给让将会要能可以到从上下中里来去地得所]")
_PLACEHOLDER = re.compile(r"什么|等等?|之类")      # 「OpenAI 还是什么」 where the speaker named Anthropic
_LATIN_WORD = re.compile(r"[A-Z][A-Z0-9]{2,}")
# Words of necessity, certainty or emphasis a retelling may add (这才是关键, 天然的优势).
_CERTAIN = re.compile(r"必须|一定(?!程度)|肯定|必然|注定|务必|这才是|才是(?:关键|核心|根本)|天然")
# A speaker's hedge on a claim (not 应该 "should", not 不可能 "cannot"), and a belief, a
# question put as one (我愿意相信, 有没有可能) or a view from where they stand: not a fact.
_SPOKEN_HEDGE = re.compile(r"(?<!不)可能|也许|或许|大概|兴许")
_BELIEF = re.compile(r"我愿意相信|有没有可能|我猜|说不定|(?:我|自己|[他她])(?:个人)?(?:希望|期望|期待|盼望)"   # a wish, no forecast
                     # the speaker's own vantage narrows the claim: 「至少从我这边来看」
                     r"|(?:至少|起码)?(?:从|在|就)[我他她](?:这边|这里|的角度|个人|自己)?(?:来)?看(?:来|到的)?|[据就][我他她]所知")
_REPORTING = frozenset("表示 认为 提到 指出 强调 补充 透露 介绍 坦言 直言 说道 解释 回应 总结 谈到 分享 提醒 称 说".split())
_HALVES = re.compile(r"[，,；;]\s*(?:但是|但|而|然而|不过|可是)")
_PROPOSED = re.compile(r"提出|提议|建议|主张|呼吁|倡议|设想")


# A write-up that keeps the speaker's doubt in words (他自己也说不准, 两年还是三年).
_UNSURE = re.compile(r"说不[准好清]|不好说|不确定|没有把握|\d\s*(?:个月|小时|[年天周个倍])?\s*还是\s*\d")


_IN_RANGE = re.compile(r"\d\s*(?:到|至|~|-)\s*\d")


def _unit(text: str, end: int) -> str:
    """The character after a number (its unit or measure word: 年, 条, %; past a 个: 十个TB and
    10T), "" when none."""
    rest = text[end:].lstrip()
    rest = rest[1:].lstrip() if rest[:1] == "个" and len(rest) > 1 and rest[1] not in "，。,.；;！？!?、" else rest
    return rest[:1] if rest[:1] and not rest[:1].isdigit() and rest[:1] not in "，。,.；;！？!?、" else ""


def _hedges(clause: str, number: str) -> bool:
    """The clause hedges this number: the last hedge before it has no other number between
    (「差不多 60% 是 25 岁以下的」 hedges 60%, not 25; 「可能已经能带来…10 倍」 hedges 10), or
    it is one of two the speaker could not choose between (26还是27, 2年还是3年). A small count of
    items (应该有4个阶段) is the shape of an argument, not a figure the speaker is unsure of."""
    n = re.escape(number)
    unit = r"\s*(?:个月|小时|[年天周个倍])?\s*"
    if re.search(rf"(?<![\d.])(?:[\d.]+{unit}(?:还是|或者?){unit}{n}(?![\d.])|{n}{unit}(?:还是|或者?){unit}[\d.]+)", clause):
        return True     # 「26还是27，我回去查一下」: the speaker was unsure which
    if re.search(rf"(?<![\d.]){n}\s*(?:个|条|种|类|层|点)", clause) and float(number) < 10:
        return False
    for m in re.finditer(rf"(?<![\d.]){n}(?![\d.])", clause):
        before = clause[:m.start()]
        hedges = list(HEDGES.finditer(before))
        if hedges and not _NUMBER.search(before[hedges[-1].end():]):
            return True
    return False


def _hedged(text: str) -> bool:
    return bool(_SPOKEN_HEDGE.search(text) or _BELIEF.search(text))

_normalise = Normaliser({})
# A write-up's own voice: the room's reaction and the writer's taste (event reporting's stock phrases).
_COMMENTARY = re.compile(r"全场|整场|本场|最好的注[解脚]|笑翻|哄堂|掌声|笑声|金句|很好笑|好笑|我很喜欢|我喜欢|有风度|印象深刻|最佳(?!实践|方案|状态)|让人(?:印象|佩服|动容)")
_TIE = 0.02     # two speakers who say as much of it: the write-up's choice stands


def normalised(text: str) -> str:
    """Numbers as the normaliser writes them (百分之二十 → 20%, 26 年 → 2026年), "To B" as one
    term, Latin upper-cased."""
    text = _MARKET.sub(lambda m: f"TO{m[1].upper()}", _normalise(text))
    return _SPOKEN_YEAR.sub(lambda m: f"20{m[1]}年", text).upper()


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[str, ...]:
    """The words that carry a sentence's content: jieba words of two or more Han characters,
    Latin terms and numbers, of the `normalised` text."""
    import jieba

    out = []
    for word in jieba.lcut(normalised(text)):
        word = word.strip().upper()
        if _TERM.fullmatch(word) or _HAN.fullmatch(word):
            out.append(word)
    return tuple(dict.fromkeys(out))


class Transcript:
    """The transcript's sentences as (speaker, text), in order.

    `support(text)` → {speaker: share in [0, 1]}: for each speaker, the largest IDF-weighted
    share of the text's terms found in one run of ≤ `window` of their consecutive sentences.
    A term is found where the run says it, inside a longer word too (三台 in 两台、三台).
    """

    def __init__(self, sentences: list[tuple[str | None, str]], window: int = 5, topics: list[str | None] | None = None,
                 glossary: Iterable[tuple[str, str]] = ()):
        self.speakers = [speaker for speaker, _ in sentences]
        self.topics = topics or [None] * len(sentences)         # the question each sentence answers
        self.numbers: dict[str, list[tuple[str | None, str, int]]] = {}  # a number → (speaker, clause, sentence)
        self.texts = [normalised(text) for _, text in sentences]
        # What is matched: each sentence with the Chinese for the English words the panel drops
        # in (`summary.glossary`), as a write-up translates them (Cost → 成本).
        glosses = [(re.compile(rf"(?<![A-Z']){re.escape(word.upper())}(?![A-Z'])"), said) for word, said in glossary]
        self.heard = [text + "".join(f" {said}" for word, said in glosses if word.search(text)) for text in self.texts]
        for k, (speaker, text) in enumerate(zip(self.speakers, self.texts)):
            for clause in _CLAUSE.findall(text):
                for number in dict.fromkeys(_NUMBER.findall(clause)):
                    self.numbers.setdefault(number, []).append((speaker, clause, k))
        self.window = window
        idf = TfidfVectorizer(analyzer=lambda text: terms(text), smooth_idf=True).fit(
            [text for _, text in sentences] or [""])
        self.idf = dict(zip(idf.get_feature_names_out(), idf.idf_))
        self.unseen = float(np.max(idf.idf_)) if len(idf.idf_) else 1.0    # a term the transcript never says

    @classmethod
    def of(cls, document: dict, glossary: Iterable[tuple[str, str]] = ()) -> "Transcript | None":
        """The reconciled document's transcript (its first source of shape `transcript`), or None."""
        authority = next((sid for sid, s in document["sources"].items() if s["shape"] == "transcript"), None)
        if authority is None:
            return None
        said = [s for s in document["statements"] if s["source"] == authority]
        return cls([(s["speaker"], s["text"]) for s in said], topics=[s["topic"] for s in said], glossary=glossary)

    def support(self, text: str) -> dict[str, float]:
        return {speaker: share for speaker, (share, _) in self.best_runs(text).items()}

    @lru_cache(maxsize=4096)
    def best_runs(self, text: str) -> dict[str, tuple[float, range]]:
        """speaker → (share, the run of sentences that says most of the text)."""
        # the write-up's frame (唐杰补充, 他表示) is not what the speaker is held to
        weights = {term: self.idf.get(term, self.unseen) for term in terms(text) if term not in _REPORTING}
        best: dict[str, tuple[float, range]] = {}
        if not weights:
            return best
        hits = [{term for term in weights if term in said} for said in self.heard]
        for start, speaker in enumerate(self.speakers):
            if speaker is None or not hits[start]:
                continue
            own = {term for term in weights if len(term) >= 2 and term in speaker}   # their own name
            total = sum(w for term, w in weights.items() if term not in own)
            if not total:
                continue
            found: set[str] = set()
            stop = start
            while stop < min(start + self.window, len(self.speakers)) and self.speakers[stop] == speaker:
                found |= hits[stop]
                stop += 1
            share = sum(weights[term] for term in found - own) / total
            if share > best.get(speaker, (0.0,))[0]:
                best[speaker] = (share, range(start, stop))
        return best

    def answered(self, text: str, speaker: str) -> set[str | None]:
        """The topics (the host's questions) during which the speaker said what most of the text
        says: a write-up may file an answer under another question."""
        run = self.best_runs(text).get(speaker)
        return {self.topics[k] for k in run[1]} if run else set()

    def bears_out(self, text: str, speaker: str, threshold: float) -> bool:
        """The transcript has `speaker` saying at least `threshold` of the text, and nobody
        saying more of it."""
        support = self.support(text)
        mine = support.get(speaker, 0.0)
        return mine >= threshold and mine >= max(support.values(), default=0.0) - _TIE

    def hedged_clause(self, text: str, speaker: str) -> tuple[int, str] | None:
        """(sentence index, clause) where the speaker hedged a number the text states bare
        (「可能已经能带来今天比如 10 倍…的收益」 retold as 「已经能带来今天10倍…的收益」), or None.
        The speaker's sentence must share two words besides the number with the text (the same
        claim); a figure the text gives as approximate (100多个, 约30%) or as someone's judgement
        (判断, 预测) keeps its hedge."""
        said = normalised(text)
        if HEDGES.search(said) or _JUDGED.search(said) or _UNSURE.search(said):
            return None
        words = set(terms(text))     # the other figures too: 到2026年 … 35% against 2026年希望能到35%
        bare = [(m.group(0), _unit(said, m.end())) for m in _NUMBER.finditer(said)
                if not _APPROXIMATE.match(said[m.end():]) and not re.search(r"[约近超逾]$", said[:m.start()].rstrip())
                and not _IN_RANGE.search(said[max(0, m.start() - 3):m.end() + 3])]   # 三到五天: a span already
        # the same number of the same thing (两年后 and 两年还是三年, not 三条航线 and 三年)
        return next(((k, clause) for number, unit in dict.fromkeys(bare) for who, clause, k in self.numbers.get(number, ())
                     if who == speaker and _hedges(clause, number)
                     and any(_unit(clause, m.end()) == unit for m in re.finditer(rf"(?<![\d.]){re.escape(number)}(?![\d.])", clause))
                     and sum(1 for w in words - {number} if w in self._around(k, speaker)) >= 2), None)

    def _around(self, k: int, speaker: str | None) -> str:
        """Sentence k with the speaker's two sentences before it and one after: a claim and its
        hedge may be apart (「…会有一个拐点。…什么时候能到呢，两年还是三年，我说不好」)."""
        return "".join(self.texts[j] for j in range(max(0, k - 2), min(len(self.texts), k + 2))
                       if j == k or self.speakers[j] == speaker)

    def unhedged(self, text: str, speaker: str) -> str | None:
        """The speaker's sentence that says most of what the text (or one half of a contrast in
        it) says, where the speaker hedged it (可能, 也许, 我愿意相信, 有没有可能, 至少从我这边来看…)
        and the text does not: 「Anthropic在Coding领域的成功
        是由于…」 for 「我愿意相信 Anthropic 它可能不是说…」. None where the text keeps a hedge, or
        the speaker's sentence has none."""
        if _PROPOSED.search(text):
            return None     # 「唐杰提出了一个新指标」: a proposal, hedged or not, is no fact
        run = self.best_runs(text).get(speaker)
        if run is None:
            return None
        halves = [p for p in _HALVES.split(text) if len(p) >= 6]
        if _hedged(normalised(text)):
            # the text hedges one half of a contrast (「一些…今年很快就可以完成，但接下来…可能…」):
            # each bare half is held to the clause of the speech that says it (「可能今年很快…」)
            for part in halves if len(halves) > 1 else ():
                if not _hedged(normalised(part)):
                    clause = self._closest_clause(part, run[1])
                    if clause and _hedged(clause):
                        return clause
            return None
        # each half of a contrast a retelling joins (「在美国…非常大，但是在中国…没有」) may stand
        # for its own sentence, the hedged one among them
        for part in [text] + halves:
            closest = self._closest(part, run[1])
            if _hedged(self.texts[closest]):
                return self.texts[closest]
        return None

    def _weight(self, part: str, said: str) -> float:
        return sum(self.idf.get(t, self.unseen) for t in terms(part) if not _NUMBER.fullmatch(t) and t in said)

    def _closest(self, part: str, sentences: range) -> int:
        """The sentence among `sentences` that says most of `part` (IDF-weighted terms)."""
        return max(sentences, key=lambda k: self._weight(part, self.texts[k]))

    def _closest_clause(self, part: str, sentences: range) -> str | None:
        """The clause of the closest sentence that says most of `part`, with the clause before
        it when that one only opens it (「我觉得，」), or None when no clause shares a word."""
        clauses = _CLAUSE.findall(self.texts[self._closest(part, sentences)])
        if not clauses:
            return None
        best = max(range(len(clauses)), key=lambda j: self._weight(part, clauses[j]))
        return clauses[best] if self._weight(part, clauses[best]) > 0 else None

    def reason_only(self, text: str, speaker: str) -> str | None:
        """The speaker's sentence where what the text says is only the reason for a point the
        text leaves out: inside 「因为…」 before 「所以…」 (「因为…我们其实是在服务真实的人类，所以
        …应该怎么让人类世界变得更好」), or a sentence opening 「因为」 that explains the one before
        (「因为今天我们看到很多做 2B 的…还是会诞生在美国」). None where the text carries its own
        因为/所以, or says the point too."""
        if re.search(r"因为|由于|所以|因此|因而", text):
            return None
        run = self.best_runs(text).get(speaker)
        if run is None:
            return None
        sentence = self.texts[self._closest(text, run[1])]
        spans = [(m.start(), m.group(0)) for m in _CLAUSE.finditer(sentence)]
        weights = [self._weight(text, clause) for _, clause in spans]
        if not weights or max(weights) <= 0:
            return None
        said = [j for j, w in enumerate(weights) if w >= 0.3 * max(weights)]
        first, last = spans[said[0]][0], spans[said[-1]][0] + len(spans[said[-1]][1])
        because = [m.start() for m in re.finditer(r"因为|由于", sentence[:spans[said[0]][0] + 4])]
        if not because or re.search(r"所以|因此|因而", sentence[because[-1]:first]):
            return None
        consequent = re.search(r"所以|因此|因而", sentence[last:])
        opens = because[-1] <= 4    # 「因为…」 opening the sentence: the reason for the one before
        return sentence if consequent or opens else None

    def overstates(self, text: str, speaker: str) -> str | None:
        """The word of necessity, certainty or emphasis (必须, 一定, 肯定, 这才是, 天然…) the text
        puts on the speaker's claim where the run of sentences that says it has none: 「To C 应用
        必须走垂直整合路线」 for 「在 2C 的应用上，垂直整合还是成立的」, a narration's 「…这才是
        Agent成功的关键」 for 「这也是一个 Bet 吧」. None where the speaker said it so."""
        run = self.best_runs(text).get(speaker)
        if run is None:
            return None
        said = "".join(self.texts[k] for k in run[1])
        return next((word for word in _CERTAIN.findall(normalised(text)) if word not in said), None)

    def misnames(self, text: str, speaker: str) -> bool:
        """The text names by a Latin word what the speaker, where they say the rest of its clause,
        only says as part of a longer name: 「Claude 已经写了…」 where they said 「Claude Code 它
        已经写了…」, 「AGI…最重要的点」 where the only AGI is 「AGI House」 (the point was ASI)."""
        for clause in _CLAUSE.findall(normalised(text)):
            run = self.best_runs(clause).get(speaker)
            if run is None:
                continue
            said = set(_NAME.findall(" ".join(self.texts[k] for k in run[1])))
            if any(name not in said and any(other.startswith(name + " ") for other in said)
                   for name in set(_NAME.findall(clause))):
                return True
        return False

    def said_part(self, text: str, speaker: str) -> str:
        """The text without the clauses at its end the speaker did not say: the writer's own
        comment on the room or the remark (「…很贵的玩具，全场笑翻」, 「…，这个形容我很喜欢」).
        A clause is the writer's where it reports the room's reaction or the writer's taste
        (`_COMMENTARY`, not words the speaker used around the run that says the text) or speaks
        as 我 where the rest does not. Returns the text unchanged where every clause is said."""
        run = self.best_runs(text).get(speaker)
        if run is None:
            return text
        window = range(max(0, run[1].start - self.window), min(len(self.texts), run[1].stop + self.window))
        theirs = "".join(self.heard[k] for k in window if self.speakers[k] == speaker)
        parts = re.split(r"(?<=[，,；;])", text.rstrip("。.！!"))
        while len(parts) > 1:
            last = parts[-1]
            if not (_COMMENTARY.search(last) and not _COMMENTARY.search(theirs)
                    or re.search(r"(?<!自)我(?!国)", last) and "我" not in text[:-len(last)]):
                break
            parts.pop()
        return "".join(parts).rstrip("，,；;") + "。" if len(parts) < len(re.split(r"(?<=[，,；;])", text.rstrip("。.！!"))) else text

    def misquotes(self, text: str, speaker: str) -> list[tuple[str, str]]:
        """(the text's words, the speaker's words) wherever the text quotes the speaker closely
        (≥ 60 % of its characters in runs of two or more found in order, close together, in the
        speaker's run of sentences) but puts another word inside the quote: 「产业设计」 for 「产品设计」,
        「自主学习不是…」 for 「这个事情的 Bottleneck 其实不是…」, 「OpenAI 还是什么」 for
        「OpenAI 还是 Anthropic」; or leaves out the speaker's hedge (「我觉得可能…也许的机会吧，第一个
        就是…」 quoted as 「…的机会是…」: ("", "可能")). A retelling's own frame outside the quote, a pronoun resolved
        (我们 → 中国), a number written otherwise or an English word put into Chinese is no
        misquote; nor is a stretch of the speech the text leaves out. Empty where the text does
        not quote the speaker (a paraphrase is judged by `bears_out`)."""
        run = self.best_runs(text).get(speaker)
        if run is None:
            return []
        quoted = re.sub(r"\s+", "", normalised(text))
        said = re.sub(r"\s+", "", "".join(self.texts[k] for k in run[1]))
        matcher = SequenceMatcher(None, quoted, said, autojunk=False)
        # A quote is compact: align around its longest run, not with a word said a minute earlier.
        anchor = matcher.find_longest_match(0, len(quoted), 0, len(said))
        said = said[max(0, anchor.b - 2 * anchor.a - 10):anchor.b + anchor.size + 2 * (len(quoted) - anchor.a - anchor.size) + 10]
        matcher = SequenceMatcher(None, quoted, said, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
        if sum(b.size for b in blocks) < 0.6 * len(re.sub(r"[^\w]", "", quoted)):
            return []
        first, last = blocks[0].a, blocks[-1].a + blocks[-1].size
        out = []
        # 「我觉得可能未来中国也许的机会吧，第一个就是一群聪明人…」 quoted as 「中国的机会是一群聪明人…」:
        # the speaker hedged what the quote states; a hedge just before the quote is its own.
        spoken = said[max(0, blocks[0].b - 8):blocks[-1].b + blocks[-1].size]
        hedge = _SPOKEN_HEDGE.search(spoken)
        if hedge and not _SPOKEN_HEDGE.search(quoted):
            out.append(("", hedge.group(0)))
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace" or i1 < first or i2 > last:
                continue
            mine, theirs = quoted[i1:i2], said[j1:j2]
            placeholder = bool(_PLACEHOLDER.fullmatch(re.sub(r"[\s\W_]", "", mine)) and _FUNCTION.sub("", theirs))
            a, b = _FUNCTION.sub("", mine), _FUNCTION.sub("", theirs)
            if not placeholder and (not a or not b or a == b):
                continue
            dropped = [term for term in _LATIN_WORD.findall(theirs) if term not in quoted]
            if not placeholder and re.fullmatch(r"[\u4e00-\u9fff]+", a) and re.fullmatch(r"[A-Z0-9]+", b):
                continue    # Research → 研究: put into Chinese
            if re.search(r"[:：「“\"]", mine):
                continue    # the retelling's frame (「姚顺雨分享关键观察：「」), not the quote
            if len(b) > len(a) + 2 and not (dropped and len(theirs) <= 30):
                continue    # the retelling leaves a stretch out and bridges it
            out.append((mine, theirs))
        return out
