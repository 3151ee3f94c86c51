"""Rule alignment_confidence: cues of an audio-timed transcript → a per-cue confidence table
(the same table `subcast-confidence` prints)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.alignment.report import write_confidence
from subcast.logs import run

run(snakemake.log, write_confidence, snakemake.input[0], snakemake.output[0], snakemake.params.low)
