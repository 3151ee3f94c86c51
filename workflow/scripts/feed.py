"""Rule feed: the podcast feed of one variant (subcast.podcast.write_feed). The full episode
leads (episodeType full); the four topics follow as bonus items; each has transcripts and chapters."""
import sys
from pathlib import Path

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import write_feed

TRANSCRIPT_TYPES = {".srt": "application/srt", ".vtt": "text/vtt"}
show = snakemake.params.show
items = []
for mp3, script, title, srt, vtt, chapters in zip(snakemake.input.audio, snakemake.input.scripts, snakemake.params.titles,
                                                 snakemake.input.srt, snakemake.input.vtt, snakemake.input.chapters):
    full = Path(mp3).stem == "episode"
    summary = open(script, encoding="utf-8").read().split("\n")
    items.append({
        "name": Path(mp3).stem, "title": title, "mp3": mp3, "script": script,
        "description": show["description"] if full else "".join(line for line in summary if line),
        "type": "full" if full else "bonus",
        "transcripts": [(path, TRANSCRIPT_TYPES[Path(path).suffix]) for path in (srt, vtt)],
        "chapters": chapters,
    })
run(snakemake.log, write_feed, show, snakemake.wildcards.variant, snakemake.params.variant, items,
    snakemake.params.base_url, snakemake.output.feed, snakemake.input.cover, snakemake.output.cover)
