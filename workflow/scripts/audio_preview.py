"""Rule audio_preview: the first seconds of an MP3 at a low bitrate, for the HTML report
(subcast.audio.preview)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.audio import preview
from subcast.logs import run

run(snakemake.log, preview, snakemake.input[0], snakemake.output[0], snakemake.params.seconds)
