"""The annotation file, format 1: parsing with line numbers, checking, and byte-stable dumping.

Only ``yaml.safe_load``-level loading is used (the C SafeLoader when available);
aliases, oversized files and git conflict markers are refused with a message
naming the file and line.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from reader.core.errors import AnnotationFileError, Problem
from reader.core.files.safe_yaml import MAX_YAML_BYTES, load_yaml

FORMAT_VERSION = 1
HEADER_COMMENT = f"# reader annotations, format {FORMAT_VERSION}\n"
MAX_ANNOTATION_FILE_BYTES = MAX_YAML_BYTES
HEADER_KEYS = ("document", "sha256", "language", "annotations")
ANNOTATION_KEYS = (
    "id", "tag", "start", "end", "text", "speaker", "note", "value", "links",
    "confidence", "orphaned", "author", "created",
)  # fmt: skip
OPTIONAL_STR_KEYS = ("speaker", "note", "value", "author", "created")
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
ID_LENGTH = 6
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")

# libyaml's dumper is ~3x faster than PyYAML's but escapes characters beyond the BMP
# (emoji) as \U0001F600; dump() turns printable ones back into characters.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_WIDE_ESCAPE = re.compile(r"\\\\|\\U([0-9A-Fa-f]{8})")
_QUOTED_VALUE = re.compile(r'^( *(?:- )*(?:[A-Za-z0-9_-]+: )?)"(.*)"$', re.M)


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
    author: str | None = None
    created: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()  # keys the tool does not know, kept in order

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """The file order: start, then end, then id."""
        return (self.start, self.end, self.id)

    def with_changes(self, **changes: Any) -> Annotation:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_mapping(self) -> dict[str, Any]:
        """The YAML mapping, keys in the fixed order, empty optional keys left out."""
        out: dict[str, Any] = {
            "id": _Verbatim(self.id),
            "tag": _Verbatim(self.tag),
            "start": self.start,
            "end": self.end,
            "text": _Verbatim(self.text),
        }
        for key in ("speaker", "note"):
            if getattr(self, key) is not None:
                out[key] = _Verbatim(getattr(self, key))
        if self.value is not None:
            out["value"] = self.value
        if self.links:
            out["links"] = [_Verbatim(link) for link in self.links]
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.orphaned:
            out["orphaned"] = True
        if self.author is not None:
            out["author"] = _Verbatim(self.author)
        if self.created is not None:
            out["created"] = self.created
        for key, value in self.extra:
            out[key] = value
        return out


@dataclass(frozen=True, slots=True)
class AnnotationFile:
    """The contents of one annotation file."""

    document: str
    sha256: str
    language: str | None = None
    annotations: tuple[Annotation, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # unknown top-level keys, kept in order

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


class _Dumper(_BaseDumper):  # type: ignore[valid-type, misc]
    """SafeDumper that writes ISO dates and timestamps plain, as DESIGN.md shows them."""


def _needs_double_quotes(value: str) -> bool:
    """Line breaks (incl. NEL, U+2028) and non-printables: escape them, one line per value."""
    return not all(ch.isprintable() or ch == " " for ch in value)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _needs_double_quotes(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if _ISO_DATE.match(value) or _ISO_STAMP.match(value):
        try:
            _parse_stamp_or_date(value)
        except ValueError:
            return dumper.represent_str(value)
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


def dump(afile: AnnotationFile) -> str:
    """The file's text: header comment, fixed key order, sorted entries, no wrapping."""
    mapping: dict[str, Any] = {
        "document": _Verbatim(afile.document),
        "sha256": _Verbatim(afile.sha256),
        "language": None if afile.language is None else _Verbatim(afile.language),
    }
    for key, value in afile.extra:
        mapping[key] = value
    mapping["annotations"] = [a.to_mapping() for a in afile.sorted().annotations]
    body = yaml.dump(
        mapping,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
        indent=2,
    )
    return HEADER_COMMENT + _QUOTED_VALUE.sub(_unescape_wide, body)


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
    """Parse an annotation file's text; raises AnnotationFileError naming file and line."""
    if len(text) > MAX_ANNOTATION_FILE_BYTES:
        raise AnnotationFileError(path, f"file larger than {MAX_ANNOTATION_FILE_BYTES} bytes")
    marker = _CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise AnnotationFileError(
            path,
            "git conflict markers: resolve the merge (the `reader merge-driver` avoids them)",
            line,
        )
    data, node = load_yaml(text, path, AnnotationFileError, max_bytes=MAX_ANNOTATION_FILE_BYTES)
    if node is None:
        raise AnnotationFileError(path, "empty file", 1)
    return _from_data(data, node, path)


def _from_data(data: Any, node: yaml.Node, path: Path) -> AnnotationFile:
    if not isinstance(data, Mapping) or not isinstance(node, yaml.MappingNode):
        raise AnnotationFileError(path, "the top level must be a mapping", node.start_mark.line + 1)
    lines = _key_lines(node)
    for key in ("document", "sha256"):
        if not isinstance(data.get(key), str):
            raise AnnotationFileError(path, f"'{key}' must be a string", lines.get(key, 1))
    language = data.get("language")
    if language is not None and not isinstance(language, str):
        raise AnnotationFileError(path, "'language' must be a string", lines.get("language"))
    raw_entries = data.get("annotations")
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        raise AnnotationFileError(path, "'annotations' must be a list", lines.get("annotations"))
    entry_nodes: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "annotations" and isinstance(
            value_node, yaml.SequenceNode
        ):
            entry_nodes = list(value_node.value)
    annotations = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_entries):
        entry_node = entry_nodes[index] if index < len(entry_nodes) else node
        line = entry_node.start_mark.line + 1
        annotation = _annotation_from(raw, entry_node, path)
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
    )


