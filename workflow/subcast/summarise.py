"""Reconciled points → a spoken summary per topic that a listener who never saw the panel can
follow, and the podcast scripts (method and measurements: docs/summaries.md).

A summary is built the way an editor would brief a listener:
1. the question the host put to the panel in the turn that opens the topic;
2. every panelist who took turns on it, their best point first, then more while the length
   target allows, nobody over `max_share` of the target nor `max_sentences`, in panel order;
3. points chosen for the facts the sources repeat (sources in the point, numbers, names, the
   point's words across all sources on the topic) and each panelist's first answer;
4. each point in the words of its cleanest witness (write-ups, then the transcript), a whole
   statement the transcript does not contradict, retold in the third person only where that is
   certain, and passing the editor's checks (summary_check);
5. one clause where the sources disagree, after the sentence that states what they disagree on.

Extractive: every sentence traces to a reconciled point and the statement (source, lines) it
was taken from; nothing is cut inside a sentence. Two texts per summary: for the ear (numbers
spelled out, no tags or brackets; one sentence a line) and for display (digits, source tags).
"""
from __future__ import annotations

import itertools
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .config import register
from .corroborate import Transcript, terms
from .line_sentences import joined, sentence_around
from .phrases import TITLES
from .reconcile import Normaliser, in_mainland, values
from .rephrase import (Referents, first_person_left, for_the_ear, organisation_names, rephrase, tidy,
                       without_fillers)
from .sources import source_tag
from .summary_check import (LEANS_BACK, LISTING, PROPOSAL_VERBS, UNFINISHED, check_summary, has_predicate, no_subject,
                            problems)
from .textio import read_text, write_text_atomic
from .variants import Converter, Variant

log = logging.getLogger(__name__)

VERBS = ("认为", "提到", "表示")      # a forecast is 预计 (_FORECAST)
WITNESS_RANK = {"markdown": 0, "narration": 1, "transcript": 2}   # the cleanest witness first
SEQUENTIAL = ("transcript", "narration")                         # sources that follow the panel's turns
_QUESTION = re.compile(r"[？?][”」\"']*$")
_ASKING = re.compile(r"^.{0,12}?(?:问|请教)(?:大家|各位|一下)?(?:一个|个)?问题[，,：:]?")


@register("summary")
@dataclass(frozen=True)
class Settings:
    """The `summary` section (the schema documents each number), typed."""
    target_chars: int
    max_chars: int
    min_point_chars: int
    max_point_chars: int
    max_share: float
    min_turns: int
    spread_weight: float
    max_sentences: int           # per panelist and topic: more reads as a list, not a summary
    transcript_support: float    # a write-up's sentence is a witness only where the transcript bears it out
    hosts: tuple[str, ...]                       # summary.exclude_speakers
    referents: Referents                         # summary.organisations and we_nation
    introductions: tuple[tuple[str, str], ...]   # speaker → what precedes their name once
    corrections: tuple[tuple[str, str], ...]     # subtitles.corrections: a source's typo → the word meant
    glossary: tuple[tuple[str, str], ...]        # an English word dropped into Chinese → the Chinese said
    year: int | None                             # the year of summary.held: what 今年 meant on the day
    DERIVED = ("hosts", "referents", "introductions", "corrections", "glossary", "year")   # built from other keys

    @classmethod
    def from_config(cls, cfg: dict, corrections: dict | None = None) -> "Settings":
        numbers = [name for name in cls.__dataclass_fields__ if name not in cls.DERIVED]
        return cls(**{key: cfg[key] for key in numbers}, hosts=tuple(cfg["exclude_speakers"]),
                   referents=Referents.from_config(cfg),
                   introductions=tuple(cfg["introductions"].items()),
                   corrections=tuple((corrections or {}).items()),
                   glossary=tuple(sorted(cfg["glossary"].items(), key=lambda kv: -len(kv[0]))),
                   year=int(str(cfg["held"])[:4]) if cfg.get("held") else None)

    def corrected(self, text: str) -> str:
        for typo, meant in self.corrections:
            text = text.replace(typo, meant)
        return text

    def dated(self, text: str) -> str:
        """A year said relative to the day (今年, 明年, 去年) as the year it was, for a listener on
        another day: 「对今年会有…革新」 → 「对2026年会有…革新」. 今年 of something done (了, 过,
        已经) stays: early in a year it may mean the year just ended. Unchanged without summary.held."""
        if self.year is None:
            return text

        def year(m: re.Match) -> str:
            clause = re.split(r"[，,。；;]", text[m.end():], maxsplit=1)[0]
            if m.group(0) == "今年" and re.search(r"了|过|已经", clause):
                return m.group(0)   # 「今年顺雨到了腾讯之后」 said in January: the year just ended, or this one
            return f"{self.year + _RELATIVE_YEARS[m.group(0)]}年"
        # 「去年，就是2024年」: the speaker named the year themselves, said once
        return re.sub(r"(\d{4})\s*年[，,]?\s*(?:就是|也就是|即)?\s*\1\s*年", r"\1年", _RELATIVE_YEAR.sub(year, text))

    def glossed(self, text: str) -> str:
        """English words said in Chinese (「挺 Positive 的」 → 「挺乐观的」): whole words, longest
        first, the spaces that set them off in Chinese text going with them."""
        for word, said in self.glossary:
            text = re.sub(rf"(?<![A-Za-z'])\s?{re.escape(word)}\s?(?![A-Za-z'])", said, text)
            # the source glossed it already (「TCO，也就是全生命周期成本」): said once
            text = re.sub(rf"{re.escape(said)}(?:[，,]\s*(?:也就是|即|就是)\s*|[（(]){re.escape(said)}[）)]?", said, text)
        return text


_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
_RELATIVE_YEAR = re.compile("|".join(_RELATIVE_YEARS))


def panelists(topic_id: str, statements: list[dict], shapes: dict[str, str], hosts: tuple[str, ...],
              min_turns: int) -> list[str]:
    """Who spoke on the topic: speakers with at least `min_turns` statements on it in a source
    that follows the panel's turns (any source, if none does), in the order they first spoke."""
    sequential = {sid for sid, shape in shapes.items() if shape in SEQUENTIAL} or set(shapes)
    counts, first = Counter(), {}
    for k, statement in enumerate(statements):
        speaker = statement["speaker"]
        if statement["topic"] == topic_id and statement["source"] in sequential and speaker and speaker not in hosts:
            counts[speaker] += 1
            first.setdefault(speaker, k)
    return sorted((s for s, n in counts.items() if n >= min_turns), key=first.__getitem__)


_ANNOUNCED = re.compile(r"^(?:但是?|那|所以|而且)?(?:我觉得|我认为)?(?:还有)?(?:第[一二三四五]个?|另一个|另外一个)(?:点|方面)(?:就)?是")
_POSED = re.compile(r"^(?:但是?|那|所以|而且)?(?:我觉得|我认为)?(?:还有|另外)?(?:第[一二三四五]个?|一个|另一个|另外一个)?"
                    r"(?:点|问题|方向)(?:就)?是[，,]?(?=.{6,}[？?]$)")


def _is_question(text: str) -> bool:
    return bool(_QUESTION.search(text.strip()))


def _latin(text: str) -> set[str]:
    return {w.upper() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]+", text)}


def _misremembered(terms: set[str], told: set[str]) -> bool:
    """A term close to, but not, one the transcript says (AGI for ASI, COMPUTER for COMPUTE)."""
    return any(SequenceMatcher(None, term, said).ratio() >= 0.6 for term in terms for said in told)


# A label that names a set of things (「关键决定因素」, 「三个条件」) announces its items.
_SET_LABEL = re.compile(r"(?:因素|要素|阶段|步骤|条件|维度|标准|瓶颈|路径|层次|前提)$")


def _list_item(statement: dict) -> bool:
    """A bullet under a lead-in that ends in a colon ("四个阶段：") or under a label that names
    a set of things ("**关键决定因素**：") is one item of an enumeration (a stage of a
    forecast, one factor of three), not a claim of its own."""
    section = statement.get("section", "").rstrip()
    return statement["kind"] == "bullet" and (section.endswith(("：", ":"))
                                              or bool(_SET_LABEL.search(section.rsplit(" / ", 1)[-1])))


