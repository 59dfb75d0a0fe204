"""Every named question: the SPARQL answer on kg's RDF export equals networkx's answer on the same graph.

The networkx answers below are written from each query's header, independently of the
SPARQL; they run on the seeds build and on the bundled example, with the defaults and
with parameters named by id, name, alias or title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import networkx as nx
import pytest

from kg.errors import QueryError
from kg.queries import named_queries, named_query, run_named_sparql, run_sparql

# In the worker that builds the seeds once (tests/test_build_seeds.py uses the same group).

_USES_METHOD = ("proposes", "uses_method")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def _text(value: object) -> object:
    return None if value is None or value == "" else value


def _of_kind(graph: nx.MultiDiGraph, *kinds: str) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind in kinds]


def _edges(graph: nx.MultiDiGraph, rels: Iterable[str]) -> Iterable[tuple[str, str, str, dict]]:
    rels = set(rels)
    return ((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if k in rels)


def _named(graph: nx.MultiDiGraph, kind: str, spelling: str) -> list[str]:
    """Nodes of `kind` whose id, name or an alias is `spelling`, ignoring case."""
    wanted = spelling.lower()
    return [n for n in _of_kind(graph, kind)
            if wanted in {n.lower(), str(graph.nodes[n].get("name") or "").lower()}
            | {str(a).lower() for a in graph.nodes[n].get("aliases") or []}]


def _titled(graph: nx.MultiDiGraph, node: str, spelling: str) -> bool:
    return spelling.lower() in (node.lower(), (graph.nodes[node].get("title") or "").lower())


def _most(counts: dict[str, set]) -> list[str]:
    """The key with the most members, ties by smallest id, as a one-item list (or none)."""
    ranked = sorted(counts, key=lambda n: (-len(counts[n]), n))
    return ranked[:1]


def top_papers_by_pagerank(graph, limit):
    papers = sorted(_of_kind(graph, "paper"), key=lambda n: (-graph.nodes[n]["pagerank"], n))
    return [(n, _text(graph.nodes[n].get("title")), graph.nodes[n]["pagerank"], graph.nodes[n].get("community"),
             _text(graph.nodes[n].get("community_label"))) for n in papers[:limit]]


def _most_used(graph, rel, limit):
    users = defaultdict(set)
    for u, v, _, _ in _edges(graph, [rel]):
        users[v].add(u)
    ranked = sorted(users, key=lambda n: (-len(users[n]), n))
    return [(n, graph.nodes[n]["name"], len(users[n])) for n in ranked[:limit]]


def most_used_methods(graph, limit):
    return _most_used(graph, "uses_method", limit)


def most_used_datasets(graph, limit):
    return _most_used(graph, "uses_dataset", limit)


def papers_with_code_for_method(graph, method):
    repositories = defaultdict(list)
    for u, v, _, _ in _edges(graph, ["has_code"]):
        repositories[u].append(graph.nodes[v]["url"])
    if method:
        methods = _named(graph, "method", method)
    else:
        with_code = defaultdict(set)
        for u, v, _, _ in _edges(graph, _USES_METHOD):
            if u in repositories and graph.nodes[v]["kind"] == "method":
                with_code[v].add(u)
        methods = _most(with_code)
    rows = [(m, graph.nodes[m]["name"], u, _text(graph.nodes[u].get("title")), rel, url)
            for u, m, rel, _ in _edges(graph, _USES_METHOD) if m in methods
            for url in repositories.get(u, [])]
    return sorted(rows, key=lambda r: (r[0], r[2], r[4], r[5]))


def papers_citing_paper(graph, paper):
    if paper:
        cited = [n for n in _of_kind(graph, "paper", "cited_work") if _titled(graph, n, paper)]
    else:
        citing = defaultdict(set)
        for u, v, _, _ in _edges(graph, ["cites"]):
            citing[v].add(u)
        cited = _most(citing)
    rows = [(v, _text(graph.nodes[v].get("title")), u, _text(graph.nodes[u].get("title")), d["inferred"],
             d["confidence"], d.get("rule") or "", d.get("evidence") or "", d.get("source") or "")
            for u, v, _, d in _edges(graph, ["cites"]) if v in cited]
    return sorted(rows, key=lambda r: (r[0], r[2]))


def _endpoint(graph, candidates, spelling):
    matching = [n for n in candidates if not spelling or _titled(graph, n, spelling)]
    key = (lambda n: (-graph.nodes[n]["pagerank"], n)) if not spelling else (lambda n: n)
    return min(matching, key=key, default=None)


def shortest_path(graph, source, target):
    papers = _of_kind(graph, "paper")
    start = _endpoint(graph, papers, source)
    if start is None:
        return []
    community = graph.nodes[start].get("community")
    others = [n for n in papers if n != start and (target or (community is not None
                                                             and graph.nodes[n].get("community") == community))]
    end = _endpoint(graph, others, target)
    if end is None:
        return []
    view = nx.Graph()
    view.add_edges_from((u, v) for u, v, k in graph.edges(keys=True) if k != "listed_in")
    if start not in view or end not in view or not nx.has_path(view, start, end):
        return []
    path = min(nx.all_shortest_paths(view, start, end))
    return [(step, n, graph.nodes[n]["kind"], _text(graph.nodes[n].get("label"))) for step, n in enumerate(path)]


def community_members(graph, community):
    members = sorted((n for n, c in graph.nodes(data="community") if c == community),
                     key=lambda n: (-graph.nodes[n]["pagerank"], n))
    return [(_text(graph.nodes[n].get("community_label")), n, graph.nodes[n]["kind"],
             _text(graph.nodes[n].get("label")), graph.nodes[n]["pagerank"]) for n in members]


def methods_co_used_with(graph, method, limit):
    methods_of = defaultdict(set)
    for u, v, _, _ in _edges(graph, _USES_METHOD):
        if graph.nodes[v]["kind"] == "method":
            methods_of[u].add(v)
    if method:
        chosen = _named(graph, "method", method)
    else:
        users = defaultdict(set)
        for u, v, _, _ in _edges(graph, ["uses_method"]):
            users[v].add(u)
        chosen = _most(users)
    rows = []
    for m in chosen:
        shared = defaultdict(set)
        for paper, methods in methods_of.items():
            if m in methods:
                for other in methods - {m}:
                    shared[other].add(paper)
        rows += [(m, graph.nodes[m]["name"], o, graph.nodes[o]["name"], len(shared[o])) for o in shared]
    return sorted(rows, key=lambda r: (r[0], -r[4], r[2]))[:limit]


def papers_of_organization(graph, organization):
    papers_of = defaultdict(set)
    for u, v, _, _ in _edges(graph, ["affiliated_with"]):
        if graph.nodes[u]["kind"] == "paper":
            papers_of[v].add(u)
    for paper, author, _, _ in _edges(graph, ["authored_by"]):
        for _, org, rel in graph.out_edges(author, keys=True):
            if rel == "affiliated_with" and graph.nodes[paper]["kind"] == "paper":
                papers_of[org].add(paper)
    chosen = _named(graph, "organization", organization) if organization else _most(papers_of)
    rows = {(o, graph.nodes[o]["name"], p, _text(graph.nodes[p].get("title")), graph.nodes[p].get("published") or "")
            for o in chosen for p in papers_of.get(o, ())}
    return sorted(rows, key=lambda r: (r[0], r[2]))


def new_methods_by_month(graph):
    first: dict[str, str] = {}
    for u, v, _, _ in _edges(graph, _USES_METHOD):
        month = str(graph.nodes[u].get("published") or "")[:7]
        if graph.nodes[v]["kind"] == "method" and _MONTH.fullmatch(month):
            first[v] = min(first.get(v, month), month)
    return sorted((month, m, graph.nodes[m]["name"]) for m, month in first.items())


def papers_without_code(graph, limit):
    coded = {u for u, _, _, _ in _edges(graph, ["has_code"])}
    papers = sorted((n for n in _of_kind(graph, "paper") if n not in coded),
                    key=lambda n: (-graph.nodes[n]["pagerank"], n))
    return [(n, _text(graph.nodes[n].get("title")), graph.nodes[n]["pagerank"]) for n in papers[:limit]]


def datasets_per_community(graph):
    papers = defaultdict(set)
    for u, v, _, _ in _edges(graph, ["proposes", "uses_dataset"]):
        community = graph.nodes[u].get("community")
        if graph.nodes[u]["kind"] == "paper" and graph.nodes[v]["kind"] == "dataset" and community is not None:
            papers[(community, _text(graph.nodes[u].get("community_label")), v)].add(u)
    rows = [(c, label, d, graph.nodes[d]["name"], len(members)) for (c, label, d), members in papers.items()]
    return sorted(rows, key=lambda r: (r[0], -r[4], r[2]))


#: query name -> its networkx answer.
REFERENCE: dict[str, Callable[..., list[tuple]]] = {
    f.__name__: f for f in (
        top_papers_by_pagerank, most_used_methods, most_used_datasets, papers_with_code_for_method,
        papers_citing_paper, shortest_path, community_members, methods_co_used_with, papers_of_organization,
        new_methods_by_month, papers_without_code, datasets_per_community)
}


QUERIES = named_queries()


def test_at_least_twelve_questions_each_with_a_reference():
    assert len(QUERIES) >= 12
    assert set(QUERIES) == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_sparql_equals_networkx_on_the_seeds(seeds, name):
    query = QUERIES[name]
    got = run_named_sparql(query, seeds.store)
    assert got.rows == REFERENCE[name](seeds.graph, **query.arguments())
    assert got.rows, f"{name} answers nothing on the seeds with its defaults"


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_sparql_equals_networkx_on_the_example(example, name):
    query = QUERIES[name]
    got = run_named_sparql(query, example.store)
    assert got.rows == REFERENCE[name](example.graph, **query.arguments())
    assert got.rows, f"{name} answers nothing on the bundled example with its defaults"


def _alias_with_code(graph):
    """A method spelled by an alias unlike its name, proposed or used by a paper with code."""
    coded = {u for u, _, _, _ in _edges(graph, ["has_code"])}
    for u, m, _, _ in sorted(_edges(graph, _USES_METHOD)):
        aliases = [a for a in graph.nodes[m].get("aliases") or [] if a.lower() != graph.nodes[m]["name"].lower()]
        if u in coded and graph.nodes[m]["kind"] == "method" and aliases:
            return m, aliases[0]
    raise AssertionError("the seeds have no aliased method with code")


def _given_cases(graph):
    """(query, arguments as the CLI gives them) that name things instead of taking defaults."""
    method, alias = _alias_with_code(graph)
    cited = sorted({v for _, v, _, _ in _edges(graph, ["cites"])})
    papers = sorted(_of_kind(graph, "paper"), key=lambda n: (-graph.nodes[n]["pagerank"], n))
    far = next(p for p in papers if graph.nodes[p]["community"] != graph.nodes[papers[0]]["community"])
    return [
        ("papers_with_code_for_method", {"method": "vit"}),
        ("papers_with_code_for_method", {"method": alias.upper()}),
        ("papers_with_code_for_method", {"method": method}),
        ("methods_co_used_with", {"method": "BERT", "limit": "5"}),
        ("papers_citing_paper", {"paper": graph.nodes[cited[-1]]["title"].lower()}),
        ("papers_citing_paper", {"paper": cited[0]}),
        ("papers_of_organization", {"organization": "KYUTAI"}),
        ("community_members", {"community": "3"}),
        ("shortest_path", {"source": graph.nodes[papers[0]]["title"], "target": far}),
        ("shortest_path", {"source": papers[1], "target": papers[1]}),
        ("top_papers_by_pagerank", {"limit": "3"}),
        ("most_used_datasets", {"limit": "0"}),
        ("papers_without_code", {"limit": "100000"}),
    ]


def test_sparql_equals_networkx_with_named_arguments(seeds):
    for name, given in _given_cases(seeds.graph):
        query = QUERIES[name]
        got = run_named_sparql(query, seeds.store, given)
        assert got.rows == REFERENCE[name](seeds.graph, **query.arguments(given)), (name, given)


def test_named_arguments_pick_what_they_name(seeds):
    """Guards the cases above against passing by answering nothing."""
    answers = {(name, tuple(given.items())): run_named_sparql(QUERIES[name], seeds.store, given).rows
               for name, given in _given_cases(seeds.graph)}
    nonempty = [key for key, rows in answers.items() if rows]
    assert len(nonempty) == len(answers) - 2  # a paper to itself, and limit 0, answer nothing
    method, alias = _alias_with_code(seeds.graph)
    by_alias = answers[("papers_with_code_for_method", (("method", alias.upper()),))]
    assert by_alias == answers[("papers_with_code_for_method", (("method", method),))]
    path = answers[[key for key in answers if key[0] == "shortest_path"][0]]
    assert len(path) > 3 and path[0][2] == path[-1][2] == "paper"


def test_the_build_turtle_file_answers_as_the_workspace_does(seeds):
    """The CLI exports the workspace again; the graph.ttl `kg build` wrote must give the same answers."""
    import pyoxigraph as ox

    from_file = ox.Store()
    from_file.bulk_load(path=str(seeds.folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    for name, query in QUERIES.items():
        assert run_named_sparql(query, from_file).rows == run_named_sparql(query, seeds.store).rows, name


def test_limit_caps_rows_without_touching_the_sparql(seeds):
    query = QUERIES["most_used_methods"]
    everything = run_sparql(seeds.store, query.sparql).rows
    assert run_named_sparql(query, seeds.store, {"limit": 7}).rows == everything[:7]
    limited = [name for name, q in QUERIES.items() if "limit" in {p.name for p in q.parameters}]
    assert limited and all("LIMIT $limit" in QUERIES[name].cypher for name in limited)


def test_wrong_arguments_are_query_errors(seeds):
    with pytest.raises(QueryError, match="no parameter 'methd'.*takes: method"):
        run_named_sparql(QUERIES["papers_with_code_for_method"], seeds.store, {"methd": "MoE"})
    with pytest.raises(QueryError, match="takes an integer, not 'ten'"):
        run_named_sparql(QUERIES["top_papers_by_pagerank"], seeds.store, {"limit": "ten"})
    with pytest.raises(QueryError, match="limit"):
        run_named_sparql(QUERIES["top_papers_by_pagerank"], seeds.store, {"limit": "-1"})
    with pytest.raises(QueryError, match="no query named 'nope'.*top_papers_by_pagerank"):
        named_query("nope")
    with pytest.raises(QueryError, match="no query named"):
        named_query("../pyproject")
