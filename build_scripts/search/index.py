"""Write the search index: a small meta file, binary term shards by hash and JSON doc-store shards.

Layout below the site (``search/``):

``meta.json``
    ``v`` (content hash, appended as ``?v=`` to every shard URL), ``n`` (docs), ``terms`` (number of
    term shards), ``docs`` (first doc id of each doc shard), ``ent`` ([first, last + 1] of each run of
    entity and document-page docs), ``runs`` (first doc id of each run of docs on one page, delta-coded),
    ``kinds`` (kind names by code).
``t/<k>.bin``
    The postings of the terms whose route key (``route_key``) hashes (FNV-1a) to ``k`` modulo ``terms``,
    binary so that the worker neither decodes nor parses what a query does not use: a UTF-8 directory of
    ``term TAB byte length LF`` lines, a NUL byte, then each term's postings in directory order. Postings are
    unsigned LEB128 varints of ``delta << 4 | weight``: doc ids ascending (each the delta from the previous
    one), weight 1-15 (see WEIGHTS).
``d/<k>.json``
    ``{"p": [[run, url, title] …], "c": [context …], "d": [[run, anchor, kind, label, context, text], …]}``
    for the docs from ``docs[k]`` on; ``context`` indexes ``c``.
``alias.json``
    ``[[[tokens of a Latin name], …], [Chinese forms]]`` per entity: which Chinese forms to mark when an
    English query matched through an alias (loaded only for queries with Latin words).
``facets.json``
    What the results page groups and filters by, for every doc without its doc shard (loaded by the results
    page only): ``places`` ([document slug, document title, part slug, part title] of each place, in reading
    order), ``run`` (the place of each run of docs on one page, -1 for an entity page), ``kind`` (each doc's
    kind code as one base-36 digit), ``cat`` (the kind filter's choice for each kind code, KIND_FILTER) and
    ``types`` (the kinds that are entity types, ENTITY_TYPES).

A resolution or cited document's entity doc also has a ``bare:<number>`` posting for the number a reader types
without the prefix (``bare_form``: ``2167`` for S/RES/2167 (2014), ``70/1`` for A/RES/70/1), in the shard of
that number's own token, so a bare-number query learns which symbols it can mean at no extra request.

The number of term shards grows with the index so that a shard stays near ``TERM_SHARD_BYTES``; a
query loads the term shards of its required tokens (``route_key``: its optional tokens share them), then
the doc shards of the results it shows. Same input, byte-identical files.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Sequence

from .documents import SearchDoc
from .tokenize import HAN, IndexTokenizer, han_grams, name_token, normalize, query_plan, scan

TERM_SHARD_BYTES = 192_000  #: largest average size of a term shard (bytes; the number of shards is a power of 2)
DOC_SHARD_BYTES = 64_000  #: target raw size of a doc shard (bytes)

#: Posting weights (1-15). Text: term frequency capped at 3 (+3 in headings, so a section whose title matches
#: ranks above passing mentions). Alias (an entity the text mentions, by another of its names): 1, or the
#: number of mentions (at most 3) when the token is that name whole (``WHO`` for a text saying 世卫组织 twice),
#: so a word inside another entity's name (``WHO`` in ``WHO FCTC``) counts as one passing mention.
#: Names: NAME + the eighths of a name the token covers (``name_shares``): 11 for a whole name, 5 for
#: ``卫生`` in 世界卫生组织 (one of its five bigrams), 3 for a word of a long name; keys and exact names 12.
ALIAS, NAME, KEY, HEADING_BONUS = 1, 3, 12, 3
EIGHTHS = 8  #: name coverage is counted in eighths (the weight of a whole name is NAME + EIGHTHS)

KINDS = ("paragraph", "item", "bullet", "footnote", "table", "mandates", "milestone", "heading", "cell",
         "mandate", "page", "actor", "goal", "target", "programme", "resolution", "document", "term")


#: The results page's filter by kind: each choice and the kinds (KINDS) it stands for.
KIND_FILTER = {"paragraph": ("paragraph",), "item": ("item", "bullet", "milestone"), "footnote": ("footnote",),
               "cell": ("cell", "table"), "mandate": ("mandate", "mandates"), "heading": ("heading",),
               "page": ("page",), "entity": ("actor", "goal", "target", "programme", "resolution", "document"),
               "term": ("term",)}
#: The results page's filter by entity type: the kinds of the entity pages.
ENTITY_TYPES = ("actor", "resolution", "document", "goal", "target", "programme", "term")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (the same in worker.js)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def encode_postings(packed: array) -> bytes:
    """Postings packed ``doc << 4 | weight`` (doc ids ascending) as the varints a term shard holds."""
    out = bytearray()
    prev = 0
    for v in packed:
        doc = v >> 4
        n = ((doc - prev) << 4) | (v & 15)
        prev = doc
        while n >= 0x80:
            out.append(n & 0x7F | 0x80)
            n >>= 7
        out.append(n)
    return bytes(out)


def decode_postings(data: bytes) -> list[tuple[int, int]]:
    out = []
    doc = n = shift = 0
    for byte in data:
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            doc += n >> 4
            out.append((doc, n & 15))
            n = shift = 0
    return out


def term_shard(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A term shard: the directory (``term TAB length LF`` lines), NUL, the postings in that order."""
    for term, _ in entries:
        if any(c in term for c in "\t\n\0"):
            raise ValueError(f"search term {term!r} holds a tab, newline or NUL")
    directory = "".join(f"{term}\t{len(data)}\n" for term, data in entries)
    return directory.encode() + b"\0" + b"".join(data for _, data in entries)


