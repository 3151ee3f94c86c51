"""Rule feed: the podcast feed of one variant (subcast.podcast.episode_items, write_feed)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import episode_items, write_feed

inputs, params = snakemake.input, snakemake.params


def feed():
    items = episode_items(params.show, inputs.audio, inputs.scripts, params.titles, inputs.srt, inputs.vtt,
                          inputs.chapters)
    write_feed(params.show, snakemake.wildcards.variant, params.variant, items, params.base_url,
               snakemake.output.feed, inputs.cover, snakemake.output.cover)


run(snakemake.log, feed)
