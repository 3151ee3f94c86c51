"""Simplified master text → traditional variants with the official OpenCC wheel.

OpenCC's built-in dictionaries get a few phrases wrong on this material (但是只是→但是隻是,
被发明→被髮明, s2twp's 局部→區域性). The fix is a user phrase dictionary placed ahead of the
built-in ones: a custom OpenCC config made from the built-in one, with the user's dictionary
first in the segmentation and in the matching conversion stage. The simplified text stays the
master; traditional text is never converted back. Two things OpenCC does not do for
subtitles (specs/subtitles.md): a personal name keeps the characters it is written with
where they are traditional characters too (唐杰, not OpenCC's 唐傑; 杰 is in Big5) and takes
the traditional form of the others (姚顺雨 → 姚順雨, 张钹 → 張鈸): `name_form`, for the names
the config lists and those a title marks (范志杰教授: `titled_names`). And the
traditional variants quote with 「 」 and 『 』 (Netflix Traditional Chinese guides).
"""
from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from .phrases import SURNAMES, TITLES
from .textio import InputError, read_text

SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@dataclass(frozen=True)
class Variant:
    tag: str                       # BCP-47: zh-Hans, zh-Hant, zh-TW, zh-HK
    opencc: str | None = None      # built-in config name (s2t, s2twp, s2hk); None = the master
    fixes: tuple[str, ...] = ()            # simplified → traditional phrase fixes
    regional_fixes: tuple[str, ...] = ()   # traditional → regional phrase fixes (s2twp, s2hk)
    quotes: str = "curly"                  # curly: “ ” ‘ ’ | corner: 「 」 『 』
    names: frozenset[str] = frozenset()    # personal names (`keep`): see name_form

    @classmethod
    def from_config(cls, tag: str, cfg: dict) -> "Variant":
        """`cfg` is a filled `variants.<tag>` entry; no `opencc` is the master (zh-Hans).
        Quotes default to corner marks in a converted (traditional) variant."""
        quotes = cfg.get("quotes") or ("corner" if cfg.get("opencc") else "curly")
        return cls(tag, cfg.get("opencc"), tuple(cfg["fixes"]), tuple(cfg["regional_fixes"]), quotes,
                   frozenset(cfg.get("keep", ())))


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
    # The segmenter must know the user's phrases too, or it cuts them apart first; it reads
    # the simplified text, so a regional phrase is known by its simplified form.
    known = [d for d in (first, _simplified_keys(variant.regional_fixes, folder)) if d]
    if known:
        segmentation = config.setdefault("segmentation", {"type": "mmseg", "dict": chain[0]["dict"]})
        segmentation["dict"] = {"type": "group", "match_policy": "union", "dicts": [*known, segmentation["dict"]]}
    chain[0]["dict"] = _ahead(first, chain[0]["dict"])
    for stage in chain[1:]:
        stage["dict"] = _ahead(regional, stage["dict"])
    path = folder / f"{variant.tag}.json"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=1)
def t2s() -> "opencc.OpenCC":
    """OpenCC's traditional → simplified converter, built once a process."""
    return opencc.OpenCC("t2s.json")


def _simplified_keys(paths: tuple[str, ...], folder: Path) -> dict | None:
    to_simplified = t2s().convert
    keys = {to_simplified(a) for path in paths for a, _ in _load_entries(path)}
    if not keys:
        return None
    target = folder / "regional-segments.txt"
    target.write_text("".join(f"{k}\t{k}\n" for k in sorted(keys)), encoding="utf-8")
    return {"type": "text", "file": str(target)}


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
        if self._opencc is None:
            return text
        # Names go through as private-use placeholders, which OpenCC leaves alone.
        names = sorted({n for n in self.variant.names if n in text} | titled_names(text), key=len, reverse=True)
        for k, name in enumerate(names):
            text = text.replace(name, chr(_PRIVATE + k))
        text = self._opencc.convert(text)
        for k, name in enumerate(names):
            text = text.replace(chr(_PRIVATE + k), name_form(name, self._opencc.convert))
        return text.translate(_CORNER) if self.variant.quotes == "corner" else text


# A name jieba misses (范志杰 → 范志|杰) opens with a common surname and is followed by a title.
# (总 alone is no title here: 总是, 总体 follow a surname's character too often.)
_NAME_TITLES = "|".join(t for t in TITLES + ("医生", "同学", "经理", "律师", "总监") if t != "总")
_TITLED = re.compile(rf"[{SURNAMES}][\u4e00-\u9fff]{{0,2}}?(?=(?:{_NAME_TITLES}))"
                     rf"|(?<=叫)[{SURNAMES}][\u4e00-\u9fff]{{1,2}}(?=[，。！？、,.!?\s]|$)")   # 有个年轻人叫范志杰


_BEFORE_NAME = set("和与跟及同向对给请让被把由是的、，。：；“「（ ")    # 和范老师: jieba glues 和范


@functools.lru_cache(maxsize=4096)     # a subtitle line is asked once a variant and again for its tokens
def titled_names(text: str) -> frozenset[str]:
    """Personal names the text marks by a title after them (范志杰教授, 范老师) or names with 叫
    at a clause's end (有个年轻人叫范志杰): kept as
    names (`name_form`) though no config lists them. A name starts where a jieba word starts
    or after a function word (清华教授 is a university's, not 华's)."""
    import jieba

    starts, at = set(), 0
    for word in jieba.lcut(text):
        starts.add(at)
        at += len(word)
    return frozenset(m.group(0) for m in _TITLED.finditer(text)
                     if m.start() in starts or text[m.start() - 1:m.start()] in _BEFORE_NAME | {"叫"})


def name_form(name: str, convert) -> str:
    """A name in a traditional variant: each character that Big5 (the traditional character
    set of Taiwan and Hong Kong) holds stays as written, the others take OpenCC's form of the
    character alone. 唐杰 → 唐杰, 姚顺雨 → 姚順雨, 于 stays 于 (a surname, not 於)."""
    def traditional(ch: str) -> bool:
        try:
            ch.encode("big5")
            return True
        except UnicodeEncodeError:
            return False
    return "".join(ch if traditional(ch) else convert(ch) for ch in name)


_PRIVATE = 0xF0000  # Supplementary Private Use Area-A: no transcript carries it
_CORNER = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


@functools.lru_cache(maxsize=16)
def _converter(tag: str, cfg_json: str) -> Converter:
    return Converter(Variant.from_config(tag, json.loads(cfg_json)))


def converter(tag: str, cfg: dict) -> Converter:
    """The converter of a filled `variants.<tag>` entry, built once a process (OpenCC reads
    its dictionaries at construction: ~0.1 s a variant)."""
    return _converter(tag, json.dumps(cfg, sort_keys=True, ensure_ascii=False))
