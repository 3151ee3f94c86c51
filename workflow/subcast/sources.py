"""The write-ups of one event → statements: source, line span, canonical speaker, topic, text.

Each source is parsed by its shape (config `sources.<id>.shape`):
- `transcript`: verbatim turns under `**Speaker：**` labels (seed 000), or opening with
  `Speaker：` (a label naming someone in `people`); the label is the speaker.
- `narration`: one spoken phrase a line (seed 001); the speaker is the person the line names,
  carried to the following lines until another is named or the topic changes.
- `markdown`: blogs and notes (seeds 002–004): headings, bullets, quotes and paragraphs; the
  speaker is a `Name：` prefix, else the person the preceding text or the section heading names.

Topics come from the config: sequential sources (transcript, narration) switch topic at a
topic's opening cue; markdown sections take the topic whose words their heading (or, failing
that, their text) matches best. Anything else is `other` (keynotes, event facts, intros).
"""
from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass

from .textio import InputError, read_text


def source_tag(source: str, lines) -> str:
    """Where a statement is: [003:L136], or [000:L150-152] for several lines."""
    first, last = lines
    return f"[{source}:L{first}]" if first == last else f"[{source}:L{first}-{last}]"


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*\s*[:：]?\s*$")
# A turn opening with its speaker's label: 「周雅琴：各位嘉宾…」, 「**林佳怡**：…」, 「主持人（周雅琴）：…」.
_INLINE_LABEL = re.compile(r"^(?:\*\*)?([^\s*：:，,。](?:[^*：:，,。\n]{0,15}?))(?:\*\*)?\s*[：:](?:\*\*)?\s*(?=\S|$)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.、)])\s+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*[”」』）)]*")
_THEMATIC_BREAK = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_SKIP = re.compile(r"^(!\[|-{3,}$|={3,}$|\|)")
_SPEECH = re.compile(r"^(?:[，,][他她])?[^，。？！]{0,6}?(认为|表示|指出|说|提到|坦言|强调|回忆|分享|给出|回答|谈|解释|呼吁|建议|预计|"
                     r"预测|判断|回应|提出|补充|透露|坦承|承认|提醒|[：:「“])")
_MARKUP = re.compile(r"\*\*|__|`|\[([^\]]*)\]\([^)]*\)")
OTHER = "other"


@dataclass(frozen=True)
class Statement:
    source: str
    lines: tuple[int, int]
    speaker: str | None
    topic: str
    kind: str
    text: str
    attributed: bool = False   # the speaker is named by the statement's own line or label
    section: str = ""          # heading path, and the lead-in line of a list

    def to_json(self) -> dict:
        record = asdict(self)
        record["lines"] = list(self.lines)
        return record


class People:
    """Canonical names from the config's alias lists (顺雨 → 姚顺雨, 主持人 → 李广密)."""

    def __init__(self, aliases: dict[str, list[str]]):
        pairs = [(alias, name) for name, names in aliases.items() for alias in {name, *names}]
        self._aliases = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def canonical(self, label: str) -> str | None:
        for alias, name in self._aliases:
            if alias in label:
                return name
        return None

    def speaking(self, text: str) -> str | None:
        """The person the text has speaking ("姚顺雨认为", "唐杰：", "林俊旸分享了"), not one it
        reports on ("像俊旸说的" is somebody else quoting 俊旸)."""
        taken: list[tuple[int, int]] = []     # 远航 inside 陆远航 is the same mention
        speaking = []
        for alias, name in self._aliases:
            for match in re.finditer(re.escape(alias), text):
                if any(s <= match.start() and match.end() <= e for s, e in taken):
                    continue
                taken.append(match.span())
                before = text[max(0, match.start() - 2):match.start()]   # 像俊旸说的, 引用唐杰的话, 认同庞若溪的判断
                after = text[match.end():match.end() + 8]
                if re.search(r"[像如跟和与对问]$|引用$|援引$|借用$|套用$|转述$|认同$|同意$|赞同$|反驳$|回应$", before) or re.match(
                        r"(?:所说|所讲|说的|讲的|提到的|提出的|的(?!观点|看法|判断|说法|回答))", after):
                    continue    # 许文澜所说的, 林浩然的百万单目标“…”: a reference
                # the subject the text opens with (「王立军相对保守，认为…」), or a name before a verb of
                # saying (「最乐观的是韩东升，他直接说…」 too)
                if match.start() == 0 or _SPEECH.match(after):
                    speaking.append((match.start(), name))
        return min(speaking)[1] if speaking else None     # the first speaker in the text

    def names_of(self, name: str) -> list[str]:
        """Every name the sources use for the person."""
        return [alias for alias, canonical in self._aliases if canonical == name]

    def mentioned(self, text: str) -> list[str]:
        """People named in the text, in order of first mention."""
        found, taken = [], [False] * len(text)
        for alias, name in self._aliases:
            for match in re.finditer(re.escape(alias), text):
                if not any(taken[match.start():match.end()]):
                    taken[match.start():match.end()] = [True] * len(alias)
                    found.append((match.start(), name))
        ordered = []
        for _, name in sorted(found):
            if name not in ordered:
                ordered.append(name)
        return ordered