def contradicted(document: dict) -> set[tuple[str, int, str]]:
    """(source, first line, text) of every statement the transcript contradicts: a side of a
    disagreement, not the transcript's, with a value, a speaker or a credit of its own. The
    transcript is the authority; such words are a conflict to report, not a witness to retell."""
    authority = next((sid for sid, s in document["sources"].items() if s["shape"] == "transcript"), None)
    out = set()
    for conflict in document["conflicts"]:
        if conflict["kind"] == "roster" or not any(side["source"] == authority for side in conflict["sides"]):
            continue
        # a side that states some of the transcript's own values (1到2天 of 3到5个小时 / 1到2天) agrees
        told = {v for side in conflict["sides"] if side["source"] == authority for v in side["value"].split(" / ")}
        for side in conflict["sides"]:
            if side["source"] != authority and not set(side["value"].split(" / ")) <= told:
                out.add((side["source"], side["lines"][0], side["excerpt"]))
    return out


_CREDITED = re.compile(r"(?:借用|引用|援引|转述|套用)[^/]*(?:话|说(?:过|道)?)[：:]$")   # a quote's lead-in
_BUT = re.compile(r"^(?:但是|但|不过|然而|可是|只是|问题是|问题在于)")
# 「目前的 AI 范式是被动的…」 then 「未来范式：环境直接 Prompt 模型…」: today's half of a now/then contrast.
_NOW = re.compile(r"^(?:我觉得|我认为|其实)?(?:目前|现在|当前|如今|今天)")
_THEN = re.compile(r"^(?:而)?(?:未来|将来|以后)")
_THEN_LABEL = re.compile(r"^(?:而)?(未来|将来|以后)[^，。：:]{0,8}[：:]\s*")


_ITEM = re.compile(r"^(?:第[一二三四五](?:个|点|条)?(?:是|就是|[，,])|[一二三四五](?:个)?(?:是|来|靠)|首先|其次)")
_COUNTED = re.compile(r"(?:[两三四五六几]|\d)(?:个|条|方面的?)?(?:原因|条件|因素|前提|阶段|步骤|方面|理由|办法|路径|机会|"
                      r"变化|挑战|瓶颈|建议|障碍|风险)|(?:原因|条件|因素|前提|阶段|瓶颈|挑战)(?:呢|吧)?[，,]")


def counted_item(statements: list[dict], k: int) -> bool:
    """Statement k is one item of a counted list whose head the speaker said just before
    (「条件呢，大概是三个。」「第一个是车队要到两千台左右…」): a condition or reason without
    what it is a condition for. Items of 「我讲两点」 stand alone and are not caught."""
    this = statements[k]
    before = statements[k - 1] if k > 0 else None
    return bool(_ITEM.match(tidy(this["text"])) and before and before["source"] == this["source"]
                and before["speaker"] == this["speaker"] and this["lines"][0] - before["lines"][-1] <= 1
                and _COUNTED.search(before["text"]))


# A list's later item inside a sentence (「第一，…；第二，…；第三，做应用的速度。」).
_LATER_ITEM = re.compile(r"(?:^|[，,；;：:。])\s*(?:第[二三四五六]|[二三四五]是|最后一个)")


def after_an_item(statements: list[dict], k: int) -> bool:
    """Statement k follows, in the same line of the same source and speaker, a sentence that
    counts off a list's items (「第一，…；第二，…；第三，做应用的速度。」「大模型现在更多是拼速
    度、拼时间。」): it says more of the last item, and alone tells the listener that item is the
    point."""
    this = statements[k]
    before = statements[k - 1] if k > 0 else None
    return bool(before and before["source"] == this["source"] and before["speaker"] == this["speaker"]
                and before["lines"] == this["lines"] and _LATER_ITEM.search(before["text"]))


def continues_an_item(statements: list[dict], start: int) -> bool:
    """The narration sentence opening at statement `start` comes right after a counted list's
    item (「需要满足几个条件」「一是与自主学习的深度结合」「Agent要在长时间工作中实现自我进化」):
    it says more of that item, and said alone it passes a condition off as the point."""
    if start == 0:
        return False
    this, before = statements[start], statements[start - 1]
    if (before["source"], before["speaker"], before["topic"]) != (this["source"], this["speaker"], this["topic"]) \
            or this["lines"][0] - before["lines"][-1] != 1:
        return False
    span = sentence_around(statements, start - 1)
    return span is not None and counted_item(statements, span[0])


def _next_said(statements: list[dict], k: int, lines_apart: int) -> dict | None:
    """The statement after k where the same source has the same speaker go on, at most
    `lines_apart` lines later; else None."""
    this = statements[k]
    after = statements[k + 1] if k + 1 < len(statements) else None
    if after and after["source"] == this["source"] and after["speaker"] == this["speaker"] \
            and after["lines"][0] - this["lines"][-1] <= lines_apart:
        return after
    return None


def contrast_after(statements: list[dict], k: int) -> int | None:
    """The index of the sentence that completes statement k as its other half: the speaker's
    next sentence (same source, same or next line) turning on it with 但是/不过/问题是
    (「它并不是一个终端的产品。」「但是中国…会把这个产品发挥到极致」), or its 未来 after a
    目前 (「目前的AI范式是被动的…」「未来范式：环境直接Prompt模型…」). Said alone, k says less
    than, or the opposite of, what was meant; said with its turn, it is the whole contrast."""
    this, after = statements[k], _next_said(statements, k, lines_apart=1)
    if after is None:
        return None
    opens = after["text"].lstrip("-•*> “「\"")
    now_then = _NOW.match(this["text"].lstrip("-•*> “「\"")) and _THEN.match(opens)
    return k + 1 if _BUT.match(opens) or now_then else None


def glossed_after(statements: list[dict], k: int) -> int | None:
    """The index of the sentence that says what statement k proposes: the next sentence on the
    same line, with no subject of its own, after a proposal (「唐杰提出了一个新指标：智能效率。」
    「用更少的投入，获得更大的智能增量。」). Said alone, the proposal is a name without its meaning."""
    after = _next_said(statements, k, lines_apart=0)
    if after is None or not re.search(rf"(?:{PROPOSAL_VERBS})了", statements[k]["text"]):
        return None
    return k + 1 if no_subject(tidy(after["text"])) else None


def _after_a_question(statements: list[dict], k: int, hosts: tuple[str, ...]) -> bool:
    """Statement k is among the first two of a turn that answers the host's question (「…哪一年？
    给个年份。」 / 「这个问题很危险。」「我个人的判断是2028年」)."""
    this = statements[k]
    before = [s for s in reversed(statements[:k]) if s["source"] == this["source"]]
    if this["speaker"] in hosts:
        return False
    if before and before[0]["speaker"] == this["speaker"]:
        before = before[1:]      # the turn's first sentence before this one
    turn = list(itertools.takewhile(lambda s: s["speaker"] in hosts, before))
    return any(_is_question(s["text"]) for s in turn)


def witness_lines(statements: list[dict], k: int) -> list[int]:
    """The source lines a witness spans: its own, and its other half's (or its gloss's) where it
    has one; a narration line's, the sentence it is in."""
    if statements[k]["kind"] == "narration":
        span = sentence_around(statements, k) or (k, k)
        return [statements[span[0]]["lines"][0], statements[span[1]]["lines"][-1]]
    turn = contrast_after(statements, k)
    turn = glossed_after(statements, k) if turn is None else turn
    return [statements[k]["lines"][0], statements[turn if turn is not None else k]["lines"][-1]]


