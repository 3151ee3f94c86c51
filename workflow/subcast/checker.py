"""Reads any SRT file and lists every subtitle rule it breaks: cue, rule, value, limit.

    subcast-check outputs/subtitles/*.srt [--config config/config.yaml] [--variant zh-TW]

Exit status 0 when every file is clean, 1 when a rule is broken, 2 when a file cannot be read.
The phrase-break findings (`line-break`, `cue-break`, `stranded-opener`) read jieba's tags and
are warnings, as Subtitle Edit's Netflix check reports its style findings: listed, and exit 1
only with `--strict`.
The limits are those of ../shared/specs/subtitles.md; the config's `subtitles:` section
overrides them, so the checker holds the files to the same numbers the workflow used.
Besides timing and layout it reads the text as a Chinese subtitler does (phrases.py): marks
at a line's start or end, a line opening with a particle or ending on a conjunction, a word,
a name and its title or a number and its measure word split, the next sentence's first
words left at a cue's end, approximations in digits, and in a traditional variant (from
the file name, as the workflow names them, or `--variant`) “ ” for 「 」 and converted names.
"""
from __future__ import annotations

import argparse
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import srt

from .config import ConfigError, load, typed
from .phrases import CLOSING_MARKS, OPENING_MARKS, binds_forward, split_kind, words
from .segment import LayoutRules
from .textio import InputError, read_text
from .timing import TimingRules
from .tokens import display_width
from .writers import SPEAKER_LABEL

# Shown punctuation the spec turns into a space; not a thousands separator (12,000台), a decimal
# point or a clock time (10:30).
_COMMA_OR_STOP = re.compile(r"[，。、；;]|(?<![0-9]),|,(?![0-9]{3})|(?<![0-9A-Za-z])\.(?![0-9A-Za-z])|(?<![0-9])[:：](?![0-9])")
_APPROXIMATION = re.compile(r"(?<![\d.第])([1-9])[ 、]([1-9])(?![\d.])(?=[\u4e00-\u9fff])")
_VARIANT = re.compile(r"(?:^|[/.])(zh(?:-[A-Za-z]{2,4})+)(?:\.srt$|/[^/]*$)")  # 001.zh-TW.srt, podcast/zh-TW/x.srt
_CURLY_QUOTES = re.compile(r"[“”‘’]")
_PAUSE = re.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")  # a space beside CJK text, not inside "To B"
# Kinds of split seen at a cue's end too: a cue boundary hides its punctuation, so only those
# that no comma or full stop could stand in.
_NEVER_AT_A_PAUSE = {"particle at line start", "conjunction at line end", "opening mark at line end",
                     "closing mark at line start", "preposition+object", "name+title", "number+measure", "word split"}
_RUN_ON = re.compile(r"(…|\.\.\.|——|--|-)$|^(…|\.\.\.|——|--|-)")
_MARKUP = re.compile(r"</?[ibu]>|\{\\")


WARNINGS = frozenset({"line-break", "cue-break", "stranded-opener"})


@dataclass(frozen=True)
class Violation:
    cue: int
    rule: str
    value: str
    limit: str

    @property
    def warning(self) -> bool:
        """A phrase-break finding: a judgement from dictionary tags, not a measured limit."""
        return self.rule in WARNINGS

    def __str__(self) -> str:
        return f"cue {self.cue}: {'warning: ' if self.warning else ''}{self.rule}: {self.value} (limit {self.limit})"


def _split_at(left: str, right: str, names: frozenset[str]) -> str | None:
    """What a break between two lines (or cues) splits, reading their words with jieba."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return None
    left, right = _PAUSE.split(left)[-1], _PAUSE.split(right)[0]  # a space is a pause: the phrases either side
    if _cjk(left[-1]) and _cjk(right[0]) and len(left) > 1 and len(right) > 1:
        position, cut = 0, len(left.replace(" ", ""))  # words() drops the spaces inside "To C"
        for word in words(left + right, names):
            inside = cut - position
            # A word across the break with one character on a side (那么下 / 一个); two whole
            # words jieba would also join (资金 / 投入), or two characters (上 / 下一个), may be a
            # pause the break stands for.
            if 0 < inside < len(word) and min(inside, len(word) - inside) == 1 and len(word) > 2:
                return "word split"
            position += len(word)
    after = words(right, names)
    following = "\0" if len(after) > 1 and len(after[1]) == 1 and _cjk(after[1]) else after[1] if len(after) > 1 else ""
    kind = split_kind(words(left, names)[-1], after[0], names, strict=True, following=following)
    if kind == "modifier+noun" and re.search(r"是[^ ]*的$", left) or kind == "preposition+object" and re.search(r"[还都也仍正就]在$", left):
        return None  # 是…的 ends a sentence; 还在 is "is still there", no preposition
    return kind


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _last_phrase(lines: list[str]) -> str:
    """The cue's text after its last pause: a space between CJK text (not inside "To B")."""
    text = "".join(lines)
    cuts = [m.end() for m in _PAUSE.finditer(text)]
    return text[cuts[-1]:] if cuts else ""


