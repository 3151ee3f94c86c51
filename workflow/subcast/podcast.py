"""The podcast around the narrated summaries: cover art and an RSS feed per variant.

The feed follows ../shared/specs/audio-and-podcast.md: RSS 2.0 with the itunes namespace
(feedgen's podcast extension), exact enclosure lengths, GUIDs derived from each episode's
content (never from build time), pubDate and lastBuildDate from the config, so the same
inputs give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from .config_check import category
from .site import index_url, page_url
from .textio import copy_atomic, read_text, write_bytes_atomic
from .timelines import read_timeline

LANGUAGES = {"zh-Hans": "zh-cn", "zh-Hant": "zh-hant", "zh-TW": "zh-tw", "zh-HK": "zh-hk"}


def cjk_font(size: int):
    """Noto Sans CJK from the `cvttf-notosanscjk-bold` wheel (no system fonts needed)."""
    from PIL import ImageFont

    try:
        import cvttf_NotoSansCJK_Bold as package
    except ImportError:
        raise RuntimeError("cover art needs a CJK font: pip install cvttf-notosanscjk-bold") from None
    return ImageFont.truetype(str(Path(package.__file__).parent / "NotoSansCJKtc-Bold.otf"), size)


def cover_png(title: str, subtitle: str, size: int = 1400) -> bytes:
    """A square RGB PNG: the show's title on a plain background, small enough for APIC."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), (24, 38, 66))
    draw = ImageDraw.Draw(image)
    draw.rectangle([size * 0.08, size * 0.62, size * 0.92, size * 0.625], fill=(235, 180, 60))
    for text, font_size, y in ((title, size // 9, 0.30), (subtitle, size // 18, 0.70)):
        font = cjk_font(font_size)
        lines = _wrap(draw, text, font, size * 0.84)
        top = size * y
        for line in lines:
            width = draw.textlength(line, font=font)
            draw.text(((size - width) / 2, top), line, font=font, fill=(245, 245, 240))
            top += font_size * 1.25
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _wrap(draw, text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > width and line:
            lines.append(line)
            line = char
        else:
            line += char
    return lines + ([line] if line else [])


def guid(variant: str, name: str, script: str) -> str:
    """The same episode content gives the same GUID on every build and machine."""
    digest = hashlib.sha256(script.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"subcast:{variant}:{name}:{digest}"))


PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# Podcasting 2.0's namespace for podcast:guid: uuidv5 of the feed URL without its scheme.
_PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    return str(uuid.uuid5(_PODCAST_GUID_NS, re.sub(r"^[a-z]+://", "", feed_url).rstrip("/")))


def feed_xml(show: dict, variant: str, items: list[dict], base_url: str, convert=lambda text: text) -> bytes:
    """items: {name, title, description, mp3 (path), script (path), and optionally type
    ("full" or "bonus"), transcripts [(path, mime)], chapters (path)} in feed order, the full
    episode first; `convert` writes the show's text in the variant. The channel and each item
    link to their listening pages (subcast.site), published with the feed at `base_url`."""
    from feedgen.feed import FeedGenerator
    from lxml import etree
    from mutagen.mp3 import MP3

    show = {key: convert(value) if isinstance(value, str) and key not in ("email", "published") else value
            for key, value in show.items()}
    published = datetime.fromisoformat(show["published"])
    folder = f"{base_url}{variant}/"
    language = LANGUAGES.get(variant, variant.lower())
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.title(show["title"])
    feed.description(show["description"])
    # feedgen's RSS <link> is the last link given: the page, after the feed's own address.
    feed.link(href=f"{folder}feed.xml", rel="self", type="application/rss+xml")
    feed.link(href=show.get("link") or index_url(base_url, variant), rel="alternate")
    feed.language(language)
    feed.author({"name": show["author"], "email": show["email"]})
    feed.lastBuildDate(published)
    feed.pubDate(published)
    feed.generator("subcast")
    feed.podcast.itunes_image(f"{folder}cover.png")
    feed.podcast.itunes_category(*category(show["category"]))     # "News > Tech News"
    feed.podcast.itunes_explicit("no")          # feedgen knows only yes/no/clean: set to false below
    feed.podcast.itunes_author(show["author"])
    feed.podcast.itunes_owner(name=show["author"], email=show["email"])
    feed.podcast.itunes_type("episodic")
    feed.podcast.itunes_summary(show["description"])
    for number, item in enumerate(items, start=1):
        mp3 = Path(item["mp3"])
        entry = feed.add_entry(order="append")
        entry.guid(guid(variant, item["name"], read_text(item["script"])), permalink=False)
        entry.title(convert(item["title"]))
        entry.link(href=page_url(base_url, variant, item["name"]))
        entry.description(convert(item["description"]))
        entry.enclosure(f"{folder}{mp3.name}", str(mp3.stat().st_size), "audio/mpeg")
        # Apps order by date: the full episode newest, the topics a minute apart before it.
        entry.published(published - timedelta(minutes=0 if number == 1 else len(items) + 1 - number))
        entry.podcast.itunes_duration(round(MP3(str(mp3)).info.length))
        entry.podcast.itunes_episode(number)
        entry.podcast.itunes_episode_type(item.get("type", "full"))
        entry.podcast.itunes_explicit("no")
    root = etree.fromstring(feed.rss_str(pretty=False))
    # feedgen has no Podcasting 2.0 extension: its tags are added to the tree it made.
    channel = root.find("channel")
    for explicit in root.iter(f"{{{ITUNES_NS}}}explicit"):
        explicit.text = "false"

    def add(parent, tag: str, text: str | None = None, **attributes):
        element = etree.SubElement(parent, f"{{{PODCAST_NS}}}{tag}", {k: str(v) for k, v in attributes.items()},
                                   nsmap={"podcast": PODCAST_NS})
        element.text = text
        return element

    add(channel, "locked", "yes" if show["locked"] else "no", owner=show["email"])
    add(channel, "guid", podcast_guid(f"{folder}feed.xml"))
    for element, item in zip(channel.findall("item"), items):
        for path, mime in item.get("transcripts", []):
            add(element, "transcript", url=f"{folder}{Path(path).name}", type=mime, language=language)
        if item.get("chapters"):
            add(element, "chapters", url=f"{folder}{Path(item['chapters']).name}", type="application/json+chapters")
    etree.cleanup_namespaces(root, top_nsmap={"podcast": PODCAST_NS})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def chapters_json(timeline_path: str, path: str, convert=lambda text: text) -> None:
    """Podcasting 2.0 JSON chapters from a voiced episode's timeline."""
    import json

    chapters = [{"startTime": round(c["start_ms"] / 1000, 3), "title": convert(c["title"])}
                for c in read_timeline(timeline_path)["chapters"]]
    write_bytes_atomic(path, json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False,
                                        indent=1).encode("utf-8") + b"\n")


def write_cover(show: dict, path: str, variant: str, variant_cfg: dict) -> None:
    """The cover with the show's title and subtitle written in the variant."""
    from .variants import Converter, Variant

    convert = Converter(Variant.from_config(variant, variant_cfg)).convert
    write_bytes_atomic(path, cover_png(convert(show["title"]), convert(show.get("subtitle", ""))))


PLACEHOLDER_HOST = "example.org"


TRANSCRIPT_TYPES = {".srt": "application/srt", ".vtt": "text/vtt"}


def episode_items(show: dict, audio: list[str], scripts: list[str], titles: list[str], srts: list[str],
                  vtts: list[str], chapters: list[str]) -> list[dict]:
    """The feed's items (`feed_xml`), one per episode in feed order, from its files: the full
    episode (named `episode`, described by the show's description) leads; each topic follows
    as a bonus item described by its spoken summary."""
    items = []
    for mp3, script, title, srt, vtt, chapter in zip(audio, scripts, titles, srts, vtts, chapters):
        full = Path(mp3).stem == "episode"
        summary = read_text(script).split("\n")
        items.append({
            "name": Path(mp3).stem, "title": title, "mp3": mp3, "script": script,
            "description": show["description"] if full else "".join(line for line in summary if line),
            "type": "full" if full else "bonus",
            "transcripts": [(path, TRANSCRIPT_TYPES[Path(path).suffix]) for path in (srt, vtt)],
            "chapters": chapter,
        })
    return items


def write_feed(show: dict, variant: str, variant_cfg: dict, items: list[dict], base_url: str, path: str,
               cover: str | None = None, published_cover: str | None = None) -> None:
    """The feed, and the cover it names copied next to it."""
    from .variants import Converter, Variant

    if PLACEHOLDER_HOST in base_url:
        logging.getLogger(__name__).warning(
            "podcast.base_url is still %s: set it in config/config.yaml to where outputs/site/ is "
            "published, or every enclosure, cover, transcript and page URL in %s points nowhere", base_url, path)
    convert = Converter(Variant.from_config(variant, variant_cfg)).convert
    write_bytes_atomic(path, feed_xml(show, variant, items, base_url, convert))
    if cover and published_cover:
        copy_atomic(cover, published_cover)
