"""A config the schema passes but the build cannot honour is refused before any job runs, with
the key named."""
import copy

import pytest
import yaml

from conftest import copy_project, snakemake
from subcast.config_check import problems


def edited(config, *path_and_value):
    cfg = copy.deepcopy(config)
    *path, value = path_and_value
    node = cfg
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return cfg


def test_the_projects_config_has_no_problem(config):
    assert problems(config) == []


@pytest.mark.parametrize("path_and_value, key", [
    ((("podcast", "show", "category"), "Podcasting"), "podcast.show.category"),
    ((("podcast", "show", "category"), "Technology > Gadgets"), "podcast.show.category"),
    ((("podcast", "show", "published"), "2026-01-11"), "podcast.show.published"),
    ((("podcast", "show", "published"), "next Sunday"), "podcast.show.published"),
    ((("podcast", "variants"), ["zh-Hans", "zh-SG"]), "podcast.variants"),
    ((("narration", "variants"), ["yue"]), "narration.variants"),
    ((("voice", "edge", "voices", "zh-Hans"), "Xiaoxiao"), "voice.edge.voices.zh-Hans"),
    ((("variants", "zh-TW", "opencc"), "s2tw-typo"), "variants.zh-TW.opencc"),
    ((("variants", "zh-TW", "fixes"), ["config/opencc/missing.txt"]), "variants.zh-TW.fixes"),
    ((("sources", "003", "path"), "seeds/nowhere.txt"), "sources.003.path"),
    ((("transcripts", "001", "path"), "seeds/nowhere.txt"), "transcripts.001.path"),
    ((("summary", "exclude_speakers"), ["主持人甲"]), "summary.exclude_speakers"),
])
def test_each_kind_of_wrong_value_is_named_by_its_key(config, path_and_value, key):
    path, value = path_and_value
    found = problems(edited(config, *path, value))
    assert len(found) == 1 and found[0].startswith(key + ":"), found


def test_a_subcategory_apple_lists_is_accepted(config):
    assert problems(edited(config, "podcast", "show", "category", "News > Tech News")) == []


def test_snakemake_refuses_before_any_job_with_every_problem_listed(tmp_path, config):
    workdir = copy_project(tmp_path)
    cfg = edited(edited(config, "podcast", "show", "category", "Podcasting"), "podcast", "show", "published", "2026-01-11")
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = snakemake(workdir, "--dry-run")
    assert run.returncode != 0
    said = run.stdout + run.stderr
    assert "podcast.show.category: 'Podcasting'" in said and "podcast.show.published: '2026-01-11'" in said
    assert not (workdir / "outputs").exists()


def test_the_cluster_environment_installs_what_the_package_needs():
    """workflow/envs/subcast.yaml (for --software-deployment-method conda) lists the runtime
    dependencies of pyproject.toml, versions included (snakemake itself runs the rules)."""
    import tomllib

    from conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "workflow" / "envs" / "subcast.yaml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip) == sorted(d for d in declared if not d.startswith("snakemake"))
