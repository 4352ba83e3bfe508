"""The rulebook and the recognisers agree: every date value a recogniser writes passes
the grammar ``reader tag`` and ``reader validate`` enforce (accepting a recognised date
as an annotation must never be refused)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.core.annotations.rules import date_value_problem
from reader.core.recognition.dates import find_dates

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted([*(ROOT / "corpus").rglob("*.txt"), *(ROOT / "tests" / "gold").rglob("*.txt")])


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_recognised_date_values_pass_the_rulebook(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    language = "ru" if any("а" <= ch <= "я" for ch in text[:2000]) else "en"
    for reference in (date(2021, 12, 29), date(2020, 2, 29), None):
        for found in find_dates(text, language, reference):
            if found.value is not None:
                assert date_value_problem(found.value) is None, (found.text, found.value)
