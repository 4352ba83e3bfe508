"""reader: a terminal reader and annotator for multilingual news corpora."""

__version__ = "0.1.0"