class Topics:
    def __init__(self, topics: list[dict], other_sections: list[str] = ()):
        self.topics = topics
        self.other_sections = tuple(other_sections)  # headings of sections that are not the panel

    def opened_by(self, text: str) -> str | None:
        for topic in self.topics:
            if any(cue in text for cue in topic["opens"]):
                return topic["id"]
        return None

    def numbered(self, heading: str) -> str | None:
        """The question a heading numbers (「Q2 人力」, 「问题二」, 「第三个问题：…」), or None."""
        found = _NUMBERED.match(heading.strip())
        if not found:
            return None
        digit = found.group(1) or found.group(2)
        n = int(digit) if digit.isdigit() else "一二三四五六七八九".index(digit) + 1
        return self.topics[n - 1]["id"] if 0 < n <= len(self.topics) else None

    def best(self, text: str, minimum: int = 1, heading: bool = False, after: str | None = None) -> str | None:
        """The topic whose `words` the text uses most, or None below `minimum`. A `heading` also
        counts the words of the topic's title (「## 场景：…」 for 落地场景), and breaks a tie by the
        panel's order: a write-up's sections follow its questions, so of the tied topics the first
        not before the previous section's (`after`) wins (「展望：支线先规模化」 after the third)."""
        order = [topic["id"] for topic in self.topics]
        start = order.index(after) if after in order else 0
        scores = []
        for k, topic in enumerate(self.topics):
            words = set(topic["words"]) | (_title_words(topic["title"]) if heading else set())
            scores.append((sum(text.count(w) for w in words), k >= start, -k, topic["id"]))
        score, *_, topic = max(scores)
        return topic if score >= minimum else None


# A heading numbering the panel's questions: Q1, 问题一, 第二个问题, 话题3.
_NUMBERED = re.compile(r"^(?:(?:Q|q|问题|话题|议题)\s*([1-9一二三四五六七八九])(?![\d])"
                       r"|第([1-9一二三四五六七八九])个?(?:问题|话题|议题|题))")


@functools.cache
def _title_words(title: str) -> frozenset[str]:
    """A topic title's content words (nouns, verbs, adjectives, Latin; 下一个范式 → 范式)."""
    import jieba.posseg

    return frozenset(w.word for w in jieba.posseg.lcut(title)
                     if len(w.word) >= 2 and w.flag[:1] in ("n", "v", "a", "e"))


# A quotation followed by the name of who said it in brackets: “…”（林一舟）.
_CREDITED_QUOTE = re.compile(r"[“「]([^”」]{4,})[”」]\s*[（(]([^）)，,]{2,8})[）)]")


def _clean(text: str) -> str:
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip().strip(">").strip()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if re.search(r"\w", s)]


