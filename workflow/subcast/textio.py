"""Reading transcripts safely and writing outputs atomically.

Every input error names the file and the line, so a user can open the file and fix it.
Every output is written to a temporary file in the same folder and renamed into place, so a
killed or failed job never leaves a half-written subtitle or feed behind.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from charset_normalizer import from_bytes

BOM = "\ufeff"


class InputError(ValueError):
    """Bad input: the message starts with `path:line:` like a compiler error."""

    def __init__(self, path: str | os.PathLike, line: int | None, message: str):
        self.path, self.line = str(path), line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _fits(data: bytes, encoding: str, repertoire: str | None = None) -> bool:
    try:
        text = data.decode(encoding)
        if repertoire:
            text.encode(repertoire)
    except (UnicodeDecodeError, UnicodeEncodeError):
        return False
    return True


def _guess_encoding(data: bytes) -> str | None:
    # Chinese legacy files first: a general detector calls short GBK text Korean.
    if _fits(data, "gb18030", "gb2312"):
        return "GB18030"
    if _fits(data, "big5"):
        return "BIG5"
    best = from_bytes(data).best()
    return best.encoding.replace("_", "-").upper() if best else None


def read_text(path: str | os.PathLike, encoding: str = "utf-8") -> str:
    """The file's text with a BOM dropped and CRLF/CR turned into LF.

    Raises InputError for a missing, empty, binary or wrongly encoded file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "file not found (check the path in config/config.yaml)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, None, "file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and encoding.lower().replace("_", "-") == "utf-8":
        raise InputError(path, 1, "file is UTF-16 (byte-order mark); save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, _line_of_offset(data, nul),
                         "binary data (NUL byte); expected a UTF-8 text file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        guess = _guess_encoding(data)
        hint = f"; it looks like {guess}" if guess and guess.lower() != encoding.lower() else ""
        raise InputError(
            path, _line_of_offset(data, err.start),
            f"not valid {encoding} at byte {err.start}{hint}. Convert the file to UTF-8 "
            f"(e.g. iconv -f {guess or 'GB18030'} -t UTF-8) or set its `encoding:` in the config",
        ) from None
    except LookupError:
        raise InputError(path, None, f"unknown encoding {encoding!r} in the config") from None
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK   # what open() gives a new file (0644 under the usual umask)


def _atomic_write(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        os.fchmod(fd, FILE_MODE)   # mkstemp makes 0600: a web server could not read the outputs
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(source: str | os.PathLike, path: str | os.PathLike) -> None:
    """`path` gets a copy of `source`, atomically. Not a hard link: Snakemake touches a job's
    outputs, and the shared inode would then look newer than the job that made it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    _atomic_write(path, data)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    _atomic_write(path, text.encode("utf-8"))
