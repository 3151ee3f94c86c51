"""Rule site: outputs/site/ (subcast.site.pages.build_site), published at podcast.base_url."""
import sys
from pathlib import Path

sys.path.insert(0, f"{snakemake.scriptdir}/..")  # the subcast package, installed or not

from subcast.logs import run
from subcast.site.pages import SiteInputs, build_site

inputs = SiteInputs(
    podcast=Path(snakemake.input.feeds[0]).parents[1],
    summaries=Path(snakemake.input.summaries[0]).parent,
    voiced=Path(snakemake.input.timelines[0]).parents[1],
    topics_json=Path(snakemake.input.topics),
)
run(snakemake.log, build_site, inputs, Path(snakemake.output[0]).parent, snakemake.params.show,
    snakemake.params.base_url, snakemake.params.variants, snakemake.params.voicings, snakemake.params.names,
    snakemake.params.titles)
