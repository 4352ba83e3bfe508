"""The annotation file, format 1: parsing with line numbers, checking, and byte-stable dumping.

Only ``yaml.safe_load``-level loading is used (the C SafeLoader when available);
aliases, oversized files and git conflict markers are refused with a message
naming the file and line.
"""

from __future__ import annotations

import operator
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, cast

import yaml

from reader.core.errors import AnnotationFileError, printable
from reader.core.files.safe_yaml import MAX_YAML_BYTES, load_yaml

FORMAT_VERSION = 1
HEADER_COMMENT = f"# reader annotations, format {FORMAT_VERSION}\n"
MAX_ANNOTATION_FILE_BYTES = MAX_YAML_BYTES
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
ID_LENGTH = 8  # 40 random bits: two analysts never draw the same id in practice
CONFLICT_KEY = "conflict"  # written by the merge among the unknown keys: a mapping
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)


def _may_have_markers(text: str) -> bool:
    """A cheap test before the conflict-marker pattern (a search of the whole file)."""
    return "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")

K = TypeVar("K")
V = TypeVar("V")
Kind = Literal["id", "name", "offset", "text", "string", "plain", "links", "fraction", "flag"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of the format: its name, what it holds, whether it must be there.

    Kinds: ``id`` (a short id), ``name`` (a non-empty string), ``offset`` (a whole
    number), ``text`` and ``string`` (strings, always read back as strings: quoted
    when they look like a date or number), ``plain`` (a string written plain when it
    is an ISO date or timestamp, as the recognisers and the clock write them),
    ``links`` (a list of ids), ``fraction`` (a number in 0..1), ``flag`` (true, written
    only when true). ``span``: the field moves with the span (merge treats the span
    as one field).
    """

    name: str
    kind: Kind
    required: bool = False
    span: bool = False


# The keys of one annotation, in the order they are written. The Annotation dataclass
# has one attribute per entry, in this order (tests/core/test_format.py checks), the
# parser checks each by its kind, the dumper writes them in this order; export and
# merge iterate it.
ANNOTATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "id", required=True),
    FieldSpec("tag", "name", required=True),
    FieldSpec("start", "offset", required=True, span=True),
    FieldSpec("end", "offset", required=True, span=True),
    FieldSpec("text", "text", required=True, span=True),
    FieldSpec("speaker", "string"),
    FieldSpec("note", "string"),
    FieldSpec("value", "plain"),
    FieldSpec("links", "links"),
    FieldSpec("confidence", "fraction"),
    FieldSpec("orphaned", "flag", span=True),
    FieldSpec("anchored", "string", span=True),  # "fuzzy": placed by the fuzzy step
    FieldSpec("old_text", "string", span=True),  # the text before a fuzzy re-anchoring
    FieldSpec("author", "string"),
    FieldSpec("created", "plain"),
    FieldSpec("edited_by", "string"),  # the last editor, when not the author
    FieldSpec("edited", "plain"),  # when edited_by edited it
    FieldSpec("curated", "string"),  # the curator who kept it where authors disagreed
)
# The keys of the header, in the order they are written (unknown keys follow, then
# ``annotations``). ``date``: the article's date, set by an analyst.
HEADER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("document", "text", required=True),
    FieldSpec("sha256", "text", required=True),
    FieldSpec("language", "text"),
    FieldSpec("date", "plain"),
)
ANNOTATION_KEYS = tuple(f.name for f in ANNOTATION_FIELDS)
HEADER_KEYS = (*(f.name for f in HEADER_FIELDS), "annotations")
SPAN_FIELDS = tuple(f.name for f in ANNOTATION_FIELDS if f.span)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One tagged span. Offsets are code points into the decoded text; ``end`` is exclusive."""

    id: str
    tag: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    note: str | None = None
    value: str | None = None
    links: tuple[str, ...] = ()
    confidence: float | None = None
    orphaned: bool = False
    anchored: str | None = None
    old_text: str | None = None
    author: str | None = None
    created: str | None = None
    edited_by: str | None = None
    edited: str | None = None
    curated: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()  # keys the tool does not know, kept in order

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """The file order: start, then end, then id."""
        return (self.start, self.end, self.id)


@dataclass(frozen=True, slots=True)
class AnnotationFile:
    """The contents of one annotation file."""

    document: str
    sha256: str
    language: str | None = None
    annotations: tuple[Annotation, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # unknown top-level keys, kept in order
    date: str | None = None

    def sorted(self) -> AnnotationFile:
        """The same file with entries in file order."""
        return replace(self, annotations=tuple(sorted(self.annotations, key=lambda a: a.sort_key)))

    def by_id(self) -> dict[str, Annotation]:
        """Annotations keyed by id."""
        return {a.id: a for a in self.annotations}

    def with_annotations(self, annotations: Iterable[Annotation]) -> AnnotationFile:
        """A copy holding ``annotations`` (sorted)."""
        return replace(self, annotations=tuple(annotations)).sorted()


def new_id(taken: Iterable[str] = ()) -> str:
    """A short random id not in ``taken``."""
    used = set(taken)
    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if candidate not in used:
            return candidate


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- dumping ---------------------------------------------------------------
#
# The known keys are written by a direct emitter that makes, scalar by scalar, the
# choices libyaml's emitter makes (plain, single- or double-quoted, the escapes), so the
# bytes are those of the YAML dumper: tests/property/test_dump_reference.py compares
# both over arbitrary text. Values under unknown keys go through the YAML dumper.

# libyaml escapes characters beyond the BMP (emoji) as \U0001F600 in double quotes;
# printable ones are written as characters instead.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_WIDE_ESCAPE = re.compile(r"\\\\|\\U([0-9A-Fa-f]{8})")
_QUOTED_VALUE = re.compile(r'^( *(?:- )*(?:[A-Za-z0-9_-]+: )?)"(.*)"$', re.M)
# What YAML would read a plain scalar as, by first character (null, bool, int, ...).
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
# libyaml's double-quoted escapes.
_ESCAPES = {
    "\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
    "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P",
}  # fmt: skip
_PLAIN_FIRST_FORBIDDEN = "#,[]{}&*!|>'\"%@`"
# Bidirectional marks, embeddings, overrides and isolates: written raw they reorder
# what a terminal or a diff shows (a line can look like another), so they are always
# escaped (``\u202E``); the format's one departure from libyaml's output.
BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_BIDI_ESCAPES = {code: f"\\u{code:04X}" for code in BIDI_CONTROLS}
# What is escaped in double quotes: what libyaml escapes (C0 controls, DEL and C1, the
# quote and the backslash, line and paragraph separators, the BOM and the BMP's last
# non-characters), and the bidi controls.
_DOUBLE_QUOTED = {
    code: "\\" + _ESCAPES[chr(code)] if chr(code) in _ESCAPES
    else (f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
    for code in (*range(0x20), *range(0x7F, 0xA0), 0x22, 0x5C, 0x2028, 0x2029, 0xFEFF,
                 0xFFFE, 0xFFFF, *BIDI_CONTROLS)
}  # fmt: skip
_ESCAPABLE = re.compile("[" + "".join(map(chr, _DOUBLE_QUOTED)).replace("\\", "\\\\") + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Dumper(_BaseDumper):  # type: ignore[valid-type, misc]
    """SafeDumper that writes ISO dates and timestamps plain, as DESIGN.md shows them."""


def _needs_double_quotes(value: str) -> bool:
    """Line breaks (incl. NEL, U+2028) and non-printables: escape them, one line per value."""
    return not value.isprintable()


def _is_date_or_stamp(value: str) -> bool:
    if not (_ISO_DATE.match(value) or _ISO_STAMP.match(value)):
        return False
    try:
        _parse_stamp_or_date(value)
    except ValueError:
        return False
    return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _needs_double_quotes(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if _is_date_or_stamp(value):
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    return dumper.represent_str(value)


class _Verbatim(str):
    """A string that is always read back as a string (``'2022-01-04'`` quoted, not a date)."""

    __slots__ = ()


def _represent_verbatim(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = str(value)  # libyaml accepts exact str only
    if _needs_double_quotes(plain):
        return dumper.represent_scalar("tag:yaml.org,2002:str", plain, style='"')
    return dumper.represent_str(plain)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Verbatim, _represent_verbatim)


class _NotDirect(Exception):
    """A value the direct emitter leaves to the YAML dumper (undecodable text)."""


def _resolves_to_str(value: str) -> bool:
    """True when YAML reads ``value``, written plain, as a string (not null, a number...)."""
    resolvers = _IMPLICIT.get(value[0] if value else "", [])
    return not any(regexp.match(value) for _, regexp in resolvers)


# What keeps a one-line scalar in block context from being written plain, as libyaml's
# analysis decides: a space at either end, a document marker, an indicator first (``-``,
# ``?`` and ``:`` only before a space), a ``: `` or a trailing ``:``, a `` #``.
_NOT_PLAIN = re.compile(
    f"^[ {re.escape(_PLAIN_FIRST_FORBIDDEN)}]" + r"|^[?:-](?: |\Z)|^---|^\.\.\.| \Z|: |:\Z| #"
)


def _plain_allowed(value: str) -> bool:
    """libyaml's analysis of a one-line scalar in block context: may it be written plain?"""
    return _NOT_PLAIN.search(value) is None


def _double_quoted(value: str) -> str:
    """libyaml's double-quoted form, printable characters beyond the BMP kept."""
    if _SURROGATE.search(value):
        raise _NotDirect
    out = _ESCAPABLE.sub(_escape_one, value)
    if _ASTRAL.search(value):
        out = "".join(ch if ord(ch) <= 0xFFFF or ch.isprintable() else f"\\U{ord(ch):08X}"
                      for ch in out)  # fmt: skip
    return f'"{out}"'


def _escape_one(match: re.Match[str]) -> str:
    return _DOUBLE_QUOTED[ord(match.group())]


def _string(value: str) -> str:
    """A string that reads back as a string (short ones, which repeat, from a cache)."""
    return _short_string(value) if len(value) <= _SHORT else _emit_string(value)


def _emit_string(value: str) -> str:
    if not value:
        return "''"
    if not value.isprintable() or _ASTRAL.search(value):
        return _double_quoted(value)  # libyaml treats characters beyond the BMP as special
    if _plain_allowed(value) and _resolves_to_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


_SHORT = 64
_short_string = lru_cache(maxsize=4096)(_emit_string)


@lru_cache(maxsize=4096)
def _plain_or_string(value: str) -> str:
    """A ``plain`` field: an ISO date or timestamp as is, anything else as a string."""
    if _is_date_or_stamp(value):
        if not value.isascii():
            raise _NotDirect  # digits of other scripts: the YAML dumper's explicit tag
        return value
    return _string(value)


def _fraction(value: float) -> str:
    if isinstance(value, bool):
        raise _NotDirect
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise _NotDirect
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


_EMIT: dict[str, Callable[[Any], str]] = {
    "id": _string, "name": _string, "text": _string, "string": _string,
    "plain": _plain_or_string, "offset": str, "fraction": _fraction,
}  # fmt: skip
_ENTRY_KEYS = tuple((spec.name, spec.kind, f"  {spec.name}: ") for spec in ANNOTATION_FIELDS)
_entry_values = operator.attrgetter(*(spec.name for spec in ANNOTATION_FIELDS))


def _unknown(key: str, value: Any, indent: str) -> list[str]:
    """Lines for one unknown key, by the YAML dumper (kept with its YAML type)."""
    body = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
        indent=2,
    )
    body = _QUOTED_VALUE.sub(_unescape_wide, body).translate(_BIDI_ESCAPES)
    return [indent + line for line in body.splitlines()]


def dump(afile: AnnotationFile) -> str:
    """The file's text: header comment, fixed key order, sorted entries, no wrapping."""
    out = [HEADER_COMMENT.rstrip("\n")]
    append = out.append
    try:
        append(f"document: {_string(afile.document)}")
        append(f"sha256: {_string(afile.sha256)}")
        language = afile.language
        append("language: null" if language is None else f"language: {_string(language)}")
        if afile.date is not None:
            append(f"date: {_plain_or_string(afile.date)}")
        for key, value in afile.extra:
            out.extend(_unknown(key, value, ""))
        entries = afile.sorted().annotations
        append("annotations:" if entries else "annotations: []")
        for a in entries:
            out.append(_entry(a))
    except _NotDirect:
        return _dump_by_yaml(afile)
    append("")
    return "\n".join(out)


def _entry(a: Annotation) -> str:
    """The lines of one entry (from the cache when the same annotation was written lately:
    a save after one change writes the other entries again)."""
    if a.extra:  # equal values of other types (1, 1.0, True; str and _Verbatim) differ here
        return _emit_entry(a)
    return _ENTRIES.get((a, type(a.confidence)), lambda: _emit_entry(a))


def _emit_entry(a: Annotation) -> str:
    out: list[str] = []
    append = out.append
    for (name, kind, prefix), value in zip(_ENTRY_KEYS, _entry_values(a), strict=True):
        if value is None or value is False or value == ():
            continue
        if kind == "links":
            append(f"  {name}:")
            out.extend(f"  - {_string(link)}" for link in value)
        elif kind == "flag":
            append(prefix + "true")
        else:
            append(prefix + _EMIT[kind](value))
    out[0] = "- " + out[0][2:]
    for key, value in a.extra:
        out.extend(_unknown(key, value, "  "))
    return "\n".join(out)


class _Recent(Generic[K, V]):
    """A bounded cache of values that depend on their key alone: emptied when full (files
    are written and read whole, so what one file needs is refilled at once)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        self.keep(key, value)
        return value

    def find(self, key: K) -> V | None:
        return self._values.get(key)

    def keep(self, key: K, value: V) -> None:
        if len(self._values) >= self._size:
            self._values.clear()
        self._values[key] = value


_ENTRIES: _Recent[tuple[Annotation, type], str] = _Recent(20_000)


def _dump_by_yaml(afile: AnnotationFile) -> str:
    """The YAML dumper writing the whole file: for text the direct emitter leaves to it."""
    mapping: dict[str, Any] = {
        "document": _Verbatim(afile.document),
        "sha256": _Verbatim(afile.sha256),
        "language": None if afile.language is None else _Verbatim(afile.language),
    }
    if afile.date is not None:
        mapping["date"] = afile.date
    for key, value in afile.extra:
        mapping[key] = value
    mapping["annotations"] = [_mapping(a) for a in afile.sorted().annotations]
    body = yaml.dump(
        mapping,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
        indent=2,
    )
    # Python finds bidi controls unprintable, so the representers double-quote every
    # string holding one: escaping them there is always valid YAML.
    return HEADER_COMMENT + _QUOTED_VALUE.sub(_unescape_wide, body).translate(_BIDI_ESCAPES)


def _mapping(a: Annotation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in ANNOTATION_FIELDS:
        value = getattr(a, spec.name)
        if value is None or (spec.kind in ("links", "flag") and not value):
            continue
        if spec.kind == "links":
            value = [_Verbatim(link) for link in value]
        elif spec.kind in ("id", "name", "text", "string"):
            value = _Verbatim(value)
        out[spec.name] = value
    out.update(a.extra)
    return out


def _unescape_wide(line: re.Match[str]) -> str:
    """In a double-quoted value, ``\\UXXXXXXXX`` -> the character when printable."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        char = chr(int(match.group(1), 16))
        return char if char.isprintable() else match.group(0)

    return f'{line.group(1)}"{_WIDE_ESCAPE.sub(one, line.group(2))}"'


# --- loading ---------------------------------------------------------------


def _parse_stamp_or_date(value: str) -> date | datetime:
    if _ISO_DATE.match(value):
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _normalize_scalar(value: Any) -> Any:
    """Turn YAML timestamps back into the ISO strings the tool writes (also when nested)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if value.microsecond else "%Y-%m-%dT%H:%M:%SZ"
        return value.strftime(fmt)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_normalize_scalar(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalize_scalar(v) for k, v in value.items()}
    return value


def _extra_value(value: Any) -> Any:
    """A value under a key the tool does not know, kept with its YAML type: a timestamp
    stays a plain timestamp, a string (even ``'2022-01-10'``) stays a string."""
    if isinstance(value, str):
        return _Verbatim(value)
    if isinstance(value, list):
        return [_extra_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _extra_value(v) for k, v in value.items()}
    return _normalize_scalar(value)


def _key_lines(node: yaml.MappingNode) -> dict[str, int]:
    return {
        str(k.value): v.start_mark.line + 1 for k, v in node.value if isinstance(k, yaml.ScalarNode)
    }


def parse(text: str, path: Path) -> AnnotationFile:
    """Parse an annotation file's text; raises AnnotationFileError naming file and line.

    A valid file laid out exactly as ``dump`` writes it is read without a YAML parser
    (``_read_direct``); anything else, errors included, goes through the YAML reader.
    """
    if len(text) > MAX_ANNOTATION_FILE_BYTES:
        raise AnnotationFileError(path, f"file larger than {MAX_ANNOTATION_FILE_BYTES} bytes")
    marker = _CONFLICT_MARKER.search(text) if _may_have_markers(text) else None
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise AnnotationFileError(
            path,
            "git conflict markers: resolve the merge (the `reader merge-driver` avoids them)",
            line,
        )
    direct = _read_direct(text)
    if direct is not None:
        return direct
    data, node = load_yaml(text, path, AnnotationFileError, max_bytes=MAX_ANNOTATION_FILE_BYTES)
    if node is None:
        raise AnnotationFileError(path, "empty file", 1)
    if not isinstance(data, Mapping) or not isinstance(node, yaml.MappingNode):
        raise AnnotationFileError(path, "the top level must be a mapping", node.start_mark.line + 1)
    _refuse_unkept(node, path)
    return _from_data(data, _Lines.of(node), path)


_STR_TAG = "tag:yaml.org,2002:str"
# Collections Python's safe loader cannot hand back as they were written: an ordered
# map or a list of pairs becomes a list of tuples (written back as lists), a set
# becomes an unordered set (written back in a different order each run).
_UNKEPT_TAGS = {
    "tag:yaml.org,2002:omap": "!!omap",
    "tag:yaml.org,2002:pairs": "!!pairs",
    "tag:yaml.org,2002:set": "!!set",
}


def _refuse_unkept(root: yaml.Node, path: Path) -> None:
    """Refuse what reading and writing back would change, under any key: a mapping key
    that is not a string (``1:`` and ``true:`` are one key to Python, ``null:`` would
    become ``None``) and the collections of ``_UNKEPT_TAGS``."""
    stack = [root]
    while stack:
        node = stack.pop()
        line = node.start_mark.line + 1
        if node.tag in _UNKEPT_TAGS:
            raise AnnotationFileError(
                path,
                f"{_UNKEPT_TAGS[node.tag]} is not kept by reader: write a mapping or a list",
                line,
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR_TAG:
                    shown = key.value if isinstance(key, yaml.ScalarNode) else "a collection"
                    raise AnnotationFileError(
                        path,
                        f"key {printable(str(shown))!r} is not a string: quote it "
                        "(reader keeps only string keys)",
                        key.start_mark.line + 1,
                    )
                stack.append(value)


@dataclass(slots=True)
class _Lines:
    """The 1-based lines of the header keys, and of each entry and its keys."""

    header: dict[str, int]
    entries: list[tuple[int, dict[str, int]]]

    @classmethod
    def of(cls, node: yaml.MappingNode) -> _Lines:
        entries: list[tuple[int, dict[str, int]]] = []
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "annotations" and isinstance(
                value_node, yaml.SequenceNode
            ):
                entries = [
                    (
                        entry.start_mark.line + 1,
                        _key_lines(entry) if isinstance(entry, yaml.MappingNode) else {},
                    )
                    for entry in value_node.value
                ]
        return cls(_key_lines(node), entries)

    def entry(self, index: int) -> tuple[int, dict[str, int]]:
        return self.entries[index] if index < len(self.entries) else (1, {})


def _entry_pattern() -> re.Pattern[str]:
    """One entry as ``dump`` lays it out: the fields in order, optional ones optional."""
    parts = []
    for spec in ANNOTATION_FIELDS:
        if spec.kind == "links":
            line = rf"  {spec.name}:\n(?P<{spec.name}>(?:  - [^\n]*\n)+)"
        else:
            line = rf"  {spec.name}: (?P<{spec.name}>[^\n]*)\n"
        parts.append(line if spec.required else f"(?:{line})?")
    return re.compile("- " + "".join(parts)[2:])


_ENTRY = _entry_pattern()
_HEADER = re.compile(
    HEADER_COMMENT
    + r"document: ([^\n]*)\nsha256: ([^\n]*)\nlanguage: ([^\n]*)\n(?:date: ([^\n]*)\n)?"
    + r"annotations:( \[\])?\n"
)


def _read_direct(text: str) -> AnnotationFile | None:
    """A valid file laid out exactly as ``dump`` writes it, read without a YAML parser;
    None for any other file. Every scalar is accepted only when ``dump`` writes it back
    as it stands, in entries in file order with unique ids: then ``dump`` of the result
    is ``text``, which the YAML reader reads as the same file."""
    header = _HEADER.match(text)
    if header is None:
        return None
    document, sha256, language, article_date, empty = header.groups()
    try:
        afile = AnnotationFile(
            document=_exact(document, _string),
            sha256=_exact(sha256, _string),
            language=None if language == "null" else _exact(language, _string),
            date=None if article_date is None else _exact(article_date, _plain_or_string),
        )
        position = header.end()
        if empty:
            return afile if position == len(text) else None
        annotations = _read_entries(text, position)
    except (ValueError, _NotDirect):
        return None
    if annotations is None:
        return None
    return replace(afile, annotations=annotations)


def _exact(raw: str, emit: Callable[[str], str]) -> str:
    """The string ``raw`` stands for, when ``emit`` writes it back as ``raw``."""
    if len(raw) <= _SHORT:
        return _short_exact(raw, emit)
    return _exact_uncached(raw, emit)


def _exact_uncached(raw: str, emit: Callable[[str], str]) -> str:
    value = _read_plain(raw) if emit is _plain_or_string else _read_string(raw)
    if emit(value) != raw:
        raise ValueError(raw)
    return value


_short_exact = lru_cache(maxsize=4096)(_exact_uncached)


@lru_cache(maxsize=4096)
def _read_plain(raw: str) -> str:
    """A ``plain`` field's value: an ISO date or timestamp as YAML reads it, else a string."""
    if _is_date_or_stamp(raw):
        return str(_normalize_scalar(_parse_stamp_or_date(raw)))
    return _read_string(raw)


def _read_entries(text: str, position: int) -> tuple[Annotation, ...] | None:
    """The entries from ``position`` to the end, each laid out as ``dump`` writes it, in
    file order with unique valid ids (None otherwise; ValueError for a value ``dump``
    would write otherwise). The values are read a field at a time over all entries:
    most columns are proven exact by a few tests over the whole column at once."""
    matches = []
    match_entry = _ENTRY.match
    while position < len(text):
        match = match_entry(text, position)
        if match is None:
            return None
        matches.append(match)
        position = match.end()
    # An entry read lately is taken as it was (a file re-read after another process
    # changed a few entries); the others are read together, a column at a time.
    entries = [match.group() for match in matches]
    annotations = [_READ_ENTRIES.find(entry) for entry in entries]
    new = [index for index, annotation in enumerate(annotations) if annotation is None]
    if new:
        columns = [
            read(column)
            for read, column in zip(
                _READ_COLUMN, zip(*(matches[i].groups() for i in new), strict=True), strict=True
            )
        ]
        built = map(_read_annotation, zip(*columns, strict=True))
        for index, annotation in zip(new, built, strict=True):
            annotations[index] = annotation
            _READ_ENTRIES.keep(entries[index], annotation)
    read = cast(list[Annotation], annotations)
    ids = [a.id for a in read]
    starts = [a.start for a in read]
    ends = [a.end for a in read]
    keys = list(zip(starts, ends, ids, strict=True))
    if (
        _IDS.fullmatch("\n".join(ids)) is None
        or not all(a.tag for a in read)
        or not all(map(operator.le, starts, ends))
        or len(set(ids)) < len(ids)
        or not all(map(operator.lt, keys, keys[1:]))
    ):
        return None
    return tuple(read)


def _read_annotation(values: tuple[Any, ...]) -> Annotation:
    """``Annotation(*values)`` for the direct reader: the frozen dataclass's ``__init__``
    sets each attribute through ``object.__setattr__``, its slots' own setters cost half
    as much, and loading sets 19 of them per entry. Annotation has no ``__post_init__``
    (tests/core/test_format.py checks), so the object is the same."""
    annotation = _NEW(Annotation)
    for set_slot, value in zip(_SET_SLOT, values, strict=True):
        set_slot(annotation, value)
    _SET_EXTRA(annotation, ())
    return annotation


_NEW = object.__new__
_SET_SLOT = tuple(getattr(Annotation, spec.name).__set__ for spec in ANNOTATION_FIELDS)
_SET_EXTRA = getattr(Annotation, "extra").__set__  # noqa: B009 (a slot, not the default)
_IDS = re.compile(r"[A-Za-z0-9_-]{1,64}(?:\n[A-Za-z0-9_-]{1,64})*")


def _read_string_column(raws: tuple[str | None, ...]) -> list[str | None]:
    """A column of strings (None where absent). When every value passes the tests of
    ``_read_exact_string``'s first branch, run once over the column joined by line
    breaks (no value holds one), the values are the raws as they stand."""
    present = [raw for raw in raws if raw is not None]
    joined = "\n".join(present)
    if (
        all(present)
        and joined[:1] not in _FIRST_READ_BY_VALUE
        and joined[-1:] not in " :"
        and _NOT_AS_IS_AT_LINE.search(joined) is None
        and ": " not in joined
        and " #" not in joined
        and _ASTRAL.search(joined) is None
        and joined.replace("\n", " ").isprintable()
    ):
        return list(raws)
    return [None if raw is None else _read_exact_string(raw) for raw in raws]


def _read_exact_string(raw: str) -> str:
    """The string ``raw`` stands for, when ``_string`` writes it back as ``raw``.

    Most values are plain text that reads as a string: a few C-level tests prove that
    ``_string`` writes such a value as it stands (a sufficient condition, stricter than
    ``_plain_allowed`` and ``_resolves_to_str``); any other goes the long way.
    """
    if (
        raw
        and raw[0] not in _FIRST_NOT_AS_IS
        and (raw[0] not in _IMPLICIT or _resolves_to_str(raw))
        and raw[-1] not in " :"
        and ": " not in raw
        and " #" not in raw
        and raw.isprintable()
        and _ASTRAL.search(raw) is None
    ):
        return raw
    return _exact(raw, _string)


# First characters of values read the long way: quotes, indicators, and what may begin
# ``---``, ``...``, ``? ``.
_FIRST_NOT_AS_IS = frozenset((*_PLAIN_FIRST_FORBIDDEN, *" ?:-.'\""))
# Those and the characters where YAML may resolve another type (null, bool, number...):
# a column with a value beginning with one is read value by value.
_FIRST_READ_BY_VALUE = _FIRST_NOT_AS_IS | {key for key in _IMPLICIT if key}
# In a column joined by line breaks: a value beginning with one of those (but the
# first), or ending with a space or a colon (but the last).
_NOT_AS_IS_AT_LINE = re.compile(
    "\n[" + re.escape("".join(sorted(_FIRST_READ_BY_VALUE))) + "]|[ :]\n"
)


def _read_offset_column(raws: tuple[str, ...]) -> list[int]:
    if _WHOLES.fullmatch("\n".join(raws)) is None:
        raise ValueError(raws)
    return list(map(int, raws))


def _read_each(read: Callable[[str], Any], default: Any, raws: tuple[str | None, ...]) -> list[Any]:
    return [default if raw is None else read(raw) for raw in raws]


def _read_links(raw: str) -> tuple[str, ...]:
    return tuple(_read_exact_string(line[4:]) for line in raw[:-1].split("\n"))


def _read_flag(raw: str) -> bool:
    if raw != "true":
        raise ValueError(raw)
    return True


def _read_fraction(raw: str) -> float:
    number = int(raw) if _WHOLE.fullmatch(raw) else float(raw)
    if _fraction(number) != raw or not 0 <= number <= 1:
        raise ValueError(raw)
    return number


def _column_reader(spec: FieldSpec) -> Callable[[tuple[Any, ...]], list[Any]]:
    """How the column of one field is read: a whole column at once, or value by value
    (absent values: the Annotation default)."""
    if spec.kind in ("id", "name", "text", "string"):
        return _read_string_column
    if spec.kind == "offset":
        return _read_offset_column
    default = next(f.default for f in dataclass_fields(Annotation) if f.name == spec.name)
    readers: dict[str, Callable[[str], Any]] = {
        "plain": partial(_exact, emit=_plain_or_string),
        "links": _read_links,
        "flag": _read_flag,
        "fraction": _read_fraction,
    }
    return partial(_read_each, readers[spec.kind], default)


_READ_COLUMN = tuple(_column_reader(spec) for spec in ANNOTATION_FIELDS)
_READ_ENTRIES: _Recent[str, Annotation] = _Recent(20_000)


_WHOLE = re.compile(r"0|[1-9][0-9]*")
_WHOLES = re.compile(r"(?:0|[1-9][0-9]*)(?:\n(?:0|[1-9][0-9]*))*")


def _read_string(raw: str) -> str:
    """A string as ``_string`` writes it (a plain scalar that reads as another type is
    kept as text: writing it back differs from the file, so the YAML reader decides)."""
    quote = raw[:1]
    if quote == "'":
        if len(raw) < 2 or raw[-1] != "'":
            raise ValueError(raw)
        return raw[1:-1].replace("''", "'")
    if quote == '"':
        return _read_double_quoted(raw)
    return raw


_UNESCAPES = {v: k for k, v in _ESCAPES.items()} | {"_": "\xa0"}
_ESCAPE = re.compile(r"\\(x[0-9A-F]{2}|u[0-9A-F]{4}|U[0-9A-F]{8}|.)")


def _read_double_quoted(raw: str) -> str:
    if len(raw) < 2 or not raw.endswith('"'):
        raise ValueError(raw)

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        if code not in _UNESCAPES:
            raise ValueError(code)
        return _UNESCAPES[code]

    return _ESCAPE.sub(one, raw[1:-1])


def _from_data(data: Mapping[str, Any], lines: _Lines, path: Path) -> AnnotationFile:
    header_lines = lines.header
    for key in ("document", "sha256"):
        if not isinstance(data.get(key), str):
            raise AnnotationFileError(path, f"'{key}' must be a string", header_lines.get(key, 1))
    language = data.get("language")
    if language is not None and not isinstance(language, str):
        raise AnnotationFileError(path, "'language' must be a string", header_lines.get("language"))
    article_date = _normalize_scalar(data.get("date"))
    if article_date is not None and not isinstance(article_date, str):
        raise AnnotationFileError(path, "'date' must be YYYY-MM-DD", header_lines.get("date"))
    raw_entries = data.get("annotations")
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        raise AnnotationFileError(
            path, "'annotations' must be a list", header_lines.get("annotations")
        )
    annotations = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_entries):
        line, keys = lines.entry(index)
        annotation = _annotation_from(raw, line, keys, path)
        if annotation.id in seen:
            raise AnnotationFileError(
                path, f"duplicate id '{annotation.id}' (first at line {seen[annotation.id]})", line
            )
        seen[annotation.id] = line
        annotations.append(annotation)
    extra = tuple((str(k), _extra_value(v)) for k, v in data.items() if k not in HEADER_KEYS)
    return AnnotationFile(
        document=data["document"],
        sha256=data["sha256"],
        language=language,
        annotations=tuple(annotations),
        extra=extra,
        date=article_date,
    )


def _annotation_from(raw: Any, line: int, lines: Mapping[str, int], path: Path) -> Annotation:
    """One entry checked field by field against ``ANNOTATION_FIELDS``."""
    if not isinstance(raw, Mapping):
        raise AnnotationFileError(path, "each annotation must be a mapping", line)

    def fail(key: str, message: str) -> AnnotationFileError:
        return AnnotationFileError(path, message, lines.get(key, line))

    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID_PATTERN.match(ident):
        raise fail("id", "'id' must be a short string of letters, digits, '-' or '_'")
    fields: dict[str, Any] = {}
    for spec in ANNOTATION_FIELDS[1:]:
        fields[spec.name] = _field_value(spec, raw.get(spec.name), ident, fail)
    start, end = fields["start"], fields["end"]
    if start < 0 or end < start:
        raise fail("start", f"annotation {ident}: offsets {start}..{end} are reversed or negative")
    extra = tuple((str(k), _extra_value(v)) for k, v in raw.items() if k not in ANNOTATION_KEYS)
    return Annotation(id=ident, extra=extra, **fields)


def _field_value(
    spec: FieldSpec, value: Any, ident: str, fail: Callable[[str, str], AnnotationFileError]
) -> Any:
    """``value`` of one field, checked by its kind (absent optional fields: their default)."""
    key, kind = spec.name, spec.kind
    if kind == "name":
        if not isinstance(value, str) or not value:
            raise fail(key, f"annotation {ident}: '{key}' must be a non-empty string")
        return value
    if kind == "offset":
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(key, f"annotation {ident}: '{key}' must be a whole number")
        return value
    if kind == "links":
        links = value or []
        if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
            raise fail(key, f"annotation {ident}: '{key}' must be a list of ids")
        return tuple(links)
    if kind == "fraction":
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
        ):
            raise fail(key, f"annotation {ident}: '{key}' must be a number in 0..1")
        return value
    if kind == "flag":
        value = False if value is None else value
        if not isinstance(value, bool):
            raise fail(key, f"annotation {ident}: '{key}' must be true or false")
        return value
    value = _normalize_scalar(value)  # a hand-written `text: 2022-01-04` is a date
    if (value is None and spec.required) or (value is not None and not isinstance(value, str)):
        raise fail(key, f"annotation {ident}: '{key}' must be a string")
    return value


def entry_lines(text: str) -> dict[str, int]:
    """Map each annotation id to the 1-based line of its entry, and ``date`` to the line of
    the header's date (for messages)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("- id:") or (stripped.startswith("id:") and line.startswith("  ")):
            ident = stripped.split(":", 1)[1].strip().strip("'\"")
            lines.setdefault(ident, number)
        elif line.startswith("date:"):
            lines.setdefault("date", number)
    return lines
