"""Git around a project: the merge driver always in place, and texts from history.

Without ``reader merge-driver``, git merges annotation files as lines of text: most
merges of one article annotated on two branches conflict, and taking one side
drops the other's annotations. So any verb and the TUI call ``ensure_merge_driver``
first: in a clone whose ``.gitattributes`` routes annotation files to the driver it
configures the driver in the repository's git config (or says loudly how), and
``reader validate`` fails on ``merge_setup_problems`` (not configured, a command
that does not run, files git reports unmerged).

Paths given to git are relative to the project folder with ``-C`` and ``./`` (``git
show COMMIT:./corpus/a.txt``), so a project in a subfolder of its repository works.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reader.core.errors import Problem
from reader.core.text.document import decode_bytes, sha256_of

ATTRIBUTES_LINE = "annotations/**/*.yaml merge=reader"
DRIVER_KEY = "merge.reader.driver"
NAME_KEY = "merge.reader.name"
DRIVER_NAME = "reader: merge annotation files by id"
GIT_TIMEOUT = 30  # seconds; a git command taking longer is treated as failed
GIT_LOOKBACK = 50  # commits searched for an earlier version of a text
_HEX = re.compile(r"[0-9a-f]+")
_PROBE = "annotations/probe.yaml"  # any path under annotations/, for git check-attr
_PROBE_FILE = "document: probe.txt\nsha256: '00'\nlanguage: en\nannotations: []\n"


def driver_command() -> str:
    """The merge driver command line, naming this installation's Python, so git finds it
    whether or not `reader` is on its PATH (a venv need not be activated)."""
    return f"{shlex.quote(sys.executable)} -m reader merge-driver %O %A %B %P"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """``git -C root ARGS``; None when git is missing or does not answer in time."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    return None


def _out(result: subprocess.CompletedProcess[bytes] | None) -> str | None:
    if result is None or result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "surrogateescape").strip()


def in_work_tree(root: Path) -> bool:
    """True when ``root`` is inside a git work tree."""
    return _out(git(root, "rev-parse", "--is-inside-work-tree")) == "true"


def _attributes_naming_driver(start: Path) -> Path | None:
    """A quick look, without running git: the folder, from ``start`` up to the repository's
    top, whose ``.gitattributes`` names ``merge=reader`` (where `reader init` wrote it: the
    project folder). Where none does, nothing else runs."""
    for folder in (start, *start.parents):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if "merge=reader" in (folder / ".gitattributes").read_text(encoding="utf-8"):
                return folder
        if (folder / ".git").exists():
            return None
    return None


def routes_annotations_to_driver(root: Path) -> bool:
    """True when git's attributes send ``annotations/*.yaml`` to the ``reader`` driver."""
    out = _out(git(root, "check-attr", "merge", "--", _PROBE))
    return out is not None and out.endswith(": merge: reader")


def configured_driver(root: Path) -> str | None:
    """The ``merge.reader.driver`` command git has for ``root`` (any config level)."""
    return _out(git(root, "config", "--get", DRIVER_KEY)) or None


def missing_program(command: str) -> str | None:
    """The program ``command`` starts when it does not exist here (a clone moved from
    another machine names that machine's venv); None when it is found."""
    try:
        words = shlex.split(command)
    except ValueError:
        return command
    if not words:
        return "(empty command)"
    program = words[0]
    if os.sep in program:
        return None if os.access(program, os.X_OK) else program
    return None if shutil.which(program) else program


def configure_driver(root: Path) -> str | None:
    """Set the driver in the repository's own git config; None on success, else why not."""
    for key, value in ((NAME_KEY, DRIVER_NAME), (DRIVER_KEY, driver_command())):
        result = git(root, "config", key, value)
        if result is None or result.returncode != 0:
            stderr = b"" if result is None else result.stderr
            lines = stderr.decode("utf-8", "replace").strip().splitlines()
            return lines[-1] if lines else "git is not available"
    return None


def ensure_merge_driver(start: Path) -> str | None:
    """Put the merge driver in place when a ``.gitattributes`` names it.

    Every verb and the TUI call this on start, with any folder of the project (or the
    folder of a text given on the command line). Returns one line to show (printed
    to stderr by verbs, a notification in the TUI): what was configured, or a
    warning that names the command to run. None when nothing needed doing: the
    common case, which costs a read of ``.gitattributes`` up the folders and, when one
    names the driver, one ``git config`` call.
    """
    root = _attributes_naming_driver(start.resolve())
    if root is None:
        return None
    current = configured_driver(root)
    if current is not None and missing_program(current) is None:
        return None
    if not in_work_tree(root) or not routes_annotations_to_driver(root):
        return None
    why = configure_driver(root)
    if why is None:
        if current is None:
            return f"configured git to merge annotation files by id ({DRIVER_KEY})"
        return f"reconfigured git's merge driver ({missing_program(current)} is missing here)"
    return (
        f"WARNING: git will merge annotation files as plain text and can lose annotations "
        f"({why}); run: git config {DRIVER_KEY} {shlex.quote(driver_command())}"
    )


