"""Phrases → a stream of tokens, each with its spoken and its displayed form.

A token is the smallest unit a subtitle may break around: a jieba word, a whole number
(四点五 → 4.5), a whole Latin term ("Claude Code", "Opus 4.5"), a name from the lexicon, or a
pause (punctuation, or the end of a narration line). Segmentation only ever cuts between
tokens, so it never splits a word, a name, a number or a Latin term.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

import jieba
import jieba.posseg

jieba.setLogLevel(60)  # its dictionary-loading chatter is not the user's business

from .numbers import NumberNormaliser
from .phrases import CLOSERS
from .textnorm import TextNormaliser, full_width_punctuation
from .transcript import SENTENCE_END, Phrase

WEAK_PAUSE = "，,、；;：:"
STRONG_PAUSE = SENTENCE_END
# Punctuation that becomes a space inside a cue and disappears at its end.
SPACE_PUNCTUATION = "，,。；;、：:"
# Kept on screen: ？！ (a question or an exclamation is read from them).
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-_'/&]*(?:[ ][A-Za-z0-9][A-Za-z0-9.+\-_'/&]*)*")
# A number keeps its unit on the same line: 2026年, 10万, 20倍, 91岁, 200美元.
_UNITS = tuple(sorted("美元 人民币 年 月 日 号 岁 倍 后 个 万 亿 千 百 元 块 位 名 次 天 家 张 届 代 %".split(),
                      key=len, reverse=True))
# The commonest single-character surnames (a numeral after one may be a given name: 黄三元).
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
                "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤")
_ELLIPSIS = re.compile(r"(…+|\.{3,}|——+|--+)")
# Two adjacent numerals listed as a guess (8、9个, 5、6 个) are an approximation: 八九个.
_APPROXIMATION = re.compile(r"(?<![\d.,第])([1-9])\s?、\s?([1-9])(?![\d.,%])\s?(?=[\u4e00-\u9fff])")
_NUMERALS = "零一二三四五六七八九"
# Written numbers with their notation stay one token: 12,000, 10:30, 3-5, 2024-05-01, ¥99,
# -5℃, 25%, 10%-20%, 6000+, 7×24 (not inside a Latin term: GPT-4o, CA1831 are Latin runs).
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)*[%‰]?"
_NOTATION = re.compile(rf"(?<![A-Za-z0-9_.\-/:@#])(?:HK\$|US\$|NT\$|[¥￥$€£])?[-−±~～]?{_NUM}"
                       rf"(?:\s?[:：/\-~～—–×xX*]\s?[-−]?{_NUM})*(?:\+(?!\d)|℃|°C)?")


def _approximations(text: str) -> str:
    """8、9个 → 八九个: the spec's approximations stay Chinese numerals, said and shown."""
    def approximate(m: re.Match) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        return _NUMERALS[a] + _NUMERALS[b] if b == a + 1 else m.group(0)
    return _APPROXIMATION.sub(approximate, text)


_CLOSING = CLOSERS + "\"'"
# One-character auxiliaries and adverbs jieba's HMM may glue to the word before them.
_GLUED = frozenset("想要会能还也都就才不没很更最再又只将")


@dataclass(frozen=True)
class Token:
    spoken: str
    display: str
    line: int
    kind: str = "word"           # word | pause | boundary
    strength: int = 0            # pauses: 1 weak (comma, line end), 2 strong (sentence end)
    speaker: str | None = None
    reading: str = ""            # what the voice says, where it differs from `spoken` (textnorm)

    @property
    def is_pause(self) -> bool:
        return self.kind != "word"

    @property
    def said(self) -> str:
        """The text the voice is given (Latin words still to be read by the English reader)."""
        return self.reading or self.spoken


@functools.lru_cache(maxsize=1 << 16)
def display_width(text: str) -> float:
    """Width on screen: a CJK character counts 1; a Latin word or number its characters / 2,
    rounded up; a half-width space 0.5 (the subtitle spec's rule)."""
    width, run = 0.0, ""
    for ch in text + "\0":
        if ch != "\0" and unicodedata.east_asian_width(ch) not in "WFA" and ch != " ":
            run += ch
            continue
        width += math.ceil(len(run) / 2)
        run = ""
        if ch == " ":
            width += 0.5
        elif ch != "\0":       # A: “”·… render full-width in CJK fonts
            width += 1
    return width


# Connectives jieba cuts in two (或者 / 说): each a word, as a conjunction is.
CONNECTIVES = ("或者说", "换句话说", "也就是说", "反过来说", "总的来说")


