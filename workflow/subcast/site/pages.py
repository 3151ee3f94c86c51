"""Builds outputs/site/: per variant an index and one page per episode (player, chapters, the
transcript from the episode's own subtitles, the summary with every sentence linked to its
reconciled point), the files those pages play and offer, and one small stylesheet and script
shared by all. Every link is relative, so the site works from file:// and from any host."""
from __future__ import annotations

import io
import json
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import source_tag
from ..textio import copy_atomic, read_text, write_bytes_atomic, write_text_atomic
from ..timelines import read_timeline
from . import index_url, page_url

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
ASSETS = ("site.css", "player.js")
PUBLISHED = ("mp3", "srt", "vtt", "chapters.json", "png")   # per episode, next to its page
PAGE_BUDGET = 200 * 1024      # bytes a page costs without its audio
THUMBNAIL = "cover-320.jpg"

# The page's own words, written once in simplified Chinese and converted like everything else.
UI = {
    "skip": "跳到正文", "variants": "文字版本", "episodes": "节目", "chapters": "章节", "transcript": "文稿",
    "transcript_hint": "点一句，从那里播放。", "summary": "摘要与出处", "points": "核对过的要点",
    "point": "要点", "sources": "各份记录的原话", "conflicts": "说法不一", "back": "回到摘要",
    "play_from": "从 {time} 播放", "source_of": "出处：{tags}", "reported_by": "{n} 份记录提到",
    "subscribe": "订阅", "feed_url": "RSS 订阅地址", "download": "下载", "full": "完整一集",
    "duration": "时长",
    "kind": {"number": "数字", "year": "年份", "attribution": "谁说的", "credit": "引自谁", "roster": "谁在台上", "hedge": "语气"},
}


@dataclass
class Cue:
    start: float
    end: float
    text: str


@dataclass
class Episode:
    name: str
    title: str
    mp3: str
    seconds: float
    cues: list[Cue]
    chapters: list[dict]
    topics: list[dict] = field(default_factory=list)   # the summary: [{id, title, sentences}]
    short_title: str = ""                               # in a list under the show's title


def clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def _join(lines: list[str]) -> str:
    """A cue's lines as one run of text: a space only between two Latin words."""
    text = ""
    for line in lines:
        line = line.strip()
        if text and re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9,.;:!?]$", text):
            text += " "
        text += line
    return text


def read_cues(srt_path: str | Path) -> list[Cue]:
    import srt

    return [Cue(c.start.total_seconds(), c.end.total_seconds(), _join(c.content.split("\n")))
            for c in srt.parse(read_text(srt_path))]


def read_chapters(path: str | Path) -> list[dict]:
    return [{"start": c["startTime"], "title": c["title"]} for c in json.loads(read_text(path))["chapters"]]


def _snap(seconds: float, cues: list[Cue], within: float = 0.1) -> float:
    """A line's start moved onto the cue it opens (cue times are rounded to frames), so a
    seek there highlights that cue, not the one before."""
    nearest = min(cues, key=lambda cue: abs(cue.start - seconds), default=None)
    return nearest.start if nearest and abs(nearest.start - seconds) <= within else seconds


def _listed(witness) -> list[dict]:
    return witness if isinstance(witness, list) else [witness]


def summary_topics(summaries: dict[str, dict], first_lines: dict[str, int], line_times: dict[int, float],
                   convert) -> list[dict]:
    """Each topic's summary sentences, in the variant, with where each is spoken (the script
    has one sentence a line, the topic's first at `first_lines[topic]`)."""
    topics = []
    for topic_id, first in first_lines.items():
        summary = summaries[topic_id]
        sentences = []
        for k, sentence in enumerate(summary["sentences"]):
            sentences.append({"id": f"s-{topic_id}-{k + 1}", "text": convert(sentence["display"]),
                              "start": line_times.get(first + k), "tags": "".join(source_tag(w["source"], w["lines"]) for w in _listed(sentence["witness"])),
                              "target": None, "point": sentence.get("point"),
                              "conflicts": sentence.get("conflicts", [])})
        topics.append({"id": topic_id, "title": convert(summary["title"]), "sentences": sentences})
    return topics


