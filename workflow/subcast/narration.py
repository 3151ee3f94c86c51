"""Narration: a transcript voiced clause by clause, and when each of its tokens is spoken.

The narration voices the same token stream the subtitles are cut from, so the measured span
of every token is a timeline for the subtitle timing mode `tts`: the SRT then matches the MP3
to the frame. Pauses between clauses are silences of configured length.
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import timelines
from .audio import Chapter, encode_mp3, tag_mp3
from .frontend import transcript_tokens
from .g2p import Pinyin
from .progress import Progress
from .textio import InputError, copy_atomic, read_text
from .timing import Pauses, Span
from .tokens import Token
from .voice import SpeechCache, VoiceError, make_voice
from .voice.speech import Speech
from .voice.spoken import Lexicon, readable, split_for_voice, to_spoken

log = logging.getLogger(__name__)


def _clauses(tokens: list[Token], readings: list[str], max_chars: int):
    """Runs of word tokens between pauses, cut into pieces of at most `max_chars` characters."""
    piece: list[int] = []
    for k, token in enumerate(tokens):
        if token.is_pause:
            if piece:
                yield piece
                piece = []
            yield k
            continue
        if piece and sum(len(readings[i]) for i in piece) + len(readings[k]) > max_chars:
            yield piece
            piece = []
        piece.append(k)
    if piece:
        yield piece


def _speak_in_pieces(speak, text: str, pinyin: list[str], max_chars: int) -> Speech:
    """One clause as at most `max_chars`-character calls (the offline model fails past ~130);
    only a single very long token (a long unknown word spelled out) needs more than one."""
    pieces = [speak(piece, pinyin[i:i + len(piece)])
              for i, piece in zip(range(0, max(len(text), 1), max_chars), split_for_voice(text, max_chars))]
    if len(pieces) == 1:
        return pieces[0]
    spans, clock = [], 0.0
    for piece in pieces:
        spans += [(clock + start, clock + end) for start, end in piece.char_spans]
        clock += piece.seconds
    return Speech(np.concatenate([p.samples for p in pieces]), pieces[0].sample_rate, spans)


def audible_end(samples: np.ndarray, sample_rate: int, below_peak_db: float = 25.0) -> float:
    """Seconds to the end of the last 10 ms frame within `below_peak_db` of the loudest."""
    hop = max(sample_rate // 100, 1)
    frames = len(samples) // hop
    if frames == 0:
        return len(samples) / sample_rate
    level = 10 * np.log10(np.mean(samples[:frames * hop].reshape(frames, hop) ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(level > level.max() - below_peak_db)
    return (loud[-1] + 1) * hop / sample_rate if len(loud) else 0.0


def voice_tokens(tokens: list[Token], readings: list[str], speak, pauses: Pauses, sample_rate: int,
                 max_chars: int = 80, path: str = "<text>",
                 pinyin: list[list[str]] | None = None) -> tuple[np.ndarray, list[Span]]:
    """Audio for the whole stream and each token's spoken span in it. `speak(text, pinyin)`
    is given a clause and one syllable per character of it (`pinyin`: per token, or None)."""
    pinyin = pinyin or [[""] * len(r) for r in readings]
    audio: list[np.ndarray] = []
    spans: list[Span | None] = [None] * len(tokens)
    clock, done = 0.0, 0
    progress = Progress(log, f"voicing {path}", sum(len(r) for r in readings), "characters")
    for item in _clauses(tokens, readings, max_chars):
        if isinstance(item, int):  # a pause
            length = pauses.seconds(tokens[item])
            audio.append(np.zeros(round(length * sample_rate), np.float32))
            spans[item] = Span(clock, clock + length)
            clock += length
            continue
        text = "".join(readings[k] for k in item)
        try:
            speech = _speak_in_pieces(speak, text, [p for k in item for p in pinyin[k]], max_chars)
        except VoiceError as err:
            raise InputError(path, tokens[item[0]].line, f"text the voice cannot read: {err}") from None
        if speech.sample_rate != sample_rate:
            raise VoiceError(f"voice sample rate changed mid-run ({speech.sample_rate} ≠ {sample_rate})")
        offset = 0
        for k in item:
            chars = speech.char_spans[offset:offset + len(readings[k])]
            if chars:
                spans[k] = Span(clock + chars[0][0], clock + chars[-1][1])
            else:  # nothing to pronounce (a symbol): an instant where it stands
                at = clock + (speech.char_spans[offset - 1][1] if offset else 0.0)
                spans[k] = Span(at, at)
            offset += len(readings[k])
        # The model's last character ends before its sound dies away: a cue must not end
        # while the word can still be heard.
        spoken = [k for k in item if readings[k]]
        if spoken:
            last = spoken[-1]
            spans[last] = Span(spans[last].start, max(spans[last].end, clock + audible_end(speech.samples, sample_rate)))
        audio.append(speech.samples)
        clock += speech.seconds
        done += len(text)
        progress.update(done, f"{clock / 60:.1f} min of audio")
    return np.concatenate(audio) if audio else np.zeros(0, np.float32), spans


def chapters_for(tokens: list[Token], spans: list[Span], marks: list[dict], total_ms: int) -> list[Chapter]:
    """Chapters starting at the first token of each configured line."""
    starts = []
    for mark in marks:
        first = next((k for k, t in enumerate(tokens) if t.line >= mark["line"] and not t.is_pause), None)
        if first is not None:
            starts.append((round(spans[first].start * 1000), mark["title"]))
    starts.sort()
    if starts:
        starts[0] = (0, starts[0][1])  # the first chapter opens the file
    return [Chapter(title, start, end) for (start, title), (end, _) in
            zip(starts, starts[1:] + [(total_ms, "")])]


@dataclass
class Voiced:
    """A transcript voiced: its tokens, the audio, and each token's span in it."""
    tokens: list[Token]
    samples: np.ndarray
    sample_rate: int
    spans: list[Span]
    engine: str
    voice: str
    readings: list[str] = field(default_factory=list)   # what the voice was given, per token
    pinyin: list[list[str]] = field(default_factory=list)  # a syllable per character of each reading

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


