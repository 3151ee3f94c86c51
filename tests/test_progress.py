"""Long jobs say how far they are: steady lines with done/total, amounts and time left."""
import logging

from subcast.progress import Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _run(interactive: bool, caplog, steps=1000, seconds_per_step=0.25):
    clock, log = Clock(), logging.getLogger("subcast.test")
    progress = Progress(log, "voicing talk.txt", steps * 10, "characters", interactive=interactive, clock=clock)
    with caplog.at_level(logging.INFO, logger="subcast.test"):
        for step in range(1, steps + 1):
            clock.now += seconds_per_step
            progress.update(step * 10, f"{step * 0.01:.1f} min of audio")
    return [r.getMessage() for r in caplog.records]


def test_a_log_file_gets_a_line_per_tenth_with_time_left(caplog):
    lines = _run(False, caplog)
    assert len(lines) == 10
    assert lines[0].startswith("voicing talk.txt: 1,000 of 10,000 characters (10%), 1.0 min of audio")
    assert "0:25 elapsed, about 3:45 left" in lines[0]
    assert lines[-1].endswith("about 0:00 left") and "(100%)" in lines[-1]


def test_a_terminal_gets_a_line_every_ten_seconds(caplog):
    lines = _run(True, caplog)              # 250 s of work
    assert 24 <= len(lines) <= 25
    shares = [int(line.split("(")[1].split("%")[0]) for line in lines]
    assert shares == sorted(shares)
