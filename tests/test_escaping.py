"""The escaping helpers at the boundary between corpus text and HTML (build_scripts/render/html.py), on the
Markdown engine and extensions the site uses; the whole site in Chromium is tests/browser/test_injection.py."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml

from build_scripts.model import DocumentMeta
from build_scripts.pipeline import ROOT
from build_scripts.render import PageFile
from build_scripts.render.documents import metadata_table
from build_scripts.render.html import esc, front_matter, md_link, md_text, safe_url, theme_nav

#: Text a YAML field may hold that markup would change: HTML, a script URL in a Markdown link, emphasis, code,
#: an attr_list, a table separator, heading hashes, backslashes, entities, quotes, a line break, a YAML end.
TRICKY = [
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=alert(1)></title><script>alert(1)</script>',
    "[x](javascript:alert(1)) ![i](data:,x) <https://example.org>",
    "*em* **strong** _u_ __uu__ `code` ~~s~~",
    "a {: onclick=alert(1)} b {#id .cls}",
    "cell | cell || #hash ##",
    "back\\slash \\* \\_ \\[",
    "&amp; &lt;tag&gt; &#60; &copy",
    "it's \"quoted\" and 'single'",
    "line one\nline two\n---\n...",
    "*[HTML]: Hyper Text",
]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables (toc without its permalink)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    return markdown.Markdown(extensions=names)


class TextOf(HTMLParser):
    """The text and the tags (with attributes) of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def text_of(html: str) -> str:
    return TextOf(html).text


def words(text: str) -> list[str]:
    return text.split()  # HTML shows a line break as a space


#: Markdown slots the pages use: (template, the text around the slot once rendered).
SLOTS = [("# {}", "", ""), ("## x {} y", "x ", " y"), ("| a |\n| --- |\n| {} |", "a ", ""), ("* {}", "", ""),
         ("some text {} more", "some text ", " more")]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("slot, before, after", SLOTS)
def test_md_text_reads_literally_in_every_markdown_slot(slot, before, after, text):
    parsed = TextOf(site_markdown().convert(slot.format(md_text(text))))
    assert words(parsed.text) == words(before + text + after)
    assert {t for t, _ in parsed.tags} <= {"h1", "h2", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "p"}
    assert all(set(attrs) <= {"id"} for _, attrs in parsed.tags), parsed.tags


@pytest.mark.parametrize("text", TRICKY)
def test_md_link_keeps_its_text_and_href(text):
    html = site_markdown().convert(f"| {md_link('../x/', text)} |\n| --- |\n| b |")
    parsed = TextOf(html)
    assert [a for t, a in parsed.tags if t == "a"] == [{"href": "../x/"}]
    assert words(parsed.text) == words(text + " b")


@pytest.mark.parametrize("text", TRICKY)
def test_esc_in_a_raw_html_block_reads_literally(text):
    html = site_markdown().convert(f'<p class="x" title="{esc(text)}">{esc(text)}</p>')
    parsed = TextOf(html)
    assert parsed.tags == [("p", {"class": "x", "title": text})]
    assert parsed.text == text


@pytest.mark.parametrize("text", TRICKY + ["NEL\x85 LS\u2028 PS\u2029 DEL\x7f C1\x9b BOM\ufeff NUL\x00 TAB\t"])
def test_front_matter_title_survives_yaml_and_reads_back(text):
    """MkDocs reads the title with YAML and the theme prints it as HTML: one level of escaping, no more."""
    page = PageFile("x.md", front_matter(text) + "# body\n")
    meta = yaml.safe_load(page.text.split("---\n")[1])
    assert meta == {"title": esc(text)}
    assert text_of(meta["title"]) == text
    assert page.title == text


def test_theme_nav_escapes_every_title_and_keeps_paths():
    nav = [{"<b>x</b>": "a.md"}, {"s & t": ["i.md", {'"q"': [{"<i>": "b.md"}]}]}]
    assert theme_nav(nav) == [{"&lt;b&gt;x&lt;/b&gt;": "a.md"},
                              {"s &amp; t": ["i.md", {"&quot;q&quot;": [{"&lt;i&gt;": "b.md"}]}]}]


@pytest.mark.parametrize("url", ["https://undocs.org/zh/A/71/6/Rev.1", "http://example.org/a?b=c&d=e"])
def test_safe_url_accepts_http_and_https(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "file:///etc/passwd", "//evil.example/x", "/relative", "https://x\" onmouseover=\"a",
                                 "https://x y", "https://x`y", "", None])
def test_safe_url_refuses_everything_else(url):
    assert safe_url(url) is None


def meta_with_url(url: str | None) -> DocumentMeta:
    return DocumentMeta(slug="d", source="d.txt", layout="sg_note", kind_zh="k", kind_en="k", title_zh="t",
                        title_en=None, title_en_status="unknown", symbol=None, symbol_status="unknown", year=None,
                        year_status="unknown", publisher=None, url=url)


@pytest.mark.parametrize("url", ["javascript:window.__pwned=1", "data:text/html,<b>x</b>", "JAVASCRIPT:x"])
def test_metadata_never_links_a_script_url(url):
    """The renderer's own guard, whatever the input checks let through: the URL is shown as text."""
    parsed = TextOf(metadata_table(meta_with_url(url), "documents/d/index.md"))
    hrefs = [a.get("href", "") for t, a in parsed.tags if t == "a"]
    assert all(not h.lower().lstrip().startswith(("javascript:", "data:")) for h in hrefs), hrefs
    assert url in parsed.text


def test_metadata_links_an_https_url():
    url = "https://undocs.org/zh/A/71/6/Rev.1"
    parsed = TextOf(metadata_table(meta_with_url(url), "documents/d/index.md"))
    assert ("a", {"href": url}) in parsed.tags