def _log_english(path: str, english: dict, lexicon: str | None) -> None:
    """Once per word per run: how each English word the lexicon lacks is read."""
    for word, (how, line, reading) in english.items():
        if how == "letters" and not re.fullmatch(r"[A-Z0-9]+s?", word):
            log.warning("%s:%d: %r could only be spelled letter by letter (%s); add it to %s", path, line, word,
                        reading, lexicon)
        elif how == "rules":
            log.info("%s:%d: %r is in no pronouncing dictionary: read by letter-to-sound rules as %s "
                     "(add it to %s to choose)", path, line, word, reading, lexicon)
    if english:
        log.info("English words: %d from the dictionary, %d by rules, %d as letters (acronyms)",
                 sum(v[0] == "dictionary" for v in english.values()), sum(v[0] == "rules" for v in english.values()),
                 sum(v[0] == "letters" for v in english.values()))


@dataclass
class SpeechPlan:
    """What the voice is given for a token stream, before any synthesis: per token the
    characters (`readings`) and a pinyin syllable for each; how Latin words and the readings
    lexicon were used, by file:line."""
    readings: list[str]
    pinyin: list[list[str]]
    english: dict            # word → (how, line, reading)
    lexicon_uses: list[tuple[int, str]]   # (line, word) where voice.readings decided


def speech_plan(tokens: list[Token], voice_cfg: dict) -> SpeechPlan:
    """Each token's text for the voice (text normalisation in the front end, Latin words by
    the lexicon and the English reader) and its pinyin, read clause by clause in context."""
    lexicon = Lexicon.load(voice_cfg["lexicon"])
    readings, english = [], {}
    for token in tokens:
        # a term the lexicon knows is read from it, as written (O1 → 欧万, not O一)
        said = token.spoken if lexicon.knows(token.spoken) else token.said
        spoken, words = to_spoken(said, lexicon) if not token.is_pause else ("", [])
        readings.append(readable(spoken))
        for word, how in words:
            english.setdefault(word, (how, token.line, readings[-1]))
    to_pinyin = Pinyin(voice_cfg["readings"])
    pinyin: list[list[str]] = [[] for _ in tokens]
    uses = []
    clause: list[int] = []
    for k in range(len(tokens) + 1):
        if k < len(tokens) and not tokens[k].is_pause:
            clause.append(k)
            continue
        if clause:
            syllables, used = to_pinyin("".join(readings[i] for i in clause))
            at = 0
            for i in clause:
                pinyin[i] = syllables[at:at + len(readings[i])]
                at += len(readings[i])
            uses += [(tokens[clause[0]].line, word) for word in used]
            clause = []
    return SpeechPlan(readings, pinyin, english, uses)


