"""The public URL (build_scripts/public_url.py): what counts as local, and the one-line warning of a build.

The workflow's refusal to publish a local URL is checked in tests/test_ci_workflow.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts import public_url
from build_scripts.pipeline import BuildPaths, build

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://127.1.2.3/", "http://localhost/", "http://LOCALHOST./",
                                 "http://app.localhost/", "http://[::1]:8000/", "http://[fe80::1]/", "http://169.254.1.1/",
                                 "https://10.1.2.3/", "https://172.31.0.1/", "https://192.168.0.10/x/", "http://0.0.0.0/",
                                 "https://nas.local/", "https://wiki.internal/", "https://router.home.arpa/",
                                 "http://devbox:8000/", "ftp://example.org/", "https:///", "/", ""])
def test_local_private_and_hostless_urls_are_not_public(url):
    assert public_url.not_public(url)


@pytest.mark.parametrize("url", ["https://x.github.io/y/", "https://corpus.example.org/", "http://203.0.113.9.nip.io/",
                                 "https://8.8.8.8/", "https://[2606:4700::1111]/"])
def test_public_urls_are_public(url):
    assert public_url.not_public(url) is None


def test_the_build_warns_on_one_line_for_a_local_url_and_not_for_a_public_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(public_url.SETTING, "http://127.0.0.1:8000/")
    build(BuildPaths(corpus=MINI, site=tmp_path / "local"))
    warnings = [line for line in capsys.readouterr().err.splitlines() if "public URL" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: public URL:"), warnings
    assert "127.0.0.1" in warnings[0] and public_url.SETTING in warnings[0], "it names the address and the setting"

    monkeypatch.setenv(public_url.SETTING, "https://x.github.io/y/")
    build(BuildPaths(corpus=MINI, site=tmp_path / "public"))
    assert "public URL" not in capsys.readouterr().err
    assert "https://x.github.io/y/documents/" in (tmp_path / "public" / "sitemap.xml").read_text(encoding="utf-8"), \
        "the setting is the URL the site is built with"
