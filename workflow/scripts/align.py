"""Rule align: transcript + recording → timeline in recording time and a report
(subcast.alignment.align_transcript)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.alignment import align_transcript
from subcast.logs import run

run(snakemake.log, align_transcript, snakemake.params.transcript, snakemake.params.settings,
    snakemake.params.voice, snakemake.params.narration, snakemake.output.timeline, snakemake.output.report,
    snakemake.threads)
