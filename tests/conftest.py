"""pytest configuration shared by the test suite."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "corpus: scores the linter against our labelled corpus (tests/corpus)"
    )
