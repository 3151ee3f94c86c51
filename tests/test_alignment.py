"""Timing mode `audio`: subtitles aligned to recordings whose true word times are known."""
import json
import subprocess
from pathlib import Path

import numpy as np
import pysrt
import pytest

from conftest import SEEDS
from recordings import boundary_errors, make_recording
from subcast.alignment import align_transcript, dtw
from subcast.alignment.features import pauses
from subcast.alignment.recording import SAMPLE_RATE, audio_streams, decode, streams_note
from subcast.alignment.report import main as confidence_main
from subcast.audio import FFMPEG
from subcast.checker import main as check
from subcast.config import alignment_settings, entry, front_end, subtitle_settings
from subcast.subtitles import build_cues, write_subtitles
from subcast.textio import InputError


# --- DTW and features on made-up sequences -------------------------------------------------

def _warp(y: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """x: y played at a varying pace; returns x and, for each x frame, the y frame it shows."""
    pace = np.clip(1 + 0.4 * np.sin(np.arange(len(y)) / 40), 0.5, 1.6)
    source = np.minimum(np.cumsum(1 / pace).astype(int), len(y) - 1)
    return y[source] + rng.normal(0, 0.05, (len(source), y.shape[1])), source


def test_multiscale_dtw_recovers_a_known_warp_in_a_band_that_grows_linearly():
    cells = {}
    for blocks in (300, 1200):  # 3,000 and 12,000 frames: 30 s and 2 min at 100 frames/s
        rng = np.random.default_rng(0)
        y = np.repeat(rng.normal(0, 1, (blocks, 6)), 10, axis=0).astype(np.float32)
        x, source = _warp(y, rng)
        path = dtw.align(x.astype(np.float32), y, frame_rate=100)
        found = np.zeros(len(x), int)
        found[path.rec] = path.ref
        assert np.median(np.abs(found - source)) <= 2
        cells[blocks] = path.cells
    assert cells[1200] < 5 * cells[300]  # 4× the length: about 4× the cells, not 16×
    assert cells[1200] < 0.05 * 12000 ** 2


def test_dtw_jumps_over_a_passage_the_recording_skips():
    rng = np.random.default_rng(1)
    y = np.repeat(rng.normal(0, 1, (400, 6)), 10, axis=0).astype(np.float32)
    x = np.concatenate([y[:1500], y[2200:]]) + rng.normal(0, 0.05, (3300, 6)).astype(np.float32)
    path = dtw.align(x, y, frame_rate=100)
    unvisited = np.setdiff1d(np.arange(len(y)), path.ref)
    assert abs(unvisited.min() - 1500) <= 10 and abs(unvisited.max() - 2199) <= 10
    assert np.all(np.diff(path.rec) >= 0) and np.all(np.diff(path.ref) >= 0)


def test_pauses_are_runs_of_silence_of_a_minimum_length():
    speech = np.array([1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0], bool)
    assert pauses(speech, 3) == [(2, 5), (8, 12)]


# --- reading recordings ------------------------------------------------------------------------

def test_a_video_file_is_read_through_its_audio_stream(tmp_path):
    tone = tmp_path / "tone.wav"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=2", "-ar", "44100", str(tone)], check=True)
    video = tmp_path / "clip.mp4"
    subprocess.run([FFMPEG, "-v", "error", "-i", str(tone), "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5",
                    "-shortest", "-c:v", "libx264", "-c:a", "aac", str(video)], check=True)
    a, b = decode(tone), decode(video)
    assert abs(len(a) - 32000) < 100 and abs(len(b) - len(a)) < 1600


def test_a_stream_that_starts_after_the_video_keeps_its_place_on_the_file_s_timeline(tmp_path):
    """Editors and players hear an audio stream that starts 2 s into a video 2 s in: the samples
    (and so every cue) start at the file's time zero, not at the stream's first sample."""
    tone = tmp_path / "tone.wav"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=2", str(tone)], check=True)
    late = tmp_path / "late.mp4"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=5",
                    "-itsoffset", "2", "-i", str(tone), "-map", "0:v", "-map", "1:a", "-c:v", "libx264",
                    "-c:a", "aac", str(late)], check=True)
    samples = decode(late)
    heard = np.flatnonzero(np.abs(samples) > 0.05)
    assert abs(heard[0] / SAMPLE_RATE - 2.0) < 0.1, heard[0] / SAMPLE_RATE


