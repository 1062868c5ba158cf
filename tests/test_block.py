"""The structured disclosure block: the schema, validation findings at the offending key, the
facts the block states, contradictions with the prose, sidecars, and unreadable YAML."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import REPO, lint, run_cli

SCHEMA = REPO / "schemas" / "disclosure.schema.json"
EXAMPLES = REPO / "examples"
BODY = "# Example 5\n\nExample 5 writes code and answers questions in twelve languages.\n"


def card(block: str, body: str = BODY) -> str:
    """A card whose front matter holds ``block`` (YAML under `disclosure:`)."""
    block = textwrap.indent(textwrap.dedent(block).strip("\n"), "  ")
    return f"---\nlicense: mit\ndisclosure:\n{block}\n---\n{textwrap.dedent(body)}"


HEAD = """
schema_version: 1
model: Example 5
predecessor: Example 4
"""
ROUTE = """
fallback_routing:
  used: true
  routes:
    - trigger: classifier
      categories: [cybersecurity, biology]
      served_by: Example 4.8
      surfaces: [app, api]
      user_notified: true
      notice: The reply names the model that answered.
      share_of_requests: 0.004
      false_positive_rate: 0.012
"""
TIERS = """
tiers:
  identical_weights: true
  configurations:
    - name: Example 5
      access: general
    - name: Example 5 Unlocked
      access: restricted
      safeguards_lifted: [cybersecurity]
      eligibility: Critical-infrastructure operators with a security team.
      decided_by: The access review board.
      granted: 41
"""
RATES = """
refusal_reporting:
  evaluation: {name: Internal set, prompts: 4200, languages: [en, fr], grader: Two reviewers}
  rates:
    - category: cybersecurity
      harmful_refusal: 0.97
      benign_refusal: 0.02
      predecessor_benign_refusal: 0.11
    - {category: biology, harmful_refusal: 0.99, benign_refusal: 0.01}
  classifier_refusals_reported_separately: true
"""
AUTHORITY = """
refusal_authority:
  operator_controls: {relaxable: false}
  training_changes: {changed: true, description: More benign security conversations.}
"""
FULL = HEAD + ROUTE + TIERS + RATES + AUTHORITY
TOPIC_CODES = ["FR", "TD", "RR", "RA", "ST"]


class _Run:
    """What a CLI run left behind, shaped like subprocess.CompletedProcess."""

    def __init__(self, returncode: int, stdout: str) -> None:
        self.returncode = returncode
        self.stdout = stdout.encode()


def cli(*args: str) -> _Run:
    """Run the CLI in-process (a subprocess costs a second of start-up per test)."""
    from typer.testing import CliRunner

    from linter.cli import _register, app

    _register()
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return _Run(result.exit_code, result.stdout)


def at(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first occurrence of ``needle`` in ``text``."""
    offset = text.index(needle)
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def found(text: str, select: list[str] | None = None):
    return [(f.rule, f.line, f.column) for f in lint(text, select=select)]


def rules_fired(text: str, select: list[str] | None = None) -> set[str]:
    return {f.rule for f in lint(text, select=select)}


# -- the schema ---------------------------------------------------------------------------


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def test_schema_is_valid_draft_2020_12():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/disclosure.schema.json")
    assert schema["title"]


def test_every_property_has_a_description_and_objects_are_closed():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    undescribed, open_objects = [], []
    for path, node in _walk(schema):
        constraint = "if" in path or "then" in path  # conditions, not property declarations
        if path and path[-1] == "properties" and not constraint:
            undescribed += [(*path, k) for k, v in node.items() if not v.get("description")]
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            open_objects.append(path)
    assert undescribed == []
    assert open_objects == []


