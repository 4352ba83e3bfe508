"""The project folder: layout, reader.yaml, reading positions."""
