"""Helpers for the browser tests: the copy-citation control (docs/assets/corpus.js), a page's URL, waiting a frame.

A unit's ❝ control is made when the unit comes near the screen or the keyboard focus enters it, not for every unit
at load: a test that needs the controls of a whole page scrolls through it first, as a reader would.
"""
from __future__ import annotations

from pathlib import Path

#: Scroll one screen at a time to the end and back to the top, letting each step's intersection callbacks run.
_SCROLL_THROUGH = """async () => {
  const settled = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) { scrollTo(0, y); await settled(); }
  scrollTo(0, 0);
  await settled();
}"""

#: The citable units of a page, as corpus.js finds them (a table and a mandates block cite through their parts).
UNITS = ".md-typeset p.blk[id], .md-typeset aside.blk[id], .md-typeset td[id], .md-typeset td > p[id], " \
        ".md-typeset .mandate-list li[id]"


def scroll_through(page) -> None:
    """Bring every unit of the page near the screen once (each gets its control)."""
    page.evaluate(_SCROLL_THROUGH)


def scripts_ready(page) -> None:
    """Wait until corpus.js has run (it makes the page's one copy confirmation element at start)."""
    page.wait_for_selector(".cite-toast", state="attached")


def url_path(site: Path, html: Path) -> str:
    """The site-relative URL of a built page (``documents/x/index.html`` → ``documents/x/``)."""
    return html.parent.relative_to(site).as_posix() + "/"


def next_frame(page) -> None:
    """Wait until the browser has rendered twice (what a script or the layout did has reached the screen)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
