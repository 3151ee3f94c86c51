"""The podcast around the narrated summaries: cover art and an RSS feed per variant.

The feed follows ../shared/specs/audio-and-podcast.md: RSS 2.0 with the itunes namespace
(feedgen's podcast extension), exact enclosure lengths, GUIDs derived from each episode's
content (never from build time), pubDate and lastBuildDate from the config, so the same
inputs give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import uuid
from datetime import datetime
from pathlib import Path

from .textio import read_text, write_bytes_atomic

LANGUAGES = {"zh-Hans": "zh-cn", "zh-Hant": "zh-tw", "zh-TW": "zh-tw", "zh-HK": "zh-hk"}


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


def feed_xml(show: dict, variant: str, items: list[dict], base_url: str, convert=lambda text: text) -> bytes:
    """items: {name, title, description, mp3 (path), script (path)} in feed order; `convert`
    writes the show's text in the variant."""
    from feedgen.feed import FeedGenerator
    from mutagen.mp3 import MP3

    show = {key: convert(value) if isinstance(value, str) and key not in ("email", "published") else value
            for key, value in show.items()}
    published = datetime.fromisoformat(show["published"])
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.title(show["title"])
    feed.description(show["description"])
    feed.link(href=base_url, rel="alternate")
    feed.language(LANGUAGES.get(variant, variant.lower()))
    feed.author({"name": show["author"], "email": show["email"]})
    feed.lastBuildDate(published)
    feed.pubDate(published)
    feed.generator("subcast")
    feed.podcast.itunes_image(f"{base_url}cover.png")
    feed.podcast.itunes_category(show.get("category", "Technology"))
    feed.podcast.itunes_explicit("no")
    feed.podcast.itunes_author(show["author"])
    feed.podcast.itunes_owner(name=show["author"], email=show["email"])
    feed.podcast.itunes_type("episodic")
    feed.podcast.itunes_summary(show["description"])
    for number, item in enumerate(items, start=1):
        mp3 = Path(item["mp3"])
        entry = feed.add_entry(order="append")
        entry.guid(guid(variant, item["name"], read_text(item["script"])), permalink=False)
        entry.title(convert(item["title"]))
        entry.description(convert(item["description"]))
        entry.enclosure(f"{base_url}{variant}/{mp3.name}", str(mp3.stat().st_size), "audio/mpeg")
        entry.published(published)
        entry.podcast.itunes_duration(round(MP3(str(mp3)).info.length))
        entry.podcast.itunes_episode(number)
        entry.podcast.itunes_explicit("no")
    return feed.rss_str(pretty=True)


def write_cover(show: dict, path: str) -> None:
    write_bytes_atomic(path, cover_png(show["title"], show.get("subtitle", "")))


def write_feed(show: dict, variant: str, variant_cfg: dict, items: list[dict], base_url: str, path: str) -> None:
    from .variants import Converter, Variant

    convert = Converter(Variant.from_config(variant, variant_cfg)).convert
    write_bytes_atomic(path, feed_xml(show, variant, items, base_url, convert))