def _by_speaker(sentence: str, people: People) -> list[str]:
    """A write-up's sentence cut at each 「；」 that hands over to another person speaking
    (「甲说五五开，…；乙认为大概率…」): each clause is its speaker's."""
    parts = [part for part in re.split(r"(?<=[；;])", sentence) if part.strip()]
    out = parts[:1]
    for part in parts[1:]:
        who = people.speaking(part)
        if who and any(part.strip().startswith(alias) for alias in people.names_of(who)):
            out.append(part.strip())
        else:
            out[-1] += part
    return out


def parse_transcript(source: str, text: str, people: People, topics: Topics) -> list[Statement]:
    out, speaker, topic = [], None, OTHER
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("**Title") or _HEADING.match(line):
            continue
        label = _BOLD_LINE.match(line)
        if label:
            speaker = people.canonical(label.group(1)) or label.group(1).strip("：: ")
            continue
        inline = _INLINE_LABEL.match(line)
        if inline and people.canonical(inline.group(1)):
            speaker, line = people.canonical(inline.group(1)), line[inline.end():]
        for sentence in _sentences(_clean(line)):
            topic = topics.opened_by(sentence) or topic
            out.append(Statement(source, (number, number), speaker, topic, "turn", sentence, True))
    return out


# A narration line that ends its phrase on a verb still waiting for its object: the next
# lines say what the speaker said (「顾承远还引用了一项调查」 / 「一千二百位居民里」 / …).
_SAYS_ON = re.compile(r"(?:说|讲|提到|引用|援引|举|分享|给出|透露|算|列|拿出)[了过出]?(?:[一这那两几][个项组句段番笔条])?"
                      r"[^，。\s]{0,6}$")


def parse_narration(source: str, text: str, people: People, topics: Topics) -> list[Statement]:
    """One statement a line; a line naming its speaker (姚顺雨认为) is attributed, and so are the
    two lines after one that ends announcing what they said (`_SAYS_ON`)."""
    out, speaker, topic, carried = [], None, OTHER, 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _clean(raw)
        if not re.search(r"\w", line):
            continue
        opened = topics.opened_by(line)
        if opened and opened != topic:
            topic, speaker, carried = opened, None, 0
        named = people.mentioned(line)
        if named:
            speaker = named[0]
        speaking = people.speaking(line) is not None
        out.append(Statement(source, (number, number), speaker, topic, "narration", line,
                             speaking or (carried > 0 and not named)))
        carried = 2 if speaking and _SAYS_ON.search(line) else carried - 1 if not named else 0
    return out


