"""Reconciled points → a spoken summary per topic that a listener who never saw the panel can
follow, and the podcast scripts.

A summary is built the way an editor would brief a listener:
1. the host's question for the topic, in one sentence;
2. every panelist who took turns on it, one position each (more while the length target
   allows and nobody passes `max_share` of the text), in panel order;
3. the points chosen for the facts the write-ups repeat (support across sources, numbers,
   names) and their centrality in the topic;
4. each point in the words of its cleanest witness (edited write-ups, then the narration
   script, then the verbatim transcript), fillers removed and first person made third;
5. one clause where the sources disagree (numbers, years, who said it).

Extractive with compression: every sentence traces to a reconciled point and the statement
(source, lines) it was taken from. Two texts per summary: for the ear (numbers spelled out,
no tags or brackets; what the voice reads, one sentence a line) and for display (digits,
source tags).
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .reconcile import values
from .rephrase import Referents, clauses_within, first_person_left, for_the_ear, rephrase
from .sources import source_tag
from .textio import read_text, write_text_atomic
from .variants import Converter, Variant

log = logging.getLogger(__name__)

VERBS = ("认为", "提到", "表示", "指出")
WITNESS_RANK = {"markdown": 0, "narration": 1, "transcript": 2}   # the cleanest witness first
SEQUENTIAL = ("transcript", "narration")                         # sources that follow the panel's turns
_QUESTION = re.compile(r"[？?][”」\"']*$")
_ASKING = re.compile(r"^.{0,12}?(?:问|请教)(?:大家|各位|一下)?(?:一个|个)?问题[，,：:]?")


@dataclass(frozen=True)
class Settings:
    target_chars: int = 330
    max_chars: int = 400
    min_point_chars: int = 12
    max_point_chars: int = 90
    max_share: float = 0.4
    min_turns: int = 3
    hosts: tuple[str, ...] = ()
    referents: Referents = Referents()

    @classmethod
    def from_config(cls, cfg: dict) -> "Settings":
        numbers = ("target_chars", "max_chars", "min_point_chars", "max_point_chars", "max_share", "min_turns")
        return cls(**{key: cfg[key] for key in numbers if key in cfg}, hosts=tuple(cfg.get("exclude_speakers", [])),
                   referents=Referents.from_config(cfg))


def panelists(topic_id: str, statements: list[dict], shapes: dict[str, str], hosts: tuple[str, ...],
              min_turns: int) -> list[str]:
    """Who spoke on the topic: speakers with at least `min_turns` statements on it in a source
    that follows the panel's turns (any source, if none does), in the order they first spoke."""
    sequential = {sid for sid, shape in shapes.items() if shape in SEQUENTIAL} or set(shapes)
    counts, first = Counter(), {}
    for k, statement in enumerate(statements):
        speaker = statement["speaker"]
        if statement["topic"] == topic_id and statement["source"] in sequential and speaker and speaker not in hosts:
            counts[speaker] += 1
            first.setdefault(speaker, k)
    return sorted((s for s, n in counts.items() if n >= min_turns), key=first.__getitem__)


def _is_question(text: str) -> bool:
    return bool(_QUESTION.search(text.strip()))


def witnesses(point: dict, statements: list[dict], shapes: dict[str, str], speaker: str, settings: Settings,
              question: bool = False) -> list[tuple[tuple, int, str]]:
    """The point's statements that can be said in the third person, cleanest first:
    (rank, statement index, body)."""
    out = []
    for k in point["statements"]:
        statement = statements[k]
        if _is_question(statement["text"]) != question:
            continue
        text = _ASKING.sub("", statement["text"]) if question else statement["text"]
        if question:    # the host's own musing before the question ("我也在想，…") is not asked
            clauses = re.split(r"(?<=[，,：:])", text)
            while len(clauses) > 1 and re.search(r"我|咱", clauses[0]):
                clauses.pop(0)
            text = "".join(clauses)
        body = rephrase(text, speaker, settings.referents, settings.max_point_chars)
        if not body or len(body) < settings.min_point_chars:
            continue
        rank = WITNESS_RANK.get(shapes.get(statement["source"]), len(WITNESS_RANK))
        out.append(((first_person_left(statement["text"]) > 0 if question else 0, rank, -len(body)), k, body))
    return sorted(out)


@dataclass
class Candidate:
    point: dict
    speaker: str
    statement: int
    body: str
    score: float
    vector: object = None     # its TF-IDF row, for redundancy


