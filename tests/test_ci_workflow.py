"""The CI workflow is valid and runs the README's two commands."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = re.search(r"^## Quick start", text, re.M).end()
    block = re.search(r"```sh\n(.*?)```", text[start:], re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_has_exactly_two_commands():
    assert readme_commands() == ["make site", "make test"]


def test_workflow_validates_against_the_github_schema():
    result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_and_ci_use_the_readme_commands():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    site, test = readme_commands()
    assert re.search(rf"run: {re.escape(test)}\b", workflow) and re.search(rf"run: {re.escape(site)}\b", workflow)
    assert "actions/deploy-pages" in workflow
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
