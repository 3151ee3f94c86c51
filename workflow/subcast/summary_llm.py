"""An optional LLM writer for the topic summaries (`summary.engine: llm`), held to the reconciled
points sentence by sentence.

The extractive summary (summarise.py) is always built first. This module sends the topic's
reconciled points (ids, speakers, canonical wording, every witness's words and source tag) and
the disagreements to an OpenAI-compatible chat endpoint (Ollama, llama.cpp's server, vLLM,
hosted APIs) and asks for a spoken script as JSON, every sentence citing the point ids it tells:

    {"sentences": [{"text": "姚顺雨认为，……。", "cites": ["agents-003"]}]}

Nothing the model writes is spoken unchecked. A sentence is kept only if
- it cites at least one point and every id it cites is known;
- every name from `names` in it is a cited point's speaker (or part of that name: 广密 for
  李广密, or of the speaker's introduction in the extractive summary: 腾讯的姚顺雨) or occurs in
  a witness of a cited point (its text or its speaker);
- every number in it (Arabic digits; Chinese numerals of two or more characters, 二十,
  百分之二十, 四点五) occurs, as a value, in a witness of a cited point;
- it has no first or second person (我, 我们, 你, 你们, 咱们, 您) outside 「」 or “” quotes;
- the project's checker (`check`) finds no problem with it.
These are the issue's rules for an LLM summary: a listener must not hear a person, a number or
a "we" the sources do not have. A sentence that fails is replaced by the extractive sentence
for its point (dropped when there is none) and logged with the reason. An endpoint that cannot
be reached, times out, answers with an HTTP error or with anything but the JSON above leaves the
extractive summary as it was, with one warning naming the reason and the base_url.
"""
from __future__ import annotations

import copy
import json
import logging
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import cn2an

from .config import build, register
from .numbers import DEFAULT_KEEP_WORDS
from .rephrase import for_the_ear
from .sources import source_tag
from .summary_check import person_words

log = logging.getLogger(__name__)

MAX_RETRIES = 1                 # one retry on a connection error, 408/429/5xx: a slow local server
                                # should not hold the build for minutes before the fallback
PLACEHOLDER_KEY = "not-needed"  # local servers (Ollama, llama.cpp, vLLM) ignore the key, the SDK wants one

