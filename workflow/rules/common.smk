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


def timing_mode(transcript):
    return config["transcripts"][transcript].get("timing", config["subtitles"]["timing"]["mode"])


# Transcripts whose subtitles are timed on their own narration are narrated; the master
# variant's narration is the timing source for every variant's subtitles.
NARRATED = [t for t in TRANSCRIPTS if timing_mode(t) == "tts"]
NARRATION_VARIANTS = config["narration"]["variants"]


def narration_timeline(wildcards):
    if timing_mode(wildcards.transcript) != "tts":
        return []
    return f"outputs/narration/{wildcards.transcript}.zh-Hans.timeline.json"


def tokenizer_settings():
    # The narration and the subtitles must cut the text into the same tokens.
    return {
        key: config["subtitles"][key]
        for key in ("layout", "timing_rules", "timing", "names", "numbers")
    }


def narration_outputs():
    variants = sorted(set(NARRATION_VARIANTS) | {"zh-Hans"})
    return expand("outputs/narration/{transcript}.{variant}.mp3", transcript=NARRATED, variant=variants)


TOPIC_IDS = [topic["id"] for topic in config["topics"]] + ["other"]


def reconciled_outputs():
    return ["outputs/reconciled/topics.json", "outputs/reconciled/conflicts.md"] + expand(
        "outputs/reconciled/{topic}.md", topic=TOPIC_IDS
    )
