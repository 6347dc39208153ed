"""The proof for the anchor registry (build_scripts/anchors.py): a published id never silently changes.

On a copy of the real corpus, anchors are registered, then the copy is edited the way sources get edited:

* an unnumbered paragraph is inserted in section 1 of the journal article: the paragraphs after it in that
  section are counted within the section (``sec_1__para_k``), so their ids shift by one;
* the heading of that section is reworded (``sec_1`` keeps its id, its text changes);
* printed paragraphs 17 and 18 of the Secretary-General's note are removed (their ids vanish; ``para_19``
  keeps its printed number, so its id is unaffected).

Then every registered id either resolves to the same text (same hash) or the build fails naming it, as
``registry.tsv:LINE`` and the id. Aliases for the moved and removed ids, plus ``register-anchors`` for the
intended rewording, make the build pass, and each alias is followed in Chromium.

The copy holds every document but the programme plan that corpus/programmes.yml points into (A/71/6/Rev.1 alone
takes most of a full build); without it the registries and the glossary (which point into it) are left out too, so
the copy builds in a few seconds. The edited documents are found by the text the edits change, not named.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_scripts import anchors
from build_scripts.__main__ import main
from build_scripts.diagnostics import BuildError, Collector
from build_scripts.pipeline import BuildPaths, build, render
from build_scripts.urls import url_of
from tests.conftest import CORPUS, document_slugs, serve

INSERTED = "本段为检验锚点登记而插入的新段落。"
INSERT_BEFORE = "\n2013年第 23届东盟领导人会议出台"  # the second paragraph of a section 1 of unnumbered paragraphs
HEADING_OLD, HEADING_NEW = " 1   东盟对于全民健康覆盖的关切", " 1   东盟对全民健康覆盖合作的关切"
REMOVE_FROM, REMOVE_UNTIL = "17. “三个 10 亿”目标", " 四. 国际协调与合作"  # two numbered paragraphs


def metadata(corpus: Path, slug: str) -> dict:
    return yaml.safe_load((corpus / "documents" / f"{slug}.yml").read_text(encoding="utf-8"))


def source_of(corpus: Path, slug: str) -> Path:
    return corpus / "sources" / metadata(corpus, slug)["source"]


def slug_holding(text: str) -> str:
    """The one document of the corpus whose source holds ``text``."""
    found = [slug for slug in document_slugs() if text in source_of(CORPUS, slug).read_text(encoding="utf-8")]
    assert len(found) == 1, f"{text!r} is in {found}, expected exactly one source"
    return found[0]


JOURNAL_SLUG, NOTE_SLUG = slug_holding(HEADING_OLD), slug_holding(REMOVE_FROM)
JOURNAL, NOTE = f"documents/{JOURNAL_SLUG}/", f"documents/{NOTE_SLUG}/"
KEEP = [slug for slug in document_slugs()
        if slug != yaml.safe_load((CORPUS / "programmes.yml").read_text(encoding="utf-8"))["document"]]

#: What the edits must do to the registered ids (checked, so the proof cannot pass by editing nothing).
MOVED = {(JOURNAL, "sec_1__para_2"): (JOURNAL, "sec_1__para_3"), (JOURNAL, "sec_1__para_3"): (JOURNAL, "sec_1__para_4")}
REWORDED = {(JOURNAL, "sec_1")}
REMOVED = {(NOTE, "para_17"), (NOTE, "para_18")}
#: Removed text has no new place: its aliases point at the chapter that held it.
REMOVED_TO = (NOTE, "chp_3")
UNCHANGED = {(JOURNAL, "sec_1__para_1"), (JOURNAL, "sec_2"), (NOTE, "para_16"), (NOTE, "para_19"), (NOTE, "fn_1")}

DIAGNOSTIC = re.compile(r"^(?P<file>.+registry\.tsv):(?P<line>\d+): error: published id /(?P<url>[^#\s]*)#?(?P<anchor>\S*) ")


def copy_corpus(target: Path) -> Path:
    (target / "documents").mkdir(parents=True)
    (target / "sources").mkdir()
    for slug in KEEP:
        shutil.copy(CORPUS / "documents" / f"{slug}.yml", target / "documents" / f"{slug}.yml")
        shutil.copy(source_of(CORPUS, slug), source_of(target, slug))
    if (CORPUS / "reference").is_dir():  # the reference files the metadata takes facts from
        shutil.copytree(CORPUS / "reference", target / "reference")
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected exactly one {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit(corpus: Path) -> None:
    journal = source_of(corpus, JOURNAL_SLUG)
    # A new paragraph between the first and second paragraph of section 1 (a line ending in "。" ends one).
    replace_once(journal, INSERT_BEFORE, f"\n{INSERTED}\n{INSERT_BEFORE}")
    replace_once(journal, HEADING_OLD, HEADING_NEW)
    note = source_of(corpus, NOTE_SLUG)
    text = note.read_text(encoding="utf-8")
    start, end = text.index(REMOVE_FROM), text.index(REMOVE_UNTIL)
    note.write_text(text[:start] + text[end:], encoding="utf-8")  # paragraphs 17 and 18, some 13 lines
    # The printed numbering now skips 17 and 18: declared in the note's layout rules, as a maintainer would.
    meta = corpus / "documents" / "health-needs-most-vulnerable.yml"
    replace_once(meta, "\n  gaps:\n", "\n  gaps:\n" + "".join(
        f"    - {{numbering: paragraph, number: {n}, reason: removed for the anchor proof}}\n" for n in (17, 18)))


def published(paths: BuildPaths) -> tuple[dict[tuple[str, str], anchors.Entry], dict[tuple[str, str], str]]:
    """Every page and id the corpus publishes (with the hash the registry keeps), and each id's text."""
    pages = render(paths)[1].pages
    return anchors.published(pages), {(url_of(p.path), c.anchor): c.text for p in pages for c in p.citables}


