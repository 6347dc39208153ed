"""Bad input: one line per problem naming file and line, every problem of the run, exit 1, old site intact."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_scripts.__main__ import main

MINI = Path(__file__).parent / "fixtures" / "mini"
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: (?P<message>.+)$")


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def old_site(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    return site


def run(corpus: Path, site: Path, capsys) -> tuple[int, list[re.Match]]:
    code = main(["build", "--corpus", str(corpus), "--site", str(site)])
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("build failed:")
    problems = [DIAGNOSTIC.match(line) for line in err[:-1] if "error:" in line]
    assert all(problems), err
    return code, problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_failed_and_site_kept(code: int, site: Path) -> None:
    assert code == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(site.parent.glob(".site-build-*")), "staging folder left behind"


def test_missing_and_invalid_metadata_fields_all_reported(corpus, old_site, capsys):
    meta = corpus / "documents" / "mini-note.yml"
    edit(meta, "kind_en: test fixture\n", "")
    edit(meta, "year: null", "year: soon")
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    found = {(Path(p["path"]).name, int(p["line"]), p["message"].split(":")[0]) for p in problems}
    assert ("mini-note.yml", 11, "year") in found
    assert any(name == "mini-note.yml" and msg == "kind_en" for name, _, msg in found)


def test_invalid_yaml_names_the_line(corpus, old_site, capsys):
    edit(corpus / "documents" / "mini-note.yml", "kind_zh: 测试文件", 'kind_zh: "测试文件')
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert [(Path(p["path"]).name, p["message"].startswith("invalid YAML")) for p in problems] == [("mini-note.yml", True)]
    assert int(problems[0]["line"]) == 5  # where the quote opens, not where the scanner gave up


def test_non_utf8_source_names_the_line(corpus, old_site, capsys):
    source = corpus / "sources" / "mini-note.txt"
    data = source.read_bytes().split(b"\n")
    data[4] = data[4] + b"\xff\xfe"
    source.write_bytes(b"\n".join(data))
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert [(Path(p["path"]).name, int(p["line"])) for p in problems] == [("mini-note.txt", 5)]
    assert "UTF-8" in problems[0]["message"]


def test_empty_source(corpus, old_site, capsys):
    (corpus / "sources" / "mini-note.txt").write_text("\n\n", encoding="utf-8")
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert [(Path(p["path"]).name, p["message"]) for p in problems] == [("mini-note.txt", "source is empty")]


def test_duplicate_ids_name_both_lines(corpus, old_site, capsys):
    source = corpus / "sources" / "mini-note.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n8. 重复的段落编号。 \n", encoding="utf-8")
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert len(problems) == 1
    assert "duplicate id 'para_8'" in problems[0]["message"] and "first used at line 130" in problems[0]["message"]


def test_problems_in_several_documents_reported_in_one_run(corpus, old_site, capsys):
    second = corpus / "documents" / "mini-two.yml"
    shutil.copyfile(corpus / "documents" / "mini-note.yml", second)
    edit(second, "source: mini-note.txt", "source: missing.txt")
    edit(corpus / "documents" / "mini-note.yml", "symbol_status: unknown", "symbol_status: maybe")
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert {Path(p["path"]).name for p in problems} == {"mini-note.yml", "mini-two.yml"}


def test_good_build_replaces_the_old_site(corpus, old_site, capsys):
    assert main(["build", "--corpus", str(corpus), "--site", str(old_site)]) == 0
    html = (old_site / "documents" / "mini-note" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script>alert" not in html


# -- one line per problem, no traceback: internal errors and Ctrl-C -------------------------------------------


def fail_with(exc: BaseException):
    def stage(*args, **kwargs):
        raise exc
    return stage


def test_internal_error_is_one_line_naming_stage_and_input(corpus, old_site, capsys, monkeypatch):
    from build_scripts import pipeline

    monkeypatch.setattr(pipeline, "link", fail_with(ValueError("a bug\nover two lines")))
    code = main(["build", "--corpus", str(corpus), "--site", str(old_site), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines() == [f"{corpus}: error: internal error in stage link: ValueError: a bug over two lines"]
    assert (old_site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(old_site.parent.glob(".site-build-*")), "staging folder left behind"


def test_internal_error_names_the_source_being_parsed(corpus, old_site, capsys, monkeypatch):
    from build_scripts import pipeline

    monkeypatch.setattr(pipeline, "parse", fail_with(KeyError("第")))
    code = main(["build", "--corpus", str(corpus), "--site", str(old_site), "--no-cache"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert lines == [f"{corpus / 'sources' / 'mini-note.txt'}: error: internal error in stage parse: KeyError: '第'"]


def test_debug_flag_adds_the_traceback(corpus, old_site, capsys, monkeypatch):
    from build_scripts import pipeline

    monkeypatch.setattr(pipeline, "link", fail_with(ValueError("a bug")))
    code = main(["build", "--corpus", str(corpus), "--site", str(old_site), "--no-cache", "--debug"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err and err.splitlines()[-1].endswith("ValueError: a bug")


def test_ctrl_c_during_mkdocs_exits_130_and_keeps_the_site(corpus, old_site, tmp_path):
    """A real SIGINT, delivered while MkDocs renders its first page (as Ctrl-C in a terminal would be)."""
    import os
    import subprocess
    import sys

    interrupt_in_mkdocs = (
        "import os, signal, sys\n"
        "import mkdocs.commands.build as mkdocs_build\n"
        "from build_scripts.__main__ import main\n"
        # as in a terminal: SIGINT handled by Python and not blocked (a runner may pass it on ignored or blocked)
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})\n"
        "populate = mkdocs_build._populate_page\n"
        "called = []\n"
        "def interrupted(*args, **kwargs):\n"
        "    called.append(1)\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return populate(*args, **kwargs)\n"
        "mkdocs_build._populate_page = interrupted\n"
        "code = main(sys.argv[1:])\n"
        "if code != 130:  # why, for the assertion message\n"
        "    print('pages rendered after the signal:', len(called), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", interrupt_in_mkdocs, "build", "--corpus", str(corpus), "--site", str(old_site),
         "--cache", str(tmp_path / "cache")],
        cwd=root, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 130, result.stderr
    assert result.stderr.splitlines() == ["build interrupted; the previous site was left untouched"]
    assert (old_site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(old_site.parent.glob(".site-build-*")), "staging folder left behind"


# -- sources: inside corpus/sources, no CRLF or BOM; metadata URLs ---------------------------------------------


@pytest.mark.parametrize("change, message", [
    (lambda data: b"\xef\xbb\xbf" + data, "mini-note.txt:1: error: source starts with a UTF-8 byte order mark"),
    (lambda data: data.replace(b"\n", b"\r\n", 3).replace(b"\r\n", b"\n", 2),
     "mini-note.txt:3: error: source has CRLF (Windows) line endings"),
])
def test_bom_and_crlf_in_a_source_are_named(corpus, old_site, capsys, change, message):
    source = corpus / "sources" / "mini-note.txt"
    source.write_bytes(change(source.read_bytes()))
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert len(problems) == 1 and message in problems[0].group(0)


def test_source_outside_the_corpus_is_never_read(corpus, old_site, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    (corpus / "sources" / "mini-note.txt").unlink()
    (corpus / "sources" / "mini-note.txt").symlink_to(secret)
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    assert [(Path(p["path"]).name, int(p["line"])) for p in problems] == [("mini-note.yml", 3)]
    assert "symbolic link" in problems[0]["message"]


@pytest.mark.parametrize("url, ok", [
    ("https://undocs.org/zh/A/71/6/Rev.1", True), ("http://example.org/a?b=c#d", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("data:text/html,x", False),
    ("file:///etc/passwd", False), ("https:///path-only", False), ("//example.org/x", False),
    ("https://example.org/<script>", False), ("https://exa mple.org/", False),
])
def test_metadata_urls_only_https_or_http_with_a_host(url, ok):
    from build_scripts.load import url_problem

    assert (url_problem(url) is None) == ok


def test_yaml_with_crlf_and_bom_reads_as_with_lf(tmp_path):
    from build_scripts.diagnostics import Collector
    from build_scripts.yamlio import line_of, load_yaml

    meta = (MINI / "documents" / "mini-note.yml").read_bytes()
    plain, windows = tmp_path / "plain.yml", tmp_path / "windows.yml"
    plain.write_bytes(meta)
    windows.write_bytes(b"\xef\xbb\xbf" + meta.replace(b"\n", b"\r\n"))
    problems = Collector()
    a, b = load_yaml(plain, problems), load_yaml(windows, problems)
    assert not problems.items and a == b
    assert [line_of(a, k) for k in a] == [line_of(b, k) for k in b] != []


def test_duplicate_yaml_key_is_an_error_at_its_line(corpus, old_site, capsys):
    meta = corpus / "documents" / "mini-note.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + "kind_zh: 又一个\n", encoding="utf-8")
    code, problems = run(corpus, old_site, capsys)
    assert_failed_and_site_kept(code, old_site)
    lines = meta.read_text(encoding="utf-8").splitlines()
    assert [(int(p["line"]), "duplicate key 'kind_zh' (first at line 5)" in p["message"]) for p in problems] == [
        (len(lines), True)]


def test_first_registration_writes_the_registry_that_every_build_then_needs(corpus, old_site, capsys):
    """register-anchors may find no registry (it writes the first one); a build never may, once anchors/ exists."""
    (corpus / "anchors").mkdir()
    (corpus / "anchors" / "aliases.yml").write_text("aliases: []\n", encoding="utf-8")
    code = main(["build", "--corpus", str(corpus), "--site", str(old_site)])
    assert_failed_and_site_kept(code, old_site)
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("anchors/registry.tsv: error: anchor registry not found; restore it from git (only a "
                           "corpus never released, with no anchors/ folder, has none)"), err
    assert main(["register-anchors", "--corpus", str(corpus)]) == 0
    assert (corpus / "anchors" / "registry.tsv").read_text(encoding="utf-8").count("\n") > 1
    assert main(["build", "--corpus", str(corpus), "--site", str(old_site), "--no-cache"]) == 0
