"""The subtitle stage, as the workflow's rules call it.

1. `build_cues`: transcript → cues (segmented simplified text, spoken text, times) as JSON.
   The timeline comes from the configured timing source; segmentation does not care which.
2. `write_subtitles`: cues JSON → SRT, WebVTT and iTT files of one variant.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import replace

from .cues import read_cues, write_cues
from .frontend import read_tokens
from .segment import Cue, LayoutRules, Segmenter
from .textio import InputError, read_text, write_bytes_atomic
from .timelines import load_timeline
from .timing import EstimateModel, Pauses, TimingRules, estimate_timeline, schedule
from .tokens import Token, display_width
from .variants import converter, titled_names
from .writers import Caption, to_itt, to_srt, to_vtt

log = logging.getLogger(__name__)
MASTER = "zh-Hans"  # the transcripts are simplified Chinese; every other variant derives from it


def timeline(tokens: list[Token], cfg: dict, timeline_path: str | None = None) -> tuple[list, dict]:
    """Speech spans of the tokens from the timing source, and the source's document: a
    measured timeline file (`tts`: the narration; `audio`: a recording) when one is given,
    else the speech-rate model (`estimate`, with the narration's pauses)."""
    if timeline_path:
        return load_timeline(timeline_path, tokens)
    spans = estimate_timeline(tokens, EstimateModel.from_config(cfg["estimate"]), Pauses.from_config(cfg["pauses"]))
    return spans, {"timing": "estimate"}


def variant_displays(tokens: list[Token], variants: dict[str, dict]) -> dict[str, list[str]]:
    """Each token's display in every variant. Tokens are converted one by one (a newline
    between them), so OpenCC converts jieba's words and line widths stay per token; a token
    OpenCC leaves as it is alone takes its form in the whole line, where OpenCC's phrases see
    the context (项目|里 → 項目裏, 周|会 → 週會) and keep every character's place. (The whole
    line alone would misread across words: 一个|中心 → 一箇中心, 数据|点 → 數據點 in s2twp.)"""
    displays = [t.display for t in tokens]
    out = {}
    for tag, cfg in variants.items():
        convert = converter(tag, cfg).convert
        converted = convert("\n".join(displays)).split("\n")
        if len(converted) != len(tokens):
            raise RuntimeError(f"OpenCC changed the token count for {tag}")
        for start, end in _lines(tokens):
            text = "".join(displays[start:end])
            whole = convert(text)
            if len(whole) != len(text) or "\n" in text:
                continue
            named = {i for name in titled_names(text) for m in re.finditer(re.escape(name), text)
                     for i in range(m.start(), m.end())}
            at, pieces = 0, []
            for k in range(start, end):
                piece, at = whole[at:at + len(displays[k])], at + len(displays[k])
                pieces.append(piece)
                # what alone OpenCC leaves as it is (里, 周), or a piece of a name jieba cut (范志|杰)
                if converted[k] == displays[k] or named & set(range(at - len(displays[k]), at)):
                    converted[k] = piece
            for k in range(start, end - 1):
                # A phrase OpenCC rewrites alone runs into its neighbour (在线|上 → 線上|上):
                # both take their form in the whole line (在線上).
                if converted[k][-1:] == converted[k + 1][:1] and displays[k][-1:] != displays[k + 1][:1] \
                        and len(converted[k]) == len(displays[k]) and len(converted[k + 1]) == len(displays[k + 1]):
                    converted[k], converted[k + 1] = pieces[k - start], pieces[k + 1 - start]
        out[tag] = converted
    return out


def _lines(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, end) token indices of each source line's run of tokens."""
    runs, start = [], 0
    for k in range(1, len(tokens) + 1):
        if k == len(tokens) or tokens[k].line != tokens[start].line:
            runs.append((start, k))
            start = k
    return runs


def _runs_of_kept(tokens: list[Token], spans: list) -> list[list[int]]:
    """Indices of the tokens that have a span, in runs broken where tokens have none; a run
    starts with a word."""
    runs: list[list[int]] = []
    current: list[int] = []
    for k, span in enumerate(spans):
        if span is None:
            current = []
            continue
        if not current:
            if tokens[k].is_pause:
                continue
            runs.append(current)
        current.append(k)
    return runs


def make_cues(path: str, shape: str, encoding: str, cfg: dict, variants: dict[str, dict] | None = None,
              timeline_path: str | None = None, new_cue_lines: frozenset[int] = frozenset(),
              speaker_labels: bool = False) -> tuple[list[Cue], list[str], str]:
    """Cues, reading warnings and the timing mode of a transcript; each line of
    `new_cue_lines` (a chapter's first) opens a cue of its own. With `speaker_labels`, the
    first cue of each turn shows its speaker in full-width brackets ("（姚顺雨）"), counted in the line's width."""
    tokens, warnings = read_tokens(path, shape, encoding, cfg["front_end"])
    # The transcript's speakers are people: their names keep their characters in every variant
    # (何杰 stays 何杰 in zh-TW, 主持人（苏晴） keeps 苏晴, 陈立杰's 立杰 too), as the configured
    # people's do.
    speakers = {t.speaker for t in tokens if t.speaker}
    spoken_names = speakers | {m.group(1) for sp in speakers if (m := re.search(r"[（(]([^）)]+)[）)]", sp))}
    # A three-character Chinese name's given name (钟晓云 → 晓云) is how the others address them.
    spoken_names |= {name[1:] for name in spoken_names if re.fullmatch(r"[\u4e00-\u9fff]{3}", name)}
    if spoken_names and variants:
        variants = {tag: {**v, "keep": sorted(set(v.get("keep") or ()) | spoken_names)} for tag, v in variants.items()}
    labels: dict[int, float] = {}
    if speaker_labels:
        for k, token in enumerate(tokens):
            if token.speaker and not token.is_pause and (k == 0 or tokens[k - 1].speaker != token.speaker):
                # "主持人（广密）" is labelled by the name in its brackets: short, as subtitlers do.
                name = re.search(r"[（(]([^）)]+)[）)]", token.speaker)
                label = f"（{name.group(1) if name else token.speaker}）"   # Netflix's Chinese guides: （导演 约翰·史密斯）
                tokens[k] = replace(token, display=label + token.display)
                labels[k] = display_width(label)
    layout = LayoutRules.from_config(cfg["layout"])
    rules = TimingRules.from_config(cfg["timing_rules"])
    spans, document = timeline(tokens, cfg, timeline_path)
    # Words a recording skips get no cue (the alignment report lists them), and no cue
    # straddles the place where they were: each run of kept tokens is cut on its own.
    segmenter, cues = Segmenter(layout, rules, frozenset(cfg["front_end"]["names"])), []
    # On a recording a reader pauses where they like: a cue holds no pause longer than this.
    longest = cfg["max_pause_in_cue_ms"] / 1000 if document.get("timing") == "audio" else None
    for run in _runs_of_kept(tokens, spans):
        part = [tokens[k] for k in run]
        local_labels = {i: labels[k] for i, k in enumerate(run) if k in labels}
        for cue in segmenter.cues(part, [spans[k] for k in run], path, variant_displays(part, variants or {}), MASTER,
                                  frozenset(new_cue_lines), local_labels, longest):
            first, end = cue.tokens
            cue.tokens = (run[first], run[end - 1] + 1)
            cues.append(cue)
    if not cues:
        raise InputError(timeline_path or path, None, "no word of the text is in the recording: "
                                                      "is it the recording of this transcript?")
    for cue, timed in zip(cues, schedule([c.speech for c in cues], [c.width for c in cues], rules)):
        cue.start_ms, cue.end_ms = timed.start_ms, timed.end_ms
        if "confidence" in document:
            weights = [(document["confidence"][k], len(tokens[k].spoken))
                       for k in range(*cue.tokens) if not tokens[k].is_pause]
            cue.confidence = round(sum(c * w for c, w in weights) / max(sum(w for _, w in weights), 1), 3)
    return cues, warnings, document.get("timing", "tts")


def build_cues(transcript: dict, cfg: dict, variants: dict[str, dict], output: str,
               timeline_path: str | None = None) -> None:
    cues, warnings, mode = make_cues(transcript["path"], transcript["shape"], transcript["encoding"], cfg, variants,
                                     timeline_path, frozenset(c["line"] for c in transcript["chapters"]),
                                     transcript["speaker_labels"])
    for warning in warnings:
        log.warning(warning)
    chars = sum(c.width for c in cues)
    log.info("%s: %d cues, %d displayed characters, %.1f min, timing %s", transcript["path"],
             len(cues), chars, cues[-1].end_ms / 60000, mode)
    write_cues(output, transcript["path"], mode, cues)


def load_captions(cues_json: str, tag: str) -> list[Caption]:
    return [Caption(c["start_ms"], c["end_ms"], tuple(c["lines"][tag]), c["label_width"] > 0)
            for c in read_cues(cues_json)["cues"]]


def write_subtitles(cues_json: str, tag: str, formats: dict[str, str], srt_cfg: dict, fps: float) -> None:
    """Writes each requested format (`{"srt": path, "vtt": path, "itt": path}`) of one variant."""
    captions = load_captions(cues_json, tag)
    render = {
        "srt": lambda: to_srt(captions, bom=srt_cfg["bom"], crlf=srt_cfg["crlf"]),
        "vtt": lambda: to_vtt(captions, tag),
        "itt": lambda: to_itt(captions, tag, fps),
    }
    for fmt, path in formats.items():
        write_bytes_atomic(path, render[fmt]())
        log.info("wrote %s (%d cues)", path, len(captions))


def write_episode_subtitles(script: str, timeline_path: str, cfg: dict, tag: str, variant_cfg: dict,
                            srt_cfg: dict, srt_path: str, vtt_path: str, chapter_lines=()) -> None:
    """Subtitles of a narrated script (a podcast episode), timed on its own audio: SRT and
    WebVTT; each chapter heading is a cue of its own."""
    cues, _, _ = make_cues(script, "lines", "utf-8", cfg, {tag: variant_cfg}, timeline_path, frozenset(chapter_lines))
    captions = [Caption(c.start_ms, c.end_ms, tuple(c.lines.get(tag, c.lines[MASTER]))) for c in cues]
    write_bytes_atomic(srt_path, to_srt(captions, bom=srt_cfg["bom"], crlf=srt_cfg["crlf"]))
    write_bytes_atomic(vtt_path, to_vtt(captions, tag))
    log.info("wrote %s and %s (%d cues)", srt_path, vtt_path, len(captions))


def write_episode_companions(scripts: list[str], chapter_lists: list[str], timelines: list[str], srts: list[str],
                             vtts: list[str], chapters_out: list[str], cfg: dict, tag: str, variant_cfg: dict,
                             srt_cfg: dict) -> None:
    """For each episode of one variant (the lists run in step): its subtitles timed on its
    own audio (`write_episode_subtitles`, each chapter opening a cue) and its Podcasting 2.0
    chapters, titles in the variant."""
    from .podcast import chapters_json

    convert = converter(tag, variant_cfg).convert
    for script, chapters, timeline, srt_path, vtt_path, chapters_path in zip(
            scripts, chapter_lists, timelines, srts, vtts, chapters_out):
        lines = [c["line"] for c in json.loads(read_text(chapters))]
        write_episode_subtitles(script, timeline, cfg, tag, variant_cfg, srt_cfg, srt_path, vtt_path, lines)
        chapters_json(timeline, chapters_path, convert)