def reconciled_points(topics: list[dict], document: dict, convert) -> list[dict]:
    """The reconciled points the sentences link to: the point, each source's own words with
    its tag, and the conflicts that touch it (each side's words and value). Sets each
    sentence's `target`: its point's anchor, else its conflict's, else None (plain tags)."""
    points = {p["id"]: p for topic in document["topics"] for p in topic["points"]}
    conflicts = {c["id"]: c for c in document["conflicts"]}
    by_point: dict[str, list[str]] = {}
    for conflict in document["conflicts"]:
        if conflict.get("point"):
            by_point.setdefault(conflict["point"], []).append(conflict["id"])
    shown: dict[str, dict] = {}
    for topic in topics:
        for sentence in topic["sentences"]:
            point = points.get(sentence["point"]) if sentence["point"] else None
            known = [c for c in sentence["conflicts"] if c in conflicts]
            if point is None and not known:
                continue
            sentence["target"] = f"p-{point['id']}" if point else f"c-{known[0]}"
            if sentence["target"] in shown:
                shown[sentence["target"]]["cited_by"].append(sentence["id"])
                continue
            touching = list(dict.fromkeys((point or {}).get("conflicts", []) + by_point.get(sentence["point"], [])
                                          + sentence["conflicts"]))
            if point:
                statements = [document["statements"][i] for i in point["statements"]]
                text, speaker, support = point["canonical"], point.get("speaker"), point["support"]
            else:   # a disagreement no single point holds
                first = conflicts[known[0]]
                statements, text, speaker = [], first.get("point_text") or first["sides"][0]["excerpt"], None
                support = len({side["source"] for side in first["sides"]})
            quoted = {(s["source"], s["text"]) for s in statements}
            shown[sentence["target"]] = {
                "id": sentence["target"], "text": convert(text), "speaker": convert(speaker) if speaker else None,
                "support": support, "cited_by": [sentence["id"]],
                "statements": [{"tag": source_tag(s["source"], s["lines"]), "speaker": s.get("speaker"),
                                "text": s["text"]} for s in statements],
                "conflicts": [_conflict(conflicts[c], quoted) for c in touching if c in conflicts],
            }
    return list(shown.values())


def _conflict(conflict: dict, quoted: set[tuple[str, str]]) -> dict:
    """A conflict's sides; a side's words already quoted above it are not repeated."""
    return {"id": conflict["id"], "kind": conflict["kind"],
            "sides": [{"tag": source_tag(s["source"], s["lines"]), "value": s.get("value"), "speaker": s.get("speaker"),
                       "text": None if (s["source"], s["excerpt"]) in quoted else s["excerpt"]}
                      for s in conflict["sides"]]}


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["clock"] = clock
    env.filters["seconds"] = lambda value: f"{value:.3f}"
    return env


