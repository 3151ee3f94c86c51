"""Times the workflow's stages on the seeds and on a 50× repeated transcript, and aligns 001
to a made 38-minute reading (timing `audio`: time, peak memory, boundary errors).

    python bench/bench.py [--repeat 50] [--skip-workflow] [--skip-alignment] [--only alignment|summaries|workflow|english|breaks|site|polyphones|speech_text]

Prints one row per measurement (seconds, characters/s). Numbers go in the README and the
issue notes; no test asserts a time.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(ROOT / "tests"))  # recordings.py: readings with known word times

from subcast.config import alignment_settings, entry, load, reconcile_settings, subtitle_settings  # noqa: E402
from subcast.subtitles import build_cues, make_cues, write_subtitles  # noqa: E402
from subcast.textio import write_text_atomic  # noqa: E402


def row(what: str, seconds: float, chars: int | None = None) -> None:
    rate = f"{chars / seconds:>10,.0f} chars/s" if chars else ""
    print(f"{what:<48} {seconds:>8.2f} s {rate}", flush=True)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def bench_stages(config: dict, repeat: int) -> None:
    subtitles, variants = subtitle_settings(config), config["variants"]
    with tempfile.TemporaryDirectory() as tmp:
        for tid, transcript in config["transcripts"].items():
            path = str(ROOT / transcript["path"])
            chars = len(Path(path).read_text(encoding="utf-8"))
            (cues, _, _), seconds = timed(make_cues, path, transcript["shape"], "utf-8", subtitles, variants)
            row(f"segment_cues {tid} ({len(cues)} cues)", seconds, chars)
        big = Path(tmp) / "repeated.txt"
        text = (ROOT / config["transcripts"]["001"]["path"]).read_text(encoding="utf-8")
        big.write_text(text * repeat, encoding="utf-8")
        (cues, _, _), seconds = timed(make_cues, str(big), "lines", "utf-8", subtitles, variants)
        row(f"segment_cues 001 ×{repeat} ({len(cues)} cues)", seconds, len(text) * repeat)
        from dataclasses import asdict
        cues_json = Path(tmp) / "cues.json"
        write_text_atomic(cues_json, json.dumps({"cues": [asdict(c) for c in cues]}, ensure_ascii=False))
        formats = {fmt: str(Path(tmp) / f"out.{fmt}") for fmt in ("srt", "vtt", "itt")}
        _, seconds = timed(write_subtitles, str(cues_json), "zh-TW", formats, {}, 24)
        row(f"write_subtitles 001 ×{repeat}, one variant, 3 formats", seconds, len(text) * repeat)


def bench_reconcile(config: dict) -> None:
    from subcast.reconcile import reconcile

    settings = reconcile_settings(config)
    chars = sum(len((ROOT / s["path"]).read_text(encoding="utf-8")) for s in config["sources"].values())
    reconcile(config["sources"], config["people"], config["topics"], settings)  # warm imports
    document, seconds = timed(reconcile, config["sources"], config["people"], config["topics"], settings)
    row(f"reconcile 5 sources ({len(document['statements'])} statements, {len(document['conflicts'])} conflicts)",
        seconds, chars)


def bench_summaries(config: dict) -> None:
    """Per topic summary: characters, sentences per speaker, fillers and first person left, the
    most two of its sentences share, the editor's checks' flags (summary_check), key points
    covered (tests/data/keypoints.yaml); then the same reading of the panels the project never
    saw (tests/data/panels/: conflicts found of those planted, flags)."""
    from collections import Counter

    from subcast.reconcile import reconcile
    from subcast.rephrase import fillers_left, first_person_left
    from subcast.summarise import known_names, summarise
    from subcast.summary_check import check_summary

    document, seconds = timed(reconcile, config["sources"], config["people"], config["topics"],
                              reconcile_settings(config))
    names = known_names(config["summary"], config["people"])
    summaries, seconds = timed(summarise, document, config["summary"], names, config["subtitles"]["corrections"])
    row("summarise 4 topics", seconds)
    keypoints = yaml.safe_load((ROOT / "tests" / "data" / "keypoints.yaml").read_text(encoding="utf-8"))
    covered = total = 0
    for topic, summary in summaries.items():
        ear = "".join(summary["ear"])
        speakers = Counter(s["speaker"] for s in summary["sentences"] if s["role"] == "position")
        grams = [{line[i:i + 3] for i in range(len(line) - 2)} for line in summary["ear"]]
        overlap = max((len(a & b) / max(min(len(a), len(b)), 1) for i, a in enumerate(grams) for b in grams[i + 1:]),
                      default=0)
        hits = [any(p in ear for p in point["any"]) for point in keypoints.get(topic, [])]
        covered, total = covered + sum(hits), total + len(hits)
        flags = Counter(flag.kind for _, flag in check_summary(summary["sentences"], names))
        print(f"  {topic}: {len(ear)} chars, {len(summary['sentences'])} sentences "
              f"({', '.join(f'{k} {v}' for k, v in speakers.items())}); fillers left {len(fillers_left(ear))}, "
              f"first person left {first_person_left(ear)}, most shared 3-grams between two sentences "
              f"{overlap:.0%}; flagged {dict(flags) or 0}; key points {sum(hits)}/{len(hits)}")
    print(f"  key points covered: {covered} of {total}")
    sys.path.insert(0, str(ROOT / "tests"))
    from test_panels import PLANTED, _panel_config

    for name, planted in PLANTED.items():
        cfg = _panel_config(name, config)
        panel = reconcile(cfg["sources"], cfg["people"], cfg["topics"],
                          reconcile_settings(cfg))
        names = known_names(cfg["summary"], cfg["people"])
        flags = Counter(flag.kind for summary in summarise(panel, cfg["summary"], names).values()
                        for _, flag in check_summary(summary["sentences"], names))
        found = sum(any(c["kind"] == kind and places <= {(s["source"], s["lines"][0]) for s in c["sides"]}
                        for c in panel["conflicts"]) for kind, places in planted["found"])
        print(f"  panel {name}: planted disagreements found {found + 1} of 6 (roster included), "
              f"{len(panel['conflicts'])} conflicts in all; flagged {dict(flags) or 0}")


def bench_breaks(config: dict, folder: Path | None = None) -> None:
    """Subtitle craft of the built SRT files (outputs/subtitles, or `folder`): cue count,
    timing and layout (the spec's limits: reading speed, durations, line width, overlaps,
    top-heavy two-line cues) and what `subcast-check` reports by class, per file. The
    checker holds the files to the phrase rules the segmenter also uses: these are rules
    kept, not a reader's judgement (that is the subtitler's reading in the issue notes)."""
    import srt as srt_lib

    from subcast.checker import check_file, rules_from_config
    from subcast.tokens import display_width

    rules = rules_from_config(str(ROOT / "config" / "config.yaml"))
    files = sorted((folder or ROOT / "outputs" / "subtitles").glob("*.srt"))
    if not files:
        print("  (no SRT files: run snakemake first)")
    for path in files:
        (found, subs), seconds = timed(lambda p: (check_file(str(p), rules),
                                                  list(srt_lib.parse(p.read_text(encoding="utf-8")))), path)
        durations = [(s.end - s.start).total_seconds() for s in subs]
        label = __import__("subcast.writers", fromlist=["SPEAKER_LABEL"]).SPEAKER_LABEL
        cps = [(sum(display_width(line) for line in s.content.split("\n"))
                - (display_width(m.group(0)) if (m := label.match(s.content)) else 0)) / d
               for s, d in zip(subs, durations) if d > 0]
        widths = [display_width(line) for s in subs for line in s.content.split("\n")]
        overlaps = sum(1 for a, b in zip(subs, subs[1:]) if b.start < a.end)
        two = [s.content.split("\n") for s in subs if "\n" in s.content]
        heavy = sum(display_width(a) > display_width(b) for a, b in two)
        kinds: dict[str, int] = {}
        for v in found:
            key = v.rule if v.rule not in ("line-break", "cue-break") else f"{v.rule} {v.value.split(': ')[1 if v.rule == 'line-break' else 0]}"
            kinds[key] = kinds.get(key, 0) + 1
        row(f"check {path.name} ({len(subs)} cues)", seconds)
        print(f"  reading speed ≤ {max(cps):.1f} chars/s; durations {min(durations):.2f}–{max(durations):.2f} s; "
              f"widest line {max(widths):g}; overlaps {overlaps}; two-line cues {len(two)} ({heavy} top-heavy); "
              f"checker: {len(found)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'clean'})")


def bench_english(config: dict) -> None:
    """English words in the Mandarin voice (tests/data/english_words.txt): how each is read
    (lexicon, dictionary, rules, letters) and how long the offline voice takes to say it as a
    word against spelling it letter by letter."""
    import numpy as np

    from subcast.voice import SpeechCache, make_voice
    from subcast.voice.english import LETTERS
    from subcast.voice.spoken import Lexicon, readable, to_spoken

    words = sorted({w for w in (ROOT / "tests/data/english_words.txt").read_text(encoding="utf-8").split("\n")
                    if w and not w.startswith("#")})
    lexicon = Lexicon.load(str(ROOT / config["voice"]["lexicon"]))
    how, readings = {}, {}
    (_, seconds) = timed(lambda: [to_spoken(w, lexicon) for w in words])
    for word in words:
        spoken, read = to_spoken(word, lexicon)
        how[word] = read[0][1] if read else "lexicon"
        readings[word] = readable(spoken)
    counts = {kind: sum(v == kind for v in how.values()) for kind in ("lexicon", "dictionary", "rules", "letters")}
    row(f"read {len(words)} English words", seconds)
    print("  " + ", ".join(f"{kind} {n}" for kind, n in counts.items()) + "  (letters: acronyms, on purpose)")
    print("  e.g. " + ", ".join(f"{w} {readings[w]}" for w in ("Benchmark", "Pipeline", "Embedding", "Agentic",
                                                             "Open-source", "Qwen", "GPU")))
    voice = make_voice({**config["voice"], "engine": "offline"}, "zh-Hans")
    cache = SpeechCache(ROOT / ".subcast-cache")
    as_word, spelled = [], []
    for word in words:
        if how[word] in ("dictionary", "rules"):
            as_word.append(cache.speak(voice, readings[word]).seconds)
            spelled.append(cache.speak(voice, "".join(LETTERS.get(ch, "") for ch in word.upper())).seconds)
    print(f"  voiced as a word: median {np.median(as_word):.2f} s; spelled letter by letter: median "
          f"{np.median(spelled):.2f} s ({np.median(np.array(spelled) / np.array(as_word)):.1f}× longer)")


def bench_voice(config: dict) -> None:
    from subcast.voice import make_voice
    from subcast.voice.spoken import Lexicon, readable, to_spoken

    lines = (ROOT / config["transcripts"]["001"]["path"]).read_text(encoding="utf-8").splitlines()[:60]
    lexicon = Lexicon.load(config["voice"]["lexicon"])
    texts = [readable(to_spoken(line, lexicon)[0]) for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        for engine in ("offline", "espeak"):
            voice, seconds = timed(make_voice, {**config["voice"], "engine": engine, "cache_dir": tmp})
            row(f"{engine} voice: first load", seconds)
            start, audio = time.perf_counter(), 0.0
            for text in texts:
                audio += voice.speak(text).seconds
            elapsed = time.perf_counter() - start
            row(f"{engine} voice: 60 lines, {audio:.0f} s of audio, RTF {elapsed / audio:.4f}", elapsed,
                sum(map(len, texts)))
        edge = make_voice({**config["voice"], "engine": "edge", "cache_dir": tmp,
                           "edge": {**config["voice"]["edge"], "retries": 0}})
        _, seconds = timed(edge.speak, texts[0])
        row(f"edge voice: first call ({edge.engine} answered)", seconds)


def bench_polyphones(config: dict) -> None:
    """The voice's pinyin on the CPP polyphone benchmark (shared/data/polyphones, dev split):
    the share of marked characters read right, against pypinyin alone and g2pM alone."""
    from pypinyin import Style, lazy_pinyin

    from subcast.g2p import Pinyin, _g2pm

    folder = ROOT.parent / "shared" / "data" / "polyphones"
    if not folder.exists():
        print(f"{'polyphones':<48} skipped: {folder} is not here")
        return
    sentences = (folder / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = [(s.replace("\u2581", ""), s.index("\u2581"), label) for s, label in zip(sentences, labels)]
    ours = Pinyin(config["voice"]["readings"])
    readers = {
        "pypinyin 0.55 (phrase dictionary)": lambda t: lazy_pinyin(t, style=Style.TONE3, neutral_tone_with_five=True,
                                                                    errors=lambda x: ["?"] * len(x)),
        "g2pM alone": lambda t: [p.replace("u:", "v") for p in _g2pm()(t, tone=True, char_split=False)],
        "subcast.g2p (g2pM + phrases + readings)": lambda t: ours(t)[0],
    }
    for name, read in readers.items():
        start, right = time.perf_counter(), 0
        for text, index, label in items:
            han = "".join(ch for ch in text if "\u3400" <= ch <= "\u9fff")
            at = sum(1 for ch in text[:index] if "\u3400" <= ch <= "\u9fff")
            got = read(han)
            right += len(got) == len(han) and got[at] == label.replace("u:", "v")
        seconds = time.perf_counter() - start
        print(f"{'CPP dev ' + name:<48} {100 * right / len(items):>6.2f} % of {len(items)} "
              f"({seconds:.1f} s, {1000 * seconds / len(items):.1f} ms a sentence)", flush=True)


def bench_speech_text(config: dict) -> None:
    """Text normalisation on tests/data/speech_text/sentences.tsv (written → spoken, display,
    pinyin), per class: the share of sentences whose voice text, display and polyphones are
    right, and the same for WeTextProcessing's runtime (wetext) where it is installed."""
    from speech_text_cases import CASES, check  # tests/speech_text_cases.py

    try:
        from wetext import Normalizer
        wetext = Normalizer(lang="zh", operator="tn")
    except ImportError:
        wetext = None
    by_class: dict[str, list[int]] = {}
    for case in CASES:
        problems = check(case, config)
        tally = by_class.setdefault(case.kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += not problems
        if wetext is not None:
            tally[2] += case.spoken_ok(wetext.normalize(case.written))
    total = [sum(t[i] for t in by_class.values()) for i in range(3)]
    for kind, (n, ok, we) in sorted(by_class.items()) + [("all", total)]:
        reference = f"   wetext spoken {we}/{n}" if wetext is not None else ""
        print(f"{'speech text ' + kind:<48} {ok:>4}/{n} right{reference}", flush=True)


def _stage_times(folder: Path) -> dict[str, float]:
    """Seconds per rule, summed over its jobs, from the rules' benchmark: files."""
    times: dict[str, float] = {}
    for tsv in (folder / "benchmarks").rglob("*.tsv"):
        rule = tsv.relative_to(folder / "benchmarks").parts[0].removesuffix(".tsv")
        seconds = float(tsv.read_text(encoding="utf-8").splitlines()[1].split("\t")[0])
        times[rule] = times.get(rule, 0.0) + seconds
    return times


def _jobs_to_run(folder: Path) -> str:
    run = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--quiet", "rules"], cwd=folder,
                         capture_output=True, text=True)
    rows = dict(line.split() for line in run.stdout.splitlines()  # Snakemake prints its table twice
                if len(line.split()) == 2 and line.split()[-1].isdigit())
    return ", ".join(f"{name} ×{count}" for name, count in rows.items() if name not in ("all", "total")) or "none"


