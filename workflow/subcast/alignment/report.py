"""What the alignment found, for people: a report per recording and a confidence per cue.

    subcast-confidence outputs/cues/001.json [--below 0.5]

prints every cue of an audio-timed transcript with its start, end and confidence (0–1: how
much closer the recording's frames are to the voiced text than chance), lowest marked `LOW`.
Exit status 0, or 2 when the file cannot be read or was not timed on a recording.
"""
from __future__ import annotations

import argparse
import json
import sys

from ..cues import read_cues
from ..textio import InputError, write_text_atomic


def clock(seconds: float) -> str:
    minutes, rest = divmod(max(seconds, 0.0), 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:06.3f}" if hours else f"{minutes:02d}:{rest:06.3f}"


def _excerpt(tokens, first: int, end: int, limit: int = 40) -> str:
    text = "".join(t.display for t in tokens[first:end] if not t.is_pause)
    return text if len(text) <= limit else text[:limit] + "…"


def alignment_report(transcript: dict, tokens, result, rules) -> dict:
    """The report's facts (for the timeline file) and its Markdown."""
    path, recording = transcript["path"], transcript["recording"]
    gaps = []
    for gap in result.gaps:
        first, end = gap.tokens
        if gap.kind == "skipped":
            lines = (tokens[first].line, tokens[end - 1].line)
            message = (f"{path}:{lines[0]}-{lines[1]}: not in the recording (it skips from here at "
                       f"{clock(gap.start)}): {_excerpt(tokens, first, end)}")
        elif gap.kind == "unheard":
            lines = (tokens[first].line, tokens[end - 1].line)
            message = (f"{path}:{lines[0]}-{lines[1]}: not recognised: timed by speech rate at "
                       f"{clock(gap.start)}–{clock(gap.end)}; check these cues: {_excerpt(tokens, first, end)}")
        else:
            line = tokens[first].line if first >= 0 else 0
            lines = (line, line)
            where = f"after {path}:{line}" if line else f"before the first line of {path}"
            message = (f"{recording} {clock(gap.start)}–{clock(gap.end)}: "
                       f"{gap.end - gap.start:.1f} s of speech not in the text ({where})")
        gaps.append({"kind": gap.kind, "start": round(gap.start, 3), "end": round(gap.end, 3),
                     "lines": list(lines), "message": message})
    long_pauses = [[round(a, 3), round(b, 3)] for a, b in result.long_pauses]
    low = sum(1 for t, c in zip(tokens, result.confidence) if not t.is_pause and c < rules.low_confidence)
    words = sum(1 for t in tokens if not t.is_pause)
    md = [f"# Alignment of {path} to {recording}", "",
          f"- recording: {clock(result.seconds)}; speech starts at {clock(result.lead_in)} "
          f"(lead-in) and ends {result.trailing:.2f} s before the end (trailing silence)",
          f"- words below confidence {rules.low_confidence}: {low} of {words}",
          f"- pauses longer than {rules.long_pause_ms / 1000:g} s: {len(long_pauses)}"]
    md += [f"  - {clock(a)}–{clock(b)} ({b - a:.1f} s)" for a, b in long_pauses]
    md += ["", "## Text and recording disagree", ""]
    md += [f"- **{g['kind']}**: {g['message']}" for g in gaps if g["kind"] != "unheard"] \
        or ["Nowhere: every passage was found."]
    unheard = [g for g in gaps if g["kind"] == "unheard"]
    if unheard:
        md += ["", "## Not recognised (timed by speech rate: check these cues)", ""]
        md += [f"- {g['message']}" for g in unheard]
    return {"lead_in": round(result.lead_in, 3), "trailing": round(result.trailing, 3),
            "long_pauses": long_pauses, "gaps": gaps, "markdown": "\n".join(md) + "\n"}


def confidence_rows(cues_json: str) -> list[dict]:
    document = read_cues(cues_json)
    if document["timing"] != "audio":
        raise InputError(cues_json, None, f"timed by {document['timing']!r}, not on a recording: "
                                          "there is no alignment confidence")
    rows = []
    for index, cue in enumerate(document["cues"], start=1):
        text = " / ".join(next(iter(cue["lines"].values())))
        rows.append({"cue": index, "start": cue["start_ms"] / 1000, "end": cue["end_ms"] / 1000,
                     "confidence": cue["confidence"], "lines": f"{cue['first_line']}-{cue['last_line']}",
                     "text": text})
    return rows


def confidence_table(rows: list[dict], low: float) -> str:
    out = ["cue\tstart\tend\tconfidence\tflag\tlines\ttext"]
    for row in rows:
        flag = "LOW" if row["confidence"] < low else ""
        out.append(f"{row['cue']}\t{clock(row['start'])}\t{clock(row['end'])}\t{row['confidence']:.2f}\t"
                   f"{flag}\t{row['lines']}\t{row['text']}")
    return "\n".join(out) + "\n"


def write_confidence(cues_json: str, output: str, low: float) -> None:
    write_text_atomic(output, confidence_table(confidence_rows(cues_json), low))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="subcast-confidence", description=__doc__.split("\n\n")[0])
    parser.add_argument("cues", help="outputs/cues/<transcript>.json of an audio-timed transcript")
    parser.add_argument("--below", type=float, default=None,
                        help="list only cues with confidence below this (0–1)")
    parser.add_argument("--low", type=float, default=0.5, help="confidence marked LOW (default 0.5)")
    args = parser.parse_args(argv)
    try:
        rows = confidence_rows(args.cues)
    except (InputError, OSError, json.JSONDecodeError, KeyError) as err:
        print(f"subcast-confidence: {err}", file=sys.stderr)
        return 2
    shown = [r for r in rows if args.below is None or r["confidence"] < args.below]
    sys.stdout.write(confidence_table(shown, args.low))
    values = sorted(r["confidence"] for r in rows)
    if values:
        print(f"# {len(rows)} cues; confidence median {values[len(values) // 2]:.2f}, lowest {values[0]:.2f}; "
              f"{sum(v < args.low for v in values)} below {args.low}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
