"""Texts: decoding, documents, offsets, segmentation, language."""
