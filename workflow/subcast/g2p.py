"""Grapheme to phoneme for the voice: Chinese characters → pinyin with tone numbers (neutral
tone 5, ü as v), one syllable per character, polyphones read in context. In order, later wins:

1. g2pM (Park and Lee, Interspeech 2020; Apache-2.0; a one-layer BiLSTM whose NumPy weights ship
   in its wheel), its softmax restricted to each character's own readings, where it is at least
   `MIN_CONFIDENCE` sure; else pypinyin.
2. pypinyin's phrase dictionary for the jieba words it knows (and the words inside a longer one):
   right where the BiLSTM, trained on single marked characters, misses a word (行长 hang2 zhang3).
3. `CONTEXT_RULES` on characters outside those words (睡不着 zhao2, 重塑 chong2, 微调 tiao2).
4. Neutral tones (`NEUTRAL_TONE`, reduplicated verbs), the modal 得 dei3, the complement 得 de5,
   好 hao4 in 爱好/偏好, surnames before a title (曾老师 zeng1); the tone changes of 一 and 不,
   the same everywhere (`_yi_bu`). `PHRASE_FIXES` mend pypinyin's dictionary (温差 cha1) first.
5. The readings lexicon (`voice.readings` in config: a word → its pinyin, e.g. 长尾: chang2
   wei3) wins over everything, longest word first; each use is reported for the log.

CPP dev (9,893 sentences, `bench/bench.py --only polyphones`): 97.0 %; pypinyin alone 87.5 %,
g2pM alone 97.1 %. On sentences written apart from the project, dense in polyphones, about half
of those a rule or model had to decide were right: the limit of this approach.
"""
from __future__ import annotations

import functools
import re


