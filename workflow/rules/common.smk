# Input functions and the output list, all derived from the config at parse time.
import re

TRANSCRIPTS = list(config["transcripts"])
VARIANTS = list(config["variants"])
SUBTITLE_FORMATS = config["subtitles"]["formats"]


wildcard_constraints:
    transcript="|".join(re.escape(t) for t in TRANSCRIPTS),
    variant="|".join(re.escape(v) for v in VARIANTS),


def transcript_path(wildcards):
    return config["transcripts"][wildcards.transcript]["path"]


def opencc_dictionaries():
    files = []
    for variant in config["variants"].values():
        files += variant.get("fixes", []) + variant.get("regional_fixes", [])
    return sorted(set(files))


def subtitle_outputs():
    return expand(
        "outputs/subtitles/{transcript}.{variant}.{fmt}",
        transcript=TRANSCRIPTS,
        variant=VARIANTS,
        fmt=SUBTITLE_FORMATS,
    )