def test_schema_command_prints_the_schema():
    proc = cli("schema")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_jsonschema_is_not_imported_to_lint_a_card_without_a_block():
    code = (
        "import sys\n"
        "from linter.engine import compile_rules, select_rules, lint_paths\n"
        "from linter.rulebook import load_ruleset\n"
        "rs = load_ruleset()\n"
        f"lint_paths([{str(EXAMPLES / 'problem-release.md')!r}], rs,"
        " compile_rules(select_rules(rs.rules)))\n"
        "print('jsonschema' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert proc.stdout.decode().strip() == "False", proc.stderr.decode()


# -- validation findings at the offending key ---------------------------------------------

INVALID = """
schema_version: 1
model: Example 5
fallback_routing:
  used: true
  routes:
    - trigger: classifier
      served_by: Example 4.8
      share_of_requests: 4
    - trigger: rumour
      served_by: Example 4.8
tiers:
  configurations:
    - name: Example 5
      acess: general
"""


def test_each_invalid_key_is_reported_at_its_line_and_column():
    text = card(INVALID)
    st = [f for f in lint(text, select=["ST001"])]
    got = {(f.line, f.column): f.message for f in st}
    # Pinned once by hand: the front matter opens on line 1, so `share_of_requests` (line 8 of
    # the block) is line 11 of the file, indented eight spaces.
    assert at(text, "share_of_requests: 4") == (11, 9)
    share, trigger = at(text, "share_of_requests: 4"), at(text, "trigger: rumour")
    item, typo = at(text, "name: Example 5\n"), at(text, "acess")
    assert set(got) == {share, trigger, item, typo}
    assert "fraction between 0 and 1" in got[share]
    assert "must be one of: classifier, policy, load, other" in got[trigger]
    assert "missing required key 'access'" in got[item]  # the list item lacking it
    assert "unknown key 'acess' (did you mean 'access'?)" in got[typo]
    for f in st:
        assert f.end_line == f.line and f.end_column > f.column


def test_problem_at_the_block_root_points_at_the_disclosure_key():
    st = [f for f in lint(card("schema_version: 2\nmodel: X\n"), select=["ST001"])]
    assert [(f.line, f.column) for f in st] == [(4, 3)]
    assert "must be 1" in st[0].message
    st = [f for f in lint(card("model: X\n"), select=["ST001"])]
    assert [(f.line, f.column) for f in st] == [(3, 1)]
    assert "missing required key 'schema_version'" in st[0].message


def test_conditional_requirements_name_their_condition():
    text = card(HEAD + "fallback_routing:\n  used: true\n")
    (f,) = lint(text, select=["ST001"])
    assert (f.line, f.column) == at(text, "fallback_routing:") == (7, 3)
    assert "missing required key 'routes' when `used` is true" in f.message
    text = card(HEAD + ROUTE.replace("used: true", "used: false"))
    (f,) = lint(text, select=["ST001"])
    assert (f.line, f.column) == at(text, "routes:")
    assert "must be empty when `used` is false" in f.message


def test_a_non_boolean_used_is_one_finding():
    text = card(HEAD + "fallback_routing:\n  used: sometimes\n")
    (f,) = lint(text, select=["ST001"])
    assert (f.line, f.column) == at(text, "used:") == (8, 5)
    assert "expected true or false" in f.message


def test_positions_hold_in_a_crlf_file(tmp_path):
    path = tmp_path / "card.md"
    path.write_bytes(card(INVALID).replace("\n", "\r\n").encode())
    proc = cli("check", "--select", "ST001", "--format", "json", str(path))
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert {(f["line"], f["column"]) for f in findings} == {(11, 9), (12, 9), (16, 9), (17, 9)}


def test_a_valid_block_is_quiet():
    assert found(card(FULL), select=["ST"]) == []


# -- the block's facts --------------------------------------------------------------------


def test_a_complete_block_satisfies_every_topic_rule():
    assert found(card(FULL), select=TOPIC_CODES) == []
    # Without the block, the same card fails the topic rules.
    assert {"FR001", "TD001", "RR001", "RA001", "RA002"} <= rules_fired(BODY)


def test_used_false_satisfies_fr001():
    assert "FR001" in rules_fired(card(HEAD), select=["FR"])
    assert found(card(HEAD + "fallback_routing:\n  used: false\n"), select=["FR"]) == []


def test_a_single_configuration_satisfies_td001():
    single = "tiers:\n  configurations:\n    - {name: Example 5, access: general}\n"
    assert found(card(HEAD + single), select=["TD"]) == []


def test_missing_facts_fire_at_the_block():
    route = ROUTE.replace("      share_of_requests: 0.004\n", "")
    text = card(HEAD + route)
    fr = [f for f in lint(text, select=["FR"])]
    # At the route's list item.
    assert [(f.rule, f.line, f.column) for f in fr] == [("FR005", *at(text, "trigger: classifier"))]
    assert "(the structured block)" in fr[0].message


def test_a_per_route_fact_must_be_stated_for_every_route():
    second = "    - {trigger: policy, categories: [self-harm], served_by: blocked}\n"
    codes = rules_fired(card(HEAD + ROUTE + second), select=["FR"])
    assert codes == {"FR004", "FR005", "FR006"}  # the second route gives no notice, share, rates


def test_tier_facts_come_from_restricted_configurations():
    tiers = TIERS.replace(
        "      eligibility: Critical-infrastructure operators with a security team.\n", ""
    )
    assert rules_fired(card(HEAD + tiers), select=["TD"]) == {"TD003"}
    tiers = TIERS.replace("  identical_weights: true\n", "")
    assert rules_fired(card(HEAD + tiers), select=["TD"]) == {"TD005"}


def test_refusal_facts():
    assert rules_fired(card(HEAD + RATES), select=["RR"]) == set()
    no_benign = RATES.replace("      benign_refusal: 0.02\n", "").replace(
        ", benign_refusal: 0.01", ""
    )
    assert rules_fired(card(HEAD + no_benign), select=["RR"]) == {"RR003"}
    one_category = RATES.replace(
        "    - {category: biology, harmful_refusal: 0.99, benign_refusal: 0.01}\n", ""
    )
    assert rules_fired(card(HEAD + one_category), select=["RR"]) == {"RR002"}
    mixed = RATES.replace(
        "classifier_refusals_reported_separately: true",
        "classifier_refusals_reported_separately: false",
    )
    assert rules_fired(card(HEAD + mixed), select=["RR"]) == {"RR006"}


def test_refusal_authority_facts():
    assert rules_fired(card(HEAD + AUTHORITY), select=["RA"]) == set()
    assert rules_fired(card(HEAD), select=["RA"]) == {"RA001", "RA002"}


def test_an_invalid_section_states_nothing():
    broken = ROUTE.replace("used: true", "used: 'no'").replace("  routes:", "  routes:")
    codes = rules_fired(card(HEAD + broken + TIERS), select=["FR", "TD", "ST"])
    assert "FR001" in codes and "ST001" in codes  # the routing section does not count
    assert not codes & {"TD001", "TD002", "TD003", "TD004", "TD005", "TD006"}  # tiers still do


def test_a_problem_at_the_root_voids_the_whole_block():
    codes = rules_fired(card(FULL + "extra: 1\n"), select=TOPIC_CODES)
    assert {"ST001", "FR001", "TD001", "RR001", "RA001", "RA002"} <= codes


def test_a_placeholder_left_in_place_is_reported():
    (f,) = lint(card(HEAD + "fallback_routing:\n  used: <true or false>\n"), select=["ST001"])
    assert "template placeholder" in f.message
    assert "FR001" in rules_fired(card(HEAD + "fallback_routing:\n  used: <true or false>\n"))


# -- contradictions with the prose --------------------------------------------------------

ROUTING_PROSE = """
# Safeguards

Example 5 is a general assistant.

When our classifier flags a request about cybersecurity, we route the request to Example 4.8.
"""


def test_block_denies_routing_but_prose_describes_it():
    text = card(HEAD + "fallback_routing:\n  used: false\n", ROUTING_PROSE)
    st = [f for f in lint(text, select=["ST002"])]
    assert [(f.line, f.column) for f in st] == [at(text, "When our classifier flags")]
    line = at(text, "used: false")[0]
    assert f"disclosure.fallback_routing.used: false, line {line}" in st[0].message


def test_block_describes_routes_but_prose_denies_them():
    body = "# Safeguards\n\nWe do not route requests to other models.\n"
    text = card(HEAD + ROUTE, body)
    st = [f for f in lint(text, select=["ST002"])]
    assert [(f.line, f.column) for f in st] == [at(text, "We do not route")]


def test_a_partial_prose_denial_beside_described_routing_is_not_a_contradiction():
    body = ROUTING_PROSE + "\nWe do not route requests from the API to other models.\n"
    assert found(card(HEAD + ROUTE, body), select=["ST002"]) == []


def test_single_configuration_but_prose_describes_a_trusted_access_tier():
    single = "tiers:\n  configurations:\n    - {name: Example 5, access: general}\n"
    body = (
        "# Access\n\nVetted security researchers get trusted access to a version of Example 5 "
        "with the cybersecurity safeguards lifted.\n"
    )
    text = card(HEAD + single, body)
    st = [f for f in lint(text, select=["ST002"])]
    assert [(f.line, f.column) for f in st] == [at(text, "Vetted security")]
    assert "single configuration" in st[0].message


def test_block_gives_rates_but_prose_says_they_are_not_published():
    body = "# Refusals\n\nWe do not publish refusal rates for this model.\n"
    text = card(HEAD + RATES, body)
    st = [f for f in lint(text, select=["ST002"])]
    assert [(f.line, f.column) for f in st] == [at(text, "We do not publish")]
    assert "not published" in st[0].message


def test_consistent_block_and_prose_are_quiet():
    body = "# Safeguards\n\nWe do not route requests to other models.\n"
    assert found(card(HEAD + "fallback_routing:\n  used: false\n", body), select=["ST"]) == []


# -- the examples -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hub-card-with-block.md", "sidecar-card.md"])
def test_block_examples_are_clean(name):
    proc = cli("check", "--format", "json", str(EXAMPLES / name))
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["rule"][:2] in TOPIC_CODES] == []


