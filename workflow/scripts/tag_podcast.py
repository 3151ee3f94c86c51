"""Rule tag_podcast: the voiced MP3 with one variant's tags, chapter titles and cover
(subcast.narration.tag_voiced)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.narration import tag_voiced
from subcast.variants import Converter, Variant

convert = Converter(Variant.from_config(snakemake.wildcards.variant, snakemake.params.variant)).convert
tags = {key: convert(value) for key, value in snakemake.params.tags.items()}  # titles in the variant
run(snakemake.log, tag_voiced, snakemake.input.audio, snakemake.input.timeline, snakemake.output[0], tags,
    snakemake.input.cover, convert)
