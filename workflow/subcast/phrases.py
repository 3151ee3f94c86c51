"""Where a line or a cue may not end: inside a phrase, judged from the parts of speech of the
words on either side (jieba's dictionary tags; names from config are people, Latin terms are
nouns). A reader pauses after punctuation, before a conjunction or a new clause, after a whole
phrase: never between a name and its title, a modifier and its noun, an adverb and what it
modifies, a number and its measure word, a verb and a short object.
"""
from __future__ import annotations

import functools
import re

TITLES = ("教授", "院士", "老师", "博士", "先生", "女士", "总", "总裁", "校长", "主任", "科学家", "创始人")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.+\-]*$")
_NUMBER = re.compile(r"^[0-9０-９.%]+$")


@functools.lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def tag(word: str, names: frozenset[str] = frozenset()) -> str:
    word = word.strip()
    if word in names:
        return "nr"
    if _LATIN.match(word):
        return "eng"
    if _NUMBER.match(word):
        return "m"
    return _tags().get(word, "x")


def split_kind(left: str, right: str, names: frozenset[str] = frozenset()) -> str | None:
    """What a break between the words `left` and `right` would split, or None if a reader
    could pause there."""
    if not left.strip() or not right.strip():
        return None
    a, b = tag(left, names), tag(right, names)
    if a == "nr" and (right in TITLES or right.startswith(TITLES)):
        return "name+title"
    if a.startswith("m") and b == "q":
        return "number+measure"
    if a == "d" and b[:1] in ("a", "v") or a == "d" and b == "l":
        return "adverb+head"
    if (a[:1] in ("a", "b", "s") or a == "uj" or left.endswith("的")) and b[:1] == "n" or (a in ("b", "eng") and b == "eng") \
            or (a == "eng" and b[:1] == "n" and len(right) <= 2) or (a == "b" and b == "eng"):
        return "modifier+noun"
    if a[:1] == "v" and b[:1] in ("n", "r") and len(right) <= 2:
        return "verb+object"
    return None