def read_term_shard(data: bytes) -> dict[str, bytes]:
    """{term: postings bytes} of a term shard (the inverse of ``term_shard``)."""
    end = data.index(b"\0")
    out = {}
    pos = end + 1
    for line in data[:end].decode().split("\n")[:-1]:
        term, length = line.split("\t")
        out[term] = data[pos:pos + int(length)]
        pos += int(length)
    if pos != len(data):
        raise ValueError(f"term shard: {len(data) - pos} bytes after the last term's postings")
    return out


@functools.lru_cache(maxsize=65536)
def _required(name: str) -> frozenset[str]:
    """The required tokens of a query for ``name`` (cached: the same entity names recur in thousands of units)."""
    return frozenset(query_plan(name).required)


def name_shares(name: str, tokens: Sequence[str]) -> dict[str, int]:
    """Token -> the eighths (0-8) of ``name`` it covers, measured in the units a query of the name requires
    (``query_plan``: its words, symbols and Han bigrams): a query's coverage of a name is the sum of its
    tokens' shares. A jieba word covers its bigrams, a single Han character half a bigram."""
    required = _required(name)
    if not required:
        return {t: 0 for t in tokens}
    out = {}
    for token in tokens:
        if token in required:
            units = 1.0
        elif _HAN_ONLY.fullmatch(token):
            units = len(token) - 1 if len(token) > 1 else 0.5
        else:
            units = 1.0  # a symbol's base form (A/71/6 of A/71/6/Rev.1)
        out[token] = min(EIGHTHS, int(EIGHTHS * units / len(required) + 0.5))
    return out


def doc_weights(doc: SearchDoc, tokenizer: IndexTokenizer) -> dict[str, int]:
    """Token -> posting weight for one doc (see ALIAS, NAME, KEY)."""
    weights: dict[str, int] = {}
    bonus = HEADING_BONUS if doc.kind == "heading" else 0
    for token, tf in Counter(tokenizer.tokens(doc.text)).items():
        weights[token] = min(tf, 3) + bonus
    for name, mentions in doc.aliases:
        tokens = tokenizer.alias_tokens(name)
        for token, share in name_shares(name, tokens).items():
            alias = min(mentions, 3) if share == EIGHTHS else ALIAS
            weights[token] = max(weights.get(token, 0), alias)
    for name in doc.names:
        tokens = tokenizer.tokens(name)
        for token, share in name_shares(name, tokens).items():
            weights[token] = max(weights.get(token, 0), NAME + share)
        if doc.entity:
            weights[name_token(name)] = KEY
    for key in doc.keys:
        for tok in scan(normalize(key)):
            if tok.kind in ("sym", "num"):
                weights[tok.token] = KEY
    return weights