def test_contradicting_example_fires_st002_at_the_prose():
    text = (EXAMPLES / "contradicting-card.md").read_text(encoding="utf-8")
    st = [f for f in lint(text, path="contradicting-card.md") if f.rule == "ST002"]
    assert len(st) == 1
    assert text.splitlines()[st[0].line - 1][st[0].column - 1 :].startswith("In practice")
    assert st[0].line > text.count("\n", 0, text.index("\n---\n") + 1) + 1  # in the body


# -- sidecars -----------------------------------------------------------------------------


def _json(proc):
    return {f["path"]: f["findings"] for f in json.loads(proc.stdout)["files"]}


def test_sidecar_example_lints_clean_end_to_end():
    proc = run_cli(
        "check",
        "--fail-on",
        "warning",
        "examples/sidecar-card.md",
        "examples/sidecar-card.disclosure.yaml",
    )
    assert proc.returncode == 0, proc.stdout.decode()


def test_directory_lint_includes_the_sidecar(tmp_path):
    (tmp_path / "card.md").write_text(BODY)
    (tmp_path / "card.disclosure.yaml").write_text(textwrap.dedent(FULL))
    proc = cli("check", "--format", "json", "--select", ",".join(TOPIC_CODES), str(tmp_path))
    files = _json(proc)
    assert sorted(files) == sorted(
        [str(tmp_path / "card.md"), str(tmp_path / "card.disclosure.yaml")]
    )
    assert all(v == [] for v in files.values()), files
    assert proc.returncode == 0


