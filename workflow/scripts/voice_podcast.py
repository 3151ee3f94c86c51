"""Rule voice_podcast: a summary or episode script → untagged MP3 and timeline, once per
spoken text (subcast.narration.voice_to_mp3)."""
import json
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.narration import voice_to_mp3

chapters = json.loads(open(snakemake.input.chapters, encoding="utf-8").read())
script = {"path": snakemake.input.script, "shape": "lines", "chapters": chapters}
run(snakemake.log, voice_to_mp3, script, snakemake.params.settings, snakemake.params.voice, snakemake.params.narration,
    snakemake.wildcards.voicing, snakemake.output.audio, snakemake.output.timeline)
