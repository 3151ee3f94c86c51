"""Rule podcast_subtitles: each episode's script timed on its own audio → SRT and WebVTT, and
its chapters as Podcasting 2.0 JSON, for one variant (subcast.subtitles.write_episode_companions)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.subtitles import write_episode_companions

inputs, output, params = snakemake.input, snakemake.output, snakemake.params
run(snakemake.log, write_episode_companions, inputs.scripts, inputs.chapters, inputs.timelines, output.srt,
    output.vtt, output.chapters, params.settings, snakemake.wildcards.variant, params.variant, params.srt)