# Words that lean on what was said before: a statement opening with a pronoun ("这也是…",
# "它果然…"), a conjunction ("和…") or 分别, or telling what 果然 came true, means little to
# a listener who did not hear what came first. (Spoken 所以/但是 openers are only fillers.)
_LEANS_BACK = re.compile(r"^[“「\"']?(?:这|那(?!些年)|它|其(?!实)|此|该|和|与|及|分别)|果然")
# A noun phrase alone ("很多国内公司的Coding Agent"), as a narration line often is, or a clause
# cut before what it reports ("所以他们发现。") or before its consequence ("如果是…的大公司。"): no claim.
_FRAGMENT = re.compile(r"^[^，,。是有会能要让把被了过着]{0,30}的[^，,。的是有会能要在让把被了过着]{1,15}。?$")
_UNFINISHED = re.compile(r"(?:发现|认为|觉得|表示|知道|看到|提到|指出|说|是)[。，,]?$"
                         r"|(?:^|[，,；;])(?:如果|假如|要是)[^，,；;。]*。?$")   # an if with no then


def leans_back(text: str) -> bool:
    """The statement needs what came before it, or says nothing on its own."""
    text = re.sub(r"^[^，。：:]{2,12}[：:]", "", text.strip())
    return bool(_LEANS_BACK.search(text) or _FRAGMENT.match(text) or _UNFINISHED.search(text))


def _candidates(topic: dict, statements: list[dict], shapes: dict[str, str], speakers: list[str],
                settings: Settings, names: set[str]) -> list[Candidate]:
    edited = {sid for sid, shape in shapes.items() if shape not in ("transcript",)}
    out = []
    for point in topic["points"]:
        if point["speaker"] not in speakers:
            continue
        found = witnesses(point, statements, shapes, point["speaker"], settings)
        if not found:
            continue
        _, k, body = found[0]
        retold = len({statements[j]["source"] for j in point["statements"]} & edited)
        facts = bool(values(body)) + any(name in body for name in names) + bool(re.search(r"[A-Za-z]{2,}", body))
        context = leans_back(statements[k]["text"]) or leans_back(body)
        about = point["speaker"] in body     # a write-up's words about the speaker, not the speaker's point
        out.append(Candidate(point, point["speaker"], k, body,
                             retold + 0.5 * facts + 0.5 * bool(point["conflicts"]) - 0.75 * context - 2 * about))
    if out:
        matrix = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(
            [c.body for c in out])
        centroid = np.asarray(matrix.mean(axis=0)).ravel()
        centrality = matrix @ centroid / (np.linalg.norm(centroid) or 1)
        for candidate, value in zip(out, np.asarray(centrality).ravel()):
            candidate.score += value / (centrality.max() or 1)
        for candidate, row in zip(out, matrix):
            candidate.vector = row
    return out


def _sentence(candidate: Candidate, verb: str, statements: list[dict]) -> dict:
    statement = statements[candidate.statement]
    return {"role": "position", "speaker": candidate.speaker, "point": candidate.point["id"],
            "witness": {"source": statement["source"], "lines": statement["lines"]},
            "display": f"{candidate.speaker}{verb}，{candidate.body}。", "conflicts": candidate.point["conflicts"],
            "order": candidate.point["order"]}


def _question(topic: dict, statements: list[dict], shapes: dict[str, str], settings: Settings) -> dict | None:
    """The host's question: the host's most retold question on the topic, earliest on a tie."""
    best = None
    for point in topic["points"]:
        if point["speaker"] not in settings.hosts:
            continue
        found = witnesses(point, statements, shapes, point["speaker"], settings, question=True)
        if not found:
            continue
        key = (-point["support"], point["order"])
        if best is None or key < best[0]:
            best = (key, point, found[0])
    if best is None:
        return None
    _, point, (_, k, body) = best
    return {"role": "question", "speaker": point["speaker"], "point": point["id"],
            "witness": {"source": statements[k]["source"], "lines": statements[k]["lines"]},
            "display": f"{point['speaker']}问大家，{body.rstrip('？?')}？", "conflicts": [], "order": point["order"]}


def _values_of(conflict: dict) -> list[str]:
    seen: list[str] = []
    for side in conflict["sides"]:
        for value in (side.get("value") or "").split(" / "):
            value = value.split(": ", 1)[-1].strip()
            if value and value not in seen:
                seen.append(value)
    return seen


