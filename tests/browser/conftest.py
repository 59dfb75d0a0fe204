"""A real headless Chromium (Debian's package), driven by Playwright, for the HTML viewer.

Playwright's Python wheel ships its driver; the browser is the system one, so nothing is
downloaded. Without Chromium these tests skip, unless KG_REQUIRE_BROWSER=1 (set by
.ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

#: screenshots land here for people to look at (the folder is ignored by git).
_SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"

_CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
_LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium() -> str | None:
    for name in _CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-output/browser/ in the repository, where screenshots are kept for people to look at."""
    _SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return _SCREENSHOTS


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One Chromium for the session; skipped (or failed under KG_REQUIRE_BROWSER=1) when missing."""
    executable = _chromium()
    if executable is None:
        reason = "no Chromium found (Debian: apt-get install -y chromium)"
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=_LAUNCH_ARGS)
        yield launched
        launched.close()


@dataclass
class PageRecord:
    """What a page did while loaded: console errors, requests and dialogs it tried to open."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_viewer(browser):
    """Open a viewer file from file:// and wait until its script says it is ready."""
    contexts = []

    def opener(path: Path):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        record = PageRecord()
        page.on("console", lambda message: record.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: record.errors.append(str(error)))
        page.on("request", lambda request: record.requests.append(request.url))

        def refuse(dialog) -> None:
            record.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", refuse)
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return page, record

    yield opener
    for context in contexts:
        context.close()


_METHODS = ["Transformer", "BERT", "ResNet", "Vision Transformer", "LoRA", "CLIP", "Diffusion Model",
            "GAN", "Mixture of Experts", "RLHF", "Mamba", "U-Net", "Adam", "Dropout", "Word2Vec",
            "GPT-2", "T5", "YOLO", "NeRF", "Graph Neural Network"]
_DATASETS = ["ImageNet", "COCO", "WMT 2014", "SQuAD", "GLUE", "CIFAR-10", "LAION-5B", "C4",
             "MMLU", "HumanEval", "LibriSpeech", "The Pile"]
_ORGS = ["Google", "Meta", "OpenAI", "Microsoft", "DeepMind", "Stanford", "MIT", "Tsinghua"]
_TOPICS = ["image generation", "machine translation", "question answering", "speech recognition",
           "code generation", "reasoning", "3D scenes", "video understanding", "robotics", "retrieval"]


def field_graph(papers: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A research field of `papers` synthetic papers in kg's graph shape, with analysis attributes.

    Deterministic; big enough to look like a real build (and to pass the viewer's size limit
    when asked), without waiting for the pipeline.
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for name in _METHODS:
        g.add_node(f"method:{name.lower().replace(' ', '-')}", kind="method", label=name, name=name, aliases=[])
    for name in _DATASETS:
        g.add_node(f"dataset:{name.lower().replace(' ', '-')}", kind="dataset", label=name, name=name, aliases=[])
    for name in _ORGS:
        g.add_node(f"organization:{name.lower()}", kind="organization", label=name, name=name)
    listings = [f"listing:2024-03-{day:02d}.txt" for day in range(1, 11)]
    for listing in listings:
        g.add_node(listing, kind="listing", label=listing.split(":")[1], path=listing.split(":")[1])
    methods = [n for n in g if n.startswith("method:")]
    datasets = [n for n in g if n.startswith("dataset:")]
    paper_ids = []
    for number in range(papers):
        method = g.nodes[rng.choice(methods)]["label"]
        topic = rng.choice(_TOPICS)
        title = f"{method} for {topic}: study {number}"
        paper = f"paper:arxiv-2403.{number:05d}"
        g.add_node(paper, kind="paper", label=title, title=title, date=f"Mar {1 + number % 10}",
                   abstract=f"We study {topic} with {method}. " * 12, published="2024-03-01",
                   arxiv_id=f"2403.{number:05d}", doi=None, upvotes=rng.randint(0, 90), authors_count=rng.randint(1, 12),
                   org=None, sources=["seed.txt"])
        edge = dict(confidence=1.0, rule="synthetic", source="seed.txt", field="abstract", start=0, end=0,
                    inferred=False)
        for used in rng.sample(methods, rng.randint(1, 3)):
            g.add_edge(paper, used, key="uses_method", rel="uses_method",
                       evidence=f"We build on {g.nodes[used]['label']}.", **edge)
        for used in rng.sample(datasets, rng.randint(1, 2)):
            g.add_edge(paper, used, key="uses_dataset", rel="uses_dataset", evidence="", **edge)
        g.add_edge(paper, listings[number % len(listings)], key="listed_in", rel="listed_in", evidence="", **edge)
        if rng.random() < 0.4:
            org = f"organization:{rng.choice(_ORGS).lower()}"
            g.add_edge(paper, org, key="affiliated_with", rel="affiliated_with", evidence="", **edge)
        if rng.random() < 0.3:
            repo = f"repository:github.com/lab{number}/code"
            g.add_node(repo, kind="repository", label=f"lab{number}/code", url=f"https://github.com/lab{number}/code")
            g.add_edge(paper, repo, key="has_code", rel="has_code", evidence="Code is available.", **edge)
        if paper_ids and rng.random() < 0.5:
            cited = rng.choice(paper_ids)
            g.add_edge(paper, cited, key="cites", rel="cites", evidence="It extends earlier work.",
                       **edge | dict(inferred=True, confidence=0.7))
        paper_ids.append(paper)
    _analyse(g, seed)
    return g


def _analyse(g: nx.MultiDiGraph, seed: int) -> None:
    """PageRank and Louvain communities, labelled by their most central method, as kg's analysis writes them."""
    undirected = nx.Graph(g)
    for node, rank in nx.pagerank(undirected).items():
        g.nodes[node]["pagerank"] = rank
    for number, members in enumerate(nx.community.louvain_communities(undirected, seed=seed)):
        named = [m for m in members if g.nodes[m]["kind"] in ("method", "dataset")] or list(members)
        label = max(named, key=lambda m: (g.nodes[m]["pagerank"], m))
        for member in members:
            g.nodes[member]["community"] = number
            g.nodes[member]["community_label"] = g.nodes[label]["label"]


@pytest.fixture(scope="session")
def field() -> nx.MultiDiGraph:
    """A 300-paper field: the graph the screenshot shows."""
    return field_graph(300)