def test_channels_that_cancel_when_mixed_are_heard_on_one_channel(tmp_path, caplog):
    tone = tmp_path / "tone.wav"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=2", str(tone)], check=True)
    inverted = tmp_path / "lavalier.wav"      # the second channel phase-inverted
    subprocess.run([FFMPEG, "-v", "error", "-i", str(tone), "-af", "pan=stereo|c0=c0|c1=-1*c0", str(inverted)],
                   check=True)
    level = lambda x: float(np.sqrt(np.mean(x ** 2)))  # noqa: E731
    assert level(decode(inverted)) == pytest.approx(level(decode(tone)), rel=0.05)
    assert "phase-inverted" in caplog.text


def test_a_second_audio_stream_is_chosen_and_every_stream_is_listed(tmp_path):
    tone = tmp_path / "tone.wav"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=2", str(tone)], check=True)
    two = tmp_path / "two.mp4"       # commentary (silence here) first, the reading second
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-i", str(tone),
                    "-t", "2", "-map", "0:a", "-map", "1:a", "-metadata:s:a:0", "language=eng",
                    "-metadata:s:a:1", "language=chi", "-c:a", "aac", str(two)], check=True)
    assert [s.split(":")[0] for s in audio_streams(two)] == ["#0 (eng)", "#1 (chi)"]
    assert np.abs(decode(two)).max() < 0.01 and np.abs(decode(two, stream=1)).max() > 0.1
    assert "recording_stream" in streams_note(two, 0)
    with pytest.raises(InputError, match=r"no audio stream #2 \(it has 2"):
        decode(two, stream=2)


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "absent.wav", "does not exist"),
    (lambda p: (p / "notes.wav").write_text("not audio") and p / "notes.wav", "cannot read the recording"),
])
def test_an_unreadable_recording_is_named(tmp_path, make, message):
    with pytest.raises(InputError, match=message) as error:
        decode(make(tmp_path))
    assert str(tmp_path) in str(error.value)


def test_a_video_without_sound_is_named(tmp_path):
    silent = tmp_path / "silent.mp4"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=1",
                    "-c:v", "libx264", str(silent)], check=True)
    with pytest.raises(InputError, match="no audio stream"):
        decode(silent)


# --- recordings with known word times ----------------------------------------------------------

@pytest.fixture(scope="module")
def excerpt(tmp_path_factory):
    """The first 60 lines of the narration script: about three minutes spoken."""
    folder = tmp_path_factory.mktemp("excerpt")
    path = folder / "001-excerpt.txt"
    path.write_text("".join(SEEDS["001"].read_text(encoding="utf-8").splitlines(True)[:60]), encoding="utf-8")
    return path


def _settings(config):
    return alignment_settings(config)


def _voice(config):
    # The project's speech cache, so reruns are quick; the model cache too.
    return {**config["voice"], "cache_dir": str(Path(__file__).resolve().parents[1] / ".subcast-cache")}


def _other_text(tmp_path_factory) -> Path:
    """Lines 200–259 of the script: another text, as long as the excerpt."""
    path = tmp_path_factory.mktemp("other") / "other.txt"
    path.write_text("".join(SEEDS["001"].read_text(encoding="utf-8").splitlines(True)[200:260]), encoding="utf-8")
    return path


def _read_and_align(config, excerpt, tmp_path_factory, filename: str, text: Path | None = None, **reading):
    """A reading of `text` (default: the excerpt) saved as `filename`, and the excerpt aligned to it."""
    recording = make_recording(entry("transcripts", path=str(text or excerpt)), front_end(config),
                               _voice(config), config["narration"], **reading)
    folder = tmp_path_factory.mktemp(Path(filename).stem)
    return recording, _align(config, _voice(config), excerpt, recording.save(folder / filename), folder)


