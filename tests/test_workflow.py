"""End to end: the real workflow on the real seeds, run as a user runs it."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
import pysrt
import srt
import yaml

from conftest import ROOT, copy_project, snakemake
from human_speech import CLIP, Reading, score
from subcast.audio import FFMPEG, measure, probe
from subcast.checker import main as check

VARIANTS = ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"]


def test_every_variant_and_format_is_built_and_parses(built):
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    for transcript in ("001", "000"):
        counts = set()
        for variant in VARIANTS:
            stem = built / "outputs" / "subtitles" / f"{transcript}.{variant}"
            for ext in ("srt", "vtt", "itt"):
                assert Path(f"{stem}.{ext}").stat().st_size > 0
            data = Path(f"{stem}.srt").read_bytes()
            assert not data.startswith(b"\xef\xbb\xbf")
            subs = pysrt.from_string(data.decode("utf-8"))
            assert len(subs) == len(list(srt.parse(data.decode("utf-8"))))
            counts.add(len(subs))
            subprocess.run([ffmpeg, "-v", "error", "-y", "-i", f"{stem}.srt", f"{stem}.ass"], check=True)
            assert Path(f"{stem}.ass").stat().st_size > 0
        assert len(counts) == 1  # every variant shares one set of cues


def test_checker_reports_no_violation_on_any_srt(built, capsys):
    files = sorted(str(p) for p in (built / "outputs" / "subtitles").glob("*.srt"))
    assert len(files) == 8
    assert check(files + ["--config", str(built / "config" / "config.yaml")]) == 0, capsys.readouterr().out
    # The narration's subtitles break between phrases in every variant: no phrase-break warning either.
    narration = [f for f in files if "/001." in f]
    assert check(narration + ["--config", str(built / "config" / "config.yaml"), "--strict"]) == 0, capsys.readouterr().out


def test_traditional_variants_differ_as_expected(built):
    tw = (built / "outputs/subtitles/001.zh-TW.srt").read_text(encoding="utf-8")
    hans = (built / "outputs/subtitles/001.zh-Hans.srt").read_text(encoding="utf-8")
    assert "2026年" in hans and "二零二六" not in hans
    assert "軟體" in tw or "使用者" in tw
    assert "但是隻" not in tw


def test_a_second_run_does_nothing(built):
    run = snakemake(built, "--dry-run")
    assert run.returncode == 0 and "Nothing to be done" in run.stdout + run.stderr


def test_lint_is_clean(built):
    run = snakemake(built, "--lint")
    assert run.returncode == 0 and "Congratulations" in run.stdout + run.stderr, run.stdout + run.stderr


def test_a_new_transcript_is_a_config_edit(built, tmp_path):
    workdir = copy_project(tmp_path)
    (workdir / ".subcast-cache").symlink_to(built / ".subcast-cache")  # the same summaries: voiced already
    (workdir / "seeds" / "extra.txt").write_text("第一句话\n百分之二十的人用Claude Code\n", encoding="utf-8")
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    cfg["transcripts"] = {"talk2": {"path": "seeds/extra.txt", "shape": "lines"}}
    cfg["variants"] = {"zh-Hans": {}, "zh-HK": cfg["variants"]["zh-HK"]}
    cfg["podcast"]["variants"] = ["zh-HK"]
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    built_files = sorted(p.name for p in (workdir / "outputs/subtitles").iterdir())
    assert sorted(p.name for p in (workdir / "outputs/podcast").iterdir()) == ["zh-HK"]
    assert built_files == [f"talk2.{v}.{e}" for v in ("zh-HK", "zh-Hans") for e in ("itt", "srt", "vtt")]
    assert "20%的人用Claude Code" in (workdir / "outputs/subtitles/talk2.zh-Hans.srt").read_text(encoding="utf-8")
    # the listening site follows the podcast's variants: one variant, its switch of one
    assert sorted(p.name for p in (workdir / "outputs/site").iterdir()) == ["assets", "index.html", "zh-HK"]
    page = (workdir / "outputs/site/zh-HK/episode.html").read_text(encoding="utf-8")
    assert re.findall(r'hreflang="([^"]+)"[^>]*data-keep-position', page) == ["zh-HK"]


def test_bad_input_fails_clearly_and_leaves_no_subtitle(tmp_path):
    workdir = copy_project(tmp_path)
    (workdir / "seeds" / "legacy.txt").write_bytes("第一行\n第二行是GBK编码\n".encode("gbk"))
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    cfg["transcripts"] = {"legacy": {"path": "seeds/legacy.txt"}}
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    # Its subtitles and narration only: the podcast, built from the other sources, is not at stake.
    run = snakemake(workdir, "outputs/subtitles/legacy.zh-Hans.srt", "outputs/narration/legacy.zh-Hans.mp3")
    assert run.returncode != 0
    assert "seeds/legacy.txt:1: not valid utf-8" in run.stderr and "GB18030" in run.stderr
    assert not list((workdir / "outputs").rglob("legacy*"))  # no half-written cues, audio or subtitles
    assert not list((workdir / "outputs").rglob("*.part"))


def test_a_missing_seed_is_named(tmp_path):
    workdir = copy_project(tmp_path)
    (workdir / "seeds" / "001_8387fcff913ed1a7.txt").unlink()
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0
    assert "seeds/001_8387fcff913ed1a7.txt" in run.stdout + run.stderr


def test_a_podcast_variant_must_be_a_defined_variant(tmp_path):
    workdir = copy_project(tmp_path)
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    del cfg["variants"]["zh-TW"]
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0 and "podcast.variants: 'zh-TW' is not a variant" in run.stdout + run.stderr


def test_an_invalid_config_is_refused_at_start(tmp_path):
    workdir = copy_project(tmp_path)
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    cfg["subtitles"]["layout"]["max_lines"] = "two"
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0 and "max_lines" in run.stdout + run.stderr
    # another event's file, given with --configfile: the problem is named in that file
    cfg["subtitles"]["layout"]["max_lines"] = 2
    cfg["topics"][0]["words"].append(2030)      # YAML reads a bare 2030 as a number
    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run", "--configfile", str(mine), "--replace-workflow-config")
    said = run.stdout + run.stderr
    assert run.returncode != 0 and f"{mine}:" in said and "topics.0.words" in said and "not of type 'string'" in said


def test_narration_is_voiced_offline_normalised_and_chaptered(built):
    mp3 = built / "outputs/narration/001.zh-Hans.mp3"
    loudness = measure(mp3)
    assert abs(loudness.integrated_lufs - -16.0) <= 1.0 and loudness.true_peak_dbtp <= -1.0
    read = probe(mp3)
    assert [t for _, _, t in read["chapters"]] == ["开场", "分化", "下一个范式", "Agent 战略", "中国能否领跑"]
    starts = [s for s, _, _ in read["chapters"]]
    assert starts == sorted(starts) and starts[-1] > 20 * 60 * 1000
    timeline = json.loads((built / "outputs/narration/001.zh-Hans.timeline.json").read_text(encoding="utf-8"))
    assert timeline["engine"] == "offline" and abs(read["seconds"] - timeline["seconds"]) < 0.2
    log = (built / "logs/narrate/001.zh-Hans.log").read_text(encoding="utf-8")
    assert "engine offline" in log and "LUFS" in log
    from mutagen.id3 import ID3

    tags = ID3(str(mp3))   # the show's title and cover, not the file id
    assert str(tags["TIT2"]) == yaml.safe_load((built / "config/config.yaml").read_text(encoding="utf-8"))[
        "podcast"]["show"]["title"]
    assert tags.getall("APIC")[0].type == 3


def test_tts_subtitles_start_where_the_narration_speaks(built):
    cues = json.loads((built / "outputs/cues/001.json").read_text(encoding="utf-8"))
    assert cues["timing"] == "tts"
    # ... and last until the speech (to its fading end) is over, within the gap rules: where
    # the speech runs on into the next cue, this one ends the minimum gap (2 frames) before it.
    frame = 1 / 24
    assert all(c["end_ms"] / 1000 >= c["speech"]["end"] - 0.09
               or nxt["start_ms"] - c["end_ms"] <= 2 * frame * 1000 + 1 and c["end_ms"] / 1000 >= c["speech"]["end"] - 4 * frame
               for c, nxt in zip(cues["cues"], cues["cues"][1:] + [{"start_ms": 10 ** 9}]))
    chapters = {line for line in (33, 214, 378, 501)}   # config chapters: each opens a cue
    assert chapters <= {c["first_line"] for c in cues["cues"]}
    rate = 24000
    pcm = subprocess.run([FFMPEG, "-v", "error", "-i", str(built / "outputs/narration/001.zh-Hans.mp3"),
                          "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"], capture_output=True, check=True).stdout
    samples = np.frombuffer(pcm, dtype=np.float32)
    rms = lambda a, b: float(np.sqrt(np.mean(samples[int(a * rate / 1000):int(b * rate / 1000)] ** 2)) + 1e-9)  # noqa: E731
    # Cues that open a narration line follow a pause: silence before their start, speech after.
    openers = [c for prev, c in zip(cues["cues"], cues["cues"][1:]) if c["first_line"] != prev["last_line"]]
    assert len(openers) > 300
    agree = [rms(c["start_ms"] + 50, c["start_ms"] + 250) > 4 * rms(c["start_ms"] - 250, c["start_ms"] - 50)
             for c in openers]
    assert sum(agree) / len(agree) >= 0.95
    srt_cues = list(srt.parse((built / "outputs/subtitles/001.zh-TW.srt").read_text(encoding="utf-8")))
    assert [round(c.start.total_seconds() * 1000) for c in srt_cues] == [c["start_ms"] for c in cues["cues"]]
    assert srt_cues[-1].end.total_seconds() <= len(samples) / rate + 1


def test_reconciled_text_is_built(built):
    import jsonschema

    folder = built / "outputs/reconciled"
    document = json.loads((folder / "topics.json").read_text(encoding="utf-8"))
    schema = yaml.safe_load((built / "workflow/schemas/topics.schema.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    for topic in ("divergence", "next-paradigm", "agents", "china-lead", "other"):
        text = (folder / f"{topic}.md").read_text(encoding="utf-8")
        assert text.startswith("# ") and "[000:L" in text
    conflicts = (folder / "conflicts.md").read_text(encoding="utf-8")
    assert "[001:L553]" in conflicts and "杨植麟" in conflicts


PODCAST_NAMES = ["episode", "divergence", "next-paradigm", "agents", "china-lead"]


def test_podcast_audio_is_normalised_tagged_and_chaptered(built):
    from mutagen.id3 import ID3

    for variant in VARIANTS:
        for name in PODCAST_NAMES:
            mp3 = built / f"outputs/podcast/{variant}/{name}.mp3"
            loudness = measure(mp3)
            assert abs(loudness.integrated_lufs - -16.0) <= 1.0 and loudness.true_peak_dbtp <= -1.0, mp3
            tags = ID3(str(mp3))
            assert str(tags["TCON"]) == "Podcast" and str(tags["TLAN"]) == "chi"
            assert str(tags["TRCK"]) == str(PODCAST_NAMES.index(name) + 1)
            assert tags.getall("APIC")[0].type == 3
            seconds = probe(mp3)["seconds"]
            assert (30 if name != "episode" else 150) < seconds < (150 if name != "episode" else 600)
        episode = probe(built / f"outputs/podcast/{variant}/episode.mp3")
        assert len(episode["chapters"]) == 6
        assert [s for s, _, _ in episode["chapters"]] == sorted(s for s, _, _ in episode["chapters"])
    titles = [t for _, _, t in probe(built / "outputs/podcast/zh-TW/episode.mp3")["chapters"]]
    assert titles == ["開場", "分化", "下一個範式", "Agent 戰略", "中國能否領跑", "結語"]
    # Each variant's own cover: the title written in that variant.
    covers = {v: ID3(str(built / f"outputs/podcast/{v}/episode.mp3")).getall("APIC")[0].data for v in VARIANTS}
    assert covers["zh-Hans"] != covers["zh-TW"] and covers["zh-TW"] == (built / "outputs/podcast/zh-TW/cover.png").read_bytes()
    assert covers["zh-Hans"] == ID3(str(built / "outputs/narration/001.zh-Hans.mp3")).getall("APIC")[0].data
    # Written variants share their speech: voiced once, so the audio frames are the same.
    assert probe(built / "outputs/podcast/zh-HK/divergence.mp3")["seconds"] == probe(
        built / "outputs/podcast/zh-Hans/divergence.mp3")["seconds"]


def test_episode_subtitles_pass_the_checker(built, capsys):
    files = [str(built / f"outputs/podcast/{v}/{name}.srt") for v in VARIANTS for name in PODCAST_NAMES]
    assert check(files) == 0, capsys.readouterr().out
    for name in PODCAST_NAMES[1:]:   # a topic's chapters: the question, then a speaker at a time
        chapters = json.loads((built / f"outputs/podcast/zh-Hans/{name}.chapters.json").read_text(encoding="utf-8"))
        titles = [c["title"] for c in chapters["chapters"]]
        summary = json.loads((built / f"outputs/summaries/{name}.json").read_text(encoding="utf-8"))
        assert titles[0] == "提问" and set(summary["panelists"]) <= set(titles), titles
        assert len(set(titles)) == len(titles), titles          # no title twice in one episode
    last = list(srt.parse((built / "outputs/podcast/zh-Hans/episode.srt").read_text(encoding="utf-8")))[-1]
    assert last.end.total_seconds() <= probe(built / "outputs/podcast/zh-Hans/episode.mp3")["seconds"] + 1


def test_feeds_match_their_files_and_rebuild_byte_identical(built):
    import xml.etree.ElementTree as ET

    import feedparser

    languages = {"zh-Hans": "zh-cn", "zh-Hant": "zh-hant", "zh-TW": "zh-tw", "zh-HK": "zh-hk"}
    for variant in VARIANTS:
        folder = built / f"outputs/podcast/{variant}"
        channel = ET.parse(folder / "feed.xml").getroot().find("channel")
        assert channel.findtext("language") == languages[variant]
        items = channel.findall("item")
        assert len(items) == 5
        for item in items:  # every URL in the feed is a file the build wrote next to it
            urls = [item.find("enclosure").get("url")] + [t.get("url") for t in item.iter() if t.get("url")]
            for url in urls:
                assert (folder / url.rsplit("/", 1)[1]).is_file(), url
            name = item.find("enclosure").get("url").rsplit("/", 1)[1]
            assert int(item.find("enclosure").get("length")) == (folder / name).stat().st_size
        parsed = feedparser.parse(str(folder / "feed.xml"))
        assert not parsed.bozo and len(parsed.entries) == 5
        if variant == "zh-Hans":   # a topic item is described by its summary, which opens with the host
            assert yaml.safe_load((built / "config/config.yaml").read_text(encoding="utf-8"))[
                "summary"]["exclude_speakers"][0] in parsed.entries[1].summary[:12]
        chapters = json.loads((folder / "episode.chapters.json").read_text(encoding="utf-8"))
        assert chapters["version"] == "1.2.0" and len(chapters["chapters"]) == 6
        log = (built / f"logs/feed/{variant}.log").read_text(encoding="utf-8")
        assert "podcast.base_url is still" in log   # the example.org default warns
    for path in (built / "outputs").rglob("*"):   # a web server can read everything
        if path.is_file():
            assert path.stat().st_mode & 0o044 == 0o044, path
    feed = built / "outputs/podcast/zh-TW/feed.xml"
    before = feed.read_bytes()
    feed.unlink()
    run = snakemake(built, "outputs/podcast/zh-TW/feed.xml")
    assert run.returncode == 0, run.stderr[-2000:]
    assert feed.read_bytes() == before


def test_summaries_are_written_for_every_variant(built):
    for variant in VARIANTS:
        for topic in PODCAST_NAMES[1:]:
            ear = (built / f"outputs/summaries/{topic}.{variant}.txt").read_text(encoding="utf-8")
            shown = (built / f"outputs/summaries/{topic}.{variant}.md").read_text(encoding="utf-8")
            assert not re.search(r"[0-9\[\]]", ear) and re.search(r"\[\d{3}:L\d+", shown)   # tags only on show


def test_html_report_holds_subtitles_summaries_conflicts_and_audio(built):
    run = snakemake(built, "--report", "report.html")
    assert run.returncode == 0, run.stderr[-2000:]
    html = (built / "report.html").read_text(encoding="utf-8", errors="replace")
    for category in ("Subtitles", "Listen (previews)", "Reconciled text", "Summaries"):
        assert category in html
    assert "conflicts.md" in html and "audio/mpeg" in html and "001.zh-TW.srt" in html
    assert (built / "report.html").stat().st_size < 10 * 1024 * 1024


@pytest.mark.slow   # a video built and aligned end to end: the slow tier
def test_subtitles_follow_a_video_of_a_real_reader(tmp_path, capsys, config):
    """Timing `audio` as a user sets it up: a new transcript in config, timed on a video of
    real people reading it (12 lines, 9 speakers); the SRTs follow their voices."""
    workdir = copy_project(tmp_path)
    (workdir / ".subcast-cache").symlink_to(ROOT / ".subcast-cache")   # the joined model, once
    reading = Reading.load(CLIP)
    shutil.copy(CLIP / "transcript.txt", workdir / "seeds" / "reader.txt")
    subprocess.run([FFMPEG, "-v", "error", "-i", str(CLIP / "lines01-12.flac"), "-f", "lavfi", "-i",
                    "color=c=black:s=160x120:r=5", "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", str(workdir / "reading.mp4")], check=True)
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    cfg["transcripts"]["reader"] = {"path": "seeds/reader.txt", "shape": "lines", "timing": "audio",
                                    "recording": "reading.mp4"}
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    targets = [f"outputs/subtitles/reader.{v}.srt" for v in VARIANTS] + [
        "outputs/alignment/reader.md", "outputs/alignment/reader.confidence.tsv"]
    run = snakemake(workdir, *targets)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "narrate" not in run.stdout + run.stderr  # a recording needs no narration MP3
    out = workdir / "outputs"
    folder = tmp_path / "scored"
    folder.mkdir()
    for name, target in (("aligned.srt", "subtitles/reader.zh-Hans.srt"), ("cues.json", "cues/reader.json"),
                         ("timeline.json", "alignment/reader.timeline.json")):
        shutil.copy(out / target, folder / name)
    result = score(folder, reading, config)
    assert np.median(result.errors) <= 60 and result.errors.max() <= 600, result.row()
    assert not result.reported_skipped and not result.added
    srts = [str(out / f"subtitles/reader.{v}.srt") for v in VARIANTS]
    assert check(srts + ["--config", str(workdir / "config/config.yaml")]) == 0, capsys.readouterr().out
    table = (out / "alignment/reader.confidence.tsv").read_text(encoding="utf-8").strip().splitlines()
    assert len(table) - 1 == len(pysrt.open(srts[0]))
    assert "alignment method: acoustic model packaged" in (workdir / "logs/align/reader.log").read_text(encoding="utf-8")


def test_a_missing_recording_is_named(tmp_path):
    workdir = copy_project(tmp_path)
    cfg = yaml.safe_load((workdir / "config/config.yaml").read_text(encoding="utf-8"))
    cfg["transcripts"]["001"].update(timing="audio", recording="video/talk.mp4")
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0 and "video/talk.mp4" in run.stdout + run.stderr
    del cfg["transcripts"]["001"]["recording"]
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0 and "recording" in run.stdout + run.stderr