def test_invalid_sidecar_reported_in_itself_and_summarised_in_the_card(tmp_path):
    (tmp_path / "card.md").write_text(BODY)
    sidecar = textwrap.dedent(INVALID).lstrip("\n")
    (tmp_path / "card.disclosure.yaml").write_text(sidecar)
    proc = cli(
        "check",
        "--format",
        "json",
        "--select",
        "ST001",
        str(tmp_path / "card.md"),
        str(tmp_path / "card.disclosure.yaml"),
    )
    assert proc.returncode == 1
    files = _json(proc)
    side = files[str(tmp_path / "card.disclosure.yaml")]
    # The sidecar's own lines: no front-matter offset.
    assert at(sidecar, "share_of_requests") == (8, 7)
    expected = {
        at(sidecar, n) for n in ("share_of_", "trigger: rumour", "name: Example 5\n", "acess")
    }
    assert {(f["line"], f["column"]) for f in side} == expected
    (summary,) = files[str(tmp_path / "card.md")]
    assert (summary["line"], summary["column"]) == (1, 1)
    assert "card.disclosure.yaml" in summary["message"] and "3 more" in summary["message"]


def test_sidecar_under_a_disclosure_key_is_read(tmp_path):
    (tmp_path / "card.md").write_text(BODY)
    wrapped = "disclosure:\n" + textwrap.indent(textwrap.dedent(FULL).strip("\n"), "  ") + "\n"
    (tmp_path / "card.disclosure.yaml").write_text(wrapped)
    proc = cli("check", "--select", ",".join(TOPIC_CODES), str(tmp_path))
    assert proc.returncode == 0, proc.stdout.decode()