_HAN_ONLY = re.compile(f"[{HAN}]+")


def route_key(term: str) -> str:
    """What decides a term's shard (the same in worker.js): the term itself, except that a Han word of three
    or more characters goes with its first bigram, and an exact-name token (``=…``) or a bare-number token
    (``bare:…``) with its first token. A query's optional tokens (its whole Han run, its exact name) and its
    bare-number token thus sit in the shard of one of its required tokens, and cost no request of their own."""
    if term.startswith(("=", "bare:")):
        toks = scan(term[5:] if term.startswith("bare:") else term[1:])
        if not toks:
            return term
        first = toks[0]
        return han_grams(first.token)[0] if first.kind == "han" else first.token
    if len(term) >= 3 and _HAN_ONLY.fullmatch(term):
        return term[:2]
    return term


def shard_of(term: str, shards: int) -> int:
    return fnv1a(route_key(term)) % shards


BARE_KINDS = ("resolution", "document")  #: entity kinds whose symbol a bare number can mean
_YEAR_SUFFIX = re.compile(r"\((?:19|20)[0-9]{2}\)$")  #: of a symbol without its spaces
_SERIAL = re.compile(r"(?:e?s-)?[0-9]+")
_YEAR_TEXT = re.compile(r"(?<=:(?:19|20)[0-9]{2}):[0-9]+$")  #: a year's k-th text (csw:ac:1996:2) is typed as its year


def bare_form(symbol: str) -> str:
    """The number a reader types for a symbol without its prefix and year: the last two parts where both are
    numbers (``A/RES/70/1`` → ``70/1``, ``E/RES/2017/9`` → ``2017/9``, a commission's ``cnd:52/1`` → ``52/1``),
    else the last part where it is a number of three digits or more (``S/RES/2167 (2014)`` → ``2167``; a
    shorter one is more often a paragraph or a count); "" for other symbols. query.parse_query reads a query
    the same way."""
    parts = re.split(r"[/:]", _YEAR_SUFFIX.sub("", _YEAR_TEXT.sub("", "".join(normalize(symbol).split()))))
    if len(parts) < 2 or not re.fullmatch(r"[0-9]+", parts[-1]):
        return ""
    if _SERIAL.fullmatch(parts[-2]):
        return f"{parts[-2]}/{parts[-1]}"
    return parts[-1] if len(parts[-1]) >= 3 else ""


def bare_keys(doc: SearchDoc) -> dict[str, int]:
    """The ``bare:`` posting of a resolution's or cited document's entity doc (see bare_form)."""
    form = bare_form(doc.label) if doc.entity and doc.kind in BARE_KINDS else ""
    return {f"bare:{form}": KEY} if form else {}