def _thumbnail(cover: Path, path: Path) -> None:
    from PIL import Image

    with Image.open(cover) as image:
        small = image.convert("RGB").resize((320, 320), Image.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    write_bytes_atomic(path, buffer.getvalue())


def _mp3_seconds(path: Path) -> float:
    from mutagen.mp3 import MP3

    return MP3(str(path)).info.length


def _publish(source: Path, folder: Path, names: list[str]) -> None:
    """The files a variant's pages play and offer, next to them, and a small cover."""
    for name in names:
        for ext in PUBLISHED:
            copy_atomic(source / f"{name}.{ext}", folder / f"{name}.{ext}")
    for extra in ("feed.xml", "cover.png"):
        copy_atomic(source / extra, folder / extra)
    _thumbnail(source / "cover.png", folder / THUMBNAIL)


def read_episode(name: str, source: Path, voiced: Path, episode_chapters: list[dict], summaries: dict[str, dict],
                 convert) -> Episode:
    """An episode as its page shows it: cues and chapters from its published files, its
    summary's sentences timed by its voiced timeline."""
    timeline = read_timeline(str(voiced / f"{name}.timeline.json"))
    cues = read_cues(source / f"{name}.srt")
    line_times = {line: _snap(start, cues) for line, start, _ in timeline["lines"]}
    first_lines = ({c["topic"]: c["line"] + 1 for c in episode_chapters if c.get("topic")}
                   if name == "episode" else {name: 1})
    return Episode(name=name, title=name, mp3=f"{name}.mp3", seconds=_mp3_seconds(source / f"{name}.mp3"),
                   cues=cues, chapters=read_chapters(source / f"{name}.chapters.json"),
                   topics=summary_topics(summaries, first_lines, line_times, convert))


@dataclass
class SiteInputs:
    """Where the built files are (the rule lists each of them as an input)."""
    podcast: Path          # outputs/podcast/<variant>/...
    summaries: Path        # outputs/summaries/<topic>.json, episode.<voicing>.chapters.json
    voiced: Path           # outputs/voiced/<voicing>/<name>.timeline.json
    topics_json: Path      # outputs/reconciled/topics.json


def build_site(inputs: SiteInputs, site: Path, show: dict, base_url: str, variants: dict[str, dict],
               voicings: dict[str, str], names: list[str], titles: dict[str, dict[str, str]]) -> None:
    """Writes the whole site into `site`. variants: tag → its config (with an optional
    `label`), in the order the switch lists them; voicings: tag → the script variant its audio
    reads; titles: tag → name → episode title."""
    from ..podcast import variant_title
    from ..variants import Converter, Variant

    started = time.monotonic()
    env = _environment()
    document = json.loads(read_text(inputs.topics_json))
    topic_names = [n for n in names if n != "episode"]
    summaries = {t: json.loads(read_text(inputs.summaries / f"{t}.json")) for t in topic_names}
    for asset in ASSETS:
        write_bytes_atomic(site / "assets" / asset, (HERE / "static" / asset).read_bytes())
    switch = [{"tag": tag, "label": cfg.get("label", tag)} for tag, cfg in variants.items()]
    listing, home = [], None
    for tag, cfg in variants.items():
        convert = Converter(Variant.from_config(tag, cfg)).convert
        ui = {key: ({k: convert(v) for k, v in value.items()} if isinstance(value, dict) else convert(value))
              for key, value in UI.items()}
        folder, source = site / tag, inputs.podcast / tag
        _publish(source, folder, names)
        episode_chapters = json.loads(read_text(inputs.summaries / f"episode.{voicings[tag]}.chapters.json"))
        episodes = [read_episode(name, source, inputs.voiced / voicings[tag], episode_chapters, summaries, convert)
                    for name in names]
        for episode in episodes:
            episode.title = convert(titles[tag][episode.name])
            episode.short_title = ui["full"] if episode.name == "episode" else episode.title
        shown = {"subtitle": "", **{k: convert(v) if isinstance(v, str) else v for k, v in show.items()}}
        shown["title"] = convert(variant_title(show, tag, cfg))
        shared = {"show": shown, "ui": ui, "root": "../",
                  "lang": tag, "variant": tag, "switch": switch, "base_url": base_url, "episodes": episodes,
                  "feed_url": f"{base_url}{tag}/feed.xml", "thumbnail": THUMBNAIL}
        for episode in episodes:
            html = env.get_template("episode.html.j2").render(
                **shared, page=f"{episode.name}.html", episode=episode, canonical=page_url(base_url, tag, episode.name),
                points=reconciled_points(episode.topics, document, convert))
            _write_page(folder / f"{episode.name}.html", html)
        _write_page(folder / "index.html", env.get_template("variant.html.j2").render(
            **shared, page="index.html", canonical=index_url(base_url, tag)))
        listing.append({"tag": tag, "label": cfg.get("label", tag), "title": shared["show"]["title"],
                        "episodes": episodes})
        home = home or {**shared, "root": "", "thumbnail": f"{tag}/{THUMBNAIL}"}   # in the first variant
    _write_page(site / "index.html", env.get_template("index.html.j2").render(
        **home, listing=listing, canonical=f"{base_url}index.html"))
    log.info("site: %d pages in %d variants written to %s in %.2f s", len(variants) * (len(names) + 1) + 1,
             len(variants), site, time.monotonic() - started)


def page_weight(page: Path) -> int:
    """Bytes a browser fetches for a page, its audio aside: the HTML, the stylesheet, the
    script and the images it names."""
    html = page.read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    fetched = re.findall(r'<(?:img|script)\b[^>]*\bsrc="([^"#]+)"', html)
    fetched += re.findall(r'<link rel="stylesheet" href="([^"#]+)"', html)
    for ref in fetched:
        total += (page.parent / ref).stat().st_size
    return total


def _write_page(path: Path, html: str) -> None:
    write_text_atomic(path, html)
    weight = page_weight(path)
    if weight > PAGE_BUDGET:
        log.warning("%s weighs %d KB without its audio, over the %d KB a page should cost on a phone",
                    path, weight // 1024, PAGE_BUDGET // 1024)
