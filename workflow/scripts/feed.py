"""Rule feed: the podcast feed of one variant (subcast.podcast.write_feed)."""
import sys
from pathlib import Path

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import write_feed

show = snakemake.params.show
items = [{"name": Path(mp3).stem, "title": title, "description": f"{title}（{show['title']}）",
          "mp3": mp3, "script": script}
         for mp3, script, title in zip(snakemake.input.audio, snakemake.input.scripts, snakemake.params.titles)]
run(snakemake.log, write_feed, show, snakemake.wildcards.variant, snakemake.params.variant, items,
    snakemake.params.base_url, snakemake.output[0])
