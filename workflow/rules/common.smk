# Input functions and the output list, all derived from the config at parse time.
import functools
import os
import re
from pathlib import Path

from subcast.config import alignment_settings, front_end, reconcile_settings, subtitle_settings   # params slices
from subcast.podcast import episode_title, variant_title   # what a podcast's files are called

TRANSCRIPTS = list(config["transcripts"])
VARIANTS = list(config["variants"])
SUBTITLE_FORMATS = config["subtitles"]["formats"]


wildcard_constraints:
    transcript="|".join(re.escape(t) for t in TRANSCRIPTS),
    variant="|".join(re.escape(v) for v in VARIANTS),


def transcript_path(wildcards):
    return config["transcripts"][wildcards.transcript]["path"]


def opencc_dictionaries(variants=None):
    """The OpenCC fix dictionaries of the given variants (default: all): an input of every job
    that converts text into them, and of no other."""
    files = []
    for tag in variants or config["variants"]:
        files += config["variants"][tag]["fixes"] + config["variants"][tag]["regional_fixes"]
    return sorted(set(files))


def variant_dictionaries(wildcards):
    return opencc_dictionaries([wildcards.variant])


def subtitle_outputs():
    return expand(
        "outputs/subtitles/{transcript}.{variant}.{fmt}",
        transcript=TRANSCRIPTS,
        variant=VARIANTS,
        fmt=SUBTITLE_FORMATS,
    )


def timing_mode(transcript):
    return config["transcripts"][transcript].get("timing") or config["subtitles"]["timing"]["mode"]


# Transcripts whose subtitles are timed on their own narration are narrated; the master
# variant's narration is the timing source for every variant's subtitles.
NARRATED = [t for t in TRANSCRIPTS if timing_mode(t) == "tts"]
NARRATION_VARIANTS = config["narration"]["variants"]


# Transcripts timed on a recording of their own (timing `audio`).
ALIGNED = [t for t in TRANSCRIPTS if timing_mode(t) == "audio"]


def measured_timeline(wildcards):
    """The timeline a transcript's cues are timed on: its narration's (`tts`), its recording's
    (`audio`), or none (`estimate`)."""
    mode = timing_mode(wildcards.transcript)
    if mode == "tts":
        return rules.narrate.output.timeline.format(transcript=wildcards.transcript, variant="zh-Hans")
    if mode == "audio":
        return rules.align.output.timeline.format(transcript=wildcards.transcript)
    return []


def recording_path(wildcards):
    return config["transcripts"][wildcards.transcript]["recording"]


def alignment_outputs():
    return expand(
        "outputs/alignment/{transcript}.{kind}",
        transcript=ALIGNED,
        kind=["md", "confidence.tsv"],
    )


def narration_outputs():
    variants = sorted(set(NARRATION_VARIANTS) | {"zh-Hans"})
    return expand("outputs/narration/{transcript}.{variant}.mp3", transcript=NARRATED, variant=variants)


TOPIC_IDS = [topic["id"] for topic in config["topics"]] + ["other"]


def reconciled_outputs():
    return ["outputs/reconciled/topics.json", "outputs/reconciled/conflicts.md"] + expand(
        "outputs/reconciled/{topic}.md", topic=TOPIC_IDS
    )


SUMMARY_TOPICS = [topic["id"] for topic in config["topics"]]
PODCAST_NAMES = ["episode"] + SUMMARY_TOPICS   # the full episode, then one per topic
PODCAST_VARIANTS = config["podcast"]["variants"]   # each a defined variant (subcast.config_check)
TOPIC_TITLES = {topic["id"]: topic["title"] for topic in config["topics"]}


def script_variant(variant):
    # Mandarin engines read the simplified script (the same audio for every written variant);
    # edge-tts reads each variant's own script with that variant's voice.
    return variant if config["voice"]["engine"] == "edge" else "zh-Hans"


def narration_tags(transcript):
    """A narration's ID3 tags: its title from config (else the show's), the configured rest."""
    show = config["podcast"]["show"]
    title = config["transcripts"][transcript].get("title") or show["title"]
    return {**config["narration"]["tags"], "title": title}


