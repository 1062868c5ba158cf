"""`--format junit`: JUnit XML for CI systems that show test reports. Each file is a test suite
with one test case per rule that ran: it fails when the rule reported findings there (the
failure lists them) and passes otherwise; suppressed findings appear in its system-out. A file
that could not be linted is a test case with an error. Text passes through xml_safe."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from xml.etree import ElementTree as ET

from ..findings import SEVERITY_RANK, FileResult, Finding, LintResult
from ..rulebook import Rule
from .safe import xml_safe
from .spool import Spool


def _line(path: str, f: Finding) -> str:
    return f"{path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}"


def _case(suite: ET.Element, path: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=xml_safe(path), name=xml_safe(name))


def _suite(file: FileResult, names: dict[str, str]) -> tuple[ET.Element, dict[str, int]]:
    """One file's test suite, and its counts. ``names`` gains the rules of findings whose rule
    was not listed (it never should be), so later files get a test case for them too."""
    path = xml_safe(file.path)
    suite = ET.Element("testsuite", name=path)
    counts = {"tests": 0, "failures": 0, "errors": 0}
    if file.error is not None:
        case = _case(suite, path, "read")
        ET.SubElement(case, "error", message=xml_safe(file.error), type="unreadable")
        counts["tests"] += 1
        counts["errors"] += 1
    else:
        found: dict[str, list[Finding]] = defaultdict(list)
        hidden: dict[str, list[Finding]] = defaultdict(list)
        for f in file.findings:
            found[f.rule].append(f)
            names.setdefault(f.rule, f.name)
        for f in file.suppressed:
            hidden[f.rule].append(f)
        for code in sorted(set(names) | set(found)):
            case = _case(suite, path, f"{code} {names[code]}")
            counts["tests"] += 1
            if found[code]:
                counts["failures"] += 1
                worst = max(found[code], key=lambda f: SEVERITY_RANK[f.severity])
                failure = ET.SubElement(
                    case, "failure", message=xml_safe(worst.message), type=worst.severity
                )
                failure.text = xml_safe("\n".join(_line(file.path, f) for f in found[code]))
            if hidden[code]:
                out = ET.SubElement(case, "system-out")
                out.text = xml_safe(
                    "\n".join(
                        f"suppressed: {_line(file.path, f)} (reason: {f.reason})"
                        for f in hidden[code]
                    )
                )
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite, counts


def stream(files: Iterable[FileResult], rules: Sequence[Rule]) -> Iterator[str]:
    """The suites are spooled as files arrive: the opening tag, written first, carries the
    totals. Each suite is laid out as ``ET.indent`` lays out the whole tree (one level deep)."""
    names = {rule.code: rule.name for rule in rules}
    totals = {"tests": 0, "failures": 0, "errors": 0}
    empty = True
    with Spool() as suites:
        for file in files:
            suite, counts = _suite(file, names)
            for key, value in counts.items():
                totals[key] += value
            ET.indent(suite, level=1)
            suites.write("\n  " + ET.tostring(suite, "unicode"))
            empty = False
        root = ET.Element("testsuites", name="disclosure-lint")
        for key, value in totals.items():
            root.set(key, str(value))
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if empty:
            yield ET.tostring(root, "unicode") + "\n"
            return
        yield ET.tostring(root, "unicode").removesuffix(" />") + ">"
        yield from suites.chunks()
        yield "\n</testsuites>\n"


def render(result: LintResult, rules: Sequence[Rule]) -> str:
    return "".join(stream(result.files, rules))