def cli(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().err.splitlines()


def named_in(lines: list[str]) -> dict[tuple[str, str], tuple[str, int]]:
    out = {}
    for line in lines:
        m = DIAGNOSTIC.match(line)
        if m:
            out[(m["url"], m["anchor"])] = (m["file"], int(m["line"]))
    return out


@pytest.fixture(scope="module")
def proof(tmp_path_factory):
    root = tmp_path_factory.mktemp("anchor-proof")
    paths = BuildPaths(corpus=copy_corpus(root / "corpus"), site=root / "site")
    total, added = anchors.register(paths.corpus, render(paths)[1].pages)
    assert total == added > 100
    registry = anchors.read_registry(paths.corpus / "anchors" / "registry.tsv", Collector())
    _, before = published(paths)
    edit(paths.corpus)
    now, after = published(paths)
    return paths, registry, before, after, now


def test_each_registered_id_resolves_to_the_same_text_or_the_build_names_it(proof, capsys):
    paths, registry, before, after, now = proof
    code, err = cli(capsys, "build", "--corpus", str(paths.corpus), "--site", str(paths.site))
    assert code == 1, "the edited corpus must not build"
    assert not paths.site.exists(), "a failed build writes no site"
    named = named_in(err)
    registry_file = str(paths.corpus / "anchors" / "registry.tsv")
    changed = set()
    for entry in registry:
        if entry.key in now and now[entry.key].sha == entry.sha:
            assert entry.key not in named, f"{entry.key} is unchanged but was named"
        else:
            changed.add(entry.key)
            assert entry.key in named, f"#{entry.anchor} on /{entry.url} changed silently (registry.tsv:{entry.line})"
            assert named[entry.key] == (registry_file, entry.line), f"{entry.key}: wrong file:line {named[entry.key]}"
    assert set(named) == changed, "every id named by the build is one that changed"
    assert changed == set(MOVED) | REWORDED | REMOVED, "the edits changed exactly the ids they should"
    assert UNCHANGED <= {e.key for e in registry} - changed
    # the moved text is where MOVED says, the inserted paragraph took the old id
    for old, new in MOVED.items():
        assert after[new] == before[old]
    assert after[(JOURNAL, "sec_1__para_2")] == INSERTED
    assert before[(NOTE, "para_19")] == after[(NOTE, "para_19")], "printed numbers do not shift"
    # register-anchors refuses to forget the removed ids while they have no alias, and to accept changed text
    code, err = cli(capsys, "register-anchors", "--corpus", str(paths.corpus))
    assert code == 1
    assert set(named_in(err)) == REMOVED | set(MOVED) | REWORDED
    for line in err:
        if m := DIAGNOSTIC.match(line):
            removed = (m["url"], m["anchor"]) in REMOVED
            assert ("would disappear" if removed else "now stands for other text") in line, line


def write_aliases(corpus: Path, aliases: dict[tuple[str, str], tuple[str, str]]) -> None:
    items = [{"from": f"{u}#{a}", "to": f"{nu}#{na}"} for (u, a), (nu, na) in sorted(aliases.items())]
    (corpus / "anchors" / "aliases.yml").write_text(yaml.safe_dump({"aliases": items}, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def aliased(proof, tmp_path_factory):
    """The edited copy with aliases for the removed ids, and the shift and rewording deliberately accepted: it builds."""
    paths, registry, before, after, _ = proof
    write_aliases(paths.corpus, dict(MOVED))
    with pytest.raises(BuildError) as refused:  # a shifted id is still published: it cannot be forwarded
        build(paths)
    assert {d.message.split()[2] for d in refused.value.diagnostics if "alias source" in d.message} == {
        f"/{url}#{anchor}" for url, anchor in MOVED}
    aliases = {key: REMOVED_TO for key in REMOVED}
    write_aliases(paths.corpus, aliases)
    with pytest.raises(BuildError) as failed:  # the shift and the rewording still ask for a decision
        build(paths)
    assert {d.message.split()[2] for d in failed.value.diagnostics} == {
        f"/{url}#{anchor}" for url, anchor in set(MOVED) | REWORDED}
    with pytest.raises(BuildError):  # registering does not accept changed text silently
        anchors.register(paths.corpus, render(paths)[1].pages)
    anchors.register(paths.corpus, render(paths)[1].pages, accept_changed=True)  # make register-anchors ARGS=--accept-changed-text
    build(paths)
    return paths, aliases, before, after


def test_aliases_and_registration_make_the_build_pass(aliased):
    paths, aliases, before, after = aliased
    assert (paths.site / "index.html").is_file()
    script = (paths.site / "assets" / "anchor-aliases.js").read_text(encoding="utf-8")
    for (url, anchor), (new_url, new_anchor) in aliases.items():
        assert f'"{anchor}": "{new_url}#{new_anchor}"' in script
    registry = anchors.read_registry(paths.corpus / "anchors" / "registry.tsv", Collector())
    keys = {e.key for e in registry}
    assert REMOVED <= keys, "the registry keeps the removed ids (their aliases answer for them)"
    reworded = next(e for e in registry if e.key in REWORDED)
    assert reworded.sha == anchors.text_hash(reworded.num, after[reworded.key]), "the rewording was registered"


def follow(browser, url: str, expected_id: str) -> dict:
    """Open ``url`` (an old place) and report where the browser ends up: path, #fragment, the :target element."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        try:  # the alias script forwards at once; give a wrong landing a moment to turn right before judging
            page.wait_for_function("id => location.hash === '#' + id", arg=expected_id, timeout=3000)
        except PlaywrightTimeout:
            pass
        target = page.evaluate("""() => { const t = document.querySelector(':target');
            return {hash: decodeURIComponent(location.hash.slice(1)), path: location.pathname,
                    id: t && t.id, text: t && t.innerText} }""")
    finally:
        context.close()
    assert not errors, errors
    return target


@pytest.mark.browser
@pytest.mark.parametrize("old", sorted(REMOVED), ids=lambda k: k[1])
def test_alias_for_a_removed_id_lands_on_its_new_place(aliased, browser, old):
    paths, aliases, before, after = aliased
    server, base = serve(paths.site)
    try:
        landed = follow(browser, f"{base}{old[0]}#{old[1]}", aliases[old][1])
    finally:
        server.shutdown()
    new = aliases[old]
    assert (landed["path"], landed["hash"], landed["id"]) == ("/" + new[0], new[1], new[1]), landed