def test_front_matter_block_and_sidecar_together(tmp_path):
    (tmp_path / "card.md").write_text(card(FULL))
    (tmp_path / "card.disclosure.yaml").write_text(textwrap.dedent(FULL))
    proc = cli("check", "--select", "ST001", str(tmp_path / "card.md"))
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert ":3:1: ST001" in out and "front matter block is used" in out


# -- unreadable YAML ----------------------------------------------------------------------


def test_invalid_front_matter_yaml_is_reported_with_its_line():
    text = "---\nlicense: mit\ndisclosure:\n  model: [Example 5\n  schema_version: 1\n---\n" + BODY
    st = [f for f in lint(text, select=["ST"])]
    assert [(f.rule, f.line) for f in st] == [("ST003", 5)]
    assert "invalid YAML" in st[0].message


def test_invalid_sidecar_yaml_is_reported_with_its_line(tmp_path):
    (tmp_path / "card.md").write_text(BODY)
    (tmp_path / "card.disclosure.yaml").write_text(
        "schema_version: 1\nmodel: Example 5\n  bad: x\n"
    )
    proc = cli("check", "--format", "json", "--select", "ST", str(tmp_path))
    files = _json(proc)
    (own,) = files[str(tmp_path / "card.disclosure.yaml")]
    assert (own["rule"], own["line"]) == ("ST003", 3)
    (summary,) = files[str(tmp_path / "card.md")]
    assert summary["rule"] == "ST003" and "card.disclosure.yaml" in summary["message"]
    assert proc.returncode == 1


def test_alias_bomb_in_front_matter_is_a_finding_not_a_hang(tmp_path):
    lines = ["---", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines += ["disclosure: *a9", "---", BODY]
    path = tmp_path / "bomb.md"
    path.write_text("\n".join(lines))
    proc = run_cli("check", "--select", "ST", str(path))  # run_cli times out after 120 s
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert ":2:1: ST003" in out and "alias bomb" in out


def test_sidecar_block_contradicted_by_the_card_prose(tmp_path):
    (tmp_path / "card.md").write_text(textwrap.dedent(ROUTING_PROSE).lstrip("\n"))
    (tmp_path / "card.disclosure.yaml").write_text(
        "schema_version: 1\nmodel: Example 5\nfallback_routing:\n  used: false\n"
    )
    proc = cli("check", "--format", "json", "--select", "ST002", str(tmp_path / "card.md"))
    (finding,) = _json(proc)[str(tmp_path / "card.md")]
    assert (finding["line"], finding["column"]) == (5, 1)  # the prose sentence in the card
    assert "fallback_routing.used: false, card.disclosure.yaml line 4" in finding["message"]


def test_missing_fact_from_a_sidecar_points_at_the_card(tmp_path):
    route = ROUTE.replace("      share_of_requests: 0.004\n", "")
    (tmp_path / "card.md").write_text(BODY)
    (tmp_path / "card.disclosure.yaml").write_text(textwrap.dedent(HEAD + route))
    proc = cli("check", "--format", "json", "--select", "FR", str(tmp_path / "card.md"))
    findings = _json(proc)[str(tmp_path / "card.md")]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("FR005", 1, 1)]
