"""A project whose corpus/ or annotations/ is a link out of it is refused, naming the link."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.core.files.paths import OutsidePath
from reader.core.project.layout import Project


@pytest.mark.parametrize("folder", ["corpus", "annotations"])
def test_a_top_folder_linking_out_is_refused(
    tmp_path: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Text outside the project.\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "corpus").mkdir(parents=True)
    (project / "corpus" / "in.txt").write_text("Inside.\n", encoding="utf-8")
    if folder == "corpus":
        (project / "corpus" / "in.txt").unlink()
        (project / "corpus").rmdir()
    (project / folder).symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsidePath, match=f"{folder} -> .*outside the project"):
        Project.open(project)
    assert main(["list", str(project)]) == 2
    err = capsys.readouterr().err
    assert f"{folder} -> " in err and "secret" not in err


def test_a_top_folder_linking_inside_is_followed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "texts").mkdir(parents=True)
    (project / "texts" / "a.txt").write_text("Inside.\n", encoding="utf-8")
    (project / "corpus").symlink_to(project / "texts", target_is_directory=True)
    assert Project.open(project).corpus_dir == project.resolve() / "corpus"