def parse_markdown(source: str, text: str, people: People, topics: Topics) -> list[Statement]:
    out: list[Statement] = []
    section_topic, section_speaker, context_speaker = OTHER, None, None
    outside_panel_level = 0  # > 0 while inside a keynote or event-facts section of that level
    speaker_level = 0  # the heading level that named the section's speaker
    headings: dict[int, str] = {}
    last_topic = None  # the topic of the last section that had one
    lead_in = ""  # the paragraph a list follows ("很多都出席了。" before a list of names)
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if _THEMATIC_BREAK.match(stripped):  # a new part: whoever the section was about, it ends
            section_speaker, speaker_level, context_speaker = None, 0, None
            continue
        if not stripped or _SKIP.match(stripped):
            continue
        heading = _HEADING.match(stripped) or _BOLD_LINE.match(stripped)
        if heading:
            title = _clean(heading.group(heading.lastindex))
            named = people.mentioned(title)
            level = len(heading.group(1)) if heading.re is _HEADING else 7  # a bold label sits below every heading
            headings = {lvl: text for lvl, text in headings.items() if lvl < level} | {level: title}
            lead_in = ""
            if named:
                section_speaker, speaker_level = named[0], level
            elif level <= speaker_level:
                section_speaker, speaker_level = None, 0  # a sibling section: its speaker is unknown
            if outside_panel_level and level <= outside_panel_level:
                outside_panel_level = 0
            if any(cue in title for cue in topics.other_sections):
                outside_panel_level = level
            topic = None if outside_panel_level else (
                topics.best(title, heading=heading.re is _HEADING, after=last_topic)
                or (topics.numbered(title) if heading.re is _HEADING else None))
            if topic or level <= 2 or outside_panel_level:
                section_topic = topic or OTHER
                last_topic = topic or last_topic
            context_speaker = None
            continue
        kind = "quote" if stripped.startswith(">") else "bullet" if _BULLET.match(stripped) else "paragraph"
        body = _clean(_BULLET.sub("", stripped.lstrip("> ")))
        if not body:
            continue
        prefix = re.match(r"^([^：:，。]{2,12})[：:]", body)
        speaker = people.canonical(prefix.group(1)) if prefix else None
        named = people.mentioned(body)
        # A paragraph outside anyone's section that names people: each sentence is the speaker's it
        # names or carries on from (「公众接受度是另一道坎。钟启明的课题组…他并不悲观…」), not the
        # first person the paragraph has speaking.
        by_sentence = kind == "paragraph" and speaker is None and section_speaker is None
        if speaker is None:
            if kind == "quote":
                speaker = context_speaker or section_speaker
            else:  # the section's person speaks; names inside are people spoken of
                speaker = section_speaker or people.speaking(body)
        attributed = speaker is not None
        if kind != "quote":
            # "李广密先问了个分化的问题：" hands the quote after it to 李广密; "李广密追问：…？"
            # asks, and the quote after it is somebody's answer.
            context_speaker = named[-1] if named and body.endswith(("：", ":")) else None
        topic = section_topic
        if topic == OTHER and not outside_panel_level:
            topic = topics.best(body, minimum=2) or OTHER
        section = " / ".join(headings[level] for level in sorted(headings))
        if kind != "paragraph" and lead_in:
            section += f" / {lead_in}"
        subject = None
        for sentence in (clause for whole in _sentences(body) for clause in _by_speaker(whole, people)):
            # 「“…”（郑可欣）；“…”（林一舟）」: each quote is the bracketed person's words
            credited = [(quote, people.canonical(name)) for quote, name in _CREDITED_QUOTE.findall(sentence)]
            if credited and all(who for _, who in credited):
                out.extend(Statement(source, (number, number), who, topic, "quote", quote, True, section)
                           for quote, who in credited)
                continue
            # A sentence that names its own speaker ("贺思齐则呼吁…") is theirs, whoever the
            # paragraph or section is about; one opening with 他/她 is the last such speaker's.
            who = people.speaking(sentence) if kind != "quote" else None
            pronoun = re.match(r"^(?:[^，,。]{0,16}[，,])?[他她](?!们)", sentence)
            if subject and pronoun and (who is None or sentence.find(who) > pronoun.end()):
                who = subject
            named = people.mentioned(sentence)
            opens = named[0] if named and any(sentence.startswith(a) for a in people.names_of(named[0])) else None
            subject = who or opens or subject
            if by_sentence:
                mine = (subject, subject is not None)
            else:   # 「葛秋萍介绍，…」 in someone else's section is hers
                who = who or (opens if kind == "paragraph" else None)
                mine = (who, True) if who and who != speaker else (speaker, attributed)
            out.append(Statement(source, (number, number), mine[0], topic, kind, sentence, mine[1], section))
        if kind == "paragraph":
            lead_in = body
    return out


PARSERS = {"transcript": parse_transcript, "narration": parse_narration, "markdown": parse_markdown}


def read_statements(source_id: str, cfg: dict, people: People, topics: Topics) -> list[Statement]:
    shape = cfg["shape"]
    if shape not in PARSERS:
        raise InputError(cfg["path"], None, f"unknown source shape {shape!r} (known: {', '.join(PARSERS)})")
    text = read_text(cfg["path"], cfg["encoding"])
    statements = PARSERS[shape](source_id, text, people, topics)
    if not statements:
        raise InputError(cfg["path"], None, "no statements found")
    if shape == "transcript" and not any(s.speaker for s in statements):
        # without speakers the transcript cannot decide who said what: every summary would be wrong
        raise InputError(cfg["path"], statements[0].lines[0], "no speaker labels found: a transcript's turns open "
                         "with `**姓名：**` on its own line or `姓名：` at the start of the turn, naming someone in `people`")
    return statements
