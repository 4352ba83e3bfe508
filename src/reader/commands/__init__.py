"""The verbs of the `reader` command, one module each (see reader.cli)."""