def witnesses(point: dict, statements: list[dict], shapes: dict[str, str], speaker: str, settings: Settings,
              question: bool = False, names: frozenset[str] = frozenset(),
              refuted: set[tuple[str, int, str]] = frozenset(),
              transcript: Transcript | None = None) -> list[tuple[tuple, int, str]]:
    """The point's statements that can be said in the third person, cleanest first:
    (rank, statement index, body). A statement is no witness when its source gives the words
    to someone else, when it is an item of a list, when the transcript does not bear a
    write-up's words out as the speaker's (`corroborate.Transcript.bears_out`), it changes a word or drops a hedge inside a quote of
    them (`Transcript.misquotes`), adds a 必须 they did not say (`Transcript.overstates`) or
    states as fact what they hedged (`Transcript.unhedged`), gives only the reason for a point
    they made (`Transcript.reason_only`), or when its body fails the
    editor's checks (`summary_check.problems`). A line-shaped source's phrase stands for the
    sentence it is in (`line_sentences.sentence_around`)."""
    verbatim = [tidy(statements[k]["text"]) for k in point["statements"] if shapes.get(statements[k]["source"]) == "transcript"]
    told = set().union(*map(_latin, verbatim)) if verbatim else set()
    out = []
    for k in point["statements"]:
        statement = statements[k]
        # a question a panelist puts as their point (「我觉得还有第二个点是，AI 有没有可能实现更强的
        # 主动性？」): said as the question they raised
        posed = None if question or shapes.get(statement["source"]) == "narration" else _POSED.match(tidy(statement["text"]))
        if _is_question(statement["text"]) != question and not posed:
            continue
        if not question and statement["speaker"] not in (None, speaker) and (
                statement["attributed"] or shapes.get(statement["source"]) == "narration"):
            continue    # given to someone else: by name, or by the narration still retelling them
        if (statement["source"], statement["lines"][0], statement["text"]) in refuted:
            continue
        if statement["kind"] == "quote" and _CREDITED.search(statement.get("section", "")):
            continue    # 「钟启明借用了导师的一句话：」 then the quote: somebody else's words
        shape = shapes.get(statement["source"])
        text = settings.corrected(statement["text"])
        said = statement["text"]     # what the transcript must bear out
        if shape == "narration":    # one phrase a line: the witness is the sentence the line is in
            span = sentence_around(statements, k)
            if question or span is None or counted_item(statements, span[0]) or continues_an_item(statements, span[0]):
                continue
            said = joined([statements[j]["text"] for j in range(span[0], span[1] + 1)])
            text = settings.corrected(said)
        turn = None if question or shape == "narration" else contrast_after(statements, k)
        if turn is not None:    # 「Scaling 肯定能提升上限」 with 「但这是最笨的办法」: the whole contrast
            other = _THEN_LABEL.sub(r"\1，", tidy(settings.corrected(statements[turn]["text"])))
            text = text.rstrip("。.！!") + "，" + other
        if not question and shape != "transcript" and transcript is not None:
            text = transcript.said_part(text, speaker)    # not the writer's 「全场笑翻」 after the words
        quoted = text     # a write-up's gloss of a proposal is its own words, not a quote to hold to the speaker's
        gloss = None if question or shape == "narration" else glossed_after(statements, k)
        if gloss is not None:   # 「唐杰提出了一个新指标：智能效率。」「用更少的投入，获得更大的智能增量。」
            text = text.rstrip("。.！!") + "，" + tidy(settings.corrected(statements[gloss]["text"]))
        if not question and (_list_item(statement) or shape != "narration" and (counted_item(statements, k)
                                                                              or after_an_item(statements, k))):
            continue    # one item of a list: what it is an item of is on other lines
        if not question and shape != "narration" and k > 0 and contrast_after(statements, k - 1) == k:
            continue    # 「但是…」 is the second half of the sentence before: said with it, not alone
        if question:    # "第一个问题想请三位都聊一聊：…？": what is asked follows the colon
            text = _ASKING.sub("", text.rsplit("：", 1)[-1] if re.search(r"：.*[？?]", text) else text)
        if question:    # the host's own musing before the question ("我也在想，…") is not asked
            clauses = re.split(r"(?<=[，,：:])", text)
            while len(clauses) > 1 and re.search(r"我|咱", clauses[0]):
                clauses.pop(0)
            text = "".join(clauses)
        if posed:
            asked = rephrase(tidy(statement["text"])[posed.end():], speaker, settings.referents, settings.max_point_chars)
            body = f"提出一个问题：{asked.rstrip('？?')}？" if asked else None
        else:
            body = rephrase(text, speaker, settings.referents, settings.max_point_chars)
        # an answer to the host's question just before may be short: the question is said with it
        answering = shape == "transcript" and _after_a_question(statements, k, settings.hosts)
        if not body or len(body) < (6 if answering else settings.min_point_chars):
            continue
        if not question and shape != "transcript" and _misremembered(_latin(body) - told, told):
            continue    # a write-up's term where the transcript has a near one (AGI for ASI, Computer)
        if (not question and shape != "transcript" and transcript is not None and settings.transcript_support
                and (not transcript.bears_out(said, speaker, settings.transcript_support)
                     or transcript.hedged_clause(body, speaker) or transcript.misnames(body, speaker)
                     or transcript.misquotes(quoted, speaker) or transcript.overstates(body, speaker)
                     or transcript.unhedged(text, speaker) or transcript.reason_only(said, speaker)
                     or point["topic"] not in transcript.answered(said, speaker))):
            continue    # the host's remark credited to a panelist, another talk, a hedge or a name dropped,
                        # a word changed inside a quote, a 必须 added, a hedge dropped, a reason without
                        # its point, an answer to another question
        if not question and problems(f"{speaker}认为，{body}。", speaker=speaker, names=names):
            continue
        rank = WITNESS_RANK.get(shape, len(WITNESS_RANK))
        out.append(((first_person_left(statement["text"]) > 0 if question else 0, rank, -len(body)), k, body))
    return sorted(out)


@dataclass
class Candidate:
    point: dict
    speaker: str
    statement: int
    body: str
    score: float
    index: int = 0
    similar: object = None    # cosine of its TF-IDF row with every candidate's, for redundancy
    headline: bool = False    # the first sentence of the speaker's answer to the panel's question
    follow_up: dict | None = None   # the host's follow-up it answers and echoes, said before it


# A noun phrase alone ("很多国内公司的Coding Agent"), as a narration line often is: no claim.
_FRAGMENT = re.compile(r"^[^，,。是有会能要让把被了过着]{0,30}的[^，,。的是有会能要在让把被了过着]{1,15}。?$")


# A panelist's further sentence needs at least this score: one nothing recommends (no source
# retells it, no fact, the speaker's own experience) is not said to fill the length.
_FLOOR = 1.0
_PERSONAL = re.compile(r"自己(?:的)?(?:第一个|最大的|一个)?(?:感受|印象|体会)|自己(?:挺|很|非常|比较|特别)?喜欢|自己跟[^，。]{1,12}聊")


# 「…但起码今天来看并不一定。首先就是说模型层和应用层需要的能力还是挺不一样的。」: the first
# reason for a claim made just before, said alone a premise without its conclusion.
_REASON = re.compile(r"^(?:我觉得|我认为)?(?:首先|其次|再次|一方面)(?:就是说|就是|是)?(?![，,]?$)")


def leans_back(text: str) -> bool:
    """The statement needs what came before it (summary_check's openers that point back, or what
    果然 says came true), reports nothing (…他们发现, an if with no then) or is a noun phrase: a
    ranking penalty, softer than the checker's gate."""
    text = re.sub(r"^[^，。：:]{2,12}[：:]", "", text.strip())
    return bool(LEANS_BACK.match(text) or "果然" in text or _FRAGMENT.match(text) or UNFINISHED.search(text))


class Spread:
    """How widely the sources report a statement's words on a topic: the IDF-weighted mean,
    over its words (jieba; Latin terms whole), of the share of sources whose statements on
    the topic use the word. A claim every write-up retells in its own words (Anthropic chose
    Coding; 智能效率) scores high even where no two wordings align into one point."""

    def __init__(self, statements: list[dict], topic_id: str):
        self.sources = {s["source"] for s in statements}
        self.used: dict[str, set[str]] = {}
        documents: dict[str, int] = {}
        for statement in statements:
            words = self.words(statement["text"])
            for word in words:
                documents[word] = documents.get(word, 0) + 1
                if statement["topic"] == topic_id:
                    self.used.setdefault(word, set()).add(statement["source"])
        self.idf = {w: float(np.log((1 + len(statements)) / (1 + n))) for w, n in documents.items()}

    @staticmethod
    @lru_cache(maxsize=None)
    def words(text: str) -> frozenset[str]:
        import jieba

        return frozenset(w.lower() for w in jieba.lcut(text) if len(w.strip()) >= 2 and not w.isdigit()
                         and re.search(r"\w", w))

    def __call__(self, text: str) -> float:
        words = [w for w in self.words(text) if w in self.idf]
        weight = sum(self.idf[w] for w in words)
        if not weight:
            return 0.0
        return sum(self.idf[w] * len(self.used.get(w, ())) for w in words) / weight / len(self.sources)


