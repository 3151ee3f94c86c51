"""Subtitle files: SRT (the `srt` library), WebVTT (webvtt-py) and Apple iTT (TTML).

Each writer returns bytes; the caller writes them atomically.
"""
from __future__ import annotations

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


def _clock(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def to_srt(captions: list[Caption], bom: bool = False, crlf: bool = False) -> bytes:
    subs = [srt.Subtitle(i, timedelta(milliseconds=c.start_ms), timedelta(milliseconds=c.end_ms),
                         "\n".join(c.lines)) for i, c in enumerate(captions, start=1)]
    text = srt.compose(subs, reindex=True, strict=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def to_vtt(captions: list[Caption], language: str) -> bytes:
    vtt = webvtt.WebVTT(header_comments=[f"Language: {language}"])
    for c in captions:
        vtt.captions.append(webvtt.Caption(_clock(c.start_ms, "."), _clock(c.end_ms, "."), "\n".join(c.lines)))
    return vtt.content.encode("utf-8")


TTML = "http://www.w3.org/ns/ttml"
TTS = "http://www.w3.org/ns/ttml#styling"
TTP = "http://www.w3.org/ns/ttml#parameter"
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
    body = ET.SubElement(tt, f"{{{TTML}}}body", {"style": "normal", "region": "bottom"})
    div = ET.SubElement(body, f"{{{TTML}}}div")
    for c in captions:
        p = ET.SubElement(div, f"{{{TTML}}}p", {"begin": smpte(c.start_ms, fps), "end": smpte(c.end_ms, fps)})
        p.text = c.lines[0]
        for line in c.lines[1:]:
            br = ET.SubElement(p, f"{{{TTML}}}br")
            br.tail = line
    ET.indent(tt)
    return ET.tostring(tt, encoding="utf-8", xml_declaration=True) + b"\n"

