"""A project folder: corpus/, annotations/, reader.yaml and the .reader/ cache."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path, PurePosixPath

from reader.core.errors import ReaderError
from reader.core.files.paths import inside
from reader.core.project.config import Config, load_config

TEXT_SUFFIXES = (".txt", ".md")
CACHE_DIR = ".reader"
PROJECT_MARKERS = ("annotations", "reader.yaml", ".git")


@dataclass(frozen=True)
class Project:
    """Where things live. A bare folder of texts is its own corpus."""

    root: Path
    corpus_dir: Path
    annotations_dir: Path
    # The corpus-relative folder the user named (as git takes a path inside a repository);
    # "" for the whole corpus.
    scope: str = ""

    @classmethod
    def open(cls, path: Path | str = ".", *, scoped: bool = False) -> Project:
        """The project at ``path``: a folder with ``corpus/``, or a bare folder of texts.

        A folder inside the corpus of a project is never a project of its own (that would
        put a second ``annotations/`` and ``.reader/`` inside the corpus). With ``scoped``
        it opens the enclosing project scoped to the folder; without, it is refused (for
        the verbs that act on the whole project).
        """
        root = Path(path).expanduser()
        if not root.exists():
            raise ReaderError(f"{root}: no such folder")
        if root.is_file():
            raise ReaderError(f"{root}: expected a project folder, not a file")
        root = root.resolve()
        owner = project_owning(root)
        if owner is not None and not scoped:
            raise ReaderError(
                f"{path}: a folder inside the corpus of the project {owner}; "
                f"give the project folder ({owner}) instead"
            )
        if owner is not None:
            corpus_dir = owner / "corpus"
            scope = root.relative_to(corpus_dir).as_posix()
            project = cls(
                root=owner,
                corpus_dir=corpus_dir,
                annotations_dir=owner / "annotations",
                scope="" if scope == "." else scope,
            )
        else:
            corpus = root / "corpus"
            project = cls(
                root=root,
                corpus_dir=corpus if corpus.is_dir() else root,
                annotations_dir=root / "annotations",
            )
        # A cloned repository can carry a corpus/ or annotations/ that is a link out of
        # the project: reading or annotating through it would reach files outside.
        for folder in (project.corpus_dir, project.annotations_dir):
            inside(project.root, folder)
        return project

    @property
    def scope_dir(self) -> Path:
        """The folder the scope names (the corpus folder when unscoped)."""
        return self.corpus_dir.joinpath(*PurePosixPath(self.scope).parts)

    def in_scope(self, rel: str) -> bool:
        """True when the corpus-relative ``rel`` lies inside the scope."""
        return not self.scope or rel == self.scope or rel.startswith(self.scope + "/")

    def unscoped(self) -> Project:
        """The same project over its whole corpus."""
        return replace(self, scope="") if self.scope else self

    @cached_property
    def config(self) -> Config:
        """``reader.yaml`` (defaults when absent); ConfigError when invalid."""
        return load_config(self.root)

    @property
    def cache_dir(self) -> Path:
        """The local, git-ignored cache folder."""
        return self.root / CACHE_DIR

    def rel_of(self, text_path: Path) -> str:
        """The POSIX path of a text relative to the corpus folder."""
        resolved = text_path.resolve()
        try:
            return resolved.relative_to(self.corpus_dir).as_posix()
        except ValueError as exc:
            raise ReaderError(f"{text_path}: not inside the corpus {self.corpus_dir}") from exc

    def text_path(self, rel: str) -> Path:
        """The text for a corpus-relative path; refuses paths that leave the corpus."""
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise ReaderError(f"{rel}: document path must stay inside the corpus")
        return self.corpus_dir.joinpath(*pure.parts)

    def annotation_path(self, rel: str) -> Path:
        """``annotations/<rel with its extension replaced by .yaml>``."""
        pure = PurePosixPath(rel)
        return self.annotations_dir.joinpath(*pure.with_suffix(".yaml").parts)

    def is_text(self, path: Path) -> bool:
        """True for the file types the corpus holds."""
        return path.suffix.lower() in TEXT_SUFFIXES

    def contains(self, path: Path) -> bool:
        """True when ``path``, symlinks resolved, lies inside the project folder."""
        try:
            return path.resolve(strict=False).is_relative_to(self.root)
        except (OSError, RuntimeError):
            return False

    @classmethod
    def for_text(cls, text_path: Path) -> Project:
        """The project a text file belongs to: the nearest parent holding ``corpus/`` with the
        text inside it, else the nearest holding ``annotations/``, ``reader.yaml`` or ``.git``.

        Raises ReaderError when there is none (a stray file is never made into a project).
        """
        resolved = text_path.resolve()
        for parent in resolved.parents:
            if parent.name == "corpus" and (parent.parent / "corpus").is_dir():
                return cls.open(parent.parent)
        for parent in resolved.parents:
            if any((parent / marker).exists() for marker in PROJECT_MARKERS):
                return cls.open(parent)
        raise ReaderError(
            f"{text_path}: not inside a reader project (no corpus/, annotations/, "
            "reader.yaml or .git above it): pass --project, or run `reader init`"
        )


def project_owning(folder: Path) -> Path | None:
    """The project whose ``corpus/`` holds ``folder`` (or is it), if any: opening such a
    folder as a project of its own would put ``annotations/`` and ``.reader/`` in the
    corpus and annotate the texts a second time, apart from the project's files."""
    for parent in (folder, *folder.parents):
        if parent.name == "corpus" and any(
            (parent.parent / marker).exists() for marker in ("reader.yaml", "annotations")
        ):
            return parent.parent
    return None