def bench_workflow() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("Snakefile", "workflow", "config", "seeds", "profiles"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
        command = [sys.executable, "-m", "snakemake", "--cores", "4", "--quiet", "all"]
        for label in ("snakemake --cores 4, cold build (empty voice cache)", "snakemake --cores 4, no-op rebuild"):
            start = time.perf_counter()
            subprocess.run(command, cwd=folder, check=True, capture_output=True)
            row(label, time.perf_counter() - start)
        for rule, seconds in sorted(_stage_times(folder).items(), key=lambda kv: -kv[1]):
            row(f"  cold build, stage {rule} (sum over its jobs)", seconds)
        # Edit one line of one write-up: only the reconciled text and what is made from it re-run.
        source = next((folder / "seeds").glob("003_*.txt"))
        lines = source.read_text(encoding="utf-8").split("\n")
        lines[135] = lines[135].replace("李广密说", "李广密当时说")
        source.write_text("\n".join(lines), encoding="utf-8")
        print(f"  after editing one line of {source.name}, jobs to run: {_jobs_to_run(folder)}")
        start = time.perf_counter()
        subprocess.run(command, cwd=folder, check=True, capture_output=True)
        row("snakemake --cores 4, warm rebuild after that edit", time.perf_counter() - start)
        shutil.rmtree(folder / "outputs")
        start = time.perf_counter()
        subprocess.run(command, cwd=folder, check=True, capture_output=True)
        row("snakemake --cores 4, outputs deleted, warm voice cache", time.perf_counter() - start)


def bench_site(config: dict) -> None:
    """The listening site from an existing build (run `snakemake` first): in process, as the
    Snakemake job (`--forcerun site`, Python start and DAG included), and each page's weight."""
    from subcast.site.pages import SiteInputs, build_site, page_weight

    if not (ROOT / "outputs/podcast").is_dir():
        print("  (no outputs/: run snakemake first)")
        return
    names = ["episode"] + [t["id"] for t in config["topics"]]
    variants = {v: config["variants"][v] for v in config["podcast"]["variants"]}
    show = config["podcast"]["show"]
    titles = {v: {n: n for n in names} for v in variants}   # the titles do not change the timing
    inputs = SiteInputs(ROOT / "outputs/podcast", ROOT / "outputs/summaries", ROOT / "outputs/voiced",
                        ROOT / "outputs/reconciled/topics.json")
    with tempfile.TemporaryDirectory() as tmp:
        best = min(timed(build_site, inputs, Path(tmp), show, config["podcast"]["base_url"], variants,
                         {v: "zh-Hans" for v in variants}, names, titles)[1] for _ in range(3))
        row(f"site: {len(variants) * (len(names) + 1) + 1} pages, in process (best of 3)", best)
        weights = sorted(page_weight(page) for page in Path(tmp).rglob("*.html"))
        print(f"  page weight without audio: {weights[0] / 1024:.0f}–{weights[-1] / 1024:.0f} KB")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "--forcerun", "site"], cwd=ROOT,
                   check=True, capture_output=True)
    row("site: the Snakemake job (--forcerun site, incl. DAG and Python start)", time.perf_counter() - start)


