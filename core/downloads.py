"""File names of downloads, written once: what the browser saves a PDF or a workbook as.

Names are built from what people typed (a workroom's or a report's name), so they may carry
markup, slashes or control characters. ``safe_filename`` keeps the readable text, Chinese
included, and drops the rest.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

# Characters no file system or browser keeps in a name: Windows' reserved ones, and controls.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")
MAX_LENGTH = 120


def safe_filename(name: str, *, fallback: str = "download") -> str:
    """``name`` without markup or characters a file name cannot hold, at most ``MAX_LENGTH``
    characters (the extension kept). "<b>书院路</b>-2026年11月月报.pdf" → "书院路-2026年11月月报.pdf"."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not 0 < len(extension) <= 5 or not extension.isalnum():
        stem, extension = name, ""
    text = html.unescape(strip_tags(stem))
    text = _SPACES.sub(" ", _FORBIDDEN.sub(" ", text)).strip(" .-_")
    text = text[: MAX_LENGTH - len(extension) - 1].rstrip(" .") or fallback
    return f"{text}.{extension}" if extension else text
