"""The CI workflow is valid, runs the README's two commands, and is hardened (pinned, timed, credential-free)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
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


# -- the public URL: a Pages build refuses a local one (build_scripts/public_url.py) ---------------------------

def pages_steps() -> list[dict]:
    build = next(job for job in workflow()["jobs"].values()
                 if any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in steps(job)))
    return steps(build)


def test_the_pages_build_checks_its_public_url_before_building():
    job = pages_steps()
    at = {step.get("run") or step.get("uses", "").partition("@")[0]: i for i, step in enumerate(job)}
    check = next(i for i, step in enumerate(job) if step.get("run") == "make check-public-url")
    pages_build = next(i for i, step in enumerate(job) if step.get("run") == "make site" and "SITE_URL" in step.get("env", {}))
    assert at["actions/configure-pages"] < check < pages_build < at["actions/upload-pages-artifact"]
    assert job[check]["env"]["SITE_URL"] == job[pages_build]["env"]["SITE_URL"], "the check sees the URL the build uses"
    assert job[check]["if"] == job[pages_build]["if"] == "github.event_name != 'pull_request'"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^check-public-url:.*\n\t(.+)$", makefile, re.M).group(1)
    assert recipe == "$(PY) -m build_scripts check-public-url"


def check_public_url(site_url: str) -> subprocess.CompletedProcess:
    """The workflow's check, as `make check-public-url` runs it, with SITE_URL set as the workflow sets it."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"SITE_URL": site_url}
    return subprocess.run([sys.executable, "-m", "build_scripts", "check-public-url"], cwd=ROOT, env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("site_url", [
    "http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]/", "https://10.0.0.5/site/",
    "http://192.168.1.20/", "http://172.16.3.4/", "http://0.0.0.0:8000/", "https://docs.local/", "http://intranet/",
    "/", "file:///srv/site/"])
def test_the_check_rejects_local_and_private_urls(site_url):
    result = check_public_url(site_url)
    assert result.returncode == 1, result.stdout + result.stderr
    line, = result.stderr.splitlines()
    where, _, message = line.partition(": error: ")
    assert where.endswith("mkdocs.yml") and message.startswith("not a public URL"), line
    assert "SITE_URL" in line, "the error names the setting to change"


@pytest.mark.parametrize("site_url", ["https://x.github.io/y/", "https://corpus.example.org/", "https://8.8.8.8/"])
def test_the_check_accepts_public_urls(site_url):
    result = check_public_url(site_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert site_url in result.stdout
