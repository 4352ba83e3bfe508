"""`reader [PATH]`: open the terminal reader."""

from __future__ import annotations

import argparse

from reader.commands._common import add_path_argument, open_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `open` verb (also what `reader [PATH]` runs)."""
    parser = subparsers.add_parser(
        "open",
        help="open the terminal reader (the default verb)",
        description="Open the terminal reader and annotator on a project folder.",
    )
    add_path_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Launch the Textual app."""
    project = open_project(args.path)  # a folder inside the corpus opens the list scoped to it
    _ = project.config  # report an invalid reader.yaml before the screen opens
    # Imported here: the headless verbs never load Textual. Importing textual_compat first
    # checks the installed Textual version (TextualVersionError: `reader: this build needs…`).
    from reader.tui.textual_compat import check_textual_version

    check_textual_version()
    from reader.tui.app import ReaderApp

    app = ReaderApp(project)
    app.run()
    # Textual sets 1 after an unhandled exception (its traceback is printed on exit).
    return app.return_code or 0
