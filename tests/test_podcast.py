"""Summaries, cover art and feed, as a podcast producer checks them."""
import email.utils
import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from conftest import ROOT
from subcast.podcast import cover_png, feed_xml, guid
from subcast.reconcile import reconcile
from subcast.summarise import for_the_ear, sentences, summarise

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.fixture(scope="module")
def document(config):
    import os
    os.chdir(ROOT)
    return reconcile(config["sources"], config["people"], config["topics"],
                     {**config["reconcile"], "other_sections": config["other_sections"]})


@pytest.fixture(scope="module")
def summaries(document, config):
    return summarise(document, config["summary"])


def test_one_summary_per_topic_within_its_length_target(summaries, config):
    assert list(summaries) == [t["id"] for t in config["topics"]]
    for topic, summary in summaries.items():
        spoken = "".join(summary["ear"])
        assert 0.8 * config["summary"]["target_chars"] <= len(spoken) <= config["summary"]["max_chars"] + 40, topic
        assert len(summary["sentences"]) >= 3


def test_every_sentence_names_its_speaker_and_traces_to_a_point(summaries, document, config):
    points = {p["id"]: p for t in document["topics"] for p in t["points"]}
    people = set(config["people"])
    for summary in summaries.values():
        for sentence in summary["sentences"]:
            point = points[sentence["point"]]
            assert sentence["speaker"] == point["speaker"] and sentence["speaker"] in people
            assert sentence["speaker"] not in config["summary"]["exclude_speakers"]
            assert sentence["display"].startswith(sentence["speaker"])
            body = re.sub(r"[\W_]+", "", sentence["display"].split("，", 1)[1].split("。")[0])
            # The point's words, less bracketed glosses, with 2C/2B read as To C/To B.
            source = re.sub(r"（[^）]*）|\([^)]*\)", "", point["canonical"]).replace("2C", "ToC").replace("2B", "ToB")
            assert len(body) >= 10 and body in re.sub(r"[\W_]+", "", source)


def test_summaries_follow_the_panel_order(summaries, document):
    order = {p["id"]: k for t in document["topics"] for k, p in enumerate(t["points"])}
    for summary in summaries.values():
        ranks = [order[s["point"]] for s in summary["sentences"]]
        assert ranks == sorted(ranks)


def test_text_for_the_ear_has_no_digits_tags_or_brackets(summaries):
    for summary in summaries.values():
        for line in summary["ear"]:
            assert not re.search(r"[0-9\[\]（）()【】“”]", line), line
    assert for_the_ear("唐杰认为，从2025年初的10T数据到30T（估计）。") == "唐杰认为，从二零二五年初的十T数据到三十T。"


def test_a_disputed_point_says_so_in_one_clause():
    said = sentences([{"id": "p1", "speaker": "林俊旸", "text": "我觉得百分之二十吧", "tags": "[000:L237]",
                       "conflicts": ["c04"]}], {})
    assert said[0]["display"].count("说法不一") == 1 and "林俊旸的说法" in said[0]["display"]


def test_cover_is_a_square_rgb_png_small_enough_for_id3():
    data = cover_png("AGI-Next 圆桌 · 四个问题", "清华 AGI-Next 峰会")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB" and image.size == (1400, 1400)
    assert len(data) < 300_000


def test_feed_has_every_field_the_spec_lists_and_is_reproducible(tmp_path, config):
    files = []
    for name in ("episode", "divergence"):
        mp3, script = tmp_path / f"{name}.mp3", tmp_path / f"{name}.txt"
        from tests_audio_helper import tiny_mp3
        tiny_mp3(mp3)
        script.write_text(f"{name} 的文字\n", encoding="utf-8")
        files.append({"name": name, "title": f"标题 {name}", "description": "说明", "mp3": str(mp3), "script": str(script)})
    show = config["podcast"]["show"]
    first = feed_xml(show, "zh-HK", files, "https://example.org/x/")
    assert first == feed_xml(show, "zh-HK", files, "https://example.org/x/")
    channel = ET.fromstring(first).find("channel")
    assert channel.findtext("language") == "zh-hk" and channel.findtext("title") == show["title"]
    for tag in ("description", "link", "lastBuildDate"):
        assert channel.findtext(tag)
    assert channel.find(f"{ITUNES}image").get("href") == "https://example.org/x/cover.png"
    assert channel.find(f"{ITUNES}category").get("text") and channel.findtext(f"{ITUNES}explicit") == "no"
    assert channel.findtext(f"{ITUNES}author") and channel.find(f"{ITUNES}owner").findtext(f"{ITUNES}email")
    assert channel.findtext(f"{ITUNES}type") == "episodic"
    items = channel.findall("item")
    assert len(items) == 2
    for item, entry in zip(items, files):
        enclosure = item.find("enclosure")
        assert enclosure.get("url") == f"https://example.org/x/zh-HK/{entry['name']}.mp3"
        assert int(enclosure.get("length")) == (tmp_path / f"{entry['name']}.mp3").stat().st_size
        assert enclosure.get("type") == "audio/mpeg" and enclosure.get("url").isascii()
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).year == 2026
        assert int(item.findtext(f"{ITUNES}duration")) >= 1
        assert item.findtext("guid") == guid("zh-HK", entry["name"], f"{entry['name']} 的文字\n")


def test_guid_changes_with_content_not_with_time():
    assert guid("zh-Hans", "agents", "一") == guid("zh-Hans", "agents", "一")
    assert guid("zh-Hans", "agents", "一") != guid("zh-Hans", "agents", "二")
    assert guid("zh-Hans", "agents", "一") != guid("zh-TW", "agents", "一")
