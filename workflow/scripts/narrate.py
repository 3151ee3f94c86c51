"""Rule narrate: transcript → narrated MP3 and token timeline (subcast.narration.narrate)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.narration import narrate

run(snakemake.log, narrate, snakemake.params.transcript, snakemake.params.settings,
    snakemake.params.voice, snakemake.params.narration, snakemake.wildcards.variant,
    snakemake.output.audio, snakemake.output.timeline, snakemake.params.tags, snakemake.input.cover)
