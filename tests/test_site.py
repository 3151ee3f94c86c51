"""The listening site (outputs/site/), read as a browser and a host would: every page parses,
every reference resolves inside the site, each transcript is exactly its episode's
subtitles, and every summary sentence reaches the sources' own words."""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pysrt
import pytest
import srt
import yaml

from subcast.config import entry, filled
from subcast.sources import source_tag
from subcast.site.pages import (PAGE_BUDGET, SiteInputs, _join, build_site, clock, page_weight, reconciled_points,
                                summary_topics)

VARIANTS = ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"]
NAMES = ["episode", "divergence", "next-paradigm", "agents", "china-lead"]
NS = {"h": "http://www.w3.org/1999/xhtml"}


def parse(page: Path):
    """html5lib in strict mode: a page a browser must repair fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page.read_bytes(),
                                                                             transport_encoding="utf-8")


def text(element) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def site(built):
    return built / "outputs" / "site"


@pytest.fixture(scope="module")
def base_url(built):
    return yaml.safe_load((built / "config/config.yaml").read_text(encoding="utf-8"))["podcast"]["base_url"]


@pytest.fixture(scope="module")
def pages(site):
    return {page: parse(page) for page in sorted(site.rglob("*.html"))}


def test_a_page_per_variant_and_episode_and_an_index(site, pages):
    expected = {site / "index.html"} | {site / v / f"{n}.html" for v in VARIANTS for n in NAMES + ["index"]}
    assert set(pages) == expected


def test_every_reference_resolves_inside_the_site(site, pages, base_url):
    ids = {page: {e.get("id") for e in tree.iter() if e.get("id")} for page, tree in pages.items()}
    for page, tree in pages.items():
        for element in tree.iter():
            for attribute in ("href", "src"):
                ref = element.get(attribute)
                if ref is None:
                    continue
                parts = urlsplit(ref)
                if parts.scheme or ref.startswith("//"):
                    assert ref.startswith(base_url), f"{page}: {ref} is outside {base_url}"
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), f"{page}: {ref} does not resolve"
                assert site.resolve() in target.parents, f"{page}: {ref} leaves the site"
                if parts.fragment and target.suffix == ".html" and "=" not in parts.fragment:
                    assert parts.fragment in ids[target], f"{page}: {ref} names no element"
    for page in pages:    # nothing fetched from elsewhere: no URL at all outside the links above
        for url in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", page.read_text(encoding="utf-8")):
            assert url.startswith(base_url), f"{page}: {url}"
    for asset in (site / "assets").iterdir():
        assert not re.search(r"https?://|//[a-z]", asset.read_text(encoding="utf-8")), asset


def test_each_transcript_is_exactly_its_episodes_subtitles(site, pages):
    for variant in VARIANTS:
        for name in NAMES:
            page = pages[site / variant / f"{name}.html"]
            shown = [(float(b.get("data-seek")), float(b.get("data-end")),
                      re.sub(r"\s+", "", text(b.find("h:span[@class='text']", NS))))
                     for b in page.iterfind(".//h:button[@data-cue]", NS)]
            subtitles = site / variant / f"{name}.srt"
            cues = list(srt.parse(subtitles.read_text(encoding="utf-8")))
            assert [(round(c.start.total_seconds(), 3), round(c.end.total_seconds(), 3),
                     re.sub(r"\s+", "", c.content)) for c in cues] == shown, (variant, name)
            assert len(pysrt.open(str(subtitles), encoding="utf-8")) == len(shown)
            audio = page.find(".//h:audio", NS)
            assert audio.get("src") == f"{name}.mp3" and audio.get("controls") is not None


def test_chapters_are_the_episodes_chapters_and_buttons(site, pages):
    for variant in VARIANTS:
        for name in NAMES:
            page = pages[site / variant / f"{name}.html"]
            buttons = list(page.iterfind(".//h:button[@data-chapter]", NS))
            chapters = json.loads((site / variant / f"{name}.chapters.json").read_text(encoding="utf-8"))["chapters"]
            assert [float(b.get("data-seek")) for b in buttons] == [c["startTime"] for c in chapters]
            assert [text(b).split(None, 1)[1].strip() for b in buttons] == [c["title"] for c in chapters]
            assert all(b.get("type") == "button" for b in buttons)


def test_every_summary_sentence_links_to_its_point_its_sources_and_conflicts(built, site, pages):
    document = json.loads((built / "outputs/reconciled/topics.json").read_text(encoding="utf-8"))
    points = {p["id"]: p for t in document["topics"] for p in t["points"]}
    conflicts = {c["id"]: c for c in document["conflicts"]}
    for name in NAMES:
        page = pages[site / "zh-Hans" / f"{name}.html"]
        articles = {a.get("id"): a for a in page.iterfind(".//h:article", NS)}
        topics = NAMES[1:] if name == "episode" else [name]
        sentences = [s for t in topics
                     for s in json.loads((built / f"outputs/summaries/{t}.json").read_text(encoding="utf-8"))["sentences"]]
        items = list(page.iterfind(".//h:ol[@class='sentences']/h:li", NS))
        assert len(items) == len(sentences)
        for item, sentence in zip(items, sentences):
            assert sentence["display"] in re.sub(r"\s+", " ", text(item))
            if sentence["point"] is None:   # a host's follow-up too short to be a point: its source line, shown
                witness = sentence["witness"]
                assert source_tag(witness["source"], witness["lines"]) in text(item)
                continue
            link = item.find("h:a[@class='tags']", NS)
            article = articles[link.get("href")[1:]]
            words = text(article)
            if sentence["point"]:
                point = points[sentence["point"]]
                assert point["canonical"] in words
                for index in point["statements"]:
                    statement = document["statements"][index]
                    assert source_tag(statement["source"], statement["lines"]) in words and statement["text"] in words
            for conflict_id in sentence["conflicts"]:
                for side in conflicts[conflict_id]["sides"]:
                    assert source_tag(side["source"], side["lines"]) in words
                    assert side["excerpt"] in words and (side["value"] or "") in words
            assert any(a.get("href") == f"#{item.get('id')}" for a in article.iterfind(".//h:a", NS))


def test_summary_sentences_seek_to_the_cue_that_speaks_them(site, pages):
    for name in NAMES:
        page = pages[site / "zh-Hans" / f"{name}.html"]
        cues = [(float(b.get("data-seek")), float(b.get("data-end")))
                for b in page.iterfind(".//h:button[@data-cue]", NS)]
        seeks = [float(b.get("data-seek")) for b in page.iterfind(".//h:ol[@class='sentences']/h:li/h:button", NS)]
        assert len(seeks) == len(page.findall(".//h:ol[@class='sentences']/h:li", NS))
        # each sentence plays from inside the cue that speaks it (its start, where it opens one)
        assert all(any(start <= seek < end for start, end in cues) for seek in seeks), name
        assert seeks == sorted(seeks), name


def test_pages_are_light_and_point_into_the_variants(site, pages):
    for page, tree in pages.items():
        for control in list(tree.iter(f"{{{NS['h']}}}a")) + list(tree.iter(f"{{{NS['h']}}}button")):
            assert (control.get("aria-label") or text(control)).strip(), f"{page}: a control with no name"
        assert page_weight(page) <= PAGE_BUDGET, page
        if page.parent.name in VARIANTS:
            switch = [a.get("href") for a in tree.iterfind(".//h:nav[@class='variants']//h:a", NS)]
            assert switch == [f"../{v}/{page.name}" for v in VARIANTS]
            assert tree.get("lang") == page.parent.name
    tw = text(pages[site / "zh-TW" / "episode.html"].find(".//h:h2[@id='chapters-heading']", NS))
    assert tw == "章節"    # the page's own words are written in the variant too


def test_feeds_link_to_the_pages_and_the_site_publishes_them(built, site, base_url):
    for variant in VARIANTS:
        feed = site / variant / "feed.xml"
        assert feed.read_bytes() == (built / f"outputs/podcast/{variant}/feed.xml").read_bytes()
        channel = ET.parse(feed).getroot().find("channel")
        links = [channel.findtext("link")] + [item.findtext("link") for item in channel.findall("item")]
        assert links == [f"{base_url}{variant}/index.html"] + [f"{base_url}{variant}/{n}.html" for n in NAMES]
        for url in links + [e.get("url") for e in channel.iter() if e.get("url")]:
            assert (site / url[len(base_url):]).is_file(), url
        for name in NAMES:
            assert (site / variant / f"{name}.mp3").read_bytes() == (built / f"outputs/podcast/{variant}/{name}.mp3").read_bytes()


def test_cue_text_joins_lines_like_the_language():
    assert _join(["本集依次讲分化、", "下一个范式"]) == "本集依次讲分化、下一个范式"
    assert _join(["uses Claude", "Code daily"]) == "uses Claude Code daily"
    assert _join(["用 GPT", "写代码"]) == "用 GPT写代码"
    assert clock(59.9) == "00:59" and clock(3725) == "1:02:05"


def test_a_disagreement_without_a_point_still_shows_each_side():
    summaries = {"t": {"title": "话题", "sentences": [
        {"role": "conflict", "speaker": None, "point": None, "conflicts": ["c1"], "display": "说法不一。",
         "witness": [{"source": "a", "lines": [3, 3]}, {"source": "b", "lines": [9, 9]}]}]}}
    document = {"topics": [], "statements": [], "conflicts": [
        {"id": "c1", "topic": "t", "point": None, "kind": "year", "sides": [
            {"source": "a", "lines": [3, 3], "excerpt": "2026 年", "value": "2026 年"},
            {"source": "b", "lines": [9, 9], "excerpt": "2027 年", "value": "2027 年"}]}]}
    topics = summary_topics(summaries, {"t": 1}, {1: 4.5}, str)
    [point] = reconciled_points(topics, document, str)
    assert topics[0]["sentences"][0]["start"] == 4.5 and topics[0]["sentences"][0]["target"] == "c-c1"
    assert point["id"] == "c-c1" and point["support"] == 2
    assert [s["text"] for s in point["conflicts"][0]["sides"]] == ["2026 年", "2027 年"]
    # a sentence whose point the reconciled text does not hold keeps its tags, unlinked
    summaries["t"]["sentences"][0].update(point="t-404", conflicts=[])
    topics = summary_topics(summaries, {"t": 1}, {}, str)
    assert reconciled_points(topics, document, str) == [] and topics[0]["sentences"][0]["target"] is None


def test_a_show_the_project_never_saw_gets_its_pages(tmp_path):
    """One variant, one made-up topic, no show subtitle: the pages are built from whatever
    the run made, and every reference on them resolves."""
    from PIL import Image
    from tests_audio_helper import tiny_mp3

    podcast, summaries, voiced = tmp_path / "podcast" / "zh-TW", tmp_path / "summaries", tmp_path / "voiced" / "zh-Hans"
    for folder in (podcast, summaries, voiced):
        folder.mkdir(parents=True)
    Image.new("RGB", (1400, 1400), "navy").save(podcast / "cover.png")
    (podcast / "feed.xml").write_text("<rss/>", encoding="utf-8")
    sentence = {"role": "position", "speaker": "王五", "point": "robots-001", "conflicts": [],
                "witness": {"source": "a", "lines": [4, 4]}, "display": "王五认为，机器人明年会进入家庭。"}
    (summaries / "robots.json").write_text(json.dumps({"title": "机器人", "sentences": [sentence]}), encoding="utf-8")
    (summaries / "episode.zh-Hans.chapters.json").write_text(json.dumps(
        [{"title": "开场", "line": 1}, {"title": "机器人", "line": 2, "topic": "robots"}]), encoding="utf-8")
    for name, lines in (("episode", [[1, 0.1, 0.8], [3, 1.0, 1.9]]), ("robots", [[1, 0.1, 1.9]])):
        tiny_mp3(podcast / f"{name}.mp3")
        (voiced / f"{name}.timeline.json").write_text(json.dumps({"lines": lines}), encoding="utf-8")
        (podcast / f"{name}.srt").write_text("1\n00:00:00,100 --> 00:00:01,900\n王五認為\n機器人明年會進入家庭\n\n",
                                             encoding="utf-8")
        (podcast / f"{name}.vtt").write_text("WEBVTT\n", encoding="utf-8")
        Image.new("RGB", (1400, 1400), "teal").save(podcast / f"{name}.png")      # the episode's artwork
        (podcast / f"{name}.chapters.json").write_text(json.dumps(
            {"version": "1.2.0", "chapters": [{"startTime": 0.0, "title": "機器人"}]}), encoding="utf-8")
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps({"topics": [{"id": "robots", "points": [
        {"id": "robots-001", "canonical": "机器人明年会进入家庭", "speaker": "王五", "support": 1, "sources": ["a"],
         "statements": [0], "conflicts": []}]}], "conflicts": [], "statements": [
        {"source": "a", "lines": [4, 4], "speaker": "王五", "text": "我认为机器人明年会进入家庭。"}]}), encoding="utf-8")
    show = filled("podcast.show", {"title": "新节目", "description": "说明", "author": "x", "email": "x@example.net",
                                   "published": "2027-01-01"})
    site = tmp_path / "site"
    build_site(SiteInputs(tmp_path / "podcast", summaries, tmp_path / "voiced", topics), site, show,
               "https://podcast.example.net/", {"zh-TW": entry("variants", opencc="s2twp", label="臺灣")}, {"zh-TW": "zh-Hans"},
               ["episode", "robots"], {"zh-TW": {"episode": "新节目", "robots": "新节目 · 机器人"}})
    page = site / "zh-TW" / "episode.html"
    tree = parse(page)
    assert [text(b.find("h:span[@class='text']", NS)) for b in tree.iterfind(".//h:button[@data-cue]", NS)] == [
        "王五認為機器人明年會進入家庭"]
    sentence_item = tree.find(".//h:ol[@class='sentences']/h:li", NS)
    # the topic's first sentence is the line after its heading (line 3), spoken at 1.0 s
    assert "機器人明年會進入家庭" in text(sentence_item) and sentence_item.find("h:button", NS).get("data-seek") == "1.000"
    article = tree.find(".//h:article[@id='p-robots-001']", NS)
    assert "我认为机器人明年会进入家庭。" in text(article) and "[a:L4]" in text(article)
    for html in site.rglob("*.html"):
        for ref in re.findall(r'(?:href|src)="(?![a-z]+:)([^"#]+)', html.read_text(encoding="utf-8")):
            assert (html.parent / ref).is_file(), (html, ref)
    assert "新節目" in (site / "index.html").read_text(encoding="utf-8")
    assert [e.get("href") for e in parse(site / "zh-TW" / "index.html").iterfind(".//h:ul[@class='episodes']//h:a", NS)] == [
        "episode.html", "robots.html"]
