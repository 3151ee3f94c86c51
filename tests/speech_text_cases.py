"""The speech-text reference (tests/data/speech_text/sentences.tsv, written for the classes of
issue 20, not from the seeds): a sentence as written, as a Mandarin speaker says it (`|`
between whole-sentence alternatives), as a subtitle shows it, and the pinyin of its
polyphones (`word=syllables;…`). `check` runs one through the front end and the voice's
speech plan and names what differs. Shared by tests/test_speech_text.py and the bench.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "speech_text" / "sentences.tsv"
_SAID = re.compile(r"[\u3400-\u9fffA-Za-z]")  # what is heard: punctuation and spaces are not compared


def heard(text: str) -> str:
    return "".join(_SAID.findall(text))


@dataclass(frozen=True)
class Case:
    kind: str
    written: str
    spoken: tuple[str, ...]
    display: str
    pinyin: tuple[tuple[str, str], ...]

    def spoken_ok(self, said: str) -> bool:
        return heard(said) in {heard(s) for s in self.spoken}


def load(path: Path = DATA) -> list[Case]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(r["class"], r["written"], tuple(r["spoken"].split("|")), r["display"],
                 tuple(tuple(item.split("=", 1)) for item in r["pinyin"].split(";") if item))
            for r in rows]


CASES = load()


_TOKENIZERS: dict[int, object] = {}


def check(case: Case, config: dict) -> list[str]:
    """What the front end and the speech plan get wrong on one case (empty when right)."""
    from subcast.config import front_end
    from subcast.frontend import tokenizer
    from subcast.narration import speech_plan
    from subcast.transcript import Phrase

    if id(config) not in _TOKENIZERS:  # one per config: jieba's dictionary loads once
        _TOKENIZERS[id(config)] = tokenizer(front_end(config))
    tokens = _TOKENIZERS[id(config)].tokens(Phrase(case.written, 1))
    problems = []
    said = "".join(t.said for t in tokens if not t.is_pause)
    if not case.spoken_ok(said):
        problems.append(f"said {said!r}, expected {' | '.join(case.spoken)!r}")
    shown = "".join(t.spoken if t.is_pause else t.display for t in tokens).replace(" ", "")
    if shown != case.display.replace(" ", ""):
        problems.append(f"shown {shown!r}, expected {case.display!r}")
    if case.pinyin:
        plan = speech_plan(tokens, config["voice"])
        text = "".join(plan.readings)
        syllables = [p for token_pinyin in plan.pinyin for p in token_pinyin]
        for word, expected in case.pinyin:
            at = text.find(word)
            got = " ".join(syllables[at:at + len(word)]) if at >= 0 else "(not said)"
            if got != expected.replace("ü", "v"):
                problems.append(f"{word} read {got}, expected {expected}")
    return problems
