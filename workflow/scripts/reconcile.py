"""Rule reconcile: sources → outputs/reconciled/ (subcast.reconcile.build)."""
import sys
from pathlib import Path

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.reconcile import build

topic_paths = {Path(path).stem: path for path in snakemake.output.markdown}
run(snakemake.log, build, snakemake.params.sources, snakemake.params.people, snakemake.params.topics,
    snakemake.params.settings, snakemake.output.topics, snakemake.output.conflicts, topic_paths)