ALIGN_STAGE = """
import json, re, sys
sys.path.insert(0, "workflow")
from subcast.logs import setup
from subcast.alignment import align_transcript
setup()
align_transcript(*json.load(open(sys.argv[1])))
# VmHWM, not ru_maxrss: the latter starts from the forking parent's size.
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
print(f"peak memory {peak / 1024:.0f} MB", file=sys.stderr)
"""


def bench_alignment_human(config: dict) -> None:
    """Timing `audio` on real people (shared/data/human-speech: 18 lines, 13 speakers), as read,
    with lines 7–8 cut, at 15 dB SNR, with 0.2–0.4 s pauses, and with conditions together
    (tight pauses over pink noise or babble, a music bed, a faster reading); per method."""
    from human_speech import Reading, align_reading, score

    data = ROOT.parent / "shared" / "data" / "human-speech"
    if not data.is_dir():
        print(f"(no {data}: human-speech rows skipped)")
        return
    voice = {**config["voice"], "cache_dir": str(ROOT / ".subcast-cache")}
    cases = {"read": Reading.load(data / "read"), "read_cut": Reading.load(data / "read_cut"),
             "read_noisy": Reading.load(data / "read_noisy")}
    cases["read, 0.2–0.4 s pauses"] = cases["read"].tighten_pauses(0.2, 0.4)
    cases["read_noisy (mp3)"] = Reading.load(data / "read_noisy", "reading.mp3")
    # conditions together
    cases["0.2–0.4 s pauses, pink noise 15 dB"] = cases["read, 0.2–0.4 s pauses"].add_noise(15)
    cases["0.2–0.4 s pauses, babble 15 dB"] = cases["read, 0.2–0.4 s pauses"].add_babble(15)
    cases["music bed −20 dB"] = cases["read"].add_music(-20)
    cases["0.2–0.4 s pauses, music bed −20 dB"] = cases["read, 0.2–0.4 s pauses"].add_music(-20)
    cases["1.25× faster, 0.2–0.4 s pauses, pink 15 dB"] = cases["read"].faster(1.25).tighten_pauses(0.2, 0.4).add_noise(15)
    with tempfile.TemporaryDirectory() as tmp:
        for method in ("acoustic", "voice"):
            cfg = json.loads(json.dumps(config))
            cfg["subtitles"]["timing"]["audio"]["method"] = method
            for name, reading in cases.items():
                if method == "voice" and name not in ("read", "read_cut"):
                    continue
                folder, seconds = timed(align_reading, cfg, voice, reading, Path(tmp) / f"{method}-{name}")
                row(f"align human {name} ({method}, {len(reading.samples) / 16000:.0f} s)", seconds)
                print(f"  {score(folder, reading, config).row()}")


