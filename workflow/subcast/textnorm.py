"""Text normalisation for the voice: written digits, symbols and units → what a Mandarin
speaker says, by the role each plays in its sentence. The display keeps what the author wrote
(12,000台, 10:30, CA1831); only the spoken side is verbalised, from the same analysis.

The classes are those of the Chinese TN grammars (WeTextProcessing's and NeMo's zh taggers:
cardinal, decimal, fraction, date, time, money, measure, telephone), with what they lack here:

- identifier  phone, service, room, flight and train numbers, codes: digit by digit, 1 as 幺
              (拨打119 → 幺幺九, CA1831 → CA幺八三幺), by a keyword before (电话, 房间, 航班…),
              a word after (房间, 次列车) or the shape (a leading 0, seven digits or more)
- year        四 digits before 年 (or in an ISO date): digit by digit with 一 (二零二四年); a
              birth cohort too (90后 → 九零后)
- clock       10:30 → 十点三十, 8:05 → 八点零五, 12:00 → 十二点
- ratio       3:2 → 三比二 (a colon that is no clock time, or after 比分/以/比例)
- range       3-5天, 3~5, 10%-20% → 三到五天, 百分之十到百分之二十
- fraction    3/4 → 四分之三; a slash between units or words is 每 (元/斤 → 元每斤)
- percent     25% → 百分之二十五, 3‰ → 千分之三
- sign        −5℃ → 零下五摄氏度, -3 → 负三, ±0.1 → 正负零点一
- multiply    7×24 → 七乘二十四
- currency    ¥99, $1.5, €200, HK$100 → 九十九元, 一点五美元, 两百欧元, 一百港元
- approx      6000+ → 六千多, ~3小时 → 约三小时
- version     v2.3.1, Python 3.11, iOS 17.2 → 二点三点一, 三点十一, 十七点二
- code        letters with digits (A100, Qwen3, GPT-4o): up to three digits as a number,
              four or more digit by digit (RTX 4090 → 四零九零)
- quantity    everything else: a cardinal (cn2an), 两 where Mandarin says it (两千, 一万两千,
              2个 → 两个, but 十二, 二月, 第二, 二点五), thousands separators read through
- unit        after a number, from `UNITS` and config (`subtitles.numbers.units`): km/h →
              公里每小时, GWh → 吉瓦时, TB → T; an abbreviation with no entry stays Latin, for
              the English reader (letter names)

Latin words stay as written: the narration's English reader (`voice.english`) reads them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

DIGITS = "零一二三四五六七八九"
# Said after a number: unit as written → as a Mandarin speaker says it. Config adds to it.
UNITS = {
    "km/h": "公里每小时", "km²": "平方公里", "km": "公里", "kg": "公斤", "mg": "毫克", "g": "克",
    "m²": "平方米", "m2": "平方米", "m³": "立方米", "m3": "立方米", "cm": "厘米", "mm": "毫米",
    "nm": "纳米", "μm": "微米", "um": "微米", "μg": "微克", "ug": "微克", "m": "米",
    "mL": "毫升", "ml": "毫升", "L": "升",
    "TB": "T", "GB": "G", "MB": "兆", "KB": "K", "kB": "K", "PB": "P",
    "GHz": "吉赫兹", "MHz": "兆赫兹", "kHz": "千赫兹", "Hz": "赫兹",
    "GWh": "吉瓦时", "MWh": "兆瓦时", "kWh": "千瓦时", "GW": "吉瓦", "MW": "兆瓦", "kW": "千瓦", "W": "瓦",
    "mAh": "毫安时", "mA": "毫安", "V": "伏", "dB": "分贝", "kcal": "千卡", "cal": "卡",
    "℃": "摄氏度", "°C": "摄氏度", "°F": "华氏度", "°": "度",
    "h": "小时", "min": "分钟", "ms": "毫秒", "s": "秒", "Mbps": "兆比特每秒", "fps": "帧每秒",
    "mph": "英里每小时", "km/s": "公里每秒", "m/s": "米每秒",
}
# A symbol standing on its own (not part of a number's notation).
SYMBOLS = {"&": "和", "@": "艾特", "#": "井号", "=": "等于", "≈": "约等于", "≠": "不等于",
           "<": "小于", ">": "大于", "≤": "小于等于", "≥": "大于等于", "≦": "小于等于", "≧": "大于等于",
           "+": "加", "×": "乘", "*": "星号", "÷": "除以", "%": "百分号", "‰": "千分号", "~": "到", "～": "到",
           "℃": "摄氏度", "°C": "摄氏度"}
_SYMBOLS_LONGEST_FIRST = sorted(SYMBOLS, key=len, reverse=True)
CURRENCY = {"HK$": "港元", "US$": "美元", "NT$": "新台币", "¥": "元", "￥": "元", "$": "美元", "€": "欧元",
            "£": "英镑"}
# A digit string after one of these (within a few characters) is an identifier.
ID_BEFORE = re.compile(r"(电话|手机|号码|拨打|拨|致电|热线|尾号|房间|房号|航班|车次|编号|工号|学号|单号|订单|"
                       r"验证码|密码|邮编|邮政编码|门牌|座位|座号|分机|账号|帐号|QQ|微信号|身份证|卡号|型号|代码|"
                       r"批次|序列号|客服|服务台|报警|急救|火警|打)[^\d，。；！？]{0,4}$")
ID_AFTER = re.compile(r"^(号房|房间|房|室|会议室|教室|办公室|实验室|病房|号楼|次列车|次高铁|次动车|次航班|航班|号线路)")
SCORE_BEFORE = re.compile(r"(比分|战胜|击败|赢了|输了|大比分|战平|逆转)[为是了]?[^\d]{0,2}$")
CLOCK_BEFORE = re.compile(r"(比分|比例|以|比|战胜|击败|赢了|输了|打出|大比分|比例尺)[为是了]?[^\d]{0,2}$")
# After a lone 2 (or 2 with a unit), a speaker says 两; not before these (二月, 二号, 二楼).
_NOT_LIANG = tuple("月日号楼层级等期版班区路室栋") + ("分之", "年级", "季度", "代")
_NOT_LIANG_BEFORE = ("第", "初", "高", "周", "星期", "礼拜", "点", "之", "零", "十")
_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Measure words after a number (it counts): 个 人 台 …; a number not followed by one may be an identifier.
_MEASURE = "个|人|名|位|台|辆|件|张|条|只|本|次|元|块|角|分|岁|年|月|天|日|周|小时|分钟|秒|倍|家|所|座|栋|层|米|斤|克|吨|度|户|份|套|部|颗|粒|篇|页|行|项|种|类|批|场|届|期|号|点|万|亿|千|百|多|余"
_DATE_AFTER = r"(国庆|当天|那天|起|开始|以前|以后|之前|之后|前|后|截止|到期|上午|下午|晚|早|凌晨|中午|周[一二三四五六日]|星期)"
# 「很多人说 26 年才能看到」, 「25 年其实已经有了」: a year said short, as a point in time (二六年);
# 「干了 25 年才」 is a span of years.
_YEAR_AS_TIME = r"\s*(才|就|其实|已经|开始|的时候)"
_DURATION_BEFORE = r"(了|过去|近|这|那|第|每|多少|几|用|花|做|干|等|再|快|有|的|前|后)\s*$"
_TWO_DIGIT_YEAR = r"(春节|元旦|国庆|年初|年底|年末|底|初|上半年|下半年|\d{1,2}月|[一二三四五六七八九十]+月)"
NUMBER = re.compile(_NUM)


@dataclass(frozen=True)
class Verbalised:
    spoken: str
    kinds: tuple[str, ...]       # the classes read by rule (for `subcast-readings`)


def digit_string(digits: str, yao: bool = False) -> str:
    """Digit by digit: 2024 → 二零二四; with `yao`, 1 is 幺 (phone, room and flight numbers)."""
    return "".join(("幺" if yao and d == "1" else DIGITS[int(d)]) for d in digits if d.isdigit())


def cardinal(number: str, liang: bool = True) -> str:
    """A written number as a quantity: 12,000 → 一万两千, 3.14 → 三点一四, 0.5 → 零点五.
    With `liang`, 2 before 百/千/万/亿 at the head of a group is 两 (两千, 一万两千, 两亿)."""
    number = number.replace(",", "")
    whole, _, frac = number.partition(".")
    spoken = cn2an.an2cn(whole or "0", "low") if whole else "零"
    if len(whole) > 1 and whole.startswith("0"):
        spoken = digit_string(whole)
    if liang:
        spoken = re.sub(r"(^|[万亿零])二(?=[百千万亿])", r"\1两", spoken)
    if frac:
        spoken += "点" + digit_string(frac)
    return spoken


def _liang_lone(number: str, before: str, after: str) -> bool:
    """A bare 2 counting something (两个, 两台, 两公斤): not 第二, 二月, 二楼, 十二."""
    return (number == "2" and not before.endswith(_NOT_LIANG_BEFORE) and bool(after) and _is_han(after[0])
            and not after.startswith(_NOT_LIANG))


class TextNormaliser:
    """Verbalises the digits, symbols and units of a piece of Chinese text, in its context."""

    def __init__(self, units: dict[str, str] | None = None):
        self.units = {**UNITS, **(units or {})}
        self._unit = re.compile("|".join(re.escape(u) for u in sorted(self.units, key=len, reverse=True)))

    # -- the pieces -------------------------------------------------------------------------
    def unit_at(self, text: str, pos: int) -> tuple[str, int]:
        """(the unit's spoken form, its end) at `pos` (one space allowed before), or ("", pos)."""
        start = pos + 1 if text[pos:pos + 1] == " " else pos
        match = self._unit.match(text, start)
        if not match or (match.end() < len(text) and text[match.end()].isascii() and text[match.end()].isalpha()):
            return "", pos
        return self.units[match.group(0)], match.end()

    def _quantity(self, number: str, before: str, after: str) -> str:
        if _liang_lone(number, before, after):
            return "两"
        return cardinal(number)

    def _identifier(self, digits: str, before: str, after: str) -> bool:
        plain = digits.replace("-", "")
        if not plain.isdigit() or "," in digits or before.endswith("第"):
            return False
        if ID_AFTER.match(after):
            # a room is said digit by digit (302室 三零二室), a building or a flat's rooms by
            # their number (1号楼 一号楼, 12号楼 十二号楼, 1室1厅 一室一厅)
            return len(plain) >= 3
        if self._counted(after):
            return False  # 有16GB内存, 运费≤10元: it counts, whatever keyword came before
        if ID_BEFORE.search(before):
            return True
        if len(plain) >= 5 and plain[0] in "19" and not self._counted(after):
            return True  # a hotline or service number: 12306, 95588, 10086
        return len(plain) >= 7 and not self._counted(after) or (len(plain) >= 3 and plain.startswith("0"))

    def _counted(self, after: str) -> bool:
        """A measure word, a unit or a scale follows: the number counts something."""
        return bool(re.match(r"\s?[\u3400-\u9fff]", after) and re.match(rf"\s?(?:{_MEASURE})", after)) or \
            bool(self.unit_at(after, 0)[0]) or after[:1] in ("%", "‰", "万", "亿", "多", "余")

    # -- one expression at `pos` --------------------------------------------------------------
    def _expression(self, text: str, pos: int, limit: int) -> tuple[str, int, str] | None:
        """(spoken, end, class) for the numeric expression at `pos` (matched within `limit`,
        read with all of `text` as context), or None."""
        before, rest = text[:pos], text[pos:limit]
        m = re.match(r"(\d{4})([-/.年])(\d{1,2})[-/.月](\d{1,2})日?(?![\d.])", rest)
        if m and 1 <= int(m[3]) <= 12 and 1 <= int(m[4]) <= 31:
            return (f"{digit_string(m[1])}年{cardinal(m[3].lstrip('0'), False)}月{cardinal(m[4].lstrip('0'), False)}日",
                    pos + m.end(), "date")
        m = re.match(r"\d+(?:\.\d+){2,}(?![\d.])", rest)
        if m:  # 3.2.1: a version, part by part
            return "点".join(cardinal(part, False) for part in m[0].split(".")), pos + m.end(), "version"
        m = re.match(r"(\d{1,2}):(\d{2}):(\d{2})(?![\d:])", rest)
        if m:  # a duration (以2:08:15的成绩) or a clock time with seconds
            h, mi, se = (int(g) for g in m.groups())
            hours = "两" if h == 2 else cardinal(str(h), False)
            if re.search(r"(以|成绩|用时|耗时|时长|历时|跑出|游出)[^\d]{0,2}$", before):
                return f"{hours}小时{'零' if 0 < mi < 10 else ''}{cardinal(str(mi), False)}分{cardinal(str(se), False)}秒", \
                    pos + m.end(), "clock"
            return f"{hours}点{cardinal(str(mi), False)}分{cardinal(str(se), False)}秒", pos + m.end(), "clock"
        m = re.match(r"(\d{1,2}):(\d{2})(?![\d:])", rest)
        if m and int(m[1]) <= 24 and int(m[2]) < 60 and not CLOCK_BEFORE.search(before):
            hour, minute = int(m[1]), int(m[2])
            spoken = ("两" if hour == 2 else cardinal(str(hour), False)) + "点"
            if minute:
                spoken += ("零" if minute < 10 else "") + cardinal(str(minute), False)
            return spoken, pos + m.end(), "clock"
        m = re.match(rf"({_NUM}):({_NUM})(?![\d:])", rest)
        if m:
            return f"{cardinal(m[1], False)}比{cardinal(m[2], False)}", pos + m.end(), "ratio"
        m = re.match(r"(\d+)\s?[×xX*]\s?(\d+)(?![\d.])", rest)
        if m:
            return f"{cardinal(m[1], False)}乘{cardinal(m[2], False)}", pos + m.end(), "multiply"
        m = re.match(r"(\d{1,2})/(\d{1,2})(?![\d/])", rest)
        if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31 and (
                int(m[2]) == 1 or re.match(_DATE_AFTER, text[pos + m.end():])):
            return f"{cardinal(m[1], False)}月{cardinal(m[2], False)}日", pos + m.end(), "date"
        m = re.match(r"(\d+)/(\d+)(?![\d/])", rest)
        if m and int(m[2]) and not re.match(r"\s?[A-Za-z]", text[pos + m.end():]):
            scale = {"100": "百", "1000": "千", "10000": "万"}.get(m[2])
            denominator = scale or cardinal(m[2], False)
            return f"{denominator}分之{cardinal(m[1], False)}", pos + m.end(), "fraction"
        m = re.match(r"(\d{1,2})·(\d{1,2})(?![\d·])", rest)
        if m:  # 3·15, 9·11: a day named by its date, said digit by digit
            return digit_string(m[1] + m[2]), pos + m.end(), "date"
        m = re.match(r"(\d+)\s?[-–—]\s?(\d+)(?![\d.])", rest)
        if m and SCORE_BEFORE.search(before):  # 比分为2-1: a score, not a range
            return f"{cardinal(m[1], False)}比{cardinal(m[2], False)}", pos + m.end(), "ratio"
        m = re.match(rf"({_NUM})(%|‰)?\s?[-~～—–]\s?({_NUM})(%|‰)?", rest)
        if m and not self._identifier(m[0].replace(" ", ""), before, text[pos + m.end():]):
            low, high = float(m[1].replace(",", "")), float(m[3].replace(",", ""))
            if low < high:
                mark = m[2] or m[4]
                after = text[pos + m.end():]
                if mark:
                    left, right = self._percent(m[1], mark), self._percent(m[3], mark)
                else:
                    unit, _ = self.unit_at(text, pos + m.end())
                    left, right = (self._quantity(m[1], before, unit or after.lstrip()),
                                   self._quantity(m[3], "", unit or after.lstrip()))    # 1-2 个: 一到两个
                unit, end = self.unit_at(text, pos + m.end()) if not mark else ("", pos + m.end())
                return f"{left}到{right}{unit}", end, "range"
        m = re.match(r"\d+(?:-\d+)+(?![\d.])", rest)
        if m and self._identifier(m[0], before, text[pos + m.end():]):
            return digit_string(m[0], yao=True), pos + m.end(), "identifier"
        m = NUMBER.match(rest)
        if not m:
            return None
        number, end = m[0], pos + m.end()
        after = text[end:]
        if after.startswith("%") or after.startswith("‰"):
            return self._percent(number, after[0]), end + 1, "percent"
        if "." not in number and "," not in number:
            said = after.lstrip(" ")      # 「26 年」 as transcripts write it
            if said.startswith(("年", "届")) and not said.startswith("年级") and (
                    len(number) == 4 or (len(number) == 3 and before.endswith(("公元", "公元前")))
                    or (len(number) == 2 and re.match(_TWO_DIGIT_YEAR, said[1:]))
                    or (len(number) == 2 and re.match(_YEAR_AS_TIME, said[1:]) and not re.search(_DURATION_BEFORE, before))
                    or (len(number) == 2 and re.search(r"这个\s*$", before))):     # 「这个 26 年」: this year, '26
                return digit_string(number), end, "year"
            if len(number) == 2 and after.startswith("后") and not after.startswith("后来"):
                return digit_string(number), end, "year"     # a birth cohort: 90后 九零后, 00后 零零后
            if self._identifier(number, before, after):
                return digit_string(number, yao=True), end, "identifier"
        if after.startswith("+") and not after[1:2].isdigit():
            return cardinal(number) + "多", end + 1, "approximation"
        unit, unit_end = self.unit_at(text, end)
        if unit and unit_end <= limit:
            if unit in ("摄氏度", "华氏度", "度") and before.endswith(("-", "−")):
                return "零下" + cardinal(number, False) + unit, unit_end, "sign"
            two = number == "2" and not before.endswith(_NOT_LIANG_BEFORE) and unit not in ("度", "摄氏度")
            return ("两" if two else self._quantity(number, before, unit)) + unit, unit_end, "unit"
        return self._quantity(number, before, after), end, "quantity"

    def _percent(self, number: str, mark: str | None) -> str:
        if mark == "%":
            return "百分之" + cardinal(number, False)
        if mark == "‰":
            return "千分之" + cardinal(number, False)
        return cardinal(number, False)

    # -- a whole text -------------------------------------------------------------------------
    def verbalise(self, text: str, start: int = 0, end: int | None = None) -> Verbalised:
        """The spoken form of `text[start:end]`, read in the context of all of `text`."""
        end = len(text) if end is None else end
        out, kinds, pos = [], [], start
        while pos < end:
            ch = text[pos]
            prev = text[pos - 1] if pos else ""
            nxt = text[pos + 1:pos + 2]
            latin_before = prev.isascii() and prev.isalpha()
            # RTX 4090, Python 3.11: a number after a Latin word and a space, not counting a Han noun
            spaced_code = (prev == " " and pos >= 2 and text[pos - 2].isascii() and text[pos - 2].isalpha()
                           and not re.match(r"[\d.,]*\d\s?[\u3400-\u9fff%‰]", text[pos:]))
            if prev == "/" and pos >= 2 and not _digit(text[pos - 2]):
                unit, unit_end = self.unit_at(text, pos)
                if unit and unit_end <= end:  # 元/GB: the unit after a per-slash is said as a unit
                    out.append(unit)
                    kinds.append("unit")
                    pos = unit_end
                    continue
            currency = next((c for c in CURRENCY if text.startswith(c, pos)), None)
            if currency and pos + len(currency) < end and _digit(text[pos + len(currency)]):
                m = NUMBER.match(text, pos + len(currency))
                scale = re.match(r"[万亿]+", text[m.end():])
                amount = cardinal(m[0]) + (scale[0] if scale else "")
                out.append(amount + CURRENCY[currency])
                kinds.append("currency")
                pos = m.end() + (len(scale[0]) if scale else 0)
                continue
            if text.startswith("No.", pos) and _digit(text[pos + 3:pos + 4]):
                m = re.match(r"\d+", text[pos + 3:end])
                out.append("第" + cardinal(m[0], False))
                kinds.append("ordinal")
                pos += 3 + m.end()
                continue
            if ch in "-~～—–" and _digit(prev) and _digit(nxt):
                out.append("到")  # 9:00-11:30: a range between two expressions
                kinds.append("range")
                pos += 1
                continue
            if ch in "-−±+~～" and _digit(nxt) and not (prev.isalnum() and prev.isascii()):
                if ch in "~～":
                    out.append("约")
                    kinds.append("approximation")
                    pos += 1
                    continue
                if ch in "-−":
                    expression = self._expression(text, pos + 1, end)
                    if expression and expression[2] == "sign":
                        out.append(expression[0])
                        kinds.append("sign")
                        pos = expression[1]
                        continue
                out.append({"-": "负", "−": "负", "+": "正", "±": "正负"}[ch])
                kinds.append("sign")
                pos += 1
                continue
            if ch == "+" and latin_before and _digit(nxt):
                out.append("加")  # UTC+8
                kinds.append("symbol")
                pos += 1
                continue
            if _digit(ch):
                joined = prev == "-" and pos >= 2 and text[pos - 2].isascii() and text[pos - 2].isalpha()
                if latin_before or joined or spaced_code:
                    if joined and out and out[-1] == "-":
                        out.pop()  # GPT-4o is said GPT四o
                    spoken, pos = self._code(text, pos, end)
                    out.append(spoken)
                    kinds.append("code")
                    continue
                expression = self._expression(text, pos, end)
                if expression:
                    spoken, pos, kind = expression
                    out.append(spoken)
                    kinds.append(kind)
                    continue
            if ch == "." and latin_before and nxt.isascii() and nxt.isalpha() and _ADDRESS.search(text):
                out.append("点")  # service@example.com, www.example.cn
                kinds.append("symbol")
                pos += 1
                continue
            if ch in "/" and pos and (_is_han(prev) or prev in "".join(self.units)):
                out.append("每")
                kinds.append("symbol")
                pos += 1
                unit, unit_end = self.unit_at(text, pos) if pos < end else ("", pos)
                if unit and unit_end <= end:  # μg/m³: the unit after 每 is said too
                    out.append(unit)
                    pos = unit_end
                continue
            symbol = next((s for s in _SYMBOLS_LONGEST_FIRST if text.startswith(s, pos)), None)
            if symbol and not (symbol == "+" and latin_before) and not (symbol in "&" and latin_before and
                                                                        text[pos + 1:pos + 2].isascii()):
                out.append(SYMBOLS[symbol])
                kinds.append("symbol")
                pos += len(symbol)
                continue
            out.append(ch)
            pos += 1
        return Verbalised("".join(out), tuple(kinds))

    def _code(self, text: str, pos: int, limit: int) -> tuple[str, int]:
        """Digits inside a Latin term: a version (v2.3.1, 3.11) part by part, up to three
        digits as a number (A100, Qwen3), four or more digit by digit (RTX 4090); a flight or
        train number (CA1831, G102次列车) digit by digit with 幺."""
        m = re.match(r"\d+(?:\.\d+)+|\d+", text[pos:limit])
        digits, end = m[0], pos + m.end()
        if "." in digits:
            return "点".join(cardinal(part, False) for part in digits.split(".")), end
        head = re.search(r"[A-Za-z]+$", text[:pos])
        transport = (ID_AFTER.match(text[end:]) or ID_BEFORE.search(text[:pos - len(head[0]) if head else pos])
                     or (head is not None and head[0].isupper() and len(head[0]) == 2 and len(digits) >= 3))
        if transport:
            return digit_string(digits, yao=True), end
        if len(digits) >= 4:
            return digit_string(digits), end
        return cardinal(digits, False), end


_ADDRESS = re.compile(r"@|www\.|\.(com|cn|net|org|edu|gov|io)\b")


def _digit(ch: str) -> bool:
    return len(ch) == 1 and "0" <= ch <= "9"


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


# A half-width stop after a Chinese character is punctuation, not a decimal point or a clock.
_HALF_WIDTH = {".": "。", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_WIDTH_AFTER_HAN = re.compile(r"(?<=[\u3400-\u9fff）》」』”])([.,;:?!])(?!\.)")


_HALF_WIDTH_BEFORE_HAN = re.compile(r"(?<=[\w）》」』”])([,;!?])(?=[\u3400-\u9fff])")


_STRAIGHT_QUOTED = re.compile(r'"([^"\n]*[\u4e00-\u9fff][^"\n]*)"')
_CORNER_TO_CURLY = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def full_width_punctuation(text: str) -> str:
    """`先讲背景.再讲方法.` → `先讲背景。再讲方法。`, `3:1,主队晋级` → `3:1，主队晋级`: the
    half-width stops after a Chinese character (or a comma, semicolon, ? or ! before one)
    become the full-width marks they stand for, and quotes are “” (GB/T 15834; subtitles spec)."""
    text = _HALF_WIDTH_AFTER_HAN.sub(lambda m: _HALF_WIDTH[m[1]], text)
    text = _HALF_WIDTH_BEFORE_HAN.sub(lambda m: _HALF_WIDTH[m[1]], text)
    # quotation marks as the mainland writes them (GB/T 15834: “” and ‘’; 「」 is Taiwan's and
    # Hong Kong's, which the variants convert to): 叫"出海", 叫「出海」 → 叫“出海”
    text = _STRAIGHT_QUOTED.sub(r"“\1”", text)
    return text.translate(_CORNER_TO_CURLY)
