# subcast: Chinese transcripts → subtitles, reconciled text and narrated podcast.
# Run: snakemake --cores 4   (profile: profiles/default; config: config/config.yaml)
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/subtitles.smk"
include: "workflow/rules/voice.smk"
include: "workflow/rules/align.smk"
include: "workflow/rules/reconcile.smk"
include: "workflow/rules/podcast.smk"
include: "workflow/rules/site.smk"


rule all:
    input:
        subtitle_outputs(),
        narration_outputs(),
        alignment_outputs(),
        reconciled_outputs(),
        podcast_outputs(),
        preview_outputs(),
        site_outputs(),
    default_target: True
