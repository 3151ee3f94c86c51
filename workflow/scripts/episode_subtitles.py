"""Rule episode_subtitles: the episode's script timed on its own audio → SRT (subcast.subtitles)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.subtitles import write_timed_srt

run(snakemake.log, write_timed_srt, snakemake.input.script, snakemake.input.timeline, snakemake.params.settings,
    snakemake.wildcards.variant, snakemake.params.variant, snakemake.params.srt, snakemake.output[0])
