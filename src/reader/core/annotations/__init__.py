"""Annotations: the format and its rules, store, edit session, merge, re-anchoring, agreement."""