def _align(config, voice, excerpt, recording_path, folder: Path):
    transcript = entry("transcripts", path=str(excerpt), recording=str(recording_path))
    settings = _settings(config)
    align_transcript(transcript, settings, voice, config["narration"],
                     str(folder / "timeline.json"), str(folder / "report.md"))
    build_cues(transcript, subtitle_settings(config), {"zh-Hans": entry("variants")}, str(folder / "cues.json"),
               str(folder / "timeline.json"))
    write_subtitles(str(folder / "cues.json"), "zh-Hans", {"srt": str(folder / "aligned.srt")},
                    config["subtitles"]["srt"], config["subtitles"]["timing_rules"]["fps"])
    return folder


@pytest.fixture(scope="module")
def slower_with_pauses_and_noise(config, excerpt, tmp_path_factory):
    return _read_and_align(config, excerpt, tmp_path_factory, "slower.wav", speed=1.2, snr_db=20)


@pytest.fixture(scope="module")
def faster_video_with_a_cut(config, excerpt, tmp_path_factory):
    return _read_and_align(config, excerpt, tmp_path_factory, "cut.mp4", speed=0.85, snr_db=30,
                           remove_lines=(40, 44))


@pytest.fixture(scope="module")
def with_an_added_passage(config, excerpt, tmp_path_factory):
    """Six seconds of other speech (the same voice reading lines 200–259) before line 35."""
    voice = _voice(config)
    recording = make_recording(entry("transcripts", path=str(excerpt)), front_end(config), voice,
                               config["narration"], speed=1.1)
    aside = make_recording(entry("transcripts", path=str(_other_text(tmp_path_factory))), front_end(config), voice,
                           config["narration"], speed=1.1, lead_in=0, trailing=0, long_pause=0, snr_db=None)
    words = [s for s, word in zip(aside.truth, aside.words) if word]
    first = next(s[0] for s in words if s[0] >= 10)
    last = max(s[1] for s in words if s[1] <= 16)  # about six seconds, speech at both ends
    at = recording.word_start(35) - 0.3
    recording.insert(at, aside.samples[int(first * 16000):int(last * 16000)])
    folder = tmp_path_factory.mktemp("added")
    return (recording, at, last - first), _align(config, voice, excerpt, recording.save(folder / "reading.wav"), folder)


@pytest.mark.slow   # minutes of synthetic speech aligned: the slow tier
def test_an_added_passage_is_reported_and_the_cues_around_it_stay_right(with_an_added_passage):
    (recording, at, seconds), folder = with_an_added_passage
    gaps = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))["gaps"]
    # (words the model could not recognise in this voice are listed apart, timed by speech rate)
    gaps = [g for g in gaps if g["kind"] != "unheard"]
    assert [g["kind"] for g in gaps] == ["added"], gaps
    assert abs(gaps[0]["start"] - at) < 0.3 and abs(gaps[0]["end"] - (at + seconds)) < 0.3
    assert gaps[0]["lines"] == [34, 34]  # after line 34
    errors = boundary_errors(folder / "aligned.srt", folder / "cues.json", recording)
    assert np.median(errors) < 100 and np.percentile(errors, 95) < 300


@pytest.mark.slow   # minutes of synthetic speech aligned: the slow tier
@pytest.mark.parametrize("case", ["slower_with_pauses_and_noise", "faster_video_with_a_cut"])
def test_aligned_cue_boundaries_are_within_tolerance(case, request):
    recording, folder = request.getfixturevalue(case)
    errors = boundary_errors(folder / "aligned.srt", folder / "cues.json", recording)
    assert np.median(errors) < 100, np.median(errors)
    assert np.percentile(errors, 95) < 300, np.percentile(errors, 95)


