"""`subcast-readings FILE [--config config/config.yaml] [--shape lines|paragraphs]`: each line of
a transcript as the voice would be given it, without synthesising: the characters said, their
pinyin, and what was read by rule (numbers and symbols by class, English words, the readings
lexicon, polyphones). A 30-minute script is checked in seconds before it is narrated.

Exit status: 0, or 2 when the file or the config cannot be read (the message names it).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import ConfigError, filled, front_end, load
from .frontend import read_tokens
from .narration import speech_plan
from .textnorm import TextNormaliser
from .textio import InputError


def _settings(path: str | None) -> tuple[dict, dict]:
    """(front-end slice, voice section) of a config, or the schema's defaults without one."""
    if path is None and Path("config/config.yaml").is_file():
        path = "config/config.yaml"
    if path is not None:
        config = load(path, root=Path(path).resolve().parent.parent)
        return front_end(config), config["voice"]
    subtitles, voice = filled("subtitles"), filled("voice")
    if not Path(voice["lexicon"]).is_file():
        voice["lexicon"] = None
    return front_end({"subtitles": subtitles}), voice


def _polyphones(text: str, syllables: list[str]) -> list[str]:
    """Characters read otherwise than their usual reading: the polyphones context decided."""
    from pypinyin import Style, lazy_pinyin

    usual = [lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0].replace("ü", "v") for ch in text]
    return [f"{ch}={syllable}" for ch, plain, syllable in zip(text, usual, syllables)
            if syllable and syllable != plain and ch not in "一不"]


def report(path: str, shape: str, front: dict, voice: dict, out=sys.stdout) -> int:
    """Prints the readings of every line of `path`; returns how many lines have a rule-read item."""
    tokens, warnings = read_tokens(path, shape, "utf-8", front)
    for warning in warnings:
        print(warning, file=out)
    plan = speech_plan(tokens, voice)
    normaliser = TextNormaliser(front["numbers"]["units"])  # the front end's, without a second jieba
    flagged = 0
    lines = sorted({t.line for t in tokens})
    for line in lines:
        everything = [k for k, t in enumerate(tokens) if t.line == line]
        picked = [k for k in everything if not tokens[k].is_pause]
        if not picked:
            continue
        written = "".join(tokens[k].spoken for k in everything if tokens[k].kind != "boundary")
        starts = {k: sum(len(tokens[j].spoken) for j in everything[:n]) for n, k in enumerate(everything)}
        said = "".join(plan.readings[k] for k in picked)
        syllables = [p for k in picked for p in plan.pinyin[k]]
        rules = []
        for k in picked:
            token = tokens[k]
            if token.reading:
                found = normaliser.verbalise(written, starts[k], starts[k] + len(token.spoken)).kinds
                kinds = ", ".join(dict.fromkeys(found)) or "text"
                rules.append(f"{token.spoken} → {token.reading} ({kinds})")
        rules += [f"{word}: English, read by {how}" for word, (how, at, _) in plan.english.items() if at == line]
        rules += [f"{word} → {voice['readings'][word]} (voice.readings)" for at, word in plan.lexicon_uses
                  if at == line]
        flagged += bool(rules)
        print(f"{path}:{line}  {written}", file=out)
        print(f"  said    {said}", file=out)
        print(f"  pinyin  {' '.join(syllables)}", file=out)
        polyphones = _polyphones(said, syllables)
        if polyphones:
            print(f"  context {' '.join(polyphones)}", file=out)
        for rule in rules:
            print(f"  rule    {rule}", file=out)
    print(f"{path}: {len(lines)} lines, {flagged} with something read by rule", file=out)
    return flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="subcast-readings", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="transcripts (UTF-8)")
    parser.add_argument("--config", help="config.yaml (default: config/config.yaml here, else the defaults)")
    parser.add_argument("--shape", default="lines", choices=["lines", "paragraphs"])
    args = parser.parse_args(argv)
    try:
        front, voice = _settings(args.config)
    except (InputError, ConfigError) as err:
        print(err, file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            report(path, args.shape, front, voice)
        except InputError as err:
            print(err, file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