_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE_NUMBER = re.compile(rf"(?:百分之)?[{_NUMERALS}]+(?:点[零〇一二三四五六七八九]+)?")
_DIGITS = "零〇一二三四五六七八九两"
_VALUE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万)?")
_UNITS = {None: 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
_TAG = re.compile(r"\s*\[\d+:L\d+(?:-\d+)?\]")
_END = ("。", "？", "！", "?", "!", "…", "」", "”")


@register("summary.llm")
@dataclass(frozen=True)
class LLMSettings:
    """Where and how to ask (config `summary.llm`; the schema holds the defaults)."""
    base_url: str                         # the API root, e.g. http://localhost:11434/v1 (Ollama)
    model: str                            # the name the server knows the model by
    api_key_env: str                      # env var holding the key; unset → a placeholder key is sent
    timeout_s: float                      # per request (connect, read, write), seconds
    temperature: float

    @classmethod
    def from_config(cls, cfg: dict | None) -> "LLMSettings":
        """`cfg` is the filled config["summary"]["llm"]. Raises ValueError when base_url or model
        is missing."""
        cfg = cfg or {}
        missing = [key for key in ("base_url", "model") if not cfg.get(key)]
        if missing:
            raise ValueError(f"summary.llm needs {' and '.join(missing)} for summary.engine llm")
        settings = build(cls, cfg)
        return replace(settings, timeout_s=float(settings.timeout_s), temperature=float(settings.temperature))


class BadAnswer(ValueError):
    """The endpoint answered, but not with the JSON the prompt asks for."""


# ---------------------------------------------------------------------------------------------
# The prompt

SYSTEM = """你是播客编辑，为没有看过这场圆桌讨论的听众写一段口播摘要。只依据下面给你的要点和各份记录的原话，不添加原话里没有的内容。

规则：
1. 全部用第三人称转述。不出现“我”“我们”“你”“你们”“咱们”“您”（原样引用原话时放在「」里除外）。
2. 每句点明说话人的名字，例如“某某认为，……”；介绍某人时可用 introductions 里的说法。不提原话里没有的人名或机构名。
3. 不写原话里没有的数字、年份或比例；原话里的数字照原样保留，不要换算。
4. 一个要点一句话。先讲主持人的问题，再按要点顺序讲，每位嘉宾（panelists）都要讲到；有分歧（conflicts）时用一句话说明：现场实录能定下来的，先说别的记录怎么写，最后说现场实录里是什么（what_differs 给出了这句话）。
5. 口语化的普通话，句子简短，适合朗读；不要来源标记、括号或列表。
6. 全文长度与 target_chars 相近（按汉字计）。

只输出一个 JSON 对象，格式为：
{"sentences": [{"text": "……。", "cites": ["要点id"]}]}
cites 列出这句话依据的要点 id（通常一个）。"""


def _witnesses(point: dict, statements: list[dict]) -> list[dict]:
    return [statements[k] for k in point.get("statements", []) if 0 <= k < len(statements)]


def introductions(extractive: dict) -> dict[str, str]:
    """Speaker → how the extractive summary introduces them (腾讯的姚顺雨, 主持人李广密): the
    words before their name at the head of their first sentence that has any (summarise.py
    takes them from config `summary.introductions`). The model may use them, and a name in
    them (腾讯, 主持人) is then the speaker's, not an invented one."""
    out: dict[str, str] = {}
    for sentence in extractive["sentences"]:
        speaker = sentence.get("speaker")
        if not speaker or speaker in out:
            continue
        at = sentence["display"].find(speaker)
        head = sentence["display"][:at]
        if 0 < at <= 12 and not re.search(r"[，,。：:；;？！]", head):
            out[speaker] = head + speaker
    return out


def brief(extractive: dict, points: dict[str, dict], statements: list[dict]) -> dict:
    """What the model is told: the topic, the host's question, the panelists, the points (the
    extractive summary's first, in its order, then the rest of `points`), each with its
    witnesses, and the disagreements the extractive summary tells."""
    order = [s["point"] for s in extractive["sentences"] if s.get("point") in points]
    order += [pid for pid in points if pid not in order]
    question = next((s["display"] for s in extractive["sentences"] if s.get("role") == "question"), None)
    return {
        "topic": extractive.get("title", ""),
        "question": question,
        "panelists": list(extractive.get("panelists", [])),
        "introductions": introductions(extractive),
        "target_chars": sum(len(line) for line in extractive.get("ear", [])) or len(extractive.get("display", "")),
        "points": [{"id": pid, "speaker": points[pid].get("speaker"), "canonical": points[pid].get("canonical", ""),
                    "witnesses": [{"source": source_tag(w["source"], w["lines"]), "text": w["text"]}
                                  for w in _witnesses(points[pid], statements)]}
                   for pid in dict.fromkeys(order)],
        "conflicts": [{"point": s["point"], "conflicts": s.get("conflicts", []), "what_differs": s["display"]}
                      for s in extractive["sentences"] if s.get("role") == "conflict"],
    }


def messages_for(extractive: dict, points: dict[str, dict], statements: list[dict]) -> list[dict]:
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": json.dumps(brief(extractive, points, statements), ensure_ascii=False, indent=1)}]


# ---------------------------------------------------------------------------------------------
# The endpoint

def ask(messages: list[dict], settings: LLMSettings) -> str:
    """The model's answer (message content) from POST {base_url}/chat/completions. Raises the
    SDK's errors (openai.APIConnectionError, APITimeoutError, APIStatusError) or BadAnswer."""
    from openai import OpenAI   # imported here: the default extractive build never loads the SDK

    key = os.environ.get(settings.api_key_env)
    if not key:
        log.info("%s is not set: sending a placeholder API key (local servers ignore it)", settings.api_key_env)
    with OpenAI(base_url=settings.base_url, api_key=key or PLACEHOLDER_KEY, timeout=settings.timeout_s,
                max_retries=MAX_RETRIES) as client:
        # JSON mode: Ollama, llama.cpp's server, vLLM and OpenAI all take it.
        response = client.chat.completions.create(model=settings.model, messages=messages,
                                                  temperature=settings.temperature,
                                                  response_format={"type": "json_object"})
    if not response.choices:
        raise BadAnswer("the answer has no choices")
    content = response.choices[0].message.content
    if not content or not content.strip():
        raise BadAnswer("the answer is empty")
    return content


def parse_answer(content: str) -> list[dict]:
    """[{"text": str, "cites": [str]}] from the model's answer, read leniently: the first {...}
    object is read, so ```json fences and prose around it are ignored; a single id in "cites" is
    taken as a list. Raises BadAnswer for malformed JSON, another shape, or no sentences."""
    text = content
    start = text.find("{")
    if start < 0:
        raise BadAnswer("malformed JSON: no {...} object in the answer")
    try:
        data, _ = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise BadAnswer(f"malformed JSON: {exc}") from None
    sentences = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(sentences, list):
        raise BadAnswer('JSON of the wrong shape: no "sentences" list')
    if not sentences:
        raise BadAnswer("no sentences in the answer")
    drafts = []
    for item in sentences:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise BadAnswer(f'JSON of the wrong shape: a sentence without "text": {item!r:.120}')
        cites = item.get("cites", [])
        cites = [cites] if isinstance(cites, str) else cites
        if not isinstance(cites, list):
            raise BadAnswer(f'JSON of the wrong shape: "cites" is not a list: {item!r:.120}')
        drafts.append({"text": item["text"], "cites": [str(c) for c in cites]})
    return drafts


def _why(exc: Exception, settings: LLMSettings) -> str:
    try:
        import openai
    except ImportError:
        return f"the openai package is not installed ({exc})"
    if isinstance(exc, openai.APITimeoutError):
        return f"no answer within {settings.timeout_s:g} s"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot connect ({exc.__cause__ or exc})"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}: {exc.message}"
    if isinstance(exc, BadAnswer):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------------------
# The checks

def names_in(text: str, names: set[str]) -> list[str]:
    """The names of `names` in `text`, longest first claiming their characters, so 顺雨 inside
    姚顺雨 is not a second name."""
    taken: list[tuple[int, int]] = []
    found: list[str] = []
    for name in sorted((n for n in names if n), key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                if name not in found:
                    found.append(name)
            start = text.find(name, start + 1)
    return found


def _cn2an(text: str) -> str:
    with warnings.catch_warnings():          # cn2an warns on every run it cannot parse (万一, 千万)
        warnings.simplefilter("ignore")
        return cn2an.transform(text, "cn2an")


def _values(text: str) -> set[Decimal]:
    """The values of the Arabic numbers in `text`: 20万 → 200000, 4.5 → 4.5, 1,000 → 1000."""
    out = set()
    for match in _VALUE.finditer(text):
        try:
            value = Decimal(match.group(1).replace(",", ""))
        except InvalidOperation:
            continue
        out.add(value * _UNITS[match.group(2)])
    return out


def _protected(text: str) -> list[tuple[int, int]]:
    spans = []
    for word in DEFAULT_KEEP_WORDS:       # 一些, 一样, 之一, 万一, 千万: numerals that are not numbers
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def numbers_in(text: str) -> list[tuple[str, set[Decimal]]]:
    """Each number in `text` as written and its value(s): Arabic numbers (with 万/亿), and
    Chinese numerals of two or more characters (二十, 百分之二十, 四点五; not 一个, 第一, nor
    一些, 之一 and the other fixed words of numbers.py). A Chinese run cn2an cannot parse has
    no value: it must then occur verbatim in a witness."""
    found = [(m.group(0).strip(), _values(m.group(0))) for m in _VALUE.finditer(text)]
    protected = _protected(text)
    for match in _CHINESE_NUMBER.finditer(text):
        run = match.group(0)
        if len(run) < 2 or any(s < match.end() and match.start() < e for s, e in protected):
            continue
        digits = _cn2an(run)
        approximate = len(run) == 2 and set(run) <= set(_DIGITS)   # 两三, 八九: "two or three"
        found.append((run, set() if approximate or digits == run else _values(digits)))
    return found


def unwitnessed_numbers(text: str, witness_texts: list[str]) -> list[str]:
    """The numbers of `text` that no witness has: compared as values after cn2an turns the
    witnesses' Chinese numerals into digits (三到五个小时 → 3到5, 二十万 → 200000), or verbatim."""
    known: set[Decimal] = set()
    for witness in witness_texts:
        known |= _values(witness) | _values(_cn2an(witness))
    missing = []
    for written, values in numbers_in(text):
        if any(written in witness for witness in witness_texts):
            continue
        if values and values <= known:
            continue
        missing.append(written)
    return list(dict.fromkeys(missing))


def problems(text: str, cites: list[str], points: dict[str, dict], statements: list[dict],
             names: set[str], introduced: dict[str, str] | None = None) -> list[str]:
    """Why `text` may not be spoken as a retelling of the points it cites (empty: it may).
    `introduced`: speaker → their introduction (see `introductions`), whose names are theirs."""
    if not cites:
        return ["cites no point"]
    reasons = []
    unknown = [c for c in cites if c not in points]
    if unknown:
        reasons.append(f"cites unknown point(s) {', '.join(unknown)}")
    cited = [points[c] for c in cites if c in points]
    if not cited:
        return reasons
    speakers = {p.get("speaker") for p in cited} - {None}
    witnesses = [w for p in cited for w in _witnesses(p, statements)]
    texts = [w.get("text", "") for w in witnesses]
    credited = speakers | ({w.get("speaker") for w in witnesses} - {None})
    credited |= {(introduced or {}).get(sp, sp) for sp in speakers}
    for name in names_in(text, names):
        if not (any(name in person for person in credited) or any(name in t for t in texts)):
            reasons.append(f"names {name}, who is not {'/'.join(sorted(speakers)) or 'the speaker'} "
                           "and is in no witness")
    missing = unwitnessed_numbers(text, texts)
    if missing:
        reasons.append(f"number(s) {', '.join(missing)} in no witness")
    words = person_words(text)
    if words:
        reasons.append(f"first or second person: {', '.join(dict.fromkeys(words))}")
    return reasons


# ---------------------------------------------------------------------------------------------
# The summary

def _as_extractive(sentence: dict) -> dict:
    return {**copy.deepcopy(sentence), "engine": "extractive", "cites": [sentence["point"]]}


def all_extractive(extractive: dict) -> dict:
    """The extractive summary unchanged, each sentence marked engine extractive."""
    out = copy.deepcopy(extractive)
    out["sentences"] = [_as_extractive(s) for s in extractive["sentences"]]
    return out


def _role(text: str, cites: list[str], points: dict[str, dict], extractive: list[dict]) -> str:
    """question when it cites the host's question point; conflict when it cites a point the
    extractive summary tells a disagreement of and names none of the cited speakers; else
    position."""
    if any(s["role"] == "question" and s["point"] in cites for s in extractive):
        return "question"
    disputed = any(s["role"] == "conflict" and s["point"] in cites for s in extractive)
    speakers = [points[c].get("speaker") for c in cites if c in points]
    if disputed and not any(sp and sp in text for sp in speakers):
        return "conflict"
    return "position"


def _llm_sentence(text: str, cites: list[str], role: str, points: dict[str, dict], statements: list[dict],
                  extractive: list[dict]) -> dict:
    cited = [points[c] for c in cites]
    if role == "conflict":
        told = next(s for s in extractive if s["role"] == "conflict" and s["point"] in cites)
        witness, conflicts, speaker = copy.deepcopy(told["witness"]), list(told.get("conflicts", [])), None
    else:
        # The model was shown every witness of the points it cites: all of them are its sources.
        seen = {}
        for w in (w for p in cited for w in _witnesses(p, statements)):
            seen.setdefault((w["source"], tuple(w["lines"])), {"source": w["source"], "lines": list(w["lines"])})
        listed = list(seen.values())
        witness = listed[0] if len(listed) == 1 else listed
        conflicts = list(dict.fromkeys(c for p in cited for c in p.get("conflicts", [])))
        speaker = cited[0].get("speaker")
    return {"role": role, "speaker": speaker, "point": cites[0], "witness": witness, "display": text,
            "conflicts": conflicts, "engine": "llm", "cites": list(cites)}


def _tidy(text: str) -> str:
    text = _TAG.sub("", text).strip()
    return text if text.endswith(_END) else text + "。"


def _voices(sentences: list[dict], points: dict[str, dict]) -> set[str]:
    out = set()
    for s in sentences:
        if s["role"] == "position":
            out |= {points[c].get("speaker") for c in s["cites"] if c in points} | {s.get("speaker")}
    return out - {None}


def rewrite(extractive: dict, points: dict[str, dict], statements: list[dict], names: set[str],
            settings: LLMSettings, check: Callable[[str, dict], list[str]]) -> dict:
    """One topic's summary written by the LLM and held to its points.

    extractive: the topic's extractive summary ({"title", "panelists", "sentences", "ear",
      "display"}; each sentence {"role", "speaker", "point", "witness", "display", "conflicts"}).
    points: point id → reconciled point ({"id", "speaker", "canonical", "statements": indices
      into `statements`, "conflicts", ...}): the points the model may tell.
    statements: the reconciled statements ({"source", "lines", "speaker", "text", ...}).
    names: every known person and organisation name.
    check(text, point) → problems: the project's checker, called on every LLM sentence with the
      first point it cites.

    Returns a summary of the same shape, sentences in the model's order, each with "engine"
    ("llm" or "extractive") and "cites" (point ids); "ear" and "display" recomputed. A sentence
    that fails a check is replaced by the extractive sentence(s) for its point(s), the reason
    logged. The extractive question opens the summary when the model left it out (its own
    question sentence is moved first), and a panelist the model left out keeps their first
    extractive position sentence. Any endpoint failure → `extractive` as it was, every sentence
    engine "extractive", one warning. Never raises for the endpoint's sake; `check` errors
    propagate.
    """
    title = extractive.get("title", "")
    messages = messages_for(extractive, points, statements)
    try:
        drafts = parse_answer(ask(messages, settings))
    except Exception as exc:  # the endpoint is outside the build: whatever goes wrong there, the extractive summary stands
        log.warning("%s: LLM writer at %s failed: %s; the extractive summary is kept",
                    title, settings.base_url, _why(exc, settings))
        return all_extractive(extractive)

    source = extractive["sentences"]
    introduced = introductions(extractive)
    used: set[int] = set()       # extractive sentences already in the result
    told: set[str] = set()       # points told by kept LLM sentences
    out: list[dict] = []
    for draft in drafts:
        text, cites = _tidy(draft["text"]), list(dict.fromkeys(draft["cites"]))
        reasons = problems(text, cites, points, statements, names, introduced)
        known = [c for c in cites if c in points]
        if known:
            reasons += [f"checker: {p}" for p in check(text, points[known[0]])]
        role = _role(text, known, points, source)
        if not reasons:
            out.append(_llm_sentence(text, known, role, points, statements, source))
            told.update(known)
            continue
        candidates = [i for i, s in enumerate(source) if s["point"] in known and i not in used and s["point"] not in told]
        same_role = [i for i in candidates if source[i]["role"] == role]
        replacements = same_role or candidates
        log.warning("%s: LLM sentence %r (point %s) %s: %s", title, text, ", ".join(cites) or "none",
                    "replaced by the extractive sentence" if replacements else "dropped (no extractive sentence for it)",
                    "; ".join(reasons))
        for i in replacements:
            used.add(i)
            out.append(_as_extractive(source[i]))

    # The host's question opens the summary, the model's if kept, else the extractive one.
    at = next((j for j, s in enumerate(out) if s["role"] == "question"), None)
    if at is not None:
        out.insert(0, out.pop(at))
    else:
        asked = next((i for i, s in enumerate(source) if s["role"] == "question" and i not in used), None)
        if asked is not None:
            used.add(asked)
            out.insert(0, _as_extractive(source[asked]))

    # Every panelist stays present: their first extractive position, placed after the sentence
    # telling the point that precedes it in the extractive order.
    for panelist in extractive.get("panelists", []):
        if panelist in _voices(out, points):
            continue
        i = next((i for i, s in enumerate(source) if s["role"] == "position" and s.get("speaker") == panelist
                  and i not in used), None)
        if i is None:
            continue
        earlier = {s["point"] for s in source[:i]}
        after = [j for j, s in enumerate(out) if earlier & set(s["cites"])]
        place = after[-1] + 1 if after else int(bool(out) and out[0]["role"] == "question")
        used.add(i)
        out.insert(place, _as_extractive(source[i]))
        log.info("%s: the LLM left out %s: their extractive sentence for %s is kept", title, panelist, source[i]["point"])

    by_llm = sum(s["engine"] == "llm" for s in out)
    log.info("%s: %d of %d sentences written by %s at %s", title, by_llm, len(out), settings.model, settings.base_url)
    return {**copy.deepcopy(extractive), "sentences": out, "ear": [for_the_ear(s["display"]) for s in out],
            "display": " ".join(s["display"] for s in out)}