class Tokenizer:
    """Turns phrases into tokens; one instance per process (jieba's dictionary loads once)."""

    def __init__(self, names=(), numbers: NumberNormaliser | None = None, max_atom_width: int = 16,
                 speech: TextNormaliser | None = None):
        self.max_atom_width = max_atom_width
        self.speech = speech or TextNormaliser()
        # a number keeps its unit in one token (2.8m, 25m², 90°): said and shown together
        units = "|".join(re.escape(u) for u in sorted(self.speech.units, key=len, reverse=True))
        self._notation = re.compile(rf"{_NOTATION.pattern}(?:\s?(?:{units})(?![A-Za-z]))?")
        self.names = tuple(names)
        self.broken: list[tuple[int, str]] = []   # (line, term) wider than a line, broken at its punctuation
        self._line = 0
        self._jieba = jieba.Tokenizer()
        for name in names:
            self._jieba.add_word(name, freq=100000)
        for connective in CONNECTIVES:     # one word, so a line never ends on 或者 / 说
            self._jieba.add_word(connective, freq=100000)
        self._posseg = jieba.posseg.POSTokenizer(self._jieba)
        self.numbers = numbers or NumberNormaliser()

    def _atoms(self, text: str) -> list[tuple[int, int, str | None]]:
        """Spans that must stay whole: numbers (with display) and Latin runs."""
        spans = self.numbers.spans(text)
        if spans:  # only then can a name lose its numerals (and jieba's tagger is worth loading)
            spans = self.numbers.spans(text, self._names_in(text))
        atoms = [(s.start, s.end, s.display) for s in spans]
        for match in self._notation.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in atoms):
                atoms.append((match.start(), match.end(), None))
        masked = list(text)  # a Latin run never swallows a number's notation (5 GWh: 5 | GWh)
        for s, e, _ in atoms:
            masked[s:e] = "\0" * (e - s)
        for match in _LATIN_RUN.finditer("".join(masked)):
            if not any(s < match.end() and match.start() < e for s, e, _ in atoms):
                atoms.append((match.start(), match.end(), None))
        atoms = [self._with_unit(text, *atom) for atom in sorted(atoms)]
        # Keep together a Latin term and its number ("Opus 四点五" → "Opus 4.5") and the two
        # ends of a range (十到二十倍 → 10到20倍), unless that makes a term wider than a line.
        merged: list[tuple[int, int, str | None]] = []
        for start, end, display in atoms:
            if merged:
                p_start, p_end, p_display = merged[-1]
                between = text[p_end:start]
                latin_number = between in ("", " ") and (p_display is None or display is None)
                number_range = between in ("到", "至") and p_display is not None and display is not None
                if latin_number or number_range:
                    first = p_display if p_display is not None else text[p_start:p_end]
                    second = display if display is not None else text[start:end]
                    if display_width(first + between + second) <= self.max_atom_width:
                        merged[-1] = (p_start, end, first + between + second)
                        continue
            merged.append((start, end, display))
        return [piece for atom in merged for piece in self._split_wide(text, *atom)]

    def _names_in(self, text: str) -> list[tuple[int, int]]:
        """Spans of names that keep their numerals (黄三元, 三亚, 六安): the configured names
        and the words jieba tags as person or place names. Only where a numeral could be read."""
        if not any(ch in "零〇一二两三四五六七八九十百千万亿" for ch in text):
            return []
        spans = []
        for name in self.names:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        position, words = 0, self._posseg.lcut(text, HMM=False)
        for k, (word, flag) in enumerate(words):
            if flag in ("nr", "ns", "nrt", "nz") and len(word) > 1:
                spans.append((position, position + len(word)))
            elif (word in _SURNAMES and k + 1 < len(words) and len(words[k + 1].word) <= 2
                  and (k == 0 or words[k - 1].flag in ("x", "p", "c", "v", "r"))):
                spans.append((position, position + 1 + len(words[k + 1].word)))  # 黄三元: a surname and a given name
            position += len(word)
        return spans

    def _pack(self, text: str, a: int, b: int, separators: tuple[str, ...]) -> list[tuple[int, int]]:
        """[a, b) cut after its first-rank separators (a slash), pieces joined while they fit a
        line; a piece still too wide is cut at the next rank (. _ then -), last by characters."""
        if display_width(text[a:b]) <= self.max_atom_width:
            return [(a, b)]
        if not separators:
            step = 2 * self.max_atom_width
            return [(i, min(i + step, b)) for i in range(a, b, step)]
        marks = re.escape(separators[0])
        pieces = [(a + m.start(), a + m.end()) for m in re.finditer(rf"[^{marks}]*[{marks}]+|[^{marks}]+$", text[a:b])]
        out: list[tuple[int, int]] = []
        for p0, p1 in pieces:
            if out and display_width(text[out[-1][0]:p1]) <= self.max_atom_width:
                out[-1] = (out[-1][0], p1)
            else:
                out += self._pack(text, p0, p1, separators[1:])
        return out

    @staticmethod
    def _with_unit(text: str, start: int, end: int, display: str | None):
        shown = text[start:end] if display is None else display
        if not shown[-1:].isdigit():
            return start, end, display
        unit = next((u for u in _UNITS if text.startswith(u, end)), "")
        return start, end + len(unit), (None if display is None else display + unit)

    def _split_wide(self, text: str, start: int, end: int, display: str | None):
        """A Latin term wider than a line breaks at its spaces, like the words it is made of;
        a single one still too wide (a URL, an identifier) at its own punctuation, or last by
        characters, and is noted in `broken`."""
        if display is not None or display_width(text[start:end]) <= self.max_atom_width:
            return [(start, end, display)]
        out = []
        for m in re.finditer(r"\S+", text[start:end]):
            a, b = start + m.start(), start + m.end()
            if display_width(text[a:b]) <= self.max_atom_width:
                out.append((a, b, None))
                continue
            self.broken.append((self._line, text[a:b]))
            out += [(p0, p1, None) for p0, p1 in self._pack(text, a, b, ("/", "._", "-"))]
        return out

    def _reading(self, text: str, start: int, end: int) -> str:
        """The spoken form of text[start:end] where it has digits or symbols, else ""."""
        piece = text[start:end]
        if all("\u3400" <= ch <= "\u9fff" for ch in piece):
            return ""
        said = self.speech.verbalise(text, start, end).spoken
        return "" if said == piece else said

    def _hmm_words(self, text: str) -> list[str]:
        """jieba's words with its HMM guesses for words it does not know (元宝, 荣休 kept
        whole), except a guess that glues an auxiliary to the word before it (天气冷想吃 →
        冷想 / 吃): the auxiliary goes with the verb it governs."""
        out = []
        for word in self._jieba.lcut(text, HMM=True):
            if len(word) == 2 and word[1] in _GLUED and word not in self._jieba.FREQ and "\u3400" <= word[0] <= "\u9fff":
                out += [word[0], word[1]]
            else:
                out.append(word)
        return out

    def _words(self, text: str, line: int, speaker: str | None, whole: str = "", offset: int = 0) -> list[Token]:
        tokens = []
        for word in self._hmm_words(text):
            offset += len(word)
            if word.isspace():
                continue
            if tokens and tokens[-1].is_pause and all(ch in _CLOSING for ch in word):
                # 「…上线。”大家…」: the quote closes before the sentence does (GB/T 15834), so the
                # mark is shown with the words it closes, never opening the next cue or line.
                pause = tokens[-1]
                tokens[-1] = replace(pause, spoken=pause.spoken + word,
                                     display=word + " " if pause.display == " " else pause.display + word)
                continue
            if word in STRONG_PAUSE or all(ch in STRONG_PAUSE for ch in word):
                shown = word if word[-1] in "？！?!" else " "  # a full stop shows as a space
                tokens.append(Token(word, shown, line, "pause", 2, speaker))
            elif all(ch in WEAK_PAUSE for ch in word):
                shown = " " if word[0] in SPACE_PUNCTUATION else word
                tokens.append(Token(word, shown, line, "pause", 1, speaker))
            else:
                reading = self._reading(whole, offset - len(word), offset) if whole else ""
                tokens.append(Token(word, word, line, "word", 0, speaker, reading))
        return tokens

    def tokens(self, phrase: Phrase) -> list[Token]:
        text = full_width_punctuation(_ELLIPSIS.sub("，", _approximations(phrase.text)))
        self._line = phrase.line
        out: list[Token] = []
        cursor = 0
        for start, end, display in self._atoms(text):
            out += self._words(text[cursor:start], phrase.line, phrase.speaker, text, cursor)
            spoken = text[start:end]
            out.append(Token(spoken, spoken if display is None else display, phrase.line,
                             "word", 0, phrase.speaker, self._reading(text, start, end)))
            cursor = end
        out += self._words(text[cursor:], phrase.line, phrase.speaker, text, cursor)
        return out

    def stream(self, phrases: list[Phrase], marked: bool = False) -> list[Token]:
        """All phrases as one stream; each phrase ends in a pause token, except, in a script that
        marks its own clauses (`marked`: 北美观众爱看 / 狼人、吸血鬼，/ 和亿万富翁。), a line
        ending without a mark: it runs on into the next, neither shown as a space nor paused."""
        out: list[Token] = []
        for phrase in phrases:
            tokens = self.tokens(phrase)
            while tokens and tokens[0].is_pause:
                tokens = tokens[1:]  # a cue never starts with punctuation
            if not tokens:
                continue
            if tokens[-1].is_pause or marked:
                out += tokens
            else:
                # A narration line ends like a comma: a short pause, a space on screen.
                out += tokens + [Token("，", " ", phrase.line, "boundary", 1, phrase.speaker)]
        return out
