import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))  # the package, even when not pip-installed

SEEDS = {p.name[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}


@pytest.fixture(scope="session")
def config():
    import yaml

    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))


def copy_project(target: Path) -> Path:
    """A fresh checkout-like copy of the workflow, without outputs, to run Snakemake in."""
    for name in ("Snakefile", "workflow", "config", "seeds", "profiles"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target
