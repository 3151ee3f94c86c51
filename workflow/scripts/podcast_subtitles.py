"""Rule podcast_subtitles: each episode's script timed on its own audio → SRT and WebVTT
(subcast.subtitles), and its chapters as Podcasting 2.0 JSON (subcast.podcast), for one variant."""
import json
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import chapters_json
from subcast.subtitles import write_episode_subtitles
from subcast.variants import Converter, Variant


def podcast_companions():
    variant = snakemake.wildcards.variant
    convert = Converter(Variant.from_config(variant, snakemake.params.variant)).convert
    for script, chapters, timeline, srt, vtt, chapters_out in zip(
            snakemake.input.scripts, snakemake.input.chapters, snakemake.input.timelines,
            snakemake.output.srt, snakemake.output.vtt, snakemake.output.chapters):
        lines = [c["line"] for c in json.loads(open(chapters, encoding="utf-8").read())]
        write_episode_subtitles(script, timeline, snakemake.params.settings, variant, snakemake.params.variant,
                                snakemake.params.srt, srt, vtt, lines)
        chapters_json(timeline, chapters_out, convert)


run(snakemake.log, podcast_companions)