def _candidates(topic: dict, statements: list[dict], shapes: dict[str, str], speakers: list[str],
                settings: Settings, names: set[str], refuted: set[tuple[str, int, str]],
                transcript: Transcript | None = None) -> list[Candidate]:
    edited = {sid for sid, shape in shapes.items() if shape not in ("transcript",)}
    spread = Spread(statements, topic["id"])
    answers = _first_answers(topic["id"], statements, shapes, settings.hosts)
    asked = follow_ups(topic["id"], statements, shapes, settings.hosts)
    numbers = _numbers_on(topic["id"], statements)
    out = []
    for point in topic["points"]:
        if point["speaker"] not in speakers:
            continue
        if any(shapes.get(statements[k]["source"]) == "transcript" and _is_question(statements[k]["text"])
               and not _POSED.match(tidy(statements[k]["text"])) for k in point["statements"]):
            continue    # the speaker asked it (a write-up's 即… bullet may state it): a question is no claim
        found = witnesses(point, statements, shapes, point["speaker"], settings, names=frozenset(names),
                          refuted=refuted, transcript=transcript)
        if not found:
            continue
        _, k, body = found[0]
        retold = len({statements[j]["source"] for j in point["statements"]} & edited)
        facts = bool(values(body)) + any(name in body for name in names) + bool(re.search(r"[A-Za-z]{2,}", body))
        context = leans_back(statements[k]["text"]) or leans_back(body)
        about = point["speaker"] in body     # a write-up's words about the speaker, not the speaker's point
        personal = bool(_PERSONAL.search(body))   # what the speaker felt or liked, not what they hold
        premise = bool(_REASON.match(tidy(statements[k]["text"])))   # a reason whose claim was said before
        # Verbatim speech keeps its disfluency ("一个很大的一个基座") after the fillers go.
        halting = len(re.findall(r"一个[^，。]{0,8}的一个|这个[^，。]{0,8}的这个|它本身|[，,]他就"
                                 r"|(?:可能|也许|或许)[^，,。]{0,8}(?:可能|也许|或许)", body))   # hedges stacked as one searches
        places = [answers[j] for j in point["statements"] if j in answers]
        answer = (2 if min(places) == 0 else 1) if places else 0    # the panelist's first answer to the question
        # a point the speaker announces as one of theirs (「我觉得还有第二个点是，…」)
        answer += any(_ANNOUNCED.match(statements[j]["text"]) for j in point["statements"]
                      if shapes.get(statements[j]["source"]) == "transcript")
        repeated = any(len(numbers.get(key, ())) >= 2 for v in values(_SAY_VALUE(body)) for key in v.keys)
        follow_up, place = next((asked[j] for j in point["statements"] if j in asked), (None, 0))
        if follow_up and place and not (_nouns(follow_up["display"]) & _nouns(body) or _answers(follow_up["display"], body)):
            follow_up = None    # later in the answer, a sentence that does not echo the question stands alone
        out.append(Candidate(point, point["speaker"], k, body,
                             retold + 0.5 * facts + 0.5 * bool(point["conflicts"]) - 0.75 * context - 2 * about
                             - 2 * personal - 1.5 * premise
                             - 0.75 * halting + settings.spread_weight * spread(body) + answer + repeated,
                             headline=bool(places) and min(places) == 0, follow_up=follow_up))
    if out:
        matrix = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(
            [c.body for c in out])
        centroid = np.asarray(matrix.mean(axis=0)).ravel()
        centrality = matrix @ centroid / (np.linalg.norm(centroid) or 1)
        for candidate, value in zip(out, np.asarray(centrality).ravel()):
            candidate.score += value / (centrality.max() or 1)
        similar = (matrix @ matrix.T).toarray()
        for index, candidate in enumerate(out):
            candidate.index, candidate.similar = index, similar[index]
    return out


SPOKEN_ALREADY = 0.6    # less gain per sentence a panelist already has past their first two
_FORECAST = {"将", "将会", "未来", "预计", "以后", "之内", "明年", "到时候"}   # jieba words ("会" is as often a habit)


_OPINION = re.compile(r"觉得|应该|可能|会|要|能|必须|更|最|看好|担心|希望|相信|关键|重要|问题|不是")


def in_turns(picks: list[Candidate], spoke: dict[str, int] | None = None) -> list[Candidate]:
    """Each panelist's sentences together, as a listener follows a panel: panelists in the order
    they first speak to the topic (`spoke`: their first statement's index in the transcript; else
    their first point's), each one's points in the order made."""
    picks = sorted(picks, key=lambda c: c.point["order"])
    first: dict[str, int] = {}
    for c in picks:
        first.setdefault(c.speaker, c.point["order"])
    spoke = spoke or {}
    return sorted(picks, key=lambda c: (c.speaker not in spoke, spoke.get(c.speaker, first[c.speaker]),
                                        first[c.speaker], c.point["order"]))


def _sentence(candidate: Candidate, verb: str, statements: list[dict], again: bool = False) -> dict:
    statement = statements[candidate.statement]
    # a forecast says so in its first clause (「未来会出现…」); a forecast tail on today's state
    # (「目标由人来定义，…而未来的Agent会是…」) leaves the sentence today's
    first = re.split(r"[，,；;：:]", candidate.body, maxsplit=1)[0]
    words = set(Spread.words(first)) | ({"将"} if re.search(r"(?<![即必])将(?=[会要在是成])", first) else set())
    if words & _FORECAST and not re.search(r"了|已|过去|现在|目前|信心|相信|希望|担心|觉得", candidate.body):
        verb = "预计"
    elif verb == "认为" and values(_SAY_VALUE(candidate.body)) and not _OPINION.search(candidate.body):
        verb = "提到"     # a date, a figure, a statute: reported, not held
    body, comma = candidate.body, "，"
    if (own := _OWN_VERB.match(body)) and len(body) > own.end() + 4:
        verb, body = own.group(1), body[own.end():]    # 「杨强还提到，建议…」 is 「杨强还建议，…」
    elif _PROPOSES.match(body):     # 「唐杰提出了一个新指标，…」: the body's own verb, no comma after the name
        verb, comma = "", ""
    stop = "" if body.endswith(("？", "?")) else "。"      # a question raised is said as a question
    return {"role": "position", "speaker": candidate.speaker, "point": candidate.point["id"],
            "witness": {"source": statement["source"], "lines": witness_lines(statements, candidate.statement)},
            "display": f"{candidate.speaker}{'还' if again else ''}{verb}{comma}{body}{stop}",
            "conflicts": candidate.point["conflicts"],
            "order": candidate.point["order"], "again": again}


_PROPOSES = re.compile(rf"^(?:(?:{PROPOSAL_VERBS})了?|{LISTING})")
# A body that opens with its own verb of saying (建议…): that verb attributes it.
_OWN_VERB = re.compile(r"^(建议|呼吁|主张|提醒|强调|坦言|承认)[，,：:]?")
ASKED = ("先问大家", "接着问大家", "最后问大家")   # the first, a middle and the last of the panel's questions


def _answers(question: str, body: str) -> bool:
    """The body gives what the question asks for: a time for 什么时候 (「…什么时候能抹平？」,
    「时间上，可能是2028年前后」), a figure for 多少 or 多大."""
    figures = {v.kind for v in values(_SAY_VALUE(body))}
    if re.search(r"什么时候|哪一年|哪年|多久|何时|几年", question):
        return bool(figures & {"year", "duration", "date"}) or "时间" in body
    return bool(re.search(r"多少|多大|几成|比例|拍一个数字", question)) and bool(figures)


@lru_cache(maxsize=None)
def _nouns(text: str) -> frozenset[str]:
    """The nouns and Latin terms of a text (jieba's part-of-speech tags n*, vn, eng): what a
    question asks about (概率, 范式), not how it is put (自己, 接下来)."""
    import jieba.posseg

    return frozenset(w.word.upper() for w in jieba.posseg.lcut(text)
                     if (w.flag.startswith("n") or w.flag in ("vn", "eng")) and len(w.word.strip()) >= 2)