@pytest.mark.slow   # minutes of synthetic speech aligned: the slow tier
@pytest.mark.parametrize("case", ["slower_with_pauses_and_noise", "faster_video_with_a_cut"])
def test_aligned_subtitles_pass_the_checker(case, request, capsys):
    _, folder = request.getfixturevalue(case)
    config = Path(__file__).resolve().parents[1] / "config" / "config.yaml"
    assert check([str(folder / "aligned.srt"), "--config", str(config)]) == 0, capsys.readouterr().out


@pytest.mark.slow   # a synthetic reading aligned (the human recordings stay in the quick tier)
def test_lead_in_trailing_silence_and_the_long_pause_are_reported(slower_with_pauses_and_noise):
    recording, folder = slower_with_pauses_and_noise
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    words = [s for s, word in zip(recording.truth, recording.words) if word and s is not None]
    assert abs(timeline["lead_in"] - words[0][0]) < 0.1
    assert abs(timeline["trailing"] - (len(recording.samples) / 16000 - words[-1][1])) < 0.15
    assert any(end - start >= 2.4 for start, end in timeline["long_pauses"])
    assert not timeline["gaps"]  # nothing skipped: nothing reported
    assert "Nowhere" in (folder / "report.md").read_text(encoding="utf-8")


@pytest.mark.slow   # a synthetic reading aligned (the human recordings stay in the quick tier)
def test_a_removed_passage_is_reported_and_its_cues_dropped(faster_video_with_a_cut):
    recording, folder = faster_video_with_a_cut
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    skipped = [g for g in timeline["gaps"] if g["kind"] == "skipped"]
    assert len(skipped) == 1 and skipped[0]["lines"] == [40, 44], timeline["gaps"]
    assert "001-excerpt.txt:40-44" in (folder / "report.md").read_text(encoding="utf-8")
    cues = json.loads((folder / "cues.json").read_text(encoding="utf-8"))["cues"]
    assert all(cue["last_line"] < 40 or cue["first_line"] > 44 for cue in cues)
    for cue in cues:  # no cue shows removed text, nor straddles the cut
        assert all(recording.truth[k] is not None for k in range(*cue["tokens"]) if recording.words[k])
    subs = pysrt.open(str(folder / "aligned.srt"))
    assert all(a.end <= b.start and a.start < a.end for a, b in zip(subs, subs[1:]))


@pytest.mark.slow   # a synthetic reading aligned (the human recordings stay in the quick tier)
def test_confidence_is_reported_per_cue(slower_with_pauses_and_noise, capsys):
    _, folder = slower_with_pauses_and_noise
    assert confidence_main([str(folder / "cues.json")]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    good = np.array([float(row.split("\t")[3]) for row in rows])
    assert len(rows) == len(pysrt.open(str(folder / "aligned.srt")))
    assert np.median(good) > 0.5


def test_the_voice_method_still_aligns_its_own_voice(config, excerpt, tmp_path_factory):
    """`method: voice` (DTW against the configured voice) stays available for that voice."""
    config = {**config, "subtitles": {**config["subtitles"], "timing": {
        **config["subtitles"]["timing"], "audio": {**config["subtitles"]["timing"]["audio"], "method": "voice"}}}}
    recording, folder = _read_and_align(config, excerpt, tmp_path_factory, "voice.wav", speed=1.2, snr_db=20)
    errors = boundary_errors(folder / "aligned.srt", folder / "cues.json", recording)
    assert np.median(errors) < 100 and np.percentile(errors, 95) < 300
    assert json.loads((folder / "timeline.json").read_text(encoding="utf-8"))["engine"] == "offline"


def test_confidence_needs_an_audio_timed_transcript(tmp_path, capsys):
    cues = tmp_path / "cues.json"
    cues.write_text(json.dumps({"timing": "tts", "cues": []}), encoding="utf-8")
    assert confidence_main([str(cues)]) == 2
    assert "not on a recording" in capsys.readouterr().err


def test_a_recording_without_speech_is_named_and_writes_nothing(config, excerpt, tmp_path):
    hum = tmp_path / "hum.wav"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "anoisesrc=d=20:a=0.01", str(hum)], check=True)
    transcript = entry("transcripts", path=str(excerpt), recording=str(hum))
    with pytest.raises(InputError, match="no speech to align to") as error:
        align_transcript(transcript, _settings(config), _voice(config), config["narration"],
                         str(tmp_path / "timeline.json"), str(tmp_path / "report.md"))
    assert str(hum) in str(error.value)
    assert not (tmp_path / "timeline.json").exists() and not (tmp_path / "report.md").exists()