def conflict_clause(conflict: dict) -> str | None:
    """One sentence saying where the sources disagree, with each side's own value."""
    if conflict["kind"] == "attribution":
        credits = []
        for side in conflict["sides"]:
            credit = (side.get("value") or "").split(":")[0]
            credit = "多人" if credit.endswith("（多人）") else credit   # a group: 多位核心人物, 他们, 与会者
            if credit and credit not in credits:
                credits.append(credit)
        if len(credits) < 2:
            return None
        subject = conflict.get("subject") or "说法"
        return f"至于这个{subject}是谁的判断，各份记录说法不一，有的记在{credits[0]}名下，有的说是{credits[1]}的看法。"
    found = _values_of(conflict)
    if len(found) < 2 or conflict["kind"] not in ("number", "year"):
        return None
    subject = conflict.get("subject") or ("年份" if conflict["kind"] == "year" else "这个数字")
    return f"各份记录对{subject}说法不一，有的记为{found[0]}，有的记为{found[1]}。"


def _pick_conflict(topic_id: str, conflicts: list[dict], chosen_points: set[str]) -> tuple[dict, str] | None:
    ranked = sorted((c for c in conflicts if c["topic"] == topic_id),
                    key=lambda c: (c["point"] not in chosen_points, c["kind"] == "year", -len(c["sides"])))
    for conflict in ranked:
        clause = conflict_clause(conflict)
        if clause:
            return conflict, clause
    return None


def _length(sentences: list[dict]) -> int:
    return sum(len(for_the_ear(s["display"])) for s in sentences)


def summarise_topic(topic: dict, document: dict, settings: Settings, names: set[str]) -> dict:
    statements = document["statements"]
    shapes = {sid: s["shape"] for sid, s in document["sources"].items()}
    for order, point in enumerate(topic["points"]):
        point["order"] = order
    speakers = panelists(topic["id"], statements, shapes, settings.hosts, settings.min_turns)
    candidates = _candidates(topic, statements, shapes, speakers, settings, names)
    question = _question(topic, statements, shapes, settings)
    opening = [question] if question else []

    # Everyone once (best point each), then more while the target and the shares allow.
    chosen: list[Candidate] = []
    for speaker in speakers:
        own = sorted((c for c in candidates if c.speaker == speaker), key=lambda c: -c.score)
        if own:
            chosen.append(own[0])
    conflict = _pick_conflict(topic["id"], document["conflicts"], {c.point["id"] for c in chosen})
    clause_chars = len(for_the_ear(conflict[1])) if conflict else 0
    budget = settings.target_chars - clause_chars

    def sentences_of(picks: list[Candidate]) -> list[dict]:
        picks = sorted(picks, key=lambda c: c.point["order"])
        return opening + [_sentence(c, VERBS[i % len(VERBS)], statements) for i, c in enumerate(picks)]

    while True:
        said = sentences_of(chosen)
        rest = [c for c in candidates if c not in chosen]
        if not rest or _length(said) >= budget:
            break
        total = _length(said)

        def gain(c: Candidate) -> float:
            redundancy = max(float((c.vector @ o.vector.T).toarray()[0, 0]) for o in chosen) if chosen else 0.0
            return 0.7 * c.score - 0.3 * 3 * redundancy

        added = False
        for c in sorted(rest, key=gain, reverse=True):
            own = sum(len(for_the_ear(s["display"])) for s in said if s.get("speaker") == c.speaker)
            extra = len(c.body) + 8
            if total + extra + clause_chars > settings.max_chars:
                continue
            if (own + extra) > settings.max_share * (total + extra + clause_chars):
                continue
            chosen.append(c)
            added = True
            break
        if not added:
            break
    said = sentences_of(chosen)
    _within_shares(said, settings, clause_chars)
    if conflict:
        record, clause = conflict
        at = next((i + 1 for i, s in enumerate(said) if s["point"] == record["point"]), len(said))
        said.insert(at, {"role": "conflict", "speaker": None, "point": record["point"],
                         "witness": [{"source": s["source"], "lines": s["lines"]} for s in record["sides"]],
                         "display": clause, "conflicts": [record["id"]]})
    for sentence in said:
        sentence.pop("order", None)
    return {"title": topic["title"], "panelists": speakers, "sentences": said,
            "ear": [for_the_ear(s["display"]) for s in said],
            "display": " ".join(s["display"] for s in said)}


def _within_shares(said: list[dict], settings: Settings, clause_chars: int) -> None:
    """Nobody holds more than `max_share` of the text: the longest of their sentences is cut
    at a clause boundary until they fit (a sentence keeps at least its first clause)."""
    for _ in range(3 * len(said)):
        total = _length(said) + clause_chars
        shares = Counter()
        for s in said:
            if s["role"] == "position":
                shares[s["speaker"]] += len(for_the_ear(s["display"]))
        over = [speaker for speaker, chars in shares.items() if chars > settings.max_share * total]
        if not over or len(shares) < 2:
            return
        mine = [s for s in said if s["speaker"] == over[0] and s["role"] == "position"]
        longest = max(mine, key=lambda s: len(s["display"]))
        head, body = longest["display"].split("，", 1)
        shorter = clauses_within(body.rstrip("。"), int(len(body) * 0.75))
        while _UNFINISHED.search(shorter) and re.search(r"[，,；;]", shorter):   # not cut before what it reports
            shorter = re.sub(r"[，,；;][^，,；;]*$", "", shorter)
        if len(shorter) >= len(body) - 1:
            return
        longest["display"] = f"{head}，{shorter}。"


