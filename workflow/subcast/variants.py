"""Simplified master text → traditional variants with the official OpenCC wheel.

OpenCC's built-in dictionaries get a few phrases wrong on this material (但是只是→但是隻是,
被发明→被髮明, s2twp's 局部→區域性). The fix is a user phrase dictionary placed ahead of the
built-in ones: a custom OpenCC config made from the built-in one, with the user's dictionary
first in the segmentation and in the matching conversion stage. The simplified text stays the
master; traditional text is never converted back.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from .textio import InputError, read_text

SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@dataclass(frozen=True)
class Variant:
    tag: str                       # BCP-47: zh-Hans, zh-Hant, zh-TW, zh-HK
    opencc: str | None = None      # built-in config name (s2t, s2twp, s2hk); None = the master
    fixes: tuple[str, ...] = ()            # simplified → traditional phrase fixes
    regional_fixes: tuple[str, ...] = ()   # traditional → regional phrase fixes (s2twp, s2hk)

    @classmethod
    def from_config(cls, tag: str, cfg: dict) -> "Variant":
        """`cfg` is a filled `variants.<tag>` entry; no `opencc` is the master (zh-Hans)."""
        return cls(tag, cfg.get("opencc"), tuple(cfg["fixes"]), tuple(cfg["regional_fixes"]))


def _load_entries(path: str) -> list[tuple[str, str]]:
    entries = []
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(path, number, "expected `phrase<TAB>replacement`")
        entries.append((parts[0].strip(), parts[1].strip()))
    return entries


def _text_dict(paths: tuple[str, ...], folder: Path, name: str) -> dict | None:
    entries = [entry for path in paths for entry in _load_entries(path)]
    if not entries:
        return None
    target = folder / f"{name}.txt"
    target.write_text("".join(f"{a}\t{b}\n" for a, b in entries), encoding="utf-8")
    return {"type": "text", "file": str(target)}


def _absolute(node):
    """The built-in config with its dictionary files made absolute."""
    if isinstance(node, dict):
        node = {k: _absolute(v) for k, v in node.items()}
        if node.get("type") == "ocd2":
            node["file"] = str(SHARE / node["file"])
        return node
    if isinstance(node, list):
        return [_absolute(v) for v in node]
    return node


def _ahead(user: dict | None, builtin: dict) -> dict:
    if user is None:
        return builtin
    return {"type": "group", "match_policy": "short_circuit", "dicts": [user, builtin]}


def custom_config(variant: Variant, folder: Path) -> Path:
    builtin = json.loads((SHARE / f"{variant.opencc}.json").read_text(encoding="utf-8"))
    config = _absolute(builtin)
    first = _text_dict(variant.fixes, folder, "fixes")
    regional = _text_dict(variant.regional_fixes, folder, "regional")
    chain = config["conversion_chain"]
    if first:
        # The segmenter must know the user's phrases too, or it cuts them apart first.
        segmentation = config.setdefault("segmentation", {"type": "mmseg", "dict": chain[0]["dict"]})
        segmentation["dict"] = {"type": "group", "match_policy": "union",
                                "dicts": [first, segmentation["dict"]]}
    chain[0]["dict"] = _ahead(first, chain[0]["dict"])
    for stage in chain[1:]:
        stage["dict"] = _ahead(regional, stage["dict"])
    path = folder / f"{variant.tag}.json"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@dataclass
class Converter:
    """Converts simplified text into one variant; the master variant passes text through."""

    variant: Variant
    _opencc: object = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if self.variant.opencc is None:
            return
        if f"{self.variant.opencc}.json" not in opencc.CONFIGS:
            raise ValueError(f"unknown OpenCC config {self.variant.opencc!r} for {self.variant.tag}")
        with tempfile.TemporaryDirectory(prefix="subcast-opencc-") as folder:
            # OpenCC reads the config and its text dictionaries once, at construction.
            self._opencc = opencc.OpenCC(os.fspath(custom_config(self.variant, Path(folder))))

    def convert(self, text: str) -> str:
        return text if self._opencc is None else self._opencc.convert(text)