def _first_answers(topic_id: str, statements: list[dict], shapes: dict[str, str], hosts: tuple[str, ...],
                   length: int = 3) -> dict[int, int]:
    """The first `length` statements of each panelist's first turn on the topic in the
    transcript, each with its place in the turn (0, 1, 2): their answer to the question put to
    the panel, whose first sentence is most often its headline (「概率还挺高的，我还是挺乐观的」)."""
    source = next((sid for sid, shape in shapes.items() if shape == "transcript"), None)
    out: dict[int, int] = {}
    seen, previous = set(), None
    for k, statement in enumerate(statements):
        if statement["source"] != source or statement["topic"] != topic_id:
            continue
        speaker = statement["speaker"]
        if speaker and speaker not in hosts and (speaker not in seen or speaker == previous):
            place = sum(1 for j in out if statements[j]["speaker"] == speaker)
            if place < length:
                out[k] = place
            seen.add(speaker)
        previous = speaker
    return out


# The host's frame around a question put to one panelist: 从你看来, 你觉得, 全球范围内你感觉…
_YOU_FRAME = re.compile(r"(?:那|所以)?(?:(?:从|在)你(?:的角度|的一个观察)?(?:看来|来讲|来看)|你(?:觉得|感觉|认为|看))[，,]?")


def follow_ups(topic_id: str, statements: list[dict], shapes: dict[str, str],
               hosts: tuple[str, ...]) -> dict[int, tuple[dict, int]]:
    """Transcript statement → (the follow-up question its turn answers, the statement's place in
    the answer, 0 for its first sentence). A follow-up is the host's question in the turn just
    before a panelist's turn, where that host turn does not open the topic (「顺雨，…你感觉哪一家
    公司继续立的范式创新的概率最大？」): said without it, an answer (「可能 OpenAI 的概率还是更大」)
    answers nothing the listener heard. The question is put in the third person (`_follow_up`);
    a turn whose question cannot be is left out."""
    source = next((sid for sid, shape in shapes.items() if shape == "transcript"), None)
    opening = _opening_turn(topic_id, statements, shapes, hosts)
    out: dict[int, tuple[dict, int]] = {}
    host_turn: list[int] = []
    current: dict | None = None
    previous, place = None, 0
    answered: set[str] = set()     # who has spoken to the topic: a question to anyone else is no 追问
    for k, statement in enumerate(statements):
        if statement["source"] != source or statement["topic"] != topic_id:
            continue
        speaker = statement["speaker"]
        if speaker in hosts:
            if previous not in hosts:
                host_turn = []
            host_turn.append(k)
        elif speaker and speaker != previous:    # a turn: the host's question answered, or the floor passed on
            place, current = 0, None
            if previous in hosts and host_turn and not set(host_turn) & opening:
                current = _follow_up(statements, host_turn, speaker, again=speaker in answered)
        if speaker and speaker not in hosts and current:
            out[k] = (current, place)
            place += 1
        if speaker and speaker not in hosts:
            answered.add(speaker)
        previous = speaker
    return out


def _follow_up(statements: list[dict], turn: list[int], speaker: str, again: bool = True) -> dict | None:
    """The host's question in `turn` to `speaker` in the third person: 「主持人追问王立，…？」 where
    the speaker has answered on the topic already (`again`), else 「主持人问王立，…？」."""
    k = next((j for j in turn if _is_question(statements[j]["text"])), None)
    if k is None:
        return None
    host = statements[k]["speaker"]
    text = without_fillers(_ASKING.sub("", tidy(statements[k]["text"])))
    # the vocative: 顺雨 for 姚顺雨, 唐老师 for 唐杰; a turn that only passes the floor asks nothing
    called = "|".join(map(re.escape, {speaker} | ({speaker[1:]} if len(speaker) >= 3 else set())))
    titles = "|".join(sorted(TITLES, key=len, reverse=True))     # 林总监 whole, not 林总 and a stray 监
    text = re.sub(rf"^(?:(?:对|好|那|嗯)[，,])*(?:{called}|{re.escape(speaker[0])}(?={titles}))(?:{titles})?[，,？?]?",
                  "", text)
    text = without_fillers(_YOU_FRAME.sub("", text)).rstrip("？?").strip("，, ")
    text = re.sub(r"^(?:那么|那|所以|然后)[，,]?", "", text)      # 「那家庭呢？」: 家庭呢, pointing at nothing
    text = re.sub(r"这个\s*([2-3]\d)\s*年", r"20\1年", text)     # 「这个 26 年能看到…」: the year 2026
    text = re.sub(r"这个\s*(?=\d)", "", text)
    clauses = re.split(r"(?<=[，,：:])", text)
    while len(clauses) > 1 and re.search(r"我|咱", clauses[0]):
        clauses.pop(0)      # the host's own musing before the question
    text = "".join(clauses)
    if len(text) < 2 or re.search(r"你|您|我|咱", text) or not has_predicate(text):
        return None     # 「平台这边呢？」: asks nothing a listener could hear as a question
    return {"role": "follow-up", "speaker": host, "point": statements[k].get("point"),
            "witness": {"source": statements[k]["source"], "lines": statements[k]["lines"]},
            "display": f"{host}{'追问' if again else '问'}{speaker}，{text}？", "conflicts": [], "to": speaker}


def _numbers_on(topic_id: str, statements: list[dict]) -> dict[tuple, set[str]]:
    """A value stated on the topic → the sources that state it."""
    numbers: dict[tuple, set[str]] = {}
    for statement in statements:
        if statement["topic"] == topic_id:
            for value in values(_SAY_VALUE(statement["text"])):
                for key in value.keys:
                    numbers.setdefault(key, set()).add(statement["source"])
    return numbers


_ASKS_SOMETHING = re.compile(r"什么|怎么|如何|多少|哪|吗|呢|[？?]|^问题[，,：:]")


def _premise(topic: dict, statements: list[dict], shapes: dict[str, str], settings: Settings,
             refuted: set[tuple[str, int, str]]) -> dict | None:
    """The figures the host puts the question on, where another source repeats them (「现在的
    Agent已经能在后台推理三到五个小时，完成人类一到两天的工作量」): said before the question, in the
    cleanest witness's words, as the host's. None where the opening turn states no such figure."""
    opening = _opening_turn(topic["id"], statements, shapes, settings.hosts)
    numbers = _numbers_on(topic["id"], statements)
    best = None
    for point in topic["points"]:
        if point["speaker"] not in settings.hosts or not opening & set(point["statements"]):
            continue
        stated = {key for k in point["statements"] for v in values(_SAY_VALUE(statements[k]["text"])) for key in v.keys}
        if not any(len(numbers.get(key, ())) >= 2 for key in stated):
            continue
        # the host's framing, not a panelist's claim: a narration's paraphrase (已经能 for 今天可以)
        # is not held to the transcript's words as a quote would be
        # a figure, not what is asked, nor only the year the question looks to (「展望2030年」)
        found = [w for w in witnesses(point, statements, shapes, point["speaker"], settings, refuted=refuted)
                 if any(v.kind != "year" for v in values(_SAY_VALUE(w[2]))) and not _ASKS_SOMETHING.search(w[2])]
        if found and (best is None or point["order"] < best[0]["order"]):
            best = (point, found[0])
    if best is None:
        return None
    point, (_, k, body) = best
    return {"role": "premise", "speaker": point["speaker"], "point": point["id"],
            "witness": {"source": statements[k]["source"], "lines": witness_lines(statements, k)},
            "display": f"{point['speaker']}提到，{body}。", "conflicts": point["conflicts"], "order": -2}


def _opening_turn(topic_id: str, statements: list[dict], shapes: dict[str, str], hosts: tuple[str, ...]) -> set[int]:
    """The statements of the host's turn that opens the topic in the transcript (or the first
    sequential source): what the host put to the whole panel before anyone answered."""
    source = next((sid for sid, shape in shapes.items() if shape == "transcript"),
                  next((sid for sid, shape in shapes.items() if shape in SEQUENTIAL), None))
    turn: set[int] = set()
    for k, statement in enumerate(statements):
        if statement["source"] != source or statement["topic"] != topic_id:
            continue
        if statement["speaker"] not in hosts:
            if turn:
                break
            continue
        turn.add(k)
    return turn