def podcast_tags(variant, name):
    show = config["podcast"]["show"]
    return {
        "title": episode_title(name, TOPIC_TITLES),
        "album": variant_title(show, variant, config["variants"][variant]),
        "author": show["author"],
        "date": show["published"][:10],
        "track": str(PODCAST_NAMES.index(name) + 1),
    }


def preview_outputs():
    voicings = sorted({script_variant(v) for v in PODCAST_VARIANTS})
    narrated = [f"narration/{t}.{v}" for t in NARRATED for v in sorted(set(NARRATION_VARIANTS) | {"zh-Hans"})]
    return expand("outputs/previews/voiced/{voicing}/{name}.mp3", voicing=voicings,
                  name=PODCAST_NAMES) + [f"outputs/previews/{n}.mp3" for n in narrated]


def podcast_outputs():
    return (
        expand("outputs/podcast/{variant}/{name}.{ext}", variant=PODCAST_VARIANTS, name=PODCAST_NAMES,
               ext=["mp3", "srt", "vtt", "chapters.json", "png"])
        + expand("outputs/podcast/{variant}/feed.xml", variant=PODCAST_VARIANTS)
        + expand("outputs/podcast/{variant}/cover.png", variant=PODCAST_VARIANTS)
    )


def site_outputs():
    per_variant = [f"{name}.{ext}" for name in PODCAST_NAMES
                   for ext in ("html", "mp3", "srt", "vtt", "chapters.json", "png")]
    per_variant += ["index.html", "feed.xml", "cover.png", "cover-320.jpg"]
    return (["outputs/site/index.html", "outputs/site/assets/site.css", "outputs/site/assets/player.js"]
            + expand("outputs/site/{variant}/{file}", variant=PODCAST_VARIANTS, file=per_variant))


# ---- what a job reads beyond its data: the package code its script runs, and the files
# that code reads (the lexicon, the site's templates; the OpenCC fix dictionaries are inputs of
# the rules that convert, per variant). As inputs, an edit or an upgrade reruns exactly the jobs
# whose code or files changed.
PACKAGE = Path(workflow.current_basedir, "../subcast").resolve()


_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+[.\w]+[ \t]+import|import[ \t]+subcast)\b(?:[^\n(]*\([^)]*\)|[^\n]*)", re.M)


@functools.cache
def _imported(path: Path) -> set[Path]:
    """The subcast modules a file imports (anywhere in it, lazy imports included). Only its
    import statements are parsed: walking whole modules made every no-op run 1.5 s slower."""
    import ast

    found = set()
    package = path.parent.relative_to(PACKAGE.parent).parts if PACKAGE in path.parents else ()
    nodes = []
    for match in _IMPORT_LINE.finditer(path.read_text(encoding="utf-8")):
        try:
            nodes += ast.parse(match.group(0).strip()).body
        except SyntaxError:     # prose in a docstring that reads like an import
            pass
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            parts = base + (node.module.split(".") if node.module else [])
            names = [parts + [alias.name] for alias in node.names] + [parts]
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        else:
            continue
        for name in names:
            if name and name[0] == "subcast":
                target = PACKAGE.parent.joinpath(*name)
                found |= {m for m in (target.with_suffix(".py"), target / "__init__.py") if m.exists()}
    return found


@functools.cache
def package_code(script: str) -> list[str]:
    """The modules a rule's script runs, followed through their imports (sorted paths)."""
    seen, todo = set(), [Path(workflow.current_basedir, f"../scripts/{script}.py").resolve()]
    while todo:
        for module in _imported(todo.pop()) - seen:
            seen.add(module)
            todo.append(module)
    return sorted(os.path.relpath(m, workflow.basedir) for m in seen)     # relative: a moved project is no change


def code_and_data(script: str) -> list[str]:
    """`package_code(script)` and the files that code reads by config."""
    code = package_code(script)
    files = list(code)
    if any(m.endswith("english.py") for m in code):
        files.append(config["voice"]["lexicon"])
    if any(m.endswith("site/pages.py") for m in code):     # the page templates, read by pages.py
        files += sorted(os.path.relpath(p, workflow.basedir) for p in (PACKAGE / "site").rglob("*.*")
                        if p.suffix in {".j2", ".css", ".js"})
    return files
