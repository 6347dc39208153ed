"""The public URL: the one setting that says where the site is published (``site_url`` in mkdocs.yml, which
reads the environment variable ``SITE_URL``). Every citation, canonical link, sitemap entry and PDF edition
carries it, so a site published with a local address cites this machine.

``python -m build_scripts check-public-url [URL]`` exits 1 when the URL (by default the one mkdocs.yml gives in
this environment) is not a public one; the Pages build runs it before building (.github/workflows/site.yml).
A build with a local URL succeeds (that is how a site is previewed) but says so on one line.
"""
from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

SETTING = "SITE_URL"  #: the environment variable mkdocs.yml reads for site_url
#: host names that never name a public site (RFC 6761 / 6762 / 8375 and common private suffixes)
LOCAL_NAMES = ("localhost",)
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid", ".example")


def configured(config_file: Path) -> str:
    """The site URL mkdocs.yml gives in this environment (``!ENV`` resolved as MkDocs resolves it)."""
    from mkdocs.utils import yaml_load

    with open(config_file, encoding="utf-8") as f:
        return (yaml_load(f) or {}).get("site_url") or ""


def not_public(url: str) -> str | None:
    """Why ``url`` cannot be the address of a published site, or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{url!r} is not an http(s) URL"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return f"{url!r} has no host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified \
                or address.is_reserved or address.is_multicast:
            return f"{url!r} is a local or private address ({host})"
        return None
    if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES):
        return f"{url!r} is a local host name ({host})"
    if "." not in host:
        return f"{url!r} names a host of the local network only ({host}, no domain)"
    return None


def warning(url: str) -> str | None:
    """The one line a build prints when its URL is not public (citations and PDFs then point at it)."""
    problem = not_public(url)
    if problem is None:
        return None
    return (f"warning: public URL: {problem}; every citation, canonical link and PDF of this build points there. "
            f"Set {SETTING}=https://<where the site is published>/ to build a site for publishing.")
