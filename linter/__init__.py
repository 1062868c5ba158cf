"""disclosure-lint: lint AI model cards, system cards and release notes for fallback-routing,
tier-difference and refusal-rate disclosures, and for the euphemisms that hide them."""

__version__ = "0.1.0"