def driver_failure(root: Path, command: str) -> str | None:
    """Why ``command`` does not work as the merge driver (run on a tiny merge, as git
    would: through the shell, %O %A %B %P replaced), or None when it does."""
    with tempfile.TemporaryDirectory(prefix="reader-driver-") as scratch:
        paths = {}
        for role in ("O", "A", "B"):
            paths[role] = Path(scratch) / f"{role}.yaml"
            paths[role].write_text(_PROBE_FILE, encoding="utf-8")
        line = command
        for role, path in paths.items():
            line = line.replace(f"%{role}", shlex.quote(str(path)))
        line = line.replace("%P", shlex.quote(_PROBE)).replace("%L", "7")
        try:
            result = subprocess.run(
                line,
                shell=True,
                cwd=root,
                capture_output=True,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return str(exc)
        if result.returncode != 0:
            lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
            return f"exit {result.returncode}" + (f": {lines[-1]}" if lines else "")
        if "document: probe.txt" not in paths["A"].read_text(encoding="utf-8"):
            return "it did not leave the merged file in place"
    return None


def unmerged_annotation_files(root: Path) -> list[Path]:
    """Annotation files git reports unmerged (a merge left them in conflict)."""
    out = _out(git(root, "ls-files", "--unmerged", "-z", "--", "annotations"))
    if not out:
        return []
    paths = {entry.split("\t", 1)[1] for entry in out.split("\0") if "\t" in entry}
    return [root / p for p in sorted(paths)]


def merge_setup_problems(root: Path) -> list[Problem]:
    """What makes git merges of ``root``'s annotation files unsafe, for ``reader validate``:
    not routed to the driver, the driver not configured or its command failing, files
    git reports unmerged. Nothing outside a git work tree."""
    if not in_work_tree(root):
        return []
    problems: list[Problem] = []
    attributes = root / ".gitattributes"
    command = configured_driver(root)
    if not routes_annotations_to_driver(root):
        problems.append(
            Problem(
                attributes,
                f"annotation files are not merged by reader's driver: add '{ATTRIBUTES_LINE}' "
                "(`reader init` does); without it git merges them as text and loses annotations",
            )
        )
    if command is None:
        problems.append(
            Problem(
                attributes,
                f"git has no {DRIVER_KEY}: run any reader verb here, or "
                f"`git config {DRIVER_KEY} {shlex.quote(driver_command())}`",
            )
        )
    else:
        failure = driver_failure(root, command)
        if failure is not None:
            problems.append(
                Problem(
                    attributes,
                    f"the merge driver '{command}' does not run ({failure}); fix it with "
                    f"`git config {DRIVER_KEY} {shlex.quote(driver_command())}`",
                )
            )
    for path in unmerged_annotation_files(root):
        problems.append(
            Problem(path, "unmerged in git: resolve the conflict, then `git add` the file")
        )
    return problems


def text_from_history(root: Path, path: Path, sha256: str, *, all_refs: bool = False) -> str | None:
    """The version of the text at ``path`` (inside ``root``) whose decoded sha256 is
    ``sha256``, from the last GIT_LOOKBACK commits touching it (on every branch with
    ``all_refs``, as a merge needs the other side's); None when not found."""
    try:
        inside = "./" + path.relative_to(root).as_posix()
    except ValueError:
        return None
    refs = ["--all", *_commits_being_merged()] if all_refs else []
    log = _out(git(root, "log", *refs, f"-n{GIT_LOOKBACK}", "--format=%H", "--", inside))
    for commit in (log or "").split():
        shown = git(root, "show", f"{commit}:{inside}")
        if shown is None or shown.returncode != 0:
            continue
        with contextlib.suppress(Problem):
            text = decode_bytes(shown.stdout, path)[0]
            if sha256_of(text) == sha256:
                return text
    return None


def merge_texts(base: str, ours: str, theirs: str) -> str | None:
    """The three-way merge of three versions of a text as git makes it (``git merge-file``),
    or None when they conflict (or git is missing)."""
    with tempfile.TemporaryDirectory(prefix="reader-merge-") as scratch:
        paths = []
        for role, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(scratch) / role
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            paths.append(str(path))
        try:
            result = subprocess.run(
                ["git", "merge-file", "-p", *paths],
                capture_output=True,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "surrogatepass")


def _commits_being_merged() -> list[str]:
    """The commits git is merging in, when it runs the merge driver: it names each in an
    environment variable ``GITHEAD_<sha>`` (a commit merged by its sha need not be on
    any branch, so ``--all`` alone would miss it)."""
    names = (key[len("GITHEAD_") :] for key in os.environ if key.startswith("GITHEAD_"))
    return [name for name in names if 7 <= len(name) <= 64 and _HEX.fullmatch(name)]


def merge_base_text(root: Path, path: Path) -> str | None:
    """During a merge (called from the merge driver), the text at ``path`` as it was in the
    merge base of HEAD and the commit being merged, which git names in ``GITHEAD_<sha>``."""
    theirs = _commits_being_merged()
    try:
        inside = "./" + path.relative_to(root).as_posix()
    except ValueError:
        return None
    for commit in theirs:
        base = _out(git(root, "merge-base", "HEAD", commit))
        shown = git(root, "show", f"{base}:{inside}") if base else None
        if shown is not None and shown.returncode == 0:
            with contextlib.suppress(Problem):
                return decode_bytes(shown.stdout, path)[0]
    return None
