"""A seeded generator of kg-shaped graphs, bigger and nastier than `tiny_graph`."""

from __future__ import annotations

import random
from collections.abc import Callable

import networkx as nx
import pytest

#: text that breaks naive writers: quotes, escapes, line breaks, emoji, bidi marks, markup.
HOSTILE_TEXT = (
    'He said "hi" and \'bye\' \\ back\\slash \\n not a newline\nreal newline\r\n'
    'tab\there 🤖🧪 \u200f\u202eRTL\u202c </script><script>alert(1)</script> """triple""" '
    "& &amp; <b>bold</b> {braces} ^^xsd:int @en # %2F \x01\x1b\x7f bell\x07"
)

_KINDS = ("method", "dataset", "repository", "link", "organization", "author", "listing", "cited_work")


def _text(rng: random.Random, hostile: bool, words: int) -> str:
    vocabulary = ["graph", "attention", "model", "data", "learning", "transformer", "sparse", "neural"]
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return f"{text} {HOSTILE_TEXT}" if hostile and rng.random() < 0.5 else text


def _analysis(rng: random.Random) -> dict:
    community = rng.randrange(12)
    return dict(pagerank=rng.random() / 100, degree=rng.randrange(40), betweenness=rng.random(),
                community=community, community_label=f"community {community}: graph & attention")


def make_graph(papers: int, seed: int = 0, hostile: bool = False) -> nx.MultiDiGraph:
    """A reproducible graph of every node kind and relation, with analysis results on each node."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    counts = dict(method=papers // 3 + 1, dataset=papers // 5 + 1, repository=papers // 4 + 1,
                  link=papers // 4 + 1, organization=papers // 10 + 1, author=papers // 2 + 1,
                  listing=3, cited_work=papers // 4 + 1)
    ids: dict[str, list[str]] = {}
    for kind in _KINDS:
        ids[kind] = [f"{kind}:{kind}-{i}" for i in range(counts[kind])]
    ids["repository"] = [f"repository:github.com/owner{i}/repo-{i}" for i in range(counts["repository"])]
    ids["link"] = [f"link:example.org/page/{i}?q=a b&r=ü" for i in range(counts["link"])]
    ids["paper"] = [f"paper:arxiv-2401.{i:05d}" if i % 3 else f"paper:t-{i:012x}" for i in range(papers)]

    for node in ids["paper"]:
        title = _text(rng, hostile, 6).title()
        g.add_node(node, kind="paper", label=title, title=title, abstract=_text(rng, hostile, 30),
                   date=rng.choice(["Jun 12, 2017", "Oct 11", None]),
                   published=rng.choice(["2017-06-12", "2024-01", "2023", "", None]),
                   upvotes=rng.choice([None, 0, rng.randrange(500)]),
                   authors_count=rng.choice([None, rng.randrange(1, 30)]),
                   org=rng.choice([None, "Google", "Kyutai"]),
                   arxiv_id=node.removeprefix("paper:arxiv-") if "arxiv" in node else None,
                   doi=rng.choice([None, f"10.1000/{rng.randrange(10**6)}"]),
                   sources=[f"seeds/page {rng.randrange(3)}.txt"], **_analysis(rng))
    for kind in _KINDS:
        for node in ids[kind]:
            name = _text(rng, hostile, 2)
            attrs = dict(kind=kind, label=name, **_analysis(rng))
            if kind in ("method", "dataset"):
                attrs |= dict(name=name, aliases=[name.upper(), f"{name}-v2"][: rng.randrange(3)])
            elif kind in ("repository", "link"):
                attrs |= dict(url="https://" + node.partition(":")[2])
            elif kind in ("organization", "author"):
                attrs |= dict(name=name)
            elif kind == "listing":
                attrs |= dict(path=f"seeds/{node}.txt")
            else:
                attrs |= dict(title=name, doi=rng.choice([None, "10.1000/x"]), arxiv_id=None)
            g.add_node(node, **attrs)

    def edge(u: str, v: str, rel: str) -> None:
        sentence = _text(rng, hostile, 12)
        start = rng.randrange(len(sentence))
        g.add_edge(u, v, key=rel, rel=rel, confidence=round(rng.uniform(0.3, 1.0), 3),
                   rule=rng.choice(["we_propose", "vocabulary", "url", "names_proposed_method"]),
                   evidence=sentence, source=f"seeds/page {rng.randrange(3)}.txt",
                   field=rng.choice(["title", "abstract", "metadata"]), start=start,
                   end=min(len(sentence), start + 5), inferred=rel == "cites" and rng.random() < 0.5,
                   **({"name": sentence[:10]} if rel.startswith("uses_") else {}))

    for i, paper in enumerate(ids["paper"]):
        if i < len(ids["method"]):
            edge(paper, ids["method"][i], "proposes")
        for method in rng.sample(ids["method"], 2):
            edge(paper, method, "uses_method")
        edge(paper, rng.choice(ids["dataset"]), "uses_dataset")
        edge(paper, rng.choice(ids["repository"]), "has_code")
        edge(paper, rng.choice(ids["link"]), "has_link")
        for author in rng.sample(ids["author"], 2):
            edge(paper, author, "authored_by")
        edge(paper, rng.choice(ids["organization"]), "affiliated_with")
        edge(paper, rng.choice(ids["listing"]), "listed_in")
        for cited in rng.sample(ids["paper"], min(2, papers)) + [rng.choice(ids["cited_work"])]:
            if cited != paper:
                edge(paper, cited, "cites")
    for author in ids["author"]:
        edge(author, rng.choice(ids["organization"]), "affiliated_with")
    return g


@pytest.fixture(scope="session")
def hostile_text() -> str:
    """Text every export must carry unchanged (XML formats: all XML 1.0 can hold)."""
    return HOSTILE_TEXT


@pytest.fixture(scope="session")
def graph_maker() -> Callable[..., nx.MultiDiGraph]:
    """`make_graph(papers, seed=0, hostile=False)`; callers get a fresh graph each call."""
    return make_graph


@pytest.fixture(scope="session")
def random_graph() -> nx.MultiDiGraph:
    """An 80-paper graph (about 19k triples) with hostile text, shared read-only by the tests."""
    return make_graph(80, seed=7, hostile=True)