@functools.lru_cache(maxsize=4096)
def _simplified(text: str) -> str:
    from .variants import t2s

    return t2s().convert(text)


def _traditional(tag: str | None) -> bool:
    return bool(tag) and tag not in ("zh-Hans", "zh-CN", "zh-SG") and not tag.startswith("zh-Hans")


def check_typesetting(subs: list, names: frozenset[str] = frozenset(), variant: str | None = None,
                      converted_names: dict[str, str] | None = None) -> list[Violation]:
    """The Chinese typesetting and break rules (specs/subtitles.md "Displayed text"), per cue."""
    found: list[Violation] = []
    for position, sub in enumerate(subs):
        add = lambda rule, value, limit: found.append(Violation(sub.index, rule, str(value), str(limit)))  # noqa: E731
        lines = [line.strip() for line in sub.content.split("\n")]
        label = SPEAKER_LABEL.match(lines[0]) if lines else None
        body = [lines[0][label.end():] if label else lines[0]] + lines[1:] if lines else []
        for number, line in enumerate(body, start=1):
            if line[:1] and line[0] in CLOSING_MARKS:
                add("line-start-mark", f"line {number}: {line!r}", "no closing or pause mark opens a line")
            if line[-1:] and line[-1] in OPENING_MARKS:
                add("line-end-mark", f"line {number}: {line!r}", "no opening mark ends a line")
            if _APPROXIMATION.search(line):
                add("approximation", f"line {number}: {line!r}", "Chinese numerals (八九个)")
            if _traditional(variant) and _CURLY_QUOTES.search(line):
                add("quotes", f"line {number}: {line!r}", "「 」 and 『 』 in a traditional variant")
            for wrong, right in (converted_names or {}).items():
                if wrong in lines[number - 1]:
                    add("name-form", f"line {number}: {wrong!r}", f"{right!r}")
        # The phrase rules read simplified text (jieba's dictionary is simplified Chinese),
        # whatever the file's tag says.
        plain = [_simplified(line) for line in body]
        for number in range(1, len(body)):
            kind = _split_at(plain[number - 1], plain[number], names)
            if kind:
                add("line-break", f"lines {number}–{number + 1}: {kind}: {body[number - 1]!r} / {body[number]!r}",
                    "a break between phrases")
        last = _last_phrase(plain)
        before = "".join(plain)[:-len(last)].strip() if last else ""
        # Stranded: a lead-in after something else (…侧目 峰会结束后), not after a lead-in (不过 当…时).
        if last and binds_forward(last, strict=True) and not binds_forward(before):
            add("stranded-opener", f"{last!r} ends the cue", "the next sentence's first words open the next cue")
        if position + 1 < len(subs) and body:
            following = subs[position + 1].content.split("\n")[0].strip()
            nxt = SPEAKER_LABEL.match(following)
            if not nxt:
                kind = _split_at(plain[-1], _simplified(following), names)
                if kind in _NEVER_AT_A_PAUSE:
                    add("cue-break", f"{kind}: {body[-1]!r} / {following!r}", "a break between phrases")
    return found


def check_text(text: str, layout: LayoutRules, timing: TimingRules, names: frozenset[str] = frozenset(),
               variant: str | None = None, converted_names: dict[str, str] | None = None) -> list[Violation]:
    """Every timing, layout and typesetting rule the SRT text breaks, in cue order."""
    found: list[Violation] = []
    try:
        subs = list(srt.parse(text, ignore_errors=False))
    except srt.SRTParseError as err:
        return [Violation(0, "parse", str(err).splitlines()[0][:120], "valid SRT")]
    if not subs:
        return [Violation(0, "empty-file", "no cues", "at least one cue")]
    for position, sub in enumerate(subs, start=1):
        n = sub.index
        add = lambda rule, value, limit: found.append(Violation(n, rule, str(value), str(limit)))  # noqa: E731
        if n != position:
            add("index", n, f"{position} (numbered from 1 without gaps)")
        start = round(sub.start.total_seconds() * 1000)
        end = round(sub.end.total_seconds() * 1000)
        duration = end - start
        lines = sub.content.split("\n")
        widths = [display_width(line) for line in lines]
        label = SPEAKER_LABEL.match(lines[0])  # 「（姚顺雨）」 opening a turn: not text to check, but read
        if not sub.content.strip():
            add("empty-cue", "no text", "text")
        if duration < timing.min_duration_ms:
            add("duration-min", f"{duration} ms", f"{timing.min_duration_ms} ms")
        if duration > timing.max_duration_ms:
            add("duration-max", f"{duration} ms", f"{timing.max_duration_ms} ms")
        if duration > 0:
            cps = sum(widths) / (duration / 1000)     # a speaker label is read too
            if cps > timing.max_chars_per_second + 1e-9:
                add("reading-speed", f"{cps:.2f} chars/s", f"{timing.max_chars_per_second} chars/s")
        if len(lines) > layout.max_lines:
            add("line-count", len(lines), layout.max_lines)
        for number, (line, width) in enumerate(zip(lines, widths), start=1):
            if width > layout.max_chars_per_line:
                add("line-length", f"line {number}: {width} chars", layout.max_chars_per_line)
            said = line[label.end():] if number == 1 and label else line
            if _COMMA_OR_STOP.search(said):
                add("punctuation", f"line {number}: comma or full stop in {line!r}", "spaces instead")
            if _RUN_ON.search(line.strip()):
                add("run-on-mark", f"line {number}: {line!r}", "no dash or ellipsis")
            if _MARKUP.search(line):
                add("markup", f"line {number}: {line!r}", "plain text")
        if len(lines) == 2:
            if display_width(" ".join(lines)) <= layout.max_chars_per_line:
                add("one-line-fits", f"{display_width(' '.join(lines))} chars on 2 lines", "1 line")
        if position > 1:
            prev_end = round(subs[position - 2].end.total_seconds() * 1000)
            prev_start = round(subs[position - 2].start.total_seconds() * 1000)
            gap = start - prev_end
            if start < prev_start:
                add("order", f"starts {start} ms, before the previous cue", "increasing")
            elif gap < 0:
                add("overlap", f"{-gap} ms", "none")
            elif gap < timing.min_gap_ms:
                add("gap-min", f"{gap} ms", f"{timing.min_gap_ms} ms ({timing.min_gap_frames} frames)")
            elif timing.min_gap_frames < round(gap * timing.fps / 1000) <= timing.close_gap_frames:
                add("gap-close", f"{gap} ms", f"{timing.min_gap_frames} frames or ≥ {timing.close_gap_frames + 1} frames")
    found += check_typesetting(subs, names, variant, converted_names)
    found.sort(key=lambda v: v.cue)
    return found


