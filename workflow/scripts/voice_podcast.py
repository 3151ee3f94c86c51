"""Rule voice_podcast: a summary or episode script → untagged MP3 and timeline, once per
spoken text (subcast.narration.voice_script)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.narration import voice_script

run(snakemake.log, voice_script, snakemake.input.script, snakemake.input.chapters, snakemake.params.settings,
    snakemake.params.voice, snakemake.params.narration, snakemake.wildcards.voicing, snakemake.output.audio,
    snakemake.output.timeline)
