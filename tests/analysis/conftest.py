"""Graphs for the analysis tests: a small one with two obvious topics, and a seeded medium one."""

from __future__ import annotations

import random

import networkx as nx
import pytest

#: topic -> (title words, methods, datasets) for the generated corpora.
TOPICS = {
    "translation": (["attention", "translation", "encoder"], ["Transformer", "BERT", "T5"], ["WMT 2014", "GLUE"]),
    "diffusion": (["diffusion", "image", "denoising"], ["U-Net", "DDPM", "VAE"], ["ImageNet", "FFHQ"]),
    "speech": (["speech", "audio", "codec"], ["EnCodec", "HuBERT", "Whisper"], ["LibriSpeech", "LibriTTS"]),
}


def _entity(g: nx.MultiDiGraph, kind: str, name: str) -> str:
    node = f"{kind}:{name.lower().replace(' ', '-')}"
    g.add_node(node, kind=kind, label=name, name=name, aliases=[])
    return node


def _relate(g: nx.MultiDiGraph, u: str, v: str, rel: str, confidence: float = 1.0, inferred: bool = False) -> None:
    g.add_edge(u, v, key=rel, rel=rel, confidence=confidence, rule="test", evidence="", source="t.txt",
               field="abstract", start=0, end=0, inferred=inferred)


@pytest.fixture
def two_topics() -> nx.MultiDiGraph:
    """Three translation papers and three diffusion papers, dated 2020-01 to 2020-06, on one listing.

    Translation papers use Transformer (all three) and WMT 2014 (two); diffusion papers
    use U-Net (all three) and ImageNet (two). One bridge: paper t3 also uses U-Net.
    """
    g = nx.MultiDiGraph()
    listing = "listing:day.txt"
    g.add_node(listing, kind="listing", label="day.txt", path="day.txt")
    transformer, wmt = _entity(g, "method", "Transformer"), _entity(g, "dataset", "WMT 2014")
    unet, imagenet = _entity(g, "method", "U-Net"), _entity(g, "dataset", "ImageNet")
    titles = {
        "paper:t1": ("Attention for translation", "2020-01-10"),
        "paper:t2": ("Sparse attention translation", "2020-02-10"),
        "paper:t3": ("Attention beyond translation", "2020-03-10"),
        "paper:d1": ("Denoising diffusion models", "2020-04-10"),
        "paper:d2": ("Latent diffusion models", "2020-05-10"),
        "paper:d3": ("Diffusion for images", "2020-06-10"),
    }
    for node, (title, published) in titles.items():
        g.add_node(node, kind="paper", label=title, title=title, published=published, arxiv_id=None)
        _relate(g, node, listing, "listed_in")
    for paper in ("paper:t1", "paper:t2", "paper:t3"):
        _relate(g, paper, transformer, "uses_method")
    for paper in ("paper:t1", "paper:t2"):
        _relate(g, paper, wmt, "uses_dataset")
    for paper in ("paper:d1", "paper:d2", "paper:d3"):
        _relate(g, paper, unet, "uses_method")
    for paper in ("paper:d1", "paper:d2"):
        _relate(g, paper, imagenet, "uses_dataset")
    _relate(g, "paper:t3", unet, "uses_method", confidence=0.5)
    _relate(g, "paper:t2", "paper:t1", "cites", confidence=0.8, inferred=True)
    _relate(g, "paper:d2", "paper:d1", "cites")
    return g


def make_corpus(papers: int, seed: int = 0) -> nx.MultiDiGraph:
    """A seeded corpus with topical structure: papers use their topic's methods and datasets,
    cite earlier papers (mostly of their topic), and are dated over 24 months."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    entities = {
        topic: ([_entity(g, "method", m) for m in methods], [_entity(g, "dataset", d) for d in datasets])
        for topic, (_, methods, datasets) in TOPICS.items()
    }
    extra = [_entity(g, "method", f"Method {i}") for i in range(papers // 4)]
    ids: list[str] = []
    for i in range(papers):
        topic = rng.choice(list(TOPICS))
        words, _, _ = TOPICS[topic]
        methods, datasets = entities[topic]
        node = f"paper:arxiv-2001.{i:05d}"
        title = " ".join(rng.sample(words, 2) + [f"w{rng.randrange(50)}"])
        month = 1 + i * 24 // papers
        g.add_node(node, kind="paper", label=title, title=title, arxiv_id=f"2001.{i:05d}",
                   published=f"{2020 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-15")
        for method in rng.sample(methods, rng.randint(1, 3)) + rng.sample(extra, 1):
            _relate(g, node, method, "uses_method", confidence=round(rng.uniform(0.5, 1.0), 3))
        _relate(g, node, rng.choice(datasets), "uses_dataset", confidence=round(rng.uniform(0.5, 1.0), 3))
        for cited in rng.sample(ids, min(len(ids), rng.randint(0, 3))):
            _relate(g, node, cited, "cites", confidence=round(rng.uniform(0.4, 1.0), 3), inferred=rng.random() < 0.5)
        ids.append(node)
    return g


@pytest.fixture(scope="session")
def corpus_maker():
    """`make_corpus(papers, seed=0)`: a fresh graph each call."""
    return make_corpus
