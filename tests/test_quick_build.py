"""The quick tier's end-to-end build: a small test config (40 lines of a narration script, the
espeak voice, one variant, a made-up panel's three sources) built by `snakemake` from a
fresh copy, every kind of output read back as its user's tool reads it. The real seeds with
the offline voice are the slow tier (`python -m pytest -m slow`)."""
import shutil
import subprocess
from pathlib import Path

import feedparser
import pysrt
import pytest
import srt
import yaml

from conftest import ROOT, copy_project, snakemake
from test_panels import PANELS, _panel_config


@pytest.fixture(scope="module")
def quick(tmp_path_factory, config):
    workdir = copy_project(tmp_path_factory.mktemp("quick"))
    shutil.copytree(PANELS / "robotics", workdir / "tests" / "data" / "panels" / "robotics")
    lines = (ROOT / "seeds" / "001_8387fcff913ed1a7.txt").read_text(encoding="utf-8").split("\n")[:40]
    (workdir / "seeds" / "short.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = {**config, **_panel_config("robotics", config)}
    cfg["transcripts"] = {"t1": {"path": "seeds/short.txt", "shape": "lines"}}
    cfg["variants"] = {tag: config["variants"][tag] for tag in ("zh-Hans", "zh-Hant")}   # subtitles in two
    cfg["voice"] = {**config["voice"], "engine": "espeak", "fallback": "espeak"}
    cfg["narration"] = {**config["narration"], "variants": ["zh-Hans"]}
    cfg["podcast"] = {**config["podcast"], "variants": ["zh-Hans"]}
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    return workdir


def test_the_small_config_builds_subtitles_that_parse(quick):
    path = quick / "outputs" / "subtitles" / "t1.zh-Hans.srt"
    text = path.read_text(encoding="utf-8")
    cues = list(srt.parse(text))
    assert len(cues) >= 20 and len(pysrt.open(str(path), encoding="utf-8")) == len(cues)
    assert all(c.end > c.start for c in cues) and all(a.end <= b.start for a, b in zip(cues, cues[1:]))


def test_the_small_config_builds_audio_and_a_feed(quick):
    from imageio_ffmpeg import get_ffmpeg_exe

    mp3 = quick / "outputs" / "podcast" / "zh-Hans" / "episode.mp3"
    probe = subprocess.run([get_ffmpeg_exe(), "-hide_banner", "-i", str(mp3)], capture_output=True, text=True)
    assert "Audio: mp3" in probe.stderr and "44100 Hz" in probe.stderr
    feed = feedparser.parse(str(quick / "outputs" / "podcast" / "zh-Hans" / "feed.xml"))
    assert not feed.bozo and len(feed.entries) == 1 + 3     # the full episode and the panel's three topics
    assert all(e.enclosures and int(e.enclosures[0]["length"]) > 0 for e in feed.entries)
    assert (quick / "outputs" / "site" / "zh-Hans" / "episode.html").exists()


def test_the_feed_reads_in_panel_order_in_two_podcast_parsers(quick):
    """podcastparser (gPodder's: it sorts by date, as apps do) and feedparser (which reads the
    Podcasting 2.0 tags) both return what was meant: the full episode, then the topics in the
    panel's order; titles that name the episode, not the show; notes for reading."""
    import podcastparser

    cfg = yaml.safe_load((quick / "config" / "config.yaml").read_text(encoding="utf-8"))
    topics = [t["title"] for t in cfg["topics"]]
    path = quick / "outputs" / "podcast" / "zh-Hans" / "feed.xml"
    with open(path, "rb") as stream:
        gpodder = podcastparser.parse(f"{cfg['podcast']['base_url']}zh-Hans/feed.xml", stream)
    by_date = [e["title"] for e in gpodder["episodes"]]
    assert by_date[1:] == topics and all(t in by_date[0] for t in topics)
    assert [e.get("number") for e in gpodder["episodes"]] == [1, None, None, None]
    feed = feedparser.parse(str(path))
    assert not feed.bozo and [e.title for e in feed.entries] == by_date
    show = cfg["podcast"]["show"]["title"]
    assert feed.feed.title == show and not any(show in e.title for e in feed.entries)
    assert feed.entries[0].podcast_transcript["type"] == "text/vtt"       # feedparser keeps the last one
    assert '<podcast:transcript url="' in path.read_text(encoding="utf-8")
    assert 'type="application/x-subrip"' in path.read_text(encoding="utf-8")
    assert all("[" not in e.summary and e.summary for e in feed.entries)     # no source tags in the notes
    # each episode its own artwork, published with the feed and the pages
    images = [e.image.href for e in feed.entries]
    assert len(set(images)) == len(images) and all(h.endswith(".png") for h in images)
    for href in images:
        name = href.rsplit("/", 1)[1]
        assert (path.parent / name).stat().st_size > 10_000 and (quick / "outputs/site/zh-Hans" / name).exists()


def test_the_small_config_rebuilds_nothing_and_lints_clean(quick):
    run = snakemake(quick, "--dry-run")
    assert run.returncode == 0 and "Nothing to be done" in run.stdout + run.stderr
    run = snakemake(quick, "--lint")
    assert run.returncode == 0, run.stdout[-2000:]


def _scheduled(workdir) -> set[str]:
    """The rules a dry run would run (its job-stats table)."""
    run = snakemake(workdir, "--dry-run", "--quiet", "rules")
    assert run.returncode == 0, run.stderr[-2000:]
    rules = set()
    for line in (run.stdout + run.stderr).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit() and parts[0] not in ("total", "job"):
            rules.add(parts[0])
    return rules


AFTER_SUMMARISE = {"summarise", "voice_podcast", "tag_podcast", "podcast_subtitles", "feed", "audio_preview", "site"}
AFTER_CUES = {"segment_cues", "write_subtitles"}
AFTER_NARRATION = {"narrate", "voice_podcast", "tag_podcast", "podcast_subtitles", "feed", "audio_preview", "site"}


def _append(line: str):
    def edit(workdir: Path, path: str):
        with open(workdir / path, "a", encoding="utf-8") as file:
            file.write(line)
    return edit


def _config(change):
    def edit(workdir: Path, path: str):
        cfg = yaml.safe_load((workdir / path).read_text(encoding="utf-8"))
        change(cfg)
        (workdir / path).write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return edit


@pytest.mark.parametrize("path, edit, expected", [
    ("workflow/subcast/summary_check.py", _append("# edited\n"), AFTER_SUMMARISE),
    ("workflow/subcast/reconcile.py", _append("# edited\n"), {"reconcile"} | AFTER_SUMMARISE),
    ("workflow/subcast/site/pages.py", _append("# edited\n"), {"site"}),
    ("workflow/subcast/site/templates/episode.html.j2", _append("{# edited #}\n"), {"site"}),
    # the narration's words change its timeline, which times the cues
    ("config/lexicon.tsv", _append("Subcast\t萨布卡斯特\n"), AFTER_NARRATION | AFTER_CUES),
    ("config/config.yaml", _config(lambda c: c["summary"].update(target_chars=300)), AFTER_SUMMARISE),
    # the frame rate times cues, not the voice
    ("config/config.yaml", _config(lambda c: c["subtitles"]["timing_rules"].update(fps=25)),
     AFTER_CUES | {"podcast_subtitles", "feed", "site"}),
    # a name kept whole changes the token stream everything is cut from, not the reconciliation
    ("config/config.yaml", _config(lambda c: c["subtitles"]["names"].append("奠基人")), AFTER_NARRATION | AFTER_CUES),
    ("config/config.yaml", _config(lambda c: c["narration"]["loudness"].update(lufs=-18.0)),
     AFTER_NARRATION | AFTER_CUES),
    # a fix dictionary: the jobs that convert into a variant using it (the podcast is zh-Hans only)
    ("config/opencc/s2t-fixes.txt", _append("测试词\t測試詞\n"), AFTER_CUES | AFTER_SUMMARISE),
    # a correction is made in what is shown and what is said, and in the summaries' witnesses
    ("config/config.yaml", _config(lambda c: c["subtitles"]["corrections"].update({"奠基人": "奠基者"})),
     AFTER_NARRATION | AFTER_CUES | AFTER_SUMMARISE),
])
def test_an_edit_schedules_exactly_the_jobs_it_changes(quick, tmp_path, path, edit, expected):
    """Package code, the files it reads and each config slice are inputs or params of the jobs
    that use them: an edit schedules exactly those jobs and what follows from their outputs."""
    workdir = tmp_path / "copy"
    shutil.copytree(quick, workdir, symlinks=True)
    edit(workdir, path)
    assert _scheduled(workdir) - {"all"} == expected