def test_a_word_the_model_did_not_hear_between_heard_ones_is_timed_not_reported_skipped():
    """「和Claude Code…」 with 和 unheard: one short function word between words the model heard
    is read, not skipped; it takes the time between its neighbours at confidence 0. A longer
    unheard run is still a skip, and a run of pauses alone skips nothing."""
    from subcast.alignment.result import skipped_gaps
    from subcast.alignment.whisper_align import _fill_unheard_words
    from subcast.tokens import Token

    def tokens(*words):
        return [Token(spoken=w, display=w, line=1, kind="pause" if w == "，" else "word") for w in words]

    short = tokens("分别是", "，", "和", "Claude Code")
    spans = [(1.0, 1.6), (1.6, 1.7), None, (2.0, 2.8)]
    confidence = [0.9, 0.9, 0.0, 0.9]
    _fill_unheard_words(short, spans, confidence)
    assert spans[2] == (1.7, 2.0) and confidence[2] == 0.0
    assert skipped_gaps(short, spans) == []

    long = tokens("分别是", "一整句话都没有读到", "Claude Code")
    spans = [(1.0, 1.6), None, (5.0, 5.8)]
    _fill_unheard_words(long, spans, [0.9, 0.0, 0.9])
    assert spans[1] is None and [g.kind for g in skipped_gaps(long, spans)] == ["skipped"]

    pauses_only = tokens("分别是", "，", "Claude Code")
    assert skipped_gaps(pauses_only, [(1.0, 1.6), None, (2.0, 2.8)]) == []


def _activity(levels: list[tuple[float, float]]):
    """An Activity over 10 ms frames whose level follows `levels` ((seconds, dB) runs), all of
    it speech to the VAD (babble or a bed hides the pauses from it)."""
    from subcast.alignment.vad import Activity

    level = np.concatenate([np.full(int(round(seconds * 100)), db, np.float32) for seconds, db in levels])
    return Activity(np.ones(len(level), bool), level, [(0.0, len(level) / 100)])


def test_a_pause_the_vad_ran_over_is_found_in_the_level_near_the_boundary():
    """Two lines read 0.25 s apart over babble 15 dB down: the VAD holds one stretch; the level
    still falls by the SNR in the pause, so the pause nearest the model's boundary is found
    and taken out. A 60 ms stop inside a word is no pause; a level that never falls has none."""
    act = _activity([(2.0, -20), (0.06, -36), (1.0, -20), (0.25, -35), (2.0, -20)])
    assert act.dip_near(3.2, 2.5, 3.8, 0.15) == pytest.approx((3.06, 3.31))
    assert act.dip_near(2.0, 1.5, 2.5, 0.15) is None          # the stop inside a word
    assert _activity([(5.0, -20)]).dip_near(2.5, 2.0, 3.0, 0.15) is None
    split = act.with_pauses([(3.06, 3.31)])
    assert split.segments == pytest.approx([(0.0, 3.06), (3.31, 5.31)])


def test_babble_before_the_reader_starts_and_after_they_stop_is_no_speech():
    """A stretch that starts with 0.8 s of babble 15 dB under the voice, and ends with 0.5 s of
    it, is trimmed to the voice; a quiet 0.2 s onset (a soft consonant) is kept."""
    act = _activity([(0.8, -35), (3.0, -20), (0.5, -35)]).trimmed(0.4)
    assert act.segments == pytest.approx([(0.8, 3.8)])
    soft = _activity([(0.2, -34), (3.0, -20)]).trimmed(0.4)
    assert soft.segments == pytest.approx([(0.0, 3.2)])


