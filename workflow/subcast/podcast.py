"""The podcast around the narrated summaries: cover art and an RSS feed per variant.

The feed follows ../shared/specs/audio-and-podcast.md: RSS 2.0 with the itunes namespace
(feedgen's podcast extension), exact enclosure lengths, GUIDs derived from each episode's
content (never from build time), pubDate and lastBuildDate from the config, so the same
inputs give the same bytes.
"""
from __future__ import annotations

import io
import logging
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from .config_check import category
from .site import index_url, page_url
from .textio import copy_atomic, read_text, write_bytes_atomic

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


def guid(show: dict, variant: str, name: str) -> str:
    """An episode's GUID, from what it is (the show, the variant, the episode's key), never from
    its content: an edited summary updates the item in place instead of publishing it again
    (Apple, "A Podcaster's Guide to RSS": a GUID never changes). The show is `podcast.show.guid`
    when set, else its title: set the guid before renaming a published show."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"subcast:{show.get('guid') or show['title']}:{variant}:{name}"))


def variant_title(show: dict, variant: str, variant_cfg: dict) -> str:
    """The show's title in one variant's feed, cover, tags and pages: `podcast.show.titles`'s
    entry for it, else the title with the variant's label (「…（臺灣正體）」) for every variant
    but the master, so a directory lists distinguishable shows."""
    if variant in show["titles"]:
        return show["titles"][variant]
    if not variant_cfg.get("opencc"):
        return show["title"]
    return f"{show['title']}（{variant_cfg.get('label') or variant}）"


def episode_title(name: str, topic_titles: dict[str, str]) -> str:
    """An episode's title as an app lists it under the show: the topic, or for the full episode
    the topics it holds (never the show's title again)."""
    return topic_titles[name] if name != "episode" else f"完整版：{'、'.join(topic_titles.values())}"


PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# Podcasting 2.0's namespace for podcast:guid: uuidv5 of the feed URL without its scheme.
_PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    return str(uuid.uuid5(_PODCAST_GUID_NS, re.sub(r"^[a-z]+://", "", feed_url).rstrip("/")))


def feed_xml(show: dict, variant: str, items: list[dict], base_url: str, convert=lambda text: text) -> bytes:
    """items: {name, guid, title, description (show notes, a line a paragraph), mp3 (path),
    type ("full" or "bonus"), and optionally transcripts [(path, mime)], chapters (path)} in
    feed order, the full episode first (`episode_items`); `convert` writes the show's text in
    the variant. The channel and each item link to their listening pages (subcast.site),
    published with the feed at `base_url`."""
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
    for number, item in enumerate(items):
        mp3 = Path(item["mp3"])
        page = page_url(base_url, variant, item["name"])
        entry = feed.add_entry(order="append")
        entry.guid(item["guid"], permalink=False)
        entry.title(convert(item["title"]))
        entry.link(href=page)
        notes = convert(item["description"])
        entry.description(notes)
        entry.content(_notes_html(notes, page, convert("在收听页面上阅读全文与出处")), type="CDATA")
        entry.enclosure(f"{folder}{mp3.name}", str(mp3.stat().st_size), "audio/mpeg")
        if item.get("image"):
            entry.podcast.itunes_image(f"{folder}{item['image']}")
        # Apps list newest first: the full episode newest, then the topics in the panel's order,
        # each a minute older than the one before (an episodic show: see the README).
        entry.published(published - timedelta(minutes=number))
        entry.podcast.itunes_duration(round(MP3(str(mp3)).info.length))
        entry.podcast.itunes_episode_type(item["type"])
        if item["type"] == "full":      # Apple: a bonus item's number names the full episode it belongs to
            entry.podcast.itunes_episode(1)
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

    from .timelines import read_timeline     # here: the Snakefile imports this module for titles

    chapters = [{"startTime": round(c["start_ms"] / 1000, 3), "title": convert(c["title"])}
                for c in read_timeline(timeline_path)["chapters"]]
    write_bytes_atomic(path, json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False,
                                        indent=1).encode("utf-8") + b"\n")