def facets(docs: Sequence[SearchDoc], run_of: Sequence[int], runs: int) -> dict:
    """facets.json (see the module docstring): the place of each run of docs, each doc's kind code."""
    places: dict = {}
    run_place = [-1] * runs
    for doc, run in zip(docs, run_of):
        if doc.place is not None:
            run_place[run] = places.setdefault(doc.place, len(places))
    kind_ids = {k: i for i, k in enumerate(KINDS)}
    return {
        "places": [[p.document, p.document_title, p.part, p.part_title] for p in places],
        "run": run_place,
        "kind": "".join("0123456789abcdefghijklmnopqrstuvwxyz"[kind_ids.get(d.kind, 0)] for d in docs),
        "cat": [next(c for c, kinds in KIND_FILTER.items() if k in kinds) for k in KINDS],
        "types": list(ENTITY_TYPES),
    }


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def build_index(docs: Sequence[SearchDoc], tokenizer: IndexTokenizer,
                alias_names: Sequence[tuple[Sequence[str], Sequence[str]]] = ()) -> dict[str, bytes]:
    """The index files ({path below search/: bytes}).

    Lean on memory (issue 7): a term's postings are packed ``doc << 4 | weight`` into one ``array('I')``
    (4 bytes a posting instead of a tuple and an int object), each term's array is replaced by its varints
    as soon as the sizes are known, and each shard's varints are dropped once the shard is written.
    """
    postings: dict[str, array | bytes] = {}
    for i, doc in enumerate(docs):
        packed = i << 4
        for token, weight in {**doc_weights(doc, tokenizer), **bare_keys(doc)}.items():
            plist = postings.get(token)
            if plist is None:
                plist = postings[token] = array("I")
            plist.append(packed | weight)

    total = 0
    for term in postings:
        data = postings[term] = encode_postings(postings[term])
        total += len(term.encode()) + len(data) + 6
    shards = 1
    while total / shards > TERM_SHARD_BYTES:
        shards *= 2
    members: list[list[str]] = [[] for _ in range(shards)]
    for term in sorted(postings):
        members[shard_of(term, shards)].append(term)
    files: dict[str, bytes] = {}
    for k, terms in enumerate(members):
        files[f"t/{k}.bin"] = term_shard([(term, postings.pop(term)) for term in terms])
    del postings, members

    pages: list[list] = []  # runs of consecutive docs on one page: [url, title, first doc id]
    run_of: list[int] = []
    for i, doc in enumerate(docs):
        if not pages or pages[-1][0] != doc.page:
            pages.append([doc.page, doc.page_title, i])
        run_of.append(len(pages) - 1)
    kind_ids = {k: i for i, k in enumerate(KINDS)}

    doc_files: list[bytes] = []
    starts: list[int] = []
    current: list[list] = []
    contexts: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal current, contexts, size
        if current:
            runs = sorted({r[0] for r in current})
            doc_files.append(_dumps({"p": [[r, *pages[r][:2]] for r in runs], "c": contexts, "d": current}).encode())
        current, contexts, size = [], [], 0

    for i, doc in enumerate(docs):
        if size >= DOC_SHARD_BYTES or (current and docs[i - 1].page != doc.page and size >= DOC_SHARD_BYTES / 2):
            flush()
        if not current:
            starts.append(i)
        if doc.context not in contexts:
            contexts.append(doc.context)
        record = [run_of[i], doc.anchor, kind_ids.get(doc.kind, 0), doc.label,
                  contexts.index(doc.context), doc.text]
        current.append(record)
        size += len(_dumps(record).encode())
    flush()

    ranges: list[list[int]] = []  # [first, last + 1] of each run of entity docs
    for i, d in enumerate(docs):
        if d.entity:
            if ranges and ranges[-1][1] == i:
                ranges[-1][1] = i + 1
            else:
                ranges.append([i, i + 1])
    run_starts = [p[2] for p in pages]
    for k, data in enumerate(doc_files):
        files[f"d/{k}.json"] = data
    del doc_files
    alias = [[[list(toks) for toks in latin], list(zh)] for latin, zh in alias_names]
    files["alias.json"] = _dumps(alias).encode()
    files["facets.json"] = _dumps(facets(docs, run_of, len(pages))).encode()
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    meta = {
        "v": digest.hexdigest()[:12],
        "n": len(docs),
        "terms": shards,
        "docs": starts,
        "ent": ranges,
        "runs": [b - a for a, b in zip([0] + run_starts, run_starts)],
        "kinds": list(KINDS),
        "idf": "ln(1+n/df)",
    }
    files["meta.json"] = _dumps(meta).encode()
    return files


def idf(n: int, df: int) -> float:
    return math.log(1 + n / df)
