"""The Textual version check: another version stops `reader` with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual

from reader.cli import main
from reader.tui.textual_compat import WRITTEN_FOR, TextualVersionError, check_textual_version
from tests.tui_fixtures import ARTICLE, make_project


def test_the_installed_version_is_the_one_written_for() -> None:
    assert textual.__version__ == WRITTEN_FOR
    check_textual_version()


def test_another_version_is_refused_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual, "__version__", "9.0.0")
    with pytest.raises(TextualVersionError) as caught:
        check_textual_version()
    message = str(caught.value)
    assert message.startswith(f"this build needs textual {WRITTEN_FOR}, found 9.0.0;")
    assert f"pip install textual=={WRITTEN_FOR}" in message


def test_reader_stops_before_the_screen_on_another_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, {"en/a.txt": ARTICLE})
    monkeypatch.setattr(textual, "__version__", "8.3.0")
    assert main([str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: this build needs textual {WRITTEN_FOR}, found 8.3.0;")
    assert "Traceback" not in err


def test_private_textual_api_is_used_only_in_textual_compat() -> None:
    """Every ``textual._…`` module and private member of a Textual object is reached from
    the textual_compat package alone (an upgrade changes that package)."""
    import re

    import reader.tui

    root = Path(reader.tui.__file__).parent
    private_module = re.compile(r"\btextual(\.\w+)*\._\w+")
    private_member = re.compile(
        r"\._(bindings|css_update_count|load_screen_css|get_screen|refresh_layout|"
        r"line_cache|build_highlight_map|highlight_query|refresh_size|theme|draw_cursor|"
        r"render_line|offset_to_line_info|wrap_offsets|row_locations|clear_caches|"
        r"update_count|require_update_dimensions|highlight_cursor|data)\b"
    )
    found = []
    for path in sorted(root.rglob("*.py")):
        if "textual_compat" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if private_module.search(line) or private_member.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert found == []


def test_the_version_is_read_without_importlib_metadata() -> None:
    """``textual.__version__`` imports importlib.metadata, a cost before the first frame:
    the check reads the dist-info folder's name, which names the same version."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom reader.tui.textual_compat import installed_textual_version\n"
        "print(installed_textual_version(), 'importlib.metadata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [WRITTEN_FOR, "False"]
