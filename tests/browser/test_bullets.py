"""Each bullet of a document page shows one marker: its printed one (the block's number, ``a.num``) or, where the
extraction lost it, the one corpus.css draws. Pages: every document page with a bullet block."""
from __future__ import annotations

import pytest

from tests.browser.citing import url_path

pytestmark = pytest.mark.browser

MARKERS = """() => Array.from(document.querySelectorAll('.md-typeset .b-bullet'), b => {
  const num = b.querySelector(':scope > a.num');
  return {id: b.id, drawn: getComputedStyle(b, '::before').content !== 'none',
          printed: !!num && !/[\\p{L}\\p{N}]/u.test(num.textContent)};
})"""


def test_every_bullet_shows_one_marker(page, site_url, built_site):
    pages = [html for html in sorted(built_site.glob("documents/**/index.html")) if "b-bullet" in html.read_text("utf-8")]
    assert pages, "no document page has a bullet block: this test would check nothing"
    for html in pages:
        path = url_path(built_site, html)
        page.goto(site_url + path)
        bullets = page.evaluate(MARKERS)
        twice_or_none = [b for b in bullets if b["drawn"] + b["printed"] != 1]
        assert bullets and not twice_or_none, f"{path}: bullets with two markers or none: {twice_or_none[:5]}"
