"""Whole-corpus checks of the extraction: offsets, entity ids, the actor registry's occurs / unused
flags, mandate lists; prints the mention counts per kind and document (run with -s)."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from build_scripts.extract import KINDS, ActorMatcher, counts, fold, mandate_body, unresolved_mandates
from build_scripts.symbols import parse_mandate

from ..conftest import document_slugs, expectations


def _units(parsed):
    for slug, document in parsed.items():
        for part in document.parts:
            for block in part.blocks():
                for unit in block.units():
                    yield slug, part.slug, unit


def test_print_counts(mentions, parsed, registries):
    table = counts(mentions)
    print("\nmentions per document and kind:")
    print(f"  {'document':32}" + "".join(f"{k[:8]:>9}" for k in KINDS) + f"{'total':>8}")
    for slug in sorted(table):
        row = table[slug]
        print(f"  {slug:32}" + "".join(f"{row[k]:9}" for k in KINDS) + f"{sum(row.values()):8}")
    total = Counter()
    for row in table.values():
        total.update(row)
    print(f"  {'all':32}" + "".join(f"{total[k]:9}" for k in KINDS) + f"{sum(total.values()):8}")
    print(f"  of which read from mandate-entry numbers: {sum(m.in_num for m in mentions)}")
    distinct = {k: len({m.entity for m in mentions if m.kind == k}) for k in KINDS}
    print("  distinct entities: " + ", ".join(f"{k} {n}" for k, n in distinct.items()))
    unresolved = Counter(title for _, title, _ in unresolved_mandates(parsed.values(), registries))
    print(f"  mandate entries naming no resolution, decision or document (not resolved): {sum(unresolved.values())}")
    assert sorted(parsed) == document_slugs()
    assert not [slug for slug in parsed if not table[slug]["actor"]], "documents naming no actor"


def test_offsets_and_surfaces(mentions, parsed):
    units = {(slug, part, unit.anchor): unit for slug, part, unit in _units(parsed)}
    for m in mentions:
        unit = units[(m.doc, m.part, m.anchor)]
        if m.in_num:
            assert 0 <= m.start < m.end <= len(unit.num or "") and unit.num[m.start:m.end] == m.surface, m
        else:
            assert 0 <= m.start < m.end <= len(unit.text) and unit.text[m.start:m.end] == m.surface, m


def test_entity_ids_are_canonical(mentions, registries):
    actors = {a.id for a in registries.actors}
    targets = {t.id for t in registries.targets}
    programmes = {str(p.number) for p in registries.programmes}
    for m in mentions:
        if m.kind == "resolution":
            assert str(parse_mandate(m.entity)) == m.entity  # a Symbol, or another body's BodyMandate
        elif m.kind == "actor":
            assert m.entity in actors
        elif m.kind == "goal":
            assert 1 <= int(m.entity) <= 17
        elif m.kind == "target":
            assert m.entity in targets
        elif m.kind == "programme":
            assert m.entity in programmes
        elif m.kind == "subprogramme":
            programme, _, number = m.entity.partition(".")
            assert programme in programmes and number.isdigit(), m
            assert m.doc == registries.programme_document
        else:
            assert m.kind == "document" and "/" in m.entity and " " not in m.entity


def test_actor_mentions_never_overlap(mentions):
    spans = defaultdict(list)
    for m in mentions:
        if m.kind == "actor":
            spans[(m.doc, m.part, m.anchor)].append((m.start, m.end))
    for key, found in spans.items():
        found.sort()
        assert all(a[1] <= b[0] for a, b in zip(found, found[1:])), key


def test_every_actor_name_is_found_or_listed_unused(mentions, parsed, registries):
    """Each name in actors.yml is found as a mention at least once, or listed in the actor's
    `unused`; `unused` names are really never found; `occurs` says whether any name is found."""
    assert sorted(parsed) == document_slugs()  # every document, or `unused` would be wrong
    found = Counter((m.entity, fold(m.surface, names=True).text) for m in mentions if m.kind == "actor")
    problems = []
    for actor in registries.actors:
        used = {name for name in actor.names if found[(actor.id, fold(name, names=True).text)]}
        unused = set(actor.names) - used
        if unused != set(actor.unused):
            problems.append(f"actors.yml:{actor.line}: {actor.id}: names never found {sorted(unused)}, "
                            f"listed unused {sorted(actor.unused)}")
        if bool(used) != actor.occurs:
            problems.append(f"actors.yml:{actor.line}: {actor.id}: occurs is {actor.occurs}, "
                            f"but names found: {sorted(used)}")
    assert not problems, "\n".join(problems)
    reference = [a for a in registries.actors if a.origin == "reference"]
    added = [a for a in registries.actors if a.origin == "added"]
    print(f"\nactors: {len(registries.actors)} ({len(reference)} from the reference, {len(added)} added); "
          f"found in the text: {sum(a.occurs for a in registries.actors)}; "
          f"unused names: {sum(len(a.unused) for a in registries.actors)}")


@pytest.mark.parametrize("slug", document_slugs())
def test_mandate_entries_of_ga_sc_ecosoc_lists_are_resolved(slug, parsed, registries):
    """Every numbered entry under a GA / Security Council / ECOSOC heading yields a mention, except the printed
    numbers listed for the document in tests/data/document_expectations.yml that such a heading lists (typos,
    drafts, other bodies' texts printed in their lists)."""
    actors = ActorMatcher(registries)
    four = ("GA", "SC", "ECOSOC")
    left = {num for _, title, num in unresolved_mandates([parsed[slug]], registries)
            if num and mandate_body(title, actors) in four}
    # the document's list also holds numbers of other bodies' lists (whose body is established by their heading,
    # tests/extract/test_mandates.py): here only those printed under a GA / SC / ECOSOC heading count
    listed = {entry.num for part in parsed[slug].parts for block in part.blocks() for group in block.groups
              if mandate_body(group.title, actors) in four for entry in group.entries if entry.num}
    assert left == set(expectations(slug)["unresolved_mandates"]) & listed
