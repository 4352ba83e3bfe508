"""Reading files safely: atomic writes, the one YAML reader."""
