# subcast: Chinese transcripts → subtitles, reconciled text and narrated podcast.
# Run: snakemake --cores 4   (profile: profiles/default; config: config/config.yaml)
import sys

from snakemake.exceptions import WorkflowError
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


# Checked before any job runs, in one place (subcast.config): the JSON schema, whose defaults
# fill the config, then what a schema cannot check (Apple's categories, a zone on dates, voice
# names, variant tags, files that must exist). One line per problem, naming the key.
sys.path.insert(0, f"{workflow.basedir}/workflow")
from subcast.config import ConfigError, settle  # noqa: E402

try:  # a problem is named in the file the user gave (--configfile), not only in ours
    settle(config, source=" + ".join(map(str, workflow.overwrite_configfiles)) or "config/config.yaml")
except ConfigError as err:
    raise WorkflowError(str(err)) from None


report: "workflow/report/workflow.rst"


# Rules refer to the files of rules included before them (`rules.<name>.output`): hence this order.
include: "workflow/rules/common.smk"
include: "workflow/rules/reconcile.smk"
include: "workflow/rules/podcast.smk"
include: "workflow/rules/voice.smk"
include: "workflow/rules/subtitles.smk"
include: "workflow/rules/align.smk"
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