_SYLLABLE = re.compile(r"[a-zv]+[1-5]")
_HAN = re.compile(r"[\u3400-\u9fff]")
# 得 between a verb and its complement (长得真快, 吃得很少, 穿得太薄) is the particle de5.
_COMPLEMENT_DE = re.compile(r"(?<=[\u3400-\u9fff])(?<![获取赢值记懂觉晓使])得(?=[很真太挺好不非特越更快慢满清])(?!不[偿到出了])")
# A polyphone outside any dictionary word, read by its neighbours (Mandarin usage, as in the
# 现代汉语词典 examples): 睡不着 zhao2, 没录好 mei2, 重来 chong2, 太薄 bao2, 支行 hang2 …
CONTEXT_RULES = [(re.compile(pattern), reading) for pattern, reading in (
    (r"(?<=不)着", "zhao2"), (r"着(?=了?[急凉火迷])", "zhao2"),
    (r"没(?![收落顶])", "mei2"),
    (r"重(?=[来做写播建修考选启装塑组申温返逢叠])", "chong2"),
    (r"(?<=[太很真好挺那这])薄", "bao2"), (r"(?<=[太很真好挺点])冲", "chong4"),
    (r"更(?![新换改正衣替迭生夫年])", "geng4"),   # the adverb (更好, 更流畅); 更新 etc. are words
    (r"长(?=得)", "zhang3"), (r"长(?=时间|期|久|远|途|达|寿|篇|跑|假)", "chang2"),
    (r"(?<=[微协空烹])调", "tiao2"),
    (r"(?<=[一两三几这那每])场(?![雨雪病梦空风])", "chang3"),   # the measure for events (一场比赛)
    (r"(?<=[好快慢真认努默静悄轻渐断续极积动彻明显样般然常速力细心意底实效])地(?=[\u3400-\u9fff])", "de5"),
    (r"(?<=[很太真好挺更最较多偏])长", "chang2"),
    (r"(?<=[\u3400-\u9fff]不)了", "liao3"),                  # 吃不了, 受不了, 不得了
    (r"(?<=[睡午])觉|(?<=睡不着)觉", "jiao4"),
    (r"(?<=[头理烫染脱])发|发(?=[型量质丝际夹])", "fa4"),     # hair
    (r"盛(?=[饭汤粥菜上好满碗])", "cheng2"), (r"藏(?=[着在起了好])", "cang2"),
    (r"倒(?=[进入出满上])", "dao4"), (r"背(?=[着起上包书])", "bei1"),
    (r"种(?=[的了花树菜地田下上])", "zhong4"), (r"(?<=[门接裂夹牙])缝", "feng4"),
    (r"(?<=[确误效概频比利速功税汇增胜命出费存转])率", "lv4"),
    (r"(?<=[没要去先按及该不再])还(?=[钱书债款贷了给信，。！？,.!?]|$)", "huan2"),
    (r"(?<=[一二两三四五六七八九十几这那每哪有])只(?=[小大猫狗鸟鸡鸭兔羊手脚眼])", "zhi1"),
    (r"倒(?=[一杯水茶酒])", "dao4"),
    (r"(?<=[支分总银商车琴])行", "hang2"), (r"行(?=不行|吗)", "xing2"),
    (r"教(?=[数语英物化历地生音体美书我你他她孩学大人])(?!学|育|导|授|练|室|师|材|程)", "jiao1"),
    (r"(?<=[太很真好挺不更最多较])重(?![来做写播建修考选启装塑组申温返逢叠新])", "zhong4"),  # 太重了
    (r"(?<=[太很真好挺不更最较])差", "cha4"),                    # 质量太差
    (r"数(?=一?数)|(?<=数一)数|(?<=数)数|数(?=[钱星人]|不[清过]|了数)", "shu3"),   # 数一数, 数钱
    (r"(?<=[急快慢猛轻重张乱])地(?=[\u3400-\u9fff])", "de5"),  # 着急地跑, 慌张地
    (r"(?<![成作认以称因])为(?=[他她你我它]们?(?:高兴|担心|着急|骄傲|难过|操心|加油|感到|鼓掌|开心))", "wei4"),
    (r"调(?=一下|一调|高|低|好)", "tiao2"),                      # 调一下温度 (not 调到北京: diao4)
    (r"(?<=[在打])转(?=[，。！？,.!?]|$|圈|个不停)", "zhuan4"),   # 车轮一直在转
    (r"倒(?=是|也)", "dao4"),                                   # 倒是, 倒也
    (r"落(?=在[家车店公学单宿]|东西)", "la4"),                    # 钥匙落在家里
    (r"盛(?=了?[一两几半]?[碗盆勺杯盘])", "cheng2"),              # 盛了一碗饭
    (r"吧(?=[，。！？,.!?]|$)", "ba5"),                          # 看电影吧。
    (r"看(?=孩子|小孩|门|家(?![里人庭长])|护|守)", "kan1"),      # 在家看孩子: look after
    (r"(?<=之)差", "cha1"),                                     # 一分之差, 毫厘之差
    (r"还(?=给)", "huan2"),                                     # 还给他
)]
# Read by context even inside a word of pypinyin's dictionary (its 一场 is chang2, the measure
# for weather and illness; for a show or a match it is chang3).
CONTEXT_OVER_PHRASES = [(re.compile(r"(?<=[一两三几这那每上下])场(?=[比电演音球戏考讲会赛])"), "chang3")]
# 子 closing a two-character noun is the neutral suffix (炉子, 凳子) unless it means son, seed or
# particle (其子, 电子, 男子, 瓜子): g2pM reads the suffix zi3 in nouns pypinyin's dictionary lacks.
_ZI3_BEFORE = set("其长次独嫡庶爱电原分因粒离质中光量男女孔孟庄老君弟才公王太天赤游学莲瓜棋卵精孢")
# Common words whose second syllable is neutral (普通话水平测试 必读轻声词), where pypinyin's
# phrase dictionary gives the full tone: 记得 ji4 de5, not de2.
NEUTRAL_TONE = ("记得", "觉得", "晓得", "懂得", "值得", "使得", "显得", "舍得", "认得", "答应", "恶心", "薄荷",
                "便宜", "东西", "意思", "时候", "地方", "事情", "知道", "告诉", "明白", "清楚", "打听", "商量",
                "喜欢", "热闹", "麻烦", "舒服", "漂亮", "暖和", "凉快", "客气", "道理", "消息", "衣服", "朋友",
                "师傅", "地道", "收拾", "窗户", "豆腐", "关系", "脑袋", "眼睛", "耳朵", "头发", "石头",
                "进去", "出去", "起来", "出来", "下来", "下去", "过来", "回来", "回去", "上来", "上去",
                "妈妈", "爸爸", "奶奶", "爷爷", "姥姥", "哥哥", "姐姐", "弟弟", "妹妹", "叔叔", "姑姑", "舅舅",
                "婶婶", "宝宝", "娃娃", "星星", "先生", "太阳", "月亮", "名字", "事儿", "玻璃",
                "晚上", "早上", "前面", "后面", "里面", "外面", "上面", "下面", "前边", "后边", "里边", "外边")  # not 过去: also "the past"
