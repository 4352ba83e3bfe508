"""Interchange formats: brat standoff, W3C Web Annotation."""
