"""Text helpers every format shares: bounded reading, slugs for ids, HTML to plain text.

Quizzer shows bank text literally, so HTML from Moodle becomes readable plain text here and
the tags that carried meaning (images, links, tables) are named so the import can report them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from quizzer.bank.formats.report import fail

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""Larger files are refused before parsing: no question bank is this big, a hostile file may be."""

SLUG_MAX = 72
"""Leaves room under the model's 80 characters for a `-NN` suffix that makes ids unique."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing to read more than MAX_INPUT_BYTES (a hostile file may be huge)."""
    source, limit = str(path), MAX_INPUT_BYTES
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise fail(source, None, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limit:
        raise fail(source, None, f"file is larger than {limit:,} bytes; refused")
    return data


def read_text(path: Path) -> str:
    """The file's text as UTF-8 with newlines normalised, refusing oversized or binary input."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise fail(str(path), line, "not UTF-8 text (save the file as UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slugify(text: str) -> str:
    """A model-valid slug from any text (may be empty when the text has no letters or digits)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_.]+", "-", ascii_text.lower())
    slug = re.sub(r"^[^a-z0-9]+", "", slug)[:SLUG_MAX]
    return slug.rstrip("-_.")


def unique_slug(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, ... whichever is still free; records the choice."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    taken.add(candidate)
    return candidate


_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol"}
_HARMLESS_TAGS = _BLOCK_TAGS | {
    "b", "strong", "i", "em", "u", "span", "sub", "sup", "code", "tt", "small", "big",
    "font", "blockquote", "hr", "table", "tbody", "thead", "td", "th",
}  # fmt: skip
_SCRIPT_MARKS = {"sub": "_", "sup": "^"}
"""p<sub>data</sub> reads as p_data in plain text, x<sup>2</sup> as x^2."""

# `[^<>]*` stops at the next `<` and an unclosed comment runs to the end: one linear scan.
_TOKEN_RE = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)>", re.DOTALL)
_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class Converted:
    """A piece of source text as Quizzer will show it, and the markup that had to go."""

    text: str
    dropped: set[str] = field(default_factory=set)


def html_to_text(html: str) -> tuple[str, set[str]]:
    """Plain text of an HTML fragment and the names of meaningful tags it dropped (img, a, ...).

    One regular-expression scan (HTMLParser is quadratic on runs of `<`): block tags become
    line breaks, `<img>` its alt text, comments vanish, entities are decoded.
    """
    if "<" not in html:
        return unescape(html).strip(), set()
    parts: list[str] = []
    dropped: set[str] = set()
    in_pre, position = 0, 0
    for token in _TOKEN_RE.finditer(html):
        if data := html[position : token.start()]:
            parts.append(unescape(data if in_pre else re.sub(r"\s+", " ", data)))
        position = token.end()
        if token.group(2) is None:
            continue
        closing, name, attributes = token.group(1) == "/", token.group(2).lower(), token.group(3)
        if name == "pre":
            in_pre = max(0, in_pre - 1) if closing else in_pre + 1
        if name in _BLOCK_TAGS and not (closing and name == "br"):
            parts.append("\n")
        if closing:
            continue
        parts.append(_SCRIPT_MARKS.get(name, ""))
        if name == "img" and (alt := _ALT_RE.search(attributes)):
            parts.append(f"[{unescape(next(g for g in alt.groups() if g is not None))}]")
        if name not in _HARMLESS_TAGS:
            dropped.add(name)
    tail = html[position:]
    parts.append(unescape(tail if in_pre else re.sub(r"\s+", " ", tail)))
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), dropped
