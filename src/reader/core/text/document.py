"""Documents: bytes in, decoded text out, with newlines kept exactly as in the file."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from reader.core.errors import DocumentError
from reader.core.text.article_date import ArticleDate, article_date
from reader.core.text.offsets import LineIndex

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp1252", "iso8859_5", "mac_cyrillic", "latin_1")
_HEADER_DATE = re.compile(r"^\s*(?:date|dated|published)\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.I)
_TITLE_MAX = 160
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# A wire dateline opening a story: `NAIROBI, Kenya (AP) _`, `MOSCOW, Dec 29 (Reuters) -`,
# `МОСКВА, 29 дек — РИА Новости.`: a place in capitals, then the agency or a dash.
_DATELINE = re.compile(
    r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\- ]+,?[^()\n]{0,40}?"
    r"(?:\([^()\n]{1,30}\)\s*[-_—–:]*|\s[-_—–]\s*(?:[A-ZА-ЯЁ][\w .]{1,25}?\.)?|\s[-_—–]$)\s*"
)
# A byline: `by ANKASAM Ekip`, `By Jane Doe, Reuters`, `Автор: Иван Петров`.
_BYLINE = re.compile(r"^(?:by|from|от|автор|author|текст|text)\b\s*:?\s+\S", re.I)
_BYLINE_MAX = 80


def sha256_of(text: str) -> str:
    """The sha256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True if ``data`` (without a UTF-16/32 BOM) has NUL bytes or mostly control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.1


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str, bool]:
    """Decode ``data``: (text, encoding, had_bom). UTF-8 first, then legacy encodings.

    Raises DocumentError for binary or undecodable data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, True
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    path, f"invalid {encoding} after its BOM: {exc.reason}"
                ) from exc
    if looks_binary(data):
        raise DocumentError(path, "binary file (NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data, path)
    return text, encoding, False


def _guess_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None or best.encoding is None:
        return "undecodable"
    return str(best.encoding)


def _decode_legacy(data: bytes, path: Path | str) -> tuple[str, str]:
    encoding = _guess_legacy(data)
    if encoding == "undecodable":
        raise DocumentError(path, "not UTF-8 and no legacy encoding fits")
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DocumentError(path, f"cannot decode as {encoding}: {exc}") from exc


def _title_of(text: str) -> str:
    """The first line that reads as a headline: not a date, a dateline or a byline (a
    dateline running into the story leaves the story's words)."""
    for raw in text[:20_000].splitlines():
        line = " ".join(_HEADER_DATE.sub("", raw, count=1).split())
        if len(line) <= _BYLINE_MAX and _BYLINE.match(line):
            continue
        dateline = _DATELINE.match(line)
        if dateline and dateline.end() < len(line) and not line[dateline.end()].isupper():
            dateline = None  # `WASHINGTON - the capital...` keeps its words; rare, harmless
        if dateline:
            line = line[dateline.end() :]
        if _TWO_LETTERS.search(line):
            return line if len(line) <= _TITLE_MAX else line[: _TITLE_MAX - 1] + "…"
    return ""


@dataclass(frozen=True)
class Document:
    """One decoded text. ``rel`` is its path relative to the corpus root (POSIX style)."""

    path: Path
    rel: str
    text: str
    encoding: str
    had_bom: bool = False

    @cached_property
    def sha256(self) -> str:
        """sha256 of the decoded text as UTF-8: what annotation offsets refer to."""
        return sha256_of(self.text)

    @cached_property
    def lines(self) -> LineIndex:
        """The line table of the text."""
        return LineIndex(self.text)

    @cached_property
    def title(self) -> str:
        """The first meaningful line, trimmed (a leading ``date YYYY-MM-DD`` is dropped)."""
        return _title_of(self.text) or Path(self.rel).stem

    @cached_property
    def dated(self) -> ArticleDate | None:
        """The article's own date and where it came from (``text`` or ``path``:
        ``article_date``); the date an analyst set lives in the annotation file."""
        return article_date(self.text, self.rel)

    @property
    def date(self) -> date | None:
        """The article's own date (see ``dated``)."""
        return self.dated.value if self.dated else None


def load_document(path: Path, rel: str | None = None) -> Document:
    """Read and decode ``path``; ``rel`` defaults to its file name.

    Raises DocumentError (naming the file) when it is unreadable, too large,
    binary or undecodable.
    """
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(path, f"too large ({size} bytes > {MAX_DOCUMENT_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from exc
    text, encoding, had_bom = decode_bytes(data, path)
    return Document(path=path, rel=rel or path.name, text=text, encoding=encoding, had_bom=had_bom)
