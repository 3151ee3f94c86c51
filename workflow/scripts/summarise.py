"""Rule summarise: topics.json → outputs/summaries/ (subcast.summarise.build)."""
import sys
from pathlib import Path

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.summarise import build

run(snakemake.log, build, snakemake.input[0], snakemake.params.summary, snakemake.params.variants,
    snakemake.params.show, str(Path(snakemake.output.points[0]).parent), snakemake.params.people,
    snakemake.params.corrections)
