"""What the JSON schema cannot check in config/config.yaml, checked before any job runs: one
line per problem, naming the key and what is allowed (the Snakefile stops on any).

Sources of the rules: Apple Podcasts' category list (podcasters.apple.com, "Apple Podcasts
categories"), RSS 2.0 pubDate needing a zone (RFC 2822), edge-tts voice names
(`<lang>-<REGION>-<Name>Neural`), OpenCC's shipped configurations, BCP-47 tags.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .g2p import check_readings

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
_EDGE_VOICE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}(?:-[A-Za-z]+)?-[A-Z][A-Za-z]+Neural$")
_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$")     # zh, zh-Hans, zh-TW, yue-HK


def category(value: str) -> tuple[str, str | None]:
    """"News > Tech News" → ("News", "Tech News"); "Technology" → ("Technology", None)."""
    parent, _, child = (part.strip() for part in value.partition(">"))
    return parent, child or None


def problems(config: dict, root: Path = Path(".")) -> list[str]:
    """Every problem with a config the schema passed and filled (`subcast.config.settle`),
    one line each: "key: why"."""
    out = []
    show = config["podcast"]["show"]
    parent, child = category(show["category"])
    if parent not in APPLE_CATEGORIES:
        out.append(f"podcast.show.category: {show['category']!r} is not an Apple Podcasts category "
                   f"(one of: {', '.join(APPLE_CATEGORIES)}; a subcategory as \"News > Tech News\")")
    elif child and child not in APPLE_CATEGORIES[parent]:
        allowed = ", ".join(APPLE_CATEGORIES[parent]) or "none"
        out.append(f"podcast.show.category: {child!r} is not a subcategory of {parent} (allowed: {allowed})")
    published = str(show["published"])
    try:
        if datetime.fromisoformat(published).tzinfo is None:
            out.append(f"podcast.show.published: {published!r} has no time zone: write it as "
                       "2026-01-11T20:00:00+08:00 (RSS pubDate needs one)")
    except ValueError:
        out.append(f"podcast.show.published: {published!r} is not an ISO 8601 date and time "
                   "(2026-01-11T20:00:00+08:00)")
    variants = config["variants"]
    for tag, variant in variants.items():
        if not _TAG.match(tag):
            out.append(f"variants.{tag}: not a BCP-47 language tag (zh-Hans, zh-Hant, zh-TW, zh-HK)")
        opencc = variant.get("opencc")
        if opencc and not _opencc_config_exists(opencc):
            out.append(f"variants.{tag}.opencc: {opencc!r} is not an OpenCC configuration (s2t, s2twp, s2hk, …)")
        for key in ("fixes", "regional_fixes"):
            out += _missing(root, variant[key], f"variants.{tag}.{key}")
    for key in ("narration", "podcast"):
        for tag in config[key]["variants"]:
            if tag not in variants:
                out.append(f"{key}.variants: {tag!r} is not a variant in `variants` ({', '.join(variants)})")
    voice = config["voice"]
    for tag, name in voice["edge"]["voices"].items():
        if not _EDGE_VOICE.match(str(name)):
            out.append(f"voice.edge.voices.{tag}: {name!r} is not an edge-tts voice name (zh-CN-XiaoxiaoNeural)")
    if voice["engine"] == "edge":
        for tag in config["narration"]["variants"]:
            if tag not in voice["edge"]["voices"]:
                out.append(f"voice.edge.voices: no voice for the narrated variant {tag!r}")
    out += _missing(root, [voice["lexicon"]], "voice.lexicon")
    out += check_readings(voice["readings"])
    for tid, transcript in config["transcripts"].items():
        out += _missing(root, [transcript["path"]], f"transcripts.{tid}.path")
        if transcript.get("timing") == "audio":
            out += _missing(root, [transcript["recording"]], f"transcripts.{tid}.recording")
    for sid, source in config["sources"].items():
        out += _missing(root, [source["path"]], f"sources.{sid}.path")
    for host in config["summary"]["exclude_speakers"]:
        if host not in config["people"]:
            out.append(f"summary.exclude_speakers: {host!r} is not a person in `people`")
    return out


def _missing(root: Path, paths, key: str) -> list[str]:
    return [f"{key}: {path!r} does not exist" for path in paths if not path or not (root / path).exists()]


def _opencc_config_exists(name: str) -> bool:
    import opencc

    folder = Path(opencc.__file__).parent
    return any(folder.rglob(f"{name}.json")) or any(folder.rglob(f"{name.removesuffix('.json')}.json"))