def _annotation_from(raw: Any, node: yaml.Node, path: Path) -> Annotation:
    line = node.start_mark.line + 1
    if not isinstance(raw, Mapping) or not isinstance(node, yaml.MappingNode):
        raise AnnotationFileError(path, "each annotation must be a mapping", line)
    lines = _key_lines(node)

    def fail(key: str, message: str) -> AnnotationFileError:
        return AnnotationFileError(path, message, lines.get(key, line))

    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID_PATTERN.match(ident):
        raise fail("id", "'id' must be a short string of letters, digits, '-' or '_'")
    tag = raw.get("tag")
    if not isinstance(tag, str) or not tag:
        raise fail("tag", f"annotation {ident}: 'tag' must be a non-empty string")
    for key in ("start", "end"):
        if not isinstance(raw.get(key), int) or isinstance(raw.get(key), bool):
            raise fail(key, f"annotation {ident}: '{key}' must be a whole number")
    start, end = raw["start"], raw["end"]
    if start < 0 or end < start:
        raise fail("start", f"annotation {ident}: offsets {start}..{end} are reversed or negative")
    text = _normalize_scalar(raw.get("text"))  # a hand-written `text: 2022-01-04` is a date
    if not isinstance(text, str):
        raise fail("text", f"annotation {ident}: 'text' must be a string")
    fields: dict[str, Any] = {}
    for key in OPTIONAL_STR_KEYS:
        value = _normalize_scalar(raw.get(key))
        if value is not None and not isinstance(value, str):
            raise fail(key, f"annotation {ident}: '{key}' must be a string")
        fields[key] = value
    links = raw.get("links") or []
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise fail("links", f"annotation {ident}: 'links' must be a list of ids")
    confidence = raw.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 <= confidence <= 1
    ):
        raise fail("confidence", f"annotation {ident}: 'confidence' must be a number in 0..1")
    orphaned = raw.get("orphaned", False)
    if not isinstance(orphaned, bool):
        raise fail("orphaned", f"annotation {ident}: 'orphaned' must be true or false")
    extra = tuple((str(k), _extra_value(v)) for k, v in raw.items() if k not in ANNOTATION_KEYS)
    return Annotation(
        id=ident,
        tag=tag,
        start=start,
        end=end,
        text=text,
        links=tuple(links),
        confidence=confidence,
        orphaned=orphaned,
        extra=extra,
        **fields,
    )


def entry_lines(text: str) -> dict[str, int]:
    """Map each annotation id to the 1-based line of its entry (for messages)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("- id:") or (stripped.startswith("id:") and line.startswith("  ")):
            ident = stripped.split(":", 1)[1].strip().strip("'\"")
            lines.setdefault(ident, number)
    return lines


def bad_character(value: str) -> str | None:
    """Why ``value`` may not be a speaker, note or value, or None: control characters (tab
    and newline aside) act on terminals; lone surrogates are undecodable bytes."""
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return "not valid Unicode (undecodable bytes)"
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n":
            return f"control character U+{ord(ch):04X} is not allowed"
    return None


def check_against_text(
    afile: AnnotationFile,
    text: str,
    path: Path,
    *,
    tags: Iterable[str] | None = None,
    lines: Mapping[str, int] | None = None,
) -> list[Problem]:
    """Problems of ``afile`` against its document's text: offsets, text slices, tags, links."""
    problems: list[Problem] = []
    known_tags = set(tags) if tags is not None else None
    ids = {a.id for a in afile.annotations}
    lines = lines or {}
    for a in afile.annotations:
        line = lines.get(a.id)
        if known_tags is not None and a.tag not in known_tags:
            problems.append(Problem(path, f"annotation {a.id}: unknown tag '{a.tag}'", line))
        if a.orphaned:
            problems.append(
                Problem(path, f"annotation {a.id}: orphaned (its text is no longer found)", line)
            )
            continue
        if a.end > len(text):
            problems.append(
                Problem(
                    path,
                    f"annotation {a.id}: offsets {a.start}..{a.end} beyond the text "
                    f"({len(text)} characters)",
                    line,
                )
            )
        elif text[a.start : a.end] != a.text:
            problems.append(
                Problem(
                    path,
                    f"annotation {a.id}: text at {a.start}..{a.end} is "
                    f"{text[a.start : a.end]!r}, not {a.text!r}",
                    line,
                )
            )
        for key in ("speaker", "note", "value", "author"):
            field_value = getattr(a, key)
            reason = bad_character(field_value) if isinstance(field_value, str) else None
            if reason:
                problems.append(Problem(path, f"annotation {a.id}: {key}: {reason}", line))
        for link in a.links:
            if "#" not in link and link not in ids:
                problems.append(
                    Problem(path, f"annotation {a.id}: link to unknown id {link}", line)
                )
    return problems
