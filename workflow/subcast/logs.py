"""Logging for a rule's script: to the rule's `log:` file and to the terminal."""
from __future__ import annotations

import logging
import sys

from .textio import InputError


def setup(log_files=(), level: int = logging.INFO) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    handlers += [logging.FileHandler(path, mode="w", encoding="utf-8") for path in log_files]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers, force=True)


def run(log_files, function, *args, **kwargs):
    """Runs a stage with logging set up; bad input ends it with one clear line, not a traceback."""
    setup(log_files)
    try:
        return function(*args, **kwargs)
    except InputError as err:
        logging.getLogger("subcast").error("%s", err)
        raise SystemExit(1) from None