# Words pypinyin's phrase dictionary reads wrong (《现代汉语词典》: 温差 wēnchā, 献血 xiànxuè,
# 和面 huómiàn), set before the rules and the lexicon.
PHRASE_FIXES = {"照片": ["zhao4", "pian4"], "温差": ["wen1", "cha1"], "献血": ["xian4", "xue4"], "和面": ["huo2", "mian4"],
                "时差": ["shi2", "cha1"], "误差": ["wu4", "cha1"], "偏差": ["pian1", "cha1"]}
# A one-syllable verb said twice takes the neutral tone the second time: 看看, 想想, 试试.
_REDUPLICATED = re.compile(r"([看想试说走听尝问找写读坐聊洗摸转逛谈讲学练玩])\1")   # not 等等 (etc.)
# 好 as "to like" after these (爱好, 偏好, 嗜好), which pypinyin's dictionary reads hao3.
_HOBBY = re.compile(r"(?<=[偏爱嗜喜])好(?![的了看听吃玩用])")
# Polyphones read another way as a surname, before a title or in a place name (单县, 曾老师).
SURNAMES = {"单": "shan4", "曾": "zeng1", "解": "xie4", "查": "zha1", "仇": "qiu2", "朴": "piao2", "区": "ou1",
            "盖": "ge3", "乐": "yue4", "尉": "yu4", "繁": "po2", "种": "chong2"}
_SURNAME = re.compile(r"([单曾解查仇朴区盖乐尉繁种])(?=老师|先生|女士|小姐|教授|医生|总|经理|同学|师傅|老板)"
                      r"|(单)(?=县)|(?:^|(?<=[，。；：！？]))([单曾])(?=[\u3400-\u9fff]{2}(?:的|是|说|在))")
_MODAL_DE = re.compile(r"(?:^|(?<=[我你他她它们咱还就都也总又可]))得(?![到了出知意分奖病益失罪逞体当力很太好多少真])")


# Below this probability g2pM's choice gives way to pypinyin's reading. CPP dev: 97.19 % with
# no threshold, 97.08 % at 0.8, 96.89 % at 0.95; the threshold stops g2pM's unsure misreadings
# of everyday text (更好 hao4 at p = 0.59); 0.95 would also stop 更像 geng1 (0.946) but loses
# more than it saves on tests/data/speech_text.
MIN_CONFIDENCE = 0.8
# Read by pypinyin alone: 一 and 不 keep the tone changes its phrases carry (一个 yi2), and 诶
# is the English reader's letter A, not the interjection g2pM guesses.
_DICTIONARY_ONLY = "一不诶"


# 一 keeps its own tone (yi1) as a number, an ordinal, a date, in a count or a range and at a
# word's end (第一, 十一, 一月, 一九八四, 一是…二是…, 一到两天, 统一, 之一).
_YI_AS_NUMBER = re.compile(r"(?<=[第初十百千万零〇一二三四五六七八九两])一|一(?=[一二三四五六七八九十零〇月号日]|$|[^\u3400-\u9fff])"
                           r"|(?<=[统唯万之专划单同始逐])一(?![个件种些样点下起切次直定])"
                           r"|(?:^|(?<=[，。；：！？、,;:!?\s]))一(?=是|来|则)"   # 一是…二是…: counting
                           r"|一(?=到|至|或|两)")                                # 一到两天: a range


