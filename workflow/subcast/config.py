"""config/config.yaml, read in one place: checked against the JSON schema, filled with the
schema's defaults, then checked for what a schema cannot say (`config_check`).

Every default lives in `workflow/schemas/config.schema.yaml` and nowhere else: the typed
settings of each stage (`SETTINGS`: `LayoutRules`, `TimingRules`, `EstimateModel`, `Pauses`,
`AlignSettings`, `summarise.Settings`, `LLMSettings`) have no defaults of their own and are
built from the filled config by their `from_config`, which fails on a missing key instead of
guessing. A test holds each one's fields to its schema section.

The Snakefile calls `settle(config)` on the config Snakemake loaded (with `--config` and
`--configfile` applied); `subcast-check`, the bench and the tests call `load(path)`.
Defaults are filled as `snakemake.utils.validate(..., set_default=True)` fills them, but every
problem is reported at once, one line each, naming its key.
"""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml

from .textio import InputError, read_text

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "config.schema.yaml"


class ConfigError(ValueError):
    """The config is wrong; `problems` holds one "key: why" line per problem."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{source}:\n  " + "\n  ".join(problems))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)    # libyaml when the wheel has it: 10× quicker


@cache
def schema() -> dict:
    return yaml.load(SCHEMA.read_text(encoding="utf-8"), Loader=_LOADER)


@cache
def _filling():
    """The draft 2020-12 validator class that fills each property's `default` before checking it."""
    from jsonschema import Draft202012Validator, validators

    properties = Draft202012Validator.VALIDATORS["properties"]

    def fill_then_validate(validator, props, instance, subschema):
        if isinstance(instance, dict):
            for key, sub in props.items():
                if "default" in sub:
                    instance.setdefault(key, copy.deepcopy(sub["default"]))   # never the schema's own object
        yield from properties(validator, props, instance, subschema)

    return validators.extend(Draft202012Validator, {"properties": fill_then_validate})


def _key(path) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def settle(config: dict, root: Path = Path("."), source: str = "config/config.yaml") -> dict:
    """Validates `config` in place against the schema, fills in the schema's defaults, and
    checks what the schema cannot (Apple's categories, zones, voices, variants, files under
    `root`). Returns `config`. Raises ConfigError listing every problem, one per line."""
    from .config_check import problems

    errors = sorted(_filling()(schema()).iter_errors(config), key=lambda e: [str(p) for p in e.absolute_path])
    found = [f"{_key(e.absolute_path)}: {e.message}" for e in errors]
    if not found:
        found = problems(config, root)
    if found:
        raise ConfigError(source, found)
    people = [name for canonical, aliases in config["people"].items() for name in (canonical, *aliases)]
    # A person's name keeps its own characters; a name the segmenter keeps whole (灵境智能) is
    # converted a character at a time, never as a phrase (s2twp's 智能 → 智慧 is no name's).
    kept = people + [name for name in config["subtitles"]["names"] if name not in people]
    for variant in config["variants"].values():
        variant.setdefault("keep", kept)
    return config


def load(path: str | Path = "config/config.yaml", root: Path | None = None) -> dict:
    """The config file read, checked and filled (`settle`); files it names are relative to
    `root` (default: the working directory). Raises InputError for an unreadable file and
    ConfigError for a wrong one."""
    data = yaml.load(read_text(str(path)), Loader=_LOADER)
    if not isinstance(data, dict):
        raise InputError(str(path), None, "is not a YAML mapping of settings")
    return settle(data, root or Path("."), str(path))


def section_schema(section: str) -> dict:
    """The schema of one dotted section, e.g. "subtitles.layout"."""
    sub = schema()
    for part in section.split("."):
        sub = sub["properties"][part]
    return sub


def _fill(subschema: dict, values: dict | None) -> dict:
    out = copy.deepcopy(values or {})
    for _ in _filling()(subschema).iter_errors(out):
        pass    # only the filling matters here: a section's required keys have no default
    return out


def filled(section: str, values: dict | None = None) -> dict:
    """`values` for one section (e.g. "voice") with the schema's defaults filled in, at every
    depth: `filled("voice", {"engine": "espeak"})`. The values are copied, not changed."""
    return _fill(section_schema(section), values)


def defaults(section: str) -> dict:
    """The schema's defaults for one section, e.g. `defaults("subtitles.layout")`: what a
    config that leaves the section out gets."""
    return filled(section)


def entry(section: str, **values) -> dict:
    """One entry of a mapping section ("transcripts", "sources", "variants") with the schema's
    defaults filled in: `entry("transcripts", path="talk.txt")`."""
    return _fill(schema()["properties"][section]["additionalProperties"], values)


def build(cls, cfg: dict):
    """`cls(**cfg)` on exactly its fields; a missing one is a filled config's bug, named."""
    missing = [name for name in cls.__dataclass_fields__ if name not in cfg]
    if missing:
        raise KeyError(f"{cls.__name__}: {', '.join(missing)} missing from {SETTINGS.get(cls, 'its section')} "
                       "(a config not filled by subcast.config.settle?)")
    return cls(**{name: cfg[name] for name in cls.__dataclass_fields__})


def typed(cls):
    """An instance of a typed settings class from the schema's defaults for its section."""
    return cls.from_config(defaults(SETTINGS[cls]))


# Typed settings → the config section they are built from (the test holds fields to sections).
SETTINGS: dict[type, str] = {}


def register(section: str):
    """Class decorator: the settings class is built from `section` of the config."""
    def mark(cls):
        SETTINGS[cls] = section
        return cls
    return mark


# ---- the slices the rules pass (params): each stage gets what it reads and nothing more, so
# a config edit reruns only the jobs it touches.

def front_end(config: dict) -> dict:
    """What cuts a text into tokens (`subcast.frontend`): shared by the subtitles, the
    narration and the alignment, whose timelines must fit the same token stream."""
    subtitles = config["subtitles"]
    return {"names": subtitles["names"], "numbers": subtitles["numbers"], "corrections": subtitles["corrections"],
            "max_chars_per_line": subtitles["layout"]["max_chars_per_line"]}


def subtitle_settings(config: dict) -> dict:
    """What `subcast.subtitles.make_cues` reads: the front end, the cue layout and timing
    rules, the estimate model with the narration's pauses (timing `estimate`), and the longest
    pause a cue may hold on a recording (timing `audio`)."""
    subtitles = config["subtitles"]
    return {"front_end": front_end(config), "layout": subtitles["layout"], "timing_rules": subtitles["timing_rules"],
            "estimate": subtitles["timing"]["estimate"], "pauses": config["narration"]["pauses"],
            "max_pause_in_cue_ms": subtitles["timing"]["audio"]["max_pause_in_cue_ms"]}


def alignment_settings(config: dict) -> dict:
    """What `subcast.alignment.align_transcript` reads besides the voice and narration."""
    return {"front_end": front_end(config), "alignment": config["subtitles"]["timing"]["audio"]}


def reconcile_settings(config: dict) -> dict:
    """What `subcast.reconcile.reconcile` reads besides the sources, people and topics."""
    return {**config["reconcile"], "other_sections": config["other_sections"]}
