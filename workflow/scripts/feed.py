"""Rule feed: the podcast feed of one variant (subcast.podcast.episode_items, write_feed)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import episode_items, write_feed

inputs, params, variant = snakemake.input, snakemake.params, snakemake.wildcards.variant


def feed():
    items = episode_items(params.show, variant, inputs.audio, inputs.notes, params.titles, inputs.srt, inputs.vtt,
                          inputs.chapters, inputs.summaries, inputs.artwork)
    write_feed(params.show, variant, params.variant, items, params.base_url, snakemake.output.feed, inputs.cover,
               snakemake.output.cover)


run(snakemake.log, feed)
