"""Subtitle files: SRT (the `srt` library), WebVTT (webvtt-py) and Apple iTT (TTML).

Each writer returns bytes; the caller writes them atomically.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta

import srt
import webvtt


@dataclass(frozen=True)
class Caption:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    labelled: bool = False      # the first line opens with "Speaker：" (the first cue of a turn)


# "姚顺雨：" opening a cue: a speaker's name, as the subtitle stage writes it for a new turn.
# A turn's speaker opening a cue: 「（姚顺雨）」 as Chinese subtitles identify a speaker (full-width
# brackets, shown as they are), or 「姚顺雨：」 in an SRT from elsewhere.
SPEAKER_LABEL = re.compile(r"^(?:（([^（）：:，,。\s]{1,12})）|([^（）：:，,。\s]{1,12})：)")


def voices(captions: list[Caption]) -> list[tuple[str | None, tuple[str, ...]]]:
    """Each caption's speaker (its turn's label, carried to the turn's later cues) and its
    lines without the label: WebVTT and TTML say who speaks in markup, not in the text."""
    out, speaker = [], None
    for caption in captions:
        lines = caption.lines
        label = SPEAKER_LABEL.match(lines[0]) if caption.labelled else None
        if label:
            speaker = label.group(1) or label.group(2)
            lines = (lines[0][label.end():],) + lines[1:]
        out.append((speaker, lines))
    return out


def _clock(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


# SRT has no escape: players and editors read <…> as a tag (<i>, <font>) and drop what it holds
# (「延迟<100毫秒，>7秒就拆」 shows 「延迟7秒就拆」). Chinese text writes these signs full-width.
_SRT_SAFE = str.maketrans({"<": "＜", ">": "＞"})


def to_srt(captions: list[Caption], bom: bool = False, crlf: bool = False) -> bytes:
    """SRT (UTF-8, optionally with BOM and CRLF); < and > shown full-width (＜ ＞), as SRT
    readers take a half-width pair for a tag."""
    subs = [srt.Subtitle(i, timedelta(milliseconds=c.start_ms), timedelta(milliseconds=c.end_ms),
                         "\n".join(c.lines).translate(_SRT_SAFE)) for i, c in enumerate(captions, start=1)]
    text = srt.compose(subs, reindex=True, strict=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def to_vtt(captions: list[Caption], language: str) -> bytes:
    """WebVTT; a labelled transcript's cues carry their speaker as a voice span (<v 姚顺雨>).
    & < > in the text are written as character references (W3C WebVTT, cue text: a bare <
    opens a tag, so a conforming parser would drop 「<100毫秒」)."""
    vtt = webvtt.WebVTT(header_comments=[f"Language: {language}"])
    labelled = any(c.labelled for c in captions)
    for c, (speaker, lines) in zip(captions, voices(captions)):
        text = "\n".join(html.escape(line, quote=False) for line in lines)
        if labelled and speaker:
            text = f"<v {speaker}>{text}</v>"
        vtt.captions.append(webvtt.Caption(_clock(c.start_ms, "."), _clock(c.end_ms, "."), text))
    return vtt.content.encode("utf-8")


TTML = "http://www.w3.org/ns/ttml"
TTS = "http://www.w3.org/ns/ttml#styling"
TTP = "http://www.w3.org/ns/ttml#parameter"
TTM = "http://www.w3.org/ns/ttml#metadata"
XML = "http://www.w3.org/XML/1998/namespace"


def smpte(ms: int, fps: float) -> str:
    """Non-drop SMPTE timecode HH:MM:SS:FF of the frame nearest `ms`; at 23.976 or 29.97 frames
    are counted at the real rate and labelled at the nominal one (24, 30), as Final Cut does."""
    nominal = round(fps)
    frame = round(ms * fps / 1000)
    seconds, frames = divmod(frame, nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}"


def to_itt(captions: list[Caption], language: str, fps: float = 24.0) -> bytes:
    """Apple iTT, the TTML profile Final Cut Pro imports: SMPTE time base, non-drop timecode
    HH:MM:SS:FF at the project's frame rate, one bottom region."""
    ET.register_namespace("", TTML)
    ET.register_namespace("tts", TTS)
    ET.register_namespace("ttp", TTP)
    ET.register_namespace("ttm", TTM)
    tt = ET.Element(f"{{{TTML}}}tt", {
        f"{{{XML}}}lang": language, f"{{{TTP}}}timeBase": "smpte",
        f"{{{TTP}}}frameRate": str(round(fps)),
        f"{{{TTP}}}frameRateMultiplier": "1 1" if fps == round(fps) else "1000 1001",
        f"{{{TTP}}}dropMode": "nonDrop",
    })
    head = ET.SubElement(tt, f"{{{TTML}}}head")
    styling = ET.SubElement(head, f"{{{TTML}}}styling")
    ET.SubElement(styling, f"{{{TTML}}}style", {
        f"{{{XML}}}id": "normal", f"{{{TTS}}}fontFamily": "sansSerif", f"{{{TTS}}}fontSize": "100%",
        f"{{{TTS}}}fontWeight": "normal", f"{{{TTS}}}color": "white", f"{{{TTS}}}textAlign": "center"})
    layout = ET.SubElement(head, f"{{{TTML}}}layout")
    ET.SubElement(layout, f"{{{TTML}}}region", {
        f"{{{XML}}}id": "bottom", f"{{{TTS}}}origin": "0% 85%", f"{{{TTS}}}extent": "100% 15%",
        f"{{{TTS}}}displayAlign": "after", f"{{{TTS}}}textAlign": "center"})
    spoken_by = voices(captions) if any(c.labelled for c in captions) else [(None, c.lines) for c in captions]
    agents = {speaker: f"speaker{n}" for n, speaker in enumerate(dict.fromkeys(s for s, _ in spoken_by if s), 1)}
    if agents:   # TTML's way to say who speaks: ttm:agent on each paragraph
        metadata = ET.Element(f"{{{TTML}}}metadata")
        head.insert(0, metadata)      # metadata comes first in a TTML head
        for name, ident in agents.items():
            agent = ET.SubElement(metadata, f"{{{TTM}}}agent", {f"{{{XML}}}id": ident, "type": "person"})
            ET.SubElement(agent, f"{{{TTM}}}name", {"type": "full"}).text = name
    body = ET.SubElement(tt, f"{{{TTML}}}body", {"style": "normal", "region": "bottom"})
    div = ET.SubElement(body, f"{{{TTML}}}div")
    for c, (speaker, lines) in zip(captions, spoken_by):
        attributes = {"begin": smpte(c.start_ms, fps), "end": smpte(c.end_ms, fps)}
        if speaker in agents:
            attributes[f"{{{TTM}}}agent"] = agents[speaker]
        p = ET.SubElement(div, f"{{{TTML}}}p", attributes)
        p.text = lines[0]
        for line in lines[1:]:
            br = ET.SubElement(p, f"{{{TTML}}}br")
            br.tail = line
    ET.indent(tt)
    return ET.tostring(tt, encoding="utf-8", xml_declaration=True) + b"\n"

