"""The corpus: discovery and metadata of every text, annotations of all texts."""
