"""The HTML helpers of render/html.py, tested directly (the golden files meet them only on friendly input):
only http(s) URLs become links, and overlapping markup is resolved by priority, then position, then length."""
from __future__ import annotations

import pytest

from build_scripts.render.html import Span, attr, choose_spans, esc, link, marked_up, md_text, safe_url

LINKABLE = ["https://www.who.int/publications/i/item/9789241565264", "http://undocs.org/A/RES/70/1",
            "https://example.org/a?b=c&d=e#f"]
NOT_LINKABLE = [
    "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
    "\tjavascript:alert(1)", "\x01javascript:alert(1)", "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    "VBScript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/x",
    "//evil.example/x", "/relative/path", "relative/path", "#fragment", "", " ", "https://", "http:/x",
    ' https://example.org/', 'https://example.org/"onmouseover="alert(1)', "https://example.org/<script>",
    "https://example.org/a b", "https://example.org/'x",
    # a final or embedded line break, tab, NUL or other control character (a regex ending in $ lets "…\n" through)
    "https://example.org/\n", "https://example.org/\r", "https://example.org/\r\n", "https://example.org/\t",
    "https://example.org/\x00", "https://exa\x00mple.org/", "https://example.org/a\nb", "https://example.org/\x7f",
    "https://example.org/\x85", "https://example.org/\x9b", "https://example.org/a\u2028b", "https://example.org/ ",
]


@pytest.mark.parametrize("url", LINKABLE)
def test_http_urls_are_links(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", NOT_LINKABLE, ids=repr)
def test_other_urls_are_not_links(url):
    assert safe_url(url) is None


def test_a_higher_priority_span_wins_an_overlap_wherever_it_starts():
    low, high = Span(0, 4, "<a>", "</a>"), Span(2, 6, "<sup>", "</sup>", priority=1)
    assert choose_spans([low, high]) == [high]
    assert choose_spans([high, low]) == [high]


def test_of_equal_priority_the_earlier_then_the_longer_span_wins():
    first, later = Span(0, 3, "<a>", "</a>"), Span(2, 5, "<b>", "</b>")
    assert choose_spans([later, first]) == [first]
    short, long = Span(1, 2, "<a>", "</a>"), Span(1, 4, "<b>", "</b>")
    assert choose_spans([short, long]) == [long]


def test_spans_that_touch_are_both_kept_in_text_order():
    left, right = Span(0, 2, "<a>", "</a>"), Span(2, 4, "<b>", "</b>")
    assert choose_spans([right, left]) == [left, right]
    right_first = Span(2, 4, "<b>", "</b>", priority=1)  # chosen first: the left one touches it from before
    assert choose_spans([left, right_first]) == [left, right_first]


def test_empty_spans_are_dropped():
    assert choose_spans([Span(3, 3, "<a>", "</a>"), Span(4, 2, "<b>", "</b>")]) == []


def test_marked_up_escapes_inside_and_outside_the_spans():
    text = "a<b>&c\"d'e"
    out = marked_up(text, [Span(1, 4, '<span class="x">', "</span>"), Span(2, 5, "<i>", "</i>")])
    assert out == 'a<span class="x">&lt;b&gt;</span>&amp;c&quot;d&#x27;e'


def test_marked_up_with_nested_priorities_keeps_every_character():
    text = "世卫组织和大会第 70/1 号决议"
    spans = [Span(0, 4, "[", "]"), Span(5, 16, "(", ")"), Span(8, 13, "{", "}", priority=1)]
    assert marked_up(text, spans) == "[世卫组织]和大会第{ 70/1} 号决议"


def test_esc_escapes_text_and_both_quotes():
    assert esc("""<a href='x' title="y">&</a>""") == "&lt;a href=&#x27;x&#x27; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;"


def test_link_escapes_href_text_class_and_title():
    assert link('/a"b', "<t>", "c\"d", "t'e") == \
        '<a href="/a&quot;b" class="c&quot;d" title="t&#x27;e">&lt;t&gt;</a>'
    assert link("/x", "x") == '<a href="/x">x</a>'
    assert attr("id", "p<1>") == ' id="p&lt;1&gt;"'


def test_heading_text_escapes_markdown_punctuation_and_html_but_not_quotes():
    assert md_text('1. "A" <b> *c* [d](e) #f') == '1\\. "A" &lt;b&gt; \\*c\\* \\[d\\]\\(e\\) \\#f'
