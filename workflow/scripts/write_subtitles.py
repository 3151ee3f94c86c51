"""Rule write_subtitles: cues JSON → SRT/VTT/iTT of one variant (subcast.subtitles)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.subtitles import write_subtitles

formats = {fmt: path for fmt, path in snakemake.output.items()}
run(snakemake.log, write_subtitles, snakemake.input[0], snakemake.wildcards.variant,
    formats, snakemake.params.srt, snakemake.params.fps)