def voice_transcript(transcript: dict, front_end: dict, voice_cfg: dict, narration_cfg: dict,
                     variant: str = "zh-Hans") -> Voiced:
    """Voices a transcript's token stream (the one its subtitles are cut from: `front_end` is
    `subcast.config.front_end`) clause by clause, with `narration_cfg`'s pauses between."""
    path = transcript["path"]
    tokens = transcript_tokens(transcript, front_end)
    plan = speech_plan(tokens, voice_cfg)
    _log_english(path, plan.english, voice_cfg["lexicon"])
    for line, word in plan.lexicon_uses:
        log.info("%s:%d: %s read as %s (voice.readings)", path, line, word, voice_cfg["readings"][word])
    voice = make_voice(voice_cfg, variant)
    if not getattr(voice, "takes_pinyin", False) and voice_cfg["readings"]:
        log.info("the %s voice reads with its own front end: voice.readings and the polyphone pinyin "
                 "apply to the offline voice only", voice.engine)
    cache = SpeechCache(Path(voice_cfg["cache_dir"]))
    started = time.monotonic()
    samples, spans = voice_tokens(tokens, plan.readings, lambda text, pinyin: cache.speak(voice, text, pinyin),
                                  Pauses.from_config(narration_cfg["pauses"]), voice.sample_rate,
                                  narration_cfg["max_chars_per_call"], path, plan.pinyin)
    voiced = Voiced(tokens, samples, voice.sample_rate, spans, voice.engine, voice.name, plan.readings, plan.pinyin)
    elapsed = time.monotonic() - started
    log.info("voiced %.1f min of audio in %.1f s (RTF %.3f): %d clauses synthesised, %d from cache",
             voiced.seconds / 60, elapsed, elapsed / max(voiced.seconds, 1e-9), cache.misses, cache.hits)
    return voiced


def timeline_document(voiced: Voiced, source: str) -> dict:
    """The narration's timeline (`subcast.timelines`): token spans, readings, script lines."""
    return timelines.document("tts", source, voiced.engine, voiced.voice, voiced.tokens,
                              [(s.start, s.end) for s in voiced.spans], voiced.seconds, readings=voiced.readings,
                              pinyin=[" ".join(p) for p in voiced.pinyin],
                              lines=timelines.line_spans(voiced.tokens, voiced.spans))


def voice_to_mp3(transcript: dict, front_end: dict, voice_cfg: dict, narration_cfg: dict, variant: str,
                 mp3_path: str, timeline_path: str) -> None:
    """Voices a transcript (or a podcast script) into a loudness-normalised MP3, untagged, and
    its timeline (token spans and the chapters' times)."""
    path = transcript["path"]
    voiced = voice_transcript(transcript, front_end, voice_cfg, narration_cfg, variant)
    total_ms = round(voiced.seconds * 1000)
    chapters = chapters_for(voiced.tokens, voiced.spans, transcript["chapters"], total_ms)
    loudness = encode_mp3(voiced.samples, voiced.sample_rate, Path(mp3_path), **narration_cfg["loudness"])
    log.info("%s: %.2f LUFS, true peak %.2f dBTP", mp3_path, loudness.integrated_lufs, loudness.true_peak_dbtp)
    document = timeline_document(voiced, path)
    document["chapters"] = [{"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in chapters]
    timelines.write_timeline(timeline_path, document)


def voice_script(script: str, chapters_json: str, front_end: dict, voice_cfg: dict, narration_cfg: dict,
                 variant: str, mp3_path: str, timeline_path: str) -> None:
    """A podcast script (one sentence a line, UTF-8) and its chapters ([{title, line}] JSON,
    from the summarise stage) voiced like a transcript (`voice_to_mp3`)."""
    chapters = json.loads(read_text(chapters_json))
    transcript = {"path": script, "shape": "lines", "encoding": "utf-8", "chapters": chapters}
    voice_to_mp3(transcript, front_end, voice_cfg, narration_cfg, variant, mp3_path, timeline_path)


def tag_voiced(mp3_in: str, timeline_path: str, mp3_out: str, tags: dict, cover: str | None = None,
               convert=lambda text: text) -> None:
    """A voiced MP3 with its ID3 tags, chapters (titles through `convert`, e.g. into a written
    variant) and cover, at `mp3_out` (which may be `mp3_in`)."""
    document = timelines.read_timeline(timeline_path)
    chapters = [Chapter(convert(c["title"]), c["start_ms"], c["end_ms"]) for c in document["chapters"]]
    if mp3_out != mp3_in:
        copy_atomic(mp3_in, mp3_out)
    tag_mp3(Path(mp3_out), title=tags.get("title", Path(document["source"]).stem), author=tags.get("author", "subcast"),
            album=tags.get("album", "subcast"), date=tags.get("date", ""), track=tags.get("track"),
            chapters=chapters, voice=f"{document['engine']} {document['voice']}",
            cover=Path(cover).read_bytes() if cover else None)


def narrate(transcript: dict, front_end: dict, voice_cfg: dict, narration_cfg: dict, variant: str,
            mp3_path: str, timeline_path: str, tags: dict | None = None, cover: str | None = None) -> None:
    """Voices a transcript into a tagged, chaptered MP3 and its timeline. `tags` overrides
    the config's ID3 tags; `cover` is a PNG to embed."""
    voice_to_mp3(transcript, front_end, voice_cfg, narration_cfg, variant, mp3_path, timeline_path)
    tag_voiced(mp3_path, timeline_path, mp3_path, {**narration_cfg["tags"], **(tags or {})}, cover)
