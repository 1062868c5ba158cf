"""A card mostly in a language the rules do not read gets ST020; its topic findings stay."""

from __future__ import annotations

from tests.helpers import lint

CHINESE = (
    "# 示例模型\n\n" + "示例五是我们迄今为止能力最强的模型，它可以编写代码并回答问题。\n\n" * 12
)
GERMAN = (
    "# Beispielmodell\n\n"
    + (
        "Beispiel 5 ist unser bisher leistungsfähigstes Modell. Es schreibt Code, fasst lange "
        "Berichte zusammen und beantwortet Fragen in zwölf Sprachen. Manche Anfragen werden an ein "
        "älteres Modell weitergeleitet, wenn unser Klassifikator sie als heikel einstuft.\n\n"
    )
    * 4
)
ENGLISH = (
    "# Example\n\n"
    + (
        "Example 5 is our most capable model so far. It writes code, summarises long reports and "
        "answers questions in twelve languages, and it is available in the app and the API.\n\n"
    )
    * 4
)


def _st020(text: str):
    return [f for f in lint(text) if f.rule == "ST020"]


def test_non_latin_script_is_flagged_at_line_1_and_topics_stay():
    findings = lint(CHINESE)
    (warning,) = [f for f in findings if f.rule == "ST020"]
    assert (warning.line, warning.column, warning.severity) == (1, 1, "warning")
    assert "outside the Latin script" in warning.message
    assert {"FR001", "TD001", "RR001"} <= {f.rule for f in findings}


def test_latin_script_other_language_is_flagged():
    (warning,) = _st020(GERMAN)
    assert "common English words" in warning.message


def test_english_and_short_documents_are_not_flagged():
    assert _st020(ENGLISH) == []
    assert _st020("# Kurz\n\nEin kurzer Text.\n") == []
