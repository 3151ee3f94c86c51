import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))  # the package, even when not pip-installed

SEEDS = {p.name[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}


@pytest.fixture(scope="session")
def config():
    """The project's config as every stage sees it: checked and filled (subcast.config)."""
    from subcast.config import load

    return load(ROOT / "config" / "config.yaml", root=ROOT)


def copy_project(target: Path) -> Path:
    """A fresh checkout-like copy of the workflow, without outputs, to run Snakemake in."""
    for name in ("Snakefile", "workflow", "config", "seeds", "profiles"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C"}  # a C locale must not break Chinese text handling
    return subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", *args],
                          cwd=workdir, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real workflow run once on the real seeds with the offline voice, as a user runs it."""
    workdir = copy_project(tmp_path_factory.mktemp("project"))
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    return workdir


@pytest.hookimpl(tryfirst=True)     # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """The slow tier: every test that needs the real seeds built with the offline voice. Under
    pytest-xdist (`-n 2 --dist loadgroup`, the default options) the slow tests share one worker,
    so the seeds are built once; the quick ones spread over both, except that the tests of a
    module sharing a module-scoped fixture (the small config's build, a recording's alignment)
    share a worker too: each worker would build it again."""
    for item in items:
        if "built" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.xdist_group("slow"))
        elif any(d.scope == "module" for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def small_panel(folder: Path, sources: dict[str, tuple[str, str]], people: list[str], topic: dict) -> dict:
    """The reconciled document of a panel made up in a test: `sources` maps an id to (text,
    shape); each text is written to `folder`; one topic."""
    from subcast.config import defaults, entry, reconcile_settings
    from subcast.reconcile import reconcile

    entries = {}
    for sid, (text, shape) in sources.items():
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        entries[sid] = entry("sources", path=str(folder / f"{sid}.txt"), shape=shape)
    return reconcile(entries, {name: [] for name in people}, [topic],
                     reconcile_settings({"reconcile": defaults("reconcile"), "other_sections": []}))
