"""Reporters: one module per output format. They render result objects, never parser objects."""

FORMATS = ("text", "concise", "json")
