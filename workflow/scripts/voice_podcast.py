"""Rule voice_podcast: a summary or episode script → tagged, chaptered MP3 (subcast.narration)."""
import json
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.narration import narrate
from subcast.variants import Converter, Variant

chapters = json.loads(open(snakemake.input.chapters[0], encoding="utf-8").read()) if snakemake.input.chapters else []
convert = Converter(Variant.from_config(snakemake.wildcards.variant, snakemake.params.variant)).convert
tags = {key: convert(value) for key, value in snakemake.params.tags.items()}  # titles in the variant
chapters = [{**chapter, "title": convert(chapter["title"])} for chapter in chapters]
script = {"path": snakemake.input.script, "shape": "lines", "chapters": chapters}
run(snakemake.log, narrate, script, snakemake.params.settings, snakemake.params.voice, snakemake.params.narration,
    snakemake.wildcards.variant, snakemake.output.audio, snakemake.output.timeline,
    tags, snakemake.input.cover)
