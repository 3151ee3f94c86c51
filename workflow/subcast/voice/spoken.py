"""Text for the ear: what the voice is given to read.

The offline voice reads Chinese characters only: digits, Latin words and symbols would be
dropped silently. So: NFKC (full-width digits), thousands separators out, digits to spoken
Chinese (cn2an: 2026年→二零二六年, 95%→百分之九十五), Latin terms through the pronunciation
lexicon (Claude→克劳德, the override), then any other English word as a word (english.py:
CMUdict or letter-to-sound rules, Benchmark→本奇马克), acronyms as letter names (GPU), and
characters the voice crashes on (〇, 呣) replaced.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import cn2an

from ..textio import InputError, read_text

from .english import LETTERS, read_english

LETTER_NAMES = "<letters>"   # a lexicon reading that says: read this term as letter names
# The FastSpeech2 voice crashes on these; read them as their common equivalents.
CRASH_GUARD = {"〇": "零", "呣": "嗯"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'.+-]*|[0-9]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


@dataclass
class Lexicon:
    entries: dict[str, str] = field(default_factory=dict)  # lower-case term → reading

    @classmethod
    def load(cls, path: str | None) -> "Lexicon":
        if not path:
            return cls()
        entries = {}
        for number, line in enumerate(read_text(path).split("\n"), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not (_HAN.search(parts[1]) or parts[1].strip() == LETTER_NAMES):
                raise InputError(path, number, f"expected `term<TAB>Chinese reading` (or {LETTER_NAMES})")
            term, reading = parts[0].strip(), parts[1].strip()
            if reading == LETTER_NAMES:
                reading = "".join(LETTERS.get(ch, "") for ch in term.upper())
            entries[term.lower()] = reading
        return cls(entries)

    def knows(self, text: str) -> bool:
        """Whether a Latin term of `text` has an entry."""
        return any(term.lower() in self.entries for term in re.findall(r"[A-Za-z][A-Za-z0-9'.+-]*", text))

    def read(self, words: list[str]) -> tuple[str, int, str]:
        """Reading of the longest known term at the start of `words`, or of its first word as
        English: (reading, words used, how: lexicon | dictionary | rules | letters)."""
        for size in range(min(4, len(words)), 0, -1):
            term = " ".join(words[:size]).lower()
            if term in self.entries:
                return self.entries[term], size, "lexicon"
        reading, how = read_english(words[0])
        return reading, 1, how


def _latin_to_chinese(text: str, lexicon: Lexicon, read: list[tuple[str, str]]) -> str:
    out, cursor = [], 0
    matches = list(re.finditer(r"[A-Za-z][A-Za-z0-9'.+-]*", text))
    i = 0
    while i < len(matches):
        # Group words separated by single spaces so multi-word terms ("To B") can match.
        group = [matches[i]]
        while i + len(group) < len(matches) and text[group[-1].end():matches[i + len(group)].start()] == " ":
            group.append(matches[i + len(group)])
        words = [m.group(0) for m in group]
        j = 0
        out.append(text[cursor:group[0].start()])
        while j < len(words):
            reading, used, how = lexicon.read(words[j:])
            if how != "lexicon":
                read.append((words[j], how))
            out.append(reading)
            j += used
        cursor = group[-1].end()
        i += len(group)
    out.append(text[cursor:])
    return "".join(out)


def to_spoken(text: str, lexicon: Lexicon) -> tuple[str, list[tuple[str, str]]]:
    """(Chinese-only text for the voice, the Latin words the lexicon lacks with how each was
    read: dictionary, rules or letters)."""
    text = unicodedata.normalize("NFKC", text)
    text = _THOUSANDS.sub("", text)
    read: list[tuple[str, str]] = []
    text = _latin_to_chinese(text, lexicon, read)  # first, so O1 and GPT-4 keep their digits
    if re.search(r"\d", text):
        text = cn2an.transform(text, "an2cn")
    text = "".join(CRASH_GUARD.get(ch, ch) for ch in text)
    return text, read


def readable(text: str) -> str:
    """Only what the voice pronounces: Han characters."""
    return "".join(_HAN.findall(text))


def split_for_voice(text: str, max_chars: int = 80) -> list[str]:
    """Pieces of at most `max_chars` characters (the model fails past ~130)."""
    return [text[i:i + max_chars] for i in range(0, len(text), max_chars)] or [""]
