"""Rule segment_cues: transcript → outputs/cues/<id>.json (see subcast.subtitles.build_cues)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.subtitles import build_cues

run(snakemake.log, build_cues, snakemake.params.transcript, snakemake.params.settings,
    snakemake.params.variants, snakemake.output[0], snakemake.input.timeline or None)