def write_cover(show: dict, path: str, variant: str, variant_cfg: dict, episode: str | None = None) -> None:
    """The cover with the show's title (`variant_title`) and subtitle written in the variant;
    an episode's artwork (`episode`: its title) has the episode's title under the show's."""
    from .variants import Converter, Variant

    convert = Converter(Variant.from_config(variant, variant_cfg)).convert
    title = variant_title(show, variant, variant_cfg)
    write_bytes_atomic(path, cover_png(convert(title), convert(episode or show.get("subtitle", ""))))


PLACEHOLDER_HOST = "example.org"


# The Podcasting 2.0 namespace's types (podcast:transcript).
TRANSCRIPT_TYPES = {".srt": "application/x-subrip", ".vtt": "text/vtt"}
_SOURCE_TAG = re.compile(r"\s*\[[0-9A-Za-z_-]+:L\d+(?:-\d+)?\](?:\[[0-9A-Za-z_-]+:L\d+(?:-\d+)?\])*")


def topic_notes(display_md: str) -> str:
    """A topic's show notes: its summary for reading (digits, terms as written), one sentence a
    line, without the heading and the source tags."""
    lines = [line for line in read_text(display_md).split("\n") if line.strip() and not line.startswith("#")]
    return "\n".join(_SOURCE_TAG.sub("", line).strip() for line in lines)


def episode_notes(show: dict, topic_titles: list[str], summaries: list[str]) -> str:
    """The full episode's show notes: the show's description, the topics in order and the
    panelists as the summaries introduce them (「腾讯的姚顺雨」)."""
    import json

    panelists: dict[str, str] = {}
    for path in summaries:
        for sentence in json.loads(read_text(path))["sentences"]:
            who = sentence.get("to") if sentence["role"] == "follow-up" else (
                sentence.get("speaker") if sentence["role"] == "position" else None)
            if who:
                panelists[who] = panelists.get(who) or sentence.get("intro") or ""
    introduced = [f"{intro}{name}" for name, intro in panelists.items()]
    return "\n".join([show["description"], f"本期话题：{'、'.join(topic_titles)}。",
                      f"嘉宾：{'、'.join(introduced)}。" if introduced else ""]).strip()


def _notes_html(notes: str, page: str, read_more: str) -> str:
    from html import escape

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in notes.split("\n") if line)
    return f'{paragraphs}<p><a href="{escape(page)}">{escape(read_more)}</a></p>'


def episode_items(show: dict, variant: str, audio: list[str], notes: list[str], titles: list[str], srts: list[str],
                  vtts: list[str], chapters: list[str], summaries: list[str], artwork: list[str] = ()) -> list[dict]:
    """The feed's items (`feed_xml`), one per episode in feed order, from its files: the full
    episode (`audio[0]`, named `episode`) leads, described by `episode_notes`; each topic
    follows as a bonus item described by its summary for reading (`notes`: the topics' display
    .md files, in the topics' order; `summaries`: their .json files); `artwork`: each episode's
    cover, in feed order. `show` is the config's."""
    topic_titles = titles[1:]
    items = []
    for k, (mp3, title, srt, vtt, chapter) in enumerate(zip(audio, titles, srts, vtts, chapters)):
        full = k == 0
        items.append({
            "name": Path(mp3).stem, "title": title, "mp3": mp3, "guid": guid(show, variant, Path(mp3).stem),
            "description": episode_notes(show, topic_titles, summaries) if full else topic_notes(notes[k - 1]),
            "type": "full" if full else "bonus",
            "transcripts": [(path, TRANSCRIPT_TYPES[Path(path).suffix]) for path in (srt, vtt)],
            "chapters": chapter,
            "image": Path(artwork[k]).name if artwork else None,
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
    show = {**show, "title": variant_title(show, variant, variant_cfg)}
    write_bytes_atomic(path, feed_xml(show, variant, items, base_url, convert))
    if cover and published_cover:
        copy_atomic(cover, published_cover)