def _yi_bu(text: str, out: list[str]) -> None:
    """The tone changes of 一 and 不, applied the same way everywhere (pypinyin's phrase
    dictionary has 一个 yi2 but 一件 yi1, 一样 yi1): 一/不 before a fourth tone is yi2/bu2, 一 before
    any other tone yi4 (一天 yi4 tian1), 不 bu4; 一 as a number keeps yi1 (一九八四, 第一, 统一),
    and so do X一X and X不X (看一看, 好不好), as tests/data/speech_text expects. Source: the
    普通话水平测试 rules on 一/不; PaddleSpeech's tone_sandhi.py applies the same changes."""
    for k, ch in enumerate(text):
        if ch not in "一不" or not out[k]:
            continue
        after = out[k + 1] if k + 1 < len(out) else ""
        before = text[k - 1] if k else ""
        if k + 1 < len(text) and before and before == text[k + 1] and _HAN.match(before):
            out[k] = "yi1" if ch == "一" else "bu4"     # 看一看, 好不好: no tone change
        elif ch == "一" and _YI_AS_NUMBER.match(text, k):
            out[k] = "yi1"
        elif not after:
            out[k] = "yi1" if ch == "一" else "bu4"
        elif after[-1] == "4":
            out[k] = "yi2" if ch == "一" else "bu2"
        elif ch == "一":
            out[k] = "yi4"
        elif after[-1] in "123":
            out[k] = "bu4"


class ReadingsError(ValueError):
    """A readings-lexicon entry that is not one pinyin syllable per character."""


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


@functools.cache
def _g2pm():
    from g2pM import G2pM

    return G2pM()


def context_readings(text: str) -> list[tuple[str, float] | None]:
    """g2pM's reading of each character of `text` (Chinese only) with its probability: for
    a polyphone, the BiLSTM's softmax over that character's own readings in g2pM's CC-CEDICT
    digest (g2pM's own argmax runs over every syllable and can pick one the character does
    not have: 诶 → pan1); 1.0 for a character with one reading; None for one it lacks."""
    import numpy as np

    model = _g2pm()
    classes = getattr(model, "_class_index", None)
    if classes is None:
        classes = model._class_index = {pron: idx for idx, pron in model.idx2class.items()}
    out: list[tuple[str, float] | None] = []
    poly = []
    for k, ch in enumerate(text):
        prons = model.cedict.get(ch)
        if not prons:
            out.append(None)
        elif len(prons) == 1:
            out.append((prons[0], 1.0))
        else:
            out.append(None)
            poly.append(k)
    if not poly:
        return out
    unknown = model.char2idx["<UNK>"]
    ids = [model.char2idx["시"]] + [model.char2idx.get(ch, unknown) for ch in text] + [model.char2idx["끝"]]
    inputs = np.array([ids], dtype=np.int32)
    reverse = model.reverse_sequence(inputs, [len(ids)])
    fw_emb, bw_emb = model.get_embedding(inputs), model.get_embedding(reverse)
    fw_states = bw_states = None
    fw_hs, bw_hs = [], []
    for i in range(len(ids)):
        fw_states = model.fw_lstm_cell(fw_emb[:, i, :], fw_states)
        bw_states = model.bw_lstm_cell(bw_emb[:, i, :], bw_states)
        fw_hs.append(fw_states[0])
        bw_hs.append(bw_states[0])
    bw = model.reverse_sequence(np.stack(bw_hs, axis=1), [len(ids)])
    hidden = np.concatenate([np.stack(fw_hs, axis=1), bw], axis=2)[0]
    logits = model.fc_layer(hidden[[k + 1 for k in poly]])
    for row, k in zip(logits, poly):
        prons = [p for p in model.cedict[text[k]] if p in classes]
        if not prons:
            continue
        scores = np.array([row[classes[p]] for p in prons])
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        best = int(probs.argmax())
        out[k] = (prons[best], float(probs[best]))
    return out


def syllables(reading: str) -> list[str]:
    """`chang2 wei3` → ['chang2', 'wei3'] (ü may be written ü, v or u:)."""
    return reading.replace("ü", "v").replace("u:", "v").lower().split()


def check_readings(readings: dict[str, str]) -> list[str]:
    """Problems with a readings lexicon, one line each (empty when it is sound)."""
    problems = []
    for word, reading in readings.items():
        parts = syllables(reading)
        if not _HAN.fullmatch(word[:1] or " ") or len(parts) != len(word):
            problems.append(f"voice.readings: {word!r}: {reading!r} needs one syllable per character")
        elif not all(_SYLLABLE.fullmatch(p) for p in parts):
            problems.append(f"voice.readings: {word!r}: {reading!r} is not pinyin with tone numbers 1–5")
    return problems


