"""Rules cover and episode_cover: the show's cover art, or an episode's (its title under the
show's), in one variant's writing (subcast.podcast.write_cover)."""
import sys

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.podcast import write_cover

run(snakemake.log, write_cover, snakemake.params.show, snakemake.output[0], snakemake.wildcards.variant,
    snakemake.params.variant, snakemake.params.get("episode"))