def summarise(document: dict, cfg: dict, names: set[str] = frozenset()) -> dict[str, dict]:
    """Per topic: the summary's sentences (each traced to a point and its witness), ear and
    display texts."""
    settings = Settings.from_config(cfg)
    out = {}
    national = set(cfg.get("we_nation", {}).get("topics", []))
    for topic in document["topics"]:
        if topic["id"] == "other":
            continue
        referents = replace(settings.referents, national=topic["id"] in national)
        out[topic["id"]] = summarise_topic(topic, document, replace(settings, referents=referents), set(names))
        chars = sum(len(line) for line in out[topic["id"]]["ear"])
        log.info("%s: %d characters, %d sentences, panelists %s", topic["id"], chars,
                 len(out[topic["id"]]["sentences"]), ", ".join(out[topic["id"]]["panelists"]))
    return out


def _tags(sentence: dict) -> str:
    witnesses = sentence["witness"] if isinstance(sentence["witness"], list) else [sentence["witness"]]
    return "".join(source_tag(w["source"], w["lines"]) for w in witnesses)


CHAPTER_TITLES = {"question": "提问", "conflict": "说法不一"}


def topic_chapters(summary: dict) -> list[dict]:
    """A topic episode's chapters, one line a sentence: the question, each speaker's turn
    (consecutive sentences of one speaker are one chapter), the sources' disagreement."""
    chapters = []
    for line, sentence in enumerate(summary["sentences"], start=1):
        title = sentence.get("speaker") if sentence["role"] == "position" else None
        title = title or CHAPTER_TITLES.get(sentence["role"], sentence["role"])
        if not chapters or chapters[-1]["title"] != title:
            chapters.append({"title": title, "line": line})
    return chapters


def known_names(cfg: dict, people: dict | None) -> set[str]:
    """The people (and every name sources use for them) and organisations: a point naming one
    carries a fact."""
    names = set(people or {}) | {n for aliases in (people or {}).values() for n in aliases}
    return names | set(cfg.get("organisations", {}).values())


def build(topics_json: str, cfg: dict, variants: dict[str, dict], show: dict, outputs_dir: str,
          people: dict | None = None) -> None:
    """Writes summaries/<topic>.<variant>.txt (ear) and .md (display), <topic>.json, and the
    podcast episode script per variant (intro, the topics, outro)."""
    document = json.loads(read_text(topics_json))
    summaries = summarise(document, cfg, known_names(cfg, people))
    converters = {tag: Converter(Variant.from_config(tag, vcfg)) for tag, vcfg in variants.items()}
    for topic_id, summary in summaries.items():
        write_text_atomic(f"{outputs_dir}/{topic_id}.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        for tag, convert in converters.items():
            ear = "\n".join(convert.convert(line) for line in summary["ear"]) + "\n"
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.txt", ear)
            display = [f"# {convert.convert(summary['title'])}"]
            display += [f"{convert.convert(s['display'])} {_tags(s)}" for s in summary["sentences"]]
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.md", "\n\n".join(display) + "\n")
            chapters = [{**c, "title": convert.convert(c["title"])} for c in topic_chapters(summary)]
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.chapters.json",
                              json.dumps(chapters, ensure_ascii=False) + "\n")
    for tag, convert in converters.items():
        lines, chapters = [], []
        lines.append(show.get("intro", "欢迎收听。"))
        chapters.append({"title": convert.convert(show.get("intro_title", "开场")), "line": 1})
        for topic_id, summary in summaries.items():
            chapters.append({"title": convert.convert(summary["title"]), "line": len(lines) + 1, "topic": topic_id})
            lines.append(f"{summary['title']}。")
            lines += summary["ear"]
        if show.get("outro"):
            chapters.append({"title": convert.convert(show.get("outro_title", "结语")), "line": len(lines) + 1})
            lines.append(show["outro"])
        script = "\n".join(convert.convert(line) for line in lines) + "\n"
        write_text_atomic(f"{outputs_dir}/episode.{tag}.txt", script)
        write_text_atomic(f"{outputs_dir}/episode.{tag}.chapters.json", json.dumps(chapters, ensure_ascii=False) + "\n")
