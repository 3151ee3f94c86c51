"""Reads any SRT file and lists every subtitle rule it breaks: cue, rule, value, limit.

    subcast-check outputs/subtitles/*.srt [--config config/config.yaml]

Exit status 0 when every file is clean, 1 when a rule is broken, 2 when a file cannot be read.
The limits are those of ../shared/specs/subtitles.md; the config's `subtitles:` section
overrides them, so the checker holds the files to the same numbers the workflow used.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import srt

from .config import ConfigError, load, typed
from .segment import LayoutRules
from .textio import InputError, read_text
from .timing import TimingRules
from .tokens import display_width
from .writers import SPEAKER_LABEL

_COMMA_OR_STOP = re.compile(r"[，。,]|(?<![0-9A-Za-z])\.(?![0-9A-Za-z])")
_RUN_ON = re.compile(r"(…|\.\.\.|——|--|-)$|^(…|\.\.\.|——|--|-)")
_MARKUP = re.compile(r"</?[ibu]>|\{\\")


@dataclass(frozen=True)
class Violation:
    cue: int
    rule: str
    value: str
    limit: str

    def __str__(self) -> str:
        return f"cue {self.cue}: {self.rule}: {self.value} (limit {self.limit})"


def check_text(text: str, layout: LayoutRules, timing: TimingRules) -> list[Violation]:
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
        if not sub.content.strip():
            add("empty-cue", "no text", "text")
        if duration < timing.min_duration_ms:
            add("duration-min", f"{duration} ms", f"{timing.min_duration_ms} ms")
        if duration > timing.max_duration_ms:
            add("duration-max", f"{duration} ms", f"{timing.max_duration_ms} ms")
        if duration > 0:
            # A speaker label opening a turn ("姚顺雨：") is recognised, not read.
            label = SPEAKER_LABEL.match(lines[0])
            cps = (sum(widths) - (display_width(label.group(0)) if label else 0)) / (duration / 1000)
            if cps > timing.max_chars_per_second + 1e-9:
                add("reading-speed", f"{cps:.2f} chars/s", f"{timing.max_chars_per_second} chars/s")
        if len(lines) > layout.max_lines:
            add("line-count", len(lines), layout.max_lines)
        for number, (line, width) in enumerate(zip(lines, widths), start=1):
            if width > layout.max_chars_per_line:
                add("line-length", f"line {number}: {width} chars", layout.max_chars_per_line)
            if _COMMA_OR_STOP.search(line):
                add("punctuation", f"line {number}: comma or full stop in {line!r}", "spaces instead")
            if _RUN_ON.search(line.strip()):
                add("run-on-mark", f"line {number}: {line!r}", "no dash or ellipsis")
            if _MARKUP.search(line):
                add("markup", f"line {number}: {line!r}", "plain text")
        if len(lines) == 2:
            if display_width(" ".join(lines)) <= layout.max_chars_per_line:
                add("one-line-fits", f"{display_width(' '.join(lines))} chars on 2 lines", "1 line")
            if layout.bottom_line_longer and widths[0] > widths[1]:
                add("bottom-line-shorter", f"{widths[0]} over {widths[1]}", "bottom line the longer")
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
    return found


def rules_from_config(path: str | None) -> tuple[LayoutRules, TimingRules]:
    """The layout and timing limits of a project's config (its files relative to the folder
    above config/), or the schema's defaults."""
    if path is None:
        return typed(LayoutRules), typed(TimingRules)
    subtitles = load(path, root=Path(path).resolve().parent.parent)["subtitles"]
    return LayoutRules.from_config(subtitles["layout"]), TimingRules.from_config(subtitles["timing_rules"])


def check_file(path: str, layout: LayoutRules, timing: TimingRules) -> list[Violation]:
    raw = Path(path).read_bytes() if Path(path).is_file() else None
    text = read_text(path)  # names the file on a missing, empty, binary or non-UTF-8 input
    found = check_text(text, layout, timing)
    if raw is not None and b"\r\n" in raw and b"\n" in raw.replace(b"\r\n", b""):
        found.insert(0, Violation(0, "line-endings", "mixed CRLF and LF", "one kind"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="subcast-check", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="SRT files")
    parser.add_argument("--config", help="config.yaml whose `subtitles:` limits to use")
    args = parser.parse_args(argv)
    try:
        layout, timing = rules_from_config(args.config)
    except (InputError, ConfigError) as err:
        print(err, file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            found = check_file(path, layout, timing)
        except InputError as err:
            print(err, file=sys.stderr)
            status = 2
            continue
        for violation in found:
            print(f"{path}: {violation}")
        print(f"{path}: {len(found)} violation{'s' if len(found) != 1 else ''}")
        status = max(status, 1 if found else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
