"""Bytes to text: UTF-8 only, BOM and CRLF accepted, everything NFC."""

from __future__ import annotations

import unicodedata

from .errors import SourceError


def decode(data: bytes) -> str:
    """Decode file bytes as the spec requires, or raise a located error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            "ogiltig-utf8",
            f"filen är inte giltig UTF-8 (byte 0x{data[e.start]:02x}) — spara den "
            "som UTF-8 i redigeraren (i Word: Spara som > Oformaterad text > UTF-8)",
            line,
            column,
        ) from e
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # one search instead of two replacements over every file
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Keys typed on a machine producing NFD must still match: normalise it all.
    return unicodedata.normalize("NFC", text)
