"""Spelled-out Chinese numbers → digits for the displayed text only.

Numbers that count or measure become digits (二零二六年→2026年, 百分之九十五→95%,
十到二十倍→10到20倍, 四点五→4.5, 二十万→20万); fixed words keep their numerals (一定, 统一,
一模一样, 星期一, 万一, 两三个, 十四五). cn2an parses a span once this module has decided that
the span is a number: cn2an.transform alone turns 一定要 into 1定要 and 两三个 into 23个.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}
_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_PLAIN_DIGITS = set("零〇一二三四五六七八九")
_RUN = re.compile(rf"(百分之)?([{_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?)")

# Words that contain numerals but are not numbers. Config can extend this list.
DEFAULT_KEEP_WORDS = (
    "一定", "统一", "一模一样", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
    "万一", "十四五", "一样", "一起", "一直", "一些", "一切", "一般", "一旦", "之一", "唯一",
    "一致", "一下", "千万", "万万", "一五一十", "举一反三", "三心二意", "七上八下", "乱七八糟",
    "一心一意", "独一无二", "十全十美", "百分百", "九九", "一点点", "一把手", "三三两两",
    "千方百计", "百花齐放", "一举两得", "四面八方", "五花八门", "十字", "万物", "亿万",
    "一倍",      # 翻了一倍, 增长了一倍: doubled, an idiom, not a count of 1
)
# After a lone digit (一…九, 两), these make it a measurement worth showing as a digit.
DEFAULT_MEASURE_UNITS = ("倍", "岁", "美元", "元", "块钱", "%", "亿", "万")
_DIGIT_STRING_SUFFIXES = ("年", "后", "届")  # 二零二六年, 九八后
_RANGE_WORDS = ("到", "至")
# A range of lone digits measures when a unit follows it (三到五个小时 → 3到5个小时, 一周到两周 →
# 1周到2周): subtitles.md, "a range takes the same form on both sides" (3到5年, 10到20倍).
_RANGE_UNITS = ("个小时", "小时", "个月", "月", "个", "天", "周", "年", "分钟", "秒", "次", "倍", "岁", "代", "项", "家", "亿", "万")
_RANGE_BETWEEN = re.compile(rf"(?:{'|'.join(_RANGE_UNITS)})?[到至]")


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    spoken: str
    display: str


def _digit_string(run: str) -> str:
    return "".join(str(DIGIT_VALUES[ch]) for ch in run)


def _format_value(run: str) -> str | None:
    """Digits for a numeral run, or None when it is not a well-formed number."""
    if "点" in run:
        whole, frac = run.split("点", 1)
        whole_digits = _format_value(whole) if whole else "0"
        if whole_digits is None or not whole_digits.isdigit():
            return None
        return f"{whole_digits}.{_digit_string(frac)}"
    try:
        value = cn2an.cn2an(run, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    value = int(value)
    # Chinese writes large round numbers with 万/亿 kept: 二十万 → 20万, not 200000.
    for unit, size in (("亿", 10**8), ("万", 10**4)):
        if run.endswith(unit) and value % size == 0 and value >= size:
            return f"{value // size}{unit}"
    return str(value)


def _is_approximation(run: str) -> bool:
    # 八九个, 五六个, 两三个: neighbouring digits read as "eight or nine", not 89.
    if len(run) != 2 or any(ch not in DIGIT_VALUES for ch in run):
        return False
    a, b = (DIGIT_VALUES[ch] for ch in run)
    return 0 < abs(a - b) <= 2 and 0 not in (a, b)


def _is_year_approximation(run: str) -> bool:
    # 三四年, 七八年, 三五年: a few years, not '34 or '35; 二三年 and 一九年 are read as years
    # (2023, 2019). 三五 is the one idiomatic pair two apart (三五年, 三五个); 五七年 is a year.
    return _is_approximation(run) and DIGIT_VALUES[run[0]] >= 3 and (
        DIGIT_VALUES[run[1]] - DIGIT_VALUES[run[0]] == 1 or run == "三五")


_TITLE = re.compile(r"《[^《》]*》")


class NumberNormaliser:
    def __init__(self, keep_words=DEFAULT_KEEP_WORDS, measure_units=DEFAULT_MEASURE_UNITS):
        self.keep_words = tuple(sorted(set(keep_words), key=len, reverse=True))
        self.measure_units = tuple(measure_units)

    def _protected(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for word in self.keep_words:
            start = text.find(word)
            while start >= 0:
                spans.append((start, start + len(word)))
                start = text.find(word, start + 1)
        return spans

    def _decide(self, text: str, match: re.Match) -> str | None:
        percent, run = match.group(1), match.group(2)
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end():]
        if before == "几" or after.startswith("几") or (after.startswith("来") and run.endswith(("十", "百", "千", "万"))):
            return None  # 几十, 十几, 十来个: an approximate count stays in words (二十多年 → 20多年 is fine)
        if set(run) <= _PLAIN_DIGITS and len(run) >= 2:
            if after.startswith(_DIGIT_STRING_SUFFIXES) and not _is_year_approximation(run):
                return _digit_string(run) + ("%" if percent else "")
            if _is_approximation(run):
                return None
            if not percent:
                return None  # a digit-by-digit string that is not a year: leave as spoken
        if _is_approximation(run) and not percent:
            return None
        digits = _format_value(run)
        if digits is None:
            return None
        if percent:
            return f"{digits}%"
        lone_digit = len(run) == 1 and run in DIGIT_VALUES
        # a date's month is a numeral as its year and day are (2026年9月, 1月10日; Netflix: dates in
        # Arabic numerals), not 2026年九月
        dated = (after.startswith("月") and (before == "年" or re.match(r"月\s*[0-9零一二三四五六七八九十]+\s*[日号]", after))
                 or after.startswith(("日", "号")) and before == "月")
        if lone_digit and not after.startswith(self.measure_units) and not dated:
            return None
        return digits

    def spans(self, text: str, names: list[tuple[int, int]] = ()) -> list[NumberSpan]:
        """Number spans of `text` whose displayed form differs from the spoken one; none
        inside `names` ([start, end) spans of names that keep their numerals: 黄三元) or a
        title 《…》."""
        protected = self._protected(text)
        # A title keeps its own numerals (《给孩子的物理实验一百例》), as a name does.
        names = [*names, *((m.start(), m.end()) for m in _TITLE.finditer(text))]
        found: list[NumberSpan] = []
        for match in _RUN.finditer(text):
            # 百分之一点五 is a number: 之一 only protects where it does not start inside 百分之
            if any(s < match.end() and match.start() < e and s >= match.start(2) - (0 if match.group(1) else 1)
                   for s, e in protected):
                continue
            if any(s < match.end() and match.start() < e for s, e in names):
                continue
            display = self._decide(text, match)
            found.append(NumberSpan(match.start(), match.end(), match.group(0), display or ""))
        # A range converts both ends or neither: 五到十倍 → 5到10倍.
        for left, right in zip(found, found[1:]):
            joined = text[left.end:right.start] in _RANGE_WORDS
            if joined and bool(left.display) != bool(right.display):
                for span in (left, right):
                    if not span.display:
                        value = _format_value(span.spoken.removeprefix("百分之"))
                        if value is not None:
                            found[found.index(span)] = NumberSpan(span.start, span.end, span.spoken, value)
        for k, (left, right) in enumerate(zip(found, found[1:])):
            if (not left.display and not right.display and _RANGE_BETWEEN.fullmatch(text[left.end:right.start])
                    and text[right.end:].startswith(_RANGE_UNITS)):
                values = [_format_value(span.spoken) for span in (left, right)]
                if None not in values and not any(span.spoken.startswith("百分之") for span in (left, right)):
                    found[k] = NumberSpan(left.start, left.end, left.spoken, values[0])
                    found[k + 1] = NumberSpan(right.start, right.end, right.spoken, values[1])
        return [span for span in found if span.display]

    def to_display(self, text: str) -> str:
        out, last = [], 0
        for span in self.spans(text):
            out.append(text[last:span.start])
            out.append(span.display)
            last = span.end
        out.append(text[last:])
        return "".join(out)


# A self-repair (Shriberg 1994: reparandum, interruption, repair): 「两百五十——不对，两百六十户」
# says 两百六十户; the figure taken back is not said. Not 不是: 「是两百，不是三百」 takes back the second.
_NUMERAL = r"[0-9零一二两三四五六七八九十百千万亿点.%％]"
_REPAIR = re.compile(rf"(?:百分之)?{_NUMERAL}+[成个户台架年倍元块]?\s*(?:——|—|…+|[，,、])?\s*(?:(?:不对)+|说错了|哦不)[，,、\s]*"
                     rf"(?=(?:百分之)?{_NUMERAL})")


def repaired(text: str) -> str:
    """The figure a speaker ends on where they correct themselves (「三十——不对，三十五个国家」
    says 三十五个国家): the figure taken back is not what they said."""
    return _REPAIR.sub("", text)


# A figure taken back with no figure right after (「九块六，哦不对，九块六是上半年的数字，…是九块二」):
# the speaker's answer is not that figure, wherever else the sentence names it.
_TAKEN_BACK = re.compile(rf"((?:百分之)?{_NUMERAL}+(?:[块点]{_NUMERAL})?[成个户台架年倍元块]?)\s*(?:——|—|…+|[，,、])?\s*"
                         rf"(?:哦|啊|呃)?(?:不对|说错了)(?![，,、\s]*(?!\1)(?:百分之)?{_NUMERAL})")


def taken_back(text: str) -> str:
    """`text` without a figure the speaker took back and did not replace at once (the
    repair comes later in the sentence): every mention of it in the sentence goes, as
    `repaired` drops the figure a repair replaces. For comparing figures, not for display."""
    match = _TAKEN_BACK.search(text)
    if not match or not re.search(r"\d|[零一二两三四五六七八九十]", match[1]):
        return text
    alone = rf"(?<!{_NUMERAL}){re.escape(match[1])}(?!{_NUMERAL})"     # 三十, not the 三十 of 三十五
    return text[:match.start()] + re.sub(alone, "", text[match.end():])


# A lone numeral counting with a measure word stays in words on screen (四个城市, 三条航线) but
# is a value when figures are compared (新进入4个城市). 一 is left: 一个 is mostly "a".
_SPELLED_COUNT = re.compile(r"(?<![零〇一二两三四五六七八九十百千万亿几多第到至])([二两三四五六七八九])"
                            r"(?=(?:个(?![月小])|条|座|家|位|台|名|所|款|户|种|辆|项|件|场|架|年(?!代|级)))")


def spelled_counts(text: str) -> str:
    """四个城市 → 4个城市, 两年 → 2年: lone spelled numerals before a measure word as digits."""
    return _SPELLED_COUNT.sub(lambda m: str(DIGIT_VALUES[m[1]]), text)


# Colloquial money: 九块六 is 9.6 yuan, 28块 28 yuan; 两块电池 is two batteries, and 三十五块一公斤
# 35 yuan a kilogram.
_KUAI = re.compile(r"(\d+|[零〇一二两三四五六七八九十百千万]+)块(?:(\d|[零一二三四五六七八九])毛?(?=[的了钱到至左多以]|[^\u3400-\u9fff]|$)"
                   r"|(?=钱|[到至]|左右|多|以[上下]|[^\u3400-\u9fff]|$))")


_KUAI_MANY = re.compile(r"(?<![\d.])(\d{3,})块")


def kuai_as_yuan(text: str) -> str:
    """九块六 → 9.6元, 28块 → 28元, 一百块钱 → 100元 (两块电池 stays)."""
    def money(m: re.Match) -> str:
        whole = m[1] if m[1].isdigit() else _format_value(m[1])
        if whole is None or not whole.isdigit():
            return m[0]
        tenth = m[2] and (m[2] if m[2].isdigit() else str(DIGIT_VALUES[m[2]]))
        return f"{whole}.{tenth}元" if tenth else f"{whole}元"
    text = _KUAI_MANY.sub(r"\1元", text)     # 12000块这个区间: hundreds of 块 are money, whatever follows
    return _KUAI.sub(money, text).replace("元钱", "元")