def test_a_stretch_whose_words_all_belong_to_one_neighbour_joins_it():
    """营业 · 厅 read with a pause inside the line and a shorter one after it: the stretch
    holding 厅 (its units moved back to the line's phrase) joins the line, not the next line
    across the shorter pause; with no such evidence the nearer neighbour takes it."""
    from subcast.alignment.whisper_align import _orphans_joined

    starts, ends = np.array([36.7, 41.14, 42.02]), np.array([40.88, 41.78, 49.7])
    opens, closes = _orphans_joined(starts, ends, {0, 2}, 0.8, {1: {0}})
    assert closes == {0: 41.78} and opens == {}
    opens, closes = _orphans_joined(starts, ends, {0, 2}, 0.8)
    assert opens == {2: 41.14} and closes == {}


def _reading(spans: list[tuple[float, float]], total: float) -> np.ndarray:
    """The VAD's decision per 10 ms frame: speech in `spans` (seconds)."""
    speech = np.zeros(int(total * 100), bool)
    for a, b in spans:
        speech[int(a * 100):int(b * 100)] = True
    return speech


def test_text_the_model_cannot_hear_is_timed_by_rate_where_the_recording_has_speech_for_it():
    """Ten units heard, eight not (a voice the model hears poorly), ten heard: the 2 s of speech
    between them fits the eight at the reader's rate, so they are timed there, in order, at
    probability 0 (LOW), and nothing is skipped."""
    from subcast.alignment.by_rate import time_by_rate

    start = np.concatenate([np.arange(10) * 0.25, np.full(8, np.nan), 5.5 + np.arange(10) * 0.25])
    prob = np.where(np.isnan(start), 0.0, 0.9)
    runs = time_by_rate(start, prob, _reading([(0, 2.5), (3.0, 5.0), (5.5, 8.0)], 8.5), 8.5)
    assert [(r.first, r.end) for r in runs] == [(10, 18)]
    assert 3.0 <= start[10] < start[11] < start[17] < 5.0 and not np.isnan(start).any()
    assert (prob[10:18] == 0).all() and (prob[:10] == 0.9).all()


def test_lines_timed_by_rate_start_on_their_own_pauses():
    """Six lines the model does not hear, read at paces that differ by two to one (a slow line
    after quick ones), one of them with a breath inside (shorter than the 0.35 s between lines):
    spread at one even rate, a line start
    drifts by up to a second; matched to the pauses, every line starts within 50 ms of where its
    speech starts and the breath stays inside its line."""
    from subcast.alignment.by_rate import time_by_rate

    units = [8, 12, 6, 10, 9, 7]
    seconds = [1.6, 2.0, 2.4, 1.5, 3.2, 1.2]       # each line's speech; line 5 has a 0.2 s breath
    spans, line_starts, t = [(0.0, 15.0)], [], 15.4
    for k, d in enumerate(seconds):
        line_starts.append(t)
        spans += [(t, t + 1.4), (t + 1.6, t + d + 0.2)] if k == 4 else [(t, t + d)]
        t += d + (0.2 if k == 4 else 0) + 0.35
    spans.append((t, t + 15.0))
    start = np.concatenate([np.arange(60) * 0.25, np.full(sum(units), np.nan), t + np.arange(60) * 0.25])
    prob = np.where(np.isnan(start), 0.0, 0.9)
    phrase = np.concatenate([[0] * 60] + [[k + 1] * n for k, n in enumerate(units)] + [[7] * 60])
    runs = time_by_rate(start, prob, _reading(spans, t + 15.5), t + 15.5, phrase=phrase)
    assert [(r.first, r.end) for r in runs] == [(60, 60 + sum(units))]
    firsts = 60 + np.concatenate([[0], np.cumsum(units)[:-1]])
    assert np.abs(start[firsts] - line_starts).max() <= 0.05, start[firsts] - line_starts
    assert (np.diff(start[60:60 + sum(units)]) > 0).all()