@dataclass(frozen=True)
class Rules:
    """What a file is held to: layout and timing limits, the names never split or converted,
    and each variant's OpenCC config (to know what a converted name looks like)."""
    layout: LayoutRules
    timing: TimingRules
    names: frozenset[str] = frozenset()
    opencc: tuple[tuple[str, str], ...] = (("zh-Hant", "s2t"), ("zh-TW", "s2twp"), ("zh-HK", "s2hk"))
    people: frozenset[str] = frozenset()   # personal names: their characters are checked in a traditional variant

    def converted_names(self, variant: str | None) -> dict[str, str]:
        """A name written wrong in `variant` → how it should read (variants.name_form): as
        OpenCC's phrase conversion writes it (唐傑 for 唐杰) or still in simplified (姚顺雨)."""
        config = dict(self.opencc).get(variant or "")
        if not config or not self.people:
            return {}
        import opencc

        from .variants import name_form

        convert = opencc.OpenCC(f"{config}.json").convert
        wrong = {}
        for name in self.people:
            right = name_form(name, convert)
            for form in (convert(name), name):
                if form != right and form not in right:
                    wrong[form] = right
        return wrong


def rules_from_config(path: str | None) -> Rules:
    """The limits of a project's config (its files relative to the folder above config/),
    or the schema's defaults."""
    if path is None:
        return Rules(typed(LayoutRules), typed(TimingRules))
    config = load(path, root=Path(path).resolve().parent.parent)
    subtitles = config["subtitles"]
    return Rules(LayoutRules.from_config(subtitles["layout"]), TimingRules.from_config(subtitles["timing_rules"]),
                 frozenset(subtitles["names"]),
                 tuple((tag, v["opencc"]) for tag, v in config["variants"].items() if v.get("opencc")),
                 frozenset(name for v in config["variants"].values() for name in v["keep"]))


def check_file(path: str, rules: Rules, variant: str | None = None) -> list[Violation]:
    """`variant` defaults to the tag in the file's name (001.zh-TW.srt)."""
    raw = Path(path).read_bytes() if Path(path).is_file() else None
    text = read_text(path)  # names the file on a missing, empty, binary or non-UTF-8 input
    tag = variant or (m.group(1) if (m := _VARIANT.search(path)) else None)
    found = check_text(text, rules.layout, rules.timing, rules.names, tag, rules.converted_names(tag))
    if raw is not None and b"\r\n" in raw and b"\n" in raw.replace(b"\r\n", b""):
        found.insert(0, Violation(0, "line-endings", "mixed CRLF and LF", "one kind"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="subcast-check", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="SRT files")
    parser.add_argument("--config", help="config.yaml whose `subtitles:` limits, names and variants to use")
    parser.add_argument("--variant", help="the files' BCP-47 tag (default: from each file name, e.g. 001.zh-TW.srt)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on phrase-break warnings too")
    args = parser.parse_args(argv)
    try:
        rules = rules_from_config(args.config)
    except (InputError, ConfigError) as err:
        print(err, file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            found = check_file(path, rules, args.variant)
        except InputError as err:
            print(err, file=sys.stderr)
            status = 2
            continue
        for violation in found:
            print(f"{path}: {violation}")
        warned = sum(v.warning for v in found)
        broken = len(found) - warned
        print(f"{path}: {broken} violation{'s' if broken != 1 else ''}, {warned} warning{'s' if warned != 1 else ''}")
        status = max(status, 1 if broken or (warned and args.strict) else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