def _question(topic: dict, statements: list[dict], shapes: dict[str, str], settings: Settings,
              position: tuple[int, int] = (0, 1)) -> dict | None:
    """The question the host put to the panel: a host question of the turn that opens the topic
    in the transcript (not a later follow-up to one panelist), in its cleanest words; where that
    turn only invites the panel to talk, the topic's title is what they were asked about."""
    index, count = position
    asked = ASKED[0] if index == 0 else ASKED[2] if index == count - 1 else ASKED[1]
    opening = _opening_turn(topic["id"], statements, shapes, settings.hosts)
    best = None
    for point in topic["points"]:
        if point["speaker"] not in settings.hosts or not opening & set(point["statements"]):
            continue
        found = witnesses(point, statements, shapes, point["speaker"], settings, question=True)
        if found and (best is None or point["order"] < best[0]["order"]):
            best = (point, found[0])
    if best is None:
        if not opening:
            return None
        k = min(opening)
        point_id = next((p["id"] for p in topic["points"] if k in p["statements"]), None)
        return {"role": "question", "speaker": statements[k]["speaker"], "point": point_id,
                "witness": {"source": statements[k]["source"], "lines": statements[k]["lines"]},
                "display": f"{statements[k]['speaker']}{asked.replace('问', '请')}谈谈{topic['title']}。",
                "conflicts": [], "order": -1}
    point, (_, k, body) = best
    return {"role": "question", "speaker": point["speaker"], "point": point["id"],
            "witness": {"source": statements[k]["source"], "lines": statements[k]["lines"]},
            "display": f"{point['speaker']}{asked}，{body.rstrip('？?')}？", "conflicts": [], "order": point["order"]}


_SAY_VALUE = Normaliser({})


def _states(text: str, value: str) -> bool:
    """The text states the value (2026年 and 二零二六年, 1到2天 and 一两天 alike)."""
    wanted = {key for v in values(_SAY_VALUE(value)) for key in v.keys}
    return any(v.keys & wanted for v in values(_SAY_VALUE(text)))


def _same_figure(a: str, b: str) -> bool:
    """The same number of the same kind, whatever bounds it (超过50万台 and 50万台)."""
    figures = [{(v.kind, v.low, v.high) for v in values(_SAY_VALUE(t))} for t in (a, b)]
    return bool(figures[0] & figures[1])


def _labels(conflict: dict, labels: dict[str, str]) -> list[str]:
    """How the clause names each side: its source's label, "另一…" for a repeated label."""
    out = []
    for side in conflict["sides"]:
        label = labels.get(side["source"], "一份记录")
        out.append(label if label not in out else "另" + label if label.startswith("一") else "另一份" + label)
    return out


def _alone(side: dict, labels: dict[str, str]) -> str:
    """A source named with no other before it: 有一篇报道, not 另一篇 (after none heard)."""
    plain = labels.get(side["source"], "一份记录")
    return "有" + plain if plain.startswith("一") else plain


def conflict_clause(conflict: dict, labels: dict[str, str], said: str, speaker: str | None,
                    authority: str | None) -> str | None:
    """One sentence saying where the sources disagree, to follow `said` (the sentence that
    states the point): what each side has and which source says it, the side the transcript
    (`authority`) settles said last as the one that holds. None when there is no
    dispute worth saying there: the values are two quantities of one claim, `said` does not
    state the disputed value, or a write-up only glosses the transcript's speaker as a group."""
    named = dict(zip((id(s) for s in conflict["sides"]), _labels(conflict, labels)))
    if conflict["kind"] in ("number", "year"):
        if conflict.get("conflated"):       # a write-up ran two of the speaker's figures together
            return None
        # two sides, each with a value the other lacks: the one `said` states against the other's
        # (000's 1到2天 against 003's 1到2周; 3到5个小时, said by both, is no dispute)
        sides = sorted(conflict["sides"], key=lambda s: s["source"] != authority)
        for mine in sides:
            stated = [v for v in mine["value"].split(" / ") if _states(said, v)]
            for other in (s for s in sides if s["source"] != mine["source"] and s.get("disputed")):
                ours = [v for v in stated if not any(_states(v, t) for t in other["value"].split(" / "))]
                theirs = [t for t in other["disputed"] if not any(_states(t, v) for v in mine["value"].split(" / "))]
                # 超过五十万台 against a target of 五十万台: one figure, a bound on it or not
                theirs = [t for t in theirs if not any(_same_figure(t, v) for v in ours)]
                if not (ours and theirs):
                    continue
                # where the transcript settles it, the figure it has is said last and as the one
                # that holds: an editor hears "X里是…，Y记为…" as a note that airs both figures
                if authority in (mine["source"], other["source"]):
                    right, wrong = (mine, other) if mine["source"] == authority else (other, mine)
                    settled, mistaken = (ours[0], theirs[0]) if right is mine else (theirs[0], ours[0])
                    settled, mistaken = (re.sub(r"(?<=\d)\s+", "", v) for v in (settled, mistaken))   # 2023 年
                    return f"{_alone(wrong, labels)}写成了{mistaken}，按{named[id(right)]}，是{settled}。"
                return f"{named[id(mine)]}里是{ours[0]}，{named[id(other)]}记为{theirs[0]}。"
        return None
    if conflict["kind"] in ("attribution", "credit"):
        told = next((s for s in conflict["sides"] if s["source"] == authority), None)
        if conflict["kind"] == "attribution" and told is not None:     # the transcript names who said it
            who = {s["source"]: (s.get("value") or "").split(":")[0] for s in conflict["sides"]}
            other = next((s for s in conflict["sides"] if s["source"] != authority
                          and who[s["source"]] not in ("", who[authority]) and not who[s["source"]].endswith("（多人）")),
                         None)
            if other is None:
                return None
            return (f"{_alone(other, labels)}把这番话记在{who[other['source']]}名下，"
                    f"{named[id(told)]}里是{who[authority]}说的。")
        if conflict["kind"] == "credit" and told is not None and speaker:
            credit = {id(s): (s.get("value") or "").removeprefix("credits ") for s in conflict["sides"]}
            other = next((s for s in conflict["sides"] if credit[id(s)] != credit[id(told)]), None)
            if other is None:
                return None
            return (f"{_alone(other, labels)}记成了引用{credit[id(other)]}的话，按{named[id(told)]}，"
                    f"{speaker}引述的是{credit[id(told)]}的说法。")
    return None


def _pick_conflict(topic_id: str, conflicts: list[dict], said: list[dict], labels: dict[str, str],
                   authority: str | None) -> tuple[dict, str, int] | None:
    """The disagreement to say, its clause and where: after the sentence that states its point."""
    ranked = sorted((c for c in conflicts if c["topic"] == topic_id),     # the transcript's against another first
                    key=lambda c: (not any(s["source"] == authority for s in c["sides"]), c["kind"] == "year",
                                   -len(c["sides"])))
    for conflict in ranked:
        for at, sentence in enumerate(said):
            if sentence["point"] != conflict["point"] or sentence["role"] not in ("position", "premise"):
                continue
            clause = conflict_clause(_settled(conflict, conflicts, authority), labels, sentence["display"],
                                     sentence["speaker"], authority)
            if clause:
                return conflict, clause, at + 1
    return None


def _settled(conflict: dict, conflicts: list[dict], authority: str | None) -> dict:
    """`conflict` with the transcript's side where another disagreement of the same kind sets the
    transcript against the same lines (the narration's 2023 against a write-up's 2024, and the
    transcript's 2023 against that write-up's 2024, are found as two): so the clause can say which
    figure holds."""
    if authority is None or any(s["source"] == authority for s in conflict["sides"]):
        return conflict
    places = {(s["source"], tuple(s["lines"])) for s in conflict["sides"]}
    for other in conflicts:
        told = [s for s in other["sides"] if s["source"] == authority]
        rest = {(s["source"], tuple(s["lines"])) for s in other["sides"] if s["source"] != authority}
        if other["kind"] == conflict["kind"] and told and rest and rest <= places:
            return {**conflict, "sides": told + conflict["sides"]}
    return conflict


def _length(sentences: list[dict]) -> int:
    return sum(len(for_the_ear(s["display"])) for s in sentences)


def _key_terms(text: str, names: set[str]) -> set[str]:
    """What a statement is about, for telling repeats apart: names, Latin words, numbers."""
    return ({n for n in names if n in text} | {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}
            | {v.text for v in values(text)})


