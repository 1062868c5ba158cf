"""What a document discloses, per topic: the practice described or denied, and its facts, found
in prose, tables and the structured block."""

from __future__ import annotations

from typing import Any

from ..document import Document
from .analyse import analyse_topic, lexicons
from .block import block_reports
from .model import TOPICS, Disclosure, Evidence, TopicReport
from .refusals import analyse_refusals
from .sentences import SentenceIndex

__all__ = ["TOPICS", "Disclosure", "Evidence", "TopicReport", "analyse"]


def analyse(document: Document, topics: dict[str, Any], sidecar: Any = None) -> Disclosure:
    lex = lexicons(topics)
    reports: dict[str, TopicReport] = {}
    sentences = SentenceIndex(document)
    for topic in TOPICS:
        if topic not in lex:
            reports[topic] = TopicReport(topic)
        elif topic == "refusal-reporting":
            reports[topic] = analyse_refusals(sentences, lex[topic])
        else:
            reports[topic] = analyse_topic(sentences, lex[topic])
    for topic, stated in block_reports(document, sidecar).items():
        report = reports.setdefault(topic, TopicReport(topic))
        report.practice.extend(stated.practice)
        report.denial.extend(stated.denial)
        report.withheld.extend(stated.withheld)
        for fact, found in stated.facts.items():
            report.facts.setdefault(fact, []).extend(found)
    return Disclosure(reports)
