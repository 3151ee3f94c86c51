"""Timing `audio` on real people: 12 lines read by 9 speakers (AISHELL-3, THCHS-30), with the
true speech times of every line; as read, with lines cut out, at 15 dB SNR, with the pauses
between lines cut to 0.2–0.4 s, and with those together (over pink noise, over babble, under a
music bed, read faster). The subtitles must follow each voice."""
import json
from pathlib import Path

import numpy as np
import pytest

from human_speech import CLIP, Reading, align_reading, score
from subcast.alignment.acoustic import _PACKAGED_SHA256, packaged_model
from subcast.checker import main as check
from subcast.config import entry, front_end
from subcast.frontend import transcript_tokens
from subcast.textio import InputError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def voice_cfg(config):
    return {**config["voice"], "cache_dir": str(ROOT / ".subcast-cache")}


@pytest.fixture(scope="module")
def reading():
    return Reading.load(CLIP)


CASES = {
    "as read": lambda r: r,
    "lines 7-8 cut out": lambda r: r.cut_lines(7, 8),
    "15 dB SNR": lambda r: r.add_noise(15),
    "0.2-0.4 s pauses": lambda r: r.tighten_pauses(0.2, 0.4),
    # conditions together, as users' recordings have them: a quick reader over noise, babble, a bed
    "0.2-0.4 s pauses over pink noise at 15 dB": lambda r: r.tighten_pauses(0.2, 0.4).add_noise(15),
    "0.2-0.4 s pauses over babble at 15 dB": lambda r: r.tighten_pauses(0.2, 0.4).add_babble(15),
    "music bed at -20 dB": lambda r: r.add_music(-20),
    "1.25x faster, 0.2-0.4 s pauses, noise": lambda r: r.faster(1.25).tighten_pauses(0.2, 0.4).add_noise(15),
    # recordings as editors receive them: times on the file's timeline, the channel that speaks
    "in a video, audio 2 s late": lambda r: r.packaged("late video"),
    "stereo, one channel inverted": lambda r: r.packaged("inverted stereo"),
    "second audio stream": lambda r: r.packaged("second stream"),
}
QUICK = ("as read", "lines 7-8 cut out")


# "as read" and a cut in the quick tier; the rest in the slow tier (CI runs both).
@pytest.fixture(scope="module", params=[pytest.param(case, marks=[] if case in QUICK else [pytest.mark.slow])
                                        for case in CASES])
def aligned(request, config, voice_cfg, reading, tmp_path_factory):
    changed = CASES[request.param](reading)
    folder = align_reading(config, voice_cfg, changed, tmp_path_factory.mktemp("human"))
    return request.param, changed, folder


def test_cues_start_and_end_with_each_speakers_speech(aligned, config):
    case, reading, folder = aligned
    result = score(folder, reading, config)
    assert np.median(result.errors) <= 60, (case, result.row())
    assert np.percentile(result.errors, 95) <= 250, (case, result.row())
    assert result.errors.max() <= 600, (case, result.row())
    # every line's own start and end, also where two lines share a cue
    lines = result.line_errors
    assert np.median(lines) <= 60 and np.percentile(lines, 95) <= 250 and lines.max() <= 600, (case, result.row())


def test_skipped_lines_are_reported_and_get_no_cue(aligned, config):
    case, reading, folder = aligned
    result = score(folder, reading, config)
    assert result.reported_skipped == reading.removed, case
    assert result.cues_of_removed_lines == 0
    assert not result.added, (case, result.added)   # nothing was added to these readings
    if reading.removed:
        report = (folder / "report.md").read_text(encoding="utf-8")
        assert "transcript.txt:7-8: not in the recording" in report


def test_an_unfamiliar_voice_is_not_low_confidence_everywhere(aligned, config):
    case, reading, folder = aligned
    confidence = score(folder, reading, config).confidence
    assert np.median(confidence) >= 0.7, case
    assert (confidence < 0.5).mean() <= 0.2, case


def test_human_aligned_subtitles_pass_the_checker(aligned, capsys):
    _, _, folder = aligned
    assert check([str(folder / "aligned.srt"), "--config", str(ROOT / "config" / "config.yaml")]) == 0, \
        capsys.readouterr().out


def test_a_recording_of_other_text_is_named(config, voice_cfg, reading, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("今天天气很好我们去公园散步\n晚饭以后大家一起看电影\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not read this text") as error:
        align_reading(config, voice_cfg, Reading(reading.samples, reading.lines, other), tmp_path / "out")
    assert "reading.wav" in str(error.value)
    assert not (tmp_path / "out" / "timeline.json").exists()


def test_the_packaged_model_is_checked_before_use(tmp_path, monkeypatch):
    folder = packaged_model(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(_PACKAGED_SHA256)
    # A damaged part fails with the file named, and leaves no model behind.
    import subcast.alignment.acoustic as acoustic

    monkeypatch.setitem(acoustic._PACKAGED_SHA256, "config.json", "0" * 64)
    with pytest.raises(InputError, match="SHA-256"):
        packaged_model(tmp_path / "again")
    assert not list((tmp_path / "again" / "models").glob("whisper-*"))


def test_text_longer_than_the_decoder_holds_is_not_found_past_it(voice_cfg, reading):
    from subcast.alignment.acoustic import Whisper

    model = Whisper(packaged_model(Path(voice_cfg["cache_dir"])))
    aligned = model.align(model.encode(reading.samples[:5 * 16000]), "很" * 600, 5.0)
    assert len(aligned.starts) == len(aligned.probs) >= 600
    assert not aligned.probs[-100:].any() and aligned.probs[:10].any()
    assert (aligned.starts <= 5.0).all()


def test_no_cue_holds_a_pause_the_reader_made(aligned, config):
    """Words after a pause longer than `max_pause_in_cue_ms` are not on screen before the
    reader gets to them: no cue spans such a silence between its words."""
    case, reading, folder = aligned
    longest = config["subtitles"]["timing"]["audio"]["max_pause_in_cue_ms"] / 1000
    tokens = transcript_tokens(entry("transcripts", path=str(reading.transcript)), front_end(config))
    spans = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))["tokens"]
    for cue in json.loads((folder / "cues.json").read_text(encoding="utf-8"))["cues"]:
        said = [spans[k] for k in range(*cue["tokens"]) if not tokens[k].is_pause and spans[k] is not None]
        gaps = [b[0] - a[1] for a, b in zip(said, said[1:])]
        assert max(gaps, default=0) <= longest + 0.02, (case, cue["lines"], max(gaps))