def _same_fact(a: Candidate, b: Candidate, names: set[str]) -> bool:
    """One speaker saying the same thing twice (智谱 bets on Coding, in two write-ups' words)."""
    if a.speaker != b.speaker:
        return False
    ta, tb = _key_terms(a.body, names) - {a.speaker}, _key_terms(b.body, names) - {b.speaker}
    if len(ta & tb) >= 2 and (ta <= tb or tb <= ta):
        return True
    ga, gb = _bigrams(a.body), _bigrams(b.body)     # 拼速度、拼时间 against 拼的是速度和时间
    if bool(ga and gb) and len(ga & gb) >= 0.3 * min(len(ga), len(gb)):
        return True
    # the same verdict as a clause of both (「…这个问题，五五开，…」 and 「五五开，好莱坞大厂…」)
    clauses = [set(c for c in re.split(r"[，,。；;：:]", body) if len(re.sub(r"[^\u4e00-\u9fff]", "", c)) >= 3)
               for body in (a.body, b.body)]
    if clauses[0] & clauses[1]:
        return True
    # the same idea around other words: two phrases of four characters or more in common
    # (「睡觉…清理噪音，…准确率持续提升」 and 「通过睡觉可以清理噪音，…持续提升准确率」)
    if len(_shared_phrases(a.body, b.body, 4)) >= 2:
        return True
    # or in other phrasing: three content words or more, and most of the shorter's
    # (「目标是人定义的，规划也是人做的」 and 「目标由人来定义，规划也由人来设计，…」)
    wa, wb = _content_words(a.body) - {a.speaker}, _content_words(b.body) - {b.speaker}
    return len(wa & wb) >= 3 and len(wa & wb) >= 0.4 * min(len(wa), len(wb))


# Words every spoken claim may carry: frames, hedges, pronouns, connectives.
_FUNCTION_WORDS = frozenset("自己 这个 那个 一个 就是 可能 我们 他们 现在 还是 没有 什么 因为 所以 但是 如果 这样 已经 非常 "
                            "比较 其实 这些 那些 大家 觉得 认为 提到 表示 今天 时候 东西 事情 问题 一些 很多 需要".split())


def _content_words(text: str) -> set[str]:
    return {w for w in terms(text) if w not in _FUNCTION_WORDS and not re.fullmatch(r"[\d.%]+", w)}


def _shared_phrases(a: str, b: str, least: int) -> list[str]:
    """Runs of at least `least` Chinese characters both texts have (difflib's matching blocks)."""
    a, b = re.sub(r"[^\u4e00-\u9fff]+", "|", a), re.sub(r"[^\u4e00-\u9fff]+", "#", b)   # breaks never match
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return [a[m.a:m.a + m.size] for m in blocks if m.size >= least]


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\W_]+", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def summarise_topic(topic: dict, document: dict, settings: Settings, names: set[str],
                    position: tuple[int, int] = (0, 1), transcript: Transcript | None = None) -> dict:
    statements = document["statements"]
    shapes = {sid: s["shape"] for sid, s in document["sources"].items()}
    labels = {sid: s.get("label", sid) for sid, s in document["sources"].items()}
    authority = next((sid for sid, shape in shapes.items() if shape == "transcript"), None)
    for order, point in enumerate(topic["points"]):
        point["order"] = order
    spoke: dict[str, int] = {}     # 「文瑾先来吧」: the transcript says who answered first
    for k, statement in enumerate(statements):
        if statement["topic"] == topic["id"] and shapes.get(statement["source"]) == "transcript" and statement["speaker"]:
            spoke.setdefault(statement["speaker"], k)
    speakers = panelists(topic["id"], statements, shapes, settings.hosts, settings.min_turns)
    refuted = contradicted(document)
    candidates = _candidates(topic, statements, shapes, speakers, settings, names, refuted, transcript)
    question = _question(topic, statements, shapes, settings, position)
    asked = _nouns(question["display"].split("，", 1)[-1]) if question else set()
    premise = _premise(topic, statements, shapes, settings, refuted) if question else None
    opening = ([premise] if premise else []) + ([question] if question else [])
    reserve = 30 if any(c["topic"] == topic["id"] for c in document["conflicts"]) else 0

    # Everyone once (the headline of their answer where it takes up what was asked, else their
    # best point), then more while the target and the shares allow.
    chosen: list[Candidate] = []
    for speaker in speakers:
        own = sorted((c for c in candidates if c.speaker == speaker),
                     key=lambda c: (not (c.headline and asked & _nouns(c.body) and not _PERSONAL.search(c.body)),
                                    -c.score))
        if own:
            chosen.append(own[0])
    budget = settings.target_chars - reserve
    # Where a panelist has nothing to say that passes the checks, the others share their room.
    share = max(settings.max_share, 1 / max(1, len({c.speaker for c in candidates})) + 0.1)

    def sentences_of(picks: list[Candidate]) -> list[dict]:
        out, asked_already = list(opening), set()
        for i, c in enumerate(in_turns(picks, spoke)):
            previous = out[-1] if out[-1:] and out[-1]["role"] == "position" else None
            if c.follow_up and c.follow_up["display"] not in asked_already:
                asked_already.add(c.follow_up["display"])
                out.append(dict(c.follow_up, order=c.point["order"]))
                previous = None
            # the second sentence of a turn: 「姚顺雨还提到」
            again = bool(previous) and previous["speaker"] == c.speaker and not previous.get("again")
            out.append(_sentence(c, VERBS[i % len(VERBS)], statements, again=again))
        return out

    while True:
        said = sentences_of(chosen)
        rest = [c for c in candidates if c not in chosen and c.score >= _FLOOR
                and not any(_same_fact(c, o, names) for o in chosen)]
        if not rest or _length(said) >= budget:
            break
        total = _length(said)

        def gain(c: Candidate) -> float:
            redundancy = max(float(c.similar[o.index]) for o in chosen) if chosen else 0.0
            # each panelist's second point before anyone's third: the panel's answers, not one voice's
            heard = sum(o.speaker == c.speaker for o in chosen)
            return 0.7 * c.score - 0.3 * 3 * redundancy - SPOKEN_ALREADY * max(0, heard - 1)

        added = False
        for c in sorted(rest, key=gain, reverse=True):
            own = sum(len(for_the_ear(s["display"])) for s in said if s.get("speaker") == c.speaker)
            extra = len(c.body) + 8
            if total + extra + reserve > settings.max_chars:
                continue
            if own + extra > share * settings.target_chars:     # a stable cap: the target, not the text so far
                continue
            if sum(o.speaker == c.speaker for o in chosen) >= settings.max_sentences:
                continue
            if problems(f"{c.speaker}认为，{c.body}。", said_before=[s["display"] for s in said]):
                continue
            chosen.append(c)
            added = True
            break
        if not added:
            break
    said = sentences_of(_within_shares(chosen, sentences_of, share * settings.target_chars))
    conflict = _pick_conflict(topic["id"], document["conflicts"], said, labels, authority)
    if conflict:
        record, clause, at = conflict
        said.insert(at, {"role": "conflict", "speaker": None, "point": record["point"],
                         "witness": [{"source": s["source"], "lines": s["lines"]} for s in record["sides"]],
                         "display": clause, "conflicts": [record["id"]]})
    for sentence in said:
        if sentence["role"] != "conflict":      # a disagreement quotes each side's own words
            sentence["display"] = settings.dated(settings.glossed(sentence["display"]))
    _introduce(said, dict(settings.introductions))
    for sentence in said:
        sentence.pop("order", None)
        sentence.pop("again", None)
    return {"title": topic["title"], "panelists": speakers, "sentences": said,
            "ear": [for_the_ear(s["display"]) for s in said],
            "display": " ".join(s["display"] for s in said)}


def _within_shares(chosen: list[Candidate], sentences_of, cap: float) -> list[Candidate]:
    """Nobody speaks more than `cap` characters of a summary: a speaker over it loses their
    weakest sentence but their first, until they fit. Nothing is cut inside a sentence."""
    chosen = list(chosen)
    while True:
        shares = Counter()
        for sentence in sentences_of(chosen):
            if sentence["role"] == "position":
                shares[sentence["speaker"]] += len(for_the_ear(sentence["display"]))
        over = [speaker for speaker, chars in shares.items() if chars > cap]
        mine = [c for c in chosen if over and c.speaker == over[0]]
        if len(mine) < 2:
            return chosen
        chosen.remove(min(mine[1:], key=lambda c: c.score))


