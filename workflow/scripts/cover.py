"""Rule cover: the show's cover art in one variant's writing (subcast.podcast.write_cover)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import write_cover

run(snakemake.log, write_cover, snakemake.params.show, snakemake.output[0], snakemake.wildcards.variant,
    snakemake.params.variant)
