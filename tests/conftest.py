"""Shared fixtures: temporary projects built from the sample corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
SEED_EN = REPO / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt"
SEED_RU = REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt"

settings.register_profile(
    "reader", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("reader")


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A project folder holding the two seed articles and a fixed annotator."""
    root = tmp_path / "project"
    for seed, lang in ((SEED_EN, "en"), (SEED_RU, "ru")):
        target = root / "corpus" / lang / seed.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, target)
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    return root