def bench_alignment(config: dict) -> None:
    """Timing `audio` on long readings made by a voice: eSpeak reading 001 lines 1–120 with lines
    60–63 skipped, and the whole narration script read slower (offline voice ×1.15, other pauses,
    a lead-in, a long pause, lines 120–124 cut, noise at 25 dB SNR), each aligned by the align
    stage in its own process; time, peak memory and boundary errors."""
    import numpy as np
    from recordings import boundary_errors, make_recording

    from subcast.alignment.recording import SAMPLE_RATE

    settings = alignment_settings(config)
    source = ROOT / config["transcripts"]["001"]["path"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        excerpt = folder / "001-lines-1-120.txt"
        excerpt.write_text("".join(source.read_text(encoding="utf-8").splitlines(True)[:120]), encoding="utf-8")
        voice = {**config["voice"], "cache_dir": str(ROOT / ".subcast-cache")}
        readings = {
            "eSpeak, 001 lines 1–120, lines 60–63 skipped": (excerpt, dict(engine="espeak", remove_lines=(60, 63))),
            "offline voice ×1.15, all of 001, lines 120–124 cut": (source, dict(speed=1.15, remove_lines=(120, 124))),
        }
        for label, (text, how) in readings.items():
            script = entry("transcripts", path=str(text))
            recording, seconds = timed(lambda: make_recording(script, settings["front_end"], voice, config["narration"],
                                                              **how))
            audio = len(recording.samples) / SAMPLE_RATE
            transcript = {**script, "recording": str(recording.save(folder / "reading.wav"))}
            args = folder / "args.json"
            args.write_text(json.dumps([transcript, settings, voice, config["narration"],
                                        str(folder / "timeline.json"), str(folder / "report.md")]))
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-c", ALIGN_STAGE, str(args)], cwd=ROOT,
                                 capture_output=True, text=True, check=True)
            elapsed = time.perf_counter() - start
            said = run.stderr.splitlines()
            row(f"align {label} ({audio / 60:.1f} min)", elapsed)
            print(f"  RTF {elapsed / audio:.3f}; {next(line for line in said if line.startswith('peak memory'))}")
            build_cues(transcript, subtitle_settings(config), {"zh-Hans": entry("variants")}, str(folder / "cues.json"),
                       str(folder / "timeline.json"))
            write_subtitles(str(folder / "cues.json"), "zh-Hans", {"srt": str(folder / "aligned.srt")},
                            config["subtitles"]["srt"], config["subtitles"]["timing_rules"]["fps"])
            errors = boundary_errors(folder / "aligned.srt", folder / "cues.json", recording, strict=False)
            gaps = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))["gaps"]
            print(f"  cue boundaries: n={len(errors)}, median {np.median(errors):.0f} ms, "
                  f"p95 {np.percentile(errors, 95):.0f} ms, max {errors.max():.0f} ms; "
                  f"reported: {[(g['kind'], g['lines']) for g in gaps]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--skip-workflow", action="store_true")
    parser.add_argument("--skip-alignment", action="store_true")
    parser.add_argument("--only", choices=["alignment", "summaries", "workflow", "english", "breaks", "site", "polyphones",
                                           "speech_text"], help="run only these rows")
    args = parser.parse_args()
    config = load(ROOT / "config" / "config.yaml", root=ROOT)
    import os
    os.chdir(ROOT)  # config paths are relative to the project
    print(f"subcast benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    only = {"summaries": [bench_summaries], "breaks": [bench_breaks], "english": [bench_english],
            "polyphones": [bench_polyphones], "speech_text": [bench_speech_text], "site": [bench_site],
            "alignment": [bench_alignment_human, bench_alignment], "workflow": [lambda _: bench_workflow()]}
    if args.only:
        for bench in only[args.only]:
            bench(config)
        return
    bench_stages(config, args.repeat)
    bench_breaks(config)
    bench_reconcile(config)
    bench_summaries(config)
    bench_english(config)
    bench_polyphones(config)
    bench_speech_text(config)
    bench_voice(config)
    bench_site(config)
    if not args.skip_alignment:
        bench_alignment_human(config)
        bench_alignment(config)
    if not args.skip_workflow:
        bench_workflow()


if __name__ == "__main__":
    main()
