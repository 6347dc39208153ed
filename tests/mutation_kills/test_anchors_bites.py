"""The anchor contract (build_scripts/anchors.py) at its public interface, on a tiny registry and two pages:
register, then check what a later build publishes — a kept id passes, a changed or vanished id fails at its
registry line, an alias forwards it (a fragment script, or a redirect page for a moved page)."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from build_scripts import anchors
from build_scripts.diagnostics import BuildError
from build_scripts.render import Citable, PageFile


def page(path: str, **ids: str) -> PageFile:
    return PageFile(path, "", citables=tuple(Citable(anchor, anchor.split("_")[-1] + ".", text)
                                             for anchor, text in ids.items()))


PAGES = (page("documents/a/index.md", para_1="一", para_2="二"), page("documents/b/x.md", fn_1="注"))


@pytest.fixture
def root(tmp_path):
    (tmp_path / "anchors").mkdir()
    assert anchors.register(tmp_path, PAGES) == (5, 5)  # 2 pages + 3 ids
    return tmp_path


def messages(pages, root) -> list[str]:
    with pytest.raises(BuildError) as failed:
        anchors.check(root, pages)
    return [str(d) for d in failed.value.diagnostics]


def registry_line(root, url: str, anchor: str) -> int:
    lines = (root / "anchors" / "registry.tsv").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.split("\t")[:2] == [url, anchor])


def alias(root, **pairs: str) -> None:
    items = [{"from": old, "to": new} for old, new in pairs.values()]
    (root / "anchors" / "aliases.yml").write_text(yaml.safe_dump({"aliases": items}), encoding="utf-8")


def test_the_registry_lists_every_page_and_id_sorted(root):
    lines = (root / "anchors" / "registry.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "url\tanchor\tnum\tsha"
    assert [tuple(line.split("\t")[:3]) for line in lines[1:]] == [
        ("documents/a/", "", ""), ("documents/a/", "para_1", "1."), ("documents/a/", "para_2", "2."),
        ("documents/b/x/", "", ""), ("documents/b/x/", "fn_1", "1.")]
    assert lines[2].split("\t")[3] == anchors.text_hash("1.", "一")


def test_the_same_pages_pass(root):
    out = anchors.check(root, PAGES)
    assert out.redirect_pages == {} and "window.CORPUS_ANCHOR_ALIASES = {};" in out.fragment_script


def test_changed_text_fails_at_its_registry_line(root):
    pages = (page("documents/a/index.md", para_1="一", para_2="二改"), PAGES[1])
    line = registry_line(root, "documents/a/", "para_2")
    [message] = messages(pages, root)
    assert re.search(rf"registry\.tsv:{line}: error: published id /documents/a/#para_2 now stands for other text",
                     message)


def test_a_vanished_id_and_page_fail_at_their_lines(root):
    found = "\n".join(messages((page("documents/a/index.md", para_1="一"),), root))
    assert found.count("no longer resolves") == 3
    for url, anchor in (("documents/a/", "para_2"), ("documents/b/x/", ""), ("documents/b/x/", "fn_1")):
        place = f"/{url}" + (f"#{anchor}" if anchor else "")
        assert f"registry.tsv:{registry_line(root, url, anchor)}: error: published id {place} no longer" in found


def test_aliases_forward_a_fragment_and_a_moved_page(root):
    alias(root, frag=("documents/a/#para_2", "documents/a/#para_1"),
          moved=("documents/b/x/#fn_1", "documents/c/#fn_1"), whole=("documents/b/x/", "documents/c/"))
    pages = (page("documents/a/index.md", para_1="一"), page("documents/c/index.md", fn_1="注"))
    out = anchors.check(root, pages)
    script = json.loads(out.fragment_script.split(" = ", 1)[1].rstrip(";\n"))
    assert script == {"documents/a/": {"para_2": "documents/a/#para_1"},
                      "documents/b/x/": {"fn_1": "documents/c/#fn_1"}}
    assert list(out.redirect_pages) == ["documents/b/x/index.html"]
    assert 'href="../../../documents/c/"' in out.redirect_pages["documents/b/x/index.html"]


def test_an_alias_must_lead_from_a_gone_id_to_a_published_one(root):
    alias(root, stays=("documents/a/#para_1", "documents/a/#para_2"),
          nowhere=("documents/a/#para_9", "documents/z/#x"))
    found = "\n".join(messages(PAGES, root))
    assert "aliases.yml:2: error: alias source /documents/a/#para_1 is still published" in found
    assert "aliases.yml:4: error: alias target /documents/z/#x is not published" in found


def test_register_refuses_to_drop_or_reword_an_id_unless_told(root):
    reworded = (page("documents/a/index.md", para_1="一", para_2="二改"), PAGES[1])
    with pytest.raises(BuildError, match="now stands for other text"):
        anchors.register(root, reworded)
    assert anchors.register(root, reworded, accept_changed=True) == (5, 0)
    anchors.check(root, reworded)
    with pytest.raises(BuildError, match="would disappear"):
        anchors.register(root, (reworded[0],))
    alias(root, gone=("documents/b/x/#fn_1", "documents/a/#para_1"), page=("documents/b/x/", "documents/a/"))
    assert anchors.register(root, (reworded[0], page("documents/d.md"))) == (6, 1)  # the aliased entries are kept


def test_redirect_pages_climb_to_the_site_root():
    html = anchors.redirect_html("a/b/", "c/<d>/")
    assert 'href="../../c/&lt;d&gt;/"' in html and 'location.replace("../../c/<d>/" + location.hash)' in html
    assert 'content="0; url=../../c/&lt;d&gt;/"' in html and ">c/&lt;d&gt;/</a>" in html
