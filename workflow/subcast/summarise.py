"""Reconciled points → a short spoken summary per topic, and the podcast scripts.

Extractive: each candidate point (a panelist's statement, not a question) is scored by its
centrality in the topic (character n-gram TF-IDF cosine to the topic's centroid) and by how
many sources report it; maximal marginal relevance picks points until the length target; the
picked points are read in the order the panel spoke them, each with its speaker ("林俊旸认为，…").
A point the sources disagree on says so in one clause.

Two texts per summary: for the ear (numbers spelled out, no tags or brackets; it is what the
voice reads, one sentence a line) and for display (digits, source tags).
"""
from __future__ import annotations

import json
import re

import cn2an
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .textio import read_text, write_text_atomic
from .variants import Converter, Variant

_VERBS = ("认为", "提到", "表示", "指出")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]|[【\[][^】\]]*[】\]]")
_QUOTES = re.compile(r"[“”「」『』\"'《》]")
_OPENERS = re.compile(r"^(?:(?:所以|但是|但|那么|那|就是|而且|因为|然后|另外|当然|其实|对)[，, ]*)+")
_SPOKEN_FORMS = {"2C": "To C", "2B": "To B"}
ATTRIBUTION_CHARS = 8  # "林俊旸认为，" and the full stop around each point


def _tidy(text: str) -> str:
    text = _BRACKETS.sub("", _QUOTES.sub("", text))
    for written, said in _SPOKEN_FORMS.items():
        text = re.sub(rf"(?<![A-Za-z0-9]){written}(?![A-Za-z0-9])", said, text)
    text = re.sub(r"\s+", " ", text).strip(" ，,。")
    return _OPENERS.sub("", text)


def candidates(topic: dict, statements: list[dict], exclude: set[str], min_chars: int, max_chars: int) -> list[dict]:
    out = []
    for point in topic["points"]:
        text = _tidy(point["canonical"])
        if not point["speaker"] or point["speaker"] in exclude:
            continue
        if text.endswith(("？", "?")) or not (min_chars <= len(text) <= max_chars):
            continue
        tags = "".join(f"[{statements[k]['source']}:L{statements[k]['lines'][0]}]" for k in point["statements"])
        out.append({**point, "text": text, "tags": tags})
    return out


def pick(cands: list[dict], n_sources: int, target: int, limit: int, mmr_lambda: float = 0.7) -> list[dict]:
    """MMR over centrality and cross-source support, up to the length target."""
    if not cands:
        return []
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(
        [c["text"] for c in cands])
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    dense = matrix.toarray()
    norms = np.linalg.norm(dense, axis=1) * (np.linalg.norm(centroid) or 1)
    centrality = dense @ centroid / np.where(norms > 0, norms, 1)
    support = np.array([c["support"] / n_sources for c in cands])
    relevance = 0.5 * centrality / (centrality.max() or 1) + 0.5 * support
    similarity = dense @ dense.T  # rows are L2-normalised by TfidfVectorizer
    cost = np.array([len(c["text"]) + ATTRIBUTION_CHARS for c in cands])
    chosen: list[int] = []
    length = 0
    while length < target:
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(cands))
        score = mmr_lambda * relevance - (1 - mmr_lambda) * redundancy
        score[chosen] = -np.inf
        score[length + cost > limit] = -np.inf  # only points that still fit the limit
        if not np.isfinite(score).any():
            break
        best = int(np.argmax(score))
        chosen.append(best)
        length += cost[best]
    return [cands[k] for k in sorted(chosen, key=lambda k: cands[k]["order"])]


def sentences(picks: list[dict], conflicts: dict[str, dict]) -> list[dict]:
    out = []
    for i, point in enumerate(picks):
        text = f"{point['speaker']}{_VERBS[i % len(_VERBS)]}，{point['text']}。"
        note = ""
        if point["conflicts"]:
            # One clause: the transcript's version is used, and whose it is.
            note = f"不过各方记录对此说法不一，这里采用现场实录中{point['speaker']}的说法。"
        out.append({"point": point["id"], "speaker": point["speaker"], "display": text + note,
                    "tags": point["tags"], "conflicts": point["conflicts"]})
    return out


def for_the_ear(text: str) -> str:
    """Numbers spelled out, no brackets, tags or quotes: what the voice reads."""
    text = _tidy(text) + "。"
    text = re.sub(r"(?<=\d) +(?=[\u4e00-\u9fff])", "", re.sub(r"(?<=\d),(?=\d{3})", "", text))  # 2025 年 → 2025年
    return cn2an.transform(text, "an2cn")


def summarise(document: dict, cfg: dict) -> dict[str, dict]:
    """Per topic: the summary's sentences (each traced to a point), ear and display texts."""
    statements = document["statements"]
    n_sources = len(document["sources"])
    conflicts = {c["id"]: c for c in document["conflicts"]}
    exclude = set(cfg.get("exclude_speakers", []))
    out = {}
    for topic in document["topics"]:
        if topic["id"] == "other":
            continue
        cands = candidates(topic, statements, exclude, cfg.get("min_point_chars", 12), cfg.get("max_point_chars", 90))
        for order, cand in enumerate(cands):
            cand["order"] = order
        chosen = pick(cands, n_sources, cfg.get("target_chars", 330), cfg.get("max_chars", 400))
        said = sentences(chosen, conflicts)
        out[topic["id"]] = {
            "title": topic["title"], "sentences": said,
            "ear": [for_the_ear(s["display"]) for s in said],
            "display": " ".join(s["display"] for s in said),
        }
    return out


def build(topics_json: str, cfg: dict, variants: dict[str, dict], show: dict, outputs_dir: str) -> None:
    """Writes summaries/<topic>.<variant>.txt (ear) and .md (display), <topic>.json, and the
    podcast episode script per variant."""
    document = json.loads(read_text(topics_json))
    summaries = summarise(document, cfg)
    converters = {tag: Converter(Variant.from_config(tag, vcfg)) for tag, vcfg in variants.items()}
    for topic_id, summary in summaries.items():
        write_text_atomic(f"{outputs_dir}/{topic_id}.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        for tag, convert in converters.items():
            ear = "\n".join(convert.convert(line) for line in summary["ear"]) + "\n"
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.txt", ear)
            display = [f"# {convert.convert(summary['title'])}"]
            display += [f"{convert.convert(s['display'])} {s['tags']}" for s in summary["sentences"]]
            write_text_atomic(f"{outputs_dir}/{topic_id}.{tag}.md", "\n\n".join(display) + "\n")
    for tag, convert in converters.items():
        lines, chapters = [], []
        intro = show.get("intro", "欢迎收听。")
        lines.append(intro)
        chapters.append({"title": convert.convert(show.get("intro_title", "开场")), "line": 1})
        for topic_id, summary in summaries.items():
            chapters.append({"title": convert.convert(summary["title"]), "line": len(lines) + 1})
            lines.append(f"{summary['title']}。")
            lines += summary["ear"]
        script = "\n".join(convert.convert(line) for line in lines) + "\n"
        write_text_atomic(f"{outputs_dir}/episode.{tag}.txt", script)
        write_text_atomic(f"{outputs_dir}/episode.{tag}.chapters.json", json.dumps(chapters, ensure_ascii=False) + "\n")
