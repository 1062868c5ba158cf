"""The built wheel carries rules/ and schemas/ and works from outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "repo"
    # Build from a copy so the build never writes into the checkout.
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(
            ".git", "*.egg-info", "__pycache__", ".pytest_cache", "build", "dist"
        ),
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (built,) = out.glob("disclosure_lint-*.whl")
    return built


def test_wheel_contains_rule_and_schema_data(wheel: Path):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "linter/_data/rules/ruleset.yaml" in names
    assert "linter/_data/rules/bundle.json" in names
    assert "linter/_data/rules/topics/fallback-routing.yaml" in names
    assert "linter/_data/schemas/findings.schema.json" in names
    assert any(n.startswith("linter/_data/rules/fallback-routing/FR001") for n in names)


def test_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    # Dependencies come from the running interpreter's site-packages; the wheel itself is
    # installed into the fresh environment, which takes precedence over any other copy.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    card = work / "card.md"
    card.write_text((REPO / "examples" / "problem-release.md").read_text())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    exe = env_dir / "bin" / "disclosure-lint"
    where = subprocess.run(
        [python, "-c", "import linter; print(linter.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where
    rules = subprocess.run([exe, "rules"], cwd=work, env=env, capture_output=True, text=True)
    assert rules.returncode == 0 and "FR001" in rules.stdout
    check = subprocess.run(
        [exe, "check", "card.md"], cwd=work, env=env, capture_output=True, text=True
    )
    assert check.returncode == 1, check.stderr
    assert "card.md:8:64: FR002 [error]" in check.stdout