def test_a_cut_passage_is_not_timed_by_rate():
    """The reader says four of sixteen units not heard and skips the rest: the speech there is
    far too short for the text, so nothing is timed by rate and all sixteen stay missing (the
    model's skip stands); likewise with no speech at all between the anchors."""
    from subcast.alignment.by_rate import time_by_rate

    start = np.concatenate([np.arange(10) * 0.25, np.full(16, np.nan), 4.5 + np.arange(10) * 0.25])
    prob = np.where(np.isnan(start), 0.0, 0.9)
    assert time_by_rate(start, prob, _reading([(0, 2.5), (3.0, 4.0), (4.5, 7.0)], 7.5), 7.5) == []
    assert np.isnan(start[10:26]).all()
    start = np.concatenate([np.arange(10) * 0.25, np.full(16, np.nan), 2.6 + np.arange(10) * 0.25])
    assert time_by_rate(start, prob, _reading([(0, 2.5), (2.6, 5.1)], 5.5), 5.5) == []


def test_speech_heard_as_no_text_next_to_unsure_text_is_that_text():
    """Units the model placed unsure and squeezed after 2 s of speech it heard as matching no
    text: that speech is theirs (an accent, a synthetic voice), so they are spread over it and
    nothing is reported added."""
    from subcast.alignment.by_rate import time_by_rate

    start = np.concatenate([np.arange(10) * 0.25, 4.9 + np.arange(8) * 0.01, 5.5 + np.arange(10) * 0.25])
    prob = np.concatenate([np.full(10, 0.9), np.full(8, 0.05), np.full(10, 0.9)])
    runs = time_by_rate(start, prob, _reading([(0, 2.5), (3.0, 5.0), (5.5, 8.0)], 8.5), 8.5, added=[(3.0, 4.8)])
    assert [(r.first, r.end) for r in runs] == [(10, 18)]
    assert 3.0 <= start[10] < 3.2 and start[17] < 5.0


@pytest.mark.slow   # three minutes of eSpeak aligned
def test_a_voice_the_model_hears_poorly_is_timed_and_only_the_real_cut_is_reported(config, tmp_path_factory):
    """eSpeak's robotic Mandarin reading 60 lines of the script (lines 30–89 of 001) with four
    lines cut: the model recognises little of some lines. They are timed by speech rate and
    listed as not recognised; only the four lines cut are reported skipped, nothing added, every
    boundary within tolerance, and no cue shorter than a viewer can read."""
    text = tmp_path_factory.mktemp("espeak") / "001-lines-30-89.txt"
    text.write_text("".join(SEEDS["001"].read_text(encoding="utf-8").splitlines(True)[29:89]), encoding="utf-8")
    recording, folder = _read_and_align(config, text, tmp_path_factory, "espeak.wav", engine="espeak",
                                        remove_lines=(31, 34))
    gaps = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))["gaps"]
    assert [g["lines"] for g in gaps if g["kind"] == "skipped"] == [[31, 34]], gaps
    assert not [g for g in gaps if g["kind"] == "added"], gaps
    report = (folder / "report.md").read_text(encoding="utf-8")
    for gap in gaps:
        if gap["kind"] == "unheard":
            assert gap["message"] in report and "not recognised: timed by speech rate" in gap["message"]
    errors = boundary_errors(folder / "aligned.srt", folder / "cues.json", recording, strict=False)
    assert np.median(errors) <= 60 and np.percentile(errors, 95) <= 250 and errors.max() <= 600, errors
    shortest = config["subtitles"]["timing_rules"]["min_duration_ms"]
    durations = [s.end.ordinal - s.start.ordinal for s in pysrt.open(str(folder / "aligned.srt"))]
    assert min(durations) >= shortest, min(durations)
