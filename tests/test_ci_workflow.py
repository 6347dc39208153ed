"""The CI workflow is valid, runs the README's two commands, and is hardened (pinned, timed, credential-free)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

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


def workflow() -> dict:
    # PyYAML reads the bare key `on` as the boolean True.
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def test_every_action_is_pinned_by_commit_sha_and_comes_from_github():
    for name, job in workflow()["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}: {step['uses']} is not pinned by commit SHA"
                assert action.startswith("actions/"), f"{name}: third-party action {action}"


def test_every_job_has_a_timeout():
    for name, job in workflow()["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and job["timeout-minutes"] > 0, name


def test_checkouts_keep_no_credentials():
    checkouts = [step for job in workflow()["jobs"].values() for step in steps(job)
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_the_tests_run_in_debian_so_the_browser_is_debians_chromium():
    jobs = workflow()["jobs"]
    test_job = next(job for job in jobs.values() if any(step.get("run") == "make test" for step in steps(job)))
    assert "bookworm" in test_job["container"]
    assert "CHROMIUM" not in WORKFLOW.read_text(encoding="utf-8")  # the Makefile's own Debian chromium


def test_dependencies_are_cached_on_the_requirements():
    for name, job in workflow()["jobs"].items():
        if any("make " in step.get("run", "") for step in steps(job)):
            caches = [s for s in steps(job) if s.get("uses", "").startswith("actions/cache@")]
            assert caches and "hashFiles('requirements.txt')" in caches[0]["with"]["key"], name


def test_a_deploy_is_never_cancelled_and_pull_requests_publish_nothing():
    data = workflow()
    assert data["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    deploy = data["jobs"]["deploy"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert "github.event_name == 'push'" in deploy["if"]
    for job in data["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith(("actions/upload-pages-artifact@", "actions/configure-pages@")):
                assert step.get("if") == "github.event_name != 'pull_request'", step