class Pinyin:
    """Pinyin of a text in context; `readings` is the lexicon that wins over the models."""

    def __init__(self, readings: dict[str, str] | None = None):
        readings = readings or {}
        problems = check_readings(readings)
        if problems:
            raise ReadingsError("; ".join(problems))
        self.readings = {word: syllables(reading) for word, reading in readings.items()}
        self._words = sorted(self.readings, key=len, reverse=True)

    def __call__(self, text: str) -> tuple[list[str], list[str]]:
        """(one syllable per character of `text`, "" for a character that is not Chinese;
        the lexicon words used)."""
        out = [""] * len(text)
        han = [k for k, ch in enumerate(text) if _HAN.match(ch)]
        predicted = context_readings("".join(text[k] for k in han)) if han else []
        for k, item in zip(han, predicted):
            if item is not None and item[1] >= MIN_CONFIDENCE and text[k] not in _DICTIONARY_ONLY:
                reading = item[0].replace("u:", "v")
                out[k] = reading if _SYLLABLE.fullmatch(reading) else ""
        from pypinyin import Style, lazy_pinyin  # here: config checks import this module cheaply
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg.mmseg import seg as _mmseg

        position, in_phrase = 0, set()
        for word in _jieba().lcut(text, HMM=False):
            # a jieba word pypinyin knows; inside a longer one, the known words pypinyin finds (银行|行长)
            for part in ([word] if word in PHRASES_DICT else _mmseg.cut(word) if len(word) > 2 else [word]):
                if len(part) == 2 and part[1] == "子" and part not in PHRASES_DICT and part[0] not in _ZI3_BEFORE:
                    out[position + 1] = "zi5"
                if len(part) > 1 and part in PHRASES_DICT:
                    out[position:position + len(part)] = [
                        p.replace("ü", "v") for p in lazy_pinyin(part, style=Style.TONE3, neutral_tone_with_five=True)]
                    in_phrase.update(range(position, position + len(part)))
                position += len(part)
        for word, readings in PHRASE_FIXES.items():
            for match in re.finditer(word, text):
                out[match.start():match.end()] = readings
                in_phrase.update(range(match.start(), match.end()))
        for pattern, reading in CONTEXT_RULES:
            for match in pattern.finditer(text):
                if match.start() not in in_phrase:
                    out[match.start()] = reading
        for pattern, reading in CONTEXT_OVER_PHRASES:
            for match in pattern.finditer(text):
                out[match.start()] = reading
        for word in NEUTRAL_TONE:
            for match in re.finditer(word, text):
                if text[match.start() - 1:match.start()] == "接" and word == "下来":
                    continue  # 接下来 (next) keeps its tone
                if text[match.start() - 1:match.start()] == "一" and word == "起来":
                    continue  # 一起|来 (together, come)
                last = match.end() - 1
                if out[last]:
                    out[last] = out[last][:-1] + "5"
        for match in _REDUPLICATED.finditer(text):
            if out[match.start() + 1]:
                out[match.start() + 1] = out[match.start() + 1][:-1] + "5"
        for match in _MODAL_DE.finditer(text):
            out[match.start()] = "dei3"
        for match in _COMPLEMENT_DE.finditer(text):
            out[match.start()] = "de5"
        for match in _HOBBY.finditer(text):
            out[match.start()] = "hao4"
        for match in _SURNAME.finditer(text):
            out[match.start()] = SURNAMES[text[match.start()]]
        # 一 and 不 as pypinyin reads the whole clause (its phrases carry their tone changes)
        whole = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda x: [""] * len(x))
        if len(whole) == len(text):
            for k, ch in enumerate(text):
                if ch in "一不" and whole[k]:
                    out[k] = whole[k].replace("ü", "v")
        for k, ch in enumerate(text):
            if _HAN.match(ch) and not out[k]:
                out[k] = lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0].replace("ü", "v")
        _yi_bu(text, out)
        used = []
        for word in self._words:
            for match in re.finditer(re.escape(word), text):
                out[match.start():match.end()] = self.readings[word]
                used.append(word)
        return out, used
