"""Rules as data: the rule file model, loading and validation, and safe pattern compilation."""

from .load import RuleError, Ruleset, load_rule, load_ruleset
from .model import Rule
from .patterns import PatternError, alternation, check_each, compile_pattern, phrase_to_regex
from .resources import data_dir

__all__ = [
    "PatternError",
    "Rule",
    "RuleError",
    "Ruleset",
    "alternation",
    "check_each",
    "compile_pattern",
    "data_dir",
    "load_rule",
    "load_ruleset",
    "phrase_to_regex",
]
