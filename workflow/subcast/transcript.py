"""Transcripts → phrases with their source line numbers.

Two shapes are known (config `shape:`):
- `lines`: a narration script, one spoken phrase a line (seed 001);
- `paragraphs`: a verbatim transcript in Markdown-ish paragraphs with speaker labels such as
  `**主持人（广密）：**` on a line of their own (seed 000) or opening the turn's line
  (`**王琳：** 好…`, `王琳：好…`). Labels, headings and titles are not spoken and are skipped,
  and so is the front matter before the first label (时间：…, 地点：…).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .textio import InputError, read_text

SENTENCE_END = "。！？!?"
_SPEAKER_LABEL = re.compile(r"^\*\*(?P<name>[^*]{1,40}?)[：:]\s*\*\*\s*$")
# A turn opening with its speaker's label on the same line: 「**王琳：** 好…」, 「**王琳**：好…」,
# or a plain 「王琳：好…」, or the label alone on its line (「王琳：」, 「主持人（王琳）：」); a plain label
# is a speaker only when it opens two turns or more (注意：… does not).
_INLINE_LABEL = re.compile(r"^(?:\*\*(?P<bold>[^*：:]{1,16}?)\s*(?:[：:]\s*\*\*|\*\*\s*[：:])"
                           r"|(?P<plain>[^\s*：:，,。！？!?“”「」](?:[^*：:，,。！？!?“”「」\n]{0,15}?))[：:])\s*(?=\S|$)")
_TITLE = re.compile(r"^(#+\s|\*\*Title:|\*\*[^*]+\*\*$)")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*[”’」』）)》]*")


@dataclass(frozen=True)
class Phrase:
    text: str
    line: int
    speaker: str | None = None


_LINE_MARK = re.compile(r"[，,、；;：:。？?！!…—]$")


def marks_its_lines(lines: list[str]) -> bool:
    """A third or more of a one-phrase-a-line script's lines end on a punctuation mark: the script
    punctuates (not seed 001's bare phrases), so a line without one ends inside a phrase."""
    return bool(lines) and sum(bool(_LINE_MARK.search(line.strip())) for line in lines) >= len(lines) / 3


def _has_words(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


# What a verbatim transcript notes of the room, not of the speech: no subtitle without SDH
# shows it (Netflix: sound effects only in SDH files), and nobody says it.
_STAGE_DIRECTION = re.compile(r"[（(](?:全场|众人|观众|现场)?(?:笑|笑声|大笑|哄笑|掌声|鼓掌|停顿|沉默|音乐|咳嗽)[）)]")


def _clean(text: str) -> str:
    # Markdown emphasis and stray whitespace are not part of what is said.
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def phrases_from_lines(text: str, path: str) -> tuple[list[Phrase], list[str]]:
    phrases, warnings = [], []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _clean(raw)
        if not line:
            continue
        if not _has_words(line):
            warnings.append(f"{path}:{number}: line has no words (only punctuation); skipped")
            continue
        phrases.append(Phrase(line, number))
    return phrases, warnings


def _label_key(label: str) -> str:
    """Who a plain label names: 「主持人 沈雁秋」 and 「主持人（沈雁秋）」 are 沈雁秋, as her later
    「沈雁秋：」 labels are."""
    inner = re.search(r"[（(]([^）)]+)[）)]", label)
    return (inner.group(1) if inner else label.split()[-1]).strip()


def phrases_from_paragraphs(text: str, path: str) -> tuple[list[Phrase], list[str]]:
    phrases, warnings, speaker = [], [], None
    lines = [raw.strip() for raw in text.split("\n")]
    plain = [m.group("plain") for line in lines if (m := _INLINE_LABEL.match(line)) and m.group("plain")]
    keys = [_label_key(name) for name in plain]
    recurring = {name for name in plain if keys.count(_label_key(name)) >= 2}
    labelled = [k for k, line in enumerate(lines, start=1)
                if _SPEAKER_LABEL.match(line) or (m := _INLINE_LABEL.match(line)) and (m.group("bold") or m.group("plain") in recurring)]
    # The front matter before the first turn (时间：…, 地点：…, 整理说明：…) is nobody's speech.
    front = {k for k in range(1, labelled[0]) if _has_words(lines[k - 1]) and not _TITLE.match(lines[k - 1])} if labelled else set()
    if front:
        warnings.append(f"{path}:{min(front)}-{max(front)}: before the first speaker's label: front matter, not subtitled")
    for number, stripped in enumerate(lines, start=1):
        if not stripped or number in front:
            continue
        label = _SPEAKER_LABEL.match(stripped)
        if label:
            speaker = label.group("name").strip()
            continue
        inline = _INLINE_LABEL.match(stripped)
        if inline and (inline.group("bold") or inline.group("plain") in recurring):
            speaker = (inline.group("bold") or inline.group("plain")).strip()
            stripped = stripped[inline.end():]
            if not stripped:
                continue
        elif _TITLE.match(stripped):
            continue
        line = _clean(_STAGE_DIRECTION.sub("", stripped))
        if not _has_words(line):
            warnings.append(f"{path}:{number}: line has no words (only punctuation); skipped")
            continue
        for sentence in _SENTENCE.findall(line):
            sentence = sentence.strip()
            if _has_words(sentence):
                phrases.append(Phrase(sentence, number, speaker))
    return phrases, warnings


PARSERS = {"lines": phrases_from_lines, "paragraphs": phrases_from_paragraphs}


def read_phrases(path: str, shape: str = "lines", encoding: str = "utf-8") -> tuple[list[Phrase], list[str]]:
    """Phrases of a transcript file and warnings about lines that were skipped."""
    if shape not in PARSERS:
        raise InputError(path, None, f"unknown transcript shape {shape!r} (known: {', '.join(PARSERS)})")
    phrases, warnings = PARSERS[shape](read_text(path, encoding), str(path))
    if not phrases:
        raise InputError(path, None, "no spoken text found")
    return phrases, warnings