def _introduce(said: list[dict], introductions: dict[str, str]) -> None:
    """Each person's first sentence names them with what `summary.introductions` gives
    (智谱创始人唐杰); `intro` keeps it, so an episode of several topics says it once."""
    seen = set()
    for sentence in said:
        speaker = sentence.get("speaker")
        asked = sentence.get("to")      # a follow-up names its panelist before they speak
        if asked and asked not in seen and speaker in seen:
            seen.add(asked)
            intro = introductions.get(asked, "")
            if intro:
                sentence["display"] = re.sub(rf"(追?问){re.escape(asked)}", rf"\g<1>{intro}{asked}", sentence["display"], 1)
                sentence["intro"] = intro
            continue
        if not speaker or speaker in seen or sentence["role"] == "conflict":
            continue
        seen.add(speaker)
        intro = introductions.get(speaker, "")
        if intro and sentence["display"].startswith(speaker):
            sentence["display"] = intro + sentence["display"]
            sentence["intro"] = intro


def in_mainland_words(document: dict) -> dict:
    """The document with each statement of a source written in another region's vocabulary
    (`regional_terms`, found by reconcile: a Taiwan blog's 美金, 影片) in the mainland's words:
    what the summary says from it is said as a mainland listener says it. The variants
    convert back (zh-TW's own phrase fixes)."""
    regional = {sid: s["regional_terms"] for sid, s in document["sources"].items() if s.get("regional_terms")}
    if not regional:
        return document

    def mainland(statement: dict) -> dict:
        text = in_mainland(statement["text"], regional.get(statement["source"], {}))
        return {**statement, "text": text} if text != statement["text"] else statement
    return {**document, "statements": [mainland(s) for s in document["statements"]]}


def summarise(document: dict, cfg: dict, names: set[str] = frozenset(), corrections: dict | None = None) -> dict[str, dict]:
    """Per topic: the summary's sentences (each traced to a point and its witness), ear and
    display texts. Every sentence the editor's checks still flag is logged with its source."""
    settings = Settings.from_config(cfg, corrections)
    document = in_mainland_words(document)
    out = {}
    national = set(cfg["we_nation"]["topics"])
    topics = [t for t in document["topics"] if t["id"] != "other"]
    transcript = Transcript.of(document, settings.glossary)
    for index, topic in enumerate(topics):
        referents = replace(settings.referents, national=topic["id"] in national)
        summary = summarise_topic(topic, document, replace(settings, referents=referents), set(names),
                                  (index, len(topics)), transcript)
        if cfg["engine"] == "llm":
            summary = _written_by_llm(summary, document, cfg, settings, set(names), transcript)
        out[topic["id"]] = summary
        log.info("%s: %d characters, %d sentences, panelists %s", topic["id"], sum(map(len, summary["ear"])),
                 len(summary["sentences"]), ", ".join(summary["panelists"]))
        for sentence, flag in check_summary(summary["sentences"], set(names)):
            log.warning("%s: %s %s: %s %s", topic["id"], flag.kind, flag.reason, sentence["display"], _tags(sentence))
    return out


def _written_by_llm(summary: dict, document: dict, cfg: dict, settings: Settings, names: set[str],
                    transcript: Transcript | None = None) -> dict:
    """The topic retold by the configured chat endpoint, each sentence held to its points by
    `summary_llm.rewrite` with the editor's checks (`summary_check.problems`) and the
    transcript's word on who said it (a point no transcript sentence or borne-out write-up
    holds for its speaker is not theirs to tell); the extractive sentence stands wherever the
    model's fails, and all of it when the endpoint does."""
    from .summary_llm import LLMSettings, rewrite

    points = {p["id"]: p for t in document["topics"] for p in t["points"]}
    statements = document["statements"]
    shapes = {sid: s["shape"] for sid, s in document["sources"].items()}

    def borne(point: dict, speaker: str) -> bool:
        return (transcript is None or not settings.transcript_support or any(
            shapes.get(statements[k]["source"]) == "transcript"
            or transcript.bears_out(statements[k]["text"], speaker, settings.transcript_support)
            for k in point.get("statements", [])))

    def check(text: str, point: dict) -> list[str]:
        speaker = point.get("speaker") if point.get("speaker") not in settings.hosts else None
        flags = [f"{f.kind}: {f.reason}" for f in problems(text, speaker=speaker, names=names)]
        if speaker and not borne(point, speaker):
            flags.append(f"speaker: the transcript does not have {speaker} saying point {point.get('id')}")
        return flags

    return rewrite(summary, points, statements, names, LLMSettings.from_config(cfg.get("llm")), check)


def _tags(sentence: dict) -> str:
    witnesses = sentence["witness"] if isinstance(sentence["witness"], list) else [sentence["witness"]]
    return "".join(source_tag(w["source"], w["lines"]) for w in witnesses)


CHAPTER_TITLES = {"premise": "提问", "question": "提问", "conflict": "说法不一"}   # the host's figures open the question


def topic_chapters(summary: dict) -> list[dict]:
    """A topic episode's chapters, one line a sentence: the question, each speaker's turn
    (consecutive sentences of one speaker are one chapter), the sources' disagreement. A
    speaker's second turn is 「姚顺雨（续）」: a chapter list does not name one thing twice."""
    chapters, turns, previous = [], Counter(), None
    for line, sentence in enumerate(summary["sentences"], start=1):
        who = sentence.get("speaker") if sentence["role"] == "position" else sentence.get("to")   # a follow-up: its answer's
        who = who or CHAPTER_TITLES.get(sentence["role"], sentence["role"])
        if who != previous:
            turns[who] += 1
            chapters.append({"title": who if turns[who] == 1 else f"{who}（续）", "line": line})
        previous = who
    return chapters


def known_names(cfg: dict, people: dict | None) -> set[str]:
    """The people (and every name sources use for them) and organisations: a point naming one
    carries a fact."""
    names = set(people or {}) | {n for aliases in (people or {}).values() for n in aliases}
    return names | {name for names in organisation_names(cfg).values() for name in names}


def episode_lines(summaries: dict[str, dict]) -> list[str]:
    """The topics' ear lines as one episode says them: each person introduced once."""
    lines, introduced = [], set()
    for summary in summaries.values():
        for sentence, line in zip(summary["sentences"], summary["ear"]):
            who = sentence.get("to") or sentence.get("speaker")    # a follow-up introduces whom it asks
            if sentence.get("intro") and who in introduced:
                line = for_the_ear(sentence["display"].replace(sentence["intro"] + who, who, 1))
            introduced.add(who)
            lines.append(line)
    return lines


def build(topics_json: str, cfg: dict, variants: dict[str, dict], show: dict, outputs_dir: str,
          people: dict | None = None, corrections: dict | None = None) -> None:
    """Writes summaries/<topic>.<variant>.txt (ear) and .md (display), <topic>.json, and the
    podcast episode script per variant (intro, the topics, outro)."""
    document = json.loads(read_text(topics_json))
    summaries = summarise(document, cfg, known_names(cfg, people), corrections)
    spoken = episode_lines(summaries)
    converters = {tag: Converter(Variant.from_config(tag, vcfg)) for tag, vcfg in variants.items()}
    for topic_id, summary in summaries.items():
        write_text_atomic(f"{outputs_dir}/{topic_id}.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        for tag, convert in converters.items():
            ear = "\n".join(convert.convert(line) for line in summary["ear"]) + "\n"
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.txt", ear)
            display = [f"# {convert.convert(summary['title'])}"]
            display += [f"{convert.convert(s['display'])} {_tags(s)}" for s in summary["sentences"]]
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.md", "\n\n".join(display) + "\n")
            chapters = [{**c, "title": convert.convert(c["title"])} for c in topic_chapters(summary)]
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.chapters.json",
                              json.dumps(chapters, ensure_ascii=False) + "\n")
    for tag, convert in converters.items():
        lines, chapters, said = [], [], iter(spoken)
        lines.append(show["intro"])
        chapters.append({"title": convert.convert(show["intro_title"]), "line": 1})
        for topic_id, summary in summaries.items():
            chapters.append({"title": convert.convert(summary["title"]), "line": len(lines) + 1, "topic": topic_id})
            lines.append(f"{summary['title']}。")
            lines += [next(said) for _ in summary["ear"]]
        if show.get("outro"):
            chapters.append({"title": convert.convert(show["outro_title"]), "line": len(lines) + 1})
            lines.append(show["outro"])
        script = "\n".join(convert.convert(line) for line in lines) + "\n"
        write_text_atomic(f"{outputs_dir}/episode.{tag}.txt", script)
        write_text_atomic(f"{outputs_dir}/episode.{tag}.chapters.json", json.dumps(chapters, ensure_ascii=False) + "\n")
