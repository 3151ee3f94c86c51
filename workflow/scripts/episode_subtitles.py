"""Rule episode_subtitles: the episode's script timed on its own audio → SRT and WebVTT
(subcast.subtitles), and its chapters as Podcasting 2.0 JSON (subcast.podcast)."""
import json
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import chapters_json
from subcast.subtitles import write_episode_subtitles
from subcast.variants import Converter, Variant


def episode_companions():
    chapters = json.loads(open(snakemake.input.chapters, encoding="utf-8").read())
    write_episode_subtitles(snakemake.input.script, snakemake.input.timeline, snakemake.params.settings,
                            snakemake.wildcards.variant, snakemake.params.variant, snakemake.params.srt,
                            snakemake.output.srt, snakemake.output.vtt, [c["line"] for c in chapters])
    convert = Converter(Variant.from_config(snakemake.wildcards.variant, snakemake.params.variant)).convert
    chapters_json(snakemake.input.timeline, snakemake.output.chapters, convert)


run(snakemake.log, episode_companions)
