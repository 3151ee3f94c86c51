# subcast: Chinese transcripts → subtitles, reconciled text and narrated podcast.
# Run: snakemake --cores 4   (profile: profiles/default; config: config/config.yaml)
import sys

from snakemake.exceptions import WorkflowError
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


# What the schema cannot check (Apple's categories, a zone on dates, voice names, variant tags,
# files that must exist), before any job runs: one line per problem, naming the key.
sys.path.insert(0, f"{workflow.basedir}/workflow")
from subcast.config_check import problems as config_problems  # noqa: E402

_problems = config_problems(config)
if _problems:
    raise WorkflowError("config/config.yaml:\n  " + "\n  ".join(_problems))


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
