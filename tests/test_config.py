"""Config is read in one place (subcast.config) and every default is stated once, in the schema:
the typed settings agree with it, the README's knob list agrees with it, and a wrong config
is refused with one line per problem naming its key."""
import dataclasses
import re
from pathlib import Path

import pytest
import yaml

# Importing the stages registers their typed settings (subcast.config.SETTINGS).
import subcast.alignment  # noqa: F401
import subcast.subtitles  # noqa: F401
import subcast.summarise  # noqa: F401
import subcast.summary_llm  # noqa: F401
from subcast.config import SETTINGS, ConfigError, defaults, filled, load, schema, section_schema, typed

ROOT = Path(__file__).resolve().parents[1]


def _properties(node, out=None):
    """Every property name anywhere in the schema, with its default where it has one."""
    out = {} if out is None else out
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            out.setdefault(name, []).append(sub.get("default"))
        for value in node.values():
            _properties(value, out)
    elif isinstance(node, list):
        for value in node:
            _properties(value, out)
    return out


def test_the_stages_settings_are_registered():
    names = {cls.__name__ for cls in SETTINGS}
    assert {"LayoutRules", "TimingRules", "EstimateModel", "Pauses", "AlignSettings", "Settings",
            "LLMSettings"} <= names


@pytest.mark.parametrize("cls", list(SETTINGS), ids=lambda c: c.__name__)
def test_typed_settings_have_no_defaults_of_their_own_and_match_their_schema_section(cls):
    section = section_schema(SETTINGS[cls])
    props = section["properties"]
    derived = set(getattr(cls, "DERIVED", ()))
    for field in dataclasses.fields(cls):
        assert field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING, \
            f"{cls.__name__}.{field.name} states a default: it belongs in the schema"
        if field.name in derived:
            continue
        assert field.name in props, f"{cls.__name__}.{field.name} is not a key of {SETTINGS[cls]}"
        assert "default" in props[field.name] or field.name in section.get("required", []), \
            f"{SETTINGS[cls]}.{field.name} has no default in the schema"
    if not derived:   # a class built from one section reads all of it
        assert set(props) == {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", [c for c in SETTINGS if c.__name__ not in ("LLMSettings",)],
                         ids=lambda c: c.__name__)
def test_typed_settings_build_from_the_schema_defaults_alone(cls):
    assert isinstance(typed(cls), cls)


def test_filling_defaults_reaches_every_depth_and_leaves_the_schema_alone():
    voice = filled("voice", {"engine": "espeak", "edge": {"retries": 5}})
    assert voice["edge"] == {**defaults("voice.edge"), "retries": 5}
    assert voice["offline"]["threads"] == section_schema("voice.offline")["properties"]["threads"]["default"]
    voice["espeak"]["voices"]["zh-Hans"] = "changed"
    assert defaults("voice")["espeak"]["voices"]["zh-Hans"] != "changed"     # no shared objects


def test_the_project_config_loads_filled(config):
    assert config["subtitles"]["layout"]["max_lines"] == 2
    assert config["transcripts"]["001"]["encoding"] == "utf-8"
    assert config["podcast"]["show"]["intro_title"]


def test_a_wrong_config_is_refused_with_one_line_per_problem_naming_its_key(tmp_path):
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg["subtitles"]["layout"]["max_lines"] = "two"
    cfg["narration"]["pauses"]["weak_ms"] = -1
    cfg["subtitles"]["layout"]["max_chars"] = 12            # not a knob
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load(path, root=ROOT)
    lines = error.value.problems
    assert len(lines) == 3
    assert any(line.startswith("narration.pauses.weak_ms:") for line in lines)
    assert any(line.startswith("subtitles.layout.max_lines:") and "'two'" in line for line in lines)
    assert any(line.startswith("subtitles.layout:") and "max_chars" in line for line in lines)
    assert str(path) in str(error.value)


def test_the_readme_knob_list_agrees_with_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    knobs = readme.split("## Config knobs", 1)[1].split("\n## ", 1)[0]
    props = _properties(schema())
    named = set(re.findall(r"`([a-z][a-z_]*(?:\.[a-z_<>]+)*)`", knobs))
    keys = {part for name in named for part in name.split(".") if part != "<id>" and not part.startswith("<")}
    # words in backticks that are values, not keys
    values = {"lines", "paragraphs", "tts", "estimate", "audio", "acoustic", "voice", "extractive", "llm",
              "transcript", "narration", "markdown", "title", "words", "opens", "attribution"}
    unknown = sorted(k for k in keys - values if k not in props and k not in schema()["properties"])
    assert not unknown, f"README names knobs the schema lacks: {unknown}"
    for section in schema()["properties"]:
        assert f"`{section}" in knobs, f"the README's knob list does not mention `{section}`"
    # A default the README states, "`key` (value)", is the schema's.
    for key, value in re.findall(r"`([a-z_]+)` \((-?[0-9.]+)[,)]", knobs):
        stated = [d for d in props.get(key, []) if d is not None]
        assert stated, f"README gives {key} a default ({value}); the schema has none"
        assert any(float(value) == float(d) for d in stated), f"README: {key} ({value}); schema: {stated}"
