"""Bytes to text: decoding, line endings, and the refusals a linter must not paper over."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be linted. The message is one line, fit for stderr."""


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary data.

    Line endings become LF: removing the CR of a CRLF pair changes no line number and no
    column of any visible character.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            raise ReadError(f"{name}: binary file (contains NUL bytes); not a text document")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: not valid {encoding.upper()} (byte {exc.start}: {exc.reason}); "
            "save the file as UTF-8"
        ) from None
    if encoding == "utf-16":
        text = text.lstrip("\ufeff")
        if "\x00" in text:
            raise ReadError(f"{name}: binary file (contains NUL characters); not a text document")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """The bytes of a regular file within the size limit, or a ReadError with one line."""
    name = name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise ReadError(f"{name}: not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise ReadError(
                f"{name}: file is {size // (1024 * 1024)} MB, over the "
                f"{MAX_BYTES // (1024 * 1024)} MB limit"
            )
        data = path.read_bytes()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise ReadError(f"{name}: no such file") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot read ({exc.strerror or exc})") from None
    return data


def read_path(path: Path, name: str | None = None) -> str:
    name = name or str(path)
    return decode(read_bytes(path, name), name)
